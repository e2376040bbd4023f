#include "guardedconnection.h"

#include "logging.h"
#include "requesthead.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace feltnotat::server {

namespace {
constexpr qint64 ClientReadBuffer = 64 * 1024;
constexpr int LingerTickMs = 50;
constexpr int LingerTicks = 40; // 2 s of silence from the client before the connection goes
// A refused body is read and thrown away up to this much, so that the client gets to read the answer.
constexpr qint64 MaxDiscardBytes = 64 * 1024 * 1024;

ApiRequest toApiRequest(const QByteArray &method, const QByteArray &target,
    const QList<QPair<QByteArray, QByteArray>> &headers, QByteArray body)
{
    ApiRequest r;
    r.method = method;
    const qsizetype question = target.indexOf('?');
    r.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question >= 0)
        r.query = QUrlQuery(QString::fromLatin1(target.mid(question + 1)));
    r.headers = headers;
    r.body = std::move(body);
    return r;
}

} // namespace

GuardedConnection::GuardedConnection(
    QTcpSocket *client, RequestHandler handler, Limits limits, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_handler(std::move(handler))
    , m_limits(limits)
{
    m_client->setParent(this);
    // Bounded: while a request is handled, TCP flow control holds the client back.
    m_client->setReadBufferSize(ClientReadBuffer);
    connect(m_client, &QTcpSocket::readyRead, this, [this] {
        if (m_state == State::Lingering)
            return drain();
        touch();
        processClient();
    });
    connect(m_client, &QTcpSocket::disconnected, this, &GuardedConnection::close);
    connect(m_client, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcServer) << "client connection error" << error;
        if (m_state != State::Lingering)
            close();
    });
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        qCDebug(lcServer) << "closing an idle connection";
        close();
    });
    m_linger.setInterval(LingerTickMs);
    connect(&m_linger, &QTimer::timeout, this, &GuardedConnection::lingerTick);
    touch();
}

GuardedConnection::~GuardedConnection() = default;

bool GuardedConnection::isIdle() const
{
    return m_state == State::Head && m_buffer.isEmpty();
}

void GuardedConnection::touch()
{
    if (m_state == State::Head || m_state == State::Body)
        m_idle.start(m_limits.idleTimeoutMs);
}

void GuardedConnection::shutdown()
{
    m_shuttingDown = true;
    m_closeAfterResponse = true;
    if (isIdle())
        close();
}

void GuardedConnection::processClient()
{
    while (m_state == State::Head || m_state == State::Body) {
        if (m_state == State::Head) {
            const qsizetype before = m_buffer.size();
            m_buffer += m_client->read(RequestHead::MaxHeadBytes + 4 - m_buffer.size());
            const qsizetype end = m_buffer.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
            if (end < 0) {
                if (m_buffer.size() > RequestHead::MaxHeadBytes)
                    return refuse(431, QStringLiteral("too_large"),
                        QStringLiteral("the request head is larger than 32 KiB"));
                return; // wait for more
            }
            RequestHead head = RequestHead::parse(m_buffer.left(end + 4), m_limits.maxBodyBytes);
            if (head.errorStatus != 0)
                return refuse(head.errorStatus, head.errorCode, head.errorMessage);
            if (m_shuttingDown)
                return refuse(
                    503, QStringLiteral("unavailable"), QStringLiteral("the server is shutting down"));
            m_buffer.remove(0, end + 4);
            if (head.expectContinue && head.contentLength > 0)
                m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_closeAfterResponse = m_closeAfterResponse || head.closeAfter;
            m_method = std::move(head.method);
            m_target = std::move(head.target);
            m_headers = std::move(head.headers);
            m_body.clear();
            m_body.reserve(qsizetype(head.contentLength));
            m_bodyRemaining = head.contentLength;
            m_state = State::Body;
        }
        // Body: exactly Content-Length bytes, first from the buffer, then from the socket.
        if (!m_buffer.isEmpty() && m_bodyRemaining > 0) {
            const qsizetype n = qsizetype(std::min<qint64>(m_bodyRemaining, m_buffer.size()));
            m_body += m_buffer.left(n);
            m_buffer.remove(0, n);
            m_bodyRemaining -= n;
        }
        while (m_bodyRemaining > 0 && m_client->bytesAvailable() > 0) {
            const QByteArray chunk = m_client->read(std::min<qint64>(m_bodyRemaining, 64 * 1024));
            m_body += chunk;
            m_bodyRemaining -= chunk.size();
        }
        if (m_bodyRemaining > 0)
            return; // wait for more of the body
        answer();
    }
}

void GuardedConnection::answer()
{
    QElapsedTimer timer;
    timer.start();
    ApiRequest request = toApiRequest(m_method, m_target, m_headers, std::exchange(m_body, {}));
    request.client = m_client->peerAddress();
    request.secureTransport = qobject_cast<QSslSocket *>(m_client) || m_client->peerAddress().isLoopback();
    const ApiResponse response = m_handler(request);

    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + RequestHead::reasonPhrase(response.status) + "\r\nContent-Type: " + response.contentType
        + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (m_closeAfterResponse)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += response.body;
    m_client->write(out);
    // Method, route, status, size and time only: never query strings, tokens or bodies.
    qCInfo(lcServer).noquote() << QString::fromLatin1(request.method) << response.route << response.status
                               << response.body.size() << "B" << timer.elapsed() << "ms";
    if (m_closeAfterResponse) {
        m_state = State::Lingering;
        m_idle.stop();
        m_linger.start();
        return;
    }
    m_state = State::Head;
    touch();
}

void GuardedConnection::refuse(int status, const QString &code, const QString &message)
{
    qCInfo(lcServer).noquote() << "refused a request before reading its body:" << status << code;
    m_client->write(RequestHead::errorResponse(status, code, message));
    m_buffer.clear();
    m_state = State::Lingering;
    m_idle.stop();
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
    drain();
    if (m_state == State::Closed)
        return;
    auto *ssl = qobject_cast<QSslSocket *>(m_client);
    const bool sent = m_client->bytesToWrite() == 0 && (!ssl || ssl->encryptedBytesToWrite() == 0);
    if (sent && !m_writeShut && m_client->socketDescriptor() >= 0) {
        if (ssl)
            ssl->flush();
        ::shutdown(int(m_client->socketDescriptor()), SHUT_WR);
        m_writeShut = true;
    }
    if (m_lingerTicks >= LingerTicks || m_client->state() != QAbstractSocket::ConnectedState)
        close();
}

void GuardedConnection::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_idle.stop();
    m_linger.stop();
    m_client->disconnect(this);
    m_client->abort();
    Q_EMIT closed();
    deleteLater();
}

} // namespace feltnotat::server
