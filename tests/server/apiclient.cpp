#include "apiclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QUuid>

namespace testapi {

QJsonObject Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString Reply::errorCode() const
{
    return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QByteArray Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ApiClient::ApiClient(const QUrl &server)
    : m_server(server)
    , m_network(std::make_unique<QNetworkAccessManager>())
{ }

ApiClient::~ApiClient() = default;

Reply ApiClient::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
    const QList<QPair<QByteArray, QByteArray>> &headers, bool withVersion)
{
    QUrl url = m_server;
    const qsizetype question = pathAndQuery.indexOf(u'?');
    url.setPath(question < 0 ? pathAndQuery : pathAndQuery.left(question));
    if (question >= 0)
        url.setQuery(pathAndQuery.mid(question + 1));
    QNetworkRequest r(url);
    r.setTransferTimeout(30000);
    // Tests read the raw body; let Qt not decompress on its own.
    r.setRawHeader("Accept-Encoding", "identity");
    // Raw HTTP: redirects and cookies are the test's to see and send.
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    r.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (withVersion)
        r.setRawHeader("Feltnotat-Protocol", "1");
    if (!body.isEmpty() || method == "POST")
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        r.setRawHeader(name, value);
    QNetworkReply *reply = m_network->sendCustomRequest(r, method, body);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
        [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.networkError = reply->errorString();
    reply->deleteLater();
    return out;
}

Reply ApiClient::get(const QString &pathAndQuery, const QString &token)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer " + token.toLatin1())));
    return request("GET", pathAndQuery, {}, headers);
}

Reply ApiClient::post(const QString &path, const QByteArray &body, const QString &token)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer " + token.toLatin1())));
    return request("POST", path, body, headers);
}

Reply ApiClient::login(const QString &login, const QString &password, const QString &deviceId)
{
    const QJsonObject body {{QStringLiteral("login"), login}, {QStringLiteral("password"), password},
        {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("device_name"), QStringLiteral("Testtelefon")}};
    return post(QStringLiteral("/v1/login"), QJsonDocument(body).toJson(QJsonDocument::Compact));
}

Device ApiClient::loginDevice(const QString &login, const QString &password, QString deviceId)
{
    if (deviceId.isEmpty())
        deviceId = newDeviceId();
    const Reply r = this->login(login, password, deviceId);
    Device d;
    if (r.status != 200)
        return d;
    const QJsonObject o = r.json();
    d.deviceId = deviceId;
    d.token = o.value(QStringLiteral("token")).toString();
    d.userId = o.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
    d.teamId = o.value(QStringLiteral("user")).toObject().value(QStringLiteral("team")).toString();
    return d;
}

Reply ApiClient::push(const Device &device, const QJsonArray &mutations)
{
    const QJsonObject body {
        {QStringLiteral("device_id"), device.deviceId}, {QStringLiteral("mutations"), mutations}};
    return post(QStringLiteral("/v1/push"), QJsonDocument(body).toJson(QJsonDocument::Compact), device.token);
}

Reply ApiClient::pull(const Device &device, const QString &cursor, int limit)
{
    return get(QStringLiteral("/v1/pull?cursor=%1&limit=%2")
                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(cursor)))
                   .arg(limit),
        device.token);
}

QString ApiClient::newDeviceId()
{
    return QStringLiteral("%1%2")
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

QString clock(qint64 wallMs, const QString &node, quint32 counter)
{
    return QStringLiteral("%1%2-%3")
        .arg(wallMs, 12, 16, QLatin1Char('0'))
        .arg(counter, 4, 16, QLatin1Char('0'))
        .arg(node);
}

QJsonArray change(const QJsonValue &value, const QString &clock, const QString &base)
{
    QJsonArray a {value, clock};
    if (!base.isEmpty())
        a.append(base);
    return a;
}

QJsonObject mutation(qint64 seq, const QString &entity, const QString &id, const QJsonObject &fields)
{
    return {{QStringLiteral("seq"), seq}, {QStringLiteral("entity"), entity}, {QStringLiteral("id"), id},
        {QStringLiteral("fields"), fields}};
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace testapi

namespace testapi {

PullState pullAll(ApiClient &api, const Device &device, const QString &cursor, int limit)
{
    PullState state;
    state.cursor = cursor;
    for (int guard = 0; guard < 10000; ++guard) {
        const Reply r = api.pull(device, state.cursor, limit);
        state.lastStatus = r.status;
        if (r.status != 200)
            return state;
        ++state.batches;
        const QJsonObject o = r.json();
        if (o.value(QStringLiteral("reset")).toBool()) {
            if (state.reset)
                return state; // a second reset in a row: give up, the test will notice
            state.reset = true;
            state.cursor.clear();
            state.records.clear();
            continue;
        }
        for (const QJsonValue &d : o.value(QStringLiteral("drops")).toArray()) {
            const QString id = d.toObject().value(QStringLiteral("id")).toString();
            state.drops.append(id);
            state.records.remove(id);
        }
        for (const QJsonValue &c : o.value(QStringLiteral("changes")).toArray()) {
            const QJsonObject rec = c.toObject();
            state.records.insert(
                rec.value(QStringLiteral("id")).toString(), rec.value(QStringLiteral("fields")).toObject());
        }
        state.cursor = o.value(QStringLiteral("cursor")).toString();
        if (!o.value(QStringLiteral("more")).toBool())
            return state;
    }
    return state;
}

QJsonValue fieldValue(const QJsonObject &fields, const QString &name)
{
    return fields.value(name).toArray().at(0);
}

QString fieldClock(const QJsonObject &fields, const QString &name)
{
    return fields.value(name).toArray().at(1).toString();
}

} // namespace testapi
