#pragma once

#include <QString>

#include <optional>

namespace feltnotat::server {

// A position in a team's change feed as the client sees it: "<feed id>:<seq>"; empty = from the start.
struct FeedCursor
{
    QString feedId; // empty for the start cursor
    qint64 seq = 0;

    bool isStart() const { return feedId.isEmpty(); }
    QString toString() const;
    // nullopt for text that is not a cursor at all (a client bug or a forgery).
    static std::optional<FeedCursor> parse(const QString &text);
    static QString newFeedId();
};

} // namespace feltnotat::server
