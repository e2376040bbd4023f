#include "syncclient.h"

#include "compression.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace feltnotat {

SyncClient::SyncClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

QNetworkRequest SyncClient::request(const QString &path, bool authenticated) const
{
    QUrl url = m_server;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    QNetworkRequest r(url);
    r.setRawHeader(protocol::VersionHeader, QByteArray::number(protocol::Version));
    r.setTransferTimeout(m_timeoutMs);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (authenticated)
        r.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    return r;
}

ApiCall *SyncClient::post(const QString &path, const QByteArray &body, bool authenticated)
{
    QNetworkRequest r = request(path, authenticated);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QByteArray payload = body;
    if (body.size() > protocol::limits::CompressAbove) {
        payload = compression::gzip(body);
        r.setRawHeader("Content-Encoding", "gzip");
    }
    return new ApiCall(m_network->post(r, payload), MaxResponseBytes, this);
}

ApiCall *SyncClient::login(const protocol::LoginRequest &request)
{
    return post(QStringLiteral("/v1/login"), request.toJson(), false);
}

ApiCall *SyncClient::logout()
{
    return post(QStringLiteral("/v1/logout"), QByteArrayLiteral("{}"), true);
}

ApiCall *SyncClient::push(const QByteArray &body)
{
    return post(QStringLiteral("/v1/push"), body, true);
}

ApiCall *SyncClient::pull(const QString &cursor, int limit)
{
    QNetworkRequest r = request(QStringLiteral("/v1/pull"), true);
    QUrl url = r.url();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("cursor"), cursor);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    url.setQuery(query);
    r.setUrl(url);
    return new ApiCall(m_network->get(r), MaxResponseBytes, this);
}

ApiCall *SyncClient::team()
{
    return new ApiCall(m_network->get(request(QStringLiteral("/v1/team"), true)), 1024 * 1024, this);
}

ApiCall *SyncClient::registerSearch(const QString &text, int limit)
{
    QNetworkRequest r = request(QStringLiteral("/v1/register/search"), true);
    QUrl url = r.url();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    url.setQuery(query);
    r.setUrl(url);
    return new ApiCall(m_network->get(r), 1024 * 1024, this);
}

ApiCall *SyncClient::registerUnit(const QString &orgNumber)
{
    return new ApiCall(m_network->get(request(QStringLiteral("/v1/register/units/") + orgNumber, true)),
        4 * 1024 * 1024, this);
}

ApiCall *SyncClient::health()
{
    return new ApiCall(m_network->get(request(QStringLiteral("/healthz"), false)), 64 * 1024, this);
}

} // namespace feltnotat
