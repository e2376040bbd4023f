// feltnotat-bench-seed: synthetic data for the sync benchmarks, written straight into a server
// database (SQLite path or postgresql:// URL), and the same data as JSON lines for the PouchDB peer.
//   demo  --db DB --records N          : seed-demo's team and user (demo/demo) at a scale of >= N records
//   teams --db DB --teams T --scale S  : T teams "bench-team-<t>", user "bench<t>" (password
//                                        "bench-password"), demo data at scale S in each
//   dump  --records N --out FILE       : the demo data set as JSON lines (entity, id, fields)
//   fleet --db DB --teams T --team-size N --out FILE
//                                      : T teams "fleet-team-<t>" of N users with one device each and
//                                        its token, written straight into the database (no logins); FILE
//                                        (owner-only) gets one line per device: team index, team id,
//                                        user id, device id, token, tab-separated (feltnotat-bench-fleet)
#include "benchutil.h"
#include "core/clock.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "server/accounts.h"
#include "server/demoseeder.h"
#include "server/devicetoken.h"
#include "server/passwordhasher.h"
#include "server/recordstore.h"
#include "server/serverschema.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimeZone>
#include <QUuid>

#include <cstdio>

using namespace feltnotat;
using namespace feltnotat::bench;
using namespace feltnotat::server;

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "feltnotat-bench-seed: %s\n", qPrintable(why));
    return 1;
}

std::unique_ptr<SqlBackend> openDb(const Args &args)
{
    auto db = SqlBackend::open(args.value(QStringLiteral("db")));
    if (!db) {
        fail(db.errorString());
        return nullptr;
    }
    if (Status s = ServerSchema::migrate(*db.value()); !s) {
        fail(s.errorString());
        return nullptr;
    }
    return std::move(db).value();
}

int seedDemo(const Args &args)
{
    auto db = openDb(args);
    if (!db)
        return 1;
    int scale = 0;
    demoRecords(args.integer(QStringLiteral("records"), 50000), QStringLiteral("x"), &scale);
    HlcClock hlc(SystemClock::instance(), QStringLiteral("srvbench0000"));
    DemoSeeder seeder(*db, *SystemClock::instance(), hlc);
    const auto start = Timer::now();
    const QTimeZone zone = QTimeZone::systemTimeZone();
    auto summary = seeder.seed(QDate::currentDate(), zone, scale);
    if (!summary)
        return fail(summary.errorString());
    report(QStringLiteral("seed_demo"),
        {{QStringLiteral("records"), summary->records}, {QStringLiteral("scale"), scale},
            {QStringLiteral("already"), summary->alreadySeeded},
            {QStringLiteral("ms"), std::round(msSince(start))}});
    return 0;
}

int seedTeams(const Args &args)
{
    auto db = openDb(args);
    if (!db)
        return 1;
    const int teams = int(args.integer(QStringLiteral("teams"), 20));
    const int scale = int(args.integer(QStringLiteral("scale"), 2));
    const Clock &clock = *SystemClock::instance();
    HlcClock hlc(&clock, QStringLiteral("srvbench0000"));
    qint64 records = 0;
    for (int t = 0; t < teams; ++t) {
        SqlTransaction tx(*db);
        if (!tx.ok())
            return fail(tx.status().errorString());
        Accounts accounts(*db, clock);
        auto team = accounts.createTeam(QStringLiteral("bench-team-%1").arg(t));
        if (!team)
            return fail(team.errorString());
        auto user = accounts.createUser(team.value(), QStringLiteral("bench%1").arg(t),
            QStringLiteral("Bench %1").arg(t), QStringLiteral("bench-password"));
        if (!user)
            return fail(user.errorString());
        RecordStore store(*db, clock);
        for (const DemoRecord &d : demoData(
                 QDate::currentDate(), QTimeZone::systemTimeZone(), user.value(), scale, quint32(2026 + t))) {
            StoredRecord stored;
            stored.teamId = team.value();
            stored.record = pulledRecord(d, team.value(), user.value(), hlc.now().toString());
            stored.participantId = RecordStore::participantIdOf(stored.record);
            stored.hidden
                = d.entity == u"participant" && d.values.value(QStringLiteral("restricted")).toBool();
            if (Status s = store.save(stored, {}); !s)
                return fail(s.errorString());
            ++records;
        }
        if (Status s = tx.commit(); !s)
            return fail(s.errorString());
    }
    report(QStringLiteral("seed_teams"),
        {{QStringLiteral("teams"), teams}, {QStringLiteral("records"), records}});
    return 0;
}

// Synthetic accounts for the fleet run: every user has the same password hash (one Argon2id hash, not
// 20,000) and every device a fresh random token, as a login would have left them.
int seedFleet(const Args &args)
{
    auto db = openDb(args);
    if (!db)
        return 1;
    const int teams = int(args.integer(QStringLiteral("teams"), 2000));
    const int teamSize = int(args.integer(QStringLiteral("team-size"), 10));
    if (teams < 1 || teamSize < 1)
        return fail(QStringLiteral("--teams and --team-size must be at least 1"));
    QFile out(args.value(QStringLiteral("out")));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fail(QStringLiteral("cannot write the token file (--out)"));
    const auto start = Timer::now();
    auto hash = PasswordHasher::hash(QStringLiteral("fleet-password"));
    if (!hash)
        return fail(hash.errorString());
    const Clock &clock = *SystemClock::instance();
    const qint64 now = clock.nowMs();
    constexpr int TeamsPerTransaction = 50;
    for (int first = 0; first < teams; first += TeamsPerTransaction) {
        SqlTransaction tx(*db);
        if (!tx.ok())
            return fail(tx.status().errorString());
        QByteArray lines;
        for (int t = first; t < std::min(teams, first + TeamsPerTransaction); ++t) {
            auto team = Accounts(*db, clock).createTeam(QStringLiteral("fleet-team-%1").arg(t));
            if (!team)
                return fail(team.errorString());
            for (int m = 0; m < teamSize; ++m) {
                const QString userId = Schema::newId();
                auto user
                    = db->exec(QStringLiteral("INSERT INTO users (id, team_id, login, name, password_hash, "
                                              "disabled, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)"),
                        {userId, team.value(), QStringLiteral("fleet%1-%2").arg(t).arg(m),
                            QStringLiteral("Flåte %1-%2").arg(t).arg(m), hash.value(), now});
                if (!user)
                    return fail(user.errorString());
                const QString deviceId = QUuid::createUuid().toString(QUuid::Id128);
                const QString token = DeviceToken::generate();
                auto device
                    = db->exec(QStringLiteral("INSERT INTO devices (id, user_id, token_hash, name, last_seq, "
                                              "created_at, last_seen_at) VALUES (?, ?, ?, ?, 0, ?, ?)"),
                        {deviceId, userId, DeviceToken::hash(token),
                            QStringLiteral("flåtetelefon %1-%2").arg(t).arg(m), now, now});
                if (!device)
                    return fail(device.errorString());
                lines += QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
                             .arg(t)
                             .arg(team.value(), userId, deviceId, token)
                             .toLatin1();
            }
        }
        if (Status s = tx.commit(); !s)
            return fail(s.errorString());
        if (out.write(lines) != lines.size())
            return fail(QStringLiteral("cannot write the token file (--out)"));
    }
    if (!out.flush())
        return fail(QStringLiteral("cannot write the token file (--out)"));
    report(QStringLiteral("seed_fleet"),
        {{QStringLiteral("teams"), teams}, {QStringLiteral("devices"), qint64(teams) * teamSize},
            {QStringLiteral("ms"), std::round(msSince(start))}});
    return 0;
}

int dump(const Args &args)
{
    QFile out(args.value(QStringLiteral("out")));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(QStringLiteral("cannot write the dump file"));
    int scale = 0;
    const QList<DemoRecord> records
        = demoRecords(args.integer(QStringLiteral("records"), 50000), QStringLiteral("x"), &scale);
    HlcClock hlc(SystemClock::instance(), QStringLiteral("srvbench0000"));
    for (const DemoRecord &d : records) {
        const Record r = pulledRecord(
            d, QStringLiteral("bench-team"), QStringLiteral("bench-user"), hlc.now().toString());
        QJsonObject fields = r.toJson();
        fields.remove(QStringLiteral("id"));
        const QJsonObject line {{QStringLiteral("entity"), r.entity}, {QStringLiteral("id"), r.id},
            {QStringLiteral("fields"), fields}};
        out.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
        out.write("\n");
    }
    report(QStringLiteral("dump"),
        {{QStringLiteral("records"), records.size()}, {QStringLiteral("scale"), scale}});
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QString mode = args.positional().value(0);
    if (mode == u"demo")
        return seedDemo(args);
    if (mode == u"teams")
        return seedTeams(args);
    if (mode == u"dump")
        return dump(args);
    if (mode == u"fleet")
        return seedFleet(args);
    std::fprintf(stderr, "usage: feltnotat-bench-seed demo|teams|dump|fleet [--options]\n");
    return 2;
}
