#pragma once

#include "core/record.h"
#include "core/result.h"

#include <QList>
#include <QString>

namespace feltnotat::server {

class SqlBackend;

// One change in a team's feed as office systems see it.
struct FeedChange
{
    enum Kind { Created, Updated, Deleted, Removed };
    qint64 seq = 0;
    QString entity;
    QString id;
    Kind kind = Updated;
    Record record; // current state for Created/Updated when read withData, else empty

    static QString kindName(Kind kind);
};

struct FeedPage
{
    QList<FeedChange> changes;
    QString feedId;
    qint64 next = 0; // the cursor's new position
    bool more = false;
    bool reset = false; // the cursor is of another feed, below the horizon or ahead: start again
};

// Reads a team's change feed after a cursor for office systems (the change feed endpoint and the
// webhook enqueuer), with the devices' never-skipping rule: one snapshot in which the feed counter
// and the rows agree, numbers handed out in commit order (docs/server.md, "Cursor design").
// Records and drops of the team in feed order; restricted participants' records are left out (the
// drops written when they became restricted say "removed"), and so are conflict records (the sync's
// own bookkeeping of concurrent edits, for the people on the devices to resolve).
class OfficeFeed
{
public:
    explicit OfficeFeed(SqlBackend &db);

    // after: -1 for "from the beginning" (then tombstones and drops are left out, as for devices).
    Result<FeedPage> read(
        const QString &teamId, const QString &feedId, qint64 after, int limit, bool withData);

private:
    SqlBackend &m_db;
};

} // namespace feltnotat::server
