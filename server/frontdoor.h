#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>

namespace feltnotat::server {

// What the connections of one listener share, on the main thread: connections per address, a
// budget for the bytes held in memory (request bodies being read or handled, answers not yet
// sent), the proxies whose X-Real-IP is believed, and how addresses are shown in the log.
class FrontDoor
{
public:
    struct Options
    {
        int maxConnectionsPerAddress = 64;
        qint64 bufferBudgetBytes = 512LL * 1024 * 1024;
        QList<QHostAddress> trustedProxies;
    };

    explicit FrontDoor(Options options)
        : m_options(std::move(options))
    { }

    bool isTrustedProxy(const QHostAddress &peer) const;
    // The client of a request: X-Real-IP when the connection comes from a trusted proxy and the
    // header holds an address, otherwise the peer itself.
    QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &realIp) const;

    // Connections per peer address (a trusted proxy has no cap: nginx limits its clients).
    bool admit(const QHostAddress &peer);
    void release(const QHostAddress &peer);

    bool reserve(qint64 bytes); // false: over the budget, nothing reserved
    void free(qint64 bytes);
    qint64 used() const { return m_used; }

    // For logs: IPv4 to its /24, IPv6 to its /48 (never a whole address).
    static QString truncated(const QHostAddress &address);

private:
    Options m_options;
    QHash<QString, int> m_perAddress;
    qint64 m_used = 0;
};

} // namespace feltnotat::server
