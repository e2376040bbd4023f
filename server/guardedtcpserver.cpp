#include "guardedtcpserver.h"

#include "logging.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace feltnotat::server {

namespace {

QHostAddress peerOf(qintptr handle)
{
    sockaddr_storage address {};
    socklen_t size = sizeof address;
    if (::getpeername(int(handle), reinterpret_cast<sockaddr *>(&address), &size) != 0)
        return {};
    QHostAddress peer;
    peer.setAddress(reinterpret_cast<const sockaddr *>(&address));
    return peer;
}

} // namespace

int GuardedTcpServer::connectionCap(int reserve)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1000;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    // TLS and Qt keep one descriptor per connection; the rest is for the database, logs and threads.
    const qint64 available = qint64(limit.rlim_cur) - reserve;
    return int(std::clamp<qint64>(available, 16, 100000));
}

GuardedTcpServer::GuardedTcpServer(Options options, RequestHandler handler, QObject *parent)
    : QTcpServer(parent)
    , m_options(std::move(options))
    , m_handler(std::move(handler))
    , m_door(m_options.door)
    , m_maxConnections(m_options.maxConnections > 0 ? m_options.maxConnections : connectionCap(128))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcServer) << "shutdown: cutting" << m_connections.size() << "connections still busy";
        for (GuardedConnection *c : QSet(m_connections))
            delete c;
        m_connections.clear();
        checkDrained();
    });
    // Accepting fails when the process is out of descriptors: say so, and try again shortly instead
    // of spinning on a listening socket that stays readable.
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        warnRarely(QStringLiteral("cannot accept a connection (%1); %2 open")
                       .arg(errorString())
                       .arg(m_connections.size()));
        Q_UNUSED(error)
        pauseAccepting();
        QTimer::singleShot(200, this, [this] {
            if (!m_shuttingDown)
                resumeAccepting();
        });
    });
}

GuardedTcpServer::~GuardedTcpServer()
{
    for (GuardedConnection *c : QSet(m_connections)) {
        c->disconnect(this);
        delete c;
    }
}

void GuardedTcpServer::warnRarely(const QString &what)
{
    // At most one line per 10 s, with how many were left out.
    if (m_lastWarning.isValid() && m_lastWarning.elapsed() < 10000) {
        ++m_quietWarnings;
        return;
    }
    qCWarning(lcServer).noquote()
        << what
        << (m_quietWarnings ? QStringLiteral("(and %1 more since the last such line)").arg(m_quietWarnings)
                            : QString());
    m_quietWarnings = 0;
    m_lastWarning.start();
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    const QHostAddress peer = peerOf(handle);
    if (m_shuttingDown || m_connections.size() >= m_maxConnections) {
        warnRarely(
            QStringLiteral("refusing a connection: %1")
                .arg(m_shuttingDown ? QStringLiteral("shutting down")
                                    : QStringLiteral("%1 connections open").arg(m_connections.size())));
        ::close(int(handle));
        return;
    }
    if (!m_door.admit(peer)) {
        warnRarely(QStringLiteral("refusing a connection: too many from %1").arg(FrontDoor::truncated(peer)));
        ::close(int(handle));
        return;
    }
    QTcpSocket *client = nullptr;
    if (m_options.tls) {
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(*m_options.tls);
        client = ssl;
    } else {
        client = new QTcpSocket;
    }
    if (!client->setSocketDescriptor(handle)) {
        qCWarning(lcServer) << "cannot set up a connection";
        delete client;
        ::close(int(handle));
        m_door.release(peer);
        return;
    }
    if (auto *ssl = qobject_cast<QSslSocket *>(client)) {
        connect(ssl, &QSslSocket::sslErrors, ssl, [](const QList<QSslError> &errors) {
            qCInfo(lcServer) << "TLS handshake failed:"
                             << (errors.isEmpty() ? QString() : errors.first().errorString());
        });
        ssl->startServerEncryption();
    }

    auto *connection = new GuardedConnection(client, m_handler, m_door, m_options.limits, this);
    m_connections.insert(connection);
    connect(connection, &GuardedConnection::closed, this, [this, connection, peer] {
        m_connections.remove(connection);
        m_door.release(peer);
        checkDrained();
    });
}

void GuardedTcpServer::shutdown(int timeoutMs)
{
    m_shuttingDown = true;
    close();
    for (GuardedConnection *c : QSet(m_connections))
        c->shutdown();
    m_deadline.start(timeoutMs);
    checkDrained();
}

void GuardedTcpServer::checkDrained()
{
    if (m_shuttingDown && m_connections.isEmpty()) {
        m_deadline.stop();
        Q_EMIT drained();
    }
}

} // namespace feltnotat::server
