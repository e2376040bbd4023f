#include "guardedconnection.h"

#include "frontdoor.h"
#include "logging.h"
#include "requesthead.h"

#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace feltnotat::server {

namespace {
constexpr qint64 ClientReadBuffer = 64 * 1024;
constexpr int LingerTickMs = 50;
constexpr int LingerTicks = 40; // 2 s of silence from the client before the connection goes
// A refused body is read and thrown away up to this much, so that the client gets to read the answer.
constexpr qint64 MaxDiscardBytes = 16 * 1024 * 1024;
constexpr int MaxLingerTicks = 200; // 10 s in all, however slowly the client goes on sending
// A streamed answer's next piece is made when less than this waits to be sent.
constexpr qint64 StreamLowWater = 64 * 1024;

ApiRequest headRequest(RequestHead &head)
{
    ApiRequest r;
    r.method = head.method;
    const qsizetype question = head.target.indexOf('?');
    r.path = QUrl::fromPercentEncoding(question < 0 ? head.target : head.target.left(question));
    if (question >= 0)
        r.query = QUrlQuery(QString::fromLatin1(head.target.mid(question + 1)));
    r.headers = std::move(head.headers);
    return r;
}

qint64 pendingOutput(QTcpSocket *socket)
{
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    return socket->bytesToWrite() + (ssl ? ssl->encryptedBytesToWrite() : 0);
}

} // namespace

GuardedConnection::GuardedConnection(
    QTcpSocket *client, const RequestHandler &handler, FrontDoor &door, Limits limits, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_handler(handler)
    , m_door(door)
    , m_limits(limits)
    , m_peer(client->peerAddress())
    , m_method("-")
    , m_clientAddress(m_peer)
{
    m_client->setParent(this);
    // Bounded: while a request is handled or answered, TCP flow control holds the client back.
    m_client->setReadBufferSize(ClientReadBuffer);
    connect(m_client, &QTcpSocket::readyRead, this, [this] {
        if (m_state == State::Lingering)
            return drain();
        if (m_state == State::Head || m_state == State::Body)
            processClient();
    });
    connect(m_client, &QTcpSocket::bytesWritten, this, &GuardedConnection::onBytesWritten);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_client))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &GuardedConnection::onBytesWritten);
    connect(m_client, &QTcpSocket::disconnected, this, &GuardedConnection::close);
    connect(m_client, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcServer) << "client connection error" << error;
        if (m_state != State::Lingering)
            close();
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &GuardedConnection::onDeadline);
    m_linger.setInterval(LingerTickMs);
    connect(&m_linger, &QTimer::timeout, this, &GuardedConnection::lingerTick);
    // The first head must be complete within the head deadline, counted from the connection.
    m_deadline.start(m_limits.headTimeoutMs);
}

GuardedConnection::~GuardedConnection()
{
    m_door.free(m_reservedBody + m_reservedOutput);
}

bool GuardedConnection::isIdle() const
{
    return m_state == State::Head && m_buffer.isEmpty();
}

void GuardedConnection::shutdown()
{
    m_shuttingDown = true;
    m_closeAfterResponse = true;
    if (isIdle())
        close();
}

void GuardedConnection::onDeadline()
{
    switch (m_state) {
    case State::Head:
        if (m_buffer.isEmpty() && m_client->bytesAvailable() == 0) {
            qCDebug(lcServer) << "closing an idle connection";
            return close();
        }
        return refuse(408, QStringLiteral("timeout"), QStringLiteral("the request head took too long"));
    case State::Body:
        return refuse(408, QStringLiteral("timeout"), QStringLiteral("the request body took too long"));
    case State::Writing:
        qCInfo(lcServer) << "closing a connection that does not read its answer";
        return close();
    default:
        return;
    }
}

void GuardedConnection::processClient()
{
    while (m_state == State::Head || m_state == State::Body) {
        if (m_state == State::Head && !readHead())
            return;
        if (m_state != State::Body)
            return;
        readBody();
        if (m_state == State::Body)
            return; // wait for more of the body
    }
}

// True when a head was taken and the request moved on (to its body, a token check or an answer).
bool GuardedConnection::readHead()
{
    const bool wasEmpty = m_buffer.isEmpty();
    m_buffer += m_client->read(RequestHead::MaxHeadBytes + 4 - m_buffer.size());
    if (m_buffer.isEmpty())
        return false;
    if (wasEmpty && m_deadline.remainingTime() > m_limits.headTimeoutMs)
        m_deadline.start(m_limits.headTimeoutMs); // a kept-alive connection: the head clock starts now
    // Search from the start of what is new (minus a partial "\r\n\r\n"), so a whole head already
    // buffered behind the previous request is found at once.
    const qsizetype end = m_buffer.indexOf("\r\n\r\n", std::max<qsizetype>(0, m_scanned - 3));
    m_scanned = m_buffer.size();
    if (end < 0) {
        if (m_buffer.size() > RequestHead::MaxHeadBytes)
            refuse(
                431, QStringLiteral("too_large"), QStringLiteral("the request head is larger than 32 KiB"));
        return false;
    }
    RequestHead head = RequestHead::parse(m_buffer.left(end + 4), m_limits.maxBodyBytes);
    if (head.errorStatus != 0) {
        refuse(head.errorStatus, head.errorCode, head.errorMessage);
        return false;
    }
    if (m_shuttingDown) {
        refuse(503, QStringLiteral("unavailable"), QStringLiteral("the server is shutting down"));
        return false;
    }
    m_buffer.remove(0, end + 4);
    m_scanned = 0;
    m_started.start();
    m_closeAfterResponse = m_closeAfterResponse || head.closeAfter;
    m_expectContinue = head.expectContinue && head.contentLength > 0;
    m_http10 = head.http10;
    m_bodyRemaining = head.contentLength;
    m_request = headRequest(head);
    m_request.client = m_door.clientAddress(m_peer, m_request.header("x-real-ip"));
    m_request.secureTransport = qobject_cast<QSslSocket *>(m_client) || m_peer.isLoopback();
    m_method = m_request.method;
    m_clientAddress = m_request.client;
    m_policy = m_handler.policy(m_request);
    if (m_policy.refuseStatus != 0) {
        // Answered from the head alone; an unread body would be taken for the next request.
        if (m_bodyRemaining > 0)
            m_closeAfterResponse = true;
        respond(m_policy.refusal);
        return false;
    }
    if (m_bodyRemaining > m_policy.maxBodyBytes) {
        refuse(
            413, QStringLiteral("too_large"), QStringLiteral("the request body is too large for this route"));
        return false;
    }
    if (!m_door.reserve(m_bodyRemaining)) {
        qCWarning(lcServer) << "memory budget for request bodies used up: refusing a body of"
                            << m_bodyRemaining << "bytes";
        refuse(503, QStringLiteral("unavailable"), QStringLiteral("the server is busy; try again shortly"));
        return false;
    }
    m_reservedBody = m_bodyRemaining;
    if (m_policy.deviceToken && m_bodyRemaining > 0 && m_handler.checkToken) {
        // The token first: a stranger's body is never read, let alone unpacked.
        m_state = State::WaitToken;
        m_deadline.stop();
        QPointer<GuardedConnection> self(this);
        m_handler.checkToken(m_request, [self](ApiResponse refusal) {
            if (!self || self->m_state != State::WaitToken)
                return;
            if (refusal.status != 0) {
                self->m_closeAfterResponse = true;
                refusal.route = self->m_policy.route;
                return self->respond(std::move(refusal));
            }
            self->startBody();
            self->processClient();
        });
        return false;
    }
    startBody();
    return true;
}

void GuardedConnection::startBody()
{
    if (m_expectContinue)
        m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_request.body.reserve(qsizetype(m_bodyRemaining));
    m_state = State::Body;
    // A deadline for the whole body, scaled to its size.
    m_deadline.start(
        int(std::min<qint64>(m_limits.bodyTimeoutMs + m_bodyRemaining * 1000 / m_limits.minBodyBytesPerSecond,
            24LL * 3600 * 1000)));
}

void GuardedConnection::readBody()
{
    // Exactly Content-Length bytes, first from the buffer, then from the socket.
    if (!m_buffer.isEmpty() && m_bodyRemaining > 0) {
        const qsizetype n = qsizetype(std::min<qint64>(m_bodyRemaining, m_buffer.size()));
        m_request.body += m_buffer.left(n);
        m_buffer.remove(0, n);
        m_bodyRemaining -= n;
    }
    while (m_bodyRemaining > 0 && m_client->bytesAvailable() > 0) {
        const QByteArray chunk = m_client->read(std::min<qint64>(m_bodyRemaining, 64 * 1024));
        m_request.body += chunk;
        m_bodyRemaining -= chunk.size();
    }
    if (m_bodyRemaining > 0)
        return;
    m_state = State::Handling;
    m_deadline.stop();
    QPointer<GuardedConnection> self(this);
    m_handler.handle(m_policy, std::exchange(m_request, {}), [self](ApiResponse response) {
        if (self && self->m_state == State::Handling)
            self->respond(std::move(response));
    });
}

void GuardedConnection::respond(ApiResponse response)
{
    m_door.free(m_reservedBody);
    m_reservedBody = 0;
    if (response.route.isEmpty())
        response.route = m_policy.route;
    m_stream = std::move(response.more);
    m_pieceInFlight = false;
    // HTTP/1.0 has no chunks: there the end of a streamed body is the end of the connection.
    m_chunked = m_stream && !m_http10;
    if (m_stream && m_http10)
        m_closeAfterResponse = true;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + RequestHead::reasonPhrase(response.status) + "\r\nContent-Type: " + response.contentType + "\r\n";
    if (m_chunked)
        out += "Transfer-Encoding: chunked\r\n";
    else if (!m_stream)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (m_closeAfterResponse)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (m_chunked && !response.body.isEmpty())
        out += QByteArray::number(response.body.size(), 16) + "\r\n" + response.body + "\r\n";
    else
        out += response.body;
    // Answers waiting for a slow reader count against the memory budget too (never refused here:
    // the work is done; new bodies are refused while the budget is used up).
    m_reservedOutput = m_door.reserve(out.size()) ? out.size() : 0;
    m_client->write(out);
    // Method, route, status, size, time and the client's network (truncated): never query strings,
    // tokens, bodies or whole addresses.
    qCInfo(lcServer).noquote() << QString::fromLatin1(m_method) << response.route << response.status
                               << response.body.size() << "B"
                               << (m_started.isValid() ? m_started.elapsed() : 0) << "ms"
                               << FrontDoor::truncated(m_clientAddress);
    m_state = State::Writing;
    m_deadline.start(m_limits.idleTimeoutMs);
    onBytesWritten();
}

void GuardedConnection::onBytesWritten()
{
    if (m_state != State::Writing)
        return;
    if (m_stream) {
        m_deadline.start(m_limits.idleTimeoutMs);
        if (!m_pieceInFlight && pendingOutput(m_client) < StreamLowWater)
            requestPiece();
        return;
    }
    if (pendingOutput(m_client) > 0) {
        m_deadline.start(m_limits.idleTimeoutMs); // the client reads: it may take its time
        return;
    }
    m_door.free(m_reservedOutput);
    m_reservedOutput = 0;
    if (m_closeAfterResponse)
        return linger();
    // Kept alive: the next request (perhaps already buffered) may come; idle until it does.
    m_state = State::Head;
    m_request = {};
    m_deadline.start(m_limits.idleTimeoutMs);
    if (!m_buffer.isEmpty())
        m_deadline.start(m_limits.headTimeoutMs);
    QMetaObject::invokeMethod(this, &GuardedConnection::processClient, Qt::QueuedConnection);
}

void GuardedConnection::requestPiece()
{
    // What is left in the socket is under the low-water mark: its reservation goes, the next
    // piece's comes with it.
    m_door.free(m_reservedOutput);
    m_reservedOutput = 0;
    if (!m_handler.nextPiece)
        return close();
    m_pieceInFlight = true;
    QPointer<GuardedConnection> self(this);
    m_handler.nextPiece(m_stream, [self](const ApiResponse &piece) {
        if (!self || self->m_state != State::Writing || !self->m_pieceInFlight)
            return;
        self->m_pieceInFlight = false;
        if (piece.status != 200) {
            // The head is long gone: the only honest signal left is a body without its end.
            qCWarning(lcServer).noquote() << "a streamed answer failed midway; closing the connection";
            return self->close();
        }
        self->writePiece(piece.body);
    });
}

void GuardedConnection::writePiece(const QByteArray &piece)
{
    if (piece.isEmpty()) {
        m_stream.reset();
        if (m_chunked)
            m_client->write("0\r\n\r\n");
    } else {
        m_reservedOutput = m_door.reserve(piece.size()) ? piece.size() : 0;
        if (m_chunked)
            m_client->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        else
            m_client->write(piece);
    }
    onBytesWritten();
}

void GuardedConnection::refuse(int status, const QString &code, const QString &message)
{
    qCInfo(lcServer).noquote() << "refused a request before reading its body:" << status << code
                               << FrontDoor::truncated(m_peer);
    m_door.free(m_reservedBody);
    m_reservedBody = 0;
    m_client->write(RequestHead::errorResponse(status, code, message));
    m_buffer.clear();
    linger();
}

void GuardedConnection::linger()
{
    m_state = State::Lingering;
    m_deadline.stop();
    m_linger.start();
}

// After a refusal or the last answer: once everything is sent, stop sending and read (and throw
// away) whatever the client still sends until it stops, so that it gets to read the answer
// instead of a connection reset. Bounded by MaxDiscardBytes and by 2 s of silence.
void GuardedConnection::drain()
{
    while (m_client->bytesAvailable() > 0) {
        const QByteArray discarded = m_client->read(64 * 1024);
        m_discarded += discarded.size();
        m_lingerTicks = 0; // the client is still sending: keep listening
    }
    if (m_discarded > MaxDiscardBytes)
        close();
}

void GuardedConnection::lingerTick()
{
    ++m_lingerTicks;
    ++m_lingerTotal;
    drain();
    if (m_state == State::Closed)
        return;
    auto *ssl = qobject_cast<QSslSocket *>(m_client);
    const bool sent = pendingOutput(m_client) == 0;
    if (sent && !m_writeShut && m_client->socketDescriptor() >= 0) {
        if (ssl)
            ssl->flush();
        ::shutdown(int(m_client->socketDescriptor()), SHUT_WR);
        m_writeShut = true;
    }
    if (m_lingerTicks >= LingerTicks || m_lingerTotal >= MaxLingerTicks
        || m_client->state() != QAbstractSocket::ConnectedState)
        close();
}

void GuardedConnection::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_deadline.stop();
    m_linger.stop();
    m_client->disconnect(this);
    m_client->abort();
    Q_EMIT closed();
    deleteLater();
}

} // namespace feltnotat::server
