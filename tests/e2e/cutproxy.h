#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace e2e {

// A small HTTP/1.1-aware TCP proxy between a client and feltnotat-server on loopback, for fault
// tests. It forwards bytes unchanged, keeps track of where requests and responses begin and end (by
// Content-Length), remembers the raw bytes of the last request per path (for replays) and can spoil
// one chosen response: forward its head and half of its body and then cut the connection, or forward
// as much and hold the rest back (the client waits mid-response until it is killed).
class CutProxy : public QObject
{
    Q_OBJECT

public:
    enum class Action { None, CutHalf, HoldHalf };

    explicit CutProxy(quint16 targetPort, QObject *parent = nullptr);
    ~CutProxy() override;

    bool listen();
    QUrl url() const;

    // The response to the (skip+1)-th request from now on whose path starts with pathPrefix gets
    // the action. One rule at a time; it is used up when it fires.
    void spoilResponse(const QByteArray &pathPrefix, Action action, int skip = 0);
    bool ruleFired() const { return m_ruleFired; }

    // Closes every connection at once (both directions).
    void dropAll();
    // A partition: every connection is dropped and new ones are reset at once, until unblocked.
    void setBlocked(bool blocked);
    // Bytes from clients wait this long before they go on to the server (0: none).
    void setDelayMs(int ms) { m_delayMs = ms; }
    // The next complete request whose path starts with pathPrefix reaches the server twice: a copy goes
    // on a connection of its own (its answer is thrown away), as a retransmitting middlebox would.
    void duplicateNext(const QByteArray &pathPrefix) { m_duplicatePrefix = pathPrefix; }

    int requestCount(const QByteArray &pathPrefix) const;
    int responseCount(const QByteArray &pathPrefix) const;
    QByteArray lastRequest(const QByteArray &pathPrefix) const; // raw bytes, head and body

Q_SIGNALS:
    // A whole request has been handed to the server's socket.
    void requestForwarded(const QByteArray &path, int count);
    // A whole response has been handed to the client.
    void responseDelivered(const QByteArray &path, int count);
    void responseCut(const QByteArray &path);
    void responseHeld(const QByteArray &path);

private:
    struct Connection;
    void onNewConnection();
    void fromClient(Connection *c);
    void forwardFromClient(Connection *c, const QByteArray &data);
    void sendCopy(const QByteArray &raw);
    void fromServer(Connection *c);
    void announceWritten(Connection *c);
    void close(Connection *c);
    Action takeRule(const QByteArray &path);

    quint16 m_targetPort;
    QTcpServer m_server;
    QList<Connection *> m_connections;
    QHash<QByteArray, int> m_requests;
    QHash<QByteArray, int> m_responses;
    QHash<QByteArray, QByteArray> m_lastRequest;
    QByteArray m_rulePrefix;
    Action m_ruleAction = Action::None;
    int m_ruleSkip = 0;
    bool m_ruleFired = false;
    bool m_blocked = false;
    int m_delayMs = 0;
    quint64 m_serials = 0;
    QByteArray m_duplicatePrefix;
};

} // namespace e2e
