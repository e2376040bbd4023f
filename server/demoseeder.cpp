#include "demoseeder.h"

#include "accounts.h"
#include "auditlog.h"
#include "core/clock.h"
#include "core/demodata.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "core/validation.h"
#include "recordstore.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

#include <QRandomGenerator>

namespace feltnotat::server {

DemoSeeder::DemoSeeder(SqlBackend &db, const Clock &clock, HlcClock &hlc)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
{ }

Result<DemoSummary> DemoSeeder::seed(const QDate &today, const QTimeZone &zone, int scale)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    DemoSummary summary;
    const QString login = QString::fromLatin1(Login);
    auto existing = m_db.exec(QStringLiteral("SELECT id, team_id FROM users WHERE login = ?"), {login});
    if (!existing)
        return existing.error();
    if (!existing->isEmpty()) {
        summary.userId = existing->at(0, 0).toString();
        summary.teamId = existing->at(0, 1).toString();
        summary.alreadySeeded = true;
        return summary;
    }
    // demo/demo on a database with real users would be a known password on production data.
    auto users = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!users)
        return users.error();
    if (users->first().toLongLong() > 0)
        return makeError(ErrorCode::Conflict,
            QStringLiteral("this database already has users: seed-demo only fills an empty database"));

    Accounts accounts(m_db, m_clock);
    auto team = accounts.createTeam(QString::fromUtf8(TeamName));
    if (!team)
        return team.error();
    // The well-known demo password, on purpose: this data set is for demonstrations only.
    auto user
        = accounts.createUser(team.value(), login, QStringLiteral("Demo Bruker"), QStringLiteral("demo"));
    if (!user)
        return user.error();
    summary.teamId = team.value();
    summary.userId = user.value();
    // A colleague on the demo team, so work can be handed over; nobody logs in as her (a random password
    // that is never shown).
    const QString colleaguePassword
        = QString::fromLatin1(QByteArray::number(QRandomGenerator::system()->generate64(), 36)
            + QByteArray::number(QRandomGenerator::system()->generate64(), 36));
    if (auto colleague = accounts.createUser(
            team.value(), QStringLiteral("kari.kollega"), QStringLiteral("Kari Kollega"), colleaguePassword);
        !colleague)
        return colleague.error();

    RecordStore store(m_db, m_clock);
    const QString now = validation::formatDateTime(m_clock.now());
    for (const DemoRecord &demo : demoData(today, zone, summary.userId, scale)) {
        const EntitySpec *spec = Schema::instance().entity(demo.entity);
        if (!spec)
            return makeError(ErrorCode::Internal, QStringLiteral("demo data has an unknown record type"));
        StoredRecord stored;
        stored.teamId = summary.teamId;
        stored.record.entity = demo.entity;
        stored.record.id = demo.id;
        QVariantHash values;
        for (const FieldSpec &f : spec->fields) {
            if (f.defaultValue.isValid())
                values.insert(f.name, f.defaultValue);
        }
        for (auto it = demo.values.begin(); it != demo.values.end(); ++it) {
            const FieldSpec *f = spec->field(it.key());
            if (!f)
                return makeError(
                    ErrorCode::Internal, QStringLiteral("demo data has an unknown field"), it.key());
            auto v = Schema::normalize(*f, it.value());
            if (!v)
                return makeError(
                    ErrorCode::Internal, QStringLiteral("demo data does not validate: ") + v.errorString());
            values.insert(f->name, v.value());
        }
        values.insert(sys::Team, summary.teamId);
        values.insert(sys::CreatedBy, summary.userId);
        values.insert(sys::UpdatedBy, summary.userId);
        values.insert(sys::CreatedAt, now);
        values.insert(sys::UpdatedAt, now);
        values.insert(sys::Deleted, false);
        if (Status s = Schema::checkRecord(*spec, values); !s)
            return makeError(
                ErrorCode::Internal, QStringLiteral("demo data does not validate: ") + s.errorString());
        const QString clock = m_hlc.now().toString();
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (it.value().isNull() || !it.value().isValid())
                continue;
            stored.record.values.insert(it.key(), it.value());
            stored.record.clocks.insert(it.key(), clock);
        }
        stored.participantId = RecordStore::participantIdOf(stored.record);
        stored.hidden = demo.entity == u"participant"
            && stored.record.values.value(QStringLiteral("restricted")).toBool();
        if (Status s = store.save(stored, {}); !s)
            return s.error();
        ++summary.records;
    }
    if (Status s
        = AuditLog(m_db, m_clock)
              .record({summary.userId, {}, QStringLiteral("admin-seed-demo"), {}, {}, summary.records});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return summary;
}

} // namespace feltnotat::server
