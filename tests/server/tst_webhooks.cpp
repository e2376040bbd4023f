// Webhook delivery: the signature, the queue's back-off, leases and dead letters with an injected
// clock (in process, SQLite), and the real server delivering to a test receiver across a receiver
// outage and a server kill and restart (nothing lost, duplicates recognisable by their id). With
// PostgreSQL (tst_webhooks_pg) two server processes share the queue and never send one event at once.
#include "apiclient.h"
#include "core/clock.h"
#include "core/schema.h"
#include "server/accounts.h"
#include "server/office/apiclients.h"
#include "server/office/webhookqueue.h"
#include "server/office/webhooksigner.h"
#include "server/recordstore.h"
#include "server/serverschema.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"
#include "support/serverprocess.h"
#include "webhookreceiver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;
using namespace feltnotat::server;
using namespace testapi;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-webhook");
constexpr qint64 Hour = 60 * 60 * 1000;

QJsonObject employerFields(const Device &d, const QString &name, qint64 wall)
{
    const QString c = clock(wall, d.deviceId);
    return {{QStringLiteral("name"), change(name, c)}, {QStringLiteral("team"), change(d.teamId, c)},
        {QStringLiteral("deleted"), change(false, c)}};
}

QByteArray secretFrom(const QByteArray &adminOutput)
{
    for (const QByteArray &line : adminOutput.split('\n')) {
        if (line.startsWith("webhook_secret: "))
            return line.mid(16).trimmed();
    }
    return {};
}
} // namespace

class TestWebhooks : public QObject
{
    Q_OBJECT

private:
    // A server, a team with one device, an API client whose webhook points at the receiver.
    struct Setup
    {
        Device device;
        QString client;
        qint64 seq = 0;
    };

    bool prepare(ServerProcess &server, WebhookReceiver &receiver, testapi::ApiClient &api, Setup &out)
    {
        const QString team = server.createTeam(QStringLiteral("Team Krok"));
        if (team.isEmpty() || server.createUser(team, QStringLiteral("kari"), Password).isEmpty())
            return false;
        out.device = api.loginDevice(QStringLiteral("kari"), Password);
        const auto created = server.admin({QStringLiteral("create-api-client"), QStringLiteral("Mottaker"),
            QStringLiteral("--team"), team});
        if (created.exitCode != 0 || !receiver.listen())
            return false;
        out.client = QStringLiteral("Mottaker");
        const auto hook = server.admin({QStringLiteral("set-webhook"), out.client, receiver.url()});
        receiver.setSecret(secretFrom(hook.out));
        return hook.exitCode == 0 && !secretFrom(hook.out).isEmpty() && !out.device.token.isEmpty();
    }

    bool pushEmployers(testapi::ApiClient &api, Setup &s, int n, QStringList *ids = nullptr)
    {
        QJsonArray mutations;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < n; ++i) {
            const QString id = newId();
            if (ids)
                *ids << id;
            ++s.seq;
            mutations.append(mutation(s.seq, QStringLiteral("employer"), id,
                employerFields(s.device, QStringLiteral("Bedrift %1").arg(s.seq), now + s.seq)));
        }
        return api.push(s.device, mutations).status == 200;
    }

private Q_SLOTS:
    void signatureCoversTimeAndBody()
    {
        const QByteArray secret = "whsec_test";
        const QByteArray body = R"({"events":[]})";
        const QByteArray header = WebhookSigner::sign(secret, 1800000000, body);
        QVERIFY(header.startsWith("t=1800000000,v1="));
        QCOMPARE(header.size(), 16 + 64);
        QVERIFY(WebhookSigner::verify(secret, header, body, 1800000010));
        QVERIFY(!WebhookSigner::verify(secret, header, body + ' ', 1800000010)); // another body
        QVERIFY(!WebhookSigner::verify("whsec_other", header, body, 1800000010)); // another secret
        QVERIFY(!WebhookSigner::verify(secret, header, body, 1800000000 + 301)); // too old: a replay
        QByteArray moved = header;
        moved.replace("t=1800000000", "t=1800000100"); // the time is signed too
        QVERIFY(!WebhookSigner::verify(secret, moved, body, 1800000100));
    }

    void queueBacksOffLeasesAndDeadLetters()
    {
        QTemporaryDir dir;
        auto opened = SqlBackend::open(dir.filePath(QStringLiteral("server.db")));
        QVERIFY(opened.ok());
        SqlBackend &db = *opened.value();
        QVERIFY(ServerSchema::migrate(db).ok());
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC));
        auto team = Accounts(db, clock).createTeam(QStringLiteral("Team Kø"));
        QVERIFY(team.ok());
        ApiClients clients(db, clock);
        auto client = clients.create(QStringLiteral("Kø"), {team.value()});
        QVERIFY(client.ok());
        QVERIFY(clients.setWebhook(client->id, QStringLiteral("https://mottak.example/hook")).ok());
        {
            SqlTransaction tx(db);
            StoredRecord r;
            r.record.entity = QStringLiteral("employer");
            r.record.id = Schema::newId();
            r.record.values = {{QStringLiteral("name"), QStringLiteral("Bedrift")},
                {QStringLiteral("team"), team.value()}, {QStringLiteral("deleted"), false}};
            r.teamId = team.value();
            QVERIFY(RecordStore(db, clock).save(r, {}).ok());
            QVERIFY(tx.commit().ok());
        }
        WebhookQueue::Options options; // the production schedule: 10 s doubling to 1 h, 24 h in all
        WebhookQueue queue(db, clock, options);
        QCOMPARE(queue.enqueue(client->id).value(), 1);
        QCOMPARE(queue.enqueue(client->id).value(), 0); // each change becomes one event

        auto a = queue.lease(client->id, QStringLiteral("A"), 10);
        QCOMPARE(a->size(), 1);
        QCOMPARE(a->first().kind, QStringLiteral("created"));
        QCOMPARE(queue.lease(client->id, QStringLiteral("B"), 10)->size(), 0); // leased to A
        // A's lease runs out (A died): B gets the event, and A's late answer changes nothing.
        clock.advanceMs(options.leaseMs + 1);
        QCOMPARE(queue.lease(client->id, QStringLiteral("B"), 10)->size(), 1);
        QVERIFY(queue.delivered(client->id, QStringLiteral("A"), {a->first().id}).ok());
        QCOMPARE(queue.status(client->id)->delivered, 0);

        // B fails again and again: retries 10 s, 20 s, 40 s, … an hour apart, dead after 24 hours.
        qint64 waited = 0;
        QList<qint64> gaps;
        for (int attempt = 0; attempt < 100; ++attempt) {
            QVERIFY(
                queue
                    .failed(client->id, QStringLiteral("B"), {a->first().id}, 503, QStringLiteral("HTTP 503"))
                    .ok());
            if (queue.status(client->id)->dead == 1)
                break;
            const qint64 gap = queue.retryDelayMs(attempt + 1);
            gaps << gap;
            clock.advanceMs(gap - 1);
            QCOMPARE(queue.lease(client->id, QStringLiteral("B"), 10)->size(), 0); // not due yet
            clock.advanceMs(1);
            waited += gap;
            QCOMPARE(queue.lease(client->id, QStringLiteral("B"), 10)->size(), 1);
        }
        QCOMPARE(gaps.mid(0, 3), (QList<qint64> {10000, 20000, 40000}));
        QCOMPARE(gaps.last(), Hour);
        QVERIFY(waited > 22 * Hour && waited <= 24 * Hour);
        WebhookStatus status = queue.status(client->id).value();
        QCOMPARE(status.dead, 1);
        QCOMPARE(status.pending, 0);
        QCOMPARE(status.lastError, QStringLiteral("HTTP 503"));
        auto dead = queue.deadLetters(client->id, 10);
        QCOMPARE(dead->size(), 1);
        QCOMPARE(dead->first().lastStatus, 503);
        QCOMPARE(queue.lease(client->id, QStringLiteral("B"), 10)->size(), 0);

        // An admin sends the dead letters again: delivered this time.
        QCOMPARE(queue.retryDead(client->id).value(), 1);
        auto again = queue.lease(client->id, QStringLiteral("C"), 10);
        QCOMPARE(again->size(), 1);
        QVERIFY(queue.delivered(client->id, QStringLiteral("C"), {again->first().id}).ok());
        status = queue.status(client->id).value();
        QCOMPARE(status.delivered, 1);
        QCOMPARE(status.dead, 0);
    }

    void nothingLostAcrossReceiverOutageAndServerRestart()
    {
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        options.database = database;
#endif
        options.extraArgs = {QStringLiteral("--webhook-retry-base-ms"), QStringLiteral("200")};
        ServerProcess server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        WebhookReceiver receiver;
        testapi::ApiClient api(server.url());
        Setup s;
        QVERIFY(prepare(server, receiver, api, s));

        QStringList ids;
        QVERIFY(pushEmployers(api, s, 5, &ids));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 5, 20000);
        QCOMPARE(receiver.badSignatures(), 0);
        QVERIFY(receiver.kinds().contains(QStringLiteral("created")));

        // The receiver is down: events wait and are retried.
        receiver.setDown(true);
        QVERIFY(pushEmployers(api, s, 4, &ids));
        QTRY_VERIFY_WITH_TIMEOUT(receiver.refused() >= 2, 20000);
        auto status = server.admin({QStringLiteral("webhook-status"), s.client, QStringLiteral("--json")});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(status.out).object().value(QStringLiteral("pending")).toInt(), 4);
        QCOMPARE(QJsonDocument::fromJson(status.out).object().value(QStringLiteral("last_error")).toString(),
            QStringLiteral("HTTP 503"));

        // The server dies with events pending; more changes arrive after its restart.
        server.kill();
        QVERIFY(server.restart());
        api.setServer(server.url());
        QVERIFY(pushEmployers(api, s, 3, &ids));
        receiver.setDown(false);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 12, 30000);
        QCOMPARE(receiver.badSignatures(), 0);
        // 12 changes, 12 distinct events: any duplicate delivery carried the same id.
        for (auto it = receiver.deliveries().cbegin(); it != receiver.deliveries().cend(); ++it)
            QVERIFY(it.value() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument::fromJson(
                server.admin({QStringLiteral("webhook-status"), s.client, QStringLiteral("--json")}).out)
                    .object()
                    .value(QStringLiteral("pending"))
                    .toInt()
                == 0,
            10000);
    }

    void twoServersNeverSendOneEventAtOnce()
    {
#ifndef FELTNOTAT_TEST_BACKEND_PG
        QSKIP("several server processes share one PostgreSQL database only: tst_webhooks_pg");
#endif
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        ServerProcess::Options options;
        options.database = database;
        options.extraArgs = {QStringLiteral("--webhook-retry-base-ms"), QStringLiteral("200")};
        ServerProcess first(options);
        ServerProcess second(options);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        WebhookReceiver receiver;
        receiver.setReplyDelayMs(150); // deliveries stay open long enough to overlap if leases failed
        testapi::ApiClient api(first.url());
        Setup s;
        QVERIFY(prepare(first, receiver, api, s));
        for (int round = 0; round < 6; ++round)
            QVERIFY(pushEmployers(api, s, 10));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 60, 30000);
        QCOMPARE(receiver.overlaps(), 0);
        for (auto it = receiver.deliveries().cbegin(); it != receiver.deliveries().cend(); ++it)
            QCOMPARE(it.value(), 1); // every answer was 200 in time: each event exactly once
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
