#include "frontdoor.h"

namespace feltnotat::server {

namespace {

QString key(const QHostAddress &address)
{
    bool v4 = false;
    const quint32 ip = address.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip).toString() : address.toString();
}

} // namespace

bool FrontDoor::isTrustedProxy(const QHostAddress &peer) const
{
    for (const QHostAddress &proxy : m_options.trustedProxies) {
        if (proxy.isEqual(peer, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}

QHostAddress FrontDoor::clientAddress(const QHostAddress &peer, const QByteArray &realIp) const
{
    if (realIp.isEmpty() || !isTrustedProxy(peer))
        return peer;
    const QHostAddress client(QString::fromLatin1(realIp.trimmed()));
    return client.isNull() ? peer : client;
}

bool FrontDoor::admit(const QHostAddress &peer)
{
    if (isTrustedProxy(peer))
        return true;
    int &count = m_perAddress[key(peer)];
    if (count >= m_options.maxConnectionsPerAddress)
        return false;
    ++count;
    return true;
}

void FrontDoor::release(const QHostAddress &peer)
{
    if (isTrustedProxy(peer))
        return;
    auto it = m_perAddress.find(key(peer));
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
}

bool FrontDoor::reserve(qint64 bytes)
{
    if (bytes <= 0)
        return true;
    if (m_used + bytes > m_options.bufferBudgetBytes)
        return false;
    m_used += bytes;
    return true;
}

void FrontDoor::free(qint64 bytes)
{
    m_used = std::max<qint64>(0, m_used - std::max<qint64>(0, bytes));
}

QString FrontDoor::truncated(const QHostAddress &address)
{
    bool v4 = false;
    const quint32 ip = address.toIPv4Address(&v4);
    if (v4)
        return QHostAddress(ip & 0xffffff00u).toString() + QStringLiteral("/24");
    Q_IPV6ADDR v6 = address.toIPv6Address();
    for (int i = 6; i < 16; ++i)
        v6[i] = 0;
    return QHostAddress(v6).toString() + QStringLiteral("/48");
}

} // namespace feltnotat::server
