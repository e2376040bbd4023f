#pragma once

#include "routes.h"
#include "syncapi.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace feltnotat::server {

class FrontDoor;

// Where a connection's requests go (RequestDispatcher for the API). All three run on the main
// thread and answer through `done`, exactly once, on the main thread.
struct RequestHandler
{
    using Done = std::function<void(ApiResponse)>;
    std::function<RoutePolicy(const ApiRequest &head)> policy;
    std::function<void(ApiRequest head, Done done)> checkToken; // only for routes with deviceToken
    std::function<void(const RoutePolicy &policy, ApiRequest request, Done done)> handle;
    // The next piece of a streamed body (ApiResponse::more), in `done`'s body; a status other than
    // 200 when it failed.
    std::function<void(std::shared_ptr<BodySource> source, Done done)> nextPiece;
};

// One HTTP/1.1 client connection (plain or TLS), on the main thread. Qt HTTP Server 6.4 buffers any
// request body whole, without a limit, so the server reads HTTP itself:
// - a whole head must arrive within 10 s (from the connection, or from its first byte on a kept-alive
//   connection), a body within 10 s plus 1 s per 64 KiB; the idle timer no longer restarts on each byte;
// - each head is checked strictly (RequestHead), then its route (routes.h): an unknown route, a wrong
//   method or version, a missing token or a body over the route's limit is answered before any body
//   byte is read, and a device token is checked on a worker before the body is read;
// - bodies and unsent answers count against the listener's memory budget (FrontDoor);
// - one request at a time: the next pipelined request is read only when the answer is sent (write
//   back-pressure), and a client that does not read its answer is cut after the idle timeout;
// - a streamed answer (ApiResponse::more) goes out chunked, its next piece asked for only when less
//   than 64 KiB of it waits in the socket, so a large export holds one piece in memory at a time.
class GuardedConnection final : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        qint64 maxBodyBytes = 8 * 1024 * 1024;
        int idleTimeoutMs = 60 * 1000; // between requests, and while an answer does not move
        int headTimeoutMs = 10 * 1000;
        int bodyTimeoutMs = 10 * 1000; // plus the body's size at minBodyRate
        qint64 minBodyBytesPerSecond = 64 * 1024;
    };

    // Takes ownership of client (already connected, TLS started when used).
    GuardedConnection(QTcpSocket *client, const RequestHandler &handler, FrontDoor &door, Limits limits,
        QObject *parent = nullptr);
    ~GuardedConnection() override;

    // Stop taking requests: close now when idle, otherwise after the current answer.
    void shutdown();
    bool isIdle() const;
    QHostAddress peer() const { return m_peer; }

Q_SIGNALS:
    void closed();

private:
    enum class State { Head, WaitToken, Body, Handling, Writing, Lingering, Closed };

    void processClient();
    bool readHead();
    void startBody();
    void readBody();
    void respond(ApiResponse response);
    void onBytesWritten();
    void requestPiece();
    void writePiece(const QByteArray &piece);
    void onDeadline();
    void refuse(int status, const QString &code, const QString &message);
    void linger();
    void lingerTick();
    void drain();
    void close();

    QTcpSocket *m_client;
    const RequestHandler &m_handler;
    FrontDoor &m_door;
    Limits m_limits;
    QHostAddress m_peer;
    State m_state = State::Head;
    QByteArray m_buffer; // client bytes read but not yet used (a head in progress, pipelined requests)
    qsizetype m_scanned = 0; // how much of m_buffer has been searched for the end of the head
    ApiRequest m_request;
    RoutePolicy m_policy;
    QByteArray m_method; // of the request being answered, for the access log
    QHostAddress m_clientAddress;
    qint64 m_bodyRemaining = 0;
    qint64 m_reservedBody = 0; // budget held for the body being read or handled
    qint64 m_reservedOutput = 0; // budget held for the answer being sent
    std::shared_ptr<BodySource> m_stream; // the rest of the answer being sent, when streamed
    bool m_pieceInFlight = false;
    bool m_chunked = false; // the stream's pieces framed as chunks (not to an HTTP/1.0 client)
    bool m_http10 = false;
    bool m_expectContinue = false;
    bool m_closeAfterResponse = false;
    bool m_shuttingDown = false;
    QTimer m_deadline; // the one deadline of the current state
    QElapsedTimer m_started; // of the request being answered, for the access log
    QTimer m_linger;
    int m_lingerTicks = 0;
    int m_lingerTotal = 0;
    qint64 m_discarded = 0;
    bool m_writeShut = false;
};

} // namespace feltnotat::server
