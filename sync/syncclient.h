#pragma once

#include "apicall.h"
#include "protocol.h"

#include <QNetworkRequest>
#include <QUrl>

class QNetworkAccessManager;

namespace feltnotat {

// The HTTP side of the sync protocol: builds requests (version header, token, gzip) and hands
// back ApiCall objects. Knows nothing about the store.
class SyncClient : public QObject
{
    Q_OBJECT

public:
    SyncClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setServer(const QUrl &server) { m_server = server; }
    QUrl server() const { return m_server; }
    void setToken(const QString &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    ApiCall *login(const protocol::LoginRequest &request);
    ApiCall *logout();
    ApiCall *push(const QByteArray &body);
    ApiCall *pull(const QString &cursor, int limit);
    ApiCall *team(); // the team directory: GET /v1/team
    // The employer register (Enhetsregisteret) on the server: by name or organisation number, and one
    // unit with its parent and workplaces (docs/integration.md, "Employer register").
    ApiCall *registerSearch(const QString &text, int limit);
    ApiCall *registerUnit(const QString &orgNumber);
    ApiCall *health();

    static constexpr qint64 MaxResponseBytes = 128 * 1024 * 1024;

private:
    QNetworkRequest request(const QString &path, bool authenticated) const;
    ApiCall *post(const QString &path, const QByteArray &body, bool authenticated);
    QNetworkAccessManager *m_network;
    QUrl m_server;
    QString m_token;
    int m_timeoutMs = 60000;
};

} // namespace feltnotat
