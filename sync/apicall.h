#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

#include <utility>

namespace feltnotat {

// One HTTP request to the sync server. Emits finished() exactly once; the receiver deletes it
// (deleteLater) when done with it.
class ApiCall : public QObject
{
    Q_OBJECT

public:
    enum class Failure {
        None,
        Transient, // network error, timeout, 5xx, 429, unreadable answer: retry later
        Unauthorized, // 401/403: the device must log in again
        UpdateRequired, // 426: protocol version no longer accepted
        TooLarge, // 413
        Rejected, // other 4xx: this request will never succeed as it is
    };
    Q_ENUM(Failure)

    explicit ApiCall(QNetworkReply *reply, qint64 maxResponseBytes, QObject *parent = nullptr);
    ~ApiCall() override;

    bool isFinished() const { return m_finished; }
    bool hasError() const { return m_failure != Failure::None; }
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_error.message; }
    const protocol::ApiError &apiError() const { return m_error; }
    int httpStatus() const { return m_error.httpStatus; }
    // Qt's reason when no HTTP answer came (refused, host not found, TLS …), for messages in the UI.
    QNetworkReply::NetworkError networkError() const { return m_networkError; }
    const QByteArray &body() const { return m_body; }
    // Moves the body out (the call keeps an empty one), so a large answer can be freed early.
    QByteArray takeBody() { return std::exchange(m_body, {}); }
    void abort();

Q_SIGNALS:
    void finished();

private:
    void onFinished();
    QPointer<QNetworkReply> m_reply;
    qint64 m_maxResponseBytes;
    QByteArray m_body;
    protocol::ApiError m_error;
    Failure m_failure = Failure::None;
    QNetworkReply::NetworkError m_networkError = QNetworkReply::NoError;
    bool m_finished = false;
    bool m_tooBig = false;
};

} // namespace feltnotat
