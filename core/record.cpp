#include "record.h"

#include "hlc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>

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
// Room a JSON string literal of `text` may need in UTF-8: an escape is at most 6 bytes per UTF-16 unit.
qsizetype jsonStringRoom(QStringView text)
{
    return 6 * text.size() + 2;
}

// Writes a JSON string literal in UTF-8, escaped as QJsonDocument writes it, at p; returns its end.
char *writeJsonString(char *p, QStringView text)
{
    *p++ = '"';
    // Field names and clocks, the usual case: printable ASCII, copied while checking. From the first
    // character that is not, the rest is written from its UTF-8 (below).
    qsizetype i = 0;
    for (; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x20 || u >= 0x80 || u == u'"' || u == u'\\')
            break;
        *p++ = char(u);
    }
    if (i == text.size()) {
        *p++ = '"';
        return p;
    }
    // Every byte of a multi-byte UTF-8 sequence is 0x80 or above, so only single ASCII bytes are escaped,
    // as QJsonDocument escapes them (notes in Norwegian went through a QString a letter at a time before).
    const QByteArray utf8 = text.mid(i).toUtf8(); // text[i] starts a character: all before are ASCII
    constexpr char Hex[] = "0123456789abcdef";
    for (const char byte : utf8) {
        const auto u = static_cast<unsigned char>(byte);
        switch (u) {
        case '"':
        case '\\':
            *p++ = '\\';
            *p++ = char(u);
            break;
        case '\b':
            p = std::copy_n("\\b", 2, p);
            break;
        case '\f':
            p = std::copy_n("\\f", 2, p);
            break;
        case '\n':
            p = std::copy_n("\\n", 2, p);
            break;
        case '\r':
            p = std::copy_n("\\r", 2, p);
            break;
        case '\t':
            p = std::copy_n("\\t", 2, p);
            break;
        default:
            if (u < 0x20) {
                p = std::copy_n("\\u00", 4, p);
                *p++ = Hex[u >> 4];
                *p++ = Hex[u & 0xf];
            } else {
                *p++ = byte;
            }
        }
    }
    *p++ = '"';
    return p;
}

// Where each distinct clock goes among the sorted clocks: order[g] for distinct[g].
QVarLengthArray<int, 4> clockOrder(const QVarLengthArray<QStringView, 4> &distinct)
{
    QVarLengthArray<int, 4> order(distinct.size());
    for (int g = 0; g < distinct.size(); ++g) {
        order[g] = 0;
        for (const QStringView other : distinct)
            order[g] += other < distinct[g] ? 1 : 0;
    }
    return order;
}

// Index of `clock` in `distinct`, appended if new.
int groupOf(QVarLengthArray<QStringView, 4> &distinct, QStringView clock)
{
    int group = 0;
    while (group < distinct.size() && distinct[group] != clock)
        ++group;
    if (group == distinct.size())
        distinct.append(clock);
    return group;
}
} // namespace

// Written by hand: this runs for every stored and every pulled record. The fields of a record mostly
// share one clock, so the clocks are grouped: {"<clock>":["field",...],...}, clocks and fields sorted,
// no spaces. Against one entry per field this is a third of the bytes of a pulled row, and writing the
// rows of a pulled batch is mostly writing bytes (docs/benchmarks.md).
QByteArray clocksToJson(const QHash<QString, QString> &clocks)
{
    // (group, field) pairs, a group being one distinct clock; sorted by the group's clock, then field.
    QVarLengthArray<QStringView, 4> distinct;
    QVarLengthArray<std::pair<int, QStringView>, 48> pairs;
    qsizetype size = 2;
    for (auto it = clocks.begin(); it != clocks.end(); ++it) {
        const int before = int(distinct.size());
        const int group = groupOf(distinct, it.value());
        if (group == before)
            size += jsonStringRoom(it.value()) + 4; // :[ ],
        pairs.append({group, it.key()});
        size += jsonStringRoom(it.key()) + 1; // ,
    }
    const QVarLengthArray<int, 4> order = clockOrder(distinct);
    // Field names are short: an inline comparison of UTF-16 code units (the order of QString's operator<)
    // is cheaper here than the library's general one.
    std::sort(pairs.begin(), pairs.end(), [&](const auto &a, const auto &b) {
        if (order[a.first] != order[b.first])
            return order[a.first] < order[b.first];
        return std::lexicographical_compare(
            a.second.begin(), a.second.end(), b.second.begin(), b.second.end());
    });
    // Written straight into a buffer with room for it, then cut to length.
    QByteArray out(size, Qt::Uninitialized);
    char *p = out.data();
    *p++ = '{';
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        if (i == 0 || pairs[i].first != pairs[i - 1].first) {
            if (i > 0) {
                *p++ = ']';
                *p++ = ',';
            }
            p = writeJsonString(p, distinct[pairs[i].first]);
            *p++ = ':';
            *p++ = '[';
        } else {
            *p++ = ',';
        }
        p = writeJsonString(p, pairs[i].second);
    }
    if (!pairs.isEmpty())
        *p++ = ']';
    *p++ = '}';
    out.truncate(p - out.constData());
    return out;
}

QByteArray clocksToJson(const EntitySpec &spec, const QHash<QString, QString> &clocks)
{
    // The same text without sorting or hashing names: each clock is put at its field's place, the
    // fields are then taken in the spec's name order and written from their ready-made JSON strings.
    const qsizetype n = spec.fields.size();
    if (spec.quotedNames.size() != n)
        return clocksToJson(clocks); // a spec that did not come from Schema
    QVarLengthArray<const QString *, 64> clockOf(n);
    std::fill(clockOf.begin(), clockOf.end(), nullptr);
    for (auto it = clocks.cbegin(); it != clocks.cend(); ++it) {
        const qsizetype i = spec.indexOfName(it.key());
        if (i < 0)
            return clocksToJson(clocks); // a name the spec does not have
        clockOf[i] = &it.value();
    }
    QVarLengthArray<QStringView, 4> distinct;
    QVarLengthArray<int, 64> group(n);
    qsizetype size = 2;
    for (const int i : spec.fieldsByName) {
        if (!clockOf[i])
            continue;
        const int before = int(distinct.size());
        group[i] = groupOf(distinct, *clockOf[i]);
        if (group[i] == before)
            size += jsonStringRoom(*clockOf[i]) + 4; // :[ ],
        size += spec.quotedNames.at(i).size() + 1; // ,
    }
    const QVarLengthArray<int, 4> order = clockOrder(distinct);
    QByteArray out(size, Qt::Uninitialized);
    char *p = out.data();
    *p++ = '{';
    for (int rank = 0; rank < distinct.size(); ++rank) {
        const int g = int(std::find(order.begin(), order.end(), rank) - order.begin());
        if (rank > 0)
            *p++ = ',';
        p = writeJsonString(p, distinct[g]);
        *p++ = ':';
        *p++ = '[';
        bool first = true;
        for (const int i : spec.fieldsByName) {
            if (!clockOf[i] || group[i] != g)
                continue;
            if (!first)
                *p++ = ',';
            first = false;
            const QByteArray &name = spec.quotedNames.at(i);
            p = std::copy(name.cbegin(), name.cend(), p);
        }
        *p++ = ']';
    }
    *p++ = '}';
    out.truncate(p - out.constData());
    return out;
}

QByteArray Mutation::changesToJsonText(const EntitySpec &spec) const
{
    const qsizetype n = spec.fields.size();
    if (spec.quotedNames.size() != n)
        return QJsonDocument(changesToJson(spec)).toJson(QJsonDocument::Compact); // a spec not from Schema
    // Each change at its field's place; the fields then taken in name order, as QJsonObject keeps its keys.
    QVarLengthArray<const FieldChange *, 64> changeOf(n);
    std::fill(changeOf.begin(), changeOf.end(), nullptr);
    // Numbers of Real fields as QJsonDocument writes them (written ahead, they are rare): reals[realAt[i]].
    QVarLengthArray<QByteArray, 4> reals;
    QVarLengthArray<int, 64> realAt(n);
    qsizetype size = 2;
    for (const FieldChange &c : changes) {
        const qsizetype i = spec.indexOfName(c.field);
        if (i < 0)
            continue; // changesToJson() leaves out what the spec does not have
        changeOf[i] = &c;
        size += spec.quotedNames.at(i).size() + 6 + jsonStringRoom(c.clock) + jsonStringRoom(c.base);
        const FieldSpec &f = spec.fields.at(i);
        if (!c.value.isValid() || c.value.isNull() || f.type == FieldType::Bool) {
            size += 5;
        } else if (f.type == FieldType::Integer) {
            size += 20;
        } else if (f.type == FieldType::Real) {
            const QByteArray array
                = QJsonDocument(QJsonArray {c.value.toDouble()}).toJson(QJsonDocument::Compact);
            realAt[i] = int(reals.size());
            reals.append(array.mid(1, array.size() - 2)); // without the brackets
            size += reals.last().size();
        } else {
            size += jsonStringRoom(c.value.toString());
        }
    }
    QByteArray out(size, Qt::Uninitialized);
    char *p = out.data();
    *p++ = '{';
    bool first = true;
    // The changes of one write share one clock (one QString): written once, then copied.
    QStringView sharedClock;
    const char *sharedClockBegin = nullptr;
    const char *sharedClockEnd = nullptr;
    for (const int i : spec.fieldsByName) {
        const FieldChange *c = changeOf[i];
        if (!c)
            continue;
        if (!first)
            *p++ = ',';
        first = false;
        const QByteArray &name = spec.quotedNames.at(i);
        p = std::copy(name.cbegin(), name.cend(), p);
        *p++ = ':';
        *p++ = '[';
        const FieldSpec &f = spec.fields.at(i);
        if (!c->value.isValid() || c->value.isNull()) {
            p = std::copy_n("null", 4, p);
        } else if (f.type == FieldType::Bool) {
            p = c->value.toBool() ? std::copy_n("true", 4, p) : std::copy_n("false", 5, p);
        } else if (f.type == FieldType::Integer) {
            const QByteArray number = QByteArray::number(c->value.toLongLong());
            p = std::copy(number.cbegin(), number.cend(), p);
        } else if (f.type == FieldType::Real) {
            const QByteArray &number = reals.at(realAt[i]);
            p = std::copy(number.cbegin(), number.cend(), p);
        } else {
            p = writeJsonString(p, c->value.toString());
        }
        *p++ = ',';
        if (c->clock.constData() == sharedClock.constData() && c->clock.size() == sharedClock.size()) {
            p = std::copy(sharedClockBegin, sharedClockEnd, p); // the same clock as the first: its text again
        } else {
            char *begin = p;
            p = writeJsonString(p, c->clock);
            if (sharedClock.isNull()) {
                sharedClock = c->clock;
                sharedClockBegin = begin;
                sharedClockEnd = p;
            }
        }
        if (!c->base.isEmpty()) {
            *p++ = ',';
            p = writeJsonString(p, c->base);
        }
        *p++ = ']';
    }
    *p++ = '}';
    out.truncate(p - out.constData());
    return out;
}

QHash<QString, QString> clocksFromJson(const QByteArray &json)
{
    QHash<QString, QString> out;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isArray()) {
            for (const QJsonValue field : it.value().toArray())
                out.insert(field.toString(), it.key());
        } else { // the older form, one entry per field: {"field":"<clock>",...}
            out.insert(it.key(), it.value().toString());
        }
    }
    return out;
}

} // namespace feltnotat
