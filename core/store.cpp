// Store: opening the file, the device's identity and its metadata (meta table, saved clock).
#include "store.h"

#include "idsource.h"
#include "migrations.h"
#include "plainmigration.h"
#include "searchrank.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

namespace feltnotat {

namespace {

const QString MetaDeviceId = QStringLiteral("device_id");
const QString MetaUser = QStringLiteral("user_id");
const QString MetaTeam = QStringLiteral("team_id");
const QString MetaUserName = QStringLiteral("user_name");

} // namespace

Store::Store(std::unique_ptr<Database> db, const StoreOptions &options, const QString &deviceId)
    : m_db(std::move(db))
    , m_options(options)
    , m_clock(options.clock ? options.clock : SystemClock::instance())
    , m_deviceId(deviceId)
    , m_hlc(m_clock, deviceId)
    , m_search(*m_db)
{ }

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const QString &path, const StoreOptions &options)
{
    if (options.key) {
        if (Status s = plainmigration::encryptInPlace(path, options.key); !s)
            return s.error();
    }
    auto db = Database::open(path, options.durability, options.key);
    if (!db)
        return db.error();
    if (Status s = registerSearchRank(db.value()->handle()); !s)
        return s.error();
    if (Status s = migrations::upgrade(*db.value()); !s)
        return s.error();

    // The device id is made once, on first open, and names this installation in every push.
    Database &d = *db.value();
    QString deviceId;
    {
        Query q = d.query(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
        q.bind(1, MetaDeviceId);
        if (q.next())
            deviceId = q.text(0);
    }
    if (deviceId.isEmpty()) {
        deviceId = IdSource::current().newRandomUuid();
        Status s = d.query(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"))
                       .bindAll(MetaDeviceId, deviceId)
                       .exec();
        if (!s)
            return s.error();
    }
    std::unique_ptr<Store> store(new Store(std::move(db).value(), options, deviceId));
    if (auto last = Hlc::parse(store->meta(MetaHlc)))
        store->m_hlc.restore(*last);
    const QString user = store->meta(MetaUser);
    if (user.isEmpty())
        store->m_identity = Identity::local();
    else
        store->m_identity = Identity {user, store->meta(MetaTeam), store->meta(MetaUserName)};
    return store;
}

Status Store::setIdentity(const Identity &identity)
{
    Transaction txn(*m_db);
    for (const auto &[key, value] : {std::pair {MetaUser, identity.userId},
             std::pair {MetaTeam, identity.teamId}, std::pair {MetaUserName, identity.userName}}) {
        if (Status s = setMeta(key, value); !s)
            return s;
    }
    if (Status s = txn.commit(); !s)
        return s;
    m_identity = identity;
    Q_EMIT identityChanged();
    return Status::success();
}

Status Store::adoptLocalRecords()
{
    if (m_identity.isLocal())
        return Status::success();
    // Nothing written before the first login has reached a server yet, so the records and their
    // queued mutations are rewritten in place: the team and authorship become the user's.
    Transaction txn(*m_db);
    if (!txn.ok())
        return txn.status();
    const QString local = Identity::local().userId;
    for (const EntitySpec &spec : Schema::instance().entities()) {
        Status s = m_db->query(QStringLiteral(
                                   "UPDATE %1 SET team = ?1,"
                                   " created_by = CASE WHEN created_by = ?3 THEN ?2 ELSE created_by END,"
                                   " updated_by = CASE WHEN updated_by = ?3 THEN ?2 ELSE updated_by END"
                                   " WHERE team = ?3")
                                   .arg(spec.table))
                       .bindAll(m_identity.teamId, m_identity.userId, local)
                       .exec();
        if (!s)
            return s;
    }
    QList<QPair<qint64, QString>> rewritten;
    {
        Query q = m_db->query(QStringLiteral("SELECT seq, fields FROM outbox"));
        while (q.next()) {
            QJsonObject fields = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
            bool changed = false;
            for (const auto &[field, value] :
                {std::pair {sys::Team, m_identity.teamId}, std::pair {sys::CreatedBy, m_identity.userId},
                    std::pair {sys::UpdatedBy, m_identity.userId}}) {
                QJsonArray change = fields.value(field).toArray();
                if (!change.isEmpty() && change.at(0).toString() == local) {
                    change.replace(0, value);
                    fields.insert(field, change);
                    changed = true;
                }
            }
            if (changed)
                rewritten.append(
                    {q.int64(0), QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact))});
        }
        if (!q.ok())
            return q.error();
    }
    for (const auto &[seq, fields] : std::as_const(rewritten)) {
        Status s = m_db->query(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"))
                       .bindAll(fields, seq)
                       .exec();
        if (!s)
            return s;
    }
    return txn.commit();
}

QString Store::meta(const QString &key)
{
    Query q = m_db->query(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.bind(1, key);
    return q.next() ? q.text(0) : QString();
}

Status Store::setMeta(const QString &key, const QString &value)
{
    return m_db
        ->query(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"
                               " ON CONFLICT(key) DO UPDATE SET value = excluded.value"))
        .bindAll(key, value)
        .exec();
}

Status Store::saveClock()
{
    return setMeta(MetaHlc, m_hlc.last().toString());
}

void Store::notifyRemoteApplied(const QStringList &entities)
{
    Q_EMIT remoteApplied(entities);
}

std::optional<Record> Store::get(const QString &entity, const QString &id, bool includeDeleted)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return std::nullopt;
    auto r = readRow(*spec, id);
    if (!r || (!includeDeleted && r->isDeleted()))
        return std::nullopt;
    return r;
}
} // namespace feltnotat
