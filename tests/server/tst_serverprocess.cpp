// The server as a process: graceful shutdown on SIGTERM, a SIGKILL in the middle of a large push
// followed by a restart and a replay (nothing lost, nothing twice), and HTTPS with a throwaway
// certificate made at test time.
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/stat.h>

using namespace testapi;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-3");

QJsonArray employerBatch(const Device &d, qint64 firstSeq, int count, qint64 wall, QStringList *ids)
{
    QJsonArray batch;
    for (int i = 0; i < count; ++i) {
        const QString id = newId();
        ids->append(id);
        const QString c = clock(wall, d.deviceId, quint32(firstSeq + i));
        batch.append(mutation(firstSeq + i, QStringLiteral("employer"), id,
            {{QStringLiteral("name"), change(QStringLiteral("Testbedrift %1").arg(firstSeq + i), c)},
                {QStringLiteral("labour_needs"), change(QString(1500, u'n'), c)},
                {QStringLiteral("team"), change(d.teamId, c)}}));
    }
    return batch;
}

// The "Umask:" line of /proc/PID/status (Linux 4.7 and later), e.g. "0077"; empty when unreadable.
QByteArray processUmask(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (pid <= 0 || !status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Umask:"))
            return line.mid(6).trimmed();
    }
    return {};
}

} // namespace

class TestServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gracefulShutdown()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(server.stop(), 0);
        QVERIFY(server.log().contains("stopped"));
        // Restart on the same database and port.
        QVERIFY2(server.restart(), qPrintable(server.errorString()));
        QCOMPARE(server.stop(), 0);
    }

    void usageErrors()
    {
        QProcess p;
        p.start(ServerProcess::binary(), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:1")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        // Plain HTTP only on loopback unless explicitly allowed (review L6).
        p.start(ServerProcess::binary(),
            {QStringLiteral("--db"), QStringLiteral("x.db"), QStringLiteral("--listen"),
                QStringLiteral("0.0.0.0:0")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--allow-plain-http"));
        p.start(ServerProcess::binary(), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("seed-demo"));
        // create-user never takes the password from argv, and refuses short ones.
        ServerProcess server;
        const QString team = server.createTeam(QStringLiteral("Team Prosess"));
        QVERIFY(!team.isEmpty());
        QCOMPARE(server
                     .admin({QStringLiteral("create-user"), QStringLiteral("--team"), team,
                                QStringLiteral("kort")},
                         "abc\n")
                     .exitCode,
            2);
        QVERIFY(!server.createUser(QStringLiteral("Team Prosess"), QStringLiteral("navn"), Password)
                     .isEmpty()); // team by name
        QCOMPARE(server
                     .admin({QStringLiteral("create-user"), QStringLiteral("--team"), team,
                                QStringLiteral("navn")},
                         Password.toUtf8() + '\n')
                     .exitCode,
            1);
    }

    // Files and secrets (review M5, L8): under a permissive umask the SQLite database, WAL and SHM are
    // 0600 (the server's umask 077 is not the only guard of that: without it they still are); a database
    // folder others may write to is refused (exit 4); a PostgreSQL URL with a password on the command
    // line is refused (exit 4) without echoing the password.
    void filesAndSecrets()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QFile::setPermissions(dir.path(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther));
        const mode_t previous = ::umask(022);
        ServerProcess::Options options;
        options.database = dir.filePath(QStringLiteral("server.db"));
        ServerProcess server(options);
        const bool started = server.start();
        ::umask(previous);
        QVERIFY2(started, qPrintable(server.errorString()));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther;
        for (const char *suffix : {"", "-wal", "-shm"}) {
            const QString path = options.database + QLatin1String(suffix);
            QVERIFY2(QFile::exists(path), qPrintable(path));
            QVERIFY2(!(QFile::permissions(path) & others), qPrintable(path));
        }
        // Every other file the server may create (SQLite's temporary and journal files, a backup) is
        // guarded by the process umask alone: started under 022, the running server's is 077.
        QCOMPARE(processUmask(server.pid()), QByteArray("0077"));
        server.stop();

        QVERIFY(QFile::setPermissions(dir.path(), QFile::permissions(dir.path()) | QFileDevice::WriteOther));
        QProcess open;
        open.start(ServerProcess::binary(),
            {QStringLiteral("--db"), options.database, QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:0")});
        QVERIFY(open.waitForFinished(10000));
        QCOMPARE(open.exitCode(), 4);

        QProcess secret;
        secret.start(ServerProcess::binary(),
            {QStringLiteral("--db"),
                QStringLiteral("postgresql://feltnotat:hemmelig-pw@127.0.0.1:1/feltnotat"),
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(secret.waitForFinished(10000));
        QCOMPARE(secret.exitCode(), 4);
        const QByteArray said = secret.readAllStandardError() + secret.readAllStandardOutput();
        QVERIFY(!said.isEmpty() && !said.contains("hemmelig-pw"));
    }

    void killedDuringLargePush()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Krasj"));
        QVERIFY(!server.createUser(team, QStringLiteral("krasj"), Password).isEmpty());
        ApiClient api(server.url());
        const Device d = api.loginDevice(QStringLiteral("krasj"), Password);
        QVERIFY(!d.token.isEmpty());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();

        QStringList ids;
        const QJsonArray first = employerBatch(d, 1, 1000, now, &ids);
        const QByteArray body = QJsonDocument(
            QJsonObject {{QStringLiteral("device_id"), d.deviceId},
                {QStringLiteral("mutations"),
                    first}}).toJson(QJsonDocument::Compact);
        // Send the push and kill the server while it works on it.
        QNetworkAccessManager network;
        QUrl url = server.url();
        url.setPath(QStringLiteral("/v1/push"));
        QNetworkRequest request(url);
        request.setRawHeader("Feltnotat-Protocol", "1");
        request.setRawHeader("Authorization", "Bearer " + d.token.toLatin1());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.post(request, body);
        QEventLoop wait;
        QTimer::singleShot(60, &wait, &QEventLoop::quit);
        wait.exec();
        server.kill();
        if (!reply->isFinished()) {
            QEventLoop done;
            QObject::connect(reply, &QNetworkReply::finished, &done, &QEventLoop::quit);
            done.exec();
        }
        delete reply;

        // After the restart the device pushes the same batch again (it never saw an answer), then more.
        QVERIFY2(server.restart(), qPrintable(server.errorString()));
        const Reply replay = api.push(d, first);
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.json().value(QStringLiteral("applied_through")).toInt(), 1000);
        QVERIFY(replay.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        QCOMPARE(api.push(d, employerBatch(d, 1001, 10, now + 1000, &ids))
                     .json()
                     .value(QStringLiteral("applied_through"))
                     .toInt(),
            1010);

        const PullState state = pullAll(api, d, {}, 500);
        QCOMPARE(state.lastStatus, 200);
        QCOMPARE(state.records.size(), ids.size()); // every record once, no conflicts made up
        for (const QString &id : std::as_const(ids))
            QVERIFY(state.records.contains(id));
        QCOMPARE(server.stop(), 0);
    }

    void tls()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
        if (!openssl.waitForStarted(5000))
            QSKIP("openssl is not installed");
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);

        ServerProcess::Options options;
        options.tlsCert = cert;
        options.tlsKey = key;
        ServerProcess server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        const QString team = server.createTeam(QStringLiteral("Team TLS"));
        QVERIFY(!server.createUser(team, QStringLiteral("tls"), Password).isEmpty());
        ApiClient api(server.url());
        const Device d = api.loginDevice(QStringLiteral("tls"), Password);
        QVERIFY(!d.token.isEmpty());
        QCOMPARE(pullAll(api, d).lastStatus, 200);
        // Plain HTTP to the TLS port gets no answer.
        QUrl plain = server.url();
        plain.setScheme(QStringLiteral("http"));
        ApiClient http(plain);
        QCOMPARE(http.request("GET", QStringLiteral("/healthz"), {}, {}, false).status, 0);
        QCOMPARE(api.request("GET", QStringLiteral("/healthz"), {}, {}, false).status, 200);

        // Review L5: only Mozilla's "intermediate" suites. A client offering only suites without forward
        // secrecy (RSA key exchange) or with CBC and SHA-1 gets no handshake; a forward-secret AEAD suite
        // does, in TLS 1.2 and 1.3; TLS 1.1 is refused.
        const auto handshake = [&](const QStringList &args) {
            QProcess client;
            client.start(QStringLiteral("openssl"),
                QStringList {QStringLiteral("s_client"), QStringLiteral("-connect"),
                    QStringLiteral("127.0.0.1:%1").arg(server.port()), QStringLiteral("-brief")}
                    + args);
            client.closeWriteChannel();
            if (!client.waitForFinished(20000))
                client.kill();
            return client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0;
        };
        const QString tls12 = QStringLiteral("-tls1_2");
        const QString cipher = QStringLiteral("-cipher");
        QVERIFY(handshake({tls12, cipher, QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256")}));
        QVERIFY(handshake({QStringLiteral("-tls1_3")}));
        QVERIFY(!handshake({tls12, cipher, QStringLiteral("AES128-SHA")}));
        QVERIFY(!handshake({tls12, cipher, QStringLiteral("AES256-GCM-SHA384")}));
        QVERIFY(!handshake({tls12, cipher, QStringLiteral("ECDHE-RSA-AES128-SHA")}));
        QVERIFY(!handshake({QStringLiteral("-tls1_1"), cipher, QStringLiteral("ALL:@SECLEVEL=0")}));
        QCOMPARE(server.stop(), 0);

        // A key that group or others can read is refused at start (exit 4, "unsafe"), saying why.
        QVERIFY(QFile::setPermissions(key, QFile::permissions(key) | QFileDevice::ReadGroup));
        QProcess readable;
        readable.start(ServerProcess::binary(),
            {QStringLiteral("--db"), dir.filePath(QStringLiteral("server.db")), QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"), cert,
                QStringLiteral("--tls-key"), key});
        QVERIFY(readable.waitForFinished(10000));
        QCOMPARE(readable.exitCode(), 4);
        QVERIFY(readable.readAllStandardError().contains("chmod 600"));

        // A missing key file is a clear start-up error.
        options.tlsKey = dir.filePath(QStringLiteral("missing.pem"));
        ServerProcess broken(options);
        QVERIFY(!broken.start(5000));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
