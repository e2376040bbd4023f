#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// An office system's credentials and scope: read-only access to the records of its teams.
struct ApiClient
{
    QString id; // "fc_…", the Basic authentication user name
    QString name;
    QStringList teamIds;
    qint64 createdAt = 0;
    qint64 revokedAt = 0; // 0 = active
    qint64 lastUsedAt = 0; // 0 = never
    QString webhookUrl; // empty = no webhook
    // Keys the MACs of the client's OData $skiptokens (set by authenticate(): the stored secret
    // hash, so tokens outlive restarts and stay valid on every server process of the database).
    QByteArray tokenKey;
};

struct NewApiClient
{
    QString id;
    QString secret; // shown once; the server keeps only its SHA-256
};

// API clients for office systems (not devices): created and revoked with admin commands, they
// authenticate with HTTP Basic (client id and secret) on the integration API and OData.
class ApiClients
{
public:
    ApiClients(SqlBackend &db, const Clock &clock);

    Result<NewApiClient> create(const QString &name, const QStringList &teamIds);
    Result<QList<ApiClient>> list();
    // By id or by name.
    Result<ApiClient> find(const QString &idOrName);
    Status revoke(const QString &idOrName);
    // Sets the webhook address and issues a new signing secret (returned, shown once); an empty
    // url removes the webhook.
    Result<QString> setWebhook(const QString &idOrName, const QString &url);
    // The webhook signing secret (the server must keep this one to sign).
    Result<QString> webhookSecret(const QString &clientId);

    // The client of an "Authorization: Basic …" header value, or nullopt for anything else
    // (unknown, revoked, wrong secret, malformed). Updates last_used_at at most once a minute.
    Result<std::optional<ApiClient>> authenticate(const QByteArray &authorization);

    static bool isValidWebhookUrl(const QString &url);

private:
    Result<QStringList> teamsOf(const QString &clientId);

    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
