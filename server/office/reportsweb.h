#pragma once

#include "server/syncapi.h"

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

struct Period;
struct WebSession;

// The lead reports web page (docs/integration.md, "Reports for team leads"), served under /reports:
//   GET  /reports/login           sign-in form (a CSRF cookie and the same token in the form)
//   POST /reports/login           password sign-in of a user with the lead role → session cookie
//   GET  /reports?team=&fra=&til= the figures of a team for a period (dates yyyy-mm-dd)
//   GET  /reports/figures.csv?…   the same as CSV (&format=excel: semicolons, decimal comma, BOM)
//   POST /reports/logout          ends the session (CSRF token of the session)
//   GET  /reports/style.css       the page's stylesheet, built into the server
// The session cookie is HttpOnly, Secure and SameSite=Strict (__Host- prefix); every answer carries a
// strict Content Security Policy (no script at all, styles only from this server), no-store, and
// refuses to be framed. Passwords are taken only over TLS or from loopback (a proxy on this host).
class ReportsWeb
{
public:
    ReportsWeb(SqlBackend &db, const Clock &clock);

    static bool owns(const QString &path) { return path == u"/reports" || path.startsWith(u"/reports/"); }
    ApiResponse handle(const ApiRequest &request);

private:
    ApiResponse route(const ApiRequest &request);
    ApiResponse signInForm(const QString &login, const QString &error, int status = 200);
    ApiResponse signIn(const ApiRequest &request);
    ApiResponse signOut(const ApiRequest &request, const WebSession &session);
    ApiResponse report(const ApiRequest &request, const WebSession &session, bool csv);

    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
