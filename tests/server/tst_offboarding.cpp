// Offboarding against the real server process, driven by the admin commands an operator types:
// the security review's H2 probe (a revoked device logs in again and works) replayed, disable and
// enable, sign-out everywhere, new password, wipe orders, each refusal with its own code on the
// wire, and that a refused device changes nothing. Synthetic data only.
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace testapi;
using testserver::AdminResult;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-9");
}

class TestOffboarding : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_team;
    int m_users = 0;

    QString newUser()
    {
        const QString login = QStringLiteral("ansatt%1").arg(++m_users);
        return m_server->createUser(m_team, login, Password).isEmpty() ? QString() : login;
    }

    AdminResult admin(const QStringList &args, const QByteArray &input = {})
    {
        return m_server->admin(args, input);
    }

    // A push of one new participant; the reply.
    Reply pushOne(const Device &d, qint64 seq, const QString &id, const QString &name)
    {
        const QString c = clock(QDateTime::currentMSecsSinceEpoch(), d.deviceId);
        return m_api->push(d,
            {mutation(seq, QStringLiteral("participant"), id,
                {{QStringLiteral("name"), change(name, c)}, {QStringLiteral("team"), change(m_team, c)}})});
    }

    bool serverHas(const QString &id)
    {
        const Device observer = m_api->loginDevice(QStringLiteral("observator"), Password);
        return pullAll(*m_api, observer).records.contains(id);
    }

private Q_SLOTS:
    void initTestCase()
    {
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        ServerProcess::Options options;
        options.database = database;
        m_server = std::make_unique<ServerProcess>(options);
#else
        m_server = std::make_unique<ServerProcess>();
#endif
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_team = m_server->createTeam(QStringLiteral("Team Avgang"));
        QVERIFY(!m_team.isEmpty());
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("observator"), Password).isEmpty());
        m_api = std::make_unique<ApiClient>(m_server->url());
    }

    // H2: "revoked → 401 device_revoked; login again with the same or a new device id → 200, token works".
    void revokedDeviceStaysRevoked()
    {
        const QString login = newUser();
        const Device d = m_api->loginDevice(login, Password);
        QVERIFY(!d.token.isEmpty());
        const AdminResult revoked = admin({QStringLiteral("revoke-device"), d.deviceId});
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
        QCOMPARE(m_api->pull(d, {}).errorCode(), QStringLiteral("device_revoked"));
        // Logging in again from that device is refused with the reason, and the old token stays dead.
        const Reply again = m_api->login(login, Password, d.deviceId);
        QCOMPARE(again.status, 403);
        QCOMPARE(again.errorCode(), QStringLiteral("device_revoked"));
        QVERIFY(!again.json().contains(QStringLiteral("token")));
        QCOMPARE(m_api->pull(d, {}).status, 401);
        const QString id = newId();
        QCOMPARE(pushOne(d, 1, id, QStringLiteral("Etter sperring")).status, 401);
        QVERIFY(!serverHas(id));
        // The user is not revoked: a new phone of theirs signs in (see disable-user for cutting a user off).
        QCOMPARE(m_api->login(login, Password, ApiClient::newDeviceId()).status, 200);
        // A revocation given by mistake can be lifted; the device's token works again.
        QCOMPARE(admin({QStringLiteral("restore-device"), d.deviceId}).exitCode, 0);
        QCOMPARE(m_api->pull(d, {}).status, 200);
        QCOMPARE(admin({QStringLiteral("revoke-device"), QStringLiteral("finnesikke")}).exitCode, 1);
    }

    void disabledUserIsOutEverywhereAndStaysOut()
    {
        const QString login = newUser();
        const Device phone = m_api->loginDevice(login, Password);
        const Device tablet = m_api->loginDevice(login, Password);
        QCOMPARE(pushOne(phone, 1, newId(), QStringLiteral("Før avgang")).status, 200);

        const AdminResult disabled = admin({QStringLiteral("disable-user"), login});
        QVERIFY2(disabled.exitCode == 0, disabled.err.constData());
        for (const Device &d : {phone, tablet}) {
            const Reply r = m_api->pull(d, {});
            QCOMPARE(r.status, 401);
            QCOMPARE(r.errorCode(), QStringLiteral("user_disabled"));
        }
        const QString id = newId();
        QCOMPARE(pushOne(phone, 2, id, QStringLiteral("Etter avgang")).errorCode(),
            QStringLiteral("user_disabled"));
        QVERIFY(!serverHas(id));
        // The right password from the same or a new device: refused, with the reason.
        for (const QString &device : {phone.deviceId, ApiClient::newDeviceId()}) {
            const Reply r = m_api->login(login, Password, device);
            QCOMPARE(r.status, 403);
            QCOMPARE(r.errorCode(), QStringLiteral("user_disabled"));
        }
        // A wrong password learns nothing about the account.
        QCOMPARE(m_api->login(login, QStringLiteral("feil-passord"), phone.deviceId).errorCode(),
            QStringLiteral("unauthorized"));
        const QJsonArray users
            = QJsonDocument::fromJson(admin({QStringLiteral("list-users"), QStringLiteral("--json")}).out)
                  .array();
        bool listed = false;
        for (const QJsonValue &u : users) {
            if (u[QStringLiteral("login")].toString() == login) {
                listed = true;
                QVERIFY(u[QStringLiteral("disabled")].toBool());
                QVERIFY(!u[QStringLiteral("disabled_at")].toString().isEmpty());
            }
        }
        QVERIFY(listed);

        // Enabled again: the old tokens do not come back, a login does and the device goes on where it was.
        QCOMPARE(admin({QStringLiteral("enable-user"), login}).exitCode, 0);
        QCOMPARE(m_api->pull(phone, {}).errorCode(), QStringLiteral("device_revoked"));
        const Device back = m_api->loginDevice(login, Password, phone.deviceId);
        QVERIFY(!back.token.isEmpty());
        const QString later = newId();
        const Reply pushed = pushOne(back, 2, later, QStringLiteral("Tilbake"));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(QStringLiteral("applied_through")).toInt(), 2);
        QVERIFY(serverHas(later));
    }

    void signOutEverywhereAndNewPassword()
    {
        const QString login = newUser();
        const Device a = m_api->loginDevice(login, Password);
        const Device b = m_api->loginDevice(login, Password);
        const AdminResult revoked = admin({QStringLiteral("revoke-user"), login});
        QCOMPARE(revoked.exitCode, 0);
        QVERIFY(revoked.out.contains("2 devices"));
        QCOMPARE(m_api->pull(a, {}).errorCode(), QStringLiteral("device_revoked"));
        QCOMPARE(m_api->pull(b, {}).errorCode(), QStringLiteral("device_revoked"));
        const Device a2 = m_api->loginDevice(login, Password, a.deviceId);
        QVERIFY(!a2.token.isEmpty());

        // set-password reads stdin, refuses a short one, signs the devices out.
        QCOMPARE(admin({QStringLiteral("set-password"), login}, "kort\n").exitCode, 2);
        QCOMPARE(m_api->pull(a2, {}).status, 200);
        const AdminResult changed = admin({QStringLiteral("set-password"), login}, "helt-nytt-passord\n");
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        QVERIFY(!changed.out.contains("helt-nytt"));
        QCOMPARE(m_api->pull(a2, {}).errorCode(), QStringLiteral("device_revoked"));
        QCOMPARE(m_api->login(login, Password, a.deviceId).status, 401);
        QCOMPARE(m_api->login(login, QStringLiteral("helt-nytt-passord"), a.deviceId).status, 200);
        QCOMPARE(admin({QStringLiteral("set-password"), QStringLiteral("ingen-slik")}, "helt-nytt-passord\n")
                     .exitCode,
            1);
    }

    void wipeOrders()
    {
        const QString login = newUser();
        const Device phone = m_api->loginDevice(login, Password);
        const Device tablet = m_api->loginDevice(login, Password);
        QCOMPARE(admin({QStringLiteral("wipe-device"), phone.deviceId}).exitCode, 0);
        QCOMPARE(m_api->pull(phone, {}).errorCode(), QStringLiteral("device_wipe"));
        QCOMPARE(pushOne(phone, 1, newId(), QStringLiteral("x")).errorCode(), QStringLiteral("device_wipe"));
        QCOMPARE(m_api->login(login, Password, phone.deviceId).errorCode(), QStringLiteral("device_wipe"));
        QCOMPARE(m_api->pull(tablet, {}).status, 200);

        const AdminResult all = admin({QStringLiteral("disable-user"), QStringLiteral("--wipe"), login});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QCOMPARE(m_api->pull(tablet, {}).errorCode(), QStringLiteral("device_wipe"));
        const QJsonArray devices = QJsonDocument::fromJson(
            admin({QStringLiteral("list-devices"), QStringLiteral("--json"), QStringLiteral("--user"), login})
                .out)
                                       .array();
        QCOMPARE(devices.size(), 2);
        for (const QJsonValue &d : devices)
            QVERIFY(!d[QStringLiteral("wipe_requested_at")].toString().isEmpty());
    }

    void adminCommandLine()
    {
        QCOMPARE(admin({QStringLiteral("disable-user")}).exitCode, 2);
        QCOMPARE(
            admin({QStringLiteral("disable-user"), QStringLiteral("a"), QStringLiteral("b")}).exitCode, 2);
        QCOMPARE(
            admin({QStringLiteral("disable-user"), QStringLiteral("--bogus"), QStringLiteral("a")}).exitCode,
            2);
        QCOMPARE(admin({QStringLiteral("disable-user"), QStringLiteral("ingen-slik")}).exitCode, 1);
        const AdminResult help = admin({QStringLiteral("disable-user"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--wipe"));
        QVERIFY(help.out.contains("admin --db DB disable-user"));
        QProcess p;
        p.start(ServerProcess::binary(), {QStringLiteral("admin"), QStringLiteral("list-users")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2); // no --db
        p.start(ServerProcess::binary(),
            {QStringLiteral("admin"), QStringLiteral("--db"), QStringLiteral("/nonexistent/folder/x.db"),
                QStringLiteral("list-users")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 3); // database unavailable
    }
};

QTEST_GUILESS_MAIN(TestOffboarding)
#include "tst_offboarding.moc"
