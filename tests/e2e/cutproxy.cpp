#include "cutproxy.h"

#include <QTcpSocket>
#include <QTimer>

namespace e2e {

namespace {

// Content-Length of a request or response head (0 when absent).
qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith("content-length:"))
            return l.mid(15).trimmed().toLongLong();
    }
    return 0;
}

// "/v1/push" from "POST /v1/push?x=1 HTTP/1.1".
QByteArray requestPath(const QByteArray &head)
{
    const QByteArray first = head.left(head.indexOf("\r\n"));
    QByteArray target = first.split(' ').value(1);
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

} // namespace

struct CutProxy::Connection
{
    quint64 serial = 0; // never reused, unlike the address
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    bool upstreamReady = false;
    QByteArray toUpstream; // waiting for the upstream connection
    // Requests: parsing state and announcements waiting for the bytes to be written.
    QByteArray reqParse;
    qint64 reqTotal = 0;
    QByteArray reqPath;
    qint64 upQueued = 0; // bytes handed to the upstream socket
    qint64 upWritten = 0; // bytes the socket reports written
    QList<QPair<qint64, QByteArray>> announce; // (end offset, path)
    QList<QByteArray> outstanding; // paths of requests waiting for their response
    // Responses.
    QByteArray down;
    qint64 respTotal = 0;
    qint64 respCut = 0;
    qint64 respSent = 0;
    QByteArray respPath;
    Action action = Action::None;
    bool held = false;
    bool closing = false;
};

CutProxy::CutProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CutProxy::onNewConnection);
}

CutProxy::~CutProxy()
{
    dropAll();
}

bool CutProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl CutProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    return url;
}

void CutProxy::spoilResponse(const QByteArray &pathPrefix, Action action, int skip)
{
    m_rulePrefix = pathPrefix;
    m_ruleAction = action;
    m_ruleSkip = skip;
    m_ruleFired = false;
}

CutProxy::Action CutProxy::takeRule(const QByteArray &path)
{
    if (m_ruleAction == Action::None || !path.startsWith(m_rulePrefix))
        return Action::None;
    if (m_ruleSkip > 0) {
        --m_ruleSkip;
        return Action::None;
    }
    const Action a = m_ruleAction;
    m_ruleAction = Action::None;
    m_ruleFired = true;
    return a;
}

int CutProxy::requestCount(const QByteArray &pathPrefix) const
{
    int n = 0;
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        n += it.key().startsWith(pathPrefix) ? it.value() : 0;
    return n;
}

int CutProxy::responseCount(const QByteArray &pathPrefix) const
{
    int n = 0;
    for (auto it = m_responses.cbegin(); it != m_responses.cend(); ++it)
        n += it.key().startsWith(pathPrefix) ? it.value() : 0;
    return n;
}

QByteArray CutProxy::lastRequest(const QByteArray &pathPrefix) const
{
    for (auto it = m_lastRequest.cbegin(); it != m_lastRequest.cend(); ++it) {
        if (it.key().startsWith(pathPrefix))
            return it.value();
    }
    return {};
}

void CutProxy::dropAll()
{
    const QList<Connection *> all = m_connections;
    for (Connection *c : all)
        close(c);
}

void CutProxy::setBlocked(bool blocked)
{
    m_blocked = blocked;
    if (blocked)
        dropAll();
}

void CutProxy::sendCopy(const QByteArray &raw)
{
    auto *copy = new QTcpSocket(this);
    connect(copy, &QTcpSocket::connected, copy, [copy, raw] { copy->write(raw); });
    connect(copy, &QTcpSocket::readyRead, copy, [copy] { copy->readAll(); });
    connect(copy, &QTcpSocket::disconnected, copy, &QObject::deleteLater);
    connect(copy, &QTcpSocket::errorOccurred, copy, &QObject::deleteLater);
    QTimer::singleShot(30000, copy, &QObject::deleteLater);
    copy->connectToHost(QHostAddress::LocalHost, m_targetPort);
}

void CutProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_blocked) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *c = new Connection;
        c->serial = ++m_serials;
        c->client = socket;
        c->upstream = new QTcpSocket(this);
        m_connections.append(c);
        connect(c->upstream, &QTcpSocket::connected, this, [this, c] {
            c->upstreamReady = true;
            if (!c->toUpstream.isEmpty()) {
                c->upQueued += c->toUpstream.size();
                c->upstream->write(c->toUpstream);
                c->toUpstream.clear();
            }
        });
        connect(c->upstream, &QTcpSocket::bytesWritten, this, [this, c](qint64 n) {
            c->upWritten += n;
            announceWritten(c);
        });
        connect(c->upstream, &QTcpSocket::readyRead, this, [this, c] { fromServer(c); });
        connect(c->upstream, &QTcpSocket::disconnected, this, [this, c] { close(c); });
        connect(c->upstream, &QTcpSocket::errorOccurred, this, [this, c] { close(c); });
        connect(c->client, &QTcpSocket::readyRead, this, [this, c] { fromClient(c); });
        connect(c->client, &QTcpSocket::disconnected, this, [this, c] { close(c); });
        c->upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        if (c->client->bytesAvailable() > 0)
            fromClient(c);
    }
}

void CutProxy::fromClient(Connection *c)
{
    if (c->closing)
        return;
    const QByteArray data = c->client->readAll();
    if (m_delayMs > 0) {
        QTimer::singleShot(m_delayMs, this, [this, serial = c->serial, data] {
            for (Connection *live : std::as_const(m_connections)) {
                if (live->serial == serial)
                    forwardFromClient(live, data);
            }
        });
        return;
    }
    forwardFromClient(c, data);
}

void CutProxy::forwardFromClient(Connection *c, const QByteArray &data)
{
    if (c->closing)
        return;
    if (c->upstreamReady) {
        c->upQueued += data.size();
        c->upstream->write(data);
    } else {
        c->toUpstream += data;
    }
    // Where does each request end? (upQueued counts the bytes, also those still buffered here.)
    const qint64 streamEnd = c->upQueued + c->toUpstream.size();
    c->reqParse += data;
    while (true) {
        if (c->reqTotal == 0) {
            const qsizetype end = c->reqParse.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            const QByteArray head = c->reqParse.left(end);
            c->reqTotal = end + 4 + contentLength(head);
            c->reqPath = requestPath(head);
        }
        if (c->reqParse.size() < c->reqTotal)
            break;
        const QByteArray raw = c->reqParse.left(c->reqTotal);
        c->reqParse.remove(0, c->reqTotal);
        c->reqTotal = 0;
        m_lastRequest.insert(c->reqPath, raw);
        if (!m_duplicatePrefix.isEmpty() && c->reqPath.startsWith(m_duplicatePrefix)) {
            m_duplicatePrefix.clear();
            sendCopy(raw);
        }
        c->outstanding.append(c->reqPath);
        c->announce.append({streamEnd - c->reqParse.size(), c->reqPath});
    }
    announceWritten(c);
}

void CutProxy::announceWritten(Connection *c)
{
    while (!c->announce.isEmpty() && c->upWritten >= c->announce.first().first) {
        const QByteArray path = c->announce.takeFirst().second;
        const int n = ++m_requests[path];
        Q_EMIT requestForwarded(path, n);
    }
}

void CutProxy::fromServer(Connection *c)
{
    if (c->closing)
        return;
    c->down += c->upstream->readAll();
    while (!c->down.isEmpty() && !c->held) {
        if (c->respTotal == 0) {
            const qsizetype end = c->down.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const qint64 body = contentLength(c->down.left(end));
            c->respTotal = end + 4 + body;
            c->respCut = end + 4 + body / 2; // the whole head and half of the body
            c->respSent = 0;
            c->respPath = c->outstanding.isEmpty() ? QByteArray() : c->outstanding.takeFirst();
            c->action = takeRule(c->respPath);
        }
        qint64 limit = c->respTotal - c->respSent;
        if (c->action != Action::None)
            limit = std::min(limit, c->respCut - c->respSent);
        const qint64 n = std::min<qint64>(limit, c->down.size());
        if (n > 0) {
            c->client->write(c->down.left(n));
            c->down.remove(0, n);
            c->respSent += n;
        }
        if (c->action != Action::None && c->respSent >= c->respCut) {
            const QByteArray path = c->respPath;
            if (c->action == Action::HoldHalf) {
                c->held = true;
                Q_EMIT responseHeld(path);
            } else {
                // The client has half a response, then the connection goes away.
                c->held = true;
                close(c);
                Q_EMIT responseCut(path);
            }
            return;
        }
        if (c->respSent == c->respTotal) {
            c->respTotal = 0;
            const int count = ++m_responses[c->respPath];
            Q_EMIT responseDelivered(c->respPath, count);
        }
    }
}

void CutProxy::close(Connection *c)
{
    if (!m_connections.removeOne(c))
        return;
    c->closing = true;
    // Whatever the server already sent still reaches the client, then both sides close.
    if (!c->held && !c->down.isEmpty() && c->client->state() == QAbstractSocket::ConnectedState)
        c->client->write(c->down);
    c->upstream->disconnect(this);
    c->client->disconnect(this);
    c->upstream->abort();
    if (c->client->state() == QAbstractSocket::ConnectedState) {
        c->client->flush();
        c->client->disconnectFromHost();
    }
    c->upstream->deleteLater();
    c->client->deleteLater();
    delete c;
}

} // namespace e2e
