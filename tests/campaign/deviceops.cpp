#include "deviceops.h"

#include "core/conflicts.h"
#include "core/outbox.h"
#include "core/storequeries.h"
#include "support/testdata.h"

#include <QJsonArray>

using namespace feltnotat;

namespace campaign {

namespace {

const QString Participant = QStringLiteral("participant");
const QString Employer = QStringLiteral("employer");
const QString Encounter = QStringLiteral("encounter");

// Live records of one type in id order (ids are UUIDv7: creation order, the same in every run).
QList<Record> live(Store &store, const QString &entity)
{
    return StoreQueries(store).select(entity, {}, {}, QStringLiteral("id"));
}

OpOutcome failed(OpOutcome out, const QString &error)
{
    out.ok = false;
    out.error = error;
    return out;
}

OpOutcome done(OpOutcome out, Store &store)
{
    out.ok = true;
    out.seq = Outbox(store).lastSeq();
    return out;
}

OpOutcome create(Store &store, quint64 pick, const QString &tag)
{
    OpOutcome out;
    out.kind = QStringLiteral("create");
    const int kind = int(pick % 10);
    out.entity = kind < 5 ? Participant : kind < 7 ? Employer : Encounter;
    QVariantHash values;
    const QString name = QStringLiteral("Navn %1").arg(tag);
    if (out.entity == Participant) {
        values = testdata::participant(name);
        values.insert(QStringLiteral("goals_short"), QStringLiteral("Mål %1").arg(tag));
    } else if (out.entity == Employer) {
        values = testdata::employer(name);
        values.insert(QStringLiteral("industry"), QStringLiteral("Bransje %1").arg(tag));
    } else {
        const QList<Record> participants = live(store, Participant);
        if (participants.isEmpty()) {
            out.nothingToDo = true;
            out.ok = true;
            return out;
        }
        const Record &p = participants.at(qsizetype((pick / 10) % quint64(participants.size())));
        values
            = testdata::encounter(p.id, store.clock().now().addDays(-1), QStringLiteral("Notat %1").arg(tag));
    }
    auto created = store.create(out.entity, values);
    if (!created)
        return failed(out, created.errorString());
    out.id = created->id;
    for (const QString &f : editableFields().value(out.entity)) {
        if (values.contains(f))
            out.writes.append({out.entity, out.id, f, values.value(f).toString(), {}});
    }
    return done(out, store);
}

OpOutcome edit(Store &store, quint64 pick, const QString &tag)
{
    OpOutcome out;
    out.kind = QStringLiteral("edit");
    const QList<QString> entities {Participant, Employer, Encounter};
    out.entity = entities.at(qsizetype(pick % 3));
    const QList<Record> records = live(store, out.entity);
    if (records.isEmpty()) {
        out.nothingToDo = true;
        out.ok = true;
        return out;
    }
    const Record &r = records.at(qsizetype((pick / 3) % quint64(records.size())));
    out.id = r.id;
    const QStringList fields = editableFields().value(out.entity);
    QVariantHash changes;
    quint64 rest = pick / 3 / quint64(records.size());
    const int count = 1 + int(rest % 2);
    rest /= 2;
    for (int i = 0; i < count; ++i) {
        const QString &f = fields.at(qsizetype(rest % quint64(fields.size())));
        rest /= quint64(fields.size());
        if (changes.contains(f))
            continue;
        const QString v = QStringLiteral("Verdi %1-%2").arg(tag).arg(i);
        changes.insert(f, v);
        out.writes.append({out.entity, r.id, f, v, r.text(f)});
    }
    auto updated = store.update(out.entity, r.id, changes);
    if (!updated)
        return failed(out, updated.errorString());
    return done(out, store);
}

OpOutcome remove(Store &store, quint64 pick)
{
    OpOutcome out;
    out.kind = QStringLiteral("delete");
    // Encounters and employers more often than participants, so records live long enough to be edited.
    const int kind = int(pick % 4);
    out.entity = kind == 0 ? Participant : kind == 1 ? Employer : Encounter;
    const QList<Record> records = live(store, out.entity);
    if (records.isEmpty()) {
        out.nothingToDo = true;
        out.ok = true;
        return out;
    }
    out.id = records.at(qsizetype((pick / 4) % quint64(records.size()))).id;
    for (const Record &child : store.childrenOf(out.id, false))
        out.alsoDeleted << child.id;
    if (Status s = store.remove(out.entity, out.id); !s)
        return failed(out, s.errorString());
    return done(out, store);
}

OpOutcome resolve(Store &store, quint64 pick, const QString &tag)
{
    OpOutcome out;
    out.kind = QStringLiteral("resolve");
    Conflicts conflicts(store);
    QList<Record> open = conflicts.open();
    std::sort(open.begin(), open.end(), [](const Record &a, const Record &b) { return a.id < b.id; });
    if (open.isEmpty()) {
        out.nothingToDo = true;
        out.ok = true;
        return out;
    }
    const Record c = open.at(qsizetype(pick % quint64(open.size())));
    out.entity = c.text(QStringLiteral("entity"));
    out.id = c.text(QStringLiteral("record_id"));
    const QString field = c.text(QStringLiteral("field"));
    const auto record = store.get(out.entity, out.id);
    const QString v = QStringLiteral("Løst %1").arg(tag);
    if (Status s = conflicts.resolve(c.id, Conflicts::Choice::Custom, v); !s)
        return failed(out, s.errorString());
    if (record && editableFields().value(out.entity).contains(field))
        out.writes.append({out.entity, out.id, field, v, record->text(field)});
    return done(out, store);
}

} // namespace

const QHash<QString, QStringList> &editableFields()
{
    static const QHash<QString, QStringList> fields {
        {Participant, {QStringLiteral("name"), QStringLiteral("goals_short"), QStringLiteral("preferences")}},
        {Employer, {QStringLiteral("name"), QStringLiteral("industry"), QStringLiteral("city")}},
        {Encounter, {QStringLiteral("note"), QStringLiteral("outcome"), QStringLiteral("next_step")}},
    };
    return fields;
}

QString opName(OpKind kind)
{
    switch (kind) {
    case OpKind::Create:
        return QStringLiteral("create");
    case OpKind::Edit:
        return QStringLiteral("edit");
    case OpKind::Delete:
        return QStringLiteral("delete");
    case OpKind::Resolve:
        return QStringLiteral("resolve");
    }
    return {};
}

std::optional<OpKind> opFromName(const QString &name)
{
    for (OpKind k : {OpKind::Create, OpKind::Edit, OpKind::Delete, OpKind::Resolve}) {
        if (opName(k) == name)
            return k;
    }
    return std::nullopt;
}

qint64 unexpectedDeadLetters(Store &store)
{
    const QList<DeadLetter> all = Outbox(store).deadLetters();
    return std::count_if(all.begin(), all.end(), [](const DeadLetter &d) { return d.code != u"deleted"; });
}

OpOutcome perform(Store &store, OpKind kind, quint64 pick, const QString &tag)
{
    switch (kind) {
    case OpKind::Create:
        return create(store, pick, tag);
    case OpKind::Edit:
        return edit(store, pick, tag);
    case OpKind::Delete:
        return remove(store, pick);
    case OpKind::Resolve:
        return resolve(store, pick, tag);
    }
    return {};
}

QJsonObject OpOutcome::toJson() const
{
    QJsonArray w;
    for (const FieldWrite &f : writes)
        w.append(QJsonArray {f.entity, f.id, f.field, f.value, f.prev});
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("nothing"), nothingToDo},
        {QStringLiteral("error"), error}, {QStringLiteral("kind"), kind}, {QStringLiteral("entity"), entity},
        {QStringLiteral("id"), id}, {QStringLiteral("writes"), w}, {QStringLiteral("seq"), seq},
        {QStringLiteral("also_deleted"), QJsonArray::fromStringList(alsoDeleted)}};
}

OpOutcome OpOutcome::fromJson(const QJsonObject &o)
{
    OpOutcome out;
    out.ok = o.value(QStringLiteral("ok")).toBool();
    out.nothingToDo = o.value(QStringLiteral("nothing")).toBool();
    out.error = o.value(QStringLiteral("error")).toString();
    out.kind = o.value(QStringLiteral("kind")).toString();
    out.entity = o.value(QStringLiteral("entity")).toString();
    out.id = o.value(QStringLiteral("id")).toString();
    out.seq = o.value(QStringLiteral("seq")).toInteger();
    for (const auto &v : o.value(QStringLiteral("also_deleted")).toArray())
        out.alsoDeleted << v.toString();
    for (const auto &v : o.value(QStringLiteral("writes")).toArray()) {
        const QJsonArray a = v.toArray();
        out.writes.append({a.at(0).toString(), a.at(1).toString(), a.at(2).toString(), a.at(3).toString(),
            a.at(4).toString()});
    }
    return out;
}

} // namespace campaign
