// The app's first screen, loaded the way main.cpp loads it (AppContext over a data folder, then
// qrc:/Feltnotat/Main.qml in a QQmlApplicationEngine), never through showPage(): a fresh folder
// opens on the login page, a signed-in folder on "I dag". The December review found a blank page
// on every launch that no page-level test could see.
#include "app/common/session.h"
#include "appcontext.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "realwindow.h"

#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

using namespace feltnotat;

class TestAppStart : public QObject
{
    Q_OBJECT

private:
    // Opens the data folder as main.cpp does and returns the objectName of the page on top of the
    // window's StackView once the window has been shown.
    static QString firstPage(const QString &dataDir, int *depth = nullptr, bool appLock = false)
    {
        AppContext::Options options;
        options.dataDir = dataDir;
        options.appLock = appLock;
        options.watchNetwork = false;
        options.autoSync = false;
        RealWindow w;
        if (!w.start(options, QSize(400, 800)))
            return QStringLiteral("<the store, Main.qml or the window did not open>");
        QQuickWindow *window = w.ui->window();
        auto *stack = window->findChild<QQuickItem *>(QStringLiteral("stack"));
        if (!stack)
            return QStringLiteral("<no stack>");
        if (depth)
            *depth = stack->property("depth").toInt();
        auto *current = stack->property("currentItem").value<QQuickItem *>();
        return current ? current->objectName() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    void freshFolderOpensOnLogin()
    {
        QTemporaryDir dir;
        int depth = 0;
        QCOMPARE(firstPage(dir.path(), &depth), QStringLiteral("loginPage"));
        QCOMPARE(depth, 1);
    }

    // With the app lock on (as main.cpp starts it): the lock page, choosing a PIN, then a signed-in
    // folder too.
    void withTheLockEveryFolderOpensOnTheLockPage()
    {
        QTemporaryDir dir;
        int depth = 0;
        QCOMPARE(firstPage(dir.path(), &depth, true), QStringLiteral("lockPage"));
        QCOMPARE(depth, 1);
    }

    void signedInFolderOpensOnToday()
    {
        QTemporaryDir dir;
        {
            // What a completed login leaves behind: a token, the server's address and the identity.
            Session::Options options;
            options.dataDir = dir.path();
            options.watchNetwork = false;
            auto session = Session::open(options);
            QVERIFY(session);
            Session &s = *session.value();
            QVERIFY(s.keyStore().write(QStringLiteral("sync-token"), QStringLiteral("synthetic-test-token")));
            QVERIFY(s.store().setMeta(QStringLiteral("server_url"), QStringLiteral("http://127.0.0.1:9")));
            QVERIFY(s.store().setIdentity(
                {QStringLiteral("user-1"), QStringLiteral("team-1"), QStringLiteral("Test Bruker")}));
        }
        int depth = 0;
        QCOMPARE(firstPage(dir.path(), &depth), QStringLiteral("todayPage"));
        QCOMPARE(depth, 1);
    }

    // A wipe the server ordered (device_wipe) that reached the folder before the app closed is
    // carried out when the app starts: the data is gone, the login page says why.
    void aWipeOrderedFolderIsWipedOnStart()
    {
        QTemporaryDir dir;
        const QByteArray pin = QByteArrayLiteral("482913");
        {
            Session::Options options;
            options.dataDir = dir.path();
            options.watchNetwork = false;
            options.pin = pin;
            options.kdf = KdfParams::cheapForTests();
            auto session = Session::open(options);
            QVERIFY(session);
            QVERIFY(session.value()->store().create(QStringLiteral("participant"),
                {{QStringLiteral("name"), QStringLiteral("Slettes Ved Start")}}));
            QVERIFY(session.value()->sync().recordSignOut(SyncEngine::SignOutReason::WipeOrdered));
        }
        AppContext::Options options;
        options.dataDir = dir.path();
        options.watchNetwork = false;
        options.autoSync = false;
        options.pin = pin;
        AppContext context(options);
        QVERIFY(context.open());
        QVERIFY(!context.signedIn());
        QVERIFY2(context.signedOutReason().contains(QStringLiteral("slettet")),
            qPrintable(context.signedOutReason()));
        QCOMPARE(StoreQueries(*context.store()).count(QStringLiteral("participant")), 0);
    }
};

QTEST_MAIN(TestAppStart)
#include "tst_appstart.moc"
