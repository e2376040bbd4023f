// Security of the sync API against the real process: team isolation under crafted requests,
// revoked and unknown tokens, malformed, oversized and wrong-version requests. After every bad
// request nothing has changed and the server keeps serving. Synthetic data only.
#include "apiclient.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "sync/compression.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-2");
}

class TestServerSecurity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_owned;
    ServerProcess *m_server = nullptr;
    std::unique_ptr<ApiClient> m_api;
    QString m_teamA;
    QString m_teamB;
    Device m_a;
    Device m_b;
    QString m_recordB; // a participant of team B
    QString m_cursorB; // team B's feed position
    QString m_snapshotB; // team B's data as B sees it, for "nothing changed"
    qint64 m_now = 0;
    int m_users = 0;

    QString snapshot(const Device &d)
    {
        const PullState s = pullAll(*m_api, d);
        QStringList lines;
        for (auto it = s.records.cbegin(); it != s.records.cend(); ++it)
            lines << it.key() + QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact));
        lines.sort();
        return lines.join(u'\n');
    }

    void verifyUnchangedAndServing()
    {
        QCOMPARE(m_api->request("GET", QStringLiteral("/healthz"), {}, {}, false).status, 200);
        QCOMPARE(snapshot(m_b), m_snapshotB);
    }

    Device newDeviceIn(const QString &team)
    {
        const QString login = QStringLiteral("sikker%1").arg(++m_users);
        if (m_server->createUser(team, login, Password).isEmpty())
            return {};
        return m_api->loginDevice(login, Password);
    }

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
        m_teamA = m_server->createTeam(QStringLiteral("Team A"));
        m_teamB = m_server->createTeam(QStringLiteral("Team B"));
        QVERIFY(!m_teamA.isEmpty() && !m_teamB.isEmpty());
        m_api = std::make_unique<ApiClient>(m_server->url());
        m_a = newDeviceIn(m_teamA);
        m_b = newDeviceIn(m_teamB);
        QVERIFY(!m_a.token.isEmpty() && !m_b.token.isEmpty());
        m_now = QDateTime::currentMSecsSinceEpoch();
        m_recordB = newId();
        const QString c = clock(m_now, m_b.deviceId);
        const Reply r = m_api->push(m_b,
            {mutation(1, QStringLiteral("participant"), m_recordB,
                {{QStringLiteral("name"), change(QStringLiteral("Hemmelig B"), c)},
                    {QStringLiteral("team"), change(m_teamB, c)}})});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        m_cursorB = pullAll(*m_api, m_b).cursor;
        m_snapshotB = snapshot(m_b);
        QVERIFY(m_snapshotB.contains(u"Hemmelig B"));
    }

    void teamAReadsNothingOfTeamB()
    {
        const PullState a = pullAll(*m_api, m_a);
        QCOMPARE(a.lastStatus, 200);
        QVERIFY(!a.records.contains(m_recordB));
        // B's cursor (another feed) is refused with a reset, never B's data.
        const Reply r = m_api->pull(m_a, m_cursorB);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("reset")).toBool(), true);
        QVERIFY(!r.body.contains("Hemmelig"));
        // A cursor from the future of A's own feed is a reset too.
        const QString feedA = a.cursor.section(u':', 0, 0);
        QCOMPARE(m_api->pull(m_a, feedA + QStringLiteral(":999999"))
                     .json()
                     .value(QStringLiteral("reset"))
                     .toBool(),
            true);
    }

    void craftedWritesToTeamB()
    {
        const QString c = clock(m_now + 10, m_a.deviceId);
        const QString bClock = clock(m_now, m_b.deviceId);
        const Reply r = m_api->push(m_a,
            {// an update of B's record with the right base clock
                mutation(1, QStringLiteral("participant"), m_recordB,
                    {{QStringLiteral("name"), change(QStringLiteral("Kapret"), c, bClock)}}),
                // a "create" with B's id
                mutation(2, QStringLiteral("participant"), m_recordB,
                    {{QStringLiteral("name"), change(QStringLiteral("Kapret"), c)},
                        {QStringLiteral("team"), change(m_teamA, c)}}),
                // a delete of B's record
                mutation(3, QStringLiteral("participant"), m_recordB,
                    {{QStringLiteral("deleted"), change(true, c, bClock)}}),
                // a record in A that refers to B's participant
                mutation(4, QStringLiteral("encounter"), newId(),
                    {{QStringLiteral("starts_at"), change(QStringLiteral("2026-11-23T09:00:00Z"), c)},
                        {QStringLiteral("participant_id"), change(m_recordB, c)},
                        {QStringLiteral("team"), change(m_teamA, c)}}),
                // a new record placed in team B
                mutation(5, QStringLiteral("participant"), newId(),
                    {{QStringLiteral("name"), change(QStringLiteral("Plantet"), c)},
                        {QStringLiteral("team"), change(m_teamB, c)}}),
                // a conflict record made up by the device, pointing at B's record
                mutation(6, QStringLiteral("conflict"), newId(),
                    {{QStringLiteral("entity"), change(QStringLiteral("participant"), c)},
                        {QStringLiteral("record_id"), change(m_recordB, c)},
                        {QStringLiteral("field"), change(QStringLiteral("name"), c)}})});
        QCOMPARE(r.status, 200);
        const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 6);
        QString firstMessage;
        for (const QJsonValue &v : rejected) {
            const QJsonObject o = v.toObject();
            QVERIFY2(o.value(QStringLiteral("code")).toString() == u"forbidden"
                    || o.value(QStringLiteral("code")).toString() == u"not_found",
                qPrintable(o.value(QStringLiteral("code")).toString()));
            QVERIFY(o.value(QStringLiteral("record")).isNull()); // nothing of B's record comes back
        }
        QVERIFY(!r.body.contains("Hemmelig"));
        // The same answer whether B's record exists or not.
        const Reply none = m_api->push(m_a,
            {mutation(7, QStringLiteral("participant"), newId(),
                {{QStringLiteral("name"), change(QStringLiteral("X"), c, bClock)}})});
        QCOMPARE(none.json()
                     .value(QStringLiteral("rejected"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("message")),
            rejected.at(0).toObject().value(QStringLiteral("message")));
        verifyUnchangedAndServing();
    }

    // H1: one device cannot stop its team's sync. A record without `deleted`, or with `deleted: null`,
    // used to be stored and then failed every teammate's pull on the device's NOT NULL column.
    void noRecordStopsTheTeamsPulls()
    {
        const Device writer = newDeviceIn(m_teamA);
        const Device mate = newDeviceIn(m_teamA);
        QVERIFY(!writer.token.isEmpty() && !mate.token.isEmpty());
        const QString id = newId();
        const QString c1 = clock(m_now + 20, writer.deviceId);
        // A new record with only a name: the server fills in what the devices require.
        Reply r = m_api->push(writer,
            {mutation(1, QStringLiteral("participant"), id,
                {{QStringLiteral("name"), change(QStringLiteral("Uten slettemerke"), c1)}})});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        // `deleted: null` on it, and on a new one: refused, with the field named.
        const QString c2 = clock(m_now + 30, writer.deviceId);
        r = m_api->push(writer,
            {mutation(2, QStringLiteral("participant"), id,
                 {{QStringLiteral("deleted"), change(QJsonValue::Null, c2, c1)}}),
                mutation(3, QStringLiteral("participant"), newId(),
                    {{QStringLiteral("name"), change(QStringLiteral("Null slettet"), c2)},
                        {QStringLiteral("deleted"), change(QJsonValue::Null, c2)}})});
        QCOMPARE(r.status, 200);
        const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 2);
        for (const QJsonValue &v : rejected) {
            QCOMPARE(v.toObject().value(QStringLiteral("code")).toString(), QStringLiteral("invalid"));
            QCOMPARE(v.toObject().value(QStringLiteral("field")).toString(), QStringLiteral("deleted"));
        }
        // The teammate pulls the record with both system fields set, from scratch and incrementally.
        const PullState s = pullAll(*m_api, mate);
        QCOMPARE(s.lastStatus, 200);
        QVERIFY(s.records.contains(id));
        const QJsonObject fields = s.records.value(id);
        QCOMPARE(fieldValue(fields, QStringLiteral("deleted")), QJsonValue(false));
        QCOMPARE(fieldValue(fields, QStringLiteral("team")), QJsonValue(m_teamA));
        QVERIFY(!snapshot(mate).contains(u"Null slettet"));
        verifyUnchangedAndServing();
    }

    // M4 and issue 20: a deleted record forgets its content on the server and in every pull; an edit
    // that did not see the delete is refused ("deleted") with the content-free tombstone; a restore
    // (deleted=false on the delete's clock) writes the content back.
    void deleteForgetsContentAndWinsOverStaleEdits()
    {
        const Device kari = newDeviceIn(m_teamA);
        const Device ola = newDeviceIn(m_teamA);
        QVERIFY(!kari.token.isEmpty() && !ola.token.isEmpty());
        const QString id = newId();
        const QString c1 = clock(m_now + 40, kari.deviceId);
        Reply r = m_api->push(kari,
            {mutation(1, QStringLiteral("participant"), id,
                {{QStringLiteral("name"), change(QStringLiteral("Glemt Person"), c1)},
                    {QStringLiteral("adjustments"), change(QStringLiteral("helseopplysning"), c1)}})});
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        const QString seenByOla = pullAll(*m_api, ola).cursor;

        const QString c2 = clock(m_now + 50, kari.deviceId);
        r = m_api->push(kari,
            {mutation(
                2, QStringLiteral("participant"), id, {{QStringLiteral("deleted"), change(true, c2, c1)}})});
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());

        // Ola edits later by the clock, without having seen the delete: refused, nothing comes back.
        const QString c3 = clock(m_now + 60, ola.deviceId);
        r = m_api->push(ola,
            {mutation(1, QStringLiteral("participant"), id,
                {{QStringLiteral("goals_short"), change(QStringLiteral("Ny plan"), c3, QString())}})});
        QCOMPARE(r.status, 200);
        QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(
            rejected.at(0).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("deleted"));
        QVERIFY(!r.body.contains("Glemt Person") && !r.body.contains("helseopplysning"));
        // Ola's incremental pull brings a tombstone without content; a new device gets nothing of it.
        const PullState later = pullAll(*m_api, ola, seenByOla);
        QVERIFY(later.records.contains(id));
        const QJsonObject tomb = later.records.value(id);
        QCOMPARE(fieldValue(tomb, QStringLiteral("deleted")), QJsonValue(true));
        QVERIFY(fieldValue(tomb, QStringLiteral("name")).isNull());
        QVERIFY(fieldValue(tomb, QStringLiteral("adjustments")).isNull());
        QVERIFY(!QJsonDocument(tomb).toJson().contains("Ny plan")); // Ola's refused edit is not there
        QVERIFY(!snapshot(newDeviceIn(m_teamA)).contains(u"Glemt Person"));
        // A repeated delete changes nothing and is not refused.
        r = m_api->push(ola,
            {mutation(2, QStringLiteral("participant"), id,
                {{QStringLiteral("deleted"), change(true, clock(m_now + 70, ola.deviceId), c1)}})});
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());

        // Kari restores it with the content she still had (on the delete's clock): everyone gets it back.
        const QString c4 = clock(m_now + 80, kari.deviceId);
        r = m_api->push(kari,
            {mutation(3, QStringLiteral("participant"), id,
                {{QStringLiteral("deleted"), change(false, c4, c2)},
                    {QStringLiteral("name"), change(QStringLiteral("Glemt Person"), c4, c1)}})});
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        QVERIFY(snapshot(newDeviceIn(m_teamA)).contains(u"Glemt Person"));
        verifyUnchangedAndServing();
    }

    void pushAsAnotherDevice()
    {
        QJsonObject body {{QStringLiteral("device_id"), m_b.deviceId},
            {QStringLiteral("mutations"),
                QJsonArray {mutation(100, QStringLiteral("participant"), m_recordB,
                    {{QStringLiteral("name"),
                        change(QStringLiteral("Kapret"), clock(m_now + 20, m_b.deviceId))}})}}};
        const Reply r = m_api->post(QStringLiteral("/v1/push"), QJsonDocument(body).toJson(), m_a.token);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));
        verifyUnchangedAndServing();
    }

    void tokens()
    {
        QCOMPARE(m_api->get(QStringLiteral("/v1/pull?cursor=")).status, 401);
        QCOMPARE(m_api->get(QStringLiteral("/v1/pull?cursor="), QString(43, u'A')).errorCode(),
            QStringLiteral("unauthorized"));
        QCOMPARE(m_api->get(QStringLiteral("/v1/pull?cursor="), QStringLiteral("' OR 1=1 --")).status, 401);
        const Reply basic = m_api->request(
            "GET", QStringLiteral("/v1/pull?cursor="), {}, {{"Authorization", "Basic Zm9vOmJhcg=="}});
        QCOMPARE(basic.status, 401);
    }

    void revokedDevice()
    {
        const Device d = newDeviceIn(m_teamA);
        QCOMPARE(m_api->pull(d, {}).status, 200);
        const testserver::AdminResult list
            = m_server->admin({QStringLiteral("list-devices"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains(d.deviceId.toLatin1()));
        QVERIFY(!list.out.contains(d.token.toLatin1()));
        QCOMPARE(m_server->admin({QStringLiteral("revoke-device"), d.deviceId}).exitCode, 0);
        const Reply pull = m_api->pull(d, {});
        QCOMPARE(pull.status, 401);
        QCOMPARE(pull.errorCode(), QStringLiteral("device_revoked"));
        const Reply push = m_api->push(d,
            {mutation(1, QStringLiteral("participant"), newId(),
                {{QStringLiteral("name"),
                    change(QStringLiteral("Etter tilbaketrekking"), clock(m_now, d.deviceId))}})});
        QCOMPARE(push.status, 401);
        QCOMPARE(
            m_server->admin({QStringLiteral("revoke-device"), QStringLiteral("finnesikke0000000")}).exitCode,
            1);
        // Logout revokes the caller's own token.
        const Device e = newDeviceIn(m_teamA);
        QCOMPARE(m_api->post(QStringLiteral("/v1/logout"), "{}", e.token).status, 200);
        QCOMPARE(m_api->pull(e, {}).status, 401);
    }

    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("version"); // empty: no header
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QString c = clock(QDateTime::currentMSecsSinceEpoch(), QStringLiteral("x"));
        const auto push = [](const QByteArray &mutations) {
            return QByteArray(R"({"device_id":"DEV","mutations":)" + mutations + "}");
        };
        QTest::newRow("no version") << QByteArray("POST") << QStringLiteral("/v1/push") << push("[]")
                                    << QByteArray() << 426 << QStringLiteral("protocol_version");
        QTest::newRow("version 2") << QByteArray("GET") << QStringLiteral("/v1/pull?cursor=") << QByteArray()
                                   << QByteArray("2") << 426 << QStringLiteral("protocol_version");
        QTest::newRow("not json") << QByteArray("POST") << QStringLiteral("/v1/push")
                                  << QByteArray("{not json") << QByteArray("1") << 400
                                  << QStringLiteral("malformed");
        QTest::newRow("array body") << QByteArray("POST") << QStringLiteral("/v1/push") << QByteArray("[]")
                                    << QByteArray("1") << 400 << QStringLiteral("malformed");
        QTest::newRow("unknown key") << QByteArray("POST") << QStringLiteral("/v1/push")
                                     << QByteArray(R"({"device_id":"DEV","mutations":[],"admin":true})")
                                     << QByteArray("1") << 400 << QStringLiteral("malformed");
        QTest::newRow("seq not increasing")
            << QByteArray("POST") << QStringLiteral("/v1/push")
            << push(
                   R"([{"seq":5,"entity":"participant","id":"ID1","fields":{"name":["a","C"]}},{"seq":5,"entity":"participant","id":"ID1","fields":{"name":["b","C"]}}])")
            << QByteArray("1") << 400 << QStringLiteral("malformed");
        QTest::newRow("seq as string")
            << QByteArray("POST") << QStringLiteral("/v1/push")
            << push(R"([{"seq":"1","entity":"participant","id":"ID1","fields":{}}])") << QByteArray("1")
            << 400 << QStringLiteral("malformed");
        QTest::newRow("invalid utf-8")
            << QByteArray("POST") << QStringLiteral("/v1/push") << QByteArray("{\"device_id\":\"\xff\xfe\"}")
            << QByteArray("1") << 400 << QStringLiteral("malformed");
        QByteArray many = "[";
        for (int i = 1; i <= 1001; ++i)
            many += (i > 1 ? "," : "") + QByteArray(R"({"seq":)") + QByteArray::number(i)
                + R"(,"entity":"participant","id":"ID1","fields":{"name":["a","C"]}})";
        QTest::newRow("too many mutations")
            << QByteArray("POST") << QStringLiteral("/v1/push") << push(many + "]") << QByteArray("1") << 413
            << QStringLiteral("too_large");
        QTest::newRow("bad limit") << QByteArray("GET") << QStringLiteral("/v1/pull?cursor=&limit=abc")
                                   << QByteArray() << QByteArray("1") << 400 << QStringLiteral("invalid");
        QTest::newRow("bad cursor") << QByteArray("GET") << QStringLiteral("/v1/pull?cursor=%27%3B--")
                                    << QByteArray() << QByteArray("1") << 400 << QStringLiteral("invalid");
        QTest::newRow("unknown query") << QByteArray("GET") << QStringLiteral("/v1/pull?cursor=&team=x")
                                       << QByteArray() << QByteArray("1") << 400 << QStringLiteral("invalid");
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/v1/records") << QByteArray()
                                      << QByteArray("1") << 404 << QStringLiteral("not_found");
        QTest::newRow("wrong method") << QByteArray("GET") << QStringLiteral("/v1/push") << QByteArray()
                                      << QByteArray("1") << 405 << QStringLiteral("method_not_allowed");
        QTest::newRow("put") << QByteArray("PUT") << QStringLiteral("/v1/push") << push("[]")
                             << QByteArray("1") << 405 << QStringLiteral("method_not_allowed");
        Q_UNUSED(c);
    }

    void badRequests()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, version);
        QFETCH(int, status);
        QFETCH(QString, code);
        const QString id = newId();
        body.replace("DEV", m_a.deviceId.toLatin1())
            .replace("ID1", id.toLatin1())
            .replace("\"C\"", QByteArray("\"" + clock(m_now, m_a.deviceId).toLatin1() + "\""));
        QList<QPair<QByteArray, QByteArray>> headers {{"Authorization", "Bearer " + m_a.token.toLatin1()}};
        if (!version.isEmpty())
            headers.append({"Feltnotat-Protocol", version});
        const Reply r = m_api->request(method, path, body, headers, false);
        QCOMPARE(r.status, status);
        QCOMPARE(r.errorCode(), code);
        QVERIFY(!r.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .isEmpty());
        if (status == 426)
            QCOMPARE(r.json().value(QStringLiteral("supported")).toArray(), QJsonArray {1});
        QVERIFY(!pullAll(*m_api, m_a).records.contains(id));
        verifyUnchangedAndServing();
    }

    void oversizedBodies()
    {
        // Over 8 MiB on the wire: refused by its Content-Length before it is read.
        QByteArray huge(9 * 1024 * 1024, ' ');
        huge.prepend("{\"device_id\":\"x\",\"mutations\":[]");
        huge.append('}');
        const Reply big = m_api->post(QStringLiteral("/v1/push"), huge, m_a.token);
        QCOMPARE(big.status, 413);
        QCOMPARE(big.errorCode(), QStringLiteral("too_large"));
        // A small gzip body that unpacks to more than 32 MiB.
        QByteArray bomb(40 * 1024 * 1024, ' ');
        bomb.prepend("{\"device_id\":\"x\",\"mutations\":[]");
        const Reply zipped
            = m_api->request("POST", QStringLiteral("/v1/push"), feltnotat::compression::gzip(bomb),
                {{"Authorization", "Bearer " + m_a.token.toLatin1()}, {"Content-Encoding", "gzip"}});
        QCOMPARE(zipped.status, 413);
        // A corrupt gzip body.
        const Reply corrupt
            = m_api->request("POST", QStringLiteral("/v1/push"), QByteArray("\x1f\x8b garbage"),
                {{"Authorization", "Bearer " + m_a.token.toLatin1()}, {"Content-Encoding", "gzip"}});
        QCOMPARE(corrupt.status, 400);
        // An oversized field value is rejected per mutation.
        const QString id = newId();
        const QString c = clock(m_now, m_a.deviceId);
        const Reply field = m_api->push(m_a,
            {mutation(50, QStringLiteral("participant"), id,
                {{QStringLiteral("name"), change(QString(5000, u'x'), c)},
                    {QStringLiteral("team"), change(m_teamA, c)}})});
        QCOMPARE(field.status, 200);
        QCOMPARE(field.json().value(QStringLiteral("rejected")).toArray().size(), 1);
        QVERIFY(!pullAll(*m_api, m_a).records.contains(id));
        verifyUnchangedAndServing();
    }

    void rawHttpGarbage()
    {
        // Broken HTTP on a raw socket gets an HTTP error, and the server keeps serving others.
        for (const QByteArray &junk :
            {QByteArray("HELLO\r\n\r\n"), QByteArray("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
                QByteArray(40 * 1024, 'a')}) {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_server->port());
            QVERIFY(socket.waitForConnected(5000));
            socket.write(junk);
            QVERIFY(socket.waitForReadyRead(5000));
            const QByteArray answer = socket.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"), answer.constData());
        }
        // A client that connects and says nothing does not block others.
        QTcpSocket idle;
        idle.connectToHost(QStringLiteral("127.0.0.1"), m_server->port());
        QVERIFY(idle.waitForConnected(5000));
        verifyUnchangedAndServing();
    }

    void participantMovedAway()
    {
        const Device a2 = newDeviceIn(m_teamA);
        const QString participant = newId();
        const QString encounter = newId();
        const QString c = clock(m_now + 50, m_a.deviceId);
        QCOMPARE(
            m_api
                ->push(m_a,
                    {mutation(200, QStringLiteral("participant"), participant,
                         {{QStringLiteral("name"), change(QStringLiteral("Flytter"), c)},
                             {QStringLiteral("team"), change(m_teamA, c)}}),
                        mutation(201, QStringLiteral("encounter"), encounter,
                            {{QStringLiteral("starts_at"), change(QStringLiteral("2026-11-23T09:00:00Z"), c)},
                                {QStringLiteral("participant_id"), change(participant, c)},
                                {QStringLiteral("team"), change(m_teamA, c)}})})
                .json()
                .value(QStringLiteral("rejected"))
                .toArray()
                .size(),
            0);
        const PullState before = pullAll(*m_api, a2);
        QVERIFY(before.records.contains(participant) && before.records.contains(encounter));
        const testserver::AdminResult moved = m_server->admin(
            {QStringLiteral("move-participant"), participant, QStringLiteral("--team"), m_teamB});
        QCOMPARE(moved.exitCode, 0);
        const PullState after = pullAll(*m_api, a2, before.cursor);
        QVERIFY(after.drops.contains(participant));
        QVERIFY(after.drops.contains(encounter));
        QVERIFY(!after.records.contains(participant));
        // The new team sees them; the old team can no longer write to them.
        const PullState b = pullAll(*m_api, m_b);
        QVERIFY(b.records.contains(participant) && b.records.contains(encounter));
        const Reply write = m_api->push(m_a,
            {mutation(202, QStringLiteral("participant"), participant,
                {{QStringLiteral("name"),
                    change(QStringLiteral("Tilbake?"), clock(m_now + 60, m_a.deviceId), c)}})});
        QCOMPARE(write.json()
                     .value(QStringLiteral("rejected"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("forbidden"));
        m_snapshotB = snapshot(m_b);
    }

    void restrictedParticipantIsDropped()
    {
        const Device a2 = newDeviceIn(m_teamA);
        const QString participant = newId();
        const QString c = clock(m_now + 70, m_a.deviceId);
        QCOMPARE(m_api
                     ->push(m_a,
                         {mutation(300, QStringLiteral("participant"), participant,
                             {{QStringLiteral("name"), change(QStringLiteral("Skjermet"), c)},
                                 {QStringLiteral("team"), change(m_teamA, c)}})})
                     .status,
            200);
        const PullState before = pullAll(*m_api, a2);
        QVERIFY(before.records.contains(participant));
        QCOMPARE(
            m_api
                ->push(m_a,
                    {mutation(301, QStringLiteral("participant"), participant,
                        {{QStringLiteral("restricted"), change(true, clock(m_now + 80, m_a.deviceId))}})})
                .status,
            200);
        const PullState after = pullAll(*m_api, a2, before.cursor);
        QVERIFY(after.drops.contains(participant));
        QVERIFY(!pullAll(*m_api, newDeviceIn(m_teamA)).records.contains(participant));
    }

    // A key twice in one object, at any depth and however it is spelled, is refused by every route
    // that reads JSON: 400 malformed naming the key's path, nothing stored, nobody signed in or out.
    // Both copies carry the same valid value, so a reader that kept either one would have gone ahead.
    void duplicateKeysAreRefused()
    {
        const QString login = QStringLiteral("dobbel");
        QVERIFY(!m_server->createUser(m_teamA, login, Password).isEmpty());
        const QString id = newId();
        const QByteArray c = clock(m_now + 90, m_a.deviceId).toLatin1();
        const QByteArray device = "\"device_id\":\"" + m_a.deviceId.toLatin1() + "\"";
        const QByteArray name = "[\"Dobbel\",\"" + c + "\"]";
        const auto push = [&](const QByteArray &fields) -> QByteArray {
            return "{\"seq\":400,\"entity\":\"participant\",\"id\":\"" + id.toLatin1() + "\",\"fields\":{"
                + fields + ",\"team\":[\"" + m_teamA.toLatin1() + "\",\"" + c + "\"]}}";
        };
        const QByteArray record = push("\"name\":" + name);
        const QByteArray newDevice = ApiClient::newDeviceId().toLatin1();
        const QByteArray credentials = "\"login\":\"" + login.toLatin1() + "\",\"password\":\""
            + Password.toLatin1() + "\",\"device_id\":\"" + newDevice + "\",\"device_name\":\"Testtelefon\"";
        struct Case
        {
            QString path;
            QByteArray body;
            QString field;
        };
        const QList<Case> cases {
            {QStringLiteral("/v1/push"),
                '{' + device + ",\"mutations\":[" + record + "],\"mutations\":[" + record + "]}",
                QStringLiteral("mutations")},
            {QStringLiteral("/v1/push"), '{' + device + ',' + device + ",\"mutations\":[" + record + "]}",
                QStringLiteral("device_id")},
            {QStringLiteral("/v1/push"),
                '{' + device + ",\"mutations\":[" + push("\"name\":" + name + ",\"name\":" + name) + "]}",
                QStringLiteral("mutations[0].fields.name")},
            {QStringLiteral("/v1/push"),
                '{' + device + ",\"mutations\":[" + push("\"name\":" + name + ",\"n\\u0061me\":" + name)
                    + "]}",
                QStringLiteral("mutations[0].fields.name")},
            {QStringLiteral("/v1/login"), '{' + credentials + ',' + credentials + '}',
                QStringLiteral("login")},
            {QStringLiteral("/v1/logout"), "{\"all\":true,\"all\":true}", QStringLiteral("all")},
        };
        for (const Case &t : cases) {
            const Reply r = m_api->request("POST", t.path, t.body,
                {{"Authorization", "Bearer " + m_a.token.toLatin1()}, {"Content-Type", "application/json"}});
            QCOMPARE(r.status, 400);
            QCOMPARE(r.errorCode(), QStringLiteral("malformed"));
            const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
            QCOMPARE(error.value(QStringLiteral("field")).toString(), t.field);
            QVERIFY(error.value(QStringLiteral("message")).toString().contains(u"twice"));
            QVERIFY(!r.body.contains("token"));
        }
        // Nothing stored, device A still signed in, and the same bodies without the repeat go through.
        QVERIFY(!pullAll(*m_api, m_a).records.contains(id));
        QCOMPARE(m_api->post(QStringLiteral("/v1/login"), '{' + credentials + '}').status, 200);
        const Reply once = m_api->request("POST", QStringLiteral("/v1/push"),
            '{' + device + ",\"mutations\":[" + record + "]}",
            {{"Authorization", "Bearer " + m_a.token.toLatin1()}});
        QCOMPARE(once.status, 200);
        QVERIFY(once.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        QCOMPARE(fieldValue(pullAll(*m_api, m_a).records.value(id), QStringLiteral("name")).toString(),
            QStringLiteral("Dobbel"));
        verifyUnchangedAndServing();
    }

    // The fødselsnummer rule holds on the server however the number is written (review L9), in phone
    // and e-mail fields too: each such mutation is refused on its own, nothing of it is stored.
    void birthNumbersAreRefusedHoweverWritten()
    {
        const QString fnr = testdata::firstSyntheticBirthNumber(QDate(1987, 5, 14));
        const QString c = clock(m_now + 100, m_a.deviceId);
        const QList<QPair<QString, QString>> cases {
            {QStringLiteral("phone"), u'+' + fnr},
            {QStringLiteral("email"), fnr.left(6) + u'.' + fnr.mid(6) + QStringLiteral("@example.no")},
            {QStringLiteral("name"), fnr.left(6) + QChar(0x200b) + fnr.mid(6)},
            {QStringLiteral("name"),
                fnr.left(2) + u'.' + fnr.mid(2, 2) + u'.' + fnr.mid(4, 2) + u' ' + fnr.mid(6)},
        };
        QJsonArray mutations;
        QStringList ids;
        qint64 seq = 410;
        for (const auto &[field, value] : cases) {
            ids << newId();
            QJsonObject fields {{QStringLiteral("team"), change(m_teamA, c)}, {field, change(value, c)}};
            if (field != u"name")
                fields.insert(QStringLiteral("name"), change(QStringLiteral("Uten nummer"), c));
            mutations.append(mutation(seq++, QStringLiteral("participant"), ids.last(), fields));
        }
        const Reply r = m_api->push(m_a, mutations);
        QCOMPARE(r.status, 200);
        const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), cases.size());
        for (qsizetype i = 0; i < cases.size(); ++i) {
            const QJsonObject o = rejected.at(i).toObject();
            QCOMPARE(o.value(QStringLiteral("field")).toString(), cases.at(i).first);
            QVERIFY(o.value(QStringLiteral("message")).toString().contains(QStringLiteral("Fødselsnummer")));
        }
        const PullState after = pullAll(*m_api, m_a);
        for (const QString &id : std::as_const(ids))
            QVERIFY(!after.records.contains(id));
        verifyUnchangedAndServing();
    }

    // Conflict attribution (review L3): a device cannot stamp a change with another device's clock (a
    // teammate's or another team's), so a conflict's lost_by always names the authenticated writer.
    void conflictAttributionFollowsTheWriter()
    {
        const Device a2 = newDeviceIn(m_teamA);
        const QString id = newId();
        const QString c0 = clock(m_now + 200, m_a.deviceId);
        Reply r = m_api->push(m_a,
            {mutation(420, QStringLiteral("participant"), id,
                {{QStringLiteral("name"), change(QStringLiteral("Start"), c0)},
                    {QStringLiteral("team"), change(m_teamA, c0)}})});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        qint64 seq = 421;
        for (const QString &node : {a2.deviceId, m_b.deviceId}) {
            r = m_api->push(m_a,
                {mutation(seq++, QStringLiteral("participant"), id,
                    {{QStringLiteral("name"),
                        change(QStringLiteral("Forfalsket"), clock(m_now + 300, node), c0)}})});
            QCOMPARE(r.status, 200);
            const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
            QCOMPARE(rejected.size(), 1);
            QCOMPARE(
                rejected.at(0).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("name"));
        }
        // A2 and A change the name concurrently; A's later clock wins, the conflict names A2 as the loser.
        QCOMPARE(m_api
                     ->push(a2,
                         {mutation(1, QStringLiteral("participant"), id,
                             {{QStringLiteral("name"),
                                 change(QStringLiteral("Fra A2"), clock(m_now + 400, a2.deviceId), c0)}})})
                     .status,
            200);
        QCOMPARE(m_api
                     ->push(m_a,
                         {mutation(seq++, QStringLiteral("participant"), id,
                             {{QStringLiteral("name"),
                                 change(QStringLiteral("Fra A"), clock(m_now + 500, m_a.deviceId), c0)}})})
                     .status,
            200);
        const PullState state = pullAll(*m_api, m_a);
        QCOMPARE(
            fieldValue(state.records.value(id), QStringLiteral("name")).toString(), QStringLiteral("Fra A"));
        int conflicts = 0;
        for (const QJsonObject &c : state.records) {
            if (fieldValue(c, QStringLiteral("record_id")).toString() != id)
                continue;
            ++conflicts;
            QCOMPARE(fieldValue(c, QStringLiteral("lost_value")).toString(), QStringLiteral("\"Fra A2\""));
            QCOMPARE(fieldValue(c, QStringLiteral("lost_by")).toString(), a2.userId);
        }
        QCOMPARE(conflicts, 1);
    }

    // A restricted participant hides what is linked to it only through an encounter too (review L2):
    // a task with just encounter_id goes with its encounter's participant.
    void restrictionHidesTasksThroughTheirEncounter()
    {
        const Device a2 = newDeviceIn(m_teamA);
        const QString participant = newId(), encounter = newId(), task = newId();
        const QString c = clock(m_now + 600, m_a.deviceId);
        const Reply r = m_api->push(m_a,
            {mutation(430, QStringLiteral("participant"), participant,
                 {{QStringLiteral("name"), change(QStringLiteral("Skjermet via møte"), c)},
                     {QStringLiteral("team"), change(m_teamA, c)}}),
                mutation(431, QStringLiteral("encounter"), encounter,
                    {{QStringLiteral("participant_id"), change(participant, c)},
                        {QStringLiteral("starts_at"), change(QStringLiteral("2026-12-01T09:00:00Z"), c)},
                        {QStringLiteral("team"), change(m_teamA, c)}}),
                mutation(432, QStringLiteral("task"), task,
                    {{QStringLiteral("title"), change(QStringLiteral("Følg opp møtet"), c)},
                        {QStringLiteral("encounter_id"), change(encounter, c)},
                        {QStringLiteral("team"), change(m_teamA, c)}})});
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json().value(QStringLiteral("rejected")).toArray().isEmpty(), r.body.constData());
        const PullState before = pullAll(*m_api, a2);
        QVERIFY(before.records.contains(task));
        QCOMPARE(
            m_api
                ->push(m_a,
                    {mutation(433, QStringLiteral("participant"), participant,
                        {{QStringLiteral("restricted"), change(true, clock(m_now + 700, m_a.deviceId))}})})
                .status,
            200);
        const PullState after = pullAll(*m_api, a2, before.cursor);
        QVERIFY(after.drops.contains(task));
        QVERIFY(after.drops.contains(encounter));
        QVERIFY(!pullAll(*m_api, newDeviceIn(m_teamA)).records.contains(task));
    }
};

QTEST_GUILESS_MAIN(TestServerSecurity)
#include "tst_serversecurity.moc"
