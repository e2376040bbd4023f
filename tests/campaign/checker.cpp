#include "checker.h"

#include "core/conflicts.h"
#include "core/schema.h"
#include "e2efixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace feltnotat;

namespace campaign {

History::History(const QString &logPath)
{
    if (!logPath.isEmpty()) {
        m_file.setFileName(logPath);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qWarning("campaign: cannot write %s", qPrintable(logPath));
    }
}

void History::write(const QJsonObject &line)
{
    const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    m_digest.addData(text);
    if (m_file.isOpen()) {
        m_file.write(text);
        m_file.flush();
    }
}

void History::operation(const LoggedOp &op)
{
    m_ops.append(op);
    QJsonObject line = op.outcome.toJson();
    line.insert(QStringLiteral("step"), op.step);
    line.insert(QStringLiteral("device"), op.device);
    line.insert(QStringLiteral("in_doubt"), op.inDoubt);
    line.insert(QStringLiteral("tag"), op.tag);
    write(line);
}

void History::acknowledged(int device, qint64 through)
{
    if (through <= m_acks.value(device))
        return;
    m_acks.insert(device, through);
    write({{QStringLiteral("ack"), through}, {QStringLiteral("device"), device}});
}

void History::fault(int step, const QString &what)
{
    ++m_faults;
    write({{QStringLiteral("fault"), what}, {QStringLiteral("step"), step}});
}

void History::note(const QString &text)
{
    write({{QStringLiteral("note"), text}});
}

void History::state(const QString &name, const QJsonObject &value)
{
    write({{QStringLiteral("state"), name}, {QStringLiteral("value"), value}});
}

namespace {

QString tableOf(const QString &entity)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    return spec ? spec->table : QString();
}

QString key(const QString &id, const QString &field)
{
    return id + u'/' + field;
}

// The facts of the run, indexed for the checks.
struct Facts
{
    QHash<QString, QString> created; // id → entity, for creates that certainly happened
    QSet<QString> deleted; // ids certainly deleted
    QHash<QString, QSet<QString>> prevs; // record/field → values some write knowingly replaced
    QHash<QString, QSet<QString>> written; // record/field → every value written
    QList<QString> inDoubtTags;
    QHash<int, int> lastInDoubtStep; // device → step of its last in-doubt operation
    bool deleteInDoubt = false; // a delete of an unknown record may have happened
    qsizetype createsInDoubt = 0;
};

Facts collect(const History &history)
{
    Facts f;
    for (const LoggedOp &op : history.ops()) {
        if (op.inDoubt) {
            f.inDoubtTags << op.tag;
            f.lastInDoubtStep[op.device] = std::max(f.lastInDoubtStep.value(op.device, -1), op.step);
            f.deleteInDoubt = f.deleteInDoubt || op.outcome.kind == u"delete";
            f.createsInDoubt += op.outcome.kind == u"create" ? 1 : 0;
            continue;
        }
        const OpOutcome &o = op.outcome;
        if (!o.ok || o.nothingToDo)
            continue;
        if (o.kind == u"create")
            f.created.insert(o.id, o.entity);
        if (o.kind == u"delete") {
            f.deleted.insert(o.id);
            for (const QString &child : o.alsoDeleted)
                f.deleted.insert(child);
        }
        for (const FieldWrite &w : o.writes) {
            f.prevs[key(w.id, w.field)].insert(w.prev);
            f.written[key(w.id, w.field)].insert(w.value);
        }
    }
    return f;
}

bool fromInDoubt(const Facts &f, const QString &value)
{
    return std::any_of(f.inDoubtTags.cbegin(), f.inDoubtTags.cend(),
        [&value](const QString &tag) { return value.contains(tag); });
}

// record/field → lost values of the conflicts in a snapshot.
QHash<QString, QSet<QString>> lostValues(const QJsonObject &snapshot)
{
    QHash<QString, QSet<QString>> out;
    for (const auto &c : snapshot.value(QStringLiteral("conflicts")).toObject()) {
        const QJsonObject o = c.toObject();
        out[key(o.value(QStringLiteral("record_id")).toString(), o.value(QStringLiteral("field")).toString())]
            .insert(o.value(QStringLiteral("lost_value")).toString());
    }
    return out;
}

QJsonObject recordIn(const QJsonObject &snapshot, const QString &entity, const QString &id)
{
    return snapshot.value(tableOf(entity)).toObject().value(id).toObject();
}

enum class Fate { Kept, Superseded, InConflict, RecordGone, Undetermined, Lost };

// Where a write's value went, in one snapshot of the server.
Fate fateOf(const Facts &f, const LoggedOp &op, const FieldWrite &w, const QJsonObject &snapshot,
    const QHash<QString, QSet<QString>> &lost)
{
    const QJsonObject record = recordIn(snapshot, w.entity, w.id);
    if (record.isEmpty())
        return f.deleted.contains(w.id) || f.deleteInDoubt ? Fate::RecordGone : Fate::Lost;
    const QString k = key(w.id, w.field);
    if (record.value(w.field).toString() == w.value)
        return Fate::Kept;
    if (f.prevs.value(k).contains(w.value))
        return Fate::Superseded;
    if (lost.value(k).contains(Conflicts::encodeValue(w.value)))
        return Fate::InConflict;
    // A later operation of the same device that is in doubt may have replaced it without our knowing.
    if (f.lastInDoubtStep.value(op.device, -1) > op.step || fromInDoubt(f, record.value(w.field).toString()))
        return Fate::Undetermined;
    return Fate::Lost;
}

QString describe(const LoggedOp &op, const FieldWrite &w)
{
    return QStringLiteral("%1 %2.%3 = \"%4\" (step %5, device %6, seq %7)")
        .arg(w.entity, w.id, w.field, w.value)
        .arg(op.step)
        .arg(op.device)
        .arg(op.outcome.seq);
}

// Two writes of different devices based on the same value: concurrent.
bool hasConcurrentSibling(const History &history, const LoggedOp &op, const FieldWrite &w)
{
    for (const LoggedOp &other : history.ops()) {
        if (other.device == op.device || other.inDoubt)
            continue;
        for (const FieldWrite &o : other.outcome.writes) {
            if (o.id == w.id && o.field == w.field && o.prev == w.prev && o.value != w.value)
                return true;
        }
    }
    return false;
}

void checkAckedAtStop(const Facts &f, const CheckInput &in, CheckResult &result)
{
    const QHash<QString, QSet<QString>> lost = lostValues(in.serverAtStop);
    for (const LoggedOp &op : in.history->ops()) {
        const OpOutcome &o = op.outcome;
        if (op.inDoubt || !o.ok || o.nothingToDo || o.seq > in.acksAtStop.value(op.device))
            continue;
        if (o.kind == u"create" && recordIn(in.serverAtStop, o.entity, o.id).isEmpty()
            && !f.deleted.contains(o.id) && !f.deleteInDoubt)
            result.anomalies << QStringLiteral(
                "acknowledged create missing on the server when the faults stopped: "
                "%1 %2 (step %3, device %4)")
                                    .arg(o.entity, o.id)
                                    .arg(op.step)
                                    .arg(op.device);
        for (const FieldWrite &w : o.writes) {
            if (fateOf(f, op, w, in.serverAtStop, lost) == Fate::Lost)
                result.anomalies << QStringLiteral("acknowledged write missing on the server when the faults "
                                                   "stopped: %1")
                                        .arg(describe(op, w));
        }
    }
}

void checkFinal(const Facts &f, const CheckInput &in, CheckResult &result)
{
    const QJsonObject &server = in.serverFinal;
    const QHash<QString, QSet<QString>> lost = lostValues(server);
    // Records: there unless deleted; deleted ones stay away.
    for (auto it = f.created.cbegin(); it != f.created.cend(); ++it) {
        const bool present = !recordIn(server, it.value(), it.key()).isEmpty();
        if (f.deleted.contains(it.key()) && present)
            result.anomalies << QStringLiteral("deleted %1 %2 is back").arg(it.value(), it.key());
        else if (!f.deleted.contains(it.key()) && !f.deleteInDoubt && !present)
            result.anomalies << QStringLiteral("created %1 %2 is missing").arg(it.value(), it.key());
    }
    // Writes.
    for (const LoggedOp &op : in.history->ops()) {
        if (op.inDoubt || !op.outcome.ok)
            continue;
        for (const FieldWrite &w : op.outcome.writes) {
            ++result.writesChecked;
            switch (fateOf(f, op, w, server, lost)) {
            case Fate::Kept:
                ++result.kept;
                break;
            case Fate::Superseded:
                ++result.superseded;
                break;
            case Fate::InConflict:
                ++result.inConflict;
                break;
            case Fate::RecordGone:
                break;
            case Fate::Undetermined:
                ++result.undetermined;
                break;
            case Fate::Lost:
                result.anomalies << (hasConcurrentSibling(*in.history, op, w)
                        ? QStringLiteral("concurrent write lost without a conflict: %1")
                        : QStringLiteral("write lost: %1"))
                                        .arg(describe(op, w));
                break;
            }
        }
    }
    // Every value in the server's records was written by someone, and by one write in one place.
    QHash<QString, QString> placeOf; // value → record/field
    QStringList unknown; // records no logged create made
    for (auto fields = editableFields().cbegin(); fields != editableFields().cend(); ++fields) {
        const QJsonObject records = server.value(tableOf(fields.key())).toObject();
        for (auto r = records.begin(); r != records.end(); ++r) {
            const bool known = f.created.contains(r.key());
            bool inDoubtRecord = false;
            for (const QString &field : fields.value()) {
                const QString v = r.value().toObject().value(field).toString();
                if (v.isEmpty())
                    continue;
                const bool doubtful = fromInDoubt(f, v);
                inDoubtRecord = inDoubtRecord || doubtful;
                if (!f.written.value(key(r.key(), field)).contains(v) && !doubtful)
                    result.anomalies << QStringLiteral("%1 %2.%3 holds a value nobody wrote there: \"%4\"")
                                            .arg(fields.key(), r.key(), field, v);
                if (const QString other = placeOf.value(v); !other.isEmpty())
                    result.anomalies << QStringLiteral("duplicate: \"%1\" in %2 and %3")
                                            .arg(v, other, key(r.key(), field));
                placeOf.insert(v, key(r.key(), field));
            }
            if (!known)
                unknown << QStringLiteral("%1 %2%3").arg(
                    fields.key(), r.key(), inDoubtRecord ? QStringLiteral(" (in doubt)") : QString());
        }
    }
    // A create in doubt (the device killed while it wrote) may have made one record, which later edits may
    // have changed beyond recognition; more records than that were made by nobody, or twice.
    if (unknown.size() > f.createsInDoubt)
        result.anomalies << QStringLiteral(
            "%1 record(s) on the server that no create made (%2 create(s) in doubt): %3")
                                .arg(unknown.size())
                                .arg(f.createsInDoubt)
                                .arg(unknown.join(QStringLiteral(", ")));
    QSet<QString> conflictKeys;
    for (const auto &c : server.value(QStringLiteral("conflicts")).toObject()) {
        const QJsonObject o = c.toObject();
        const QString k = key(o.value(QStringLiteral("record_id")).toString(),
                              o.value(QStringLiteral("field")).toString())
            + u'/' + o.value(QStringLiteral("lost_value")).toString();
        if (conflictKeys.contains(k))
            result.anomalies << QStringLiteral("conflict recorded twice: %1").arg(k);
        conflictKeys.insert(k);
    }
    // Devices: caught up, the same data, each mutation taken once.
    for (const DeviceEnd &d : in.devices) {
        if (!d.stuckReason.isEmpty())
            result.anomalies << QStringLiteral("%1 stuck: %2").arg(d.name, d.stuckReason);
        if (d.deadLetters > 0)
            result.anomalies << QStringLiteral("%1 has %2 dead letter(s)").arg(d.name).arg(d.deadLetters);
        if (d.serverLastSeq != d.lastSeq)
            result.anomalies << QStringLiteral("%1: the server has sequence %2, the device %3")
                                    .arg(d.name)
                                    .arg(d.serverLastSeq)
                                    .arg(d.lastSeq);
        const QString diff = e2e::diffSnapshots(server, d.snapshot, QStringLiteral("server"), d.name);
        if (!diff.isEmpty())
            result.anomalies << QStringLiteral("%1 differs from the server:\n%2").arg(d.name, diff);
    }
}

} // namespace

CheckResult check(const CheckInput &input)
{
    CheckResult result;
    Facts f = collect(*input.history);
    checkAckedAtStop(f, input, result);
    checkFinal(f, input, result);
    return result;
}

} // namespace campaign
