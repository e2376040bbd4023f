#pragma once

#include "core/outbox.h"
#include "core/record.h"
#include "core/remoteapplier.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Messages of sync protocol version 1 (docs/sync-protocol.md) and their strict JSON form.
// Shared by the client sync engine and the server; parsing never trusts the other side.
namespace feltnotat::protocol {

constexpr int Version = 1;
inline const QByteArray VersionHeader = QByteArrayLiteral("Feltnotat-Protocol");

namespace limits {
constexpr qint64 MaxRequestBytes = 8 * 1024 * 1024; // on the wire
constexpr qint64 MaxDecodedBytes = 32 * 1024 * 1024; // after decompression
constexpr int MaxMutationsPerPush = 1000;
constexpr int DefaultPullLimit = 1000;
constexpr int MaxPullLimit = 5000;
// Records per page the app asks for; each page is applied in one transaction. Pages of 1,000 committed
// too often (applying ~1.2x slower); pages of 5,000 held a first sync's client at 95 MB above idle,
// 2,500 at 56 MB (docs/benchmarks.md).
constexpr int AppPullLimit = 2500;
// A pull page also ends before its record bodies pass this many characters (at most 24 MiB of UTF-8),
// so 5,000 records of long notes stay far below what a device accepts in one response.
constexpr qint64 MaxPullPageChars = 8 * 1024 * 1024;
constexpr int CompressAbove = 1024;
constexpr qint64 MaxClockSkewMs = 5 * 60 * 1000;
} // namespace limits

// The body of every error response.
struct ApiError
{
    int httpStatus = 500;
    QString code;
    QString message;
    QString field;

    QByteArray toJson() const;
    // Reads an error body; falls back to a generic error for bodies that are not one.
    static ApiError fromResponse(int httpStatus, const QByteArray &body);
};

struct LoginRequest
{
    QString login;
    QString password;
    QString deviceId;
    QString deviceName;

    QByteArray toJson() const;
    static Result<LoginRequest> parse(const QByteArray &json);
};

// POST /v1/logout: an empty body, or an object without keys ({} as the client sends it).
Status parseLogoutRequest(const QByteArray &json);

struct UserInfo
{
    QString id;
    QString name;
    QString team;
    QString teamName;
};

// What the server decides for its devices (docs/sync-protocol.md, "Device policy"), sent with the
// login and with every pull page as "policy": {"idle_lock_minutes": 5}. A value that is missing or
// out of range reads as 0: not given (an older server), the device keeps what it has.
struct DevicePolicy
{
    static constexpr int MinIdleLockMinutes = 1;
    static constexpr int MaxIdleLockMinutes = 60;
    int idleLockMinutes = 0;

    bool isEmpty() const { return idleLockMinutes == 0; }
    QJsonObject toJson() const;
    static DevicePolicy fromJson(const QJsonValue &value);
    // idle_lock_minutes as read from the wire (any JSON scalar): the minutes, or 0 when not valid.
    static int idleLockFrom(const QVariant &value);
};

struct LoginResponse
{
    QString token;
    QString deviceId;
    UserInfo user;
    DevicePolicy policy;

    QByteArray toJson() const;
    static Result<LoginResponse> parse(const QByteArray &json);
};

// One mutation as received: decoded and validated, or the reason it must be rejected.
struct PushItem
{
    Mutation mutation; // seq, entity and recordId are always set
    std::optional<Error> problem;
};

struct PushRequest
{
    QString deviceId;
    QList<PushItem> items;

    static QByteArray encode(const QString &deviceId, const QList<Mutation> &mutations);
    // Envelope errors (not JSON, wrong shape, seq not increasing, too many) fail the whole request;
    // problems inside one mutation are reported on its PushItem.
    static Result<PushRequest> parse(const QByteArray &json);
};

struct PushRejection
{
    qint64 seq = 0;
    QString code;
    QString message;
    QString field;
    std::optional<Record> record; // the server's state of the record, when the device may see it
};

struct PushResponse
{
    qint64 appliedThrough = 0;
    QList<PushRejection> rejected;
    qint64 serverTimeMs = 0;

    QByteArray toJson() const;
    static Result<PushResponse> parse(const QByteArray &json);
};

struct PullResponse
{
    QList<Record> changes;
    // Changes this device cannot store (a type, field, clock or value its rules refuse), by their index
    // in `changes`, with the reason: RemoteApplier sets them aside and the rest of the page is applied.
    QHash<qsizetype, QString> refused;
    QList<RecordRef> drops;
    QString cursor;
    bool more = false;
    bool reset = false;
    qint64 serverTimeMs = 0;
    DevicePolicy policy;

    QByteArray toJson() const;
    static Result<PullResponse> parse(const QByteArray &json);
};

// {"name": [value, clock], …} for every field with a clock.
QJsonObject fieldsToJson(const Record &record);
// Validates every field against the schema; the record's entity and id must already be set.
Status fieldsFromJson(const QJsonObject &fields, Record &record);
// {"entity": …, "id": …, "fields": {…}}
QJsonObject recordToJson(const Record &record);
Result<Record> recordFromJson(const QJsonValue &value);

bool isValidDeviceId(QStringView id);

} // namespace feltnotat::protocol
