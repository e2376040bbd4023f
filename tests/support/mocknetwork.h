#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QUrl>

#include <functional>

// A QNetworkAccessManager that never opens a socket: every request goes to a handler function in the
// test, and its answer comes back as a reply on the event loop, in order. For in-process tests of
// network clients (the sync engine) and for the campaign's deterministic mode.
namespace testnet {

struct MockRequest
{
    QByteArray method; // "GET", "POST", …
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // as sent (gzip when the client compressed it)

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
    QString path() const { return url.path(); }
    QByteArray plainBody() const; // the body, gunzipped when Content-Encoding says gzip
};

struct MockResponse
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // Set: no HTTP answer at all (connection refused, reset, timed out): the reply fails with this error.
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    // The head and half of the body arrive, then the connection breaks.
    bool cutBody = false;

    static MockResponse json(const QByteArray &body, int status = 200);
    static MockResponse failure(QNetworkReply::NetworkError error = QNetworkReply::ConnectionRefusedError);
};

class MockReply;

class MockNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT

public:
    using Handler = std::function<MockResponse(const MockRequest &)>;

    explicit MockNetworkAccessManager(QObject *parent = nullptr);
    ~MockNetworkAccessManager() override;

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    // Held: requests are recorded but neither handled nor answered until release() / releaseNext().
    void setHeld(bool held);
    int heldCount() const;
    // Handles and answers the oldest held request (true if there was one).
    bool releaseNext();
    void release();

    // Answers handled and on their way (not held): the event loop delivers them.
    int answering() const { return m_answering; }
    const QList<MockRequest> &requests() const { return m_requests; }
    int count(const QString &path) const; // requests made so far to this path
    void clearRequests() { m_requests.clear(); }

Q_SIGNALS:
    void requestMade(const testnet::MockRequest &request);

protected:
    QNetworkReply *createRequest(
        Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    void answer(MockReply *reply, const MockRequest &request);

    Handler m_handler;
    bool m_held = false;
    QList<QPair<QPointer<MockReply>, MockRequest>> m_waiting;
    QList<MockRequest> m_requests;
    int m_answering = 0;
};

// The reply the mock hands out; finished() comes from the event loop, never inside the call that made it.
class MockReply : public QNetworkReply
{
    Q_OBJECT

public:
    MockReply(QNetworkAccessManager::Operation op, const QNetworkRequest &request, QObject *parent);

    void respond(const MockResponse &response);
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void finish();
    QByteArray m_data;
    qint64 m_offset = 0;
    bool m_done = false;
};

} // namespace testnet
