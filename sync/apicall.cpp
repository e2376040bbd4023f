#include "apicall.h"

#include <QNetworkReply>

namespace feltnotat {

ApiCall::ApiCall(QNetworkReply *reply, qint64 maxResponseBytes, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_maxResponseBytes(maxResponseBytes)
{
    reply->setParent(this);
    // A tampered or broken server must not make the phone buffer without limit.
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (received > m_maxResponseBytes && m_reply) {
            m_tooBig = true;
            m_reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, &ApiCall::onFinished);
}

ApiCall::~ApiCall()
{
    if (m_reply && m_reply->isRunning())
        m_reply->abort();
}

void ApiCall::abort()
{
    if (m_reply && m_reply->isRunning())
        m_reply->abort();
}

void ApiCall::onFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_body = m_reply->readAll();
    m_networkError = m_reply->error();
    m_error.httpStatus = status;
    if (m_tooBig) {
        m_failure = Failure::Transient;
        m_error
            = {status, QStringLiteral("too_large"), QStringLiteral("the server's answer was too large"), {}};
    } else if (status == 0 || (status >= 200 && status < 300 && m_reply->error() != QNetworkReply::NoError)) {
        // No answer, or the head arrived but the body was cut off: an incomplete answer is a network
        // failure too.
        m_failure = Failure::Transient;
        m_error = {0, QStringLiteral("network"), m_reply->errorString(), {}};
    } else if (status >= 200 && status < 300) {
        m_failure = Failure::None;
    } else {
        m_error = protocol::ApiError::fromResponse(status, m_body);
        if (status == 401 || status == 403)
            m_failure = Failure::Unauthorized;
        else if (status == 426)
            m_failure = Failure::UpdateRequired;
        else if (status == 413)
            m_failure = Failure::TooLarge;
        else if (status == 429 || status == 408 || status >= 500)
            m_failure = Failure::Transient;
        else
            m_failure = Failure::Rejected;
        if (m_error.message.isEmpty())
            m_error.message = QStringLiteral("server answered HTTP %1").arg(status);
    }
    m_reply->deleteLater();
    Q_EMIT finished();
}

} // namespace feltnotat
