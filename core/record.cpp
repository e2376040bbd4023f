#include "record.h"

#include "hlc.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace feltnotat {

QJsonObject Record::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), id);
    if (const EntitySpec *spec = Schema::instance().entity(entity)) {
        for (const FieldSpec &f : spec->fields)
            o.insert(f.name, Schema::toJson(f, values.value(f.name)));
    }
    return o;
}

QJsonObject Mutation::changesToJson(const EntitySpec &spec) const
{
    QJsonObject o;
    for (const FieldChange &c : changes) {
        const FieldSpec *f = spec.field(c.field);
        if (!f)
            continue;
        QJsonArray change {Schema::toJson(*f, c.value), c.clock};
        if (!c.base.isEmpty())
            change.append(c.base);
        o.insert(c.field, change);
    }
    return o;
}

Result<QList<FieldChange>> Mutation::changesFromJson(const EntitySpec &spec, const QJsonObject &object)
{
    QList<FieldChange> out;
    out.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        const FieldSpec *f = spec.field(it.key());
        if (!f)
            return makeError(ErrorCode::Invalid, QStringLiteral("unknown field"), it.key());
        const QJsonArray change = it.value().toArray();
        if (!it.value().isArray() || change.size() < 2 || change.size() > 3)
            return makeError(
                ErrorCode::Invalid, QStringLiteral("field change must be [value, clock, base?]"), it.key());
        const QJsonValue clock = change.at(1);
        if (!clock.isString() || !Hlc::parse(clock.toString()))
            return makeError(ErrorCode::Invalid, QStringLiteral("missing or malformed clock"), it.key());
        QString base;
        if (change.size() == 3) {
            if (!change.at(2).isString() || !Hlc::parse(change.at(2).toString()))
                return makeError(ErrorCode::Invalid, QStringLiteral("malformed base clock"), it.key());
            base = change.at(2).toString();
        }
        auto value = Schema::fromJson(*f, change.at(0));
        if (!value)
            return value.error();
        out.append(FieldChange {f->name, value.value(), clock.toString(), base});
    }
    return out;
}

QString clocksToJson(const QHash<QString, QString> &clocks)
{
    QJsonObject o;
    for (auto it = clocks.begin(); it != clocks.end(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QHash<QString, QString> clocksFromJson(const QString &json)
{
    QHash<QString, QString> out;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

} // namespace feltnotat
