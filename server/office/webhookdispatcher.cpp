#include "webhookdispatcher.h"

#include "apiclients.h"
#include "core/clock.h"
#include "server/logging.h"
#include "server/sqlbackend.h"
#include "webhooksigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace feltnotat::server {

WebhookDispatcher::WebhookDispatcher(std::unique_ptr<SqlBackend> db, const Clock &clock, QString owner,
    Options options, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_clock(clock)
    , m_owner(std::move(owner))
    , m_options(options)
    , m_network(network)
    , m_queue(*m_db, clock, options.queue)
{
    m_timer.setInterval(m_options.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDispatcher::tick);
}

WebhookDispatcher::~WebhookDispatcher()
{
    m_stopped = true;
}

void WebhookDispatcher::start()
{
    m_stopped = false;
    m_timer.start();
}

void WebhookDispatcher::stop()
{
    m_stopped = true;
    m_timer.stop();
}

void WebhookDispatcher::tick()
{
    auto clients = m_queue.activeClients();
    if (!clients) {
        qCWarning(lcServer) << "webhooks: cannot read the clients:" << clients.errorString();
        return;
    }
    for (const QString &clientId : clients.value()) {
        if (m_inFlight.contains(clientId))
            continue;
        if (auto added = m_queue.enqueue(clientId); !added) {
            qCWarning(lcServer) << "webhooks: enqueue failed:" << added.errorString();
            continue;
        }
        auto events = m_queue.lease(clientId, m_owner, m_options.batchSize);
        if (!events) {
            qCWarning(lcServer) << "webhooks: lease failed:" << events.errorString();
            continue;
        }
        if (!events->isEmpty())
            send(clientId, events.value());
    }
    const qint64 now = m_clock.nowMs();
    if (now - m_lastPruneMs > 60 * 60 * 1000) {
        m_lastPruneMs = now;
        if (auto pruned = m_queue.prune(m_options.deliveredRetentionMs); !pruned)
            qCWarning(lcServer) << "webhooks: prune failed:" << pruned.errorString();
    }
    Q_EMIT roundFinished();
}

void WebhookDispatcher::send(const QString &clientId, const QList<WebhookEvent> &events)
{
    QStringList ids;
    QJsonArray list;
    for (const WebhookEvent &e : events) {
        ids << e.id;
        list.append(e.toJson());
    }
    auto client = ApiClients(*m_db, m_clock).find(clientId);
    auto secret = ApiClients(*m_db, m_clock).webhookSecret(clientId);
    if (!client || !secret || client->webhookUrl.isEmpty()) {
        (void)m_queue.failed(clientId, m_owner, ids, 0, QStringLiteral("the webhook is not configured"));
        return;
    }
    const QByteArray body
        = QJsonDocument(QJsonObject {{QStringLiteral("events"), list}}).toJson(QJsonDocument::Compact);
    QNetworkRequest request {QUrl(client->webhookUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("feltnotat-server webhooks"));
    request.setRawHeader(
        WebhookSigner::Header, WebhookSigner::sign(secret->toUtf8(), m_clock.nowMs() / 1000, body));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_options.timeoutMs);
    m_inFlight.insert(clientId);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, clientId, ids] {
        reply->deleteLater();
        m_inFlight.remove(clientId);
        if (m_stopped)
            return; // the lease runs out and another round (or process) sends them again
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Status s;
        if (status >= 200 && status < 300) {
            s = m_queue.delivered(clientId, m_owner, ids);
        } else {
            // Never the answer's body: it is the receiver's text, not ours to keep.
            const QString why = status ? QStringLiteral("HTTP %1").arg(status)
                                       : QStringLiteral("no answer (%1)").arg(int(reply->error()));
            s = m_queue.failed(clientId, m_owner, ids, status, why);
        }
        if (!s)
            qCWarning(lcServer) << "webhooks: cannot record a delivery:" << s.errorString();
        else if (status >= 200 && status < 300)
            QTimer::singleShot(0, this, &WebhookDispatcher::tick); // more may be due at once
    });
}

} // namespace feltnotat::server
