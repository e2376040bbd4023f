// Operations: GET /metrics on its own address (Prometheus text: requests and latency per route,
// database, devices by last sync, webhook backlog), not on the API port; the systemd unit in
// deploy/systemd checked with systemd-analyze verify and for its hardening.
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

class TestOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metricsOnTheirOwnAddress()
    {
        const quint16 metricsPort = ServerProcess::freePort();
        ServerProcess::Options options;
        options.extraArgs
            = {QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:%1").arg(metricsPort)};
        ServerProcess server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Drift"));
        QVERIFY(
            !server.createUser(team, QStringLiteral("drift"), QStringLiteral("testpassord-drift")).isEmpty());
        ApiClient api(server.url());
        QVERIFY(
            !api.loginDevice(QStringLiteral("drift"), QStringLiteral("testpassord-drift")).token.isEmpty());
        QCOMPARE(api.request("GET", QStringLiteral("/odata/"), {}, {}, false).status, 401);

        // Not on the API port (the one nginx forwards).
        QCOMPARE(api.request("GET", QStringLiteral("/metrics"), {}, {}, false).status, 404);
        QUrl metricsUrl = server.url();
        metricsUrl.setPort(metricsPort);
        ApiClient scraper(metricsUrl);
        const Reply r = scraper.request("GET", QStringLiteral("/metrics"), {}, {}, false);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
        const QByteArray &m = r.body;
        QVERIFY(m.contains("feltnotat_http_requests_total{route=\"/v1/login\",status=\"2xx\"} 1\n"));
        QVERIFY(m.contains("feltnotat_http_requests_total{route=\"/odata\",status=\"4xx\"} 1\n"));
        QVERIFY(m.contains("# TYPE feltnotat_http_request_duration_seconds histogram\n"));
        QVERIFY(m.contains(
            "feltnotat_http_request_duration_seconds_bucket{route=\"/v1/login\",le=\"+Inf\"} 1\n"));
        QVERIFY(m.contains("feltnotat_http_request_duration_seconds_count{route=\"/v1/login\"} 1\n"));
        QVERIFY(m.contains("feltnotat_database_up 1\n"));
        QVERIFY(m.contains("feltnotat_devices_synced_within{window=\"1h\"} 1\n"));
        QVERIFY(m.contains("# TYPE feltnotat_webhook_backlog gauge\n"));
        // Every sample line has the exposition format's shape.
        static const QRegularExpression sample(
            QStringLiteral("^[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+\\})? [0-9.e+-]+$|^# (HELP|TYPE) .+$"));
        for (const QByteArray &line : m.split('\n')) {
            if (!line.isEmpty())
                QVERIFY2(sample.match(QString::fromUtf8(line)).hasMatch(), line.constData());
        }
        QCOMPARE(scraper.request("GET", QStringLiteral("/v1/pull"), {}, {}, false).status, 404);
    }

    void systemdUnitVerifiesAndIsHardened()
    {
        const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
        if (analyze.isEmpty())
            QSKIP("systemd-analyze is not installed");
        QFile unit(QStringLiteral(FELTNOTAT_SOURCE_DIR "/deploy/systemd/feltnotat-server.service"));
        QVERIFY(unit.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(unit.readAll());
        for (const char *setting :
            {"User=feltnotat", "UMask=0077", "ProtectSystem=strict", "NoNewPrivileges=yes", "ProtectHome=yes",
                "PrivateTmp=yes", "CapabilityBoundingSet=\n", "--metrics-listen 127.0.0.1:"})
            QVERIFY2(text.contains(QLatin1String(setting)), setting);
        // verify wants the ExecStart binary to exist: point it at the one just built.
        text.replace(QStringLiteral("/usr/bin/feltnotat-server"), ServerProcess::binary());
        QTemporaryDir dir;
        QFile copy(dir.filePath(QStringLiteral("feltnotat-server.service")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(text.toUtf8());
        copy.close();
        QProcess p;
        p.start(analyze, {QStringLiteral("verify"), copy.fileName()});
        QVERIFY(p.waitForFinished(60000));
        const QString complaints = QString::fromUtf8(p.readAllStandardError() + p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        // verify exits 0 on unknown keys and bad values and only says so: any line about our file fails.
        QVERIFY2(!complaints.contains(copy.fileName()), qPrintable(complaints));
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
