#include "syncapi.h"

#include "accounts.h"
#include "auditlog.h"
#include "core/clock.h"
#include "core/validation.h"
#include "logging.h"
#include "loginservice.h"
#include "office/metrics.h"
#include "office/officeapi.h"
#include "office/registerapi.h"
#include "office/reportsweb.h"
#include "pullbuilder.h"
#include "pushprocessor.h"
#include "routes.h"
#include "sqlbackend.h"
#include "sync/compression.h"
#include "sync/protocol.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {

ApiResponse error(int status, const QString &code, const QString &message, const QString &field = {})
{
    return apiError(status, code, message, field);
}

ApiResponse fromError(const Error &e)
{
    return apiFromError(e);
}

// 401 for a token that does not (or no longer) work, with the reason's own code.
ApiResponse refusal(AuthOutcome::Kind kind)
{
    const QString code = AuthOutcome::wireCode(kind);
    switch (kind) {
    case AuthOutcome::Revoked:
        return error(401, code, QStringLiteral("this device has been signed out; sign in again"));
    case AuthOutcome::UserDisabled:
        return error(401, code, QStringLiteral("this user is disabled; ask your administrator"));
    case AuthOutcome::Expired:
        return error(401, code, QStringLiteral("the sign-in has expired after a long time without contact"));
    case AuthOutcome::Wipe:
        return error(
            401, code, QStringLiteral("this device must delete its data (ordered by an administrator)"));
    default:
        return error(401, code, QStringLiteral("unknown device token; sign in again"));
    }
}

ApiResponse json(const QByteArray &body)
{
    ApiResponse r;
    r.body = body;
    return r;
}

bool acceptsGzip(const QByteArray &acceptEncoding)
{
    for (const QByteArray &part : acceptEncoding.split(',')) {
        const QList<QByteArray> params = part.split(';');
        if (params.first().trimmed().toLower() != "gzip")
            continue;
        for (qsizetype i = 1; i < params.size(); ++i) {
            const QByteArray p = params.at(i).trimmed();
            if (p.startsWith("q=") && p.mid(2).toDouble() <= 0)
                return false;
        }
        return true;
    }
    return false;
}

// The request body after Content-Encoding, checked to be UTF-8. maxDecoded: the route's limit.
Result<QByteArray> decodeBody(
    const ApiRequest &request, qint64 maxDecoded = protocol::limits::MaxDecodedBytes)
{
    if (request.body.size() > std::min(protocol::limits::MaxRequestBytes, maxDecoded))
        return makeError(ErrorCode::TooLarge, QStringLiteral("the request body is too large for this route"));
    const QByteArray encoding = request.header("content-encoding").trimmed().toLower();
    QByteArray body = request.body;
    if (encoding == "gzip") {
        auto plain = compression::gunzip(request.body, maxDecoded);
        if (!plain)
            return plain.error().code == ErrorCode::TooLarge
                ? makeError(ErrorCode::TooLarge,
                    QStringLiteral("the request body is too large for this route after decompression"))
                : makeError(ErrorCode::Protocol, plain.error().message);
        body = std::move(plain).value();
    } else if (!encoding.isEmpty() && encoding != "identity") {
        return makeError(
            ErrorCode::Protocol, QStringLiteral("unsupported Content-Encoding; use gzip or none"));
    }
    if (body.startsWith("\xEF\xBB\xBF"))
        return makeError(ErrorCode::Protocol, QStringLiteral("the body starts with a byte order mark"));
    if (!validation::decodeUtf8(body))
        return makeError(ErrorCode::Protocol, QStringLiteral("the body is not valid UTF-8"));
    return body;
}

} // namespace

ApiResponse apiError(int status, const QString &code, const QString &message, const QString &field)
{
    ApiResponse r;
    r.status = status;
    r.body = protocol::ApiError {status, code, message, field}.toJson();
    return r;
}

// Maps an internal error to its HTTP answer. Database trouble is transient for the client (503)
// and logged here without values (the backends keep values out of their messages).
ApiResponse apiFromError(const Error &e)
{
    switch (e.code) {
    case ErrorCode::Invalid:
        return apiError(400, QStringLiteral("invalid"), e.message, e.field);
    case ErrorCode::Protocol:
        return apiError(400, QStringLiteral("malformed"), e.message, e.field);
    case ErrorCode::TooLarge:
        return apiError(413, QStringLiteral("too_large"), e.message, e.field);
    case ErrorCode::Unauthorized:
        return apiError(401, QStringLiteral("unauthorized"), e.message);
    case ErrorCode::NotFound:
        return apiError(404, QStringLiteral("not_found"), e.message);
    case ErrorCode::Forbidden:
        return apiError(403, QStringLiteral("forbidden"), e.message);
    case ErrorCode::Database: {
        qCWarning(lcServer) << "database error:" << e.message;
        ApiResponse r = apiError(503, QStringLiteral("unavailable"),
            QStringLiteral("the database is unavailable; try again later"));
        r.addHeader("Retry-After", "5");
        return r;
    }
    default:
        qCWarning(lcServer) << "internal error:" << e.message;
        return apiError(500, QStringLiteral("internal"), QStringLiteral("internal server error"));
    }
}

QByteArray ApiRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

SyncApi::SyncApi(SqlBackend &db, const Clock &clock, HlcClock &hlc, Options options)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
    , m_options(options)
    , m_office(std::make_unique<OfficeApi>(db, clock, OfficeApi::Options {options.tls}))
{ }

SyncApi::~SyncApi() = default;

ApiResponse SyncApi::handle(const ApiRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    QString routeName = QStringLiteral("(unknown)");
    ApiResponse response;
    if (OfficeApi::owns(request.path)) {
        response = m_office->handle(request); // the integration API for office systems
    } else if (ReportsWeb::owns(request.path)) {
        response = ReportsWeb(m_db, m_clock).handle(request); // the lead reports web page
    } else {
        response = route(request, routeName);
        response.route = routeName;
    }
    if (response.body.size() > protocol::limits::CompressAbove
        && acceptsGzip(request.header("accept-encoding"))) {
        QByteArray packed = compression::gzip(response.body);
        if (!packed.isEmpty()) {
            response.body = std::move(packed);
            response.addHeader("Content-Encoding", "gzip");
        }
    }
    if (request.path.startsWith(u"/v1/"))
        response.addHeader("Cache-Control", "no-store");
    if (m_metrics)
        m_metrics->observe(response.route, response.status, double(timer.nsecsElapsed()) / 1e9);
    return response;
}

ApiResponse SyncApi::route(const ApiRequest &request, QString &routeName)
{
    const QString &path = request.path;
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (path == u"/healthz") {
        routeName = path;
        return get ? healthz() : error(405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
    }
    if (!path.startsWith(u"/v1/"))
        return error(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));

    static const QStringList known {QStringLiteral("/v1/login"), QStringLiteral("/v1/logout"),
        QStringLiteral("/v1/push"), QStringLiteral("/v1/pull"), QStringLiteral("/v1/team")};
    const bool registerPath = RegisterApi::owns(path); // the employer register (office module)
    if (known.contains(path))
        routeName = path;
    else if (registerPath)
        routeName = RegisterApi::routeName(path);
    // The version comes first: an outdated client learns that, whatever else is wrong.
    if (request.header(protocol::VersionHeader).trimmed() != QByteArray::number(protocol::Version)) {
        return error(426, QStringLiteral("protocol_version"),
            QStringLiteral("this server speaks protocol version %1; update the app").arg(protocol::Version));
    }
    if (!known.contains(path) && !registerPath)
        return error(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));
    const bool wantsPost = path != u"/v1/pull" && path != u"/v1/team" && !registerPath;
    if (wantsPost ? !post : !get)
        return error(405, QStringLiteral("method_not_allowed"),
            wantsPost ? QStringLiteral("use POST") : QStringLiteral("use GET"));

    if (path == u"/v1/login") {
        auto body = decodeBody(request, RoutePolicy::LoginBodyBytes);
        return body ? login(body.value(), request.client) : fromError(body.error());
    }

    // A push writes the device's last contact in its own transaction: no write of its own for that.
    const bool pushes = path == u"/v1/push";
    Result<AuthOutcome> auth = checkDeviceToken(request, pushes);
    if (!auth)
        return fromError(auth.error());
    if (auth->kind != AuthOutcome::Ok)
        return refusal(auth->kind);
    const DeviceIdentity &who = auth->identity;
    if (pushes) {
        ApiResponse response = pushRoute(request, who);
        if (response.status != 200 && auth->contactDue) {
            if (Status s = Accounts(m_db, m_clock).touch(who.deviceId); !s)
                return fromError(s.error());
        }
        return response;
    }

    if (path == u"/v1/pull")
        return pull(who, request.query);
    if (path == u"/v1/team")
        return team(who);
    if (registerPath)
        return RegisterApi(m_db).handle(request);
    auto body = decodeBody(request);
    if (!body)
        return fromError(body.error());
    if (Status s = protocol::parseLogoutRequest(body.value()); !s)
        return fromError(s.error());
    return logout(who);
}

ApiResponse SyncApi::pushRoute(const ApiRequest &request, const DeviceIdentity &who)
{
    auto body = decodeBody(request);
    if (!body)
        return fromError(body.error());
    return push(who, body.value());
}

Result<AuthOutcome> SyncApi::checkDeviceToken(const ApiRequest &request, bool contactLater)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return AuthOutcome {};
    return Accounts(m_db, m_clock)
        .authenticate(QString::fromLatin1(authorization.mid(7).trimmed()), m_options.tokenLifetimeMs,
            contactLater ? Accounts::Contact::Later : Accounts::Contact::Now);
}

std::optional<ApiResponse> SyncApi::refuseToken(const ApiRequest &request)
{
    // Only the gate before a body is read: the request's own check (route()) records the contact.
    auto auth = checkDeviceToken(request, true);
    if (!auth)
        return fromError(auth.error());
    if (auth->kind != AuthOutcome::Ok)
        return refusal(auth->kind);
    return std::nullopt;
}

ApiResponse SyncApi::healthz()
{
    auto probe = m_db.exec(QStringLiteral("SELECT 1"));
    QJsonObject o {{QStringLiteral("status"), probe ? QStringLiteral("ok") : QStringLiteral("unavailable")},
        {QStringLiteral("storage"), m_db.kindName()}, {QStringLiteral("protocol"), protocol::Version}};
    ApiResponse r = json(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!probe)
        r.status = 503;
    return r;
}

protocol::DevicePolicy SyncApi::policy() const
{
    protocol::DevicePolicy p;
    p.idleLockMinutes = m_options.idleLockMinutes;
    return p;
}

ApiResponse SyncApi::login(const QByteArray &body, const QHostAddress &client)
{
    auto request = protocol::LoginRequest::parse(body);
    if (!request)
        return fromError(request.error());
    LoginService service(m_db, m_clock);
    auto outcome = service.login(request.value(), client);
    if (!outcome)
        return fromError(outcome.error());
    switch (outcome->kind) {
    case LoginOutcome::Ok: {
        protocol::LoginResponse response = outcome->response;
        response.policy = policy();
        return json(response.toJson());
    }
    case LoginOutcome::RateLimited: {
        ApiResponse r = error(429, QStringLiteral("rate_limited"),
            QStringLiteral("too many failed sign-ins; wait and try again"));
        r.addHeader("Retry-After", QByteArray::number(outcome->retryAfterSeconds));
        return r;
    }
    case LoginOutcome::DeviceTaken:
        return error(
            403, QStringLiteral("forbidden"), QStringLiteral("this device is registered to another user"));
    case LoginOutcome::UserDisabled:
        return error(403, AuthOutcome::wireCode(AuthOutcome::UserDisabled),
            QStringLiteral("this user is disabled; ask your administrator"));
    case LoginOutcome::DeviceRevoked:
        return error(403, AuthOutcome::wireCode(AuthOutcome::Revoked),
            QStringLiteral("this device has been revoked by an administrator"));
    case LoginOutcome::DeviceWipe:
        return error(403, AuthOutcome::wireCode(AuthOutcome::Wipe),
            QStringLiteral("this device must delete its data (ordered by an administrator)"));
    case LoginOutcome::Unauthorized:
        break;
    }
    return error(401, QStringLiteral("unauthorized"), QStringLiteral("wrong login or password"));
}

// The team directory: who the device's user can hand work to and whose records are whose. Ids and
// display names only (no logins); disabled users stay listed, marked, so their old work keeps a name.
ApiResponse SyncApi::team(const DeviceIdentity &who)
{
    auto users = Accounts(m_db, m_clock).users(who.teamId);
    if (!users)
        return fromError(users.error());
    QJsonArray list;
    for (const UserRow &u : users.value())
        list.append(QJsonObject {{QStringLiteral("id"), u.id}, {QStringLiteral("name"), u.name},
            {QStringLiteral("active"), !u.disabled}});
    return json(QJsonDocument(QJsonObject {{QStringLiteral("users"), list}}).toJson(QJsonDocument::Compact));
}

ApiResponse SyncApi::logout(const DeviceIdentity &who)
{
    Accounts accounts(m_db, m_clock);
    if (Status s = accounts.logout(who.deviceId); !s)
        return fromError(s.error());
    return json(QByteArrayLiteral("{}"));
}

ApiResponse SyncApi::push(const DeviceIdentity &who, const QByteArray &body)
{
    auto request = protocol::PushRequest::parse(body);
    if (!request)
        return fromError(request.error());
    if (request->deviceId != who.deviceId)
        return error(
            403, QStringLiteral("forbidden"), QStringLiteral("device_id does not match the device token"));
    PushProcessor processor(m_db, m_clock, m_hlc, m_options.maxClockSkewMs);
    auto response = processor.push(who, request.value());
    if (!response)
        return fromError(response.error());
    return json(response->toJson());
}

ApiResponse SyncApi::pull(const DeviceIdentity &who, const QUrlQuery &query)
{
    int limit = protocol::limits::DefaultPullLimit;
    QString cursor;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"cursor") {
            cursor = value;
        } else if (key == u"limit") {
            bool ok = false;
            limit = value.toInt(&ok);
            if (!ok || limit < 1)
                return error(400, QStringLiteral("invalid"),
                    QStringLiteral("limit must be a positive integer"), QStringLiteral("limit"));
            limit = std::min(limit, protocol::limits::MaxPullLimit);
        } else {
            return error(400, QStringLiteral("invalid"), QStringLiteral("unknown query parameter"));
        }
    }
    PullBuilder builder(m_db, m_clock);
    builder.setPolicy(policy());
    auto result = builder.pull(who, cursor, limit);
    if (!result)
        return fromError(result.error());
    // Reads are audited too: no audit line, no data.
    if (Status s = AuditLog(m_db, m_clock)
                       .record({who.userId, who.deviceId, QStringLiteral("pull"), {}, {}, result->changes});
        !s)
        return fromError(s.error());
    return json(result->json);
}

} // namespace feltnotat::server
