#include "webhookreceiver.h"

#include "server/office/webhooksigner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

WebhookReceiver::WebhookReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { readClient(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

bool WebhookReceiver::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString WebhookReceiver::url() const
{
    return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort());
}

void WebhookReceiver::readClient(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty("buffer", buffer);
        return;
    }
    QByteArray signature;
    qsizetype length = 0;
    for (const QByteArray &line : buffer.left(end).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "content-length")
            length = line.mid(colon + 1).trimmed().toLongLong();
        else if (name == "feltnotat-signature")
            signature = line.mid(colon + 1).trimmed();
    }
    if (buffer.size() < end + 4 + length) {
        socket->setProperty("buffer", buffer);
        return;
    }
    socket->setProperty("buffer", QByteArray());
    const QByteArray body = buffer.mid(end + 4, length);
    ++m_requests;
    QByteArray status = "200 OK";
    QStringList ids;
    if (m_down) {
        status = "503 Service Unavailable";
        ++m_refused;
    } else if (!feltnotat::server::WebhookSigner::verify(
                   m_secret, signature, body, QDateTime::currentSecsSinceEpoch())) {
        status = "401 Unauthorized";
        ++m_badSignatures;
    } else {
        for (const QJsonValue &v :
            QJsonDocument::fromJson(body).object().value(QStringLiteral("events")).toArray()) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            ids << id;
            if (m_open.contains(id))
                ++m_overlaps;
            m_open.insert(id);
        }
    }
    auto reply = [this, socket, status, ids, body] {
        for (const QString &id : ids) {
            m_open.remove(id);
            if (!m_count.contains(id)) {
                m_order << id;
                m_kinds << QString();
            }
            ++m_count[id];
        }
        for (const QJsonValue &v :
            QJsonDocument::fromJson(body).object().value(QStringLiteral("events")).toArray()) {
            const qsizetype at = m_order.indexOf(v.toObject().value(QStringLiteral("id")).toString());
            if (at >= 0 && ids.contains(m_order.at(at)))
                m_kinds[at] = v.toObject().value(QStringLiteral("kind")).toString();
        }
        socket->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    };
    if (m_delayMs > 0)
        QTimer::singleShot(m_delayMs, socket, reply);
    else
        reply();
}
