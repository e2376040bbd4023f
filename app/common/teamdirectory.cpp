#include "teamdirectory.h"

#include "core/store.h"
#include "core/validation.h"
#include "sync/apicall.h"
#include "sync/logging.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat {

namespace {
const QString MetaDirectory = QStringLiteral("team_directory");
const QString MetaFetchedAt = QStringLiteral("team_directory_at");
} // namespace

TeamDirectory::TeamDirectory(Store &store, SyncClient &client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
{
    load();
}

Result<QList<TeamDirectory::Member>> TeamDirectory::parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || !doc.object().value(QStringLiteral("users")).isArray())
        return makeError(ErrorCode::Protocol, QStringLiteral("unreadable team directory"));
    QList<Member> out;
    for (const QJsonValue &v : doc.object().value(QStringLiteral("users")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        const QString name = o.value(QStringLiteral("name")).toString().trimmed();
        if (id.isEmpty() || id.size() > 64 || name.isEmpty() || name.size() > 200)
            return makeError(ErrorCode::Protocol, QStringLiteral("malformed team member"));
        out.append({id, name, o.value(QStringLiteral("active")).toBool(true)});
    }
    return out;
}

void TeamDirectory::load()
{
    const QString cached = m_store.meta(MetaDirectory);
    auto members = cached.isEmpty() ? Result<QList<Member>>(QList<Member>()) : parse(cached.toUtf8());
    m_members = members ? members.value() : QList<Member>();
}

Status TeamDirectory::setMembers(const QList<Member> &members)
{
    QJsonArray users;
    for (const Member &m : members)
        users.append(QJsonObject {{QStringLiteral("id"), m.id}, {QStringLiteral("name"), m.name},
            {QStringLiteral("active"), m.active}});
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("users"), users}}).toJson();
    if (auto parsed = parse(body); !parsed)
        return parsed.error();
    if (Status s = m_store.setMeta(MetaDirectory, QString::fromUtf8(body)); !s)
        return s;
    load();
    Q_EMIT changed();
    return Status::success();
}

QString TeamDirectory::nameOf(const QString &userId) const
{
    for (const Member &m : m_members) {
        if (m.id == userId)
            return m.name;
    }
    return {};
}

void TeamDirectory::refresh()
{
    if (m_inflight || !m_client.hasToken())
        return;
    m_inflight = m_client.team();
    ApiCall *call = m_inflight;
    connect(call, &ApiCall::finished, this, [this, call] { onFinished(call); });
}

void TeamDirectory::refreshIfStale()
{
    const auto fetched = validation::parseDateTime(m_store.meta(MetaFetchedAt));
    if (m_members.isEmpty() || !fetched || fetched->msecsTo(m_store.clock().now()) > MaxAgeMs
        || fetched->msecsTo(m_store.clock().now()) < 0)
        refresh();
}

void TeamDirectory::clear()
{
    (void)m_store.setMeta(MetaDirectory, QString());
    (void)m_store.setMeta(MetaFetchedAt, QString());
    m_members.clear();
    Q_EMIT changed();
}

void TeamDirectory::onFinished(ApiCall *call)
{
    call->deleteLater();
    if (call->hasError()) {
        qCInfo(lcSync) << "team directory not refreshed:" << call->errorString();
        return;
    }
    const QByteArray body = call->takeBody();
    auto members = parse(body);
    if (!members) {
        qCWarning(lcSync) << members.errorString();
        return;
    }
    (void)m_store.setMeta(MetaDirectory, QString::fromUtf8(body));
    (void)m_store.setMeta(MetaFetchedAt, validation::formatDateTime(m_store.clock().now()));
    m_members = members.value();
    Q_EMIT changed();
}

} // namespace feltnotat
