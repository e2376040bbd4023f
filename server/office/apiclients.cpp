#include "apiclients.h"

#include "core/clock.h"
#include "server/cryptoinit.h"
#include "server/devicetoken.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QUrl>

namespace feltnotat::server {

namespace {

constexpr qint64 LastUsedResolutionMs = 60 * 1000;

QString randomId()
{
    ensureCrypto();
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id = QStringLiteral("fc_");
    for (int i = 0; i < 20; ++i)
        id += QLatin1Char(alphabet[randombytes_uniform(36)]);
    return id;
}

bool looksLikeClientId(QStringView id)
{
    if (id.size() != 23 || !id.startsWith(u"fc_"))
        return false;
    return std::all_of(id.begin() + 3, id.end(),
        [](QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'); });
}

qint64 orZero(const QVariant &v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

} // namespace

ApiClients::ApiClients(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

bool ApiClients::isValidWebhookUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    return u.isValid() && (u.scheme() == u"https" || u.scheme() == u"http") && !u.host().isEmpty()
        && u.userInfo().isEmpty() && url.size() <= 2000;
}

Result<NewApiClient> ApiClients::create(const QString &name, const QStringList &teamIds)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 100 || std::any_of(trimmed.begin(), trimmed.end(), [](QChar c) {
            return c.category() == QChar::Other_Control;
        }))
        return makeError(ErrorCode::Invalid, QStringLiteral("a client name is 1-100 printable characters"));
    if (teamIds.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("an API client needs at least one --team"));
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto taken = m_db.exec(QStringLiteral("SELECT 1 FROM api_clients WHERE name = ?"), {trimmed});
    if (!taken)
        return taken.error();
    if (!taken->isEmpty())
        return makeError(ErrorCode::Conflict, QStringLiteral("an API client with that name exists"));
    NewApiClient out {randomId(), DeviceToken::generate()};
    if (auto r
        = m_db.exec(QStringLiteral("INSERT INTO api_clients (id, name, secret_hash, created_at) VALUES "
                                   "(?, ?, ?, ?)"),
            {out.id, trimmed, DeviceToken::hash(out.secret), m_clock.nowMs()});
        !r)
        return r.error();
    for (const QString &team : teamIds) {
        if (auto r
            = m_db.exec(QStringLiteral("INSERT INTO api_client_teams (client_id, team_id) VALUES (?, ?)"),
                {out.id, team});
            !r)
            return r.error();
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    return out;
}

Result<QStringList> ApiClients::teamsOf(const QString &clientId)
{
    auto rows = m_db.exec(
        QStringLiteral("SELECT team_id FROM api_client_teams WHERE client_id = ? ORDER BY team_id"),
        {clientId});
    if (!rows)
        return rows.error();
    QStringList out;
    for (const QVariantList &row : rows->rows)
        out << row.at(0).toString();
    return out;
}

Result<QList<ApiClient>> ApiClients::list()
{
    auto rows = m_db.exec(QStringLiteral("SELECT id, name, created_at, revoked_at, last_used_at, webhook_url "
                                         "FROM api_clients ORDER BY name"));
    if (!rows)
        return rows.error();
    QList<ApiClient> out;
    for (const QVariantList &row : rows->rows) {
        ApiClient c {row.at(0).toString(), row.at(1).toString(), {}, orZero(row.at(2)), orZero(row.at(3)),
            orZero(row.at(4)), row.at(5).toString(), {}};
        auto teams = teamsOf(c.id);
        if (!teams)
            return teams.error();
        c.teamIds = teams.value();
        out.append(c);
    }
    return out;
}

Result<ApiClient> ApiClients::find(const QString &idOrName)
{
    auto all = list();
    if (!all)
        return all.error();
    for (const ApiClient &c : all.value()) {
        if (c.id == idOrName || c.name == idOrName)
            return c;
    }
    return makeError(ErrorCode::NotFound, QStringLiteral("no such API client"));
}

Status ApiClients::revoke(const QString &idOrName)
{
    auto client = find(idOrName);
    if (!client)
        return client.error();
    auto r = m_db.exec(
        QStringLiteral("UPDATE api_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
        {m_clock.nowMs(), client->id});
    return r ? Status::success() : Status(r.error());
}

Result<QString> ApiClients::setWebhook(const QString &idOrName, const QString &url)
{
    auto client = find(idOrName);
    if (!client)
        return client.error();
    if (!url.isEmpty() && !isValidWebhookUrl(url))
        return makeError(
            ErrorCode::Invalid, QStringLiteral("the webhook URL must be an http(s) URL without credentials"));
    const QString secret = url.isEmpty() ? QString() : QStringLiteral("whsec_") + DeviceToken::generate();
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto r
        = m_db.exec(QStringLiteral("UPDATE api_clients SET webhook_url = ?, webhook_secret = ? WHERE id = ?"),
            {url.isEmpty() ? QVariant() : QVariant(url), secret.isEmpty() ? QVariant() : QVariant(secret),
                client->id});
    if (!r)
        return r.error();
    // Events start with the changes after this moment (a new address does not replay history; a
    // changed one keeps its place, so nothing queued or not yet queued is lost).
    for (const QString &team : client->teamIds) {
        if (auto c = m_db.exec(
                QStringLiteral(
                    "INSERT INTO webhook_cursors (client_id, team_id, feed_id, seq) SELECT CAST(? AS TEXT), "
                    "id, feed_id, seq FROM teams WHERE id = ? ON CONFLICT (client_id, team_id) "
                    "DO NOTHING"),
                {client->id, team});
            !c)
            return c.error();
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    return secret;
}

Result<QString> ApiClients::webhookSecret(const QString &clientId)
{
    auto r = m_db.exec(QStringLiteral("SELECT webhook_secret FROM api_clients WHERE id = ?"), {clientId});
    if (!r)
        return r.error();
    return r->first().toString();
}

Result<std::optional<ApiClient>> ApiClients::authenticate(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 7 || value.left(6).toLower() != "basic ")
        return std::optional<ApiClient>();
    const QByteArray decoded
        = QByteArray::fromBase64(value.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded.indexOf(':');
    if (colon < 0)
        return std::optional<ApiClient>();
    const QString id = QString::fromLatin1(decoded.left(colon));
    const QString secret = QString::fromLatin1(decoded.mid(colon + 1));
    if (!looksLikeClientId(id) || !DeviceToken::looksValid(secret))
        return std::optional<ApiClient>();
    auto rows = m_db.exec(QStringLiteral("SELECT name, secret_hash, created_at, revoked_at, last_used_at, "
                                         "webhook_url FROM api_clients WHERE id = ?"),
        {id});
    if (!rows)
        return rows.error();
    if (rows->isEmpty() || !rows->at(0, 3).isNull())
        return std::optional<ApiClient>();
    const QByteArray stored = rows->at(0, 1).toString().toLatin1();
    const QByteArray given = DeviceToken::hash(secret).toLatin1();
    if (stored.size() != given.size()
        || sodium_memcmp(stored.constData(), given.constData(), size_t(given.size())) != 0)
        return std::optional<ApiClient>();
    ApiClient c {id, rows->at(0, 0).toString(), {}, orZero(rows->at(0, 2)), 0, orZero(rows->at(0, 4)),
        rows->at(0, 5).toString(), {}};
    auto teams = teamsOf(id);
    if (!teams)
        return teams.error();
    c.teamIds = teams.value();
    c.tokenKey = stored;
    const qint64 now = m_clock.nowMs();
    if (now - c.lastUsedAt >= LastUsedResolutionMs) {
        if (auto r
            = m_db.exec(QStringLiteral("UPDATE api_clients SET last_used_at = ? WHERE id = ?"), {now, id});
            !r)
            return r.error();
    }
    return std::optional<ApiClient>(c);
}

} // namespace feltnotat::server
