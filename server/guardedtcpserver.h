#pragma once

#include "frontdoor.h"
#include "guardedconnection.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace feltnotat::server {

// The listening socket of the API: each accepted connection (optionally TLS) becomes a
// GuardedConnection that passes requests to the handler. Caps connections in all (from the
// process's file descriptor limit) and per client address, and logs when accepting fails.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Options
    {
        GuardedConnection::Limits limits;
        std::optional<QSslConfiguration> tls;
        int maxConnections = 0; // 0: from RLIMIT_NOFILE (see connectionCap())
        FrontDoor::Options door;
    };

    GuardedTcpServer(Options options, RequestHandler handler, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    // Stops accepting, lets in-flight requests finish, then emits drained(); connections still
    // busy after timeoutMs are cut.
    void shutdown(int timeoutMs);
    int connectionCount() const { return int(m_connections.size()); }
    int maxConnections() const { return m_maxConnections; }

    // Raises the soft RLIMIT_NOFILE to the hard one and returns how many connections fit in it,
    // leaving `reserve` descriptors for database connections, files and threads.
    static int connectionCap(int reserve);

Q_SIGNALS:
    void drained();

protected:
    void incomingConnection(qintptr handle) override;

private:
    void checkDrained();
    void warnRarely(const QString &what);

    Options m_options;
    RequestHandler m_handler;
    FrontDoor m_door;
    int m_maxConnections = 0;
    QSet<GuardedConnection *> m_connections;
    bool m_shuttingDown = false;
    QTimer m_deadline;
    QElapsedTimer m_lastWarning;
    int m_quietWarnings = 0;
};

} // namespace feltnotat::server
