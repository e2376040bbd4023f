#pragma once

#include "guardedconnection.h"

#include <QSet>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace feltnotat::server {

// The listening socket of the API: each accepted connection (optionally TLS) becomes a
// GuardedConnection that passes complete requests to the handler. Caps the number of connections.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Options
    {
        GuardedConnection::Limits limits;
        std::optional<QSslConfiguration> tls;
        int maxConnections = 1000;
    };

    GuardedTcpServer(Options options, RequestHandler handler, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    // Stops accepting, lets in-flight requests finish, then emits drained(); connections still
    // busy after timeoutMs are cut.
    void shutdown(int timeoutMs);
    int connectionCount() const { return int(m_connections.size()); }

Q_SIGNALS:
    void drained();

protected:
    void incomingConnection(qintptr handle) override;

private:
    void checkDrained();

    Options m_options;
    RequestHandler m_handler;
    QSet<GuardedConnection *> m_connections;
    bool m_shuttingDown = false;
    QTimer m_deadline;
};

} // namespace feltnotat::server
