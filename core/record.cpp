#include "record.h"

#include "hlc.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

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

namespace {
// A JSON string literal, escaped as QJsonDocument writes it.
void appendJsonString(QString &out, const QString &text)
{
    out += u'"';
    const bool plain = std::all_of(
        text.begin(), text.end(), [](QChar c) { return c.unicode() >= 0x20 && c != u'"' && c != u'\\'; });
    if (plain) { // field names and clocks: the usual case, copied in one go
        out += text;
        out += u'"';
        return;
    }
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\b':
            out += QLatin1String("\\b");
            break;
        case u'\f':
            out += QLatin1String("\\f");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
}
} // namespace

// Written by hand: this runs for every stored and every pulled record, and building a QJsonObject
// (sorted inserts) and serialising it was a third of the time spent applying a pulled batch.
// Same output as QJsonDocument's compact form: keys sorted, no spaces.
QString clocksToJson(const QHash<QString, QString> &clocks)
{
    QList<QString> keys = clocks.keys();
    std::sort(keys.begin(), keys.end());
    QString out;
    out.reserve(2 + clocks.size() * 48);
    out += u'{';
    for (const QString &key : std::as_const(keys)) {
        if (out.size() > 1)
            out += u',';
        appendJsonString(out, key);
        out += u':';
        appendJsonString(out, clocks.value(key));
    }
    out += u'}';
    return out;
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
