// The production set-up behind nginx (issue 15 item 4): deploy/nginx/feltnotat.conf rendered by
// scripts/nginx-local in front of a real feltnotat-server. Two devices sync through it (a gzip push as the
// app sends it included); nginx's own refusals (body too large, login flood, unknown paths, /metrics)
// come in the server's JSON form; old TLS versions and suites without forward secrecy are refused.
#include "apiclient.h"
#include "support/serverprocess.h"
#include "sync/compression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-nginx");

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.closeWriteChannel();
    Run r;
    if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit)
        r.exitCode = p.exitCode();
    r.out = p.readAll();
    return r;
}

QString script()
{
    return QStringLiteral(FELTNOTAT_SOURCE_DIR "/scripts/nginx-local");
}

// The TLS handshake's outcome with only the given protocol or suites offered.
Run handshake(const QUrl &url, const QStringList &offer)
{
    return run(QStringLiteral("openssl"),
        QStringList {QStringLiteral("s_client"), QStringLiteral("-connect"),
            QStringLiteral("127.0.0.1:%1").arg(url.port())}
            + offer);
}

QJsonObject participant(const Device &d, const QString &name, qint64 wall)
{
    const QString c = clock(wall, d.deviceId);
    return {{QStringLiteral("name"), change(name, c)}, {QStringLiteral("team"), change(d.teamId, c)},
        {QStringLiteral("deleted"), change(false, c)}};
}

} // namespace

class TestNginx : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QUrl m_proxy;
    QString m_team;

    QString nginxFolder() const { return m_dir.filePath(QStringLiteral("nginx")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ServerProcess::Options options;
        options.extraArgs = {QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1")};
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_team = m_server->createTeam(QStringLiteral("Team Proxy"));
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("kari"), Password).isEmpty());
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("ola"), Password).isEmpty());
        const Run started = run(script(),
            {QStringLiteral("start"), nginxFolder(), QStringLiteral("127.0.0.1:%1").arg(m_server->port())});
        QVERIFY2(started.exitCode == 0, started.out.constData());
        m_proxy = QUrl(QString::fromUtf8(started.out.trimmed().split('\n').last()));
        QCOMPARE(m_proxy.scheme(), QStringLiteral("https"));
    }

    void cleanupTestCase() { run(script(), {QStringLiteral("stop"), nginxFolder()}); }

    void twoDevicesSyncThroughTheProxy()
    {
        ApiClient api(m_proxy);
        QCOMPARE(api.get(QStringLiteral("/healthz")).status, 200);
        const Device kari = api.loginDevice(QStringLiteral("kari"), Password);
        const Device ola = api.loginDevice(QStringLiteral("ola"), Password);
        QVERIFY(!kari.token.isEmpty());
        QVERIFY(!ola.token.isEmpty());

        // Kari's push gzip-compressed, as the app sends it.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString id = newId();
        const QJsonObject body {{QStringLiteral("device_id"), kari.deviceId},
            {QStringLiteral("mutations"),
                QJsonArray {mutation(1, QStringLiteral("participant"), id,
                    participant(kari, QStringLiteral("Gjennom Proxy"), now))}}};
        const Reply pushed = api.request("POST", QStringLiteral("/v1/push"),
            feltnotat::compression::gzip(QJsonDocument(body).toJson(QJsonDocument::Compact)),
            {{"Authorization", "Bearer " + kari.token.toLatin1()}, {"Content-Encoding", "gzip"}});
        QVERIFY2(pushed.status == 200, pushed.body.constData());
        QVERIFY2(
            pushed.json().value(QStringLiteral("rejected")).toArray().isEmpty(), pushed.body.constData());

        // Ola's device gets it through the proxy, and his answer reaches Kari.
        const PullState olaSees = pullAll(api, ola);
        QCOMPARE(olaSees.lastStatus, 200);
        QCOMPARE(fieldValue(olaSees.records.value(id), QStringLiteral("name")).toString(),
            QStringLiteral("Gjennom Proxy"));
        const Reply answered = api.push(ola,
            {mutation(1, QStringLiteral("participant"), newId(),
                participant(ola, QStringLiteral("Svar Gjennom Proxy"), now + 1))});
        QVERIFY2(answered.status == 200, answered.body.constData());
        const PullState kariSees = pullAll(api, kari);
        QCOMPARE(kariSees.records.size(), 2);

        // The requests reached the real server behind the proxy.
        QVERIFY(m_server->log().contains("POST /v1/push 200"));
    }

    void theProxyRefusesInTheServersWords()
    {
        ApiClient api(m_proxy);
        // A login body over 4 KiB never reaches the server.
        const QByteArray big = QJsonDocument(QJsonObject {{QStringLiteral("login"), QString(5000, u'x')},
                                                 {QStringLiteral("password"), QStringLiteral("y")}})
                                   .toJson(QJsonDocument::Compact);
        const Reply tooLarge = api.request("POST", QStringLiteral("/v1/login"), big, {});
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(tooLarge.errorCode(), QStringLiteral("too_large"));
        // The metrics have their own listener; through the proxy they, like any unknown path, are not found.
        for (const QString &path :
            {QStringLiteral("/metrics"), QStringLiteral("/admin"), QStringLiteral("/")}) {
            const Reply missing = api.get(path);
            QCOMPARE(missing.status, 404);
            QCOMPARE(missing.errorCode(), QStringLiteral("not_found"));
        }
    }

    void aLoginFloodIsSlowedAtTheDoorWhileSyncGoesOn()
    {
        ApiClient api(m_proxy);
        const Device kari = api.loginDevice(QStringLiteral("kari"), Password);
        QVERIFY(!kari.token.isEmpty());
        int limited = 0;
        int reachedServer = 0;
        for (int i = 0; i < 12; ++i) {
            const Reply r
                = api.login(QStringLiteral("kari"), QStringLiteral("feil-passord"), ApiClient::newDeviceId());
            if (r.status == 429) {
                QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
                QVERIFY(!r.header("Retry-After").isEmpty());
                ++limited;
            } else {
                QCOMPARE(r.status, 401);
                ++reachedServer;
            }
        }
        // 10 a minute with a burst of 5: most of twelve quick attempts stop at nginx.
        QVERIFY2(limited >= 5, qPrintable(QStringLiteral("%1 limited").arg(limited)));
        QVERIFY(reachedServer <= 6);
        // Sync and health are other routes: they go on.
        QCOMPARE(api.get(QStringLiteral("/healthz")).status, 200);
        QCOMPARE(api.pull(kari, {}).status, 200);
    }

    void oldTlsAndSuitesWithoutForwardSecrecyAreRefused()
    {
        const Run tls11 = handshake(m_proxy, {QStringLiteral("-tls1_1")});
        QVERIFY2(tls11.exitCode != 0 && !tls11.out.contains("Cipher is ECDHE"), tls11.out.constData());
        const Run rsaKx = handshake(m_proxy,
            {QStringLiteral("-tls1_2"), QStringLiteral("-cipher"), QStringLiteral("AES128-GCM-SHA256")});
        QVERIFY2(rsaKx.exitCode != 0, rsaKx.out.constData());
        const Run modern = handshake(m_proxy, {QStringLiteral("-tls1_2")});
        QVERIFY2(modern.exitCode == 0 && modern.out.contains("Cipher is ECDHE"), modern.out.constData());
        const Run tls13 = handshake(m_proxy, {QStringLiteral("-tls1_3")});
        QVERIFY2(tls13.exitCode == 0 && tls13.out.contains("TLSv1.3"), tls13.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestNginx)
#include "tst_nginx.moc"
