// The curl examples of docs/integration.md ("## Examples"), run with bash against a real server with
// demo data and a fresh API client: each must exit 0 and print an answer, so the guide stays true.
#include "support/serverprocess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using testserver::ServerProcess;

class TestIntegrationDocs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curlExamplesRun()
    {
        QFile doc(QStringLiteral(FELTNOTAT_SOURCE_DIR "/docs/integration.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        const qsizetype from = text.indexOf(QStringLiteral("\n## Examples"));
        QVERIFY(from > 0);
        const qsizetype to = text.indexOf(QStringLiteral("\n## "), from + 5);
        const QString section = text.mid(from, to < 0 ? -1 : to - from);
        static const QRegularExpression block(
            QStringLiteral("```sh\\n(.*?)```"), QRegularExpression::DotMatchesEverythingOption);
        QStringList scripts;
        for (auto it = block.globalMatch(section); it.hasNext();)
            scripts << it.next().captured(1);
        QVERIFY(scripts.size() >= 5);

        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(server.admin({QStringLiteral("seed-demo")}).exitCode, 0);
        const auto created = server.admin({QStringLiteral("create-api-client"),
            QStringLiteral("Dokumentasjon"), QStringLiteral("--team"), QStringLiteral("Demo-teamet")});
        QCOMPARE(created.exitCode, 0);
        QString id, secret;
        for (const QByteArray &line : created.out.split('\n')) {
            if (line.startsWith("client_id: "))
                id = QString::fromLatin1(line.mid(11).trimmed());
            if (line.startsWith("client_secret: "))
                secret = QString::fromLatin1(line.mid(15).trimmed());
        }
        QVERIFY(!id.isEmpty() && !secret.isEmpty());
        for (const QString &script : std::as_const(scripts)) {
            QProcess bash;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("FELTNOTAT_URL"), server.url().toString(QUrl::StripTrailingSlash));
            env.insert(QStringLiteral("CLIENT_ID"), id);
            env.insert(QStringLiteral("CLIENT_SECRET"), secret);
            bash.setProcessEnvironment(env);
            bash.start(QStringLiteral("bash"),
                {QStringLiteral("-euo"), QStringLiteral("pipefail"), QStringLiteral("-c"), script});
            QVERIFY(bash.waitForFinished(60000));
            const QByteArray out = bash.readAllStandardOutput();
            QVERIFY2(bash.exitCode() == 0,
                qPrintable(
                    script + QStringLiteral("\n→ ") + QString::fromUtf8(out + bash.readAllStandardError())));
            QVERIFY2(out.size() > 20, qPrintable(script));
        }
    }
};

QTEST_GUILESS_MAIN(TestIntegrationDocs)
#include "tst_integrationdocs.moc"
