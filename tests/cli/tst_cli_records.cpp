#include "clirunner.h"
#include "core/outbox.h"
#include "core/remoteapplier.h"
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

    // Issue 19 (review: "search --json" once lost --json to a hand-made parser): one parser reads every
    // option (clioptions.h), global ones and a command's own, before or after the command and its
    // arguments; "--" ends the options and "-" is an argument (standard input).
    void optionsInAnyPosition()
    {
        const QString employer = add({QStringLiteral("employer"), QStringLiteral("name=Fjordbakeriet AS")});
        QVERIFY(!employer.isEmpty());
        const QString json = QStringLiteral("--json");
        const QString bakeri = QStringLiteral("bakeri");
        const QString search = QStringLiteral("search");
        for (const QStringList &args : {QStringList {json, search, bakeri},
                 QStringList {search, json, bakeri}, QStringList {search, bakeri, json},
                 QStringList {search, bakeri, QStringLiteral("--lang"), QStringLiteral("en"), json}}) {
            const Run r = clitest::on(data(), args);
            QVERIFY2(r.exitCode == 0, r.describe());
            const QJsonArray hits = r.json().array();
            QVERIFY2(hits.size() == 1 && hits.first().toObject().value(QStringLiteral("id")) == employer,
                r.describe());
        }
        // The global options after the command, --data last; a command's option before the command.
        const Run dataLast = clitest::run({QStringLiteral("list"), QStringLiteral("employer"), json,
            QStringLiteral("--pin-file"), clitest::pinFile(), QStringLiteral("--data"), data()});
        QVERIFY2(dataLast.exitCode == 0 && dataLast.json().array().size() == 1, dataLast.describe());
        QVERIFY(!add({QStringLiteral("employer"), QStringLiteral("name=Sveisebakken AS")}).isEmpty());
        const Run limitFirst = clitest::on(data(),
            {QStringLiteral("--limit"), QStringLiteral("1"), json, QStringLiteral("list"),
                QStringLiteral("employer")});
        QVERIFY2(limitFirst.exitCode == 0 && limitFirst.json().array().size() == 1, limitFirst.describe());
        // After "--" what looks like an option is text: searched for, not read as --json.
        const Run literal = clitest::on(data(), {search, QStringLiteral("--"), json});
        QVERIFY2(literal.exitCode == 0 && literal.outText().contains(QStringLiteral("(ingen treff)")),
            literal.describe());
        const Run fromStdin = clitest::on(data(), {QStringLiteral("import"), QStringLiteral("-"), json},
            R"({"entity": "participant", "fields": {"name": "Kari Fjell"}})"
            "\n");
        QVERIFY2(fromStdin.exitCode == 0, fromStdin.describe());
        QCOMPARE(fromStdin.json().object().value(QStringLiteral("imported")).toInteger(), 1);
    }

    // An unknown option, an option of another command and an option without its value are usage errors
    // (exit 2) that name the option, in the chosen language, and nothing is written.
    void unknownOptionsAreUsageErrors()
    {
        const QString add = QStringLiteral("add");
        const QString participant = QStringLiteral("participant");
        const QString name = QStringLiteral("name=Kari Fjell");
        const Run typo = clitest::on(data(), {add, participant, name, QStringLiteral("--jsn")});
        QCOMPARE(typo.exitCode, 2);
        QVERIFY2(typo.errText().contains(QStringLiteral("ukjent valg: --jsn")), typo.describe());
        QVERIFY2(typo.errText().contains(QStringLiteral("Se feltnotat-cli --help.")), typo.describe());
        const Run dash = clitest::on(data(),
            {QStringLiteral("--lang"), QStringLiteral("en"), add, participant, name, QStringLiteral("-x")});
        QCOMPARE(dash.exitCode, 2);
        QVERIFY2(dash.errText().contains(QStringLiteral("unknown option: -x")), dash.describe());
        QVERIFY2(dash.errText().contains(QStringLiteral("Try feltnotat-cli --help.")), dash.describe());
        const Run other
            = clitest::on(data(), {add, participant, name, QStringLiteral("--limit"), QStringLiteral("3")});
        QCOMPARE(other.exitCode, 2);
        QVERIFY2(
            other.errText().contains(QStringLiteral("valget --limit hører ikke til add")), other.describe());
        const Run wipe = clitest::on(data(), {QStringLiteral("sync"), QStringLiteral("--wipe")});
        QCOMPARE(wipe.exitCode, 2);
        QVERIFY2(wipe.errText().contains(QStringLiteral("--wipe")), wipe.describe());
        const Run missing
            = clitest::on(data(), {QStringLiteral("list"), participant, QStringLiteral("--limit")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.errText().contains(QStringLiteral("--limit mangler en verdi")), missing.describe());
        const Run list = clitest::on(data(), {QStringLiteral("--json"), QStringLiteral("list"), participant});
        QVERIFY2(list.exitCode == 0 && list.json().array().isEmpty(), list.describe());
    }

    // Issue 19: Bokmål by default, English with --lang en; another language is a usage error.
    // Issue 20: a colleague's delete of a participant met this user's unsent work. `conflicts` says
    // what went with it, counted and one readable line each (a visit by its local time and note, a
    // task by its title and due date), in Bokmål or English, and in JSON as "children".
    void deletedParticipantListsWhatWentWithIt()
    {
        const QString person = add({QStringLiteral("participant"), QStringLiteral("name=Kari Fjell")});
        const QString visit = add({QStringLiteral("encounter"), QStringLiteral("participant_id=") + person,
            QStringLiteral("starts_at=2026-11-20 10:00"), QStringLiteral("note=Avtalt prøvedag på lageret")});
        const QString task = add({QStringLiteral("task"), QStringLiteral("title=Ring arbeidsgiver"),
            QStringLiteral("participant_id=") + person, QStringLiteral("due_date=2026-11-27")});
        QVERIFY(!person.isEmpty() && !visit.isEmpty() && !task.isEmpty());
        {
            // All of this reached the server; then this user edits the participant, and a colleague's
            // delete of it arrives by a pull while that edit is still unsent.
            auto store = clitest::openStore(data());
            QVERIFY(store);
            QVERIFY(Outbox(*store).acknowledge(Outbox(*store).lastSeq(), {}));
            QVERIFY(store->update(QStringLiteral("participant"), person,
                {{QStringLiteral("goals_short"), QStringLiteral("Prøve lagerarbeid")}}));
            Record tomb = *store->get(QStringLiteral("participant"), person);
            tomb.values.insert(QStringLiteral("deleted"), true);
            tomb.values.insert(QStringLiteral("updated_by"), QStringLiteral("kollega-1"));
            tomb.clocks.insert(QStringLiteral("deleted"), store->hlc().now().toString());
            QVERIFY(RemoteApplier(*store).apply({tomb}, {}, {}).ok());
        }
        const Run nb = clitest::on(data(), {QStringLiteral("conflicts")});
        QCOMPARE(nb.exitCode, 0);
        for (const char *line :
            {"slettet av kollega-1 ", "    med deltakeren: 1 besøk, 1 oppgave (gjenopprettes med den)\n",
                "      besøk 2026-11-20 10:00: Avtalt prøvedag på lageret\n",
                "      oppgave: Ring arbeidsgiver, frist 2026-11-27\n"})
            QVERIFY2(nb.outText().contains(QString::fromUtf8(line)), nb.describe());
        QVERIFY2(nb.outText().indexOf(u"besøk 2026") < nb.outText().indexOf(u"oppgave: "), nb.describe());
        const Run en = clitest::on(
            data(), {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("conflicts")});
        QCOMPARE(en.exitCode, 0);
        for (const char *line : {"    with the participant: 1 visit, 1 task (restored with it)\n",
                 "      visit 2026-11-20 10:00: Avtalt prøvedag på lageret\n",
                 "      task: Ring arbeidsgiver, due 2026-11-27\n"})
            QVERIFY2(en.outText().contains(QString::fromUtf8(line)), en.describe());

        const Run json = clitest::on(data(), {QStringLiteral("--json"), QStringLiteral("conflicts")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray entries = json.json().array();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("record_id")).toString(), person);
        const QJsonArray children = entry.value(QStringLiteral("children")).toArray();
        QCOMPARE(children.size(), 2);
        const QJsonObject first = children.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("id")).toString(), visit);
        QCOMPARE(first.value(QStringLiteral("entity")).toString(), QStringLiteral("encounter"));
        QCOMPARE(first.value(QStringLiteral("values")).toObject().value(QStringLiteral("note")).toString(),
            QStringLiteral("Avtalt prøvedag på lageret"));
        const QJsonObject second = children.at(1).toObject();
        QCOMPARE(second.value(QStringLiteral("id")).toString(), task);
        QCOMPARE(
            second.value(QStringLiteral("values")).toObject().value(QStringLiteral("due_date")).toString(),
            QStringLiteral("2026-11-27"));
        QVERIFY(!entry.value(QStringLiteral("live")).toBool());

        {
            // The colleague undoes her delete: the participant is back, with her older content.
            auto store = clitest::openStore(data());
            QVERIFY(store);
            Record back = *store->get(QStringLiteral("participant"), person, true);
            back.values.insert(QStringLiteral("deleted"), false);
            back.values.insert(QStringLiteral("name"), QStringLiteral("Kari Fjell"));
            back.values.insert(QStringLiteral("goals_short"), QStringLiteral("Eldre mål"));
            for (const char *field : {"deleted", "name", "goals_short"})
                back.clocks.insert(QString::fromLatin1(field), store->hlc().now().toString());
            QVERIFY(RemoteApplier(*store).apply({back}, {}, {}).ok());
            QVERIFY(store->get(QStringLiteral("participant"), person));
        }
        // Now it is the user's version against what stands, not a delete to accept.
        const Run again = clitest::on(data(), {QStringLiteral("conflicts")});
        QVERIFY2(again.outText().contains(u"mens du redigerte, senere gjenopprettet med annet innhold"),
            again.describe());
        QVERIFY2(again.outText().contains(u"accept: behold det som står"), again.describe());
        const Run againJson = clitest::on(data(), {QStringLiteral("--json"), QStringLiteral("conflicts")});
        QVERIFY(againJson.json().array().first().toObject().value(QStringLiteral("live")).toBool());
    }

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
