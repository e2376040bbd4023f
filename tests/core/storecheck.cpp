#include "storecheck.h"

#include "core/database.h"
#include "core/searchindex.h"

#include <algorithm>

using namespace feltnotat;

namespace storecheck {

QString key(const QString &entity, const QString &id)
{
    return entity + u'/' + id;
}

QString describe(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("null");
    QString text = value.toString();
    if (text.size() > 60)
        text = text.left(60) + QStringLiteral("…");
    return QStringLiteral("%1(%2)").arg(QString::fromLatin1(value.typeName()), text);
}

Rows tableRows(Store &store)
{
    Rows rows;
    for (const EntitySpec &spec : Schema::instance().entities()) {
        Query q = store.database().query(Store::selectColumns(spec));
        while (q.next()) {
            const Record r = Store::recordFromQuery(spec, q);
            rows.insert(key(spec.name, r.id), Row {r.values, r.clocks});
        }
    }
    return rows;
}

QList<Mutation> outboxEntries(Store &store)
{
    Outbox outbox(store);
    auto all = outbox.pending(std::numeric_limits<int>::max());
    return all ? all.value() : QList<Mutation>();
}

QString replay(Rows &rows, const QList<Mutation> &mutations)
{
    for (const Mutation &m : mutations) {
        if (m.changes.isEmpty())
            return QStringLiteral("outbox entry %1 has no readable changes").arg(m.seq);
        Row &row = rows[key(m.entity, m.recordId)];
        const bool deletes = std::any_of(m.changes.begin(), m.changes.end(),
            [](const FieldChange &c) { return c.field == sys::Deleted && c.value.toBool(); });
        for (const FieldChange &c : m.changes) {
            const QString before = row.clocks.value(c.field);
            // A delete's base of updated_at is the copy as the server last gave it (Store::write): the base
            // of the record's first queued write (maybe acknowledged since), so no later than the clock.
            const bool deleteSaw
                = deletes && c.field == sys::UpdatedAt && (c.base.isEmpty() || c.base <= before);
            if (c.base != before && !deleteSaw) {
                return QStringLiteral("outbox entry %1 %2/%3.%4: base %5, but the field's clock was %6")
                    .arg(m.seq)
                    .arg(m.entity, m.recordId, c.field, c.base, before);
            }
            if (c.value.isNull())
                row.values.remove(c.field);
            else
                row.values.insert(c.field, c.value);
            row.clocks.insert(c.field, c.clock);
        }
        // A delete empties the record's content (Store::clearContent), clocks kept.
        const EntitySpec *spec = Schema::instance().entity(m.entity);
        if (spec && row.values.value(sys::Deleted).toBool()) {
            for (const FieldSpec &f : spec->fields) {
                if (!f.system && f.type != FieldType::Ref)
                    row.values.remove(f.name);
            }
        }
    }
    return {};
}

QString compare(const Rows &expected, const Rows &actual)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (!actual.contains(it.key()))
            return QStringLiteral("%1 is missing").arg(it.key());
        const Row &a = actual[it.key()];
        const Row &e = it.value();
        QSet<QString> fields;
        for (auto f = e.values.keyBegin(); f != e.values.keyEnd(); ++f)
            fields.insert(*f);
        for (auto f = a.values.keyBegin(); f != a.values.keyEnd(); ++f)
            fields.insert(*f);
        for (const QString &f : std::as_const(fields)) {
            const QVariant ev = e.values.value(f);
            const QVariant av = a.values.value(f);
            const bool en = !ev.isValid() || ev.isNull();
            const bool an = !av.isValid() || av.isNull();
            if (en != an || (!en && ev != av)) {
                return QStringLiteral("%1.%2: expected %3, found %4")
                    .arg(it.key(), f, describe(e.values.value(f)), describe(a.values.value(f)));
            }
        }
        if (e.clocks != a.clocks) {
            for (auto c = e.clocks.begin(); c != e.clocks.end(); ++c) {
                if (a.clocks.value(c.key()) != c.value())
                    return QStringLiteral("%1 clock of %2: expected %3, found %4")
                        .arg(it.key(), c.key(), c.value(), a.clocks.value(c.key()));
            }
            return QStringLiteral("%1 has clocks for fields never written").arg(it.key());
        }
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
        if (!expected.contains(it.key()))
            return QStringLiteral("%1 exists but was not expected").arg(it.key());
    }
    return {};
}

QString checkOutboxReproducesTables(Store &store, const Rows &acknowledged)
{
    Rows replayed = acknowledged;
    if (QString e = replay(replayed, outboxEntries(store)); !e.isEmpty())
        return e;
    const QString diff = compare(replayed, tableRows(store));
    return diff.isEmpty() ? QString() : QStringLiteral("outbox replay differs from the tables: ") + diff;
}

QString checkClocksCoverValues(Store &store)
{
    const Rows rows = tableRows(store);
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        for (auto v = it->values.begin(); v != it->values.end(); ++v) {
            if (!Hlc::parse(it->clocks.value(v.key())))
                return QStringLiteral("%1.%2 has a value but no clock").arg(it.key(), v.key());
        }
    }
    return {};
}

namespace {

QString joined(const QVariantHash &values, const QStringList &fields)
{
    QStringList parts;
    for (const QString &f : fields) {
        const QString v = values.value(f).toString();
        if (!v.isEmpty())
            parts << v;
    }
    return parts.join(u'\n').normalized(QString::NormalizationForm_C);
}

} // namespace

QString checkSearchIndex(Store &store)
{
    QHash<qint64, QPair<QString, QString>> index;
    {
        Query q = store.database().query(QStringLiteral("SELECT rowid, title, body FROM search_index"));
        while (q.next())
            index.insert(q.int64(0), {q.text(1), q.text(2)});
        if (!q.ok())
            return q.error().toString();
    }
    qsizetype expected = 0;
    for (const EntitySpec &spec : Schema::instance().entities()) {
        Query q = store.database().query(Store::selectColumns(spec));
        while (q.next()) {
            const Record r = Store::recordFromQuery(spec, q);
            const qint64 rowid = SearchIndex::rowIdFor(spec, r.rid);
            if (spec.searchKind == 0 || r.isDeleted()) {
                if (spec.searchKind != 0 && index.contains(rowid))
                    return QStringLiteral("deleted %1/%2 is still in the search index").arg(spec.name, r.id);
                continue;
            }
            ++expected;
            if (!index.contains(rowid))
                return QStringLiteral("%1/%2 is missing from the search index").arg(spec.name, r.id);
            const auto entry = index.value(rowid);
            if (entry.first != joined(r.values, spec.titleFields)
                || entry.second != joined(r.values, spec.bodyFields))
                return QStringLiteral("search entry of %1/%2 is stale: title %3")
                    .arg(spec.name, r.id, entry.first);
        }
    }
    if (index.size() != expected)
        return QStringLiteral("search index has %1 entries for %2 live records")
            .arg(index.size())
            .arg(expected);
    // The trigram index holds exactly the titles of the word index (of three letters or more: a shorter one
    // has no trigram). It keeps no text of its own (contentless), so each entry's text is read back from the
    // index itself: its trigrams in position order, each one letter on from the one before.
    if (Status s = store.database().exec(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS"
                                                        " temp.storecheck_trigrams USING fts5vocab(main,"
                                                        " search_trigram, instance)"));
        !s)
        return s.errorString();
    QHash<qint64, QList<uint>> texts; // code points: a trigram is three characters, not UTF-16 units
    {
        Query t = store.database().query(
            QStringLiteral("SELECT doc, offset, term FROM temp.storecheck_trigrams ORDER BY doc, offset"));
        qint64 lastDoc = -1;
        qint64 lastOffset = -1;
        while (t.next()) {
            const qint64 doc = t.int64(0);
            const qint64 offset = t.int64(1);
            const QList<uint> term = t.text(2).toUcs4();
            if (term.size() != 3)
                return QStringLiteral("trigram entry %1 has a term of %2 characters")
                    .arg(doc)
                    .arg(term.size());
            if (doc != lastDoc) {
                if (offset != 0)
                    return QStringLiteral("trigram entry %1 does not start at 0").arg(doc);
                texts.insert(doc, term);
            } else if (offset != lastOffset + 1) {
                return QStringLiteral("trigram entry %1 has a gap at %2").arg(doc).arg(offset);
            } else {
                texts[doc].append(term.back());
            }
            lastDoc = doc;
            lastOffset = offset;
        }
        if (!t.ok())
            return t.error().toString();
    }
    for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
        const auto entry = index.value(it.key());
        if (entry.first.isEmpty() || entry.first.toLower().toUcs4() != it.value())
            return QStringLiteral("trigram entry %1 is stale: %2")
                .arg(it.key())
                .arg(QString::fromUcs4(
                    reinterpret_cast<const char32_t *>(it.value().constData()), it.value().size()));
    }
    const qsizetype titled = std::count_if(
        index.cbegin(), index.cend(), [](const auto &e) { return e.first.toUcs4().size() >= 3; });
    if (texts.size() != titled)
        return QStringLiteral("trigram index has %1 entries for %2 titles").arg(texts.size()).arg(titled);
    return {};
}

QString checkAll(Store &store, const Rows &acknowledged)
{
    if (Status s = store.database().integrityCheck(); !s)
        return s.errorString();
    for (const QString &e : {checkOutboxReproducesTables(store, acknowledged), checkClocksCoverValues(store),
             checkSearchIndex(store)}) {
        if (!e.isEmpty())
            return e;
    }
    return {};
}

QMap<QString, qint64> tableCounts(Store &store)
{
    QMap<QString, qint64> counts;
    QStringList tables {
        QStringLiteral("outbox"), QStringLiteral("dead_letters"), QStringLiteral("search_index")};
    for (const EntitySpec &spec : Schema::instance().entities())
        tables << spec.table;
    for (const QString &t : std::as_const(tables)) {
        auto n = store.database().scalar(QStringLiteral("SELECT count(*) FROM ") + t);
        counts.insert(t, n ? n.value() : -1);
    }
    auto seq = store.database().scalar(QStringLiteral("SELECT coalesce(max(seq), 0) FROM sqlite_sequence"));
    counts.insert(QStringLiteral("last_seq"), seq ? seq.value() : -1);
    return counts;
}

} // namespace storecheck
