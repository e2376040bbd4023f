#include "fleetconnection.h"

#include "sync/compression.h"

namespace feltnotat::bench::fleet {

namespace {
constexpr int RequestTimeoutMs = 120 * 1000;
constexpr qint64 MaxBody = 64 * 1024 * 1024;
} // namespace

Connection::Connection(const Target &target, const QHostAddress &source, Totals &totals, QObject *parent)
    : QObject(parent)
    , m_target(target)
    , m_source(source)
    , m_totals(totals)
{
    m_socket.setSslConfiguration(target.tls);
    connect(&m_socket, &QSslSocket::encrypted, this, [this]() {
        m_totals.connect << msSince(m_connectStart);
        m_start = Timer::now();
        m_socket.write(m_pending);
    });
    connect(&m_socket, &QSslSocket::readyRead, this, [this]() { onRead(); });
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        fail(QStringLiteral("tls: ") + (errors.isEmpty() ? QString() : errors.first().errorString()));
    });
    connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        // A keep-alive connection the peer closed before this request went out: send it again on a new
        // one.
        if (e == QAbstractSocket::RemoteHostClosedError && m_buffer.isEmpty() && m_retry && m_done) {
            m_retry = false;
            open();
            return;
        }
        fail(QStringLiteral("socket: ") + m_socket.errorString());
    });
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this]() { fail(QStringLiteral("timeout")); });
}

void Connection::request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
    const QByteArray &body, Done done)
{
    QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_target.host.toUtf8() + ':'
        + QByteArray::number(m_target.port)
        + "\r\nFeltnotat-Protocol: 1\r\nAccept-Encoding: gzip\r\nAuthorization: Bearer " + token + "\r\n";
    if (method == "POST") {
        QByteArray payload = body;
        req += "Content-Type: application/json\r\n";
        if (body.size() > 1024) { // protocol::limits::CompressAbove, as the app's client
            payload = compression::gzip(body);
            req += "Content-Encoding: gzip\r\n";
        }
        req += "Content-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload;
    } else {
        req += "\r\n";
    }
    m_pending = req;
    m_buffer.clear();
    m_done = std::move(done);
    m_retry = true;
    m_timeout.start(RequestTimeoutMs);
    if (m_socket.state() == QAbstractSocket::ConnectedState && m_socket.isEncrypted()) {
        m_start = Timer::now();
        m_socket.write(req);
    } else {
        open();
    }
}

void Connection::open()
{
    m_socket.abort();
    m_connectStart = Timer::now();
    if (!m_source.isNull())
        m_socket.bind(m_source, 0);
    m_socket.connectToHostEncrypted(m_target.host, m_target.port, QStringLiteral("localhost"));
}

void Connection::onRead()
{
    m_buffer += m_socket.readAll();
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const HttpHead head = parseHttpHead(m_buffer.left(headEnd));
    QByteArray body;
    if (head.chunked) {
        qsizetype pos = headEnd + 4;
        for (;;) {
            const qsizetype eol = m_buffer.indexOf("\r\n", pos);
            if (eol < 0)
                return;
            bool ok = false;
            const qint64 size = m_buffer.mid(pos, eol - pos).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok)
                return fail(QStringLiteral("bad chunk"));
            if (m_buffer.size() < eol + 2 + size + 2)
                return;
            if (size == 0)
                break;
            body += m_buffer.mid(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
    } else {
        const qint64 length = std::max<qint64>(0, head.length);
        if (m_buffer.size() < headEnd + 4 + length)
            return;
        body = m_buffer.mid(headEnd + 4, length);
    }
    m_totals.bytesIn += body.size();
    if (head.gzip) {
        auto plain = compression::gunzip(body, MaxBody);
        if (!plain)
            return fail(QStringLiteral("bad gzip"));
        body = plain.value();
    }
    if (head.close)
        m_socket.disconnectFromHost();
    finish(head.status, body);
}

void Connection::fail(const QString &why)
{
    if (!m_done)
        return;
    m_socket.abort();
    finish(0, why.toUtf8());
}

void Connection::finish(int status, const QByteArray &body)
{
    m_timeout.stop();
    Done done = std::move(m_done);
    m_done = nullptr;
    m_buffer.clear();
    if (done)
        done(status, body, msSince(m_start));
}

} // namespace feltnotat::bench::fleet
