#pragma once

#include "record.h"
#include "result.h"
#include "schema.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVariantHash>

namespace feltnotat {

class Store;

// What a delete did to this user's work, kept on this device only (issue 20). A delete wins over
// every edit that did not see it; the user whose edit lost is told here, with a snapshot of the
// record as his device last had it (his edit included), from which he restores it or accepts the
// delete. The snapshot lives only in this local entry (deletion forgets content everywhere else) and
// goes when the entry is resolved. A device whose user deleted a record that a colleague restored
// gets a notice of its own kind.
struct DeletionConflict
{
    enum class Kind {
        LostEdit, // deleted by a colleague while this user edited it
        Restored, // this user deleted it; a colleague restored it
    };
    QString id;
    Kind kind = Kind::LostEdit;
    QString entity;
    QString recordId;
    QString participantId;
    QString by; // user id of who deleted (LostEdit) or restored (Restored)
    QString happenedAt; // when, from the write's clock: yyyy-MM-ddTHH:mm:ssZ (empty if unknown)
    QString createdAt;
    QVariantHash snapshot; // LostEdit: every non-empty content field as this device last had it
    // LostEdit of a participant: its visits, tasks and employments as this device last had them, by
    // id (entity and content). Restoring the participant restores those its delete took along.
    struct Child
    {
        QString entity;
        QVariantHash values;
    };
    QHash<QString, Child> children;
    // The children by id as a person reads them: visits, then tasks, then employments, each by date.
    QList<std::pair<QString, Child>> childrenInOrder() const;
    // How many of the children are of `childEntity`.
    int childCount(QStringView childEntity) const;
};

class DeletionConflicts
{
public:
    explicit DeletionConflicts(Store &store);

    QList<DeletionConflict> open();
    qint64 openCount();
    std::optional<DeletionConflict> get(const QString &id);

    // Called by RemoteApplier inside its transaction, before the tombstone replaces `local`: keeps
    // `local`'s content as the snapshot and moves the record's unsent writes to the dead letters
    // (code "deleted": the server would refuse them). One entry per record: an entry already there
    // keeps the snapshot it took first, when the content was still whole.
    // A participant's entry also keeps its live visits, tasks and employments, and takes over the
    // entries of those its delete took along (one entry restores them all); a record taken along
    // with a participant whose entry holds it gets no entry of its own.
    Status noteLostEdit(const EntitySpec &spec, const Record &local, const Record &tombstone);
    // Whether a participant's delete meets this user's work on its visits, tasks or employments:
    // unsent or refused writes to one still live here, or an entry of one its delete took along.
    bool workOnChildren(const QString &participantId);
    // Called by RemoteApplier inside its transaction, before a restored record replaces `local`, a live
    // copy that never saw the delete the restore undid, when the server names this device as one whose
    // accepted writes that delete ran over: if the restore replaces a value this device wrote (other
    // than `pending` ones, which are still to be sent), `local` is kept as a LostEdit entry, as for a
    // delete; "Gjenopprett" is then an ordinary edit with the snapshot's values. Once per record.
    Status noteRestoredOver(
        const EntitySpec &spec, const Record &local, const Record &restored, const QSet<QString> &pending);
    // Called by RemoteApplier when a record this user deleted comes back restored by someone.
    Status noteRestored(const Record &incoming);

    // "Gjenopprett": the record is live again with the snapshot's values (Store::restore, which travels
    // like any write; an ordinary edit if a colleague restored it meanwhile); the entry and the
    // record's "deleted" dead letters go, in one transaction. A participant comes back with exactly
    // the records its delete took along, each with the content the entry holds for it.
    Status restore(const QString &id);
    // "Godta sletting" (or "OK" on a notice): the entry, its snapshot and the record's "deleted" dead
    // letters go; the record stays deleted.
    Status accept(const QString &id);
    // Access to the record is gone (a drop): its entries go with it.
    Status forgetRecord(const QString &entity, const QString &recordId);

    static QString kindName(DeletionConflict::Kind kind);

private:
    // Entries of records a participant's delete took along (their tombstones name it).
    QList<DeletionConflict> takenAlongEntries(const QString &participantId);
    // Whether this record has a LostEdit entry (one per record).
    Result<bool> hasLostEdit(const QString &entity, const QString &recordId);
    Status insert(const DeletionConflict &entry);
    Status removeEntry(const DeletionConflict &entry);
    Store &m_store;
};

} // namespace feltnotat
