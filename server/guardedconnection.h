#pragma once

#include "syncapi.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace feltnotat::server {

using RequestHandler = std::function<ApiResponse(const ApiRequest &)>;

// One HTTP/1.1 client connection (plain or TLS). Qt HTTP Server 6.4 buffers any request body
// whole, without a limit, so the server reads HTTP itself: each request head is checked strictly
// (RequestHead), an oversized body is refused by its Content-Length before it is read, complete
// requests go to the handler one at a time and the answer goes back with Content-Length. Idle
// connections are closed; on shutdown a request in progress still gets its answer.
class GuardedConnection final : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        qint64 maxBodyBytes = 8 * 1024 * 1024;
        int idleTimeoutMs = 60 * 1000;
    };

    // Takes ownership of client (already connected, TLS started when used).
    GuardedConnection(QTcpSocket *client, RequestHandler handler, Limits limits, QObject *parent = nullptr);
    ~GuardedConnection() override;

    // Stop taking requests: close now when idle, otherwise after the current answer.
    void shutdown();
    bool isIdle() const;

Q_SIGNALS:
    void closed();

private:
    enum class State { Head, Body, Lingering, Closed };

    void processClient();
    void answer();
    void refuse(int status, const QString &code, const QString &message);
    void lingerTick();
    void drain();
    void close();
    void touch();

    QTcpSocket *m_client;
    RequestHandler m_handler;
    Limits m_limits;
    State m_state = State::Head;
    QByteArray m_buffer; // client bytes read but not yet used (a head in progress)
    QByteArray m_method;
    QByteArray m_target;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    qint64 m_bodyRemaining = 0;
    bool m_closeAfterResponse = false;
    bool m_shuttingDown = false;
    QTimer m_idle;
    QTimer m_linger;
    int m_lingerTicks = 0;
    qint64 m_discarded = 0;
    bool m_writeShut = false;
};

} // namespace feltnotat::server
