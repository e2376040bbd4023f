#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QStringList>
#include <QTcpServer>
#include <QThread>

// A tiny HTTP/1.1 server for tests that serves fixed answers by path, on a thread of its own, so it
// answers while the test waits for a child process (an admin command downloading from it).
class StaticHttpServer : public QTcpServer
{
    Q_OBJECT

public:
    StaticHttpServer();
    ~StaticHttpServer() override;

    bool start(); // listens on a free loopback port and starts the thread
    QString url() const; // http://127.0.0.1:PORT
    // The answer for a path (without the query); anything else is 404.
    void serve(const QString &path, const QByteArray &body, int status = 200,
        const QByteArray &contentType = "application/json");
    QStringList requests() const; // path and query of every request, in order

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType;
    };
    QThread m_thread;
    mutable QMutex m_mutex;
    QHash<QString, Answer> m_answers;
    QStringList m_requests;
};
