#include "clirunner.h"
#include "core/store.h"
#include "core/storequeries.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;
using clitest::Run;

// feltnotat-cli's record commands on a fresh data folder, offline, through the real binary.
class TestCliRecords : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString data() const { return m_dir->path(); }

    // Runs the CLI and returns the id it printed (text mode prints only the id); fails the test otherwise.
    QString add(const QStringList &args)
    {
        const Run r = clitest::on(data(), QStringList {QStringLiteral("add")} + args);
        if (r.exitCode != 0) {
            qWarning().noquote() << r.describe();
            return {};
        }
        return r.outText().trimmed();
    }
    QJsonObject show(const QString &entity, const QString &id)
    {
        return clitest::on(data(), {QStringLiteral("--json"), QStringLiteral("show"), entity, id})
            .json()
            .object();
    }
    static QString localTime(const QDateTime &t)
    {
        return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    // Issue 14 item 8: the CLI meets the same encounter rules as the app, and Min uke counts what it adds.
    void addedJobDevelopmentCountsAsEmployerContact()
    {
        const QString person = add({QStringLiteral("participant"), QStringLiteral("name=Kari Fjell")});
        const QString employer = add({QStringLiteral("employer"), QStringLiteral("name=Fjordbakeriet AS"),
            QStringLiteral("org_number=123456785")});
        QVERIFY(!person.isEmpty() && !employer.isEmpty());
        const QString visit = add({QStringLiteral("encounter"), QStringLiteral("kind=job_development"),
            QStringLiteral("employer_id=") + employer, QStringLiteral("participant_id=") + person,
            QStringLiteral("starts_at=now")});
        QVERIFY(!visit.isEmpty());
        const QJsonObject shown = show(QStringLiteral("encounter"), visit);
        QCOMPARE(shown.value(QStringLiteral("employer_contact")), QJsonValue(true));
        QCOMPARE(shown.value(QStringLiteral("status")), QJsonValue(QStringLiteral("completed")));
        const QString followUp = add({QStringLiteral("encounter"),
            QStringLiteral("kind=participant_follow_up"), QStringLiteral("employer_id=") + employer,
            QStringLiteral("participant_id=") + person, QStringLiteral("starts_at=now")});
        QCOMPARE(show(QStringLiteral("encounter"), followUp).value(QStringLiteral("employer_contact")),
            QJsonValue(false));

        // Min uke, read from the same folder, counts the job development visit.
        auto store = clitest::openStore(data());
        QVERIFY(store);
        const WeekFigures w = StoreQueries(*store).weekFigures(QDate::currentDate(), QStringLiteral("local"));
        QCOMPARE(w.encounters, 2);
        QCOMPARE(w.employerContacts, 1);
    }

    void addedEncounterIsPlannedOrCompletedByTime()
    {
        const QString person = add({QStringLiteral("participant"), QStringLiteral("name=Ola Li")});
        const QDateTime tomorrow = QDateTime::currentDateTime().addDays(1);
        const QString planned = add({QStringLiteral("encounter"), QStringLiteral("participant_id=") + person,
            QStringLiteral("starts_at=") + localTime(tomorrow)});
        QCOMPARE(show(QStringLiteral("encounter"), planned).value(QStringLiteral("status")),
            QJsonValue(QStringLiteral("planned")));

        // A completed visit tomorrow is refused with the reason, and nothing is stored.
        const Run refused = clitest::on(data(),
            {QStringLiteral("add"), QStringLiteral("encounter"), QStringLiteral("participant_id=") + person,
                QStringLiteral("starts_at=") + localTime(tomorrow), QStringLiteral("status=completed")});
        QVERIFY2(refused.exitCode == 1, refused.describe());
        QVERIFY2(refused.errText().contains(QStringLiteral("status")), refused.describe());
        QVERIFY(refused.out.isEmpty());
        const Run listed = clitest::on(
            data(), {QStringLiteral("--json"), QStringLiteral("list"), QStringLiteral("encounter")});
        QCOMPARE(listed.json().array().size(), 1);
    }

    void addedEncounterWithNextStepMakesItsTask()
    {
        const QString person = add({QStringLiteral("participant"), QStringLiteral("name=Siri Dal")});
        const Run r = clitest::on(data(),
            {QStringLiteral("--json"), QStringLiteral("add"), QStringLiteral("encounter"),
                QStringLiteral("participant_id=") + person, QStringLiteral("starts_at=now"),
                QStringLiteral("next_step=Ring leder"), QStringLiteral("next_step_due=2030-01-15")});
        QVERIFY2(r.exitCode == 0, r.describe());
        const QString task = r.json().object().value(QStringLiteral("next_step_task")).toString();
        QVERIFY(!task.isEmpty());
        const QJsonObject t = show(QStringLiteral("task"), task);
        QCOMPARE(t.value(QStringLiteral("title")), QJsonValue(QStringLiteral("Ring leder")));
        QCOMPARE(t.value(QStringLiteral("due_date")), QJsonValue(QStringLiteral("2030-01-15")));
        QCOMPARE(t.value(QStringLiteral("encounter_id")), r.json().object().value(QStringLiteral("id")));
        QCOMPARE(t.value(QStringLiteral("participant_id")), QJsonValue(person));
    }

    // Issue 14 item 6: a word inside a Norwegian compound name is found, through the CLI too.
    void searchFindsAWordInsideACompound()
    {
        const QString employer = add({QStringLiteral("employer"), QStringLiteral("name=Fjordbakeriet AS")});
        const QString person = add({QStringLiteral("participant"), QStringLiteral("name=Ola Sveisebakken")});
        QVERIFY(!employer.isEmpty() && !person.isEmpty());
        const Run r = clitest::on(
            data(), {QStringLiteral("--json"), QStringLiteral("search"), QStringLiteral("bakeri")});
        QVERIFY2(r.exitCode == 0, r.describe());
        const QJsonArray hits = r.json().array();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().toObject().value(QStringLiteral("id")), QJsonValue(employer));
        const Run text = clitest::on(data(), {QStringLiteral("search"), QStringLiteral("bakken")});
        QVERIFY2(text.exitCode == 0 && text.outText().contains(person), text.describe());
        QVERIFY2(text.outText().contains(QStringLiteral("Ola Sveisebakken")), text.describe());
    }

    // Issue 19: list says when it stops at its limit, and --all lists everything.
    void listSaysWhenItIsCutAndAllListsEverything()
    {
        QVERIFY(!add({QStringLiteral("participant"), QStringLiteral("name=Første")}).isEmpty());
        {
            auto store = clitest::openStore(data());
            QVERIFY(store);
            for (int i = 0; i < 104; ++i)
                QVERIFY(store->create(QStringLiteral("participant"),
                    {{QStringLiteral("name"), QStringLiteral("Deltaker %1").arg(i)}}));
        }
        const Run cut = clitest::on(
            data(), {QStringLiteral("--json"), QStringLiteral("list"), QStringLiteral("participant")});
        QVERIFY2(cut.exitCode == 0, cut.describe());
        QCOMPARE(cut.json().array().size(), 100);
        QVERIFY2(cut.errText().contains(QStringLiteral("--all")), cut.describe());
        const Run all = clitest::on(data(),
            {QStringLiteral("--json"), QStringLiteral("list"), QStringLiteral("participant"),
                QStringLiteral("--all")});
        QVERIFY2(all.exitCode == 0 && all.err.isEmpty(), all.describe());
        QCOMPARE(all.json().array().size(), 105);
        const Run exact = clitest::on(data(),
            {QStringLiteral("list"), QStringLiteral("participant"), QStringLiteral("--limit"),
                QStringLiteral("105")});
        QVERIFY2(exact.exitCode == 0 && exact.err.isEmpty(), exact.describe());
        QCOMPARE(exact.outText().count(u'\n'), 105);
        const Run both = clitest::on(data(),
            {QStringLiteral("list"), QStringLiteral("participant"), QStringLiteral("--all"),
                QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(both.exitCode, 2);
    }

    // Issue 19: Bokmål by default, English with --lang en; another language is a usage error.
    void bokmalByDefaultEnglishOnRequest()
    {
        const QStringList show {
            QStringLiteral("show"), QStringLiteral("participant"), QStringLiteral("finnes-ikke")};
        const Run nb = clitest::on(data(), show);
        QCOMPARE(nb.exitCode, 1);
        QVERIFY2(nb.errText().contains(QStringLiteral("fant ikke oppføringen")), nb.describe());
        const Run en
            = clitest::on(data(), QStringList {QStringLiteral("--lang"), QStringLiteral("en")} + show);
        QCOMPARE(en.exitCode, 1);
        QVERIFY2(en.errText().contains(QStringLiteral("no such record")), en.describe());
        const Run de
            = clitest::on(data(), QStringList {QStringLiteral("--lang"), QStringLiteral("de")} + show);
        QCOMPARE(de.exitCode, 2);
        QVERIFY2(de.errText().contains(QStringLiteral("--lang")), de.describe());
    }

    // Issue 19: the help and the usage errors are in the same language as everything else.
    void helpAndUsageInTheChosenLanguage()
    {
        const Run help = clitest::run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(
            help.outText().startsWith(QStringLiteral("Bruk: feltnotat-cli --data MAPPE")), help.describe());
        QVERIFY2(help.outText().contains(QStringLiteral("Avslutningskoder: 0 utført")), help.describe());
        QVERIFY2(!help.outText().contains(QStringLiteral("Exit codes")), help.describe());
        const Run english
            = clitest::run({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--help")});
        QCOMPARE(english.exitCode, 0);
        QVERIFY2(english.outText().startsWith(QStringLiteral("Usage: feltnotat-cli --data DIR")),
            english.describe());

        const Run noData = clitest::run({QStringLiteral("status")});
        QCOMPARE(noData.exitCode, 2);
        QVERIFY2(noData.errText().contains(QStringLiteral("--data MAPPE må oppgis")), noData.describe());
        QVERIFY2(noData.errText().contains(QStringLiteral("Se feltnotat-cli --help.")), noData.describe());
        const Run add = clitest::on(data(), {QStringLiteral("add")});
        QCOMPARE(add.exitCode, 2);
        QVERIFY2(add.errText().contains(QStringLiteral("bruk: add TYPE felt=verdi")), add.describe());
        const Run addEn
            = clitest::on(data(), {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("add")});
        QCOMPARE(addEn.exitCode, 2);
        QVERIFY2(addEn.errText().contains(QStringLiteral("usage: add ENTITY field=value")), addEn.describe());
        const Run badField = clitest::on(
            data(), {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("navn")});
        QCOMPARE(badField.exitCode, 1);
        QVERIFY2(badField.errText().contains(QStringLiteral("ventet felt=verdi")), badField.describe());
    }
};

QTEST_GUILESS_MAIN(TestCliRecords)
#include "tst_cli_records.moc"
