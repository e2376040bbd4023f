// The sync API against the real feltnotat-server process (SQLite): login, push and pull, exactly-once
// replays, field merge and conflicts, clock skew, validation rejections, tombstones and the reset
// after compaction, demo seeding. Synthetic data only.
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-1");

QJsonObject participantFields(const Device &d, const QString &name, qint64 wall, quint32 counter = 0)
{
    const QString c = clock(wall, d.deviceId, counter);
    return {{QStringLiteral("name"), change(name, c)}, {QStringLiteral("team"), change(d.teamId, c)},
        {QStringLiteral("stage"), change(QStringLiteral("engagement"), c)},
        {QStringLiteral("deleted"), change(false, c)},
        {QStringLiteral("created_at"), change(QStringLiteral("2026-11-23T09:00:00Z"), c)}};
}
} // namespace

class TestServerApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_owned;
    ServerProcess *m_server = nullptr;
    std::unique_ptr<ApiClient> m_api;
    QString m_teamA;
    qint64 m_now = 0;
    int m_users = 0;

    Device newDevice(const QString &deviceId = {})
    {
        // Each test gets its own user in team A, so exactly-once counters never interfere.
        const QString login = QStringLiteral("bruker%1").arg(++m_users);
        if (m_server->createUser(m_teamA, login, Password).isEmpty())
            return {};
        return m_api->loginDevice(login, Password, deviceId);
    }
    Device deviceOf(const QString &login) { return m_api->loginDevice(login, Password); }

private Q_SLOTS:
    void initTestCase()
    {
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        ServerProcess::Options options;
        options.database = database;
        m_owned = std::make_unique<ServerProcess>(options);
#else
        m_owned = std::make_unique<ServerProcess>();
#endif
        m_server = m_owned.get();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_teamA = m_server->createTeam(QStringLiteral("Team Nord"));
        QVERIFY2(!m_teamA.isEmpty(), qPrintable(m_server->errorString()));
        m_api = std::make_unique<ApiClient>(m_server->url());
        m_now = QDateTime::currentMSecsSinceEpoch();
    }

    void healthz()
    {
        const Reply r = m_api->request("GET", QStringLiteral("/healthz"), {}, {}, false);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
#ifdef FELTNOTAT_TEST_BACKEND_PG
        QCOMPARE(r.json().value(QStringLiteral("storage")).toString(), QStringLiteral("postgresql"));
#else
        QCOMPARE(r.json().value(QStringLiteral("storage")).toString(), QStringLiteral("sqlite"));
#endif
        QCOMPARE(r.json().value(QStringLiteral("protocol")).toInt(), 1);
    }

    void login()
    {
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("kari"), Password).isEmpty());
        const QString deviceId = ApiClient::newDeviceId();
        const Reply ok = m_api->login(QStringLiteral("kari"), Password, deviceId);
        QCOMPARE(ok.status, 200);
        const QJsonObject o = ok.json();
        QCOMPARE(o.value(QStringLiteral("token")).toString().size(), 43);
        QCOMPARE(o.value(QStringLiteral("device_id")).toString(), deviceId);
        QCOMPARE(
            o.value(QStringLiteral("user")).toObject().value(QStringLiteral("team")).toString(), m_teamA);
        QCOMPARE(o.value(QStringLiteral("user")).toObject().value(QStringLiteral("team_name")).toString(),
            QStringLiteral("Team Nord"));

        const Reply wrong = m_api->login(QStringLiteral("kari"), QStringLiteral("feil-passord"), deviceId);
        const Reply unknown = m_api->login(QStringLiteral("ukjent"), Password, deviceId);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(wrong.body, unknown.body); // no hint whether the login exists

        // Logging in again from the same device replaces the token.
        const Reply again = m_api->login(QStringLiteral("kari"), Password, deviceId);
        QCOMPARE(again.status, 200);
        const QString oldToken = o.value(QStringLiteral("token")).toString();
        const QString newToken = again.json().value(QStringLiteral("token")).toString();
        QVERIFY(oldToken != newToken);
        QCOMPARE(m_api->get(QStringLiteral("/v1/pull?cursor="), oldToken).status, 401);
        QCOMPARE(m_api->get(QStringLiteral("/v1/pull?cursor="), newToken).status, 200);

        // The device belongs to kari: another user cannot take it over.
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("ola"), Password).isEmpty());
        QCOMPARE(m_api->login(QStringLiteral("ola"), Password, deviceId).status, 403);
    }

    // The device policy (docs/sync-protocol.md): the idle-lock minutes come with the login and with
    // every pull page, 5 by default and what --idle-lock-minutes says otherwise.
    void devicePolicyInLoginAndPull()
    {
        const auto idleLock = [](const QJsonObject &o) {
            return o.value(QStringLiteral("policy"))
                .toObject()
                .value(QStringLiteral("idle_lock_minutes"))
                .toInt();
        };
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("policy.bruker"), Password).isEmpty());
        const Reply login = m_api->login(QStringLiteral("policy.bruker"), Password, ApiClient::newDeviceId());
        QCOMPARE(login.status, 200);
        QCOMPARE(idleLock(login.json()), 5);
        const Reply pull = m_api->pull(deviceOf(QStringLiteral("policy.bruker")), QString());
        QCOMPARE(pull.status, 200);
        QCOMPARE(idleLock(pull.json()), 5);

        ServerProcess::Options options;
        options.extraArgs = {QStringLiteral("--idle-lock-minutes"), QStringLiteral("12")};
        ServerProcess strict(options);
        QVERIFY2(strict.start(), qPrintable(strict.errorString()));
        const QString team = strict.createTeam(QStringLiteral("Team Streng"));
        QVERIFY(!strict.createUser(team, QStringLiteral("streng"), Password).isEmpty());
        ApiClient api(strict.url());
        const Reply strictLogin = api.login(QStringLiteral("streng"), Password, ApiClient::newDeviceId());
        QCOMPARE(strictLogin.status, 200);
        QCOMPARE(idleLock(strictLogin.json()), 12);
        const Device s = api.loginDevice(QStringLiteral("streng"), Password);
        const Reply strictPull = api.pull(s, QString());
        QCOMPARE(strictPull.status, 200);
        QCOMPARE(idleLock(strictPull.json()), 12);
    }

    // device_name is optional in a login: without it the device is stored with an empty name (it was a
    // NULL in a NOT NULL column, so the sign-in failed with 503).
    void loginWithoutDeviceName()
    {
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("navnlos"), Password).isEmpty());
        const QJsonObject body {{QStringLiteral("login"), QStringLiteral("navnlos")},
            {QStringLiteral("password"), Password}, {QStringLiteral("device_id"), ApiClient::newDeviceId()}};
        const Reply r
            = m_api->post(QStringLiteral("/v1/login"), QJsonDocument(body).toJson(QJsonDocument::Compact));
        QCOMPARE(r.status, 200);
        QCOMPARE(
            m_api->get(QStringLiteral("/v1/pull?cursor="), r.json().value(QStringLiteral("token")).toString())
                .status,
            200);
    }

    // The team directory (/v1/team): the members of the device's own team with their display
    // names, disabled ones marked; no logins, nothing of another team, nothing without a token.
    void teamDirectory()
    {
        const QString teamB = m_server->createTeam(QStringLiteral("Team Sør"));
        const QString colleague = m_server->createUser(
            m_teamA, QStringLiteral("kollega.nord"), Password, QStringLiteral("Kari Nordmann"));
        QVERIFY(!colleague.isEmpty());
        QVERIFY(!m_server->createUser(teamB, QStringLiteral("annen.sor"), Password, QStringLiteral("Ola Sør"))
                     .isEmpty());
        const Device d = newDevice();
        QVERIFY(!d.token.isEmpty());
        const Reply r = m_api->get(QStringLiteral("/v1/team"), d.token);
        QCOMPARE(r.status, 200);
        QHash<QString, QString> names;
        for (const QJsonValue &u : r.json().value(QStringLiteral("users")).toArray()) {
            const QJsonObject o = u.toObject();
            QVERIFY(!o.contains(QStringLiteral("login")));
            QVERIFY(o.value(QStringLiteral("active")).toBool());
            names.insert(
                o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString());
        }
        QCOMPARE(names.value(colleague), QStringLiteral("Kari Nordmann"));
        QVERIFY(names.contains(d.userId));
        QVERIFY(!names.values().contains(QStringLiteral("Ola Sør")));
        QCOMPARE(m_api->get(QStringLiteral("/v1/team")).status, 401);
        QCOMPARE(m_api->post(QStringLiteral("/v1/team"), "{}", d.token).status, 405);
    }

    // M6: failed logins slow an unknown device down (1 s, 2 s, 4 s, …) instead of locking the login
    // out for 15 minutes; the right password works as soon as the short wait is over.
    void loginRateLimit()
    {
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("treg"), Password).isEmpty());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(m_api
                         ->login(QStringLiteral("treg"), QStringLiteral("feil-%1").arg(i),
                             ApiClient::newDeviceId())
                         .status,
                401);
        Reply limited;
        for (int i = 0; i < 6 && limited.status != 429; ++i) // a slow machine may already be past a wait
            limited = m_api->login(
                QStringLiteral("treg"), QStringLiteral("feil-igjen"), ApiClient::newDeviceId());
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), QStringLiteral("rate_limited"));
        const int wait = limited.header("Retry-After").toInt();
        QVERIFY(wait > 0 && wait <= 60);
        QTest::qWait(wait * 1000);
        QCOMPARE(m_api->login(QStringLiteral("treg"), Password, ApiClient::newDeviceId()).status, 200);
    }

    void pushPullRoundTrip()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        QVERIFY(!a.token.isEmpty() && !b.token.isEmpty());
        const QString id = newId();
        const Reply push = m_api->push(a,
            {mutation(1, QStringLiteral("participant"), id,
                participantFields(a, QStringLiteral("Testdeltaker En"), m_now))});
        QCOMPARE(push.status, 200);
        QCOMPARE(push.json().value(QStringLiteral("applied_through")).toInt(), 1);
        QVERIFY(push.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        QVERIFY(push.json().value(QStringLiteral("server_time")).toDouble() > 0);

        const PullState state = pullAll(*m_api, b);
        QCOMPARE(state.lastStatus, 200);
        QVERIFY(state.records.contains(id));
        const QJsonObject fields = state.records.value(id);
        QCOMPARE(fieldValue(fields, QStringLiteral("name")).toString(), QStringLiteral("Testdeltaker En"));
        QCOMPARE(fieldValue(fields, QStringLiteral("team")).toString(), m_teamA);
        // The server stamps the author.
        QCOMPARE(fieldValue(fields, QStringLiteral("created_by")).toString(), a.userId);

        // Caught up: pulling again from the cursor gives nothing new.
        const Reply again = m_api->pull(b, state.cursor);
        QCOMPARE(again.status, 200);
        QVERIFY(again.json().value(QStringLiteral("changes")).toArray().isEmpty());
        QCOMPARE(again.json().value(QStringLiteral("more")).toBool(), false);
        QCOMPARE(again.json().value(QStringLiteral("cursor")).toString(), state.cursor);
    }

    void pullInBatches()
    {
        const Device a = newDevice();
        QJsonArray batch;
        QStringList ids;
        for (int i = 0; i < 25; ++i) {
            ids << newId();
            batch.append(mutation(i + 1, QStringLiteral("employer"), ids.last(),
                {{QStringLiteral("name"),
                     change(QStringLiteral("Testbedrift %1").arg(i), clock(m_now, a.deviceId, quint32(i)))},
                    {QStringLiteral("team"), change(a.teamId, clock(m_now, a.deviceId, quint32(i)))}}));
        }
        QCOMPARE(m_api->push(a, batch).json().value(QStringLiteral("applied_through")).toInt(), 25);
        const Device reader = newDevice();
        const PullState state = pullAll(*m_api, reader, {}, 7);
        QVERIFY(state.batches >= 4);
        for (const QString &id : std::as_const(ids))
            QVERIFY(state.records.contains(id));
        // A gzip answer when asked for.
        const Reply gz = m_api->request("GET", QStringLiteral("/v1/pull?cursor=&limit=100"), {},
            {{"Authorization", "Bearer " + reader.token.toLatin1()}, {"Accept-Encoding", "gzip"}});
        QCOMPARE(gz.status, 200);
        QCOMPARE(gz.header("Content-Encoding"), QByteArray("gzip"));
    }

    void exactlyOnceReplay()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const QString id = newId();
        QJsonArray batch {mutation(1, QStringLiteral("participant"), id,
                              participantFields(a, QStringLiteral("Original"), m_now)),
            mutation(2, QStringLiteral("participant"), id,
                {{QStringLiteral("stage"),
                    change(QStringLiteral("profiling"), clock(m_now, a.deviceId, 1),
                        clock(m_now, a.deviceId))}})};
        const Reply first = m_api->push(a, batch);
        QCOMPARE(first.json().value(QStringLiteral("applied_through")).toInt(), 2);

        // Device b edits the name afterwards.
        const PullState seen = pullAll(*m_api, b);
        const QString nameClock = fieldClock(seen.records.value(id), QStringLiteral("name"));
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("name"),
                                 change(QStringLiteral("Endret av B"), clock(m_now + 1000, b.deviceId),
                                     nameClock)}})})
                     .status,
            200);

        // The first batch arrives again (a lost answer): nothing changes, the same answer.
        const Reply replay = m_api->push(a, batch);
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.json().value(QStringLiteral("applied_through")).toInt(), 2);
        const PullState after = pullAll(*m_api, b);
        QCOMPARE(fieldValue(after.records.value(id), QStringLiteral("name")).toString(),
            QStringLiteral("Endret av B"));
        QCOMPARE(fieldValue(after.records.value(id), QStringLiteral("stage")).toString(),
            QStringLiteral("profiling"));
        // No conflict was made up by the replay.
        for (const QJsonObject &fields : after.records) {
            if (fieldValue(fields, QStringLiteral("record_id")).toString() == id)
                QFAIL("a replay created a conflict");
        }
        // A batch overlapping the applied part applies only the new mutation.
        batch.append(mutation(3, QStringLiteral("participant"), id,
            {{QStringLiteral("stage"),
                change(QStringLiteral("job_search"), clock(m_now + 2000, a.deviceId),
                    clock(m_now, a.deviceId, 1))}}));
        QCOMPARE(m_api->push(a, batch).json().value(QStringLiteral("applied_through")).toInt(), 3);
        const PullState last = pullAll(*m_api, b);
        QCOMPARE(fieldValue(last.records.value(id), QStringLiteral("name")).toString(),
            QStringLiteral("Endret av B"));
        QCOMPARE(fieldValue(last.records.value(id), QStringLiteral("stage")).toString(),
            QStringLiteral("job_search"));
    }

    void mergeAndConflicts()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const QString id = newId();
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                             participantFields(a, QStringLiteral("Felles"), m_now))})
                     .status,
            200);
        const QString base = clock(m_now, a.deviceId);
        // Offline on both: different fields, and the same field with different values.
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(2, QStringLiteral("participant"), id,
                             {{QStringLiteral("goals_short"),
                                  change(QStringLiteral("Mål fra A"), clock(m_now + 100, a.deviceId))},
                                 {QStringLiteral("name"),
                                     change(QStringLiteral("Navn fra A"), clock(m_now + 100, a.deviceId),
                                         base)}})})
                     .status,
            200);
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("strengths"),
                                  change(QStringLiteral("Styrker fra B"), clock(m_now + 200, b.deviceId))},
                                 {QStringLiteral("name"),
                                     change(QStringLiteral("Navn fra B"), clock(m_now + 200, b.deviceId),
                                         base)}})})
                     .status,
            200);
        const PullState state = pullAll(*m_api, a);
        const QJsonObject fields = state.records.value(id);
        QCOMPARE(fieldValue(fields, QStringLiteral("goals_short")).toString(), QStringLiteral("Mål fra A"));
        QCOMPARE(fieldValue(fields, QStringLiteral("strengths")).toString(), QStringLiteral("Styrker fra B"));
        QCOMPARE(fieldValue(fields, QStringLiteral("name")).toString(),
            QStringLiteral("Navn fra B")); // the larger clock
        int conflicts = 0;
        for (const QJsonObject &c : state.records) {
            if (fieldValue(c, QStringLiteral("record_id")).toString() != id)
                continue;
            ++conflicts;
            QCOMPARE(fieldValue(c, QStringLiteral("field")).toString(), QStringLiteral("name"));
            QCOMPARE(
                fieldValue(c, QStringLiteral("kept_value")).toString(), QStringLiteral("\"Navn fra B\""));
            QCOMPARE(
                fieldValue(c, QStringLiteral("lost_value")).toString(), QStringLiteral("\"Navn fra A\""));
            QCOMPARE(fieldValue(c, QStringLiteral("lost_by")).toString(), a.userId);
            QCOMPARE(fieldValue(c, QStringLiteral("status")).toString(), QStringLiteral("open"));
        }
        QCOMPARE(conflicts, 1);
    }

    void clockSkewIsBounded()
    {
        const Device a = newDevice();
        const QString id = newId();
        const qint64 future = QDateTime::currentMSecsSinceEpoch() + 24 * 3600 * 1000LL;
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                             participantFields(a, QStringLiteral("Fremtid"), future))})
                     .status,
            200);
        const PullState state = pullAll(*m_api, a);
        const QString stored = fieldClock(state.records.value(id), QStringLiteral("name"));
        const qint64 wall = stored.left(12).toLongLong(nullptr, 16);
        QVERIFY2(wall < QDateTime::currentMSecsSinceEpoch() + 5 * 60 * 1000, qPrintable(stored));
        // A normal later edit from another device wins over it.
        const Device b = newDevice();
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("name"),
                                 change(QStringLiteral("Nåtid"),
                                     clock(QDateTime::currentMSecsSinceEpoch() + 1000, b.deviceId))}})})
                     .status,
            200);
        QCOMPARE(fieldValue(pullAll(*m_api, a).records.value(id), QStringLiteral("name")).toString(),
            QStringLiteral("Nåtid"));
    }

    void rejections()
    {
        const Device a = newDevice();
        const QString c = clock(m_now, a.deviceId);
        const QString employer = newId();
        const Reply r = m_api->push(a,
            {mutation(1, QStringLiteral("employer"), employer,
                 {{QStringLiteral("name"), change(QStringLiteral("Ugyldig AS"), c)},
                     {QStringLiteral("org_number"), change(QStringLiteral("123456789"), c)}}),
                mutation(2, QStringLiteral("encounter"), newId(),
                    {{QStringLiteral("starts_at"), change(QStringLiteral("2026-11-23T09:00:00Z"), c)},
                        {QStringLiteral("participant_id"), change(newId(), c)}}),
                mutation(3, QStringLiteral("participant"), newId(),
                    {{QStringLiteral("stage"), change(QStringLiteral("engagement"), c)}}),
                mutation(4, QStringLiteral("participant"), newId(),
                    participantFields(a, QStringLiteral("Gyldig"), m_now))});
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("applied_through")).toInt(), 4);
        const QJsonArray rejected = o.value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 3);
        QCOMPARE(
            rejected.at(0).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("invalid"));
        QCOMPARE(rejected.at(0).toObject().value(QStringLiteral("field")).toString(),
            QStringLiteral("org_number"));
        QCOMPARE(
            rejected.at(1).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
        QCOMPARE(rejected.at(2).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("invalid")); // name missing
        const PullState state = pullAll(*m_api, a);
        QVERIFY(!state.records.contains(employer));
    }

    void tombstonesAndReset()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const PullState before = pullAll(*m_api, b);
        const QString id = newId();
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                              participantFields(a, QStringLiteral("Slettes"), m_now)),
                             mutation(2, QStringLiteral("participant"), id,
                                 {{QStringLiteral("deleted"),
                                     change(true, clock(m_now, a.deviceId, 1), clock(m_now, a.deviceId))}})})
                     .status,
            200);
        // A device that had seen earlier changes gets the tombstone …
        const PullState after = pullAll(*m_api, b, before.cursor);
        QVERIFY(after.records.contains(id));
        QCOMPARE(fieldValue(after.records.value(id), QStringLiteral("deleted")).toBool(), true);
        // … a device starting from nothing does not need it.
        const Device fresh = newDevice();
        QVERIFY(!pullAll(*m_api, fresh).records.contains(id));

        // Compaction removes the tombstone and raises the horizon: the old cursor gets a reset.
        const testserver::AdminResult compact = m_server->admin(
            {QStringLiteral("compact"), QStringLiteral("--retention-days"), QStringLiteral("0")});
        QCOMPARE(compact.exitCode, 0);
        const Reply old = m_api->pull(b, before.cursor);
        QCOMPARE(old.status, 200);
        QCOMPARE(old.json().value(QStringLiteral("reset")).toBool(), true);
        QVERIFY(old.json().value(QStringLiteral("changes")).toArray().isEmpty());
        const PullState resynced = pullAll(*m_api, b, before.cursor);
        QVERIFY(resynced.reset);
        QCOMPARE(resynced.lastStatus, 200);
        QVERIFY(!resynced.records.contains(id));
        QVERIFY(!resynced.records.isEmpty());
        // The cursor after the re-sync is good again.
        QCOMPARE(m_api->pull(b, resynced.cursor).json().value(QStringLiteral("reset")).toBool(), false);
    }

    // Issue 20: a delete that arrives after the server accepted writes it did not see names their devices
    // on the tombstone (`deleted_over`); what it saw is its base of `updated_at`. A device cannot write
    // the field; a restore clears it.
    void deleteNamesTheDevicesWhoseAcceptedWritesItDidNotSee()
    {
        const Device a = newDevice();
        // A device id is random hex: its digits may read as a birth number, which is no reason to refuse it.
        const Device b = newDevice(QStringLiteral("01010012356") + ApiClient::newDeviceId().left(21));
        const Device c = newDevice();
        QVERIFY(!b.token.isEmpty());
        const QString id = newId();
        const QString t0 = clock(m_now, a.deviceId);
        const QString t1 = clock(m_now + 1000, c.deviceId);
        const QString t2 = clock(m_now + 2000, b.deviceId);
        const QString t3 = clock(m_now + 3000, a.deviceId);
        const QString updatedAt = QStringLiteral("updated_at");
        const QString at = QStringLiteral("2026-11-23T09:00:00Z");
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                             participantFields(a, QStringLiteral("Navngitt"), m_now))})
                     .status,
            200);
        // c's edit: seen by a's copy; b's later edit: not.
        QCOMPARE(m_api
                     ->push(c,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("strengths"), change(QStringLiteral("Sett"), t1)},
                                 {updatedAt, change(at, t1)}})})
                     .status,
            200);
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("goals_short"), change(QStringLiteral("Ikke sett"), t2)},
                                 {updatedAt, change(at, t2, t1)}})})
                     .status,
            200);
        const PullState before = pullAll(*m_api, c);
        const Reply deleted = m_api->push(a,
            {mutation(2, QStringLiteral("participant"), id,
                {{QStringLiteral("deleted"), change(true, t3, t0)}, {updatedAt, change(at, t3, t1)}})});
        QCOMPARE(deleted.status, 200);
        QVERIFY(deleted.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        QJsonObject tomb = pullAll(*m_api, c, before.cursor).records.value(id);
        QCOMPARE(fieldValue(tomb, QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(fieldValue(tomb, QStringLiteral("deleted_over")).toString(), b.deviceId);
        QCOMPARE(tomb.value(QStringLiteral("deleted_over")).toArray().at(1).toString(), t3);
        QVERIFY(fieldValue(tomb, QStringLiteral("goals_short")).isNull()); // names, no content

        // b restores it: the names go.
        const QString t5 = clock(m_now + 5000, b.deviceId);
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(2, QStringLiteral("participant"), id,
                             {{QStringLiteral("deleted"), change(false, t5, t3)},
                                 {QStringLiteral("name"), change(QStringLiteral("Navngitt"), t5)},
                                 {QStringLiteral("stage"), change(QStringLiteral("engagement"), t5)}})})
                     .status,
            200);
        tomb = pullAll(*m_api, c).records.value(id);
        QCOMPARE(fieldValue(tomb, QStringLiteral("deleted")).toBool(), false);
        QVERIFY(fieldValue(tomb, QStringLiteral("deleted_over")).isNull());
        // Only the server writes it.
        const Reply forged = m_api->push(a,
            {mutation(3, QStringLiteral("participant"), id,
                {{QStringLiteral("deleted_over"), change(c.deviceId, clock(m_now + 6000, a.deviceId))}})});
        QCOMPARE(forged.status, 200);
        const QJsonObject refusal
            = forged.json().value(QStringLiteral("rejected")).toArray().at(0).toObject();
        QCOMPARE(refusal.value(QStringLiteral("code")).toString(), QStringLiteral("invalid"));
        QCOMPARE(refusal.value(QStringLiteral("field")).toString(), QStringLiteral("deleted_over"));
    }

    // Issue 20: what a delete saw is also judged in the server's order. b's edit has an older clock than
    // c's, which a's copy holds, but reaches the server after a's last pull: a delete that says what it
    // saw ("seen": that pull's cursor) names b; one without it, or with a cursor of another feed, is
    // judged by its base of `updated_at` as before and names nobody. A "seen" that is not text is
    // a malformed push.
    void deleteNamesTheWritersAcceptedAfterWhatItSaw()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const Device c = newDevice();
        const QString updatedAt = QStringLiteral("updated_at");
        const QString at = QStringLiteral("2026-11-23T09:00:00Z");
        const QString t0 = clock(m_now, a.deviceId);
        const QString t1 = clock(m_now + 1000, b.deviceId);
        const QString t2 = clock(m_now + 2000, c.deviceId);
        const QString t3 = clock(m_now + 3000, a.deviceId);
        QStringList ids;
        QJsonArray created, cEdits, bEdits;
        for (int i = 0; i < 3; ++i) {
            const QString id = newId();
            ids << id;
            created.append(mutation(i + 1, QStringLiteral("participant"), id,
                participantFields(a, QStringLiteral("Sett"), m_now)));
            cEdits.append(mutation(i + 1, QStringLiteral("participant"), id,
                {{QStringLiteral("strengths"), change(QStringLiteral("Sett av a"), t2)},
                    {updatedAt, change(at, t2, t0)}}));
            bEdits.append(mutation(i + 1, QStringLiteral("participant"), id,
                {{QStringLiteral("goals_short"), change(QStringLiteral("Gammel, ikke sett"), t1)},
                    {updatedAt, change(at, t1, t0)}}));
        }
        QCOMPARE(m_api->push(a, created).status, 200);
        QCOMPARE(m_api->push(c, cEdits).status, 200);
        const PullState seen = pullAll(*m_api, a); // a's copy: c's edits, the newest clocks
        QCOMPARE(m_api->push(b, bEdits).status, 200); // older clocks, accepted after a's pull
        const PullState before = pullAll(*m_api, c);

        const QString otherFeed = QStringLiteral("zzzzzzzzzzzzzzzz:") + seen.cursor.section(u':', 1);
        const QStringList seenAs {seen.cursor, QString(), otherFeed};
        for (int i = 0; i < 3; ++i) {
            QJsonObject del = mutation(4 + i, QStringLiteral("participant"), ids.at(i),
                {{QStringLiteral("deleted"), change(true, t3, t0)}, {updatedAt, change(at, t3, t2)}});
            if (!seenAs.at(i).isEmpty())
                del.insert(QStringLiteral("seen"), seenAs.at(i));
            const Reply deleted = m_api->push(a, {del});
            QCOMPARE(deleted.status, 200);
            QVERIFY(deleted.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        }
        const PullState after = pullAll(*m_api, c, before.cursor);
        QCOMPARE(fieldValue(after.records.value(ids.at(0)), QStringLiteral("deleted_over")).toString(),
            b.deviceId);
        for (int i : {1, 2}) {
            QCOMPARE(fieldValue(after.records.value(ids.at(i)), QStringLiteral("deleted")).toBool(), true);
            QVERIFY2(fieldValue(after.records.value(ids.at(i)), QStringLiteral("deleted_over"))
                         .toString()
                         .isEmpty(),
                qPrintable(seenAs.at(i)));
        }

        QJsonObject bad = mutation(7, QStringLiteral("participant"), ids.at(0),
            {{QStringLiteral("deleted"), change(true, clock(m_now + 4000, a.deviceId), t3)}});
        bad.insert(QStringLiteral("seen"), 17);
        QCOMPARE(m_api->push(a, {bad}).status, 400);
    }

    // Issue 20: a restore by the deleting device (its undo) writes its content over what the delete
    // emptied. The device whose accepted edit the delete ran over keeps its name on the restored record,
    // with the delete's clock, so that its copy, still holding the edit, tells its user.
    void restoreKeepsTheNamesOfTheDevicesWhoseWritesItReplaces()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const QString id = newId();
        const QString t0 = clock(m_now, a.deviceId);
        const QString t2 = clock(m_now + 2000, b.deviceId);
        const QString t3 = clock(m_now + 3000, a.deviceId);
        const QString t4 = clock(m_now + 4000, a.deviceId);
        const QString updatedAt = QStringLiteral("updated_at");
        const QString at = QStringLiteral("2026-11-23T09:00:00Z");
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                             participantFields(a, QStringLiteral("Angret Over"), m_now))})
                     .status,
            200);
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("goals_short"), change(QStringLiteral("Bs mål"), t2)},
                                 {updatedAt, change(at, t2, t0)}})})
                     .status,
            200);
        const Reply r = m_api->push(a,
            {mutation(2, QStringLiteral("participant"), id,
                 {{QStringLiteral("deleted"), change(true, t3, t0)}, {updatedAt, change(at, t3, t0)}}),
                mutation(3, QStringLiteral("participant"), id,
                    {{QStringLiteral("deleted"), change(false, t4, t3)},
                        {QStringLiteral("name"), change(QStringLiteral("Angret Over"), t4, t0)},
                        {QStringLiteral("stage"), change(QStringLiteral("engagement"), t4, t0)},
                        {updatedAt, change(at, t4, t3)}})});
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json().value(QStringLiteral("rejected")).toArray().isEmpty(),
            QJsonDocument(r.json()).toJson().constData());
        const QJsonObject back = pullAll(*m_api, b).records.value(id);
        QCOMPARE(fieldValue(back, QStringLiteral("deleted")).toBool(), false);
        QCOMPARE(fieldValue(back, QStringLiteral("deleted_over")).toString(), b.deviceId);
        QCOMPARE(fieldClock(back, QStringLiteral("deleted_over")), t3);
        QVERIFY(fieldValue(back, QStringLiteral("goals_short")).isNull()); // b's edit is not on the server
    }

    // A device deletes a participant and undoes it (a restore with the content it had), offline; a
    // colleague's later edit of the name reaches the server first. The delete empties the name (its clock
    // stays the colleague's, later than the restore's); the restore still brings the content back, instead
    // of losing the name to a value the delete had emptied and being refused as invalid (name missing).
    void restoreBringsBackWhatTheDeleteEmptiedWhateverItsClock()
    {
        const Device a = newDevice();
        const Device b = newDevice();
        const QString id = newId();
        const QString t0 = clock(m_now, a.deviceId);
        const QString t1 = clock(m_now + 1000, a.deviceId);
        const QString t2 = clock(m_now + 2000, a.deviceId);
        const QString t3 = clock(m_now + 3000, b.deviceId);
        QCOMPARE(m_api
                     ->push(a,
                         {mutation(1, QStringLiteral("participant"), id,
                             participantFields(a, QStringLiteral("Angret Sletting"), m_now))})
                     .status,
            200);
        QCOMPARE(m_api
                     ->push(b,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("name"), change(QStringLiteral("Kollegas Navn"), t3, t0)}})})
                     .status,
            200);
        const Reply r = m_api->push(a,
            {mutation(
                 2, QStringLiteral("participant"), id, {{QStringLiteral("deleted"), change(true, t1, t0)}}),
                mutation(3, QStringLiteral("participant"), id,
                    {{QStringLiteral("deleted"), change(false, t2, t1)},
                        {QStringLiteral("name"), change(QStringLiteral("Angret Sletting"), t2, t0)},
                        {QStringLiteral("stage"), change(QStringLiteral("engagement"), t2, t0)}})});
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json().value(QStringLiteral("rejected")).toArray().isEmpty(),
            QJsonDocument(r.json()).toJson().constData());
        const QJsonObject back = pullAll(*m_api, b).records.value(id);
        QCOMPARE(fieldValue(back, QStringLiteral("deleted")).toBool(), false);
        QCOMPARE(fieldValue(back, QStringLiteral("name")).toString(), QStringLiteral("Angret Sletting"));
        QCOMPARE(fieldClock(back, QStringLiteral("name")), t2);
    }

    void seedDemo()
    {
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        ServerProcess::Options options;
        options.database = database;
        ServerProcess demo(options);
#else
        ServerProcess demo;
#endif
        const testserver::AdminResult seeded = demo.admin({QStringLiteral("seed-demo")});
        QCOMPARE(seeded.exitCode, 0);
        QCOMPARE(demo.admin({QStringLiteral("seed-demo")}).exitCode, 0); // again: nothing changes
        QVERIFY2(demo.start(), qPrintable(demo.errorString()));
        ApiClient api(demo.url());
        const Device d = api.loginDevice(QStringLiteral("demo"), QStringLiteral("demo"));
        QVERIFY(!d.token.isEmpty());
        const PullState state = pullAll(api, d, {}, 50);
        QVERIFY(state.records.size() > 50);
        int participants = 0;
        for (const QJsonObject &f : state.records)
            participants += f.contains(QStringLiteral("programme")) ? 1 : 0;
        QCOMPARE(participants, 18);
        // The demo team has a colleague to hand work to, who cannot be logged in as with a known password.
        QStringList names;
        for (const QJsonValue &u :
            api.get(QStringLiteral("/v1/team"), d.token).json().value(QStringLiteral("users")).toArray())
            names << u.toObject().value(QStringLiteral("name")).toString();
        names.sort();
        QCOMPARE(names, (QStringList {QStringLiteral("Demo Bruker"), QStringLiteral("Kari Kollega")}));
        QVERIFY(api.loginDevice(QStringLiteral("kari.kollega"), QStringLiteral("demo")).token.isEmpty());
        QCOMPARE(demo.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_serverapi.moc"
