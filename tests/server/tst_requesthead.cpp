// The strict HTTP request head check, the feed cursor format and the server's command line.
#include "server/feedcursor.h"
#include "server/requesthead.h"
#include "server/serverconfig.h"

#include <QTest>

using namespace feltnotat::server;

class TestRequestHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsAPost()
    {
        const RequestHead h = RequestHead::parse("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
                                                 "Feltnotat-Protocol: 1\r\n\r\n",
            1000);
        QCOMPARE(h.errorStatus, 0);
        QCOMPARE(h.method, QByteArray("POST"));
        QCOMPARE(h.target, QByteArray("/v1/push"));
        QCOMPARE(h.contentLength, 12);
        QVERIFY(!h.closeAfter);
        QCOMPARE(h.headers.size(), 3);
        QCOMPARE(h.headers.at(2).first, QByteArray("feltnotat-protocol"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        QTest::newRow("too large body")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n") << 413;
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411;
        QTest::newRow("post without length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n\r\n") << 411;
        QTest::newRow("conflicting lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("negative length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("huge length") << QByteArray(
            "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n")
                                     << 400;
        QTest::newRow("method") << QByteArray("DELETE / HTTP/1.1\r\n\r\n") << 405;
        QTest::newRow("version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("target") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nA: b\r\n\r\n") << 400;
        QTest::newRow("control char") << QByteArray("GET / HTTP/1.1\r\nA: b\x01\r\n\r\n") << 400;
        QTest::newRow("upgrade") << QByteArray("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n") << 400;
        QTest::newRow("expect") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nExpect: magic\r\n\r\n")
                                << 417;
        // Info items of the security review: a length with a vertical tab, no or two Host headers.
        QTest::newRow("length with vertical tab")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\x0b\r\n\r\n") << 400;
        QTest::newRow("length with form feed")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \x0c3\r\n\r\n") << 400;
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n\r\n") << 400;
        QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("two hosts in 1.0")
            << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") << 400;
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 150; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431;
    }

    void refusals()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        const RequestHead h = RequestHead::parse(head, 1000);
        QCOMPARE(h.errorStatus, status);
        const QByteArray response = RequestHead::errorResponse(h.errorStatus, h.errorCode, h.errorMessage);
        QVERIFY(response.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))));
        QVERIFY(response.contains("\"error\""));
        QVERIFY(response.contains("Connection: close"));
    }

    void connectionClose()
    {
        QVERIFY(RequestHead::parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0).closeAfter);
        QCOMPARE(
            RequestHead::parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0).errorStatus, 0);
        QCOMPARE(RequestHead::parse("GET / HTTP/1.0\r\n\r\n", 0).errorStatus, 0); // 1.0 may leave Host out
        QCOMPARE(RequestHead::parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \t3 \r\n\r\n", 10)
                     .contentLength,
            3);
        QVERIFY(RequestHead::parse("GET / HTTP/1.0\r\n\r\n", 0).closeAfter);
        QVERIFY(!RequestHead::parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0).closeAfter);
    }

    void cursors()
    {
        QVERIFY(FeedCursor::parse(QString())->isStart());
        const QString feed = FeedCursor::newFeedId();
        QCOMPARE(feed.size(), 16);
        const auto c = FeedCursor::parse(feed + QStringLiteral(":42"));
        QVERIFY(c);
        QCOMPARE(c->feedId, feed);
        QCOMPARE(c->seq, 42);
        QCOMPARE(c->toString(), feed + QStringLiteral(":42"));
        const QStringList bad {QStringLiteral("abc"), QString(feed + QStringLiteral(":")),
            QString(feed + QStringLiteral(":-1")), QString(feed + QStringLiteral(":1e3")),
            QString(feed.toUpper() + QStringLiteral(":1")),
            QString(feed + QStringLiteral(":99999999999999999999")), QStringLiteral(":5")};
        for (const QString &text : bad)
            QVERIFY2(!FeedCursor::parse(text), qPrintable(text));
    }

    void commandLine()
    {
        auto c = ServerConfig::fromArguments({QStringLiteral("--db"), QStringLiteral("x.db"),
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:8077")});
        QVERIFY(c.ok());
        QCOMPARE(c->port, 8077);
        QVERIFY(
            !ServerConfig::fromArguments({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:1")}).ok());
        QVERIFY(!ServerConfig::fromArguments({QStringLiteral("--db"), QStringLiteral("x"),
                                                 QStringLiteral("--listen"), QStringLiteral("nohost")})
                     .ok());
        QVERIFY(!ServerConfig::fromArguments(
            {QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:1"), QStringLiteral("--tls-cert"), QStringLiteral("c")})
                     .ok());
        QVERIFY(!ServerConfig::fromArguments(
            {QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:1"), QStringLiteral("--bogus")})
                     .ok());
        // The devices' idle lock (a policy sent with logins and pulls): 5 minutes unless set, 1 to 60.
        QCOMPARE(c->idleLockMinutes, 5);
        const auto idleLock = [](const QString &minutes) {
            return ServerConfig::fromArguments(
                {QStringLiteral("--db"), QStringLiteral("x.db"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:1"), QStringLiteral("--idle-lock-minutes"), minutes});
        };
        QCOMPARE(idleLock(QStringLiteral("12"))->idleLockMinutes, 12);
        for (const QString &bad : {QStringLiteral("0"), QStringLiteral("61"), QStringLiteral("fem")})
            QVERIFY2(!idleLock(bad).ok(), qPrintable(bad));
        auto v6 = ServerConfig::parseListen(QStringLiteral("[::1]:9000"));
        QVERIFY(v6.ok());
        QCOMPARE(v6->second, 9000);
    }
};

QTEST_GUILESS_MAIN(TestRequestHead)
#include "tst_requesthead.moc"
