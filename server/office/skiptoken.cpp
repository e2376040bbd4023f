#include "skiptoken.h"

#include "core/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace feltnotat::server {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int MacBytes = 16;

QByteArray mac(
    const EntitySpec &spec, const ODataQuery &query, const QByteArray &payload, const QByteArray &clientKey)
{
    QMessageAuthenticationCode m(QCryptographicHash::Sha256, "feltnotat-skiptoken-v1:" + clientKey);
    // Each part with its length, so no two different queries give the same bytes.
    for (const QByteArray &part :
        {spec.name.toUtf8(), query.filterText.toUtf8(), query.orderText.toUtf8(), payload}) {
        m.addData(QByteArray::number(part.size()) + ':');
        m.addData(part);
    }
    return m.result().left(MacBytes);
}

enum class KeyType { Integer, Real, Text };

KeyType keyType(const EntitySpec &spec, const QString &property)
{
    const FieldSpec *f = spec.field(property);
    if (!f)
        return KeyType::Text; // id
    switch (f->type) {
    case FieldType::Integer:
    case FieldType::Bool:
        return KeyType::Integer;
    case FieldType::Real:
        return KeyType::Real;
    default:
        return KeyType::Text;
    }
}

QJsonValue toJson(KeyType type, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue::Null;
    switch (type) {
    case KeyType::Integer:
        return QJsonValue(v.toLongLong());
    case KeyType::Real:
        return QJsonValue(v.toDouble());
    case KeyType::Text:
        break;
    }
    return QJsonValue(v.toString());
}

} // namespace

QString SkipToken::encode(
    const EntitySpec &spec, const ODataQuery &query, const QVariantList &key, const QByteArray &clientKey)
{
    QJsonArray values;
    for (qsizetype i = 0; i < key.size() && i < query.order.size(); ++i)
        values.append(toJson(keyType(spec, query.order.at(i).property), key.at(i)));
    const QByteArray payload = QJsonDocument(values).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        payload.toBase64(Base64Url) + '.' + mac(spec, query, payload, clientKey).toBase64(Base64Url));
}

Result<QVariantList> SkipToken::decode(
    const EntitySpec &spec, const ODataQuery &query, const QString &token, const QByteArray &clientKey)
{
    const auto refuse = [] {
        return makeError(ErrorCode::Invalid,
            QStringLiteral("$skiptoken is not a token this server gave for this query; follow "
                           "@odata.nextLink as it is, or start again without $skiptoken"));
    };
    const QStringList parts = token.split(u'.');
    if (parts.size() != 2)
        return refuse();
    const auto payload = QByteArray::fromBase64Encoding(
        parts.at(0).toLatin1(), Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    const auto given = QByteArray::fromBase64Encoding(
        parts.at(1).toLatin1(), Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload || !given || given.decoded.size() != MacBytes)
        return refuse();
    const QByteArray want = mac(spec, query, payload.decoded, clientKey);
    // Constant time: the MAC is the only thing that makes a token this server's.
    quint8 diff = 0;
    for (int i = 0; i < MacBytes; ++i)
        diff |= quint8(want.at(i) ^ given.decoded.at(i));
    if (diff != 0)
        return refuse();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != query.order.size())
        return refuse();
    QVariantList key;
    const QJsonArray values = doc.array();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QJsonValue v = values.at(i);
        const KeyType type = keyType(spec, query.order.at(i).property);
        if (v.isNull()) {
            if (query.order.at(i).property == u"id")
                return refuse();
            key.append(QVariant());
        } else if (type == KeyType::Text && v.isString()) {
            key.append(v.toString());
        } else if (type == KeyType::Integer && v.isDouble()) {
            key.append(v.toInteger());
        } else if (type == KeyType::Real && v.isDouble()) {
            key.append(v.toDouble());
        } else {
            return refuse();
        }
    }
    return key;
}

} // namespace feltnotat::server
