#pragma once

#include "record.h"
#include "result.h"
#include "schema.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace feltnotat {

class Store;

struct RecordRef
{
    QString entity;
    QString id;
};

// Writes records pulled from the server into the local store. The server's state wins for every
// field without a pending local write; pending local writes stay on top until the server has seen them.
class RemoteApplier
{
public:
    explicit RemoteApplier(Store &store);

    // One pulled batch in one transaction: full record states, records to drop (access withdrawn)
    // and metadata such as the new cursor, all or nothing. `refused` names records (by index) the
    // page reader already found this device cannot store, with the reason: they are set aside.
    Status apply(const QList<Record> &records, const QList<RecordRef> &drops,
        const QHash<QString, QString> &meta, const QHash<qsizetype, QString> &refused = {});

    // A clean re-sync: records not seen again before finishResync() are removed, unless they
    // have local writes still waiting to be sent.
    Status beginResync();
    bool resyncInProgress();
    Status finishResync();

    // Records from the server this device could not store (they broke a rule of the device's own
    // schema) are set aside, by reference and reason only, instead of failing the pull for ever: the
    // rest of the page, and every later page, still arrive. A later good version of the record
    // replaces the entry. Shown in the sync status of the app and the CLI.
    struct SetAside
    {
        QString entity;
        QString id;
        QString reason;
        QString at;
    };
    static QList<SetAside> setAside(Store &store);

private:
    struct Written
    {
        Record record;
        const EntitySpec *spec = nullptr;
        bool isNew = false; // inserted by this batch: no search entry to replace
    };
    Status applyOne(const Record &incoming, bool trackSeen, QList<Written> &written, const QString &refusal);
    Status writeOne(const EntitySpec &spec, Record &merged, bool &isNew);
    // Tells the user what a pulled delete or restore did to his work (deletionconflicts.h); a lost edit
    // empties `pending` (its writes moved to the dead letters).
    Status noteDeletion(
        const EntitySpec &spec, const Record &local, const Record &incoming, QSet<QString> &pending);
    Status putAside(const Record &incoming, const QString &reason);
    bool m_hasSetAside = false; // any entries at the start of this batch (then applied ones are cleared)
    Status dropOne(const RecordRef &ref);
    Store &m_store;
};

} // namespace feltnotat
