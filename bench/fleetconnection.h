#pragma once

// One TLS connection of a simulated device, used for one sync: HTTP/1.1 requests one at a time,
// keep-alive, a new connection when the peer closed an idle one, gzip both ways as the app.

#include "benchutil.h"
#include "fleettotals.h"

#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <functional>

namespace feltnotat::bench::fleet {

// Where the devices connect, with what TLS settings, from which loopback addresses.
struct Target
{
    QString host;
    quint16 port = 0;
    QSslConfiguration tls;
    QList<QHostAddress> sources;
};

class Connection : public QObject
{
public:
    // status 0: no answer (the text in body says why).
    using Done = std::function<void(int status, const QByteArray &body, double ms)>;

    Connection(const Target &target, const QHostAddress &source, Totals &totals, QObject *parent);

    void request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
        const QByteArray &body, Done done);
    void close() { m_socket.abort(); }

private:
    void open();
    void onRead();
    void fail(const QString &why);
    void finish(int status, const QByteArray &body);

    const Target &m_target;
    QHostAddress m_source;
    Totals &m_totals;
    QSslSocket m_socket;
    QTimer m_timeout;
    QByteArray m_pending;
    QByteArray m_buffer;
    Done m_done;
    bool m_retry = true;
    Timer::time_point m_start = Timer::now();
    Timer::time_point m_connectStart = Timer::now();
};

} // namespace feltnotat::bench::fleet
