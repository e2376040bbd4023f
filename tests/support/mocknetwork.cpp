#include "mocknetwork.h"

#include "sync/compression.h"

#include <QBuffer>
#include <QTimer>

namespace testnet {

QByteArray MockRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray MockRequest::plainBody() const
{
    if (header("content-encoding").trimmed().toLower() != "gzip")
        return body;
    auto plain = feltnotat::compression::gunzip(body, 64 * 1024 * 1024);
    return plain ? plain.value() : QByteArray();
}

MockResponse MockResponse::json(const QByteArray &body, int status)
{
    MockResponse r;
    r.status = status;
    r.body = body;
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return r;
}

MockResponse MockResponse::failure(QNetworkReply::NetworkError error)
{
    MockResponse r;
    r.status = 0;
    r.networkError = error;
    return r;
}

MockNetworkAccessManager::MockNetworkAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{ }

MockNetworkAccessManager::~MockNetworkAccessManager() = default;

void MockNetworkAccessManager::setHeld(bool held)
{
    m_held = held;
    if (!held)
        release();
}

int MockNetworkAccessManager::heldCount() const
{
    return int(m_waiting.size());
}

bool MockNetworkAccessManager::releaseNext()
{
    while (!m_waiting.isEmpty()) {
        auto [reply, request] = m_waiting.takeFirst();
        if (!reply)
            continue; // aborted and deleted meanwhile
        answer(reply, request);
        return true;
    }
    return false;
}

void MockNetworkAccessManager::release()
{
    while (releaseNext()) { }
}

int MockNetworkAccessManager::count(const QString &path) const
{
    return int(std::count_if(
        m_requests.cbegin(), m_requests.cend(), [&path](const MockRequest &r) { return r.path() == path; }));
}

QNetworkReply *MockNetworkAccessManager::createRequest(
    Operation op, const QNetworkRequest &request, QIODevice *outgoingData)
{
    MockRequest r;
    switch (op) {
    case GetOperation:
        r.method = "GET";
        break;
    case PostOperation:
        r.method = "POST";
        break;
    case PutOperation:
        r.method = "PUT";
        break;
    case DeleteOperation:
        r.method = "DELETE";
        break;
    case HeadOperation:
        r.method = "HEAD";
        break;
    default:
        r.method = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    }
    r.url = request.url();
    for (const QByteArray &name : request.rawHeaderList())
        r.headers.append(qMakePair(name, request.rawHeader(name)));
    if (const QVariant type = request.header(QNetworkRequest::ContentTypeHeader); type.isValid())
        r.headers.append(qMakePair(QByteArray("Content-Type"), type.toByteArray()));
    if (outgoingData)
        r.body = outgoingData->readAll();
    m_requests.append(r);
    Q_EMIT requestMade(r);

    auto *reply = new MockReply(op, request, this);
    if (m_held)
        m_waiting.append({QPointer<MockReply>(reply), r});
    else
        answer(reply, r);
    return reply;
}

void MockNetworkAccessManager::answer(MockReply *reply, const MockRequest &request)
{
    const MockResponse response
        = m_handler ? m_handler(request) : MockResponse::failure(QNetworkReply::HostNotFoundError);
    // Answers arrive from the event loop, as from a socket: never inside get()/post().
    QPointer<MockReply> guard(reply);
    ++m_answering;
    QTimer::singleShot(0, this, [this, guard, response] {
        --m_answering;
        if (guard)
            guard->respond(response);
    });
}

MockReply::MockReply(QNetworkAccessManager::Operation op, const QNetworkRequest &request, QObject *parent)
    : QNetworkReply(parent)
{
    setOperation(op);
    setRequest(request);
    setUrl(request.url());
    open(QIODevice::ReadOnly);
}

void MockReply::respond(const MockResponse &response)
{
    if (m_done)
        return;
    if (response.networkError != QNetworkReply::NoError && !response.cutBody) {
        setError(response.networkError, QStringLiteral("mock network: no answer"));
        Q_EMIT errorOccurred(response.networkError);
        finish();
        return;
    }
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, response.status);
    for (const auto &[name, value] : response.headers)
        setRawHeader(name, value);
    m_data = response.cutBody ? response.body.left(response.body.size() / 2) : response.body;
    if (!response.cutBody)
        setHeader(QNetworkRequest::ContentLengthHeader, qint64(response.body.size()));
    Q_EMIT metaDataChanged();
    Q_EMIT downloadProgress(m_data.size(), response.cutBody ? -1 : m_data.size());
    Q_EMIT readyRead();
    if (response.cutBody) {
        setError(QNetworkReply::RemoteHostClosedError, QStringLiteral("mock network: connection cut"));
        Q_EMIT errorOccurred(QNetworkReply::RemoteHostClosedError);
    }
    finish();
}

void MockReply::abort()
{
    if (m_done)
        return;
    setError(QNetworkReply::OperationCanceledError, QStringLiteral("aborted"));
    Q_EMIT errorOccurred(QNetworkReply::OperationCanceledError);
    finish();
}

void MockReply::finish()
{
    m_done = true;
    setFinished(true);
    Q_EMIT finished();
}

qint64 MockReply::bytesAvailable() const
{
    return m_data.size() - m_offset + QIODevice::bytesAvailable();
}

qint64 MockReply::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min(maxSize, m_data.size() - m_offset);
    if (n <= 0)
        return m_done ? -1 : 0;
    memcpy(data, m_data.constData() + m_offset, size_t(n));
    m_offset += n;
    return n;
}

} // namespace testnet
