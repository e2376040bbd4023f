// End to end: the app's own controllers log a visit offline (nobody logged in yet), then the real
// feltnotat-server comes up, the login page's controller logs in against it (wrong password first),
// the pre-login records move into the user's team and sync; a second device of the same user
// logs in and finds the encounter and its follow-up task.
#include "appcontext.h"
#include "capturecontroller.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "logincontroller.h"
#include "support/serverprocess.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace feltnotat;
using testserver::ServerProcess;

namespace {
const QString Login = QStringLiteral("veileder.e2e");
const QString Password = QStringLiteral("testpassord-e2e-7");
constexpr int SyncTimeoutMs = 30000;
} // namespace

class TestAppEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    void offlineCaptureReachesSecondDevice()
    {
        // 1. The app before any login: no server exists yet.
        QTemporaryDir phoneDir;
        AppContext::Options options;
        options.dataDir = phoneDir.path();
        options.watchNetwork = false;
        options.autoSync = true;
        AppContext app(options);
        QVERIFY(app.open());
        AppContext::setInstance(&app);
        QVERIFY(!app.signedIn());

        // A participant and an employer named in the pickers: created with the visit.
        CaptureController capture;
        capture.setApp(&app);
        capture.refresh();
        capture.discard();
        capture.setField(QStringLiteral("participantName"), QStringLiteral("Testdeltaker Åse Øvrebø"));
        capture.setField(QStringLiteral("employerName"), QStringLiteral("Testbedrift Fjordlager AS"));
        capture.setField(QStringLiteral("note"), QStringLiteral("Omvisning på lageret, syntetisk notat."));
        capture.setField(QStringLiteral("nextStep"), QStringLiteral("Sende CV til daglig leder"));
        capture.setField(
            QStringLiteral("nextStepDue"), Formatter::date(app.today().addDays(3))); // dd.MM.yyyy
        QVERIFY2(capture.save(), qPrintable(QVariant(capture.errors()).toString()));
        const QString encounterId = capture.lastSavedId();
        const auto saved = app.store()->get(QStringLiteral("encounter"), encounterId);
        QVERIFY(saved);
        const QString participantId = saved->text(QStringLiteral("participant_id"));
        const QString employerId = saved->text(QStringLiteral("employer_id"));
        QVERIFY(!participantId.isEmpty() && !employerId.isEmpty());
        const auto localTasks
            = StoreQueries(*app.store())
                  .select(QStringLiteral("task"), QStringLiteral("encounter_id = ?"), {encounterId});
        QCOMPARE(localTasks.size(), 1);
        const QString taskId = localTasks.first().id;
        QVERIFY(app.session()->sync().pendingCount() >= 4);

        // 2. The server comes up with a team and a user.
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Ende til ende"));
        QVERIFY2(!team.isEmpty(), qPrintable(server.errorString()));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));

        // 3. The login page: a wrong password gives a message and leaves the user logged out.
        LoginController login;
        login.setApp(&app);
        QSignalSpy succeeded(&login, &LoginController::succeeded);
        login.login(server.url().toString(), Login, QStringLiteral("feil-passord-123"));
        QVERIFY(login.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), SyncTimeoutMs);
        QCOMPARE(login.error(), QStringLiteral("Feil brukernavn eller passord."));
        QCOMPARE(succeeded.size(), 0);
        QVERIFY(!app.signedIn());

        login.login(server.url().toString(), Login, Password);
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), SyncTimeoutMs);
        QVERIFY2(login.error().isEmpty(), qPrintable(login.error()));
        QCOMPARE(succeeded.size(), 1);
        QVERIFY(app.signedIn());
        QCOMPARE(app.userName().isEmpty(), false);

        // The records made before login now belong to the user's team, and sync pushes them.
        const auto adopted = app.store()->get(QStringLiteral("encounter"), encounterId);
        QVERIFY(adopted);
        QCOMPARE(adopted->text(sys::Team), team);
        SyncEngine &sync = app.session()->sync();
        QTRY_VERIFY_WITH_TIMEOUT(
            sync.pendingCount() == 0 && sync.caughtUp() && sync.state() == SyncEngine::State::Idle,
            SyncTimeoutMs);
        QCOMPARE(sync.deadLetterCount(), 0);
        app.syncStatus()->refresh();
        QCOMPARE(app.syncStatus()->pendingCount(), 0);

        // 4. A second device of the same user, starting empty.
        QTemporaryDir tabletDir;
        Session::Options second;
        second.dataDir = tabletDir.path();
        second.watchNetwork = false;
        auto tablet = Session::open(second);
        QVERIFY(tablet);
        LoginJob *job = tablet.value()->login(server.url(), Login, Password, QStringLiteral("Nettbrett"));
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), SyncTimeoutMs);
        QVERIFY2(!job->hasError(), qPrintable(job->errorString()));
        Store &other = tablet.value()->store();
        QTRY_VERIFY_WITH_TIMEOUT(other.get(QStringLiteral("task"), taskId).has_value(), SyncTimeoutMs);
        const auto encounter = other.get(QStringLiteral("encounter"), encounterId);
        QVERIFY(encounter);
        QCOMPARE(encounter->text(QStringLiteral("note")),
            QStringLiteral("Omvisning på lageret, syntetisk notat."));
        QCOMPARE(encounter->text(QStringLiteral("participant_id")), participantId);
        QCOMPARE(encounter->text(QStringLiteral("employer_id")), employerId);
        const auto task = other.get(QStringLiteral("task"), taskId);
        QCOMPARE(task->text(QStringLiteral("title")), QStringLiteral("Sende CV til daglig leder"));
        QCOMPARE(task->text(QStringLiteral("encounter_id")), encounterId);
        QCOMPARE(task->text(QStringLiteral("due_date")), app.today().addDays(3).toString(Qt::ISODate));
        const auto participant = other.get(QStringLiteral("participant"), participantId);
        QVERIFY(participant);
        QCOMPARE(participant->text(QStringLiteral("name")), QStringLiteral("Testdeltaker Åse Øvrebø"));

        // 5. A change on the second device comes back to the phone.
        QVERIFY(other.update(
            QStringLiteral("task"), taskId, {{QStringLiteral("status"), QStringLiteral("completed")}}));
        tablet.value()->sync().syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(tablet.value()->sync().pendingCount() == 0, SyncTimeoutMs);
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(
            app.store()->get(QStringLiteral("task"), taskId)->text(QStringLiteral("status")),
            QStringLiteral("completed"), SyncTimeoutMs);

        AppContext::setInstance(nullptr);
    }
};

QTEST_GUILESS_MAIN(TestAppEndToEnd)
#include "tst_appe2e.moc"
