#include "searchindex.h"

#include "database.h"
#include "snippet.h"

#include <QVarLengthArray>

#include <algorithm>
#include <vector>

namespace feltnotat {

SearchIndex::SearchIndex(Database &db)
    : m_db(db)
{ }

QString SearchIndex::createSql()
{
    // columnsize=0: no per-row token counts; the rank function (searchrank.h) and the snippets
    // (snippet.h) do not use them.
    return QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5(title, body,"
                          " tokenize = \"unicode61 remove_diacritics 0\", columnsize = 0);");
}

QString SearchIndex::createTrigramSql()
{
    // Titles only: names and titles are short, so the index stays small and a save pays little for it. Case
    // is folded for all letters; the trigram tokenizer of SQLite 3.40 removes no diacritics, so æ, ø and å
    // stay apart from a and o as in the word index. detail=full: a phrase of more than three letters needs
    // positions. Contentless and without per-row token counts (schema version 10): the search reads only its
    // rowids, the titles are in the word index already, and storing them here again (a content row and a
    // size row per entry) was a third of what the trigram entries cost a pulled batch (bench/notes.md).
    // A contentless entry is removed with the text it was made from (removeTrigrams).
    return QStringLiteral("CREATE VIRTUAL TABLE search_trigram USING fts5(title, tokenize = \"trigram\","
                          " content = '', columnsize = 0);");
}

QString SearchIndex::autoMergeSql()
{
    // Stored in each table's FTS5 configuration: every connection and every later version reads it.
    return QStringLiteral("INSERT INTO search_index(search_index, rank) VALUES ('automerge', %1);"
                          "INSERT INTO search_trigram(search_trigram, rank) VALUES ('automerge', %1);")
        .arg(AutoMerge);
}

bool SearchIndex::hasTrigrams()
{
    if (m_hasTrigrams < 0) {
        Query q = m_db.query(
            QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_trigram'"));
        m_hasTrigrams = !q.next() ? 0 : q.text(0).contains(QStringLiteral("content = ''")) ? 2 : 1;
    }
    return m_hasTrigrams > 0;
}

bool SearchIndex::trigramsContentless()
{
    return hasTrigrams() && m_hasTrigrams == 2;
}

Status SearchIndex::clearTrigrams()
{
    // A contentless FTS5 table refuses DELETE; the table of schema versions 6-9 has content.
    return m_db.exec(trigramsContentless()
            ? QStringLiteral("INSERT INTO search_trigram(search_trigram) VALUES ('delete-all')")
            : QStringLiteral("DELETE FROM search_trigram"));
}

Status SearchIndex::rebuildTrigrams()
{
    m_hasTrigrams = -1;
    if (Status s = clearTrigrams(); !s)
        return s;
    return m_db.exec(QStringLiteral("INSERT INTO search_trigram(rowid, title)"
                                    " SELECT rowid, title FROM search_index WHERE title <> '';"));
}

namespace {
// The text of a record's title and body columns: the non-empty values of the spec's title and body
// fields, in their order. Strings are viewed where they are in `values`, other values converted into
// `converted`. One walk over the values, without looking up (hashing) field names: on this project's
// benchmark machine hashing the names was a tenth of the time of indexing a pulled record.
struct SearchText
{
    QVarLengthArray<QStringView, 12> title, body;
    QVarLengthArray<QString, 4> converted;
    bool deleted = false;

    SearchText(const EntitySpec &spec, const QVariantHash &values)
    {
        // (QVarLengthArray leaves elements of a primitive type uninitialised: filled explicitly.)
        QVarLengthArray<QStringView, 12> titleSlots(spec.titleFields.size());
        QVarLengthArray<QStringView, 12> bodySlots(spec.bodyFields.size());
        std::fill(titleSlots.begin(), titleSlots.end(), QStringView());
        std::fill(bodySlots.begin(), bodySlots.end(), QStringView());
        converted.reserve(values.size()); // the views point into these strings: no reallocation
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it.key() == sys::Deleted)
                deleted = it->toBool();
            const qsizetype i = spec.indexOfName(it.key());
            if (i < 0)
                continue;
            const qsizetype t
                = spec.titlePlace.isEmpty() ? spec.titleFields.indexOf(it.key()) : spec.titlePlace[i];
            const qsizetype b
                = spec.bodyPlace.isEmpty() ? spec.bodyFields.indexOf(it.key()) : spec.bodyPlace[i];
            if (t < 0 && b < 0)
                continue;
            QStringView text;
            if (it->typeId() == QMetaType::QString) {
                text = *static_cast<const QString *>(it->constData());
            } else {
                converted.append(it->toString());
                text = converted.last();
            }
            if (t >= 0)
                titleSlots[t] = text;
            if (b >= 0)
                bodySlots[b] = text;
        }
        for (const QStringView v : titleSlots) {
            if (!v.isEmpty())
                title.append(v);
        }
        for (const QStringView v : bodySlots) {
            if (!v.isEmpty())
                body.append(v);
        }
    }
};
} // namespace

QString SearchIndex::joined(const QVariantHash &values, const QStringList &fields)
{
    QString out;
    for (const QString &f : fields) {
        const QString v = values.value(f).toString();
        if (v.isEmpty())
            continue;
        if (!out.isEmpty())
            out += u'\n';
        out += v;
    }
    return out;
}

Status SearchIndex::update(const EntitySpec &entity, qint64 rid, const QVariantHash &values)
{
    if (entity.searchKind == 0)
        return Status::success();
    if (Status s = remove(entity, rid); !s)
        return s;
    return insert(entity, rid, values);
}

Status SearchIndex::insert(const EntitySpec &entity, qint64 rid, const QVariantHash &values)
{
    if (entity.searchKind == 0)
        return Status::success();
    const SearchText text(entity, values);
    if (text.deleted)
        return Status::success();
    // Each column's text converted straight into the statement's bound text.
    Status s = m_db.query(QStringLiteral("INSERT INTO search_index(rowid, title, body) VALUES (?, ?, ?)"))
                   .bind(1, rowIdFor(entity, rid))
                   .bindJoined(2, text.title.constData(), text.title.size(), '\n')
                   .bindJoined(3, text.body.constData(), text.body.size(), '\n')
                   .exec();
    if (!s || text.title.isEmpty() || !hasTrigrams())
        return s;
    return m_db.query(QStringLiteral("INSERT INTO search_trigram(rowid, title) VALUES (?, ?)"))
        .bind(1, rowIdFor(entity, rid))
        .bindJoined(2, text.title.constData(), text.title.size(), '\n')
        .exec();
}

Status SearchIndex::remove(const EntitySpec &entity, qint64 rid)
{
    if (entity.searchKind == 0)
        return Status::success();
    const qint64 rowid = rowIdFor(entity, rid);
    if (hasTrigrams() && !trigramsContentless()) {
        if (Status s
            = m_db.query(QStringLiteral("DELETE FROM search_trigram WHERE rowid = ?")).bind(1, rowid).exec();
            !s)
            return s;
    } else if (hasTrigrams()) {
        // The contentless trigram index forgets an entry only when told the text it was made from: the
        // word index's title, which insert() gave both (an entry without a title has no trigram entry).
        Query q = m_db.query(QStringLiteral("SELECT title FROM search_index WHERE rowid = ?"));
        q.bind(1, rowid);
        if (q.next()) {
            const QString title = q.text(0);
            if (!title.isEmpty()) {
                if (Status s = m_db.query(QStringLiteral("INSERT INTO search_trigram(search_trigram, rowid,"
                                                         " title) VALUES ('delete', ?, ?)"))
                                   .bindAll(rowid, title)
                                   .exec();
                    !s)
                    return s;
            }
        } else if (!q.ok()) {
            return q.error();
        }
    }
    return m_db.query(QStringLiteral("DELETE FROM search_index WHERE rowid = ?")).bind(1, rowid).exec();
}

Status SearchIndex::rebuild()
{
    m_hasTrigrams = -1;
    if (Status s = m_db.exec(QStringLiteral("DELETE FROM search_index")); !s)
        return s;
    if (hasTrigrams()) {
        if (Status s = clearTrigrams(); !s)
            return s;
    }
    for (const EntitySpec &e : Schema::instance().entities()) {
        if (e.searchKind == 0)
            continue;
        // Older schema versions may lack some columns; index what the table has.
        QStringList present;
        {
            Query info = m_db.query(QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(e.table));
            while (info.next())
                present << info.text(0);
        }
        QStringList wanted;
        for (const QString &f : e.titleFields + e.bodyFields) {
            if (present.contains(f) && !wanted.contains(f))
                wanted << f;
        }
        if (wanted.isEmpty())
            continue;
        Query rows = m_db.query(
            QStringLiteral("SELECT rid, %1 FROM %2 WHERE deleted = 0").arg(wanted.join(u", "), e.table));
        while (rows.next()) {
            QVariantHash values;
            for (qsizetype i = 0; i < wanted.size(); ++i)
                values.insert(wanted.at(i), rows.value(int(i) + 1));
            if (Status s = update(e, rows.int64(0), values); !s)
                return s;
        }
        if (!rows.ok())
            return rows.error();
    }
    return Status::success();
}

QString SearchIndex::matchExpression(const QString &text)
{
    // Quotes, operators and punctuation never reach FTS5 syntax: only the words, each as a quoted prefix.
    QStringList terms;
    for (const QString &word : searchWords(text))
        terms << u'"' + word + QStringLiteral("\"*");
    return terms.join(QStringLiteral(" AND "));
}

Result<QList<QByteArray>> SearchIndex::indexWordsStartingWith(const QString &prefix, int max)
{
    // fts5vocab's "instance" table steps through the index lazily: `term >= ?` seeks to the first word
    // from there, one read per word found (the "row" table would count each word's records first).
    // In the connection's temp schema (in memory): nothing in the file changes.
    if (!m_hasVocabulary) {
        if (Status s = m_db.exec(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words"
                                                " USING fts5vocab(main, search_index, instance)"));
            !s)
            return s.error();
        m_hasVocabulary = true;
    }
    const QByteArray start = prefix.toUtf8();
    QList<QByteArray> words;
    QByteArray from = start;
    while (words.size() < max) {
        Query q = m_db.query(QStringLiteral("SELECT term FROM temp.search_words WHERE term >= ?1 LIMIT 1"));
        q.bindText(1, QByteArrayView(from));
        if (!q.next()) {
            if (!q.ok())
                return q.error();
            break;
        }
        QByteArray word = q.utf8(0);
        if (!word.startsWith(start))
            break;
        // The next word is at least this one followed by \x01: no word of the index holds a control
        // character, so none lies between the two.
        from = word + '\x01';
        words.append(std::move(word));
    }
    return words;
}

namespace {
// Whether FTS5's tokenizer (unicode61, diacritics kept) turns the lower-case word into itself, one token:
// ASCII letters and digits and the lower-case letters of Latin-1 and Latin Extended-A (æ, ø, å, the
// Sámi letters). Other words are left to FTS5 as prefixes, which is always right.
bool tokenizesToItself(const QString &word)
{
    return std::all_of(word.cbegin(), word.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || (u >= 0xdf && u <= 0xff && u != 0xf7)
            || (u >= 0x100 && u <= 0x17f && c.isLower());
    });
}
} // namespace

Result<QList<SearchHit>> SearchIndex::search(const QString &text, int limit, const QString &entityFilter)
{
    QList<SearchHit> hits;
    const QStringList words = searchWords(text);
    if (words.isEmpty() || limit <= 0)
        return hits;
    int kind = 0;
    if (!entityFilter.isEmpty()) {
        const EntitySpec *spec = Schema::instance().entity(entityFilter);
        if (!spec || spec->searchKind == 0)
            return makeError(ErrorCode::Invalid, QStringLiteral("unknown search filter"));
        kind = spec->searchKind;
    }
    // Two steps: rank the matches (searchrank.h; the title weighs ten times the body, the record stored last
    // on this device wins a tie; a kind filter is applied on the rowid, rid*8+kind), then read the hits' text
    // by rowid and make their snippets. FTS5's snippet() inside the ranking query would be paid for every
    // match, and a MATCH per hit re-expands every prefix.
    struct Ranked
    {
        qint64 rowid;
        double score;
    };
    // Best first: lower score, then the higher rowid. The best `limit` are kept in a heap whose top is the
    // worst of them: SQLite's ORDER BY … LIMIT kept them in a temporary b-tree, an insert and a delete for
    // every match (a sixth of the time of a search matching thousands of records).
    const auto better = [](const Ranked &a, const Ranked &b) {
        return a.score < b.score || (a.score == b.score && a.rowid > b.rowid);
    };
    std::vector<Ranked> ranked;
    ranked.reserve(size_t(limit));
    const auto keep = [&](const Ranked &r) {
        if (ranked.size() < size_t(limit)) {
            ranked.push_back(r);
            std::push_heap(ranked.begin(), ranked.end(), better);
        } else if (better(r, ranked.front())) {
            std::pop_heap(ranked.begin(), ranked.end(), better);
            ranked.back() = r;
            std::push_heap(ranked.begin(), ranked.end(), better);
        }
    };
    // Each typed word as the index words that start with it ("prøvedag" OR "prøvedagen"), so FTS5 can
    // stop after the newest matches; a word that starts more than MaxPrefixWords stays a prefix. `groups`
    // tells the rank function which phrases make up one word.
    QStringList terms;
    QByteArray groups;
    bool noMatch = false;
    for (const QString &word : words) {
        QList<QByteArray> forms;
        if (tokenizesToItself(word)) {
            auto found = indexWordsStartingWith(word, MaxPrefixWords + 1);
            if (!found)
                return found.error();
            forms = std::move(found).value();
            noMatch = noMatch || forms.isEmpty();
        }
        if (forms.isEmpty() || forms.size() > MaxPrefixWords) {
            terms << u'"' + word + QStringLiteral("\"*");
            groups.append(char(1));
            continue;
        }
        QStringList phrases;
        for (const QByteArray &form : forms)
            phrases << u'"' + QString::fromUtf8(form) + u'"';
        terms << u'(' + phrases.join(QStringLiteral(" OR ")) + u')';
        groups.append(char(forms.size()));
    }
    if (!noMatch) {
        // Newest first (rowid DESC, which FTS5 walks without sorting), at most m_rankedMatches of them.
        Query q = m_db.query(
            QStringLiteral("SELECT rowid, feltnotat_rank(search_index, 10.0, 1.0, ?3) FROM search_index"
                           " WHERE search_index MATCH ?1 AND (?2 = 0 OR rowid % 8 = ?2)"
                           " ORDER BY rowid DESC LIMIT ?4"));
        q.bindAll(
            terms.join(QStringLiteral(" AND ")), qint64(kind), QVariant(groups), qint64(m_rankedMatches));
        while (q.next()) {
            keep(Ranked {q.int64(0), q.real(1)});
        }
        if (!q.ok())
            return q.error();
    }
    // Titles that contain every word (of three letters or more: a trigram is the smallest unit) anywhere, as
    // in a compound. Each word counts as a title occurrence of weight 2 would (between a title and a body
    // word hit, see searchrank.h); a record already ranked keeps its place.
    const bool trigramWords
        = std::all_of(words.cbegin(), words.cend(), [](const QString &w) { return w.size() >= 3; });
    const double score = -double(words.size()) * (2.0 / (2.0 + 1.2));
    // When the word hits already fill the limit with better scores, no title hit could enter: not asked.
    const bool full = ranked.size() >= size_t(limit) && ranked.front().score < score;
    if (trigramWords && !full && hasTrigrams()) {
        QStringList phrases;
        for (const QString &word : words)
            phrases << u'"' + word + u'"';
        Query q = m_db.query(QStringLiteral("SELECT rowid FROM search_trigram"
                                            " WHERE search_trigram MATCH ?1 AND (?2 = 0 OR rowid % 8 = ?2)"));
        q.bindAll(phrases.join(QStringLiteral(" AND ")), qint64(kind));
        while (q.next()) {
            const qint64 rowid = q.int64(0);
            if (std::none_of(
                    ranked.cbegin(), ranked.cend(), [&](const Ranked &x) { return x.rowid == rowid; }))
                keep(Ranked {rowid, score});
        }
        if (!q.ok())
            return q.error();
    }
    std::sort(ranked.begin(), ranked.end(), better);
    for (const Ranked &r : ranked) {
        const EntitySpec *spec = Schema::instance().entityBySearchKind(int(r.rowid % 8));
        if (!spec)
            continue;
        Query idq = m_db.query(QStringLiteral("SELECT id FROM %1 WHERE rid = ?").arg(spec->table));
        idq.bind(1, r.rowid / 8);
        if (!idq.next())
            continue;
        const QString id = idq.text(0);
        Query sq = m_db.query(QStringLiteral("SELECT title, body FROM search_index WHERE rowid = ?"));
        sq.bind(1, r.rowid);
        if (!sq.next()) {
            if (!sq.ok())
                return sq.error();
            continue;
        }
        const QString title = sq.text(0);
        hits.append(SearchHit {spec->name, id, title, snippetFor({title, sq.text(1)}, words), r.score});
    }
    return hits;
}

} // namespace feltnotat
