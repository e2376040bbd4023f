#include "mutationapplier.h"

#include "core/clock.h"
#include "core/conflicts.h"
#include "core/hlc.h"
#include "core/merge.h"
#include "core/schema.h"
#include "core/validation.h"
#include "feedcursor.h"
#include "sqlbackend.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace feltnotat::server {

namespace {

const QString ConflictEntity = QStringLiteral("conflict");
const QString RestrictedField = QStringLiteral("restricted");

// The same answer whether the record belongs to another team, is restricted or does not exist,
// so that nothing can be learnt about records outside the device's scope.
Error outOfScope()
{
    return makeError(
        ErrorCode::Forbidden, QStringLiteral("Posten finnes ikke, eller du har ikke tilgang til den."));
}

Error referenceNotFound(const QString &field)
{
    return makeError(ErrorCode::NotFound,
        QStringLiteral("Posten det vises til finnes ikke, eller du har ikke tilgang til den."), field);
}

QString rejectionCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    default:
        return QStringLiteral("invalid");
    }
}

QString maxClock(const QList<FieldChange> &changes)
{
    QString out;
    for (const FieldChange &c : changes)
        out = std::max(out, c.clock);
    return out;
}

bool hasChange(const QList<FieldChange> &changes, const QString &field)
{
    return std::any_of(
        changes.begin(), changes.end(), [&field](const FieldChange &c) { return c.field == field; });
}

// Conflict values travel as JSON text ("\"Kari\"", "37.5", "true", "null"), see core/conflicts.h.
QString valueAsJsonText(const FieldSpec *field, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("null");
    return Conflicts::encodeValue(field ? Schema::toJson(*field, value) : QJsonValue::fromVariant(value));
}

} // namespace

MutationApplier::MutationApplier(SqlBackend &db, const Clock &clock, HlcClock &hlc, qint64 maxClockSkewMs)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
    , m_maxClockSkewMs(maxClockSkewMs)
    , m_store(db, clock)
{
    m_store.rememberFacts(); // every record write of the push goes through m_store
}

protocol::PushRejection MutationApplier::reject(
    qint64 seq, const Error &error, const std::optional<StoredRecord> &existing, const QString &teamId)
{
    protocol::PushRejection r;
    r.seq = seq;
    r.code = rejectionCode(error.code);
    r.message = error.message;
    r.field = error.field;
    if (existing && existing->teamId == teamId && !existing->hidden)
        r.record = existing->record;
    return r;
}

Result<std::optional<protocol::PushRejection>> MutationApplier::apply(
    const DeviceIdentity &who, const protocol::PushItem &item)
{
    const Mutation &m = item.mutation;
    std::optional<StoredRecord> existing;
    if (Schema::instance().entity(m.entity) && Schema::isValidId(m.recordId)) {
        auto loaded = m_store.load(m.entity, m.recordId);
        if (!loaded)
            return loaded.error();
        existing = std::move(loaded).value();
    }
    if (item.problem)
        return std::optional(reject(m.seq, *item.problem, existing, who.teamId));
    if (existing && (existing->teamId != who.teamId || existing->hidden))
        return std::optional(reject(m.seq, outOfScope(), existing, who.teamId));
    if (!existing) {
        // A change with a base clock edits a value the server would have to have; creating
        // conflict records is the server's business.
        const bool isUpdate = std::any_of(
            m.changes.begin(), m.changes.end(), [](const FieldChange &c) { return !c.base.isEmpty(); });
        if (isUpdate || m.entity == ConflictEntity)
            return std::optional(reject(m.seq, outOfScope(), existing, who.teamId));
    }
    if (existing && existing->record.isDeleted()) {
        // A delete wins over every edit that did not see it, whatever the clocks say (issue 20): only a
        // restore (`deleted: false` whose base is the delete's clock) writes to a deleted record again.
        // A base later than the delete's clock is the same delete as its device stamped it, before
        // this server moved a clock from the future back to now (restampClocks); an earlier base is a
        // restore of an older delete that did not see this one.
        // A repeated delete changes nothing; any other write is refused with the tombstone, so the
        // author's device keeps the edit in its list of refused changes and learns why.
        const QString deleteClock = existing->record.clocks.value(sys::Deleted);
        const auto deletedChange = std::find_if(
            m.changes.begin(), m.changes.end(), [](const FieldChange &c) { return c.field == sys::Deleted; });
        const bool restore = deletedChange != m.changes.end()
            && deletedChange->value.typeId() == QMetaType::Bool && !deletedChange->value.toBool()
            && !deletedChange->base.isEmpty() && deletedChange->base >= deleteClock;
        if (!restore) {
            const bool onlyDelete = std::all_of(m.changes.begin(), m.changes.end(), [](const FieldChange &c) {
                return c.field == sys::Deleted || c.field == sys::DeletedWith || c.field == sys::UpdatedBy
                    || c.field == sys::UpdatedAt;
            });
            if (onlyDelete)
                return std::optional<protocol::PushRejection>();
            protocol::PushRejection r = reject(m.seq,
                makeError(ErrorCode::Conflict,
                    QStringLiteral("Posten ble slettet av en kollega mens du endret den. Endringen din er "
                                   "ikke sendt, men tatt vare på her.")),
                existing, who.teamId);
            r.code = QStringLiteral("deleted");
            return std::optional(r);
        }
    }
    return applyChanges(who, m, existing);
}

void MutationApplier::restampClocks(QList<FieldChange> &changes)
{
    const qint64 now = m_clock.nowMs();
    for (FieldChange &c : changes) {
        if (const auto mapped = m_restamped.constFind(c.base); mapped != m_restamped.cend())
            c.base = *mapped;
        const auto hlc = Hlc::parse(c.clock);
        if (!hlc)
            continue; // the protocol parser has already refused malformed clocks
        if (hlc->wallMs > now + m_maxClockSkewMs) {
            const QString stamped = m_hlc.now().toString();
            m_restamped.insert(c.clock, stamped);
            c.clock = stamped;
        } else {
            m_hlc.observe(*hlc, m_maxClockSkewMs);
        }
    }
}

Result<std::optional<protocol::PushRejection>> MutationApplier::applyChanges(
    const DeviceIdentity &who, const Mutation &m, const std::optional<StoredRecord> &existing)
{
    const EntitySpec &spec = *Schema::instance().entity(m.entity);
    // A field clock names the device that wrote the value (its node). A device writes with its own
    // clock only, so the device a stored clock names is the authenticated one that pushed it: conflict
    // attribution (lost_by) rests on that, never on what a request claims (security review L3).
    for (const FieldChange &c : m.changes) {
        const auto hlc = Hlc::parse(c.clock);
        if (hlc && hlc->node != who.deviceId)
            return std::optional(reject(m.seq,
                makeError(ErrorCode::Invalid,
                    QStringLiteral("Endringen er stemplet med en annen enhets klokke."), c.field),
                existing, who.teamId));
    }
    QList<FieldChange> changes = m.changes;
    restampClocks(changes);

    // Server-owned fields: the team never changes, the author is whoever is signed in.
    for (qsizetype i = 0; i < changes.size(); ++i) {
        FieldChange &c = changes[i];
        if (c.field == sys::Team) {
            if (c.value.toString() != who.teamId)
                return std::optional(reject(m.seq,
                    makeError(ErrorCode::Forbidden,
                        QStringLiteral("Posten kan ikke flyttes til et annet team."), sys::Team),
                    existing, who.teamId));
        } else if (c.field == sys::CreatedBy) {
            if (existing && existing->record.clocks.contains(sys::CreatedBy)) {
                changes.removeAt(i--);
                continue;
            }
            c.value = who.userId;
        } else if (c.field == sys::UpdatedBy) {
            c.value = who.userId;
        } else if (c.field == sys::DeletedOver) {
            return std::optional(reject(m.seq,
                makeError(ErrorCode::Invalid, QStringLiteral("«deleted_over» skrives bare av serveren."),
                    sys::DeletedOver),
                existing, who.teamId));
        } else if (c.field == sys::Deleted && c.value.typeId() != QMetaType::Bool) {
            // Every device stores `deleted` as NOT NULL: a record without it would stop the whole
            // team's pulls (security review H1). Only true and false are writes of it.
            return std::optional(reject(m.seq,
                makeError(
                    ErrorCode::Invalid, QStringLiteral("«deleted» må være true eller false."), sys::Deleted),
                existing, who.teamId));
        }
    }
    if (existing && existing->record.isDeleted()) {
        // A restore (apply() lets no other write reach a deleted record) brings the content back. A field
        // the delete emptied holds no value left to compete with: the restore's value applies, whatever
        // clock the emptied one had. (A colleague's later edit that the restoring device never saw would
        // otherwise win with nothing, leave a required field empty, and the restore would be refused.)
        for (FieldChange &c : changes) {
            const FieldSpec *field = spec.field(c.field);
            const QVariant kept = existing->record.values.value(c.field);
            if (field && !field->system && (!kept.isValid() || kept.isNull()))
                c.base = existing->record.clocks.value(c.field);
        }
    }
    if (!existing) {
        const QString clock = maxClock(changes);
        if (!hasChange(changes, sys::Deleted))
            changes.append({sys::Deleted, false, clock, {}});
        if (!hasChange(changes, sys::Team))
            changes.append({sys::Team, who.teamId, clock, {}});
        if (!hasChange(changes, sys::CreatedBy))
            changes.append({sys::CreatedBy, who.userId, clock, {}});
        if (!hasChange(changes, sys::UpdatedBy))
            changes.append({sys::UpdatedBy, who.userId, clock, {}});
    }

    auto refProblem = checkReferences(who, spec, changes, existing);
    if (!refProblem)
        return refProblem.error();
    if (refProblem.value())
        return std::optional(reject(m.seq, *refProblem.value(), existing, who.teamId));

    MergeOutcome merged = merge::applyChanges(
        spec, existing ? std::optional(existing->record) : std::nullopt, m.entity, m.recordId, changes);
    // What every device's schema requires of a record holds for what the server hands out, so that
    // no record can fail a teammate's pull; a record stored before this rule existed is repaired here
    // (the server owns these system fields).
    if (merged.record.values.value(sys::Deleted).typeId() != QMetaType::Bool)
        merged.record.values.insert(sys::Deleted, false);
    if (merged.record.values.value(sys::Team).toString() != who.teamId)
        merged.record.values.insert(sys::Team, who.teamId);
    // A delete that wins over a live record names the devices whose accepted writes it did not see, so
    // that each of them tells its user (issue 20). A restore writes the restoring device's content over
    // what the delete emptied: the names whose writes it replaces stay (with the delete's clock), so that
    // such a device, whose copy still holds its write, tells its user when the restored record arrives.
    const bool deletes = existing && !existing->record.isDeleted() && merged.record.isDeleted();
    const bool restores = existing && existing->record.isDeleted() && !merged.record.isDeleted();
    QStringList over;
    if (deletes) {
        auto unseen = unseenWriters(who, *existing, changes, m.seen);
        if (!unseen)
            return unseen.error();
        over = unseen.value();
        if (!over.isEmpty() || !merged.record.text(sys::DeletedOver).isEmpty()) {
            merged.record.values.insert(
                sys::DeletedOver, over.isEmpty() ? QVariant() : QVariant(over.join(u' ')));
            merged.record.clocks.insert(sys::DeletedOver, merged.record.clocks.value(sys::Deleted));
        }
    } else if (restores) {
        const QStringList runOver = restoredOver(spec, who, existing->record);
        if (runOver.join(u' ') != merged.record.text(sys::DeletedOver))
            merged.record.values.insert(
                sys::DeletedOver, runOver.isEmpty() ? QVariant() : QVariant(runOver.join(u' ')));
    }
    // A deleted record forgets its content (security review M4): every field but the system ones and
    // the references (ids, which tie it to its participant) is emptied, their clocks kept, on the
    // server and so in every device's copy; a restore writes the values again.
    if (merged.record.isDeleted()) {
        for (const FieldSpec &f : spec.fields) {
            if (!f.system && f.type != FieldType::Ref && merged.record.values.contains(f.name))
                merged.record.values.insert(f.name, QVariant());
        }
    }
    if (!merged.record.isDeleted()) {
        if (Status s = Schema::checkRecord(spec, merged.record.values); !s)
            return std::optional(reject(m.seq, s.error(), existing, who.teamId));
    }

    StoredRecord stored;
    stored.record = merged.record;
    stored.teamId = who.teamId;
    if (existing)
        stored.fieldSeqs = existing->fieldSeqs;
    stored.written = merged.appliedFields;
    stored.participantId = RecordStore::participantIdOf(merged.record);
    const QString encounterId = merged.record.values.value(QStringLiteral("encounter_id")).toString();
    if (stored.participantId.isEmpty() && !encounterId.isEmpty()) {
        // A record tied to a participant only through its encounter (a task) belongs to that participant:
        // a restriction hides it with the rest (security review L2).
        auto owner = m_store.participantOfEncounter(encounterId);
        if (!owner)
            return owner.error();
        stored.participantId = owner.value();
    }
    if (m.entity == QStringLiteral("participant")) {
        stored.hidden = merged.record.values.value(RestrictedField).toBool();
    } else {
        auto hidden = m_store.isParticipantHidden(stored.participantId);
        if (!hidden)
            return hidden.error();
        stored.hidden = hidden.value();
    }

    if (!merged.appliedFields.isEmpty() || !existing) {
        if (Status s = m_store.save(stored, existing ? existing->teamId : QString()); !s)
            return s.error();
        m_written.append({m.entity, m.recordId});
        if (stored.hidden && !(existing && existing->hidden)) {
            // Restricted now: every device of the team forgets the participant and what belongs to it.
            if (Status s = m_store.addDrop(who.teamId, m.entity, m.recordId); !s)
                return s.error();
            if (m.entity == QStringLiteral("participant")) {
                if (Status s = m_store.hideParticipant(who.teamId, m.recordId); !s)
                    return s.error();
            }
        }
    }
    // What a participant's delete took along names the same devices on the participant's tombstone: its
    // one conflict entry on such a device holds what went with it (deletionconflicts.h).
    const QString with = merged.record.text(sys::DeletedWith);
    if (deletes && !over.isEmpty() && !with.isEmpty()) {
        if (Status s = addDeletedOver(who, with, over, merged.record.clocks.value(sys::Deleted)); !s)
            return s.error();
    }
    for (const FieldConflict &conflict : std::as_const(merged.conflicts)) {
        const bool pushedValueLost
            = std::any_of(changes.begin(), changes.end(), [&conflict](const FieldChange &c) {
                  return c.field == conflict.field && c.clock == conflict.lostClock;
              });
        if (Status s = writeConflict(who, stored, conflict, pushedValueLost); !s)
            return s.error();
    }
    return std::optional<protocol::PushRejection>();
}

Result<std::optional<Error>> MutationApplier::checkReferences(const DeviceIdentity &who,
    const EntitySpec &spec, const QList<FieldChange> &changes, const std::optional<StoredRecord> &existing)
{
    for (const FieldChange &c : changes) {
        const FieldSpec *field = spec.field(c.field);
        if (!field || field->type != FieldType::Ref || c.value.isNull() || !c.value.isValid())
            continue;
        QString target = field->refEntity;
        if (target.isEmpty()) {
            // conflict.record_id: the type is in the record's "entity" field.
            const QString entityField = QStringLiteral("entity");
            target = existing ? existing->record.text(entityField) : QString();
            for (const FieldChange &other : changes) {
                if (other.field == entityField)
                    target = other.value.toString();
            }
            if (!Schema::instance().entity(target))
                return std::optional(referenceNotFound(c.field));
        }
        auto visible = m_store.isVisible(target, c.value.toString(), who.teamId);
        if (!visible)
            return visible.error();
        if (!visible.value())
            return std::optional(referenceNotFound(c.field));
    }
    return std::optional<Error>();
}

Result<QStringList> MutationApplier::unseenWriters(const DeviceIdentity &who, const StoredRecord &before,
    const QList<FieldChange> &changes, const QString &seenCursor)
{
    // What the deleting device had seen of the record, in two ways; a write either calls unseen is.
    // In the server's order: its "seen" cursor (its last complete pull when it deleted) covers every
    // write of the team's feed up to that number, so a field set by a later write was not seen, whatever
    // its clock (an old offline write accepted after that pull). A cursor of another feed, or a field
    // written before the server kept feed numbers per field, says nothing.
    // By clocks: its copy's clock of `updated_at` (the delete's base of it): every write sets
    // `updated_at`, and the larger clock stays, so a write with a later clock reached the server after
    // that copy. (A delete without that base: its base of `deleted`.) This also covers a field whose
    // own queued write kept the device from showing a colleague's pulled value.
    std::optional<qint64> seenSeq;
    if (const auto cursor = FeedCursor::parse(seenCursor); cursor && !cursor->isStart()) {
        auto feed = m_store.feedId(who.teamId);
        if (!feed)
            return feed.error();
        if (feed.value() == cursor->feedId)
            seenSeq = cursor->seq;
    }
    QString seen;
    for (const QString &field : {sys::UpdatedAt, sys::Deleted}) {
        const auto change = std::find_if(
            changes.begin(), changes.end(), [&field](const FieldChange &c) { return c.field == field; });
        if (change != changes.end() && !change->base.isEmpty()) {
            seen = change->base;
            break;
        }
    }
    const auto seenByClock = [&seen](const QString &clock) {
        return !seen.isEmpty() && clock <= seen;
    };
    const auto seenInOrder = [&seenSeq, &before](const QString &field) {
        const auto it = before.fieldSeqs.constFind(field);
        return !seenSeq || it == before.fieldSeqs.cend() || *it <= *seenSeq;
    };
    QStringList nodes;
    for (auto it = before.record.clocks.cbegin(); it != before.record.clocks.cend(); ++it) {
        if (it.key() == sys::DeletedOver || (seenByClock(it.value()) && seenInOrder(it.key())))
            continue;
        const auto hlc = Hlc::parse(it.value());
        if (hlc && hlc->node != who.deviceId && !nodes.contains(hlc->node))
            nodes << hlc->node;
    }
    std::sort(nodes.begin(), nodes.end());
    QStringList out;
    for (const QString &node : std::as_const(nodes)) {
        // Only devices of the team (a clock the server restamped names the server).
        auto r = m_db.exec(QStringLiteral("SELECT d.id FROM devices d JOIN users u ON u.id = d.user_id "
                                          "WHERE d.id = ? AND u.team_id = ?"),
            {node, who.teamId});
        if (!r)
            return r.error();
        if (!r->isEmpty() && out.size() < Schema::MaxDeletedOver)
            out << node;
    }
    return out;
}

QStringList MutationApplier::restoredOver(
    const EntitySpec &spec, const DeviceIdentity &who, const Record &tombstone)
{
    // A named device keeps its name when a content field of the tombstone still carries its write's
    // clock (the delete emptied the value, the restore replaces it), and it is not the restoring device
    // (its content is what comes back). A participant named only for what its delete took along keeps
    // no name: each of those records is restored with its own names.
    QStringList out;
    const QStringList names = tombstone.text(sys::DeletedOver).split(u' ', Qt::SkipEmptyParts);
    for (const QString &name : names) {
        if (name == who.deviceId)
            continue;
        const bool wroteContent
            = std::any_of(spec.fields.begin(), spec.fields.end(), [&](const FieldSpec &f) {
                  const auto hlc = f.system ? std::nullopt : Hlc::parse(tombstone.clocks.value(f.name));
                  return hlc && hlc->node == name;
              });
        if (wroteContent)
            out << name;
    }
    return out;
}

Status MutationApplier::addDeletedOver(
    const DeviceIdentity &who, const QString &participantId, const QStringList &devices, const QString &clock)
{
    auto loaded = m_store.load(QStringLiteral("participant"), participantId);
    if (!loaded)
        return loaded.error();
    std::optional<StoredRecord> p = std::move(loaded).value();
    if (!p || p->teamId != who.teamId || !p->record.isDeleted())
        return Status::success();
    QStringList names = p->record.text(sys::DeletedOver).split(u' ', Qt::SkipEmptyParts);
    const qsizetype before = names.size();
    for (const QString &device : devices) {
        if (!names.contains(device) && names.size() < Schema::MaxDeletedOver)
            names << device;
    }
    if (names.size() == before)
        return Status::success();
    std::sort(names.begin(), names.end());
    p->record.values.insert(sys::DeletedOver, names.join(u' '));
    p->record.clocks.insert(sys::DeletedOver, std::max(clock, p->record.clocks.value(sys::DeletedOver)));
    if (Status s = m_store.save(*p, p->teamId); !s)
        return s;
    m_written.append({p->record.entity, p->record.id});
    return Status::success();
}

Result<QString> MutationApplier::userOfClock(const QString &clock, const QString &teamId)
{
    const auto hlc = Hlc::parse(clock);
    if (!hlc)
        return QString();
    auto r = m_db.exec(QStringLiteral("SELECT d.user_id FROM devices d JOIN users u ON u.id = d.user_id "
                                      "WHERE d.id = ? AND u.team_id = ?"),
        {hlc->node, teamId});
    if (!r)
        return r.error();
    return r->first().toString();
}

Status MutationApplier::writeConflict(const DeviceIdentity &who, const StoredRecord &record,
    const FieldConflict &conflict, bool pushedValueLost)
{
    const EntitySpec *recordSpec = Schema::instance().entity(record.record.entity);
    const FieldSpec *field = recordSpec ? recordSpec->field(conflict.field) : nullptr;
    // Who lost: the signed-in user when the pushed value lost; else whoever wrote the stored value, named
    // by its clock (a device of this team; every push's clocks are the pushing device's own).
    auto lostBy
        = pushedValueLost ? Result<QString>(who.userId) : userOfClock(conflict.lostClock, record.teamId);
    if (!lostBy)
        return lostBy.error();

    const QString clock = m_hlc.now().toString();
    const QString now = validation::formatDateTime(m_clock.now());
    StoredRecord c;
    c.record.entity = ConflictEntity;
    c.record.id = Schema::newId();
    c.teamId = record.teamId;
    c.participantId = record.participantId;
    c.hidden = record.hidden;
    const QList<QPair<QString, QVariant>> values {
        {sys::Team, record.teamId},
        {sys::CreatedBy, who.userId},
        {sys::CreatedAt, now},
        {sys::UpdatedBy, who.userId},
        {sys::UpdatedAt, now},
        {sys::Deleted, false},
        {QStringLiteral("entity"), record.record.entity},
        {QStringLiteral("record_id"), record.record.id},
        {QStringLiteral("participant_id"),
            record.participantId.isEmpty() ? QVariant() : QVariant(record.participantId)},
        {QStringLiteral("field"), conflict.field},
        {QStringLiteral("kept_value"), valueAsJsonText(field, conflict.keptValue)},
        {QStringLiteral("lost_value"), valueAsJsonText(field, conflict.lostValue)},
        {QStringLiteral("kept_clock"), conflict.keptClock},
        {QStringLiteral("lost_clock"), conflict.lostClock},
        {QStringLiteral("lost_by"), lostBy.value().isEmpty() ? QVariant() : QVariant(lostBy.value())},
        {QStringLiteral("status"), QStringLiteral("open")},
    };
    for (const auto &[name, value] : values) {
        if (!value.isValid() || value.isNull())
            continue;
        c.record.values.insert(name, value);
        c.record.clocks.insert(name, clock);
    }
    if (Status s = m_store.save(c, {}); !s)
        return s;
    m_written.append({c.record.entity, c.record.id});
    return Status::success();
}

} // namespace feltnotat::server
