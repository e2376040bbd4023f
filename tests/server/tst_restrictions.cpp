// Restricted participants (issue 15 item 6, security review L2): a restriction hides the participant
// and everything linked to it from every device and from the office API, tasks linked only through an
// encounter included (also one stored before tasks took their encounter's participant); an operator
// lists restrictions without seeing content and lifts one, after which the team's devices receive the
// participant and its records again. Against the real server process, on SQLite and PostgreSQL.
#include "apiclient.h"
#include "officeclient.h"
#include "server/databaseopener.h"
#include "server/sqlbackend.h"
#include "support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-skjerming");

} // namespace

class TestRestrictions : public QObject
{
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_team;
    QString m_otherTeam;
    Device m_kari;
    Device m_ola;
    qint64 m_now = 0;
    qint64 m_seq = 0;

    // Pushes as Kari; every mutation must be accepted.
    void push(const QString &entity, const QString &id, const QJsonObject &fields)
    {
        const Reply r = m_api->push(m_kari, {mutation(++m_seq, entity, id, fields)});
        QVERIFY2(r.status == 200 && r.json().value(QStringLiteral("rejected")).toArray().isEmpty(),
            r.body.constData());
    }
    QJsonArray stamped(const QJsonValue &value) { return change(value, clock(++m_now, m_kari.deviceId)); }

private Q_SLOTS:
    void initTestCase()
    {
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(pg);
        options.database = pg;
#endif
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_team = m_server->createTeam(QStringLiteral("Team Skjerming"));
        m_otherTeam = m_server->createTeam(QStringLiteral("Team Annet"));
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("kari"), Password).isEmpty());
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("ola"), Password).isEmpty());
        m_api = std::make_unique<ApiClient>(m_server->url());
        m_kari = m_api->loginDevice(QStringLiteral("kari"), Password);
        m_ola = m_api->loginDevice(QStringLiteral("ola"), Password);
        QVERIFY(!m_kari.token.isEmpty() && !m_ola.token.isEmpty());
        m_now = QDateTime::currentMSecsSinceEpoch();
    }

    void restrictListAndLift()
    {
        const QString participant = newId(), encounter = newId(), task = newId(), oldTask = newId();
        push(QStringLiteral("participant"), participant,
            {{QStringLiteral("name"), stamped(QStringLiteral("Skjermet Deltaker"))},
                {QStringLiteral("goals_short"), stamped(QStringLiteral("Lager"))}});
        push(QStringLiteral("encounter"), encounter,
            {{QStringLiteral("participant_id"), stamped(participant)},
                {QStringLiteral("starts_at"), stamped(QStringLiteral("2026-12-01T09:00:00Z"))}});
        for (const QString &id : {task, oldTask})
            push(QStringLiteral("task"), id,
                {{QStringLiteral("title"), stamped(QStringLiteral("Følg opp møtet"))},
                    {QStringLiteral("encounter_id"), stamped(encounter)}});
        // One task as a server before the L2 fix stored it: without the participant it belongs to.
        {
            auto spec = feltnotat::server::DatabaseOpener::spec(m_server->database(), {});
            QVERIFY(spec);
            auto db = feltnotat::server::DatabaseOpener::open(spec.value());
            QVERIFY2(db, qPrintable(db ? QString() : db.errorString()));
            auto cleared = db.value()->exec(
                QStringLiteral("UPDATE records SET participant_id = NULL WHERE entity = 'task' AND id = ?"),
                {oldTask});
            QVERIFY(cleared);
            QCOMPARE(cleared->affected, 1);
        }
        const PullState before = pullAll(*m_api, m_ola);
        for (const QString &id : {participant, encounter, task, oldTask})
            QVERIFY(before.records.contains(id));

        // The restriction: Ola's device drops all four; a new device never gets them; nor does the office.
        push(QStringLiteral("participant"), participant, {{QStringLiteral("restricted"), stamped(true)}});
        const PullState dropped = pullAll(*m_api, m_ola, before.cursor);
        for (const QString &id : {participant, encounter, task, oldTask})
            QVERIFY2(dropped.drops.contains(id), qPrintable(id));
        const Device fresh = m_api->loginDevice(QStringLiteral("ola"), Password);
        const PullState freshView = pullAll(*m_api, fresh);
        for (const QString &id : {participant, encounter, task, oldTask})
            QVERIFY(!freshView.records.contains(id));
        const auto created = m_server->admin(
            {QStringLiteral("create-api-client"), QStringLiteral("Arkiv"), QStringLiteral("--team"), m_team});
        QCOMPARE(created.exitCode, 0);
        const ApiClientCredentials office = parseCredentials(created.out);
        OfficeClient odata(*m_api);
        const Reply tasks = odata.get(QStringLiteral("/odata/Tasks"), office);
        QCOMPARE(tasks.status, 200);
        QVERIFY2(!tasks.body.contains(task.toLatin1()) && !tasks.body.contains(oldTask.toLatin1()),
            tasks.body.constData());

        // The operator's list: ids, team, when, how many; never the name or other content.
        const auto listed = m_server->admin({QStringLiteral("list-restrictions")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains(participant.toLatin1()));
        QVERIFY(!listed.out.contains("Skjermet") && !listed.out.contains("Lager"));
        const auto json = m_server->admin({QStringLiteral("list-restrictions"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.at(0).toObject();
        QCOMPARE(row.value(QStringLiteral("participant_id")).toString(), participant);
        QCOMPARE(row.value(QStringLiteral("team")).toString(), m_team);
        QCOMPARE(row.value(QStringLiteral("linked_records")).toInt(), 3);
        QVERIFY(QDateTime::fromString(row.value(QStringLiteral("restricted_at")).toString(), Qt::ISODate)
                    .isValid());
        const auto otherTeam = m_server->admin({QStringLiteral("list-restrictions"), QStringLiteral("--json"),
            QStringLiteral("--team"), m_otherTeam});
        QCOMPARE(otherTeam.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(otherTeam.out).array().isEmpty());

        // Lifted: Ola's device gets all four back with their content, and the office sees the tasks again.
        const auto lifted = m_server->admin({QStringLiteral("lift-restriction"), participant});
        QVERIFY2(lifted.exitCode == 0, lifted.err.constData());
        QVERIFY(lifted.out.contains("4 records"));
        const PullState back = pullAll(*m_api, m_ola, dropped.cursor);
        for (const QString &id : {participant, encounter, task, oldTask})
            QVERIFY2(back.records.contains(id), qPrintable(id));
        const QJsonObject p = back.records.value(participant);
        QCOMPARE(fieldValue(p, QStringLiteral("name")).toString(), QStringLiteral("Skjermet Deltaker"));
        QCOMPARE(fieldValue(p, QStringLiteral("restricted")).toBool(), false);
        QCOMPARE(fieldValue(back.records.value(oldTask), QStringLiteral("title")).toString(),
            QStringLiteral("Følg opp møtet"));
        const Reply tasksAgain = odata.get(QStringLiteral("/odata/Tasks"), office);
        QVERIFY(tasksAgain.body.contains(task.toLatin1()) && tasksAgain.body.contains(oldTask.toLatin1()));
        QVERIFY(QJsonDocument::fromJson(
            m_server->admin({QStringLiteral("list-restrictions"), QStringLiteral("--json")}).out)
                    .array()
                    .isEmpty());
        // And Kari may write to it again.
        push(QStringLiteral("participant"), participant,
            {{QStringLiteral("goals_short"), stamped(QStringLiteral("Butikk"))}});
        const QString conforms = odata.validateAgainstOpenApi();
        QVERIFY2(conforms.isEmpty() || conforms.startsWith(QStringLiteral("skip")), qPrintable(conforms));
    }

    void liftRefusesWhatItCannotLift()
    {
        const auto malformed
            = m_server->admin({QStringLiteral("lift-restriction"), QStringLiteral("ikke-en-id")});
        QCOMPARE(malformed.exitCode, 2);
        const auto unknown = m_server->admin({QStringLiteral("lift-restriction"), newId()});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("no such participant"));
        const QString open = newId();
        push(
            QStringLiteral("participant"), open, {{QStringLiteral("name"), stamped(QStringLiteral("Åpen"))}});
        const auto notRestricted = m_server->admin({QStringLiteral("lift-restriction"), open});
        QCOMPARE(notRestricted.exitCode, 1);
        QVERIFY(notRestricted.err.contains("not restricted"));
    }
};

QTEST_GUILESS_MAIN(TestRestrictions)
#include "tst_restrictions.moc"
