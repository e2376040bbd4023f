#include "guardedtcpserver.h"

#include "logging.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <unistd.h>

namespace feltnotat::server {

GuardedTcpServer::GuardedTcpServer(Options options, RequestHandler handler, QObject *parent)
    : QTcpServer(parent)
    , m_options(std::move(options))
    , m_handler(std::move(handler))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcServer) << "shutdown: cutting" << m_connections.size() << "connections still busy";
        for (GuardedConnection *c : QSet(m_connections))
            delete c;
        m_connections.clear();
        checkDrained();
    });
}

GuardedTcpServer::~GuardedTcpServer()
{
    for (GuardedConnection *c : QSet(m_connections)) {
        c->disconnect(this);
        delete c;
    }
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    if (m_shuttingDown || m_connections.size() >= m_options.maxConnections) {
        qCWarning(lcServer) << "refusing a connection:"
                            << (m_shuttingDown ? "shutting down" : "too many connections");
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
        return;
    }
    if (auto *ssl = qobject_cast<QSslSocket *>(client)) {
        connect(ssl, &QSslSocket::sslErrors, ssl, [](const QList<QSslError> &errors) {
            qCInfo(lcServer) << "TLS handshake failed:"
                             << (errors.isEmpty() ? QString() : errors.first().errorString());
        });
        ssl->startServerEncryption();
    }

    auto *connection = new GuardedConnection(client, m_handler, m_options.limits, this);
    m_connections.insert(connection);
    connect(connection, &GuardedConnection::closed, this, [this, connection] {
        m_connections.remove(connection);
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
