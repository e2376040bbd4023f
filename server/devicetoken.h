#pragma once

#include <QByteArray>
#include <QString>

namespace feltnotat::server {

// Device tokens: 32 random bytes as base64url; the server keeps only their SHA-256.
class DeviceToken
{
public:
    static constexpr int RandomBytes = 32;

    static QString generate();
    // Lower-case hex SHA-256 of the token text.
    static QString hash(const QString &token);
    // Shape check before any database lookup: 43 base64url characters.
    static bool looksValid(QStringView token);
};

} // namespace feltnotat::server
