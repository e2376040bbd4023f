#include "record.h"

#include "hlc.h"

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
        QJsonObject change {{QStringLiteral("v"), Schema::toJson(*f, c.value)}, {QStringLiteral("c"), c.clock}};
        if (!c.base.isEmpty())
            change.insert(QStringLiteral("b"), c.base);
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
        if (!it.value().isObject())
            return makeError(ErrorCode::Invalid, QStringLiteral("field change must be an object"), it.key());
        const QJsonObject change = it.value().toObject();
        for (auto k = change.begin(); k != change.end(); ++k) {
            if (k.key() != u"v" && k.key() != u"c" && k.key() != u"b")
                return makeError(ErrorCode::Invalid, QStringLiteral("unknown key in field change"), it.key());
        }
        const QJsonValue clock = change.value(QStringLiteral("c"));
        const QJsonValue base = change.value(QStringLiteral("b"));
        if (!clock.isString() || !Hlc::parse(clock.toString()))
            return makeError(ErrorCode::Invalid, QStringLiteral("missing or malformed clock"), it.key());
        if (!base.isUndefined() && (!base.isString() || !Hlc::parse(base.toString())))
            return makeError(ErrorCode::Invalid, QStringLiteral("malformed base clock"), it.key());
        if (!change.contains(QStringLiteral("v")))
            return makeError(ErrorCode::Invalid, QStringLiteral("missing value"), it.key());
        auto value = Schema::fromJson(*f, change.value(QStringLiteral("v")));
        if (!value)
            return value.error();
        out.append(FieldChange {f->name, value.value(), clock.toString(), base.toString()});
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
