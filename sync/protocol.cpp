#include "protocol.h"

#include "core/hlc.h"
#include "core/schema.h"
#include "strictjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace feltnotat::protocol {

namespace {

Error malformed(const QString &message)
{
    return makeError(ErrorCode::Protocol, message);
}

Result<QJsonObject> parseObject(const QByteArray &json)
{
    if (Status s = checkStrictJson(json); !s)
        return s.error();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return malformed(QStringLiteral("body is not valid JSON: ") + error.errorString());
    if (!doc.isObject())
        return malformed(QStringLiteral("body must be a JSON object"));
    return doc.object();
}

// Strict shape checks: only known keys, and the types we expect.
Status onlyKeys(const QJsonObject &o, const QSet<QString> &allowed, const QString &where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()))
            return malformed(QStringLiteral("unknown key in %1: %2").arg(where, it.key().left(40)));
    }
    return Status::success();
}

Result<QString> requiredString(const QJsonObject &o, const QString &key, int maxLength)
{
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return malformed(QStringLiteral("%1 must be a string").arg(key));
    const QString s = v.toString();
    if (s.isEmpty() || s.size() > maxLength)
        return malformed(QStringLiteral("%1 is empty or too long").arg(key));
    return s;
}

// JSON numbers are doubles; sequence numbers and times must be exact non-negative integers.
std::optional<qint64> exactInteger(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d < 0 || d > 9007199254740991.0 || d != double(qint64(d)))
        return std::nullopt;
    return qint64(d);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

bool isValidDeviceId(QStringView id)
{
    return id.size() >= 16 && id.size() <= 64 && Hlc::isValidNode(id);
}

QByteArray ApiError::toJson() const
{
    QJsonObject e {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        e.insert(QStringLiteral("field"), field);
    QJsonObject o {{QStringLiteral("error"), e}};
    if (code == u"protocol_version")
        o.insert(QStringLiteral("supported"), QJsonArray {Version});
    return compact(o);
}

ApiError ApiError::fromResponse(int httpStatus, const QByteArray &body)
{
    ApiError e;
    e.httpStatus = httpStatus;
    const QJsonObject error
        = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    e.code = error.value(QStringLiteral("code")).toString();
    e.message = error.value(QStringLiteral("message")).toString().left(500);
    e.field = error.value(QStringLiteral("field")).toString().left(64);
    if (e.code.isEmpty())
        e.code
            = httpStatus >= 500 ? QStringLiteral("unavailable") : QStringLiteral("http_%1").arg(httpStatus);
    return e;
}

QByteArray LoginRequest::toJson() const
{
    return compact({{QStringLiteral("login"), login}, {QStringLiteral("password"), password},
        {QStringLiteral("device_id"), deviceId}, {QStringLiteral("device_name"), deviceName}});
}

Result<LoginRequest> LoginRequest::parse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    const QSet<QString> keys {QStringLiteral("login"), QStringLiteral("password"),
        QStringLiteral("device_id"), QStringLiteral("device_name")};
    if (Status s = onlyKeys(*o, keys, QStringLiteral("login")); !s)
        return s.error();
    LoginRequest r;
    auto login = requiredString(*o, QStringLiteral("login"), 100);
    auto password = requiredString(*o, QStringLiteral("password"), 1024);
    auto device = requiredString(*o, QStringLiteral("device_id"), 64);
    for (const auto *part : {&login, &password, &device}) {
        if (!*part)
            return part->error();
    }
    if (!isValidDeviceId(device.value()))
        return malformed(QStringLiteral("device_id must be 16-64 letters, digits or _"));
    r.login = login.value();
    r.password = password.value();
    r.deviceId = device.value();
    r.deviceName = o->value(QStringLiteral("device_name")).toString().left(100);
    return r;
}

Status parseLogoutRequest(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return Status::success();
    auto o = parseObject(json);
    if (!o)
        return o.error();
    return onlyKeys(*o, {}, QStringLiteral("logout"));
}

QJsonObject DevicePolicy::toJson() const
{
    QJsonObject o;
    if (idleLockMinutes > 0)
        o.insert(QStringLiteral("idle_lock_minutes"), idleLockMinutes);
    return o;
}

int DevicePolicy::idleLockFrom(const QVariant &value)
{
    const int type = value.typeId();
    if (type != QMetaType::Double && type != QMetaType::LongLong && type != QMetaType::Int)
        return 0; // a string, a boolean, null
    const double d = value.toDouble();
    return d >= MinIdleLockMinutes && d <= MaxIdleLockMinutes && d == double(int(d)) ? int(d) : 0;
}

DevicePolicy DevicePolicy::fromJson(const QJsonValue &value)
{
    DevicePolicy p;
    p.idleLockMinutes = idleLockFrom(value.toObject().value(QStringLiteral("idle_lock_minutes")).toVariant());
    return p;
}

QByteArray LoginResponse::toJson() const
{
    QJsonObject o {{QStringLiteral("token"), token}, {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("user"),
            QJsonObject {{QStringLiteral("id"), user.id}, {QStringLiteral("name"), user.name},
                {QStringLiteral("team"), user.team}, {QStringLiteral("team_name"), user.teamName}}}};
    if (!policy.isEmpty())
        o.insert(QStringLiteral("policy"), policy.toJson());
    return compact(o);
}

Result<LoginResponse> LoginResponse::parse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    LoginResponse r;
    const QJsonObject user = o->value(QStringLiteral("user")).toObject();
    r.token = o->value(QStringLiteral("token")).toString();
    r.deviceId = o->value(QStringLiteral("device_id")).toString();
    r.user = {user.value(QStringLiteral("id")).toString(), user.value(QStringLiteral("name")).toString(),
        user.value(QStringLiteral("team")).toString(), user.value(QStringLiteral("team_name")).toString()};
    r.policy = DevicePolicy::fromJson(o->value(QStringLiteral("policy")));
    if (r.token.isEmpty() || r.user.id.isEmpty() || r.user.team.isEmpty())
        return malformed(QStringLiteral("login response lacks token or user"));
    return r;
}

QByteArray PushRequest::encode(const QString &deviceId, const QList<Mutation> &mutations)
{
    QJsonArray list;
    for (const Mutation &m : mutations) {
        const EntitySpec *spec = Schema::instance().entity(m.entity);
        if (!spec)
            continue;
        QJsonObject o {{QStringLiteral("seq"), m.seq}, {QStringLiteral("entity"), m.entity},
            {QStringLiteral("id"), m.recordId}, {QStringLiteral("fields"), m.changesToJson(*spec)}};
        if (!m.seen.isEmpty())
            o.insert(QStringLiteral("seen"), m.seen);
        list.append(o);
    }
    return compact({{QStringLiteral("device_id"), deviceId}, {QStringLiteral("mutations"), list}});
}

Result<PushRequest> PushRequest::parse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    if (Status s
        = onlyKeys(*o, {QStringLiteral("device_id"), QStringLiteral("mutations")}, QStringLiteral("push"));
        !s)
        return s.error();
    auto device = requiredString(*o, QStringLiteral("device_id"), 64);
    if (!device)
        return device.error();
    const QJsonValue list = o->value(QStringLiteral("mutations"));
    if (!list.isArray())
        return malformed(QStringLiteral("mutations must be an array"));
    const QJsonArray array = list.toArray();
    if (array.size() > limits::MaxMutationsPerPush)
        return makeError(ErrorCode::TooLarge, QStringLiteral("too many mutations in one push"));

    PushRequest request;
    request.deviceId = device.value();
    qint64 previous = 0;
    const QSet<QString> keys {QStringLiteral("seq"), QStringLiteral("entity"), QStringLiteral("id"),
        QStringLiteral("fields"), QStringLiteral("seen")};
    for (const QJsonValue &v : array) {
        if (!v.isObject())
            return malformed(QStringLiteral("a mutation must be an object"));
        const QJsonObject m = v.toObject();
        if (Status s = onlyKeys(m, keys, QStringLiteral("mutation")); !s)
            return s.error();
        const auto seq = exactInteger(m.value(QStringLiteral("seq")));
        if (!seq || *seq <= previous)
            return malformed(QStringLiteral("seq must be a positive integer, increasing within the batch"));
        previous = *seq;
        if (!m.value(QStringLiteral("entity")).isString() || !m.value(QStringLiteral("id")).isString()
            || !m.value(QStringLiteral("fields")).isObject())
            return malformed(QStringLiteral("a mutation needs entity, id and fields"));
        const QJsonValue seen = m.value(QStringLiteral("seen"));
        if (!seen.isUndefined() && (!seen.isString() || seen.toString().size() > 128))
            return malformed(QStringLiteral("seen must be a pull cursor"));

        PushItem item;
        item.mutation.seq = *seq;
        item.mutation.entity = m.value(QStringLiteral("entity")).toString().left(32);
        item.mutation.recordId = m.value(QStringLiteral("id")).toString().left(64);
        item.mutation.seen = seen.toString();
        const EntitySpec *spec = Schema::instance().entity(item.mutation.entity);
        const QJsonObject fields = m.value(QStringLiteral("fields")).toObject();
        if (!spec) {
            item.problem = makeError(ErrorCode::Invalid, QStringLiteral("unknown record type"));
        } else if (!Schema::isValidId(item.mutation.recordId)) {
            item.problem = makeError(ErrorCode::Invalid, QStringLiteral("malformed record id"));
        } else if (fields.isEmpty()) {
            item.problem
                = makeError(ErrorCode::Invalid, QStringLiteral("a mutation must change at least one field"));
        } else {
            auto changes = Mutation::changesFromJson(*spec, fields);
            if (changes)
                item.mutation.changes = changes.value();
            else
                item.problem = changes.error();
        }
        request.items.append(std::move(item));
    }
    return request;
}

QByteArray PushResponse::toJson() const
{
    QJsonArray list;
    for (const PushRejection &r : rejected) {
        QJsonObject o {{QStringLiteral("seq"), r.seq}, {QStringLiteral("code"), r.code},
            {QStringLiteral("message"), r.message},
            {QStringLiteral("record"), r.record ? QJsonValue(recordToJson(*r.record)) : QJsonValue()}};
        if (!r.field.isEmpty())
            o.insert(QStringLiteral("field"), r.field);
        list.append(o);
    }
    return compact({{QStringLiteral("applied_through"), appliedThrough}, {QStringLiteral("rejected"), list},
        {QStringLiteral("server_time"), serverTimeMs}});
}

Result<PushResponse> PushResponse::parse(const QByteArray &json)
{
    auto o = parseObject(json);
    if (!o)
        return o.error();
    PushResponse r;
    const auto through = exactInteger(o->value(QStringLiteral("applied_through")));
    if (!through || !o->value(QStringLiteral("rejected")).isArray())
        return malformed(QStringLiteral("push response lacks applied_through or rejected"));
    r.appliedThrough = *through;
    r.serverTimeMs = exactInteger(o->value(QStringLiteral("server_time"))).value_or(0);
    for (const QJsonValue &v : o->value(QStringLiteral("rejected")).toArray()) {
        const QJsonObject e = v.toObject();
        PushRejection rej;
        const auto seq = exactInteger(e.value(QStringLiteral("seq")));
        if (!seq)
            return malformed(QStringLiteral("rejection without seq"));
        rej.seq = *seq;
        rej.code = e.value(QStringLiteral("code")).toString().left(32);
        rej.message = e.value(QStringLiteral("message")).toString().left(500);
        rej.field = e.value(QStringLiteral("field")).toString().left(64);
        const QJsonValue record = e.value(QStringLiteral("record"));
        if (record.isObject()) {
            auto rec = recordFromJson(record);
            if (!rec)
                return rec.error();
            rej.record = rec.value();
        }
        r.rejected.append(rej);
    }
    return r;
}

QJsonObject fieldsToJson(const Record &record)
{
    QJsonObject fields;
    const EntitySpec *spec = Schema::instance().entity(record.entity);
    if (!spec)
        return fields;
    for (const FieldSpec &f : spec->fields) {
        const auto clock = record.clocks.constFind(f.name);
        if (clock == record.clocks.cend())
            continue;
        fields.insert(f.name, QJsonArray {Schema::toJson(f, record.values.value(f.name)), *clock});
    }
    return fields;
}

Status fieldsFromJson(const QJsonObject &fields, Record &record)
{
    const EntitySpec *spec = Schema::instance().entity(record.entity);
    if (!spec)
        return malformed(QStringLiteral("unknown record type"));
    QString checkedClock; // most fields of a record share one clock: parse each distinct one once
    bool anyChecked = false;
    // Room for every field up front: growing a hash re-hashes every key it holds.
    record.values.reserve(fields.size());
    record.clocks.reserve(fields.size());
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const FieldSpec *f = spec->field(it.key());
        const QJsonArray pair = it.value().toArray();
        if (!f || !it.value().isArray() || pair.size() != 2 || !pair.at(1).isString())
            return malformed(QStringLiteral("malformed field in record"));
        QString clock = pair.at(1).toString();
        if (!anyChecked || clock != checkedClock) {
            if (!Hlc::parse(clock))
                return malformed(QStringLiteral("malformed field in record"));
            checkedClock = clock;
            anyChecked = true;
        } else {
            clock = checkedClock; // one shared string per distinct clock: less memory, cheap comparisons
        }
        auto value = Schema::fromJson(*f, pair.at(0));
        if (!value)
            return value.error();
        if (!value.value().isNull())
            record.values.insert(f->name, value.value());
        record.clocks.insert(f->name, clock);
    }
    return Status::success();
}

QJsonObject recordToJson(const Record &record)
{
    return {{QStringLiteral("entity"), record.entity}, {QStringLiteral("id"), record.id},
        {QStringLiteral("fields"), fieldsToJson(record)}};
}

Result<Record> recordFromJson(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    if (!value.isObject() || !o.value(QStringLiteral("fields")).isObject())
        return malformed(QStringLiteral("record must be an object with fields"));
    Record r;
    r.entity = o.value(QStringLiteral("entity")).toString();
    r.id = o.value(QStringLiteral("id")).toString();
    if (!Schema::instance().entity(r.entity) || !Schema::isValidId(r.id))
        return malformed(QStringLiteral("record with unknown type or malformed id"));
    if (Status s = fieldsFromJson(o.value(QStringLiteral("fields")).toObject(), r); !s)
        return s.error();
    return r;
}

QByteArray PullResponse::toJson() const
{
    QJsonArray changeList;
    for (const Record &r : changes)
        changeList.append(recordToJson(r));
    QJsonArray dropList;
    for (const RecordRef &d : drops)
        dropList.append(QJsonObject {{QStringLiteral("entity"), d.entity}, {QStringLiteral("id"), d.id}});
    QJsonObject o {{QStringLiteral("changes"), changeList}, {QStringLiteral("drops"), dropList},
        {QStringLiteral("cursor"), cursor}, {QStringLiteral("more"), more}, {QStringLiteral("reset"), reset},
        {QStringLiteral("server_time"), serverTimeMs}};
    if (!policy.isEmpty())
        o.insert(QStringLiteral("policy"), policy.toJson());
    return compact(o);
}

// PullResponse::parse is in pullparse.cpp.

} // namespace feltnotat::protocol
