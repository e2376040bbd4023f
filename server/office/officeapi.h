#pragma once

#include "server/syncapi.h"

#include <optional>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

struct ApiClient;

// The integration API for office systems (docs/integration.md): HTTP Basic with an API client's id
// and secret, read-only, scoped to the client's teams. /office/v1/… (teams, change feed, CSV,
// webhook status) and the OData v4 service under /odata. Requests on other paths are not its own.
class OfficeApi
{
public:
    struct Options
    {
        bool tls = false; // the scheme of the links it writes when no X-Forwarded-Proto says otherwise
    };

    OfficeApi(SqlBackend &db, const Clock &clock, Options options);

    static bool owns(const QString &path);
    ApiResponse handle(const ApiRequest &original);

private:
    ApiResponse changes(const ApiClient &client, const ApiRequest &request);
    ApiResponse teams(const ApiClient &client);
    ApiResponse csv(const ApiClient &client, const QString &entity, const ApiRequest &request);
    ApiResponse odata(const ApiClient &client, const ApiRequest &request);
    ApiResponse webhookStatus(const ApiClient &client);
    ApiResponse deadLetters(const ApiClient &client, const ApiRequest &request);
    QString baseUrl(const ApiRequest &request) const;

    SqlBackend &m_db;
    const Clock &m_clock;
    Options m_options;
};

} // namespace feltnotat::server
