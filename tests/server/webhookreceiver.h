#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QTcpServer>

// A webhook receiver for the tests: a small HTTP/1.1 server on loopback that checks each POST's
// Feltnotat-Signature, records every event id it gets (with how often), and answers 200, or 503
// while it is "down". With a reply delay it also notices an event arriving while a delivery of the
// same event is still open (which the leases must prevent).
class WebhookReceiver : public QObject
{
    Q_OBJECT

public:
    explicit WebhookReceiver(QObject *parent = nullptr);

    bool listen();
    QString url() const;
    void setSecret(const QByteArray &secret) { m_secret = secret; }
    void setDown(bool down) { m_down = down; }
    void setReplyDelayMs(int ms) { m_delayMs = ms; }

    QSet<QString> ids() const { return QSet<QString>(m_order.cbegin(), m_order.cend()); }
    const QHash<QString, int> &deliveries() const { return m_count; } // accepted deliveries per id
    int requests() const { return m_requests; }
    int refused() const { return m_refused; }
    int badSignatures() const { return m_badSignatures; }
    int overlaps() const { return m_overlaps; }
    QStringList kinds() const { return m_kinds; }

private:
    void readClient(class QTcpSocket *socket);

    QTcpServer m_server;
    QByteArray m_secret;
    bool m_down = false;
    int m_delayMs = 0;
    QStringList m_order;
    QStringList m_kinds;
    QHash<QString, int> m_count;
    QSet<QString> m_open;
    int m_requests = 0;
    int m_refused = 0;
    int m_badSignatures = 0;
    int m_overlaps = 0;
};
