// Logging in from the app as a user does, against the real feltnotat-server: the address typed
// with or without a scheme (http only for this machine), errors in Norwegian, a server that never
// answers (timeout) and the cancel button, and being signed out by the server (revoked device):
// the login page then says why, keeps server and user filled in, and the unsent changes stay
// (a revoked device stays barred: logging in again says so).
#include "appcontext.h"
#include "core/store.h"
#include "formatter.h"
#include "logincontroller.h"
#include "support/serverprocess.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace feltnotat;
using testserver::ServerProcess;

namespace {
const QString Login = QStringLiteral("veileder.login");
const QString Password = QStringLiteral("testpassord-login-3");
constexpr int Timeout = 30000;

// An app over a fresh data folder, without network watching or automatic sync start.
struct App
{
    QTemporaryDir dir;
    std::unique_ptr<AppContext> context;
    explicit App(const QString &path = {})
    {
        AppContext::Options options;
        options.dataDir = path.isEmpty() ? dir.path() : path;
        options.watchNetwork = false;
        context = std::make_unique<AppContext>(options);
        if (context->open())
            AppContext::setInstance(context.get());
    }
    ~App() { AppContext::setInstance(nullptr); }
};
} // namespace

class TestLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    void addressWithOrWithoutScheme_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("url"); // empty: refused with a message
        QTest::newRow("name only") << "feltnotat.kommune.no"
                                   << "https://feltnotat.kommune.no";
        QTest::newRow("upper case, slash") << " Feltnotat.Kommune.NO/ "
                                           << "https://feltnotat.kommune.no";
        QTest::newRow("https with port and path") << "https://sync.example.no:8443/felt"
                                                  << "https://sync.example.no:8443/felt";
        QTest::newRow("loopback without scheme") << "127.0.0.1:8077"
                                                 << "http://127.0.0.1:8077";
        QTest::newRow("localhost without scheme") << "localhost:8077"
                                                  << "http://localhost:8077";
        QTest::newRow("http on loopback") << "http://127.0.0.1:8077"
                                          << "http://127.0.0.1:8077";
        QTest::newRow("http elsewhere") << "http://feltnotat.kommune.no"
                                        << "";
        QTest::newRow("other scheme") << "ftp://feltnotat.kommune.no"
                                      << "";
        QTest::newRow("empty") << "   "
                               << "";
        QTest::newRow("not an address") << "https://"
                                        << "";
        QTest::newRow("password in it") << "https://kari:hemmelig@feltnotat.kommune.no"
                                        << "";
    }

    void addressWithOrWithoutScheme()
    {
        QFETCH(QString, typed);
        QFETCH(QString, url);
        QString error;
        const QUrl result = LoginController::serverUrl(typed, &error);
        if (url.isEmpty()) {
            QVERIFY(!result.isValid());
            QVERIFY(!error.isEmpty());
        } else {
            QCOMPARE(result.toString(), url);
            QVERIFY(error.isEmpty());
        }
    }

    void refusedConnectionSaysSoInNorwegian()
    {
        App app;
        LoginController login;
        login.setApp(app.context.get());
        // A port nothing listens on: the server is not there.
        login.login(QStringLiteral("127.0.0.1:%1").arg(ServerProcess::freePort()), Login, Password);
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), Timeout);
        QVERIFY2(login.error().contains(QStringLiteral("tar ikke imot")), qPrintable(login.error()));
        QVERIFY(!login.error().contains(QStringLiteral("refused"), Qt::CaseInsensitive));
        QVERIFY(!app.context->signedIn());
    }

    void silentServerTimesOutAndCanBeCancelled()
    {
        // Accepts the connection and never answers, like a server behind a dead proxy.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = silent.nextPendingConnection())
                held << s;
        });
        const QString address = QStringLiteral("localhost:%1").arg(silent.serverPort());
        App app;
        LoginController login;
        login.setApp(app.context.get());
        QCOMPARE(login.timeoutMs(), 15000); // at most 15 s for a real user
        login.setTimeoutMs(400);
        login.login(address, Login, Password);
        QVERIFY(login.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), Timeout);
        QVERIFY2(login.error().contains(QStringLiteral("svarte ikke innen")), qPrintable(login.error()));

        // The cancel button: stops at once, no error message, the form can be used again.
        login.setTimeoutMs(15000);
        QSignalSpy succeeded(&login, &LoginController::succeeded);
        login.login(address, Login, Password);
        QVERIFY(login.busy());
        login.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), 2000);
        QCOMPARE(login.error(), QString());
        QCOMPARE(succeeded.size(), 0);
        QVERIFY(!app.context->signedIn());
        qDeleteAll(held);
    }

    void revokedDeviceSaysWhyAndKeepsServerUserAndChanges()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Innlogging"));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));
        const QString typed
            = QStringLiteral("127.0.0.1:%1").arg(server.port()); // no scheme: http on loopback

        QTemporaryDir dir;
        {
            App app(dir.path());
            AppContext &ctx = *app.context;
            LoginController login;
            login.setApp(&ctx);
            login.login(typed, Login, QStringLiteral("feil-passord"));
            QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), Timeout);
            QCOMPARE(login.error(), QStringLiteral("Feil brukernavn eller passord."));
            login.login(typed, Login, Password);
            QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), Timeout);
            QVERIFY2(login.error().isEmpty(), qPrintable(login.error()));
            QVERIFY(ctx.signedIn());
            QCOMPARE(ctx.signedOutReason(), QString());
            SyncEngine &sync = ctx.session()->sync();
            QTRY_VERIFY_WITH_TIMEOUT(sync.state() == SyncEngine::State::Idle && sync.caughtUp(), Timeout);

            // An administrator revokes the phone; meanwhile the user writes something.
            const auto revoked = server.admin({QStringLiteral("revoke-device"), ctx.store()->deviceId()});
            QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
            QVERIFY(ctx.store()->create(QStringLiteral("participant"),
                {{QStringLiteral("name"), QStringLiteral("Testdeltaker Etter Tilbaketrekking")}}));
            QSignalSpy signedIn(&ctx, &AppContext::signedInChanged);
            sync.syncNow();
            QTRY_VERIFY_WITH_TIMEOUT(!ctx.signedIn(), Timeout);
            QVERIFY2(
                ctx.signedOutReason().contains(QStringLiteral("sperret")), qPrintable(ctx.signedOutReason()));
            QCOMPARE(ctx.prefillServer(), QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
            QCOMPARE(ctx.prefillUser(), Login);
            QVERIFY(sync.pendingCount() > 0); // the unsent change is still on the phone
        }
        // After a restart the login page still says why, and nothing was lost.
        App again(dir.path());
        QVERIFY(!again.context->signedIn());
        QVERIFY(again.context->signedOutReason().contains(QStringLiteral("sperret")));
        QCOMPARE(again.context->prefillUser(), Login);
        QVERIFY(again.context->session()->sync().pendingCount() > 0);

        // The server bars a revoked device: logging in again says so, and still nothing is lost.
        LoginController login;
        login.setApp(again.context.get());
        login.login(again.context->prefillServer(), again.context->prefillUser(), Password);
        QTRY_VERIFY_WITH_TIMEOUT(!login.busy(), Timeout);
        QVERIFY2(login.error().contains(QStringLiteral("sperret")), qPrintable(login.error()));
        QVERIFY(!again.context->signedIn());
        QVERIFY(again.context->session()->sync().pendingCount() > 0);
    }
};

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
