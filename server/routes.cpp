#include "routes.h"

#include "office/officeapi.h"
#include "office/registerapi.h"
#include "office/reportsweb.h"
#include "sync/protocol.h"

namespace feltnotat::server {

namespace {

RoutePolicy refuse(RoutePolicy p, int status, const QString &code, const QString &message)
{
    p.refuseStatus = status;
    p.refusal = apiError(status, code, message);
    p.refusal.route = p.route;
    return p;
}

struct V1Route
{
    const char16_t *path;
    const char *method;
    qint64 maxBody;
    WorkerKind worker;
    bool deviceToken;
};

constexpr V1Route V1Routes[] = {
    {u"/v1/login", "POST", RoutePolicy::LoginBodyBytes, WorkerKind::Login, false},
    {u"/v1/logout", "POST", RoutePolicy::LoginBodyBytes, WorkerKind::Api, true},
    {u"/v1/push", "POST", protocol::limits::MaxRequestBytes, WorkerKind::Api, true},
    {u"/v1/pull", "GET", 0, WorkerKind::Api, true},
    {u"/v1/team", "GET", 0, WorkerKind::Api, true},
};

} // namespace

RoutePolicy routePolicy(const ApiRequest &head)
{
    RoutePolicy p;
    p.route = QStringLiteral("(unknown)");
    const QString &path = head.path;
    if (path == u"/healthz") {
        p.route = path;
        p.worker = WorkerKind::Health;
        if (head.method != "GET")
            return refuse(p, 405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
        return p;
    }
    if (OfficeApi::owns(path) || ReportsWeb::owns(path)) {
        p.route = QStringLiteral("(office)");
        p.maxBodyBytes = RoutePolicy::OfficeBodyBytes; // its own answers check method and credentials
        return p;
    }
    if (!path.startsWith(u"/v1/"))
        return refuse(p, 404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));
    const V1Route *route = nullptr;
    for (const V1Route &r : V1Routes) {
        if (path == QStringView(r.path))
            route = &r;
    }
    if (route)
        p.route = path;
    else if (RegisterApi::owns(path))
        p.route = RegisterApi::routeName(path);
    // The version comes first: an outdated client learns that, whatever else is wrong.
    if (head.header(protocol::VersionHeader).trimmed() != QByteArray::number(protocol::Version)) {
        return refuse(p, 426, QStringLiteral("protocol_version"),
            QStringLiteral("this server speaks protocol version %1; update the app").arg(protocol::Version));
    }
    if (!route && RegisterApi::owns(path)) {
        // The employer register, read by devices with their token (office module).
        p.route = RegisterApi::routeName(path);
        if (head.method != "GET")
            return refuse(p, 405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
        p.deviceToken = true;
        const QByteArray authorization = head.header("authorization").trimmed();
        if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
            return refuse(
                p, 401, QStringLiteral("unauthorized"), QStringLiteral("a device token is required"));
        return p;
    }
    if (!route)
        return refuse(p, 404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));
    if (head.method != route->method)
        return refuse(p, 405, QStringLiteral("method_not_allowed"),
            QStringLiteral("use %1").arg(QString::fromLatin1(route->method)));
    p.worker = route->worker;
    p.maxBodyBytes = route->maxBody;
    p.deviceToken = route->deviceToken;
    if (p.deviceToken) {
        const QByteArray authorization = head.header("authorization").trimmed();
        if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
            return refuse(
                p, 401, QStringLiteral("unauthorized"), QStringLiteral("a device token is required"));
    }
    return p;
}

} // namespace feltnotat::server
