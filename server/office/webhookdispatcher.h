#pragma once

#include "webhookqueue.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// Sends the webhook events of every API client that has a webhook: on a timer it enqueues new feed
// changes, leases a batch of due events per client and POSTs it, signed (WebhookSigner), to the
// client's address; a 2xx answer marks the batch delivered, anything else (or no answer within the
// timeout) schedules a retry with back-off. One batch per client in flight at a time. Uses its own
// database connection, so it never waits for a request handler's.
class WebhookDispatcher final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        WebhookQueue::Options queue;
        int intervalMs = 1000;
        int batchSize = 50;
        int timeoutMs = 15 * 1000;
        qint64 deliveredRetentionMs = 7LL * 24 * 60 * 60 * 1000;
    };

    WebhookDispatcher(std::unique_ptr<SqlBackend> db, const Clock &clock, QString owner, Options options,
        QNetworkAccessManager *network, QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    void start();
    void stop();
    // One round now (also what the timer does).
    void tick();
    int inFlight() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    void roundFinished();

private:
    void send(const QString &clientId, const QList<WebhookEvent> &events);

    std::unique_ptr<SqlBackend> m_db;
    const Clock &m_clock;
    QString m_owner;
    Options m_options;
    QNetworkAccessManager *m_network;
    WebhookQueue m_queue;
    QTimer m_timer;
    QSet<QString> m_inFlight;
    qint64 m_lastPruneMs = 0;
    bool m_stopped = false;
};

} // namespace feltnotat::server
