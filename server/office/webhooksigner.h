#pragma once

#include <QByteArray>

namespace feltnotat::server {

// The webhook signature header (docs/integration.md):
//   Feltnotat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
// The receiver recomputes it with its copy of the secret and refuses old timestamps (replays).
class WebhookSigner
{
public:
    static constexpr const char *Header = "Feltnotat-Signature";

    static QByteArray sign(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body);
    // True when the header carries a v1 signature of the body made with the secret at time t, and
    // t is within toleranceSeconds of now.
    static bool verify(const QByteArray &secret, const QByteArray &header, const QByteArray &body,
        qint64 nowUnixSeconds, qint64 toleranceSeconds = 300);
};

} // namespace feltnotat::server
