// Two feltnotat-server processes on one PostgreSQL database: several devices push through both at
// the same time while a reader pulls repeatedly, alternating between the servers and only ever
// moving forward from its cursor. At the end the reader holds every change: the feed cursor never
// skipped a change that committed later with a lower number (sync contract 3).
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace testapi;
using testserver::ServerProcess;

namespace {
const QString Password = QStringLiteral("testpassord-pg");
constexpr int Batches = 25;
constexpr int PerBatch = 12;
} // namespace

class TestServerPg : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoServersOneDatabaseCursorNeverSkips()
    {
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        ServerProcess::Options options;
        options.database = database;
        ServerProcess first(options);
        ServerProcess second(options);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        const QString team = first.createTeam(QStringLiteral("Team Delt"));
        QVERIFY(!team.isEmpty());
        for (const QString &login : {QStringLiteral("skriver1"), QStringLiteral("skriver2"),
                 QStringLiteral("skriver3"), QStringLiteral("skriver4"), QStringLiteral("leser")})
            QVERIFY(!first.createUser(team, login, Password).isEmpty());

        ApiClient api1(first.url());
        ApiClient api2(second.url());
        QList<Device> writers {api1.loginDevice(QStringLiteral("skriver1"), Password),
            api2.loginDevice(QStringLiteral("skriver2"), Password),
            api1.loginDevice(QStringLiteral("skriver3"), Password),
            api2.loginDevice(QStringLiteral("skriver4"), Password)};
        const Device reader = api2.loginDevice(QStringLiteral("leser"), Password);
        for (const Device &d : std::as_const(writers))
            QVERIFY(!d.token.isEmpty());
        QVERIFY(!reader.token.isEmpty());

        // Every writer sends its batches one after the other, all writers at once, asynchronously.
        QNetworkAccessManager network;
        QSet<QString> pushed;
        int running = int(writers.size());
        int failures = 0;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QEventLoop loop;
        std::function<void(int, int)> sendBatch = [&](int writer, int batch) {
            if (batch == Batches) {
                if (--running == 0)
                    loop.quit();
                return;
            }
            const Device &d = writers.at(writer);
            QJsonArray mutations;
            QStringList ids;
            for (int i = 0; i < PerBatch; ++i) {
                const qint64 seq = qint64(batch) * PerBatch + i + 1;
                const QString id = newId();
                ids << id;
                const QString c = clock(now + seq, d.deviceId);
                mutations.append(mutation(seq, QStringLiteral("employer"), id,
                    {{QStringLiteral("name"),
                         change(QStringLiteral("Bedrift %1-%2").arg(writer).arg(seq), c)},
                        {QStringLiteral("team"), change(team, c)}}));
            }
            QUrl url = (writer % 2 == 0 ? first : second).url();
            url.setPath(QStringLiteral("/v1/push"));
            QNetworkRequest request(url);
            request.setRawHeader("Feltnotat-Protocol", "1");
            request.setRawHeader("Authorization", "Bearer " + d.token.toLatin1());
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            const QByteArray body = QJsonDocument(
                QJsonObject {{QStringLiteral("device_id"), d.deviceId},
                    {QStringLiteral("mutations"),
                        mutations}}).toJson(QJsonDocument::Compact);
            QNetworkReply *reply = network.post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, ids, writer, batch] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
                if (status == 200 && o.value(QStringLiteral("rejected")).toArray().isEmpty()) {
                    for (const QString &id : ids)
                        pushed.insert(id);
                    sendBatch(writer, batch + 1);
                } else if (++failures < 20) {
                    sendBatch(writer, batch); // a transient failure: the same batch again
                } else {
                    loop.quit();
                }
            });
        };

        // The reader pulls in small batches all the while, alternating servers, never starting over.
        QHash<QString, QJsonObject> seen;
        QString cursor;
        int pulls = 0;
        bool readerOk = true;
        std::function<void()> pullOnce = [&] {
            if (running == 0 || !readerOk)
                return;
            ApiClient &api = (pulls++ % 2 == 0) ? api1 : api2;
            const Reply r = api.pull(reader, cursor, 7);
            if (r.status != 200 || r.json().value(QStringLiteral("reset")).toBool()) {
                readerOk = false;
                return;
            }
            for (const QJsonValue &c : r.json().value(QStringLiteral("changes")).toArray())
                seen.insert(c.toObject().value(QStringLiteral("id")).toString(), c.toObject());
            cursor = r.json().value(QStringLiteral("cursor")).toString();
            QTimer::singleShot(0, &loop, pullOnce);
        };

        for (int w = 0; w < writers.size(); ++w)
            sendBatch(w, 0);
        QTimer::singleShot(0, &loop, pullOnce);
        QTimer::singleShot(240000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(running, 0);
        QVERIFY(readerOk);
        QCOMPARE(pushed.size(), int(writers.size()) * Batches * PerBatch);

        // Catch up from the same cursor and compare.
        const PullState rest = pullAll(api1, reader, cursor, 50);
        QCOMPARE(rest.lastStatus, 200);
        QVERIFY(!rest.reset);
        for (auto it = rest.records.cbegin(); it != rest.records.cend(); ++it)
            seen.insert(it.key(), it.value());
        QSet<QString> missing = pushed;
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            missing.remove(it.key());
        QVERIFY2(missing.isEmpty(),
            qPrintable(QStringLiteral("%1 changes skipped by the cursor").arg(missing.size())));
        QVERIFY2(pulls > 5, "the reader should have pulled while the writers were busy");
        qInfo() << "pulls while writing:" << pulls;
        QCOMPARE(first.stop(), 0);
        QCOMPARE(second.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerPg)
#include "tst_serverpg.moc"
