// The server's storage layer in process, one suite for both backends: compiled once for SQLite
// (tst_serverbackend_sqlite) and once for PostgreSQL (tst_serverbackend_pg, FELTNOTAT_TEST_BACKEND_PG).
#include "core/clock.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "server/accounts.h"
#include "server/loginservice.h"
#include "server/postgresbackend.h"
#include "server/pullbuilder.h"
#include "server/pushprocessor.h"
#include "server/recordstore.h"
#include "server/serverschema.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"
#include "server/syncapi.h"
#include "support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;
using namespace feltnotat::server;

class TestServerBackend : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_database;
    std::unique_ptr<SqlBackend> m_db;
    ManualClock m_clock {QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC)};
    int m_counter = 0;

    protocol::LoginRequest loginRequest(const QString &login, const QString &password, const QString &device)
    {
        return {login, password, device, QStringLiteral("Testtelefon")};
    }

    Result<LoginOutcome> logIn(const QString &login, const QString &password, const QString &device,
        const QHostAddress &from = QHostAddress(QStringLiteral("192.0.2.10")),
        LoginLimiter::Policy policy = {})
    {
        return LoginService(*m_db, m_clock, policy).login(loginRequest(login, password, device), from);
    }

    // A new team with one user (password "passord-1"); the team's id, empty on failure.
    QString teamWithUser(const QString &teamName, const QString &login)
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = accounts.createTeam(teamName).value();
        return accounts.createUser(team, login, login, QStringLiteral("passord-1")).ok() ? team : QString();
    }

private Q_SLOTS:
    void init()
    {
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
#else
        const QString database = m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter));
#endif
        m_database = database;
        auto opened = SqlBackend::open(database);
        QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
        m_db = std::move(opened).value();
        QVERIFY2(ServerSchema::migrate(*m_db).ok(), "migration failed");
    }

    void cleanup()
    {
        m_db.reset();
    }

    void migrationIsIdempotent()
    {
        QVERIFY(ServerSchema::migrate(*m_db).ok());
        QCOMPARE(ServerSchema::version(*m_db).value(), ServerSchema::CurrentVersion);
#ifdef FELTNOTAT_TEST_BACKEND_PG
        QCOMPARE(m_db->kind(), SqlBackend::Kind::Postgres);
#else
        QCOMPARE(m_db->kind(), SqlBackend::Kind::Sqlite);
#endif
    }

    void valuesRoundTrip()
    {
        auto r = m_db->exec(QStringLiteral("SELECT CAST(? AS BIGINT), ?, CAST(NULL AS TEXT), '?' || ?"),
            {qint64(9007199254740993LL), QStringLiteral("blåbær"), QStringLiteral("x")});
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QCOMPARE(r->at(0, 0).toLongLong(), 9007199254740993LL);
        QCOMPARE(r->at(0, 1).toString(), QStringLiteral("blåbær"));
        QVERIFY(r->at(0, 2).isNull());
        QCOMPARE(r->at(0, 3).toString(), QStringLiteral("?x")); // a ? inside a literal is no placeholder
        QCOMPARE(PostgresBackend::convertPlaceholders(QStringLiteral("SELECT '?', \"a?\", ? -- ?\n, ?")),
            QStringLiteral("SELECT '?', \"a?\", $1 -- ?\n, $2"));
        QVERIFY(!m_db->exec(QStringLiteral("SELECT * FROM no_such_table")).ok());
    }

    void statementsStillRunAfterAReconnectAndARollback()
    {
        const QString pidSql = QStringLiteral("SELECT pg_backend_pid(), CAST(? AS BIGINT) + 1");
#ifdef FELTNOTAT_TEST_BACKEND_PG
        // The backend prepares each statement once per connection; a new session has none of them.
        const qint64 pid = m_db->exec(pidSql, {qint64(1)}).value().at(0, 0).toLongLong();
        QCOMPARE(m_db->exec(pidSql, {qint64(41)}).value().at(0, 1).toLongLong(), 42);
        auto other = SqlBackend::open(m_database);
        QVERIFY2(other.ok(), qPrintable(other.errorString()));
        const QString killSql = QStringLiteral("SELECT pg_terminate_backend(?)");
        QVERIFY((*other)->exec(killSql, {pid}).ok());
        // A read outside a transaction that finds the connection gone (a restarted server) runs on a new one.
        auto afterKill = m_db->exec(pidSql, {qint64(1)});
        QVERIFY2(afterKill.ok(), qPrintable(afterKill.errorString()));
        const qint64 secondPid = afterKill->at(0, 0).toLongLong();
        QVERIFY(secondPid != pid);
        // So does a BEGIN: the first request after a restart is served, not answered with an error.
        QVERIFY((*other)->exec(killSql, {secondPid}).ok());
        QVERIFY2(m_db->beginRead().ok(), "a BEGIN on a lost connection starts on a new one");
        QVERIFY(m_db->exec(pidSql, {qint64(1)}).value().at(0, 0).toLongLong() != secondPid);
        QVERIFY(m_db->commit().ok());
        // A write outside a transaction is not sent twice: it may have committed before the connection went.
        const qint64 thirdPid = m_db->exec(pidSql, {qint64(1)}).value().at(0, 0).toLongLong();
        QVERIFY((*other)->exec(killSql, {thirdPid}).ok());
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE teams SET name = name WHERE false")).ok());
        QVERIFY(m_db->exec(QStringLiteral("UPDATE teams SET name = name WHERE false")).ok());
#else
        QCOMPARE(m_db->exec(QStringLiteral("SELECT 1, CAST(? AS INTEGER) + 1"), {qint64(41)})
                     .value()
                     .at(0, 1)
                     .toLongLong(),
            42);
#endif
        // A statement first run inside a transaction that rolls back is still usable after it.
        const QString countSql = QStringLiteral("SELECT count(*) FROM teams WHERE name = ?");
        QVERIFY(m_db->begin().ok());
        QCOMPARE(m_db->exec(countSql, {QStringLiteral("x")}).value().at(0, 0).toLongLong(), 0);
        QVERIFY(!m_db->exec(QStringLiteral("SELECT * FROM no_such_table")).ok());
        m_db->rollback();
        QCOMPARE(m_db->exec(countSql, {QStringLiteral("x")}).value().at(0, 0).toLongLong(), 0);
        // Far more distinct statements than any cache holds all run.
        for (int i = 0; i < 300; ++i) {
            auto r = m_db->exec(QStringLiteral("SELECT %1 + CAST(? AS INTEGER)").arg(i), {qint64(1)});
            QVERIFY2(r.ok(), qPrintable(r.errorString()));
            QCOMPARE(r->at(0, 0).toLongLong(), i + 1);
        }
    }

    void transactionsRollBack()
    {
        Accounts accounts(*m_db, m_clock);
        {
            SqlTransaction tx(*m_db);
            QVERIFY(tx.ok());
            QVERIFY(accounts.createTeam(QStringLiteral("Forsvinner")).ok());
        }
        QCOMPARE(accounts.teams().value().size(), 0);
        {
            SqlTransaction tx(*m_db);
            QVERIFY(accounts.createTeam(QStringLiteral("Blir")).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(accounts.teams().value().size(), 1);
    }

    void accountsLifecycle()
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = accounts.createTeam(QStringLiteral("Team Konto")).value();
        QVERIFY(accounts.findTeam(QStringLiteral("Team Konto")).ok());
        const QString user = accounts
                                 .createUser(team, QStringLiteral("Kari"), QStringLiteral("Kari Test"),
                                     QStringLiteral("passord-1"))
                                 .value();
        QCOMPARE(
            accounts
                .createUser(team, QStringLiteral("kari"), QStringLiteral("Dup"), QStringLiteral("passord-2"))
                .error()
                .code,
            ErrorCode::Conflict);
        QCOMPARE(accounts
                     .createUser(QStringLiteral("nope"), QStringLiteral("x"), QStringLiteral("X"),
                         QStringLiteral("passord-3"))
                     .error()
                     .code,
            ErrorCode::NotFound);

        const QString device = QStringLiteral("abcdef0123456789");
        auto bad = logIn(QStringLiteral("kari"), QStringLiteral("feil"), device);
        QCOMPARE(bad->kind, LoginOutcome::Unauthorized);
        auto ok = logIn(QStringLiteral(" KARI "), QStringLiteral("passord-1"), device);
        QCOMPARE(ok->kind, LoginOutcome::Ok);
        QCOMPARE(ok->response.user.id, user);
        auto auth = accounts.authenticate(ok->response.token);
        QCOMPARE(auth->kind, AuthOutcome::Ok);
        QCOMPARE(auth->identity.teamId, team);
        QCOMPARE(auth->identity.deviceId, device);
        // Only the hash is stored.
        auto stored = m_db->exec(QStringLiteral("SELECT token_hash FROM devices"));
        QVERIFY(!stored->first().toString().contains(ok->response.token));

        QVERIFY(accounts.revokeDevice(device).ok());
        QCOMPARE(accounts.authenticate(ok->response.token)->kind, AuthOutcome::Revoked);
        QCOMPARE(accounts.revokeDevice(QStringLiteral("unknown")).error().code, ErrorCode::NotFound);
        // The revocation survives logging in again from that device (H2).
        QCOMPARE(logIn(QStringLiteral("kari"), QStringLiteral("passord-1"), device)->kind,
            LoginOutcome::DeviceRevoked);
        QCOMPARE(accounts.authenticate(ok->response.token)->kind, AuthOutcome::Revoked);
        QVERIFY(accounts.restoreDevice(device).ok());
        QCOMPARE(accounts.authenticate(ok->response.token)->kind, AuthOutcome::Ok);
        auto again = logIn(QStringLiteral("kari"), QStringLiteral("passord-1"), device);
        QCOMPARE(again->kind, LoginOutcome::Ok);
        QCOMPARE(accounts.authenticate(again->response.token)->kind, AuthOutcome::Ok);
        QVERIFY(accounts.logout(device).ok());
        QCOMPARE(accounts.authenticate(again->response.token)->kind, AuthOutcome::Unknown);
        QCOMPARE(accounts.devices().value().size(), 1);
    }

    void recordStoreKeepsTeamsApart()
    {
        Accounts accounts(*m_db, m_clock);
        const QString a = accounts.createTeam(QStringLiteral("A")).value();
        const QString b = accounts.createTeam(QStringLiteral("B")).value();
        RecordStore store(*m_db, m_clock);
        StoredRecord r;
        r.teamId = a;
        r.record.entity = QStringLiteral("employer");
        r.record.id = QStringLiteral("0b5e2f0c-6a43-4d6f-9a59-7b0f6f0c1a11");
        r.record.values.insert(QStringLiteral("name"), QStringLiteral("Testbedrift"));
        r.record.clocks.insert(QStringLiteral("name"), QStringLiteral("019a8e1c2f000001-dev1"));
        {
            SqlTransaction tx(*m_db);
            QVERIFY(store.save(r, {}).ok());
            QCOMPARE(r.seq, 1);
            QVERIFY(tx.commit().ok());
        }
        {
            // A second insert of the same id, or an update claiming another team, fails.
            SqlTransaction tx(*m_db);
            StoredRecord other = r;
            other.teamId = b;
            QVERIFY(!store.save(other, {}).ok());
        }
        {
            SqlTransaction tx(*m_db);
            StoredRecord other = r;
            other.teamId = b;
            QVERIFY(!store.save(other, b).ok());
        }
        auto loaded = store.load(r.record.entity, r.record.id);
        QVERIFY(loaded.ok() && loaded.value());
        QCOMPARE(loaded.value()->teamId, a);
        QCOMPARE(loaded.value()->record.text(QStringLiteral("name")), QStringLiteral("Testbedrift"));
        QVERIFY(store.isVisible(r.record.entity, r.record.id, a).value());
        QVERIFY(!store.isVisible(r.record.entity, r.record.id, b).value());
    }

    // A pull page ends before its record bodies pass the page size, never in the middle of a record and
    // never empty; the cursor goes on from the last record sent, so every record arrives once, in order.
    void pullPagesEndBeforeTheirSize()
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = teamWithUser(QStringLiteral("Team Sider"), QStringLiteral("sider"));
        QVERIFY(!team.isEmpty());
        auto login
            = logIn(QStringLiteral("sider"), QStringLiteral("passord-1"), QStringLiteral("0123456789abcdef"));
        QVERIFY(login.ok());
        const DeviceIdentity who = accounts.authenticate(login->response.token)->identity;
        RecordStore store(*m_db, m_clock);
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            StoredRecord r;
            r.teamId = team;
            r.record.entity = QStringLiteral("employer");
            r.record.id = Schema::newId();
            const QString clock = QStringLiteral("019a8e1c2f00000%1-dev1").arg(i);
            r.record.values.insert(QStringLiteral("name"), QStringLiteral("Bedrift %1").arg(i));
            r.record.values.insert(QStringLiteral("labour_needs"), QString(1000, QLatin1Char('a' + i)));
            r.record.clocks.insert(QStringLiteral("name"), clock);
            r.record.clocks.insert(QStringLiteral("labour_needs"), clock);
            SqlTransaction tx(*m_db);
            QVERIFY(store.save(r, {}).ok());
            QVERIFY(tx.commit().ok());
            ids << r.record.id;
        }
        // Each body is a little over 1,000 characters: two fit in 2,500, one alone passes 500.
        const std::pair<qint64, QList<int>> cases[] = {{2500, {2, 2, 1}}, {500, {1, 1, 1, 1, 1}}};
        for (const auto &[maxChars, expectedPages] : cases) {
            PullBuilder pull(*m_db, m_clock, maxChars);
            QString cursor;
            QStringList received;
            QList<int> pages;
            for (bool more = true; more;) {
                QVERIFY(pages.size() < 10);
                auto result = pull.pull(who, cursor, 1000);
                QVERIFY2(result.ok(), qPrintable(result.errorString()));
                auto parsed = protocol::PullResponse::parse(result->json);
                QVERIFY2(parsed.ok(), qPrintable(parsed.errorString()));
                pages << int(parsed->changes.size());
                for (const Record &r : std::as_const(parsed->changes))
                    received << r.id;
                more = parsed->more;
                cursor = parsed->cursor;
            }
            QCOMPARE(pages, expectedPages);
            QCOMPARE(received, ids);
        }
        // The item limit still applies below the size.
        PullBuilder pull(*m_db, m_clock, 1000000);
        auto two = protocol::PullResponse::parse(pull.pull(who, QString(), 2)->json);
        QCOMPARE(two->changes.size(), 2);
        QVERIFY(two->more);
    }

    void pushAndPullInProcess()
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = accounts.createTeam(QStringLiteral("Team Synk")).value();
        QVERIFY(
            accounts
                .createUser(team, QStringLiteral("synk"), QStringLiteral("Synk"), QStringLiteral("passord-1"))
                .ok());
        const QString deviceId = QStringLiteral("0123456789abcdef");
        auto login = logIn(QStringLiteral("synk"), QStringLiteral("passord-1"), deviceId);
        const DeviceIdentity who = accounts.authenticate(login->response.token)->identity;

        HlcClock hlc(&m_clock, QStringLiteral("srvtest"));
        const QString clock = Hlc {m_clock.nowMs(), 0, deviceId}.toString();
        const QByteArray body = QJsonDocument(
            QJsonObject {{QStringLiteral("device_id"), deviceId},
                {QStringLiteral("mutations"),
                    QJsonArray {QJsonObject {{QStringLiteral("seq"), 1},
                        {QStringLiteral("entity"), QStringLiteral("employer")},
                        {QStringLiteral("id"), QStringLiteral("6c0f3a2e-8d4b-4c1e-9f7a-2b3c4d5e6f70")},
                        {QStringLiteral("fields"),
                            QJsonObject {
                                {QStringLiteral("name"), QJsonArray {QStringLiteral("Synk AS"), clock}}}}}}}})
                                    .toJson();
        auto request = protocol::PushRequest::parse(body);
        QVERIFY(request.ok());
        PushProcessor push(*m_db, m_clock, hlc, 5 * 60 * 1000);
        auto first = push.push(who, request.value());
        QVERIFY2(first.ok(), qPrintable(first.errorString()));
        QCOMPARE(first->appliedThrough, 1);
        auto replay = push.push(who, request.value());
        QCOMPARE(replay->appliedThrough, 1);

        PullBuilder pull(*m_db, m_clock);
        auto result = pull.pull(who, QString(), 100);
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        auto parsed = protocol::PullResponse::parse(result->json);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorString()));
        QCOMPARE(parsed->changes.size(), 1);
        QCOMPARE(parsed->changes.first().text(QStringLiteral("name")), QStringLiteral("Synk AS"));
        QCOMPARE(parsed->changes.first().text(QStringLiteral("team")), team);
        QVERIFY(!parsed->more);
        auto next = pull.pull(who, parsed->cursor, 100);
        QCOMPARE(protocol::PullResponse::parse(next->json)->changes.size(), 0);
        QVERIFY(!pull.pull(who, QStringLiteral("garbage"), 100).ok());
    }

    // The sync routes as the fleet uses them (issue 15, item 9): every pull page leaves its audit line
    // (with the number of changes it handed out) before its data, a push's feed numbers follow on from
    // the team's counter without a gap, and a device's contact is recorded whether its push is taken
    // (in the push's own transaction) or refused.
    void syncRoutesAuditPullsAndRecordContact()
    {
        const QString team = teamWithUser(QStringLiteral("Team Flåte"), QStringLiteral("flate"));
        QVERIFY(!team.isEmpty());
        const QString deviceId = QStringLiteral("fedcba9876543210");
        auto login = logIn(QStringLiteral("flate"), QStringLiteral("passord-1"), deviceId);
        QVERIFY(login.ok() && login->kind == LoginOutcome::Ok);
        const QByteArray token = login->response.token.toLatin1();
        HlcClock hlc(&m_clock, QStringLiteral("srvtest"));
        SyncApi api(*m_db, m_clock, hlc, SyncApi::Options {});
        const auto request = [&](const QByteArray &method, const QString &path, const QByteArray &body = {}) {
            ApiRequest r;
            r.method = method;
            const qsizetype q = path.indexOf(u'?');
            r.path = path.left(q);
            if (q >= 0)
                r.query = QUrlQuery(path.mid(q + 1));
            r.headers = {{"Feltnotat-Protocol", "1"}, {"Authorization", "Bearer " + token}};
            r.body = body;
            r.client = QHostAddress(QStringLiteral("192.0.2.20"));
            return api.handle(r);
        };
        const auto lastSeen = [&] {
            return m_db->exec(QStringLiteral("SELECT last_seen_at FROM devices WHERE id = ?"), {deviceId})
                ->first()
                .toLongLong();
        };
        const auto pushBody = [&](qint64 from, int count) {
            QJsonArray mutations;
            for (int i = 0; i < count; ++i) {
                const QString clock = Hlc {m_clock.nowMs(), quint32(i), deviceId}.toString();
                mutations.append(QJsonObject {{QStringLiteral("seq"), from + i},
                    {QStringLiteral("entity"), QStringLiteral("employer")},
                    {QStringLiteral("id"), Schema::newId()},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"),
                            QJsonArray {QStringLiteral("Flåte AS %1").arg(from + i), clock}}}}});
            }
            return QJsonDocument(QJsonObject {{QStringLiteral("device_id"), deviceId},
                                     {QStringLiteral("mutations"), mutations}})
                .toJson(QJsonDocument::Compact);
        };

        // A refused push (a body that is no JSON) still counts as contact once it is due.
        m_clock.advanceMs(2 * Accounts::LastSeenResolutionMs);
        QCOMPARE(request("POST", QStringLiteral("/v1/push"), "{not json").status, 400);
        QCOMPARE(lastSeen(), m_clock.nowMs());
        // A taken push records it in its own transaction; its feed numbers follow the counter.
        m_clock.advanceMs(2 * Accounts::LastSeenResolutionMs);
        const qint64 before
            = m_db->exec(QStringLiteral("SELECT seq FROM teams WHERE id = ?"), {team})->first().toLongLong();
        ApiResponse pushed = request("POST", QStringLiteral("/v1/push"), pushBody(1, 3));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(lastSeen(), m_clock.nowMs());
        QCOMPARE(
            m_db->exec(QStringLiteral("SELECT seq FROM teams WHERE id = ?"), {team})->first().toLongLong(),
            before + 3);
        auto seqs
            = m_db->exec(QStringLiteral("SELECT seq FROM records WHERE team_id = ? ORDER BY seq"), {team});
        QCOMPARE(seqs->size(), 3);
        for (qsizetype i = 0; i < 3; ++i)
            QCOMPARE(seqs->at(i, 0).toLongLong(), before + 1 + i);

        // Two pages of two and one change: one audit line each, with its count.
        ApiResponse first = request("GET", QStringLiteral("/v1/pull?limit=2"));
        QCOMPARE(first.status, 200);
        auto page = protocol::PullResponse::parse(first.body);
        QVERIFY2(page.ok(), qPrintable(page.errorString()));
        QCOMPARE(page->changes.size(), 2);
        QVERIFY(page->more);
        ApiResponse second = request("GET",
            QStringLiteral("/v1/pull?limit=2&cursor=")
                + QString::fromLatin1(QUrl::toPercentEncoding(page->cursor)));
        QCOMPARE(second.status, 200);
        QCOMPARE(protocol::PullResponse::parse(second.body)->changes.size(), 1);
        auto audit = m_db->exec(
            QStringLiteral(
                "SELECT count FROM audit WHERE device_id = ? AND action = 'pull' ORDER BY count DESC"),
            {deviceId});
        QCOMPARE(audit->size(), 2);
        QCOMPARE(audit->at(0, 0).toLongLong(), 2);
        QCOMPARE(audit->at(1, 0).toLongLong(), 1);
        QCOMPARE(
            m_db->exec(QStringLiteral("SELECT count(*) FROM audit WHERE device_id = ? AND action = 'push'"),
                    {deviceId})
                ->first()
                .toLongLong(),
            3);
    }

    // Offboarding in process, with a clock that can jump a month: disable/enable, sign out everywhere,
    // wipe orders and token expiry, each with its own outcome (H2, L7).
    void offboardingOutcomes()
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = accounts.createTeam(QStringLiteral("Team Slutt")).value();
        QVERIFY(
            accounts
                .createUser(team, QStringLiteral("slutter"), QStringLiteral("S"), QStringLiteral("passord-1"))
                .ok());
        const QString phone = QStringLiteral("00000000000000000000000000000001");
        const QString laptop = QStringLiteral("00000000000000000000000000000002");
        const QString t1
            = logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), phone)->response.token;
        const QString t2
            = logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), laptop)->response.token;
        QCOMPARE(accounts.authenticate(t1)->kind, AuthOutcome::Ok);

        // Disabled: every token at once, and logins, whatever the device.
        QCOMPARE(accounts.disableUser(QStringLiteral("SLUTTER"), false).value(), 2);
        QCOMPARE(accounts.authenticate(t1)->kind, AuthOutcome::UserDisabled);
        QCOMPARE(accounts.authenticate(t2)->kind, AuthOutcome::UserDisabled);
        QCOMPARE(logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), phone)->kind,
            LoginOutcome::UserDisabled);
        QCOMPARE(logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"),
                     QStringLiteral("0123456789abcdef00"))
                     ->kind,
            LoginOutcome::UserDisabled);
        QCOMPARE(logIn(QStringLiteral("slutter"), QStringLiteral("feil"), phone)->kind,
            LoginOutcome::Unauthorized);
        QVERIFY(accounts.findUser(QStringLiteral("slutter"))->disabled);
        // Enabled again: the old tokens stay dead, a new login works and keeps the device's sequence.
        QVERIFY(accounts.enableUser(QStringLiteral("slutter")).ok());
        QCOMPARE(accounts.authenticate(t1)->kind, AuthOutcome::Revoked);
        const QString t3
            = logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), phone)->response.token;
        QCOMPARE(accounts.authenticate(t3)->kind, AuthOutcome::Ok);

        // Sign out everywhere; logging in again is allowed.
        QCOMPARE(
            accounts.revokeUser(QStringLiteral("slutter")).value(), 1); // the laptop has not logged in again
        QCOMPARE(accounts.authenticate(t3)->kind, AuthOutcome::Revoked);
        const QString t4
            = logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), phone)->response.token;
        QCOMPARE(accounts.authenticate(t4)->kind, AuthOutcome::Ok);

        // A new password, and the devices signed out with it (unless kept).
        QCOMPARE(
            accounts.setPassword(QStringLiteral("slutter"), QStringLiteral("nytt-passord"), false).value(),
            1);
        QCOMPARE(accounts.authenticate(t4)->kind, AuthOutcome::Revoked);
        QCOMPARE(logIn(QStringLiteral("slutter"), QStringLiteral("passord-1"), phone)->kind,
            LoginOutcome::Unauthorized);
        const QString t5
            = logIn(QStringLiteral("slutter"), QStringLiteral("nytt-passord"), phone)->response.token;
        QVERIFY(accounts.setPassword(QStringLiteral("slutter"), QStringLiteral("tredje-passord"), true).ok());
        QCOMPARE(accounts.authenticate(t5)->kind, AuthOutcome::Ok);

        // Expiry after a month without contact; contact keeps a token alive.
        m_clock.advanceMs(20LL * 24 * 3600 * 1000);
        QCOMPARE(accounts.authenticate(t5)->kind, AuthOutcome::Ok);
        m_clock.advanceMs(20LL * 24 * 3600 * 1000);
        QCOMPARE(accounts.authenticate(t5)->kind, AuthOutcome::Ok);
        m_clock.advanceMs(31LL * 24 * 3600 * 1000);
        QCOMPARE(accounts.authenticate(t5)->kind, AuthOutcome::Expired);
        QCOMPARE(accounts.authenticate(t5, 0)->kind, AuthOutcome::Ok); // lifetime 0: never expires

        // A wipe order answers before anything else, also to a login from that device.
        QVERIFY(accounts.wipeDevice(phone).ok());
        QCOMPARE(accounts.authenticate(t5)->kind, AuthOutcome::Wipe);
        QCOMPARE(logIn(QStringLiteral("slutter"), QStringLiteral("tredje-passord"), phone)->kind,
            LoginOutcome::DeviceWipe);
        QCOMPARE(accounts.disableUser(QStringLiteral("slutter"), true).value(),
            1); // the laptop; the phone has one
        QCOMPARE(accounts.devices()->size(), 2);
        for (const DeviceRow &d : accounts.devices().value())
            QVERIFY(d.wipeRequestedAt != 0);
        QCOMPARE(accounts.disableUser(QStringLiteral("ukjent"), false).error().code, ErrorCode::NotFound);
    }

    // Back-off instead of lockout (M6), keyed hashes instead of typed text (L10).
    void loginLimits()
    {
        Accounts accounts(*m_db, m_clock);
        const QString team = accounts.createTeam(QStringLiteral("Team Grense")).value();
        QVERIFY(
            accounts
                .createUser(team, QStringLiteral("grense"), QStringLiteral("G"), QStringLiteral("passord-1"))
                .ok());
        const QString known = QStringLiteral("0000000000000000000000000000000a");
        QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), known)->kind, LoginOutcome::Ok);
        const QString stranger = QStringLiteral("0000000000000000000000000000000b");
        const QHostAddress attacker(QStringLiteral("198.51.100.7"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("hemmelig-%1").arg(i), stranger, attacker)
                         ->kind,
                LoginOutcome::Unauthorized);
        // Past the free failures an unknown device waits, briefly, from any address ...
        auto held = logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), stranger);
        QCOMPARE(held->kind, LoginOutcome::RateLimited);
        QCOMPARE(held->retryAfterSeconds, 1);
        // ... but the worker's own device is not locked out.
        QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), known)->kind, LoginOutcome::Ok);
        m_clock.advanceMs(1000);
        QCOMPARE(
            logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), stranger)->kind, LoginOutcome::Ok);
        // The wait doubles with each further failure (from any address) and is capped at 5 minutes.
        // (stranger is a known device now: another one.)
        const QString other = QStringLiteral("0000000000000000000000000000000d");
        QList<int> waits;
        for (int i = 0; i < 40 && waits.size() < 10; ++i) {
            auto r = logIn(QStringLiteral("grense"), QStringLiteral("feil"), other,
                QHostAddress(QStringLiteral("203.0.113.%1").arg(i + 1)));
            if (r->kind == LoginOutcome::RateLimited) {
                waits.append(r->retryAfterSeconds);
                m_clock.advanceMs(qint64(r->retryAfterSeconds) * 1000);
            }
        }
        QCOMPARE(waits, (QList<int> {1, 2, 4, 8, 16, 32, 64, 128, 256, 300}));

        // Spraying many logins from one address is held back too, per address.
        m_clock.advanceMs(60LL * 60 * 1000);
        LoginLimiter::Policy policy;
        policy.freeAddressFailures = 3;
        for (int i = 0; i < 3; ++i)
            QCOMPARE(logIn(QStringLiteral("spray%1").arg(i), QStringLiteral("x"), stranger, attacker, policy)
                         ->kind,
                LoginOutcome::Unauthorized);
        QCOMPARE(logIn(QStringLiteral("spray9"), QStringLiteral("x"), stranger, attacker, policy)->kind,
            LoginOutcome::RateLimited);
        QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), stranger,
                     QHostAddress(QStringLiteral("192.0.2.99")), policy)
                     ->kind,
            LoginOutcome::Ok);
        QCOMPARE(Accounts::escapeForDisplay(QStringLiteral("Telefon\u001b[2J\u202e")),
            QStringLiteral("Telefon\\u001b[2J\\u202e"));
        // A global budget holds unknown devices back, known ones still get in.
        policy.globalFailuresPerMinute = 3;
        policy.freeAddressFailures = 100;
        const QString fresh = QStringLiteral("0000000000000000000000000000000c");
        QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), fresh,
                     QHostAddress(QStringLiteral("192.0.2.98")), policy)
                     ->kind,
            LoginOutcome::RateLimited);
        QCOMPARE(logIn(QStringLiteral("grense"), QStringLiteral("passord-1"), known,
                     QHostAddress(QStringLiteral("192.0.2.98")), policy)
                     ->kind,
            LoginOutcome::Ok);

        // Nothing typed is stored: no login, no password typed as a login, no address.
        auto rows = m_db->exec(QStringLiteral("SELECT login_key, address_key FROM login_failures"));
        QVERIFY(rows->size() >= 3); // the spraying; a success forgets its login's failures
        for (const QVariantList &row : rows->rows) {
            for (const QVariant &v : row) {
                const QString text = v.toString();
                QCOMPARE(text.size(), 64);
                QVERIFY(!text.contains(u"grense") && !text.contains(u"spray") && !text.contains(u"198.51"));
            }
        }
        // Control characters in a login or device name are refused before anything else.
        QCOMPARE(logIn(QStringLiteral("gren\u0000se"), QStringLiteral("passord-1"), known).error().code,
            ErrorCode::Invalid);
        QCOMPARE(LoginService(*m_db, m_clock)
                     .login({QStringLiteral("grense"), QStringLiteral("passord-1"), known,
                                QStringLiteral("Telefon\u001b[31m\u202e")},
                         QHostAddress::LocalHost)
                     .error()
                     .code,
            ErrorCode::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestServerBackend)
#include "tst_serverbackend.moc"
