#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;
struct DeviceIdentity;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// An HTTP request as the API sees it, independent of the HTTP library.
struct ApiRequest
{
    QByteArray method; // "GET", "POST", …
    QString path;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
};

struct ApiResponse
{
    int status = 200;
    QByteArray body;
    HeaderList headers; // Content-Type and Content-Length are added by the HTTP layer
    QString route; // for the access log: the route, never the raw path

    void addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append(qMakePair(name, value));
    }
};

// The sync API of docs/sync-protocol.md: version check, authentication, body limits and decoding,
// then login, logout, push and pull. Handles one request at a time, synchronously.
class SyncApi
{
public:
    struct Options
    {
        qint64 maxClockSkewMs = 5 * 60 * 1000;
    };

    SyncApi(SqlBackend &db, const Clock &clock, HlcClock &hlc, Options options);

    ApiResponse handle(const ApiRequest &request);

private:
    ApiResponse route(const ApiRequest &request, QString &routeName);
    ApiResponse healthz();
    ApiResponse login(const QByteArray &body);
    ApiResponse logout(const DeviceIdentity &who);
    ApiResponse push(const DeviceIdentity &who, const QByteArray &body);
    ApiResponse pull(const DeviceIdentity &who, const QUrlQuery &query);

    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
    Options m_options;
};

} // namespace feltnotat::server
