// A job specialist's field day in the real window: Main.qml loaded as main.cpp loads it over a
// fresh data folder, against the real feltnotat-server, every step a click or key press on an
// item found by objectName (no controller calls). Log in, plan two appointments, complete one
// from "I dag" with a note and a follow-up task, cancel the other, find the participant in search,
// edit the visit, delete a task and undo, sync; a second device (the feltnotat-cli binary on its
// own data folder) then sees all of it.
#include "appcontext.h"
#include "clirunner.h"
#include "core/clock.h"
#include "formatter.h"
#include "realwindow.h"
#include "support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

using namespace feltnotat;
using testserver::ServerProcess;

namespace {
const QString Login = QStringLiteral("veileder.felt");
const QString Password = QStringLiteral("testpassord-felt-9");
const QString Participant = QStringLiteral("Ingrid Sveisebakken");
const QString Colleague = QStringLiteral("Kari Nordmann");
const QString HandedOver = QStringLiteral("Følge opp Ingrid mens jeg har ferie");
constexpr int Timeout = 30000;

// Runs feltnotat-cli on the second device's folder; its standard output.
QByteArray cli(
    const QString &dataDir, const QStringList &args, const QByteArray &input = {}, int *exit = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(FELTNOTAT_CLI),
        QStringList {QStringLiteral("--data"), dataDir} + clitest::pinArgs() + args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(Timeout);
    if (exit)
        *exit = p.exitCode();
    if (p.exitCode() != 0)
        qWarning() << "feltnotat-cli" << args << "failed:" << p.readAllStandardError();
    return p.readAllStandardOutput();
}

QList<QJsonObject> records(const QJsonObject &exported, const QString &entity)
{
    QList<QJsonObject> out;
    const QJsonValue v = exported.value(entity + u's');
    for (const QJsonValue &r : v.toArray())
        out << r.toObject();
    return out;
}
} // namespace

class TestFieldDay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    void wholeDay()
    {
        // The server, the user, and a colleague's device that has registered the participant.
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Feltdag"));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));
        const QString colleagueId
            = server.createUser(team, QStringLiteral("kari.kollega"), Password, Colleague);
        QVERIFY2(!colleagueId.isEmpty(), qPrintable(server.errorString()));
        QTemporaryDir tabletDir;
        int exit = -1;
        cli(tabletDir.path(),
            {QStringLiteral("login"), QStringLiteral("--server"), server.url().toString(),
                QStringLiteral("--user"), Login, QStringLiteral("--device-name"),
                QStringLiteral("Nettbrett")},
            Password.toUtf8() + '\n', &exit);
        QCOMPARE(exit, 0);
        cli(tabletDir.path(),
            {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=") + Participant}, {},
            &exit);
        QCOMPARE(exit, 0);
        cli(tabletDir.path(), {QStringLiteral("sync")}, {}, &exit);
        QCOMPARE(exit, 0);

        // The phone: today at 08:00, so the appointments at 10 and 11 lie ahead.
        const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Europe/Oslo")).date();
        ManualClock clock(QDateTime(today, QTime(8, 0), QTimeZone("Europe/Oslo")));
        QTemporaryDir phoneDir;
        AppContext::Options options;
        options.dataDir = phoneDir.path();
        options.clock = &clock;
        options.watchNetwork = false;
        RealWindow phone;
        QVERIFY(phone.start(options, QSize(480, 1500))); // tall enough for the whole capture form
        AppContext &app = *phone.app;
        UiDriver &ui = *phone.ui;

        // 1. Log in from the login page: the address without a scheme (http: it is this machine).
        QCOMPARE(ui.currentPage(), QStringLiteral("loginPage"));
        QVERIFY(phone.logIn(server.port(), Login, Password, Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(
            !app.recordIdNamed(QStringLiteral("participant"), Participant).isEmpty(), Timeout);

        // 2. Plan two appointments with her, at 10:00 and 11:00 today.
        for (const QString &time : {QStringLiteral("10:00"), QStringLiteral("11:00")}) {
            QVERIFY(phone.openFromMenu(QStringLiteral("capture"), QStringLiteral("capturePage")));
            QVERIFY(ui.type(QStringLiteral("captureParticipantInput"), QStringLiteral("Ingrid")));
            QVERIFY(ui.click(QStringLiteral("captureParticipantMatch")));
            QVERIFY(ui.type(QStringLiteral("captureTimeInput"), time));
            QVERIFY(ui.click(QStringLiteral("captureSave")));
            // Saved: the form starts over, the picker empty again.
            QTRY_VERIFY(!ui.find(QStringLiteral("captureParticipantSelected")));
        }

        // 3. "I dag" lists both as planned; the first becomes a visit with a note and a next step.
        QVERIFY(phone.openFromMenu(QStringLiteral("today"), QStringLiteral("todayPage")));
        QTRY_COMPARE(ui.findAll(QStringLiteral("todayRow")).size(), 2);
        QVERIFY(ui.clickAt(QStringLiteral("todayRow"), 0));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));
        QVERIFY(ui.click(QStringLiteral("completeButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("recordEditPage")));
        QVERIFY(
            ui.type(QStringLiteral("edit-note-area"), QStringLiteral("Møtte Ingrid og lederen. Trives.")));
        QVERIFY(
            ui.type(QStringLiteral("edit-next_step-input"), QStringLiteral("Ringe lederen om flere timer")));
        QVERIFY(ui.click(QStringLiteral("saveButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));
        QTRY_VERIFY(ui.find(QStringLiteral("encounterTask")) != nullptr);
        // The page names the visit's status with the word its button used.
        QTRY_VERIFY(ui.find(QStringLiteral("encounterWhen"))
                        ->property("text")
                        .toString()
                        .endsWith(QStringLiteral(" · Gjennomført")));

        // 4. The other one is cancelled.
        QVERIFY(ui.click(QStringLiteral("menuButton"))); // the back arrow
        QVERIFY(ui.waitForPage(QStringLiteral("todayPage")));
        QTRY_COMPARE(ui.findAll(QStringLiteral("todayRow")).size(), 2); // the new task has no date
        QVERIFY(ui.clickAt(QStringLiteral("todayRow"), 1));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));
        QVERIFY(ui.click(QStringLiteral("cancelButton")));
        QTRY_VERIFY(ui.find(QStringLiteral("lifecycleActions")) == nullptr);

        // 5. Search finds her; her page shows the visit, which is edited.
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("todayPage")));
        QVERIFY(phone.openFromMenu(QStringLiteral("search"), QStringLiteral("searchPage")));
        QVERIFY(ui.type(QStringLiteral("searchField"), QStringLiteral("Sveisebakk")));
        QVERIFY(ui.waitFor(QStringLiteral("searchHit")));
        QVERIFY(ui.click(QStringLiteral("searchHit")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantPage")));
        // Newest first: the cancelled 11:00 one, then the visit.
        QTRY_COMPARE(ui.findAll(QStringLiteral("timeline-encounter")).size(), 2);
        QVERIFY(ui.clickAt(QStringLiteral("timeline-encounter"), -1));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));
        QVERIFY(ui.click(QStringLiteral("editEncounter")));
        QVERIFY(ui.waitForPage(QStringLiteral("recordEditPage")));
        QVERIFY(ui.type(QStringLiteral("edit-outcome-area"), QStringLiteral("Avtalt 80 % fra mars")));
        QVERIFY(ui.click(QStringLiteral("saveButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));

        // 6. Tasks: the follow-up is there; delete it, then undo.
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantPage")));
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("searchPage")));
        QVERIFY(phone.openFromMenu(QStringLiteral("tasks"), QStringLiteral("tasksPage")));
        QVERIFY(ui.waitFor(QStringLiteral("taskRow")));
        QVERIFY(ui.click(QStringLiteral("taskRow")));
        QVERIFY(ui.waitForPage(QStringLiteral("taskPage")));
        const QString taskId = ui.page()->property("recordId").toString();
        QVERIFY(!taskId.isEmpty());
        QVERIFY(ui.click(QStringLiteral("deleteTask")));
        QVERIFY(ui.click(QStringLiteral("deleteTaskDialogConfirm")));
        QVERIFY(ui.waitForPage(QStringLiteral("tasksPage")));
        QTRY_VERIFY(ui.find(QStringLiteral("taskRow")) == nullptr);
        QVERIFY(ui.click(QStringLiteral("undoButton")));
        QTRY_VERIFY(ui.find(QStringLiteral("taskRow")) != nullptr);
        // Undo brings back the same task (same id, still the visit's), not a copy of it.
        QVERIFY(ui.click(QStringLiteral("taskRow")));
        QVERIFY(ui.waitForPage(QStringLiteral("taskPage")));
        QCOMPARE(ui.page()->property("recordId").toString(), taskId);
        QTRY_VERIFY(ui.find(QStringLiteral("taskOpenEncounter")) != nullptr);

        // 7. A task of its own, handed to a colleague picked by name from the team directory: it
        // leaves my list, and the team's list says whose it is.
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("tasksPage")));
        QVERIFY(ui.click(QStringLiteral("addTask")));
        QVERIFY(ui.waitForPage(QStringLiteral("recordEditPage")));
        QVERIFY(ui.type(QStringLiteral("edit-title-input"), HandedOver));
        QVERIFY(ui.click(QStringLiteral("edit-assigned_to-box")));
        QQuickItem *choice = nullptr;
        QTRY_VERIFY([&] {
            for (QQuickItem *item : ui.findAll(QStringLiteral("edit-assigned_to-choice"))) {
                if (item->property("text").toString() == Colleague)
                    choice = item;
            }
            return choice != nullptr;
        }());
        QVERIFY(ui.click(choice));
        QTRY_COMPARE(
            ui.find(QStringLiteral("edit-assigned_to-box"))->property("currentText").toString(), Colleague);
        QVERIFY(ui.click(QStringLiteral("saveButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("tasksPage")));
        QTRY_COMPARE(ui.findAll(QStringLiteral("taskRow")).size(), 1); // not mine
        QVERIFY(ui.click(QStringLiteral("scopeTeam")));
        QTRY_VERIFY([&] {
            for (QQuickItem *row : ui.findAll(QStringLiteral("taskRow"))) {
                if (row->property("title").toString() == HandedOver)
                    return row->property("owner").toString() == Colleague;
            }
            return false;
        }());

        // 8. Sync from the sync bar, then the second device sees the day.
        QVERIFY(ui.click(QStringLiteral("syncNowButton")));
        SyncEngine &sync = app.session()->sync();
        QTRY_VERIFY_WITH_TIMEOUT(
            sync.pendingCount() == 0 && sync.state() == SyncEngine::State::Idle, Timeout);
        cli(tabletDir.path(), {QStringLiteral("sync")}, {}, &exit);
        QCOMPARE(exit, 0);
        const QJsonObject all
            = QJsonDocument::fromJson(cli(tabletDir.path(), {QStringLiteral("export")})).object();
        QStringList statuses;
        QString note;
        QString outcome;
        for (const QJsonObject &e : records(all, QStringLiteral("encounter"))) {
            statuses << e.value(QStringLiteral("status")).toString();
            if (e.value(QStringLiteral("status")).toString() == u"completed") {
                note = e.value(QStringLiteral("note")).toString();
                outcome = e.value(QStringLiteral("outcome")).toString();
            }
        }
        statuses.sort();
        QCOMPARE(statuses, (QStringList {QStringLiteral("cancelled"), QStringLiteral("completed")}));
        QCOMPARE(note, QStringLiteral("Møtte Ingrid og lederen. Trives."));
        QCOMPARE(outcome, QStringLiteral("Avtalt 80 % fra mars"));
        QHash<QString, QJsonObject> tasks;
        for (const QJsonObject &t : records(all, QStringLiteral("task")))
            tasks.insert(t.value(QStringLiteral("title")).toString(), t);
        QCOMPARE(tasks.size(), 2);
        QCOMPARE(tasks.value(QStringLiteral("Ringe lederen om flere timer"))
                     .value(QStringLiteral("id"))
                     .toString(),
            taskId);
        QCOMPARE(tasks.value(HandedOver).value(QStringLiteral("assigned_to")).toString(), colleagueId);
        AppContext::setInstance(nullptr);
    }
};

QTEST_MAIN(TestFieldDay)
#include "tst_fieldday.moc"
