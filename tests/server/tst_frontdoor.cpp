// The front door against the real server process, replaying the security review's probes (M1-M3,
// L1) as bounded tests: the attacking connections come from 127.0.0.2, and /healthz from 127.0.0.1
// must answer within 1 s throughout. Slow heads are cut by the head deadline even while they still
// trickle bytes; one address cannot hold more than its share of connections; a login flood runs in
// its own pool; route, limits and token are checked before a body is read; pipelined requests are
// all answered; X-Real-IP counts only from a trusted proxy.
#include "apiclient.h"
#include "support/serverprocess.h"
#include "sync/compression.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-8");
const QHostAddress Attacker(QStringLiteral("127.0.0.2"));

// A raw connection from a chosen local address.
std::unique_ptr<QTcpSocket> connectFrom(const QHostAddress &from, quint16 port)
{
    auto s = std::make_unique<QTcpSocket>();
    if (!s->bind(from, 0))
        return nullptr;
    s->connectToHost(QHostAddress::LocalHost, port);
    if (!s->waitForConnected(5000))
        return nullptr;
    return s;
}

// Reads until the peer closes or a whole answer with its body is there (or the deadline passes).
QByteArray readAnswer(QTcpSocket &s, int timeoutMs = 5000)
{
    QByteArray in;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const qsizetype headEnd = in.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const qsizetype at = in.toLower().indexOf("content-length:");
            const qint64 length
                = at < 0 ? 0 : in.mid(at + 15, in.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
            if (in.size() >= headEnd + 4 + length)
                return in;
        }
        if (s.state() != QAbstractSocket::ConnectedState && s.bytesAvailable() == 0)
            return in;
        if (s.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            in += s.readAll();
    }
    return in;
}

} // namespace

class TestFrontDoor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_team;

    // Milliseconds /healthz took from 127.0.0.1 on a fresh connection; -1 when it failed.
    qint64 healthMs()
    {
        QElapsedTimer t;
        t.start();
        auto s = connectFrom(QHostAddress::LocalHost, m_server->port());
        if (!s)
            return -1;
        s->write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const QByteArray answer = readAnswer(*s, 3000);
        return answer.startsWith("HTTP/1.1 200") ? t.elapsed() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QTcpSocket().bind(Attacker, 0))
            QSKIP("127.0.0.2 is not a local address here");
        ServerProcess::Options options;
        options.extraArgs = {QStringLiteral("--head-timeout-s"), QStringLiteral("2"),
            QStringLiteral("--max-connections-per-address"), QStringLiteral("20"),
            QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1"), QStringLiteral("--login-workers"),
            QStringLiteral("1")};
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_team = m_server->createTeam(QStringLiteral("Team Dør"));
        QVERIFY(!m_server->createUser(m_team, QStringLiteral("dorvakt"), Password).isEmpty());
        m_api = std::make_unique<ApiClient>(m_server->url());
    }

    // A failed check shows what the server wrote last (under the tsan preset a race report ends it).
    void cleanup()
    {
        if (QTest::currentTestFailed() && m_server)
            qWarning().noquote() << "server log (end):\n" << m_server->log().right(6000);
    }

    // M1: slowloris. 40 connections from one address trickle a head a byte at a time: 20 are let in,
    // the rest are closed at once; the 20 are cut by the head deadline although they keep sending;
    // /healthz answers within 1 s all along.
    void slowHeadsAreCutAndHealthzAnswers()
    {
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 40; ++i) {
            auto s = connectFrom(Attacker, m_server->port());
            QVERIFY(s);
            s->write("G");
            slow.push_back(std::move(s));
        }
        QElapsedTimer t;
        t.start();
        int rounds = 0;
        while (t.elapsed() < 3500) {
            for (auto &s : slow) {
                if (s->state() == QAbstractSocket::ConnectedState)
                    s->write("E");
            }
            const qint64 ms = healthMs();
            QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QStringLiteral("/healthz took %1 ms").arg(ms)));
            ++rounds;
            QTest::qWait(250);
        }
        QVERIFY(rounds >= 5);
        int cut = 0;
        int timedOut = 0;
        for (auto &s : slow) {
            s->waitForReadyRead(100);
            const QByteArray answer = s->readAll();
            timedOut += answer.startsWith("HTTP/1.1 408") ? 1 : 0;
            s->waitForDisconnected(100);
            cut += s->state() != QAbstractSocket::ConnectedState ? 1 : 0;
        }
        QCOMPARE(timedOut, 20); // those let in: cut by the head deadline, with a 408
        QCOMPARE(cut, 40); // and the other 20 were never let in
        QVERIFY(m_server->log().contains("too many from 127.0.0.0/24"));
    }

    // M2: eight (here sixteen) parallel logins for invented users no longer stall /healthz.
    void loginFloodDoesNotStallHealthz()
    {
        std::vector<std::unique_ptr<QTcpSocket>> flood;
        for (int i = 0; i < 16; ++i) {
            auto s = connectFrom(Attacker, m_server->port());
            QVERIFY(s);
            const QByteArray body
                = QJsonDocument(QJsonObject {{QStringLiteral("login"), QStringLiteral("ukjent%1").arg(i)},
                                    {QStringLiteral("password"), QStringLiteral("gjett-%1").arg(i)},
                                    {QStringLiteral("device_id"), ApiClient::newDeviceId()},
                                    {QStringLiteral("device_name"), QStringLiteral("flom")}})
                      .toJson(QJsonDocument::Compact);
            s->write("POST /v1/login HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nContent-Type: "
                     "application/json\r\n"
                     "Content-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(s->waitForBytesWritten(5000));
            flood.push_back(std::move(s));
        }
        // While the sign-ins are hashed one after another, /healthz answers within 1 s each time.
        std::vector<QByteArray> answers(flood.size());
        const auto allAnswered = [&] {
            bool all = true;
            for (size_t i = 0; i < flood.size(); ++i) {
                answers[i] += flood[i]->readAll();
                all = all && answers[i].contains("\r\n\r\n");
            }
            return all;
        };
        int probes = 0;
        QDeadlineTimer deadline(120000);
        while (!allAnswered() && !deadline.hasExpired()) {
            const qint64 ms = healthMs();
            QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QStringLiteral("/healthz took %1 ms").arg(ms)));
            ++probes;
            QTest::qWait(100);
        }
        QVERIFY(probes >= 3); // the flood lasted a while, and /healthz was asked throughout
        // Every attacking login got an answer (refused), and the real user still gets in.
        for (const QByteArray &answer : answers)
            QVERIFY2(answer.startsWith("HTTP/1.1 401") || answer.startsWith("HTTP/1.1 429")
                    || answer.startsWith("HTTP/1.1 503"),
                (answer.isEmpty() ? QByteArray("(no answer)") : answer.left(200)).constData());
        QCOMPARE(m_api->login(QStringLiteral("dorvakt"), Password, ApiClient::newDeviceId()).status, 200);
    }

    // L1: two requests in one write are both answered.
    void pipelinedRequestsAreAllAnswered()
    {
        auto s = connectFrom(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s);
        s->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: "
                 "close\r\n\r\n");
        QByteArray all;
        QDeadlineTimer deadline(5000);
        while (all.count("HTTP/1.1 200") < 2 && !deadline.hasExpired()) {
            if (s->waitForReadyRead(500))
                all += s->readAll();
        }
        QCOMPARE(all.count("HTTP/1.1 200"), 2);
    }

    // M2/M3: the route, its body limit and the token are checked before a body byte is read.
    void routeAndTokenBeforeBody()
    {
        const auto headOnly = [this](const QByteArray &head) {
            auto s = connectFrom(Attacker, m_server->port());
            if (!s)
                return QByteArray(); // the server is gone: the check below fails
            s->write(head);
            return readAnswer(*s, 5000); // no body is ever sent
        };
        QVERIFY(headOnly(
            "POST /v1/push HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nContent-Length: 8000000\r\n\r\n")
                    .startsWith("HTTP/1.1 401"));
        QVERIFY(
            headOnly("POST /v1/push HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nAuthorization: Bearer "
                + QByteArray(43, 'A') + "\r\nContent-Length: 8000000\r\n\r\n")
                .startsWith("HTTP/1.1 401"));
        QVERIFY(headOnly(
            "POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nContent-Length: 100000\r\n\r\n")
                    .startsWith("HTTP/1.1 404"));
        QVERIFY(headOnly(
            "POST /v1/login HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nContent-Length: 5000\r\n\r\n")
                    .startsWith("HTTP/1.1 413"));
        // A small gzip login that unpacks past 4 KiB is refused without being unpacked further.
        QByteArray big = "{\"login\":\"x\",\"password\":\"" + QByteArray(64 * 1024, 'a') + "\"}";
        const Reply zipped = m_api->request("POST", QStringLiteral("/v1/login"),
            feltnotat::compression::gzip(big), {{"Content-Encoding", "gzip"}});
        QCOMPARE(zipped.status, 413);
        QCOMPARE(healthMs() >= 0, true);
    }

    // Behind nginx every request comes from the proxy: X-Real-IP is believed from it only.
    void realIpOnlyFromTheTrustedProxy()
    {
        const auto pullFrom = [this](const QHostAddress &from, const QByteArray &realIp) {
            auto s = connectFrom(from, m_server->port());
            if (!s)
                return QByteArray();
            s->write("GET /v1/pull?cursor= HTTP/1.1\r\nHost: x\r\nFeltnotat-Protocol: 1\r\nX-Real-IP: "
                + realIp + "\r\nConnection: close\r\n\r\n");
            return readAnswer(*s);
        };
        QVERIFY(pullFrom(QHostAddress::LocalHost, "198.51.100.23").startsWith("HTTP/1.1 401"));
        QVERIFY(pullFrom(Attacker, "203.0.113.77").startsWith("HTTP/1.1 401"));
        QTRY_VERIFY(m_server->log().contains("198.51.100.0/24"));
        QVERIFY(!m_server->log().contains("203.0.113.0/24")); // spoofed from an untrusted peer
        QVERIFY(!m_server->log().contains("198.51.100.23")); // and never a whole address
    }
};

QTEST_GUILESS_MAIN(TestFrontDoor)
#include "tst_frontdoor.moc"
