#pragma once

#include "apiclient.h"

#include <QJsonArray>
#include <QStringList>

// An office system's view of the test server: HTTP Basic with an API client's id and secret, and
// every answer kept so the test can check them all against docs/openapi.yaml at the end
// (scripts/openapi/validate-responses.mjs, ajv).
namespace testapi {

struct ApiClientCredentials
{
    QString id;
    QString secret;
};

class OfficeClient
{
public:
    explicit OfficeClient(ApiClient &api)
        : m_api(api)
    { }

    Reply get(const QString &pathAndQuery, const ApiClientCredentials &who,
        const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    // Answers recorded so far as JSON lines: {"method","path","status","content_type","body"}.
    QByteArray recorded() const;
    // Runs the OpenAPI response check over everything recorded; empty when all conform, else the
    // validator's report. Skipped (returns "skip: …") when node or its packages are not installed.
    QString validateAgainstOpenApi() const;

private:
    ApiClient &m_api;
    QJsonArray m_log;
};

// Parses "client_id: …" / "client_secret: …" from create-api-client's output.
ApiClientCredentials parseCredentials(const QByteArray &adminOutput);

} // namespace testapi
