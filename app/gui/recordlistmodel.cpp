#include "recordlistmodel.h"

#include "appcontext.h"
#include "core/schema.h"
#include "core/searchindex.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "recordtext.h"

using namespace feltnotat;

RecordListModel::RecordListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void RecordListModel::setApp(AppContext *app)
{
    if (app == m_app)
        return;
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_app = app;
    if (app) {
        m_connections = app->onChanges(this, [this](const QStringList &entities, bool newSession) {
            if (m_complete
                && (newSession || entities.contains(m_entity) || entities.contains(QStringLiteral("*"))))
                reload();
        });
    }
    Q_EMIT appChanged();
    if (m_complete)
        reload();
}

Store *RecordListModel::store() const
{
    return m_app ? m_app->store() : nullptr;
}

void RecordListModel::componentComplete()
{
    m_complete = true;
    reload();
}

int RecordListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RecordListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case RecordIdRole:
        return row.id;
    case SubtitleRole:
        return row.subtitle;
    }
    return {};
}

QHash<int, QByteArray> RecordListModel::roleNames() const
{
    return {{RecordIdRole, "recordId"}, {TitleRole, "title"}, {SubtitleRole, "subtitle"}};
}

void RecordListModel::setEntity(const QString &entity)
{
    if (entity == m_entity)
        return;
    m_entity = entity;
    Q_EMIT entityChanged();
    if (m_complete)
        reload();
}

void RecordListModel::setFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged();
    if (m_complete)
        reload();
}

void RecordListModel::setOwner(const QString &owner)
{
    if (owner == m_owner)
        return;
    m_owner = owner;
    Q_EMIT ownerChanged();
    if (m_complete)
        reload();
}

void RecordListModel::setClosed(bool closed)
{
    if (closed == m_closed)
        return;
    m_closed = closed;
    Q_EMIT closedChanged();
    if (m_complete)
        reload();
}

QString RecordListModel::condition(QVariantList &binds) const
{
    QStringList parts;
    if (m_entity == u"participant") {
        // Closed participants apart from the active ones; the user's caseload or the team's.
        parts << (m_closed ? QStringLiteral("stage = 'closed'") : QStringLiteral("stage IS NOT 'closed'"));
        if (!m_owner.isEmpty() && !m_closed) {
            parts << QStringLiteral("(assigned_to = ? OR (assigned_to IS NULL AND created_by = ?))");
            binds << m_owner << m_owner;
        }
    }
    const QString name = nameCondition(binds);
    if (!name.isEmpty())
        parts << name;
    return parts.join(QStringLiteral(" AND "));
}

QString RecordListModel::nameCondition(QVariantList &binds) const
{
    const QString words = m_filter.trimmed();
    if (words.isEmpty())
        return {};
    // A fragment anywhere in the name (LIKE folds ASCII case only; its wildcards in the input are
    // literal), or every typed word starting a word of the name through the search index, which
    // folds case for all letters: "øv" finds "Øvrebø", "åse" finds "Åse".
    QString pattern = words;
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    binds << QString(u'%' + pattern + u'%');
    const QString match = SearchIndex::matchExpression(words);
    const EntitySpec *spec = Schema::instance().entity(m_entity);
    if (match.isEmpty() || !spec || spec->searchKind == 0)
        return QStringLiteral("name LIKE ? ESCAPE '\\'");
    binds << QString(QStringLiteral("title : (") + match + u')') << qint64(spec->searchKind);
    return QStringLiteral("(name LIKE ? ESCAPE '\\' OR rid IN (SELECT rowid / 8 FROM search_index"
                          " WHERE search_index MATCH ? AND rowid % 8 = ?))");
}

void RecordListModel::reload()
{
    Store *store = this->store();
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    if (store) {
        QVariantList binds;
        const QString where = condition(binds);
        m_total = StoreQueries(*store).count(m_entity, where, binds);
        m_rows = page(*store);
    }
    endResetModel();
    Q_EMIT countChanged();
}

QList<RecordListModel::Row> RecordListModel::page(Store &store) const
{
    QVariantList binds;
    QString where = condition(binds);
    if (!m_rows.isEmpty()) {
        // Keyset paging: continue after the last row shown, in (name, rid) order.
        const QString after
            = QStringLiteral("(name COLLATE NOCASE > ? OR (name COLLATE NOCASE = ? AND rid > ?))");
        where = where.isEmpty() ? after : QString(where + QStringLiteral(" AND ") + after);
        binds << m_rows.last().title << m_rows.last().title << m_rows.last().rid;
    }
    QList<Row> rows;
    for (const Record &r : StoreQueries(store).select(
             m_entity, where, binds, QStringLiteral("name COLLATE NOCASE, rid"), PageSize))
        rows.append({r.id, r.text(QStringLiteral("name")), recordtext::listSubtitle(r), r.rid});
    return rows;
}

bool RecordListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows.size() < m_total;
}

void RecordListModel::fetchMore(const QModelIndex &parent)
{
    Store *store = this->store();
    if (parent.isValid() || !store || m_fetching)
        return;
    m_fetching = true; // views and testers may ask again while rows are being inserted
    const QList<Row> rows = page(*store);
    if (rows.isEmpty()) {
        m_total = m_rows.size(); // the table shrank under us; stop asking
    } else {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows.append(rows);
        endInsertRows();
    }
    m_fetching = false;
    Q_EMIT countChanged();
}
