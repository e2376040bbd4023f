#pragma once

#include "server/syncapi.h"

namespace feltnotat::server {

class SqlBackend;

// The employer register for devices (signed in with their device token, like pull): look-ups by
// name or organisation number, and one unit with its parent and workplaces, so the app can create
// an employer and its workplace prefilled (docs/integration.md, "Employer register").
//   GET /v1/register/search?q=TEXT[&limit=N]   {"units": [unit, …]}
//   GET /v1/register/units/{orgnr}             {"unit": unit, "parent": unit?, "sub_units": [unit, …]}
class RegisterApi
{
public:
    explicit RegisterApi(SqlBackend &db);

    static bool owns(const QString &path) { return path.startsWith(u"/v1/register/"); }
    // The route for logs and metrics (never the organisation number in the path).
    static QString routeName(const QString &path);
    ApiResponse handle(const ApiRequest &request);

private:
    ApiResponse search(const ApiRequest &request);
    ApiResponse unit(const QString &orgNumber);

    SqlBackend &m_db;
};

} // namespace feltnotat::server
