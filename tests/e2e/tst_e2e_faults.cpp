// End-to-end faults through the real client stack and the real feltnotat-cli, against a real
// feltnotat-server on loopback with a cutting proxy (cutproxy.h) in between: the server SIGKILLed in
// the middle of a large push and restarted; the CLI SIGKILLed in the middle of a large pull and run
// again; a connection cut half-way through a push and a pull response; a push replayed byte for
// byte. SQLite, and PostgreSQL in the _pg build. Afterwards every device, the CLI and the server agree, with
// nothing lost and nothing twice. Synthetic data only.
#include "core/conflicts.h"
#include "core/outbox.h"
#include "cutproxy.h"
#include "e2efixture.h"
#include "support/testdata.h"
#include "sync/compression.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace feltnotat;
using e2e::CutProxy;
using e2e::Device;
using testserver::ServerProcess;

namespace {

// Sends raw HTTP bytes to the server and returns the status and the (decompressed) body.
QPair<int, QByteArray> sendRaw(quint16 port, const QByteArray &raw)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(10000))
        return {0, {}};
    socket.write(raw);
    QByteArray in;
    qint64 total = -1;
    while (total < 0 || in.size() < total) {
        if (!socket.waitForReadyRead(60000))
            break;
        in += socket.readAll();
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (total < 0 && end >= 0) {
            total = end + 4;
            for (const QByteArray &line : in.left(end).split('\n')) {
                if (line.trimmed().toLower().startsWith("content-length:"))
                    total += line.trimmed().mid(15).trimmed().toLongLong();
            }
        }
    }
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0)
        return {0, {}};
    const QByteArray head = in.left(end);
    QByteArray body = in.mid(end + 4);
    if (head.toLower().contains("content-encoding: gzip")) {
        auto plain = compression::gunzip(body, 64 * 1024 * 1024);
        body = plain ? plain.value() : QByteArray();
    }
    return {head.split(' ').value(1).toInt(), body};
}

} // namespace

class TestE2eFaults : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    int m_teams = 0;

    // A new team of three users for one test, so counts are exact.
    e2e::Team newTeam()
    {
        QString error;
        const int n = ++m_teams;
        const e2e::Team t = e2e::createTeam(
            *m_server, QStringLiteral("Team Feil %1").arg(n), QStringLiteral("feil%1-").arg(n), 3, &error);
        if (t.id.isEmpty())
            qWarning("%s", qPrintable(error));
        return t;
    }

    std::unique_ptr<Device> loggedIn(
        const QString &name, const QUrl &server, const QString &login, int pullLimit = 0)
    {
        auto d = std::make_unique<Device>(name);
        d->setPullLimit(pullLimit);
        QString error;
        if (!d->open(&error) || !d->login(server, login, &error)) {
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
            return {};
        }
        return d;
    }

    // What the server holds for the team, as a device that has never synced sees it (straight to
    // the server, no proxy).
    QJsonObject serverView(const QString &login, bool withClocks = true)
    {
        auto fresh = loggedIn(QStringLiteral("fresh"), m_server->url(), login);
        return fresh ? fresh->snapshot(withClocks) : QJsonObject {};
    }

    qint64 serverLastSeq(const QString &deviceId)
    {
        const testserver::AdminResult r
            = m_server->admin({QStringLiteral("list-devices"), QStringLiteral("--json")});
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array()) {
            if (v.toObject().value(QStringLiteral("id")).toString() == deviceId)
                return v.toObject().value(QStringLiteral("last_seq")).toInteger();
        }
        return -1;
    }

    static QString compare(
        const QJsonObject &a, const QJsonObject &b, const QString &nameA, const QString &nameB)
    {
        return e2e::diffSnapshots(a, b, nameA, nameB);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        options.database = database;
#endif
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    void serverKilledDuringLargePush()
    {
        const e2e::Team team = newTeam();
        QVERIFY(!team.id.isEmpty());
        CutProxy proxy(m_server->port());
        QVERIFY(proxy.listen());
        auto a = loggedIn(QStringLiteral("A"), proxy.url(), team.logins.at(0));
        QVERIFY(a);

        constexpr int Count = 3000;
        QSet<QString> names;
        for (int i = 0; i < Count; ++i) {
            const QString name = QStringLiteral("Massedeltaker %1").arg(i, 4, 10, QLatin1Char('0'));
            QVERIFY(a->store().create(QStringLiteral("participant"), testdata::participant(name)));
            names.insert(name);
        }
        QCOMPARE(a->pending(), Count);

        // SIGKILL once the second batch (of six) has reached the server, while it applies it or
        // answers; the delay varies from run to run.
        const int delayMs = int(QRandomGenerator::global()->bounded(300));
        qInfo("killing the server %d ms after the second push arrived", delayMs);
        bool killed = false;
        int answeredBeforeKill = -1;
        connect(&proxy, &CutProxy::requestForwarded, this, [&](const QByteArray &path, int) {
            if (path == "/v1/push" && proxy.requestCount("/v1/push") == 2) {
                QTimer::singleShot(delayMs, this, [&] {
                    answeredBeforeKill = proxy.responseCount("/v1/push");
                    m_server->kill();
                    killed = true;
                });
            }
        });
        QVERIFY(!a->sync()); // the cycle fails: the server went away
        QTRY_VERIFY_WITH_TIMEOUT(killed, e2e::SyncTimeoutMs);
        qInfo("%d push response(s) had arrived when the server was killed; %lld mutation(s) still queued",
            answeredBeforeKill, a->pending());
        QVERIFY(a->pending() > 0);
        QVERIFY(a->pending() < Count);
        QCOMPARE(a->engine().deadLetterCount(), 0);

        QVERIFY2(m_server->restart(), qPrintable(m_server->errorString()));
        QVERIFY(a->sync());
        QCOMPARE(a->pending(), 0);
        QCOMPARE(a->engine().deadLetterCount(), 0);
        QCOMPARE(serverLastSeq(a->deviceId()), Outbox(a->store()).lastSeq());

        const QJsonObject server = serverView(team.logins.at(1));
        QCOMPARE(e2e::countIn(server, QStringLiteral("participants")), Count);
        QSet<QString> serverNames;
        for (const QJsonValue &p : server.value(QStringLiteral("participants")).toObject())
            serverNames.insert(p.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(serverNames, names); // each one once
        QCOMPARE(e2e::countIn(server, QStringLiteral("conflicts")), 0);
        const QString diff = compare(a->snapshot(), server, QStringLiteral("A"), QStringLiteral("server"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cliKilledDuringLargePull_data()
    {
        QTest::addColumn<bool>("midResponse");
        QTest::newRow("half of the second batch received") << true;
        QTest::newRow("second batch received, being applied") << false;
    }

    void cliKilledDuringLargePull()
    {
        QFETCH(bool, midResponse);
        const e2e::Team team = newTeam();
        QVERIFY(!team.id.isEmpty());
        CutProxy proxy(m_server->port());
        QVERIFY(proxy.listen());
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("cli"));
        // Log in while the team is still empty.
        const e2e::CliResult login = e2e::runCli(dir,
            {QStringLiteral("login"), QStringLiteral("--server"), proxy.url().toString(),
                QStringLiteral("--user"), team.logins.at(0)},
            e2e::Password.toUtf8() + '\n');
        QVERIFY2(login.exitCode == 0, login.err.constData());

        // Another device of the team fills the server: 6,000 records, three pull pages for the CLI.
        constexpr int Participants = 4000;
        auto writer = loggedIn(QStringLiteral("writer"), m_server->url(), team.logins.at(1));
        QVERIFY(writer);
        Transaction txn(writer->store().database());
        for (int i = 0; i < Participants; ++i) {
            QVariantHash p = testdata::participant(QStringLiteral("Trekkdeltaker %1").arg(i));
            p.insert(QStringLiteral("goals_long"), QStringLiteral("Mål nummer %1. ").arg(i).repeated(20));
            auto created = writer->store().create(QStringLiteral("participant"), p);
            QVERIFY(created);
            if (i % 2 == 0) {
                QVERIFY(writer->store().create(QStringLiteral("encounter"),
                    testdata::encounter(created->id, QDateTime::currentDateTimeUtc().addDays(-i % 30),
                        QStringLiteral("Samtale om arbeid %1").arg(i))));
            }
        }
        QVERIFY(txn.commit());
        QVERIFY(writer->sync());
        QCOMPARE(writer->pending(), 0);

        QProcess cli;
        bool killed = false;
        auto killCli = [&] {
            if (killed)
                return;
            cli.kill(); // SIGKILL
            killed = true;
        };
        if (midResponse) {
            // The second page stays half sent; the kill comes a little later, usually after the
            // first page has been applied.
            proxy.spoilResponse("/v1/pull", CutProxy::Action::HoldHalf, 1);
            connect(&proxy, &CutProxy::responseHeld, this, [&] { QTimer::singleShot(2000, this, killCli); });
        } else {
            const int before = proxy.responseCount("/v1/pull"); // the login's first sync pulled too
            connect(
                &proxy, &CutProxy::responseDelivered, this, [&, before](const QByteArray &path, int count) {
                    if (path == "/v1/pull" && count == before + 2)
                        killCli();
                });
        }
        cli.start(e2e::cliBinary(), e2e::cliArgs(dir, {QStringLiteral("sync")}));
        QVERIFY(cli.waitForStarted(10000));
        QSignalSpy finished(&cli, &QProcess::finished);
        QVERIFY(finished.wait(e2e::SyncTimeoutMs));
        QVERIFY(killed);
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
        proxy.spoilResponse({}, CutProxy::Action::None);
        proxy.dropAll();

        // Part of the data arrived, atomically per batch; then the next run finishes the job.
        const e2e::CliResult partial = e2e::runCli(dir, {QStringLiteral("export")});
        QCOMPARE(partial.exitCode, 0);
        const qsizetype partialCount
            = partial.json().object().value(QStringLiteral("participants")).toArray().size()
            + partial.json().object().value(QStringLiteral("encounters")).toArray().size();
        qInfo("%lld record(s) had arrived when the CLI was killed", qint64(partialCount));
        QVERIFY(partialCount < Participants + Participants / 2);
        QCOMPARE(partialCount % SyncEngine::Options().pullLimit, 0); // whole pages only

        const e2e::CliResult again = e2e::runCli(dir, {QStringLiteral("sync")});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(again.json().object().value(QStringLiteral("caught_up")).toBool(), true);
        const e2e::CliResult exported = e2e::runCli(dir, {QStringLiteral("export")});
        QCOMPARE(exported.exitCode, 0);
        // The same as the server holds: every record once, identical values.
        QJsonObject fromCli;
        const QJsonObject exportedTables = exported.json().object();
        for (auto it = exportedTables.begin(); it != exportedTables.end(); ++it) {
            QJsonObject byId;
            for (const QJsonValue &v : it.value().toArray())
                byId.insert(v.toObject().value(QStringLiteral("id")).toString(), v);
            QCOMPARE(byId.size(), it.value().toArray().size()); // no id twice
            fromCli.insert(it.key(), byId);
        }
        QCOMPARE(e2e::countIn(fromCli, QStringLiteral("participants")), Participants);
        QCOMPARE(e2e::countIn(fromCli, QStringLiteral("encounters")), Participants / 2);
        const QString diff = compare(
            fromCli, serverView(team.logins.at(2), false), QStringLiteral("cli"), QStringLiteral("server"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void connectionCutHalfway()
    {
        const e2e::Team team = newTeam();
        QVERIFY(!team.id.isEmpty());
        CutProxy proxy(m_server->port());
        QVERIFY(proxy.listen());
        auto a = loggedIn(QStringLiteral("A"), proxy.url(), team.logins.at(0));
        auto b = loggedIn(QStringLiteral("B"), proxy.url(), team.logins.at(1));
        QVERIFY(a && b);
        for (int i = 0; i < 200; ++i) {
            auto p = a->store().create(QStringLiteral("participant"),
                testdata::participant(QStringLiteral("Kuttdeltaker %1").arg(i)));
            QVERIFY(p);
            QVERIFY(a->store().update(QStringLiteral("participant"), p->id,
                {{QStringLiteral("strengths"), QStringLiteral("Punktlig, nummer %1").arg(i)}}));
        }
        const qint64 lastSeq = Outbox(a->store()).lastSeq();
        const qint64 queued = a->pending();
        QVERIFY(queued > 0);

        // The push is applied by the server, but only half of its answer reaches the device.
        proxy.spoilResponse("/v1/push", CutProxy::Action::CutHalf);
        const int pushesBefore = proxy.requestCount("/v1/push");
        QVERIFY(!a->sync());
        QVERIFY(proxy.ruleFired());
        QCOMPARE(proxy.requestCount("/v1/push"), pushesBefore + 1);
        QCOMPARE(a->pending(), queued); // not confirmed, so still queued
        QCOMPARE(serverLastSeq(a->deviceId()), lastSeq); // … but applied
        // The retry sends the same sequence numbers again; the server skips them.
        QVERIFY(a->sync());
        QCOMPARE(a->pending(), 0);
        QCOMPARE(a->engine().deadLetterCount(), 0);
        QCOMPARE(serverLastSeq(a->deviceId()), lastSeq);

        // A pull answer cut half-way: nothing of it is applied, the next cycle gets everything.
        proxy.spoilResponse("/v1/pull", CutProxy::Action::CutHalf);
        QVERIFY(!b->sync());
        QVERIFY(proxy.ruleFired());
        QCOMPARE(e2e::countIn(b->snapshot(), QStringLiteral("participants")), 0);
        QVERIFY(b->sync());
        QVERIFY(b->engine().caughtUp());

        const QJsonObject snapA = a->snapshot();
        QCOMPARE(e2e::countIn(snapA, QStringLiteral("participants")), 200);
        QCOMPARE(e2e::countIn(snapA, QStringLiteral("conflicts")), 0);
        QString diff = compare(snapA, b->snapshot(), QStringLiteral("A"), QStringLiteral("B"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        diff = compare(snapA, serverView(team.logins.at(2)), QStringLiteral("A"), QStringLiteral("server"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // The client asks for the next pull page before it applies the current one. When a page cannot be
    // applied (here a trigger in the device's database refuses one record of the second page), neither it
    // nor the page already asked for is kept, and the next cycle continues from the last applied page.
    void pageThatFailsToApplyIsPulledAgain()
    {
        const e2e::Team team = newTeam();
        QVERIFY(!team.id.isEmpty());
        constexpr int Page = 1000;
        auto b = loggedIn(QStringLiteral("B"), m_server->url(), team.logins.at(1), Page);
        auto a = loggedIn(QStringLiteral("A"), m_server->url(), team.logins.at(0));
        QVERIFY(a && b);
        constexpr int Records = 2500; // three pages
        {
            Transaction txn(a->store().database());
            for (int i = 0; i < Records; ++i)
                QVERIFY(a->store().create(QStringLiteral("participant"),
                    testdata::participant(QStringLiteral("Sidedeltaker %1").arg(i))));
            QVERIFY(txn.commit());
        }
        QVERIFY(a->sync());
        QCOMPARE(a->pending(), 0);

        QVERIFY(b->store().database().exec(QStringLiteral(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON participants WHEN NEW.name = 'Sidedeltaker 1500' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")));
        // The engine runs on after the failed cycle, as in the app: the third page, already asked for when
        // the second failed, must not be applied when its answer comes in.
        QSignalSpy cycles(&b->engine(), &SyncEngine::cycleFinished);
        b->engine().start();
        QVERIFY(cycles.wait(e2e::SyncTimeoutMs));
        QCOMPARE(cycles.first().first().toBool(), false);
        // The retry (after the back-off) fails on the same page again; by then an answer to the dropped
        // request would long have been applied.
        QVERIFY(cycles.wait(e2e::SyncTimeoutMs));
        QCOMPARE(cycles.last().first().toBool(), false);
        b->engine().stop();
        QCOMPARE(
            e2e::countIn(b->snapshot(false), QStringLiteral("participants")), Page); // the first page only
        QVERIFY(b->store().database().exec(QStringLiteral("DROP TRIGGER refuse_one")));
        QVERIFY(b->sync());
        QVERIFY(b->engine().caughtUp());
        const QJsonObject snapA = a->snapshot();
        QCOMPARE(e2e::countIn(snapA, QStringLiteral("participants")), Records);
        const QString diff = compare(snapA, b->snapshot(), QStringLiteral("A"), QStringLiteral("B"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void replayedPushAppliedOnce()
    {
        const e2e::Team team = newTeam();
        QVERIFY(!team.id.isEmpty());
        CutProxy proxy(m_server->port());
        QVERIFY(proxy.listen());
        auto a = loggedIn(QStringLiteral("A"), proxy.url(), team.logins.at(0));
        QVERIFY(a);
        auto p = a->store().create(
            QStringLiteral("participant"), testdata::participant(QStringLiteral("Gjentatt Null")));
        QVERIFY(p);
        QVERIFY(a->sync());
        QVERIFY(a->store().update(
            QStringLiteral("participant"), p->id, {{QStringLiteral("name"), QStringLiteral("Gjentatt En")}}));
        QVERIFY(a->sync());
        const QByteArray firstEdit = proxy.lastRequest("/v1/push"); // the device's second push, byte for byte
        QVERIFY(firstEdit.contains("\"seq\""));
        QVERIFY(a->store().update(
            QStringLiteral("participant"), p->id, {{QStringLiteral("name"), QStringLiteral("Gjentatt To")}}));
        QVERIFY(a->sync());
        const qint64 lastSeq = Outbox(a->store()).lastSeq();
        QCOMPARE(serverLastSeq(a->deviceId()), lastSeq);
        const QJsonObject before = serverView(team.logins.at(1));

        // The old push again, twice. Applied again, its older name would now be concurrent with the
        // newer one and leave a conflict behind; a replay must change nothing at all.
        for (int i = 0; i < 2; ++i) {
            const auto [status, body] = sendRaw(m_server->port(), firstEdit);
            QCOMPARE(status, 200);
            QCOMPARE(
                QJsonDocument::fromJson(body).object().value(QStringLiteral("applied_through")).toInteger(),
                lastSeq);
            QCOMPARE(
                QJsonDocument::fromJson(body).object().value(QStringLiteral("rejected")).toArray().size(), 0);
        }
        QCOMPARE(serverLastSeq(a->deviceId()), lastSeq);
        QVERIFY(a->sync());
        QCOMPARE(a->store().get(QStringLiteral("participant"), p->id)->text(QStringLiteral("name")),
            QStringLiteral("Gjentatt To"));
        QCOMPARE(Conflicts(a->store()).openCount(), 0);
        const QJsonObject after = serverView(team.logins.at(2));
        QString diff = compare(before, after, QStringLiteral("before"), QStringLiteral("after"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        diff = compare(a->snapshot(), after, QStringLiteral("A"), QStringLiteral("server"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestE2eFaults)
#include "tst_e2e_faults.moc"
