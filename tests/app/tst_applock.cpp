// The app lock in the real window (issue 16): Main.qml loaded as main.cpp loads it with the lock on,
// every step a click or key press on an item found by objectName. The first start chooses a PIN and
// encrypts the store (a plain store of an earlier version too); later starts open locked; a wrong
// PIN is refused and the right one unlocks; idle time and leaving the foreground lock (the store
// closes, nothing of the records stays in the window); ten wrong PINs in a row wipe the local data
// after a warning that counts the unsent changes; "Bytt PIN-kode" re-wraps the key. Argon2id runs
// with the cheapest parameters.
#include "app/common/devicekey.h"
#include "app/common/session.h"
#include "appcontext.h"
#include "core/encryptedvfs.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "platform/fakeplatformhooks.h"
#include "realwindow.h"
#include "support/serverprocess.h"

#include <QDirIterator>
#include <QJSValue>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickStyle>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <functional>
#include <memory>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

using namespace feltnotat;
using testserver::ServerProcess;

namespace {
// Synthetic test PINs and a marker name that must never be in the window while it is locked.
const QString Pin = QStringLiteral("482913");
const QString OtherPin = QStringLiteral("730615");
const QString Marker = QStringLiteral("Låsemerke Testperson");
const QString Login = QStringLiteral("laas.veileder");
const QString Password = QStringLiteral("testpassord-laas-7");

// The app as main.cpp starts it, with the lock on, over `dir`.
struct LockedApp : RealWindow
{
    bool start(const QString &dir, int idleLockMs = 0, bool demo = false,
        const std::function<void(AppContext::Options &)> &tweak = {})
    {
        AppContext::Options options;
        options.dataDir = dir;
        options.watchNetwork = false;
        options.autoSync = false;
        options.appLock = true;
        options.kdf = KdfParams::cheapForTests();
        options.idleLockMs = idleLockMs;
        options.offlineDemo = demo;
        if (tweak)
            tweak(options);
        return RealWindow::start(options, QSize(400, 800));
    }
    bool enterPin(const QString &pin) const
    {
        return ui->waitForPage(QStringLiteral("lockPage")) && ui->type(QStringLiteral("pinFieldInput"), pin)
            && ui->click(QStringLiteral("pinButton"));
    }
    bool choosePin(const QString &pin, const QString &confirmation) const
    {
        return ui->waitForPage(QStringLiteral("lockPage")) && ui->type(QStringLiteral("pinFieldInput"), pin)
            && ui->type(QStringLiteral("pinConfirmFieldInput"), confirmation)
            && ui->click(QStringLiteral("pinButton"));
    }
    // The PIN typed at start, then the edit form of the first participant of the team.
    bool unlockAndEditParticipant() const
    {
        return enterPin(Pin) && ui->waitForPage(QStringLiteral("todayPage"))
            && openFromMenu(QStringLiteral("participants"), QStringLiteral("participantListPage"))
            && ui->click(QStringLiteral("scopeTeam")) && ui->click(QStringLiteral("recordRow"))
            && ui->waitForPage(QStringLiteral("participantPage")) && ui->click(QStringLiteral("editButton"))
            && ui->waitForPage(QStringLiteral("recordEditPage"));
    }
    // Every text in the window's scene (labels, fields, list rows, popups), to prove what is not shown.
    QStringList windowTexts() const
    {
        QStringList out;
        QQuickItem *root = ui->window()->contentItem();
        while (root->parentItem())
            root = root->parentItem();
        collectTexts(root, &out);
        return out;
    }
    static void collectTexts(QQuickItem *item, QStringList *out)
    {
        const QVariant t = item->property("text");
        if (t.isValid() && !t.toString().isEmpty())
            *out << t.toString();
        for (QQuickItem *child : item->childItems())
            collectTexts(child, out);
    }
};

// A data folder with an encrypted store made with `pin`, holding one participant named Marker.
void makeEncryptedStore(const QString &dir, const QString &pin)
{
    Session::Options options;
    options.dataDir = dir;
    options.watchNetwork = false;
    options.pin = pin.toUtf8();
    options.kdf = KdfParams::cheapForTests();
    auto session = Session::open(options);
    QVERIFY2(session, qPrintable(session.errorString()));
    QVERIFY(
        session.value()->store().create(QStringLiteral("participant"), {{QStringLiteral("name"), Marker}}));
}

// The files under `dir` whose bytes contain `needle`.
QStringList filesHolding(const QString &dir, const QByteArray &needle)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            out << file.fileName();
    }
    return out;
}

int participants(AppContext &app)
{
    return app.store() ? int(StoreQueries(*app.store()).count(QStringLiteral("participant"))) : -1;
}
} // namespace

class TestAppLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    // The first start asks for a PIN twice, refuses trivial and mismatched ones, and creates the
    // store encrypted with the chosen one; then the login page follows.
    void firstStartChoosesPin()
    {
        QTemporaryDir dir;
        LockedApp a;
        QVERIFY(a.start(dir.path()));
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.ui->find(QStringLiteral("pinConfirmField")));
        QVERIFY(!a.app->store());

        QVERIFY(a.choosePin(QStringLiteral("123456"), QStringLiteral("123456")));
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("for lett")));
        QVERIFY(a.choosePin(QStringLiteral("4829"), QStringLiteral("4829")));
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("minst 6")));
        QVERIFY(a.choosePin(Pin, OtherPin));
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("ikke like")));
        QVERIFY(!devicekey::exists(dir.path()));

        QVERIFY(a.choosePin(Pin, Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
        QVERIFY(!a.app->isLocked());
        QVERIFY(a.app->store());
        QVERIFY(a.app->session()->isEncrypted());
        QVERIFY(devicekey::exists(dir.path()));
        QCOMPARE(encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::Encrypted);
    }

    // A plain store of an earlier version: the first start asks for a PIN, says the data will be
    // encrypted, and keeps the records.
    void plainStoreIsEncryptedWithTheChosenPin()
    {
        QTemporaryDir dir;
        {
            Session::Options options;
            options.dataDir = dir.path();
            options.watchNetwork = false;
            auto session = Session::open(options);
            QVERIFY(session);
            QVERIFY(session.value()->store().create(
                QStringLiteral("participant"), {{QStringLiteral("name"), Marker}}));
        }
        QCOMPARE(
            encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::PlainSqlite);
        LockedApp a;
        QVERIFY(a.start(dir.path()));
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.app->hasPlainData());
        QVERIFY(a.text(QStringLiteral("lockIntro")).contains(QStringLiteral("krypteres")));
        QVERIFY(a.choosePin(Pin, Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
        QCOMPARE(participants(*a.app), 1);
        QCOMPARE(encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::Encrypted);
    }

    // Every later start opens locked, nothing of the records in the window; a wrong PIN is
    // refused with the attempts left; the right one opens the data.
    void startsLockedWrongPinRefusedRightPinUnlocks()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true));
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.app->isLocked());
        QVERIFY(!a.app->store());
        QVERIFY(!a.ui->find(QStringLiteral("pinConfirmField")));
        QVERIFY(!a.ui->find(QStringLiteral("menuButton")));

        QVERIFY(a.enterPin(OtherPin));
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("Feil PIN-kode")));
        QVERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("9 forsøk igjen")));
        QVERIFY(a.app->isLocked());
        QCOMPARE(a.ui->currentPage(), QStringLiteral("lockPage"));

        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QVERIFY(!a.app->isLocked());
        QVERIFY(a.app->signedIn());
        QCOMPARE(a.app->pinAttemptsLeft(), 10); // the count starts again after the right PIN
        QCOMPARE(participants(*a.app), 1);
    }

    // Idle time locks (the timeout is injected: a minute while the test clicks, then 100 ms instead
    // of 5 minutes): the pages are unloaded, the store is closed and sync stopped; the PIN opens it
    // again.
    void idleTimeLocks()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 60000, true));
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QVERIFY(a.openFromMenu(QStringLiteral("participants"), QStringLiteral("participantListPage")));
        QVERIFY(a.ui->click(QStringLiteral("scopeTeam")));
        QTRY_VERIFY2(a.windowTexts().join(u'\n').contains(Marker), qPrintable(a.windowTexts().join(u'|')));
        QVERIFY(!a.app->isLocked());

        a.app->setIdleLockMs(100);
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.app->isLocked());
        QVERIFY(!a.app->store());
        QVERIFY(!a.app->session());
        QTRY_VERIFY(!a.windowTexts().join(u'\n').contains(Marker));
        QVERIFY(!a.ui->find(QStringLiteral("participantListPage")));

        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QCOMPARE(a.app->idleLockMinutes(), 5); // the setting's default; the test injected its own
        QVERIFY(!a.app->isLocked());
        a.app->setIdleLockMinutes(10); // Innstillinger → "Lås etter": kept in the store
        a.app->setIdleLockMinutes(0); // refused
        QCOMPARE(a.app->idleLockMinutes(), 10);
    }

    // A form being edited when the idle lock comes opens again with what was typed after the PIN;
    // while locked the window shows nothing of it, and it is kept in memory only (no file in the data
    // folder holds it). Quick capture comes back after the background lock the same way.
    void editsSurviveTheLock()
    {
        const QString typed = QStringLiteral("Ulagret Merkenavn");
        const QString note = QStringLiteral("Notat skrevet før låsen");
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 60000, true));
        QVERIFY(a.unlockAndEditParticipant());
        QVERIFY(a.ui->type(QStringLiteral("edit-name-input"), typed));

        a.app->setIdleLockMs(100);
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(!a.app->store());
        const QString shown = a.windowTexts().join(u'|');
        QVERIFY2(!shown.contains(typed) && !shown.contains(Marker), qPrintable(shown));
        QCOMPARE(filesHolding(dir.path(), typed.toUtf8()), QStringList());

        a.app->setIdleLockMs(60000);
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("recordEditPage")));
        QTRY_COMPARE(a.text(QStringLiteral("edit-name-input")), typed);
        QVERIFY(a.ui->page()->property("dirty").toBool()); // still unsaved: Back asks first
        a.ui->window()->resize(400, 1500); // the whole form, down to the save button
        QVERIFY(a.ui->click(QStringLiteral("saveButton")));
        QTRY_VERIFY(a.app->recordIdNamed(QStringLiteral("participant"), typed) != QString());

        QVERIFY(a.openFromMenu(QStringLiteral("capture"), QStringLiteral("capturePage")));
        QVERIFY(a.ui->type(QStringLiteral("captureNoteInput"), note));
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationSuspended);
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(!a.windowTexts().join(u'|').contains(note));
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("capturePage")));
        QTRY_COMPARE(a.text(QStringLiteral("captureNoteInput")), note);
    }

    // What the window held for after the unlock is dropped when wrong PINs wipe the data.
    void wipeDropsTheHeldEdits()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true, [](AppContext::Options &o) { o.maxPinAttempts = 2; }));
        QVERIFY(a.unlockAndEditParticipant());
        QVERIFY(a.ui->type(QStringLiteral("edit-name-input"), QStringLiteral("Ulagret Navn")));
        a.app->lock();
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QObject *window = a.ui->window();
        QVERIFY(!window->property("heldAtLock").isNull());
        QVERIFY(a.enterPin(OtherPin));
        QVERIFY(a.enterPin(OtherPin));
        QTRY_VERIFY(!a.app->pinChosen());
        QVERIFY(window->property("heldAtLock").isNull());
    }

    // Leaving the foreground locks at once: the platform reports the application suspended (what
    // Android and iOS send when the user goes home or to the app switcher; emitted here as the
    // platform plugin would, since the offscreen platform has no background).
    void backgroundLocks()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true));
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive); // staying in front: no lock
        QVERIFY(!a.app->isLocked());
        // On a desktop, another window taking the focus is no reason to lock (the idle lock covers it).
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationInactive);
        QVERIFY(!a.app->isLocked());
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationSuspended);
        QVERIFY(a.app->isLocked());
        QVERIFY(!a.app->store());
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        QVERIFY(!a.windowTexts().join(u'\n').contains(Marker));
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
    }

    // 72 hours without the server (a test clock moves; the binaries have none): the app shows only
    // the lock page, saying why, with the store open so sync can run; a failed sync leaves it locked,
    // the first one that gets through opens it. Past 14 days the data is destroyed and the page says so.
    void noServerContactLocksUntilASyncThenWipes()
    {
        const qint64 hour = qint64(3600) * 1000;
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Lås"));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));
        ManualClock clock(QDateTime::currentDateTimeUtc());
        QTemporaryDir dir;
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, false, [&](AppContext::Options &o) {
            o.clock = &clock;
            o.autoSync = true;
        }));
        QVERIFY(a.choosePin(Pin, Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
        QVERIFY(a.logIn(server.port(), Login, Password));
        QTRY_VERIFY_WITH_TIMEOUT(a.app->session()->sync().lastSuccess().isValid(), 30000);

        clock.advanceMs(71 * hour);
        a.app->checkContact();
        QVERIFY(!a.app->contactLocked());
        clock.advanceMs(2 * hour);
        a.app->checkContact();
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.app->contactLocked());
        QVERIFY(a.app->store()); // open: sync has to run to lift it
        const QString why = a.text(QStringLiteral("lockIntro"));
        QVERIFY2(why.contains(QStringLiteral("over 72 timer")) && why.contains(QStringLiteral("14 dager")),
            qPrintable(why));
        QVERIFY(!a.ui->find(QStringLiteral("pinField")));
        QVERIFY(!a.ui->find(QStringLiteral("menuButton")));
        QVERIFY(!a.ui->find(QStringLiteral("navDrawer")));

        QVERIFY(server.stop() >= 0);
        QSignalSpy failed(&a.app->session()->sync(), &SyncEngine::cycleFinished);
        QVERIFY(a.ui->click(QStringLiteral("contactSyncButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 30000);
        QCOMPARE(failed.first().first().toBool(), false);
        QVERIFY(a.app->contactLocked());
        QCOMPARE(a.ui->currentPage(), QStringLiteral("lockPage"));

        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(a.ui->click(QStringLiteral("contactSyncButton")));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage"), 30000));
        QVERIFY(!a.app->contactLocked());

        QVERIFY(server.stop() >= 0);
        clock.advanceMs(15 * 24 * hour);
        a.app->checkContact();
        QTRY_VERIFY(!devicekey::exists(dir.path()));
        QVERIFY(!QFile::exists(Session::databasePath(dir.path())));
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QTRY_VERIFY2(a.text(QStringLiteral("lockNotice")).contains(QStringLiteral("over 14 dager")),
            qPrintable(a.text(QStringLiteral("lockNotice"))));
        QVERIFY(a.ui->find(QStringLiteral("pinConfirmField"))); // a new PIN for an empty store
    }

    // The server sets the idle time for its users (--idle-lock-minutes, sent with the login and every
    // pull): the app locks after that long unless the user chose a shorter time, never a longer one.
    void serverSetsTheIdleLock()
    {
        ServerProcess::Options serverOptions;
        serverOptions.extraArgs = {QStringLiteral("--idle-lock-minutes"), QStringLiteral("12")};
        ServerProcess server(serverOptions);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Tid"));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));
        QTemporaryDir dir;
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, false, [](AppContext::Options &o) { o.autoSync = true; }));
        QVERIFY(a.choosePin(Pin, Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
        QCOMPARE(a.app->idleLockMinutes(), 5); // no server yet
        QVERIFY(a.logIn(server.port(), Login, Password));
        QCOMPARE(a.app->idleLockPolicy(), 12);
        QCOMPARE(a.app->idleLockMinutes(), 12);

        // Each pull page carries it too: a value kept from before is replaced by the next sync.
        QTRY_VERIFY_WITH_TIMEOUT(a.app->session()->sync().lastSuccess().isValid(), 30000);
        QVERIFY(a.app->store()->setMeta(QStringLiteral("policy_idle_lock_minutes"), QStringLiteral("30")));
        QCOMPARE(a.app->idleLockMinutes(), 30);
        QSignalSpy cycle(&a.app->session()->sync(), &SyncEngine::cycleFinished);
        a.app->session()->sync().syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!cycle.isEmpty(), 30000);
        QCOMPARE(a.app->idleLockMinutes(), 12);

        a.app->setIdleLockMinutes(15); // longer than the server allows: refused
        QCOMPARE(a.app->idleLockMinutes(), 12);
        a.app->setIdleLockMinutes(2);
        QCOMPARE(a.app->idleLockMinutes(), 2);

        QVERIFY(a.openFromMenu(QStringLiteral("settings"), QStringLiteral("settingsPage")));
        QVERIFY(a.ui->waitFor(QStringLiteral("idleLockPolicyNote")));
        QVERIFY(a.text(QStringLiteral("idleLockPolicyNote")).contains(QStringLiteral("høyst 12 minutter")));
        QVariant choices = a.ui->find(QStringLiteral("idleLockChoice"))->property("minutes");
        if (choices.canConvert<QJSValue>())
            choices = choices.value<QJSValue>().toVariant();
        QStringList minutes;
        for (const QVariant &m : choices.toList())
            minutes << QString::number(m.toInt());
        QCOMPARE(minutes.join(u','), QStringLiteral("1,2,5,10,12"));
        // The chosen value is readable whole ("2 minutter uten bruk"), not clipped to "2 minutte".
        auto *choiceText
            = a.ui->find(QStringLiteral("idleLockChoice"))->property("contentItem").value<QQuickItem *>();
        QVERIFY(choiceText);
        QVERIFY(choiceText->property("text").toString().startsWith(QStringLiteral("2 minutter")));
        QVERIFY2(choiceText->property("contentWidth").toReal() <= choiceText->width() + 0.5,
            qPrintable(QStringLiteral("text %1 px in a box of %2 px")
                           .arg(choiceText->property("contentWidth").toReal())
                           .arg(choiceText->width())));
        // On one line: beside its label the box had a third of the width and broke it over four.
        QCOMPARE(choiceText->property("lineCount").toInt(), 1);
    }

    // "Lås opp med fingeravtrykk" in Innstillinger: shown only where the platform has it; turning it on
    // asks for the PIN (a wrong one is refused), then the lock page offers it; turning it off forgets it.
    void biometricSwitchInSettings()
    {
        for (const bool hardware : {false, true}) {
            QTemporaryDir dir;
            makeEncryptedStore(dir.path(), Pin);
            auto biometric = std::make_shared<FakeBiometricUnlock>();
            biometric->hardware = hardware;
            LockedApp a;
            QVERIFY(a.start(dir.path(), 0, true, [&](AppContext::Options &o) { o.biometric = biometric; }));
            QVERIFY(a.enterPin(Pin));
            QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
            QVERIFY(a.openFromMenu(QStringLiteral("settings"), QStringLiteral("settingsPage")));
            QVERIFY(a.ui->waitFor(QStringLiteral("changePinButton")));
            if (!hardware) {
                QVERIFY(!a.ui->find(QStringLiteral("biometricSwitch")));
                continue;
            }
            QVERIFY(a.ui->click(QStringLiteral("biometricSwitch")));
            QVERIFY(a.ui->waitFor(QStringLiteral("biometricPinFieldInput")));
            QVERIFY(a.ui->type(QStringLiteral("biometricPinFieldInput"), OtherPin));
            QVERIFY(a.ui->click(QStringLiteral("biometricConfirm")));
            QTRY_VERIFY(
                a.text(QStringLiteral("biometricPinFieldError")).contains(QStringLiteral("Feil PIN-kode")));
            QVERIFY(!biometric->enrolled());
            QVERIFY(a.ui->type(QStringLiteral("biometricPinFieldInput"), Pin));
            QVERIFY(a.ui->click(QStringLiteral("biometricConfirm")));
            QTRY_VERIFY(biometric->enrolled());
            QTRY_VERIFY(a.ui->find(QStringLiteral("biometricSwitch"))->property("checked").toBool());

            a.app->lock();
            QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
            QVERIFY(a.ui->click(QStringLiteral("biometricButton")));
            QTRY_VERIFY(biometric->pending());
            biometric->succeed();
            QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));

            QVERIFY(a.openFromMenu(QStringLiteral("settings"), QStringLiteral("settingsPage")));
            QVERIFY(a.ui->click(QStringLiteral("biometricSwitch")));
            QTRY_VERIFY(!biometric->enrolled());
            QVERIFY(!a.ui->find(QStringLiteral("biometricSwitch"))->property("checked").toBool());
        }
    }

    // The lock page speaks the language chosen in Innstillinger, also at the next start, before the
    // store (where the choice lives) is open: lock.json keeps it (no personal data).
    void lockPageInTheUsersLanguage()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        {
            LockedApp a;
            QVERIFY(a.start(dir.path(), 0, true));
            QVERIFY(a.text(QStringLiteral("lockIntro")).contains(QStringLiteral("Appen er låst")));
            QVERIFY(a.enterPin(Pin));
            QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
            a.app->setLanguage(QStringLiteral("en"));
            a.app->lock();
            QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
            QTRY_VERIFY2(a.text(QStringLiteral("lockIntro")).contains(QStringLiteral("The app is locked")),
                qPrintable(a.text(QStringLiteral("lockIntro"))));
        }
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true));
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QTRY_VERIFY2(a.text(QStringLiteral("lockIntro")).contains(QStringLiteral("The app is locked")),
            qPrintable(a.text(QStringLiteral("lockIntro"))));
        QVERIFY(a.enterPin(OtherPin));
        QTRY_VERIFY2(a.text(QStringLiteral("pinError")).contains(QStringLiteral("Wrong PIN")),
            qPrintable(a.text(QStringLiteral("pinError"))));
        a.app->setLanguage(QStringLiteral("nb")); // the next test function starts in Bokmål
    }

    // Ten wrong PINs in a row wipe the local data; from the eighth on, the lock screen warns and
    // counts the changes not yet sent. The count survives a restart.
    void tenWrongPinsWipe()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        {
            LockedApp a;
            QVERIFY(a.start(dir.path()));
            QVERIFY(a.enterPin(Pin));
            QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
            QVERIFY(a.app->store()->create(QStringLiteral("participant"),
                {{QStringLiteral("name"), QStringLiteral("Usendt Testperson")}}));
            QVERIFY(a.app->session()->sync().pendingCount() > 0);
            const int unsent = int(a.app->session()->sync().pendingCount());
            a.app->lock();
            QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
            QCOMPARE(a.app->unsentAtLock(), unsent);
            for (int i = 0; i < 4; ++i) {
                QVERIFY(a.enterPin(OtherPin));
                QTRY_COMPARE(a.app->pinAttemptsLeft(), 9 - i);
            }
            QVERIFY(!a.ui->find(QStringLiteral("wipeWarning")));
        }
        LockedApp a; // a restart does not give the attempts back
        QVERIFY(a.start(dir.path()));
        QCOMPARE(a.app->pinAttemptsLeft(), 6);
        for (int i = 0; i < 3; ++i)
            QVERIFY(a.enterPin(OtherPin));
        QTRY_COMPARE(a.app->pinAttemptsLeft(), 3);
        QVERIFY(a.ui->waitFor(QStringLiteral("wipeWarning")));
        const QString warning = a.text(QStringLiteral("wipeWarning"));
        QVERIFY2(warning.contains(QStringLiteral("Etter 3 feil forsøk")), qPrintable(warning));
        QVERIFY(a.app->unsentAtLock() > 0);
        QVERIFY2(
            warning.contains(QStringLiteral("%1 endring").arg(a.app->unsentAtLock())), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("går da tapt")), qPrintable(warning));
        QVERIFY(devicekey::exists(dir.path()));

        for (int i = 0; i < 3; ++i)
            QVERIFY(a.enterPin(OtherPin));
        QTRY_VERIFY(!a.app->pinChosen());
        QVERIFY(!devicekey::exists(dir.path()));
        QCOMPARE(encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::Missing);
        QCOMPARE(a.ui->currentPage(), QStringLiteral("lockPage"));
        QTRY_VERIFY(a.text(QStringLiteral("lockNotice")).contains(QStringLiteral("slettet")));
        QVERIFY(a.ui->find(QStringLiteral("pinConfirmField"))); // a new PIN for an empty store

        QVERIFY(a.choosePin(OtherPin, OtherPin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("loginPage")));
        QCOMPARE(participants(*a.app), 0);
        QCOMPARE(a.app->pinAttemptsLeft(), 10);
    }

    // "Bytt PIN-kode" under Innstillinger: a wrong current PIN (counted) and a trivial new one are
    // refused; after the change the old PIN no longer opens the app and the new one opens the same
    // data (the key was wrapped again, the data not re-encrypted).
    void changePinThenUnlockWithTheNewOne()
    {
        const QString newPin = QStringLiteral("596281");
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true));
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QVERIFY(a.openFromMenu(QStringLiteral("settings"), QStringLiteral("settingsPage")));
        QVERIFY(a.ui->click(QStringLiteral("changePinButton")));
        QVERIFY(a.ui->waitForPage(QStringLiteral("changePinPage")));

        const auto change = [&](const QString &current, const QString &fresh, const QString &again) {
            return a.ui->type(QStringLiteral("currentPinFieldInput"), current)
                && a.ui->type(QStringLiteral("newPinFieldInput"), fresh)
                && a.ui->type(QStringLiteral("newPinConfirmFieldInput"), again)
                && a.ui->click(QStringLiteral("changePinSave"));
        };
        QVERIFY(change(OtherPin, newPin, newPin));
        QTRY_VERIFY(a.text(QStringLiteral("changePinError")).contains(QStringLiteral("Feil PIN-kode")));
        QCOMPARE(a.app->pinAttemptsLeft(), 9);
        QVERIFY(change(Pin, QStringLiteral("111111"), QStringLiteral("111111")));
        QTRY_VERIFY(a.text(QStringLiteral("changePinError")).contains(QStringLiteral("for lett")));
        QVERIFY(change(Pin, newPin, OtherPin));
        QTRY_VERIFY(a.text(QStringLiteral("changePinError")).contains(QStringLiteral("ikke like")));
        QCOMPARE(a.ui->currentPage(), QStringLiteral("changePinPage"));

        QVERIFY(change(Pin, newPin, newPin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("settingsPage")));
        QCOMPARE(a.app->pinAttemptsLeft(), 10);

        a.app->lock();
        QVERIFY(a.enterPin(Pin));
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("Feil PIN-kode")));
        QVERIFY(a.app->isLocked());
        QVERIFY(a.enterPin(newPin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QCOMPARE(participants(*a.app), 1);
    }

    // The platform hooks (platform/fakeplatformhooks.h stands in for Android and iOS): FLAG_SECURE is
    // asked for before any page shows; a sealed PIN released by the biometric check unlocks, a
    // failed check does not.
    void platformHooks()
    {
        QTemporaryDir dir;
        makeEncryptedStore(dir.path(), Pin);
        auto privacy = std::make_shared<FakeScreenPrivacy>();
        auto biometric = std::make_shared<FakeBiometricUnlock>();
        LockedApp a;
        QVERIFY(a.start(dir.path(), 0, true, [&](AppContext::Options &o) {
            o.screenPrivacy = privacy;
            o.biometric = biometric;
        }));
        QCOMPARE(privacy->calls, QList<bool> {true});
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(!a.ui->find(QStringLiteral("biometricButton"))); // nothing sealed yet
        QVERIFY(a.enterPin(Pin));
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QVERIFY(!a.app->enableBiometricUnlock(OtherPin).isEmpty());
        QVERIFY(!biometric->enrolled());
        QCOMPARE(a.app->enableBiometricUnlock(Pin), QString());
        QVERIFY(biometric->enrolled());

        a.app->lock();
        QVERIFY(a.ui->waitForPage(QStringLiteral("lockPage")));
        QVERIFY(a.ui->click(QStringLiteral("biometricButton")));
        QTRY_VERIFY(biometric->pending());
        biometric->fail();
        QVERIFY(a.app->isLocked());
        QTRY_VERIFY(a.text(QStringLiteral("pinError")).contains(QStringLiteral("Fingeravtrykket")));
        QVERIFY(a.ui->click(QStringLiteral("biometricButton")));
        QTRY_VERIFY(biometric->pending());
        biometric->succeed();
        QVERIFY(a.ui->waitForPage(QStringLiteral("todayPage")));
        QVERIFY(!a.app->isLocked());
        QCOMPARE(privacy->isSecure(), true);
    }
};

QTEST_MAIN(TestAppLock)
#include "tst_applock.moc"
