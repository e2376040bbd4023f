#include "statichttpserver.h"

#include <QTcpSocket>
#include <QUrl>

StaticHttpServer::StaticHttpServer() = default;

StaticHttpServer::~StaticHttpServer()
{
    QMetaObject::invokeMethod(
        this, [this] { close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool StaticHttpServer::start()
{
    if (!listen(QHostAddress::LocalHost))
        return false;
    moveToThread(&m_thread);
    m_thread.start();
    return true;
}

QString StaticHttpServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
}

void StaticHttpServer::serve(
    const QString &path, const QByteArray &body, int status, const QByteArray &contentType)
{
    QMutexLocker lock(&m_mutex);
    m_answers.insert(path, Answer {status, body, contentType});
}

QStringList StaticHttpServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

void StaticHttpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    socket->setSocketDescriptor(handle);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto buffer = std::make_shared<QByteArray>(); // what the client sent and was not answered yet
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
        *buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buffer->left(end);
            buffer->remove(0, end + 4); // the tests send no request bodies
            const QList<QByteArray> requestLine = head.split('\n').first().trimmed().split(' ');
            const QString target = QString::fromLatin1(requestLine.value(1));
            const QString path = QUrl(target).path();
            Answer answer {404, QByteArrayLiteral("{\"error\":\"not found\"}"), "application/json"};
            {
                QMutexLocker lock(&m_mutex);
                // (The analyser takes the captured `this` for possibly null; the server outlives its
                // sockets.)
                m_requests << target; // NOLINT(clang-analyzer-core.CallAndMessage)
                answer = m_answers.value(path, answer);
            }
            socket->write("HTTP/1.1 " + QByteArray::number(answer.status)
                + " X\r\nContent-Type: " + answer.contentType
                + "\r\nContent-Length: " + QByteArray::number(answer.body.size()) + "\r\n\r\n" + answer.body);
        }
    });
}
