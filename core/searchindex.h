#pragma once

#include "result.h"
#include "schema.h"

#include <QList>
#include <QString>

namespace feltnotat {

class Database;

struct SearchHit
{
    QString entity;
    QString id;
    QString title;
    QString snippet; // matched words wrapped in [ and ]
    double rank = 0; // lower is better (searchrank.h)
};

// The FTS5 index over participants, employers, workplaces, contacts, encounter notes and tasks.
// Folds case for all letters and keeps æ, ø and å distinct from a and o, as Norwegian users expect.
// Beside the word index, a trigram index over the titles (names, task titles, outcomes: the short fields)
// finds a word inside a Norwegian compound: "bakeri" finds "Fjordbakeriet", "bakken" finds "Sveisebakken".
class SearchIndex
{
public:
    explicit SearchIndex(Database &db);

    static QString createSql();
    // The trigram index over the titles (schema version 6 on).
    static QString createTrigramSql();
    // FTS5's merge setting of both indexes (schema version 12 on): segments of one level are merged when
    // this many have piled up (FTS5's default is 4, its maximum 16).
    static constexpr int AutoMerge = 16;
    static QString autoMergeSql();
    // Fills the trigram index from the word index's titles (the migration that makes it contentless).
    Status rebuildTrigrams();
    // Replaces the entry of one record; deleted records leave the index.
    Status update(const EntitySpec &entity, qint64 rid, const QVariantHash &values);
    Status remove(const EntitySpec &entity, qint64 rid);
    // update() for a row that has no search entry yet (a row just inserted): no delete first.
    Status insert(const EntitySpec &entity, qint64 rid, const QVariantHash &values);
    Status rebuild();

    // Every word of the query must match the start of a word in the record, or every word (of three letters
    // or more) occur anywhere in its title; best matches first, a title that only contains the words ranked
    // between a title hit and a body hit.
    // A query whose words match more than rankedMatches() records ranks only the newest rankedMatches() of
    // them (the last stored on this device): the hits are the best of those, and an older record shows only
    // when more words or a record type narrow the query. entityFilter limits the hits to one record type.
    Result<QList<SearchHit>> search(const QString &text, int limit, const QString &entityFilter = {});
    // Ranking reads every ranked match's word positions: a word found in all 100,000 notes of the search
    // benchmark took 17.6 ms to rank in full (issue 14: at most 10 ms); the newest 10,000 take a tenth.
    static constexpr int DefaultRankedMatches = 10000;
    int rankedMatches() const { return m_rankedMatches; }
    void setRankedMatches(int matches) { m_rankedMatches = qMax(1, matches); }
    // A typed word is looked up as the index words that start with it, when there are at most this many
    // (FTS5 reads a prefix's matches in full before the first one, LIMIT or not); more, and it stays a
    // prefix.
    static constexpr int MaxPrefixWords = 32;
    // The FTS5 MATCH expression for free user text, or empty when it has no words.
    static QString matchExpression(const QString &text);

    static qint64 rowIdFor(const EntitySpec &entity, qint64 rid) { return rid * 8 + entity.searchKind; }
    // The text of an entry's title or body column: the non-empty values of `fields`, one per line.
    static QString joined(const QVariantHash &values, const QStringList &fields);

private:
    // Whether the database has the trigram index (older schema versions, during migrations, do not).
    bool hasTrigrams();
    // Whether it is the contentless one of schema version 10 on (entries removed with their text).
    bool trigramsContentless();
    Status clearTrigrams();
    // The words of the index (UTF-8, as FTS5 stores them) that start with `prefix`, at most `max`.
    Result<QList<QByteArray>> indexWordsStartingWith(const QString &prefix, int max);

    Database &m_db;
    int m_hasTrigrams = -1; // unknown; 0 none, 1 with content (versions 6-9), 2 contentless
    bool m_hasVocabulary = false; // the connection's temp.search_words table
    int m_rankedMatches = DefaultRankedMatches;
};

} // namespace feltnotat
