#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

// Raw HTTP to a test server, synchronously: every request and body is spelled out by the test, so
// crafted and malformed requests are as easy as correct ones.
namespace testapi {

struct Reply
{
    int status = 0; // 0: no HTTP answer (network error)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError;

    QJsonObject json() const;
    QString errorCode() const; // error.code of an error body
    QByteArray header(const QByteArray &name) const;
};

struct Device
{
    QString deviceId;
    QString token;
    QString userId;
    QString teamId;
};

class ApiClient
{
public:
    explicit ApiClient(const QUrl &server);
    ~ApiClient();

    void setServer(const QUrl &server) { m_server = server; }
    // Defaults: protocol header 1, no token.
    Reply request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {}, bool withVersion = true);
    Reply get(const QString &pathAndQuery, const QString &token = {});
    Reply post(const QString &path, const QByteArray &body, const QString &token = {});

    Reply login(const QString &login, const QString &password, const QString &deviceId);
    // Logs in and returns the device; deviceId empty = a new random one.
    Device loginDevice(const QString &login, const QString &password, QString deviceId = {});
    Reply push(const Device &device, const QJsonArray &mutations);
    Reply pull(const Device &device, const QString &cursor, int limit = 1000);

    static QString newDeviceId();

private:
    QUrl m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

// A hybrid logical clock text for a device at a wall time (ms) and counter.
QString clock(qint64 wallMs, const QString &node, quint32 counter = 0);
// [value, clock] or [value, clock, base]
QJsonArray change(const QJsonValue &value, const QString &clock, const QString &base = {});
// One push mutation.
QJsonObject mutation(qint64 seq, const QString &entity, const QString &id, const QJsonObject &fields);
QString newId();

} // namespace testapi

namespace testapi {

// Everything a device gets by pulling until caught up: records by id (latest state), drops in order.
struct PullState
{
    QString cursor;
    QHash<QString, QJsonObject> records; // id -> fields
    QStringList drops;
    bool reset = false;
    int batches = 0;
    int lastStatus = 0;
};

// Pulls until more is false (or an error); follows a reset by starting from the empty cursor once.
PullState pullAll(ApiClient &api, const Device &device, const QString &cursor = {}, int limit = 1000);
// The value of a field in a pulled record's fields object.
QJsonValue fieldValue(const QJsonObject &fields, const QString &name);
QString fieldClock(const QJsonObject &fields, const QString &name);

} // namespace testapi
