#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace feltnotat {
class Clock;
class HlcClock;
namespace protocol {
struct DevicePolicy;
}
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;
class OfficeApi;
class Metrics;
struct DeviceIdentity;
struct AuthOutcome;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// An HTTP request as the API sees it, independent of the HTTP library.
struct ApiRequest
{
    QByteArray method; // "GET", "POST", …
    QString path;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHostAddress client; // the client's address (behind a trusted proxy: from X-Real-IP)
    // TLS, or a loopback peer (a TLS-terminating proxy on this host, or a local tool): where secrets
    // such as passwords and API client secrets may be sent.
    bool secureTransport = false;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
};

// The rest of an answer's body when it is too large to make at once (a CSV export): made piece by
// piece on an API worker with that worker's database connection, each piece only once the one
// before has (nearly) left the server, so memory stays bounded however large the body is. Pieces
// are never asked for concurrently.
class BodySource
{
public:
    virtual ~BodySource() = default;
    // The next piece; empty at the end. An error cuts the connection: the client sees a body
    // without its end (chunked transfer without the last chunk), never a short body that looks whole.
    virtual Result<QByteArray> next(SqlBackend &db) = 0;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body; // with `more`: the first piece
    HeaderList headers; // Content-Type (from contentType) and Content-Length are added by the HTTP layer
    QByteArray contentType = QByteArrayLiteral("application/json");
    QString route; // for the access log: the route, never the raw path
    // Set: the body goes on with the source's pieces (HTTP/1.1 chunked transfer encoding).
    std::shared_ptr<BodySource> more;

    void addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append(qMakePair(name, value));
    }
};

// An error answer with the protocol's error body, and the answer for an internal error (database
// trouble is 503 with Retry-After, logged without values).
ApiResponse apiError(int status, const QString &code, const QString &message, const QString &field = {});
ApiResponse apiFromError(const Error &e);

// The sync API of docs/sync-protocol.md: version check, authentication, body limits and decoding,
// then login, logout, push and pull. Handles one request at a time, synchronously.
class SyncApi
{
public:
    struct Options
    {
        qint64 maxClockSkewMs = 5 * 60 * 1000;
        bool tls = false;
        qint64 tokenLifetimeMs = 30LL * 24 * 3600 * 1000; // 0 = tokens never expire
        // Sent to the devices with the login and every pull page (docs/sync-protocol.md, "Device policy").
        int idleLockMinutes = 5;
    };

    SyncApi(SqlBackend &db, const Clock &clock, HlcClock &hlc, Options options);
    ~SyncApi();

    ApiResponse handle(const ApiRequest &request);
    // Checks the request's device token alone (before its body is read): the refusal, or nothing.
    std::optional<ApiResponse> refuseToken(const ApiRequest &request);
    // Requests and their latency per route are counted there when set.
    void setMetrics(Metrics *metrics) { m_metrics = metrics; }

private:
    ApiResponse route(const ApiRequest &request, QString &routeName);
    ApiResponse healthz();
    ApiResponse pushRoute(const ApiRequest &request, const DeviceIdentity &who);
    // contactLater: leave the device's last contact for the caller to write (Accounts::Contact::Later).
    Result<AuthOutcome> checkDeviceToken(const ApiRequest &request, bool contactLater = false);
    ApiResponse login(const QByteArray &body, const QHostAddress &client);
    protocol::DevicePolicy policy() const;
    ApiResponse logout(const DeviceIdentity &who);
    ApiResponse push(const DeviceIdentity &who, const QByteArray &body);
    ApiResponse pull(const DeviceIdentity &who, const QUrlQuery &query);
    ApiResponse team(const DeviceIdentity &who);

    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
    Options m_options;
    std::unique_ptr<OfficeApi> m_office;
    Metrics *m_metrics = nullptr;
};

} // namespace feltnotat::server
