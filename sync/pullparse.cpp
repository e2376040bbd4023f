// PullResponse::parse: a pull page read straight from its JSON text into records.
//
// A page of 2,500 records is the largest message a device reads, and going through QJsonDocument (a
// tree of every value) and then QJsonObject lookups was two thirds of a first sync's time on the
// phone (docs/benchmarks.md). This reader walks the text once, as strictly as the JSON grammar
// (RFC 8259, UTF-8): anything else is a malformed page and nothing of it is used. Each field value is
// then checked by the same rules as in every other message (Schema::fromJsonScalar).

#include "core/hlc.h"
#include "core/schema.h"
#include "jsonreader.h"
#include "protocol.h"

#include <QCoreApplication>

#include <optional>

namespace feltnotat::protocol {

namespace {

Error malformed(const QString &message)
{
    return makeError(ErrorCode::Protocol, message);
}

// The "fields" object of one record, {"name": [value, clock], …}, as fieldsFromJson reads it: every
// name a field of the record type, every clock valid, every value valid for its field. A record that is
// well-formed JSON but breaks one of these rules of this device (an unknown field, a clock or a value it
// refuses) is read to its end and gets a `refusal`: it is set aside, not stored, and the page goes on
// (one such record must never stop a team's sync; security review H1).
Status readFields(JsonReader &in, Record &record, QString &refusal)
{
    const EntitySpec *spec = Schema::instance().entity(record.entity);
    if (!spec)
        return malformed(QStringLiteral("unknown record type"));
    record.values.reserve(spec->fields.size());
    record.clocks.reserve(spec->fields.size());
    const auto fieldNamed
        = [spec](QByteArrayView raw, bool plain, const QString &decoded) -> const FieldSpec * {
        for (const FieldSpec &f : spec->fields) {
            if (plain ? f.name == QLatin1StringView(raw) : f.name == decoded)
                return &f;
        }
        return nullptr;
    };
    // Most fields of a record share one clock: each distinct one is checked once and kept as one string.
    std::optional<QByteArrayView> checkedRaw; // its text as it stands, when that needed no decoding
    QString checkedClock;
    const auto bad = [&in]() {
        return malformed(in.failed() ? QStringLiteral("pull response is not valid JSON: ") + in.error()
                                     : QStringLiteral("malformed field in record"));
    };
    if (!in.expect('{', "expected an object"))
        return bad();
    if (in.take('}'))
        return Status::success();
    do {
        QByteArrayView rawName;
        bool plainName = false;
        if (!in.rawString(rawName, plainName))
            return bad();
        QString decodedName;
        if (!plainName) {
            JsonReader again(rawName.data() - 1, rawName.data() + rawName.size() + 1);
            if (!again.string(decodedName))
                return bad();
        }
        const FieldSpec *f = fieldNamed(rawName, plainName, decodedName);
        QVariant value;
        QByteArrayView rawClock;
        bool plainClock = false;
        if (!in.expect(':', "expected ':'") || !in.take('[') || !in.scalar(value)
            || !in.expect(',', "expected ','") || !in.rawString(rawClock, plainClock) || !in.take(']'))
            return bad();
        const auto refuse = [&refusal](const QString &why) {
            if (refusal.isEmpty())
                refusal = why;
        };
        if (!f) {
            refuse(QCoreApplication::translate("RemoteApplier", "Ukjent felt: %1")
                       .arg((plainName ? QString::fromUtf8(rawName) : decodedName).left(64)));
            continue;
        }
        if (record.clocks.contains(f->name))
            return malformed(QStringLiteral("a field appears twice in a record"));
        if (checkedClock.isEmpty() || !plainClock || !checkedRaw || rawClock != *checkedRaw) {
            QString clock;
            JsonReader again(rawClock.data() - 1, rawClock.data() + rawClock.size() + 1);
            if (!again.string(clock))
                return bad();
            if (!Hlc::parse(clock)) {
                refuse(QCoreApplication::translate("RemoteApplier", "Posten har en ugyldig klokke."));
                continue;
            }
            checkedClock = clock;
            checkedRaw = plainClock ? std::optional(rawClock) : std::nullopt;
        }
        auto v = Schema::fromJsonScalar(*f, value);
        if (!v) {
            refuse(v.errorString());
            continue;
        }
        if (!v.value().isNull())
            record.values.insert(f->name, v.value());
        record.clocks.insert(f->name, checkedClock);
    } while (in.take(','));
    if (!in.expect('}', "expected ',' or '}'"))
        return bad();
    return Status::success();
}

// One element of "changes": {"entity": …, "id": …, "fields": {…}}; the fields are read once the
// record's type is known, wherever they stand in the object.
Status readRecord(JsonReader &in, Record &record, QString &refusal)
{
    if (!in.next('{'))
        return malformed(QStringLiteral("record must be an object with fields"));
    const char *fieldsBegin = nullptr;
    const char *fieldsEnd = nullptr;
    bool fieldsRead = false;
    Status problem = Status::success();
    QStringList seen;
    const bool ok = in.object([&](const QString &key) {
        if (seen.contains(key))
            return in.fail("a key appears twice");
        seen.append(key);
        if (key == u"entity" || key == u"id") {
            QString &target = key == u"entity" ? record.entity : record.id;
            if (in.next('"'))
                return in.string(target);
            target.clear(); // not a string: no valid type or id
            return in.skipValue();
        }
        if (key == u"fields" && in.next('{')) {
            if (Schema::instance().entity(record.entity)) { // the type came first (as the server writes it)
                fieldsRead = true;
                problem = readFields(in, record, refusal);
                return problem.ok();
            }
            fieldsBegin = in.position(); // read once the type is known
            const bool read = in.skipValue();
            fieldsEnd = in.position();
            return read;
        }
        return in.skipValue();
    });
    if (!problem)
        return problem;
    if (!ok)
        return malformed(QStringLiteral("pull response is not valid JSON: ") + in.error());
    if (!fieldsRead && !fieldsBegin)
        return malformed(QStringLiteral("record must be an object with fields"));
    if (record.entity.isEmpty() || record.entity.size() > 64 || !Schema::isValidId(record.id))
        return malformed(QStringLiteral("record with unknown type or malformed id"));
    if (!Schema::instance().entity(record.entity)) { // a type of a newer version: set aside, fields unread
        refusal = QCoreApplication::translate("RemoteApplier", "Ukjent posttype.");
        return Status::success();
    }
    if (fieldsRead)
        return Status::success();
    JsonReader fields(fieldsBegin, fieldsEnd);
    return readFields(fields, record, refusal);
}

Status readDrop(JsonReader &in, RecordRef &ref)
{
    if (!in.next('{'))
        return malformed(QStringLiteral("malformed drop"));
    QStringList seen;
    const bool ok = in.object([&](const QString &key) {
        if (seen.contains(key))
            return in.fail("a key appears twice");
        seen.append(key);
        if ((key == u"entity" || key == u"id") && in.next('"'))
            return in.string(key == u"entity" ? ref.entity : ref.id);
        return in.skipValue();
    });
    if (!ok)
        return malformed(QStringLiteral("pull response is not valid JSON: ") + in.error());
    if (!Schema::instance().entity(ref.entity) || !Schema::isValidId(ref.id))
        return malformed(QStringLiteral("malformed drop"));
    return Status::success();
}

} // namespace

Result<PullResponse> PullResponse::parse(const QByteArray &json)
{
    JsonReader in(json.constData(), json.constData() + json.size());
    if (!in.next('{'))
        return malformed(QStringLiteral("body must be a JSON object"));
    PullResponse r;
    bool haveChanges = false, haveDrops = false, haveCursor = false, haveMore = false;
    QStringList seen;
    Status problem = Status::success();
    const bool ok = in.object([&](const QString &key) {
        if (seen.contains(key))
            return in.fail("a key appears twice");
        seen.append(key);
        if (key == u"changes" && in.next('[')) {
            haveChanges = true;
            return in.array([&] {
                Record record;
                QString refusal;
                problem = readRecord(in, record, refusal);
                if (!refusal.isEmpty())
                    r.refused.insert(r.changes.size(), refusal);
                r.changes.append(std::move(record));
                return problem.ok();
            });
        }
        if (key == u"drops" && in.next('[')) {
            haveDrops = true;
            return in.array([&] {
                RecordRef ref;
                problem = readDrop(in, ref);
                r.drops.append(std::move(ref));
                return problem.ok();
            });
        }
        if (key == u"cursor" && in.next('"')) {
            haveCursor = true;
            return in.string(r.cursor);
        }
        if ((key == u"more" || key == u"reset") && (in.next('t') || in.next('f'))) {
            QVariant flag;
            if (!in.literal(flag))
                return false;
            (key == u"more" ? r.more : r.reset) = flag.toBool();
            haveMore = haveMore || key == u"more";
            return true;
        }
        if (key == u"policy" && in.next('{')) {
            return in.object([&](const QString &name) {
                if (name == u"idle_lock_minutes" && !in.next('{') && !in.next('[')) {
                    QVariant minutes;
                    if (!in.scalar(minutes))
                        return false;
                    r.policy.idleLockMinutes = DevicePolicy::idleLockFrom(minutes);
                    return true;
                }
                return in.skipValue(); // a newer server's policy this version does not know
            });
        }
        if (key == u"server_time" && !in.next('{') && !in.next('[')) {
            QVariant time;
            if (!in.scalar(time))
                return false;
            // An exact non-negative integer, as every time in the protocol; anything else counts as none.
            const double d = time.typeId() == QMetaType::Double ? time.toDouble() : -1;
            if (d >= 0 && d <= 9007199254740991.0 && d == double(qint64(d)))
                r.serverTimeMs = qint64(d);
            return true;
        }
        return in.skipValue();
    });
    if (!problem)
        return problem.error();
    if (!ok || !in.atEnd())
        return malformed(QStringLiteral("body is not valid JSON: ")
            + (in.error().isEmpty() ? QStringLiteral("text after the object") : in.error()));
    if (!haveChanges || !haveDrops || !haveCursor || r.cursor.size() > 200 || !haveMore)
        return malformed(QStringLiteral("pull response lacks changes, drops, cursor or more"));
    return r;
}

} // namespace feltnotat::protocol
