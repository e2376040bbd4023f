#include "odataservice.h"

#include "core/schema.h"
#include "csvtext.h"
#include "reportcolumns.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {

QString edmType(const FieldSpec &f)
{
    switch (f.type) {
    case FieldType::Integer:
        return QStringLiteral("Edm.Int64");
    case FieldType::Real:
        return QStringLiteral("Edm.Double");
    case FieldType::Bool:
        return QStringLiteral("Edm.Boolean");
    case FieldType::Date:
        return QStringLiteral("Edm.Date");
    case FieldType::DateTime:
        return QStringLiteral("Edm.DateTimeOffset");
    default:
        return QStringLiteral("Edm.String");
    }
}

QString typeName(const QString &entity)
{
    return entity.left(1).toUpper() + entity.mid(1);
}

QJsonValue jsonValue(const FieldSpec *f, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue::Null;
    if (!f)
        return v.toString();
    switch (f->type) {
    case FieldType::Bool:
        return v.toLongLong() != 0;
    case FieldType::Integer:
        return v.toLongLong();
    case FieldType::Real:
        return v.toDouble();
    default:
        return v.toString();
    }
}

QByteArray csvField(const FieldSpec *f, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    QString text;
    if (f && f->type == FieldType::Bool)
        text = v.toLongLong() != 0 ? QStringLiteral("true") : QStringLiteral("false");
    else if (f && f->type == FieldType::Real)
        text = QString::number(v.toDouble(), 'g', 15);
    else
        text = v.toString();
    return csv::field(text, !f || (f->type != FieldType::Integer && f->type != FieldType::Real));
}

QString xmlEscaped(const QString &s)
{
    return s.toHtmlEscaped();
}

// Rows after `key` in the order `order` (keyset paging): for ORDER BY a, b, id
//   a after ka OR (a = ka AND (b after kb OR (b = kb AND id > kid)))
// with NULLs first when ascending and last when descending, as the ORDER BY has them.
QString keysetSql(
    const QList<ODataQuery::OrderKey> &order, const QVariantList &key, qsizetype i, QVariantList &params)
{
    const QString column = u'"' + ReportColumns::columnOf(order.at(i).property) + u'"';
    const QVariant &v = key.at(i);
    const bool null = !v.isValid() || v.isNull();
    QString after;
    if (!order.at(i).descending) {
        after = null ? column + QStringLiteral(" IS NOT NULL") : column + QStringLiteral(" > ?");
    } else {
        after = null ? QStringLiteral("1 = 0") : QStringLiteral("(%1 < ? OR %1 IS NULL)").arg(column);
    }
    if (!null)
        params << v;
    if (i + 1 == order.size())
        return u'(' + after + u')';
    const QString equal = null ? column + QStringLiteral(" IS NULL") : column + QStringLiteral(" = ?");
    if (!null)
        params << v;
    const QString rest = keysetSql(order, key, i + 1, params);
    return QStringLiteral("(%1 OR (%2 AND %3))").arg(after, equal, rest);
}

// The rest of a CSV export: one page after another, each starting after the last row sent.
class CsvRest final : public BodySource
{
public:
    CsvRest(const EntitySpec &spec, ODataQuery query, QStringList teamIds)
        : m_spec(spec)
        , m_query(std::move(query))
        , m_teamIds(std::move(teamIds))
    { }

    Result<QByteArray> next(SqlBackend &db) override
    {
        if (m_done)
            return QByteArray();
        ODataService service(db, m_teamIds);
        auto rows = service.read(m_spec, m_query, ODataService::CsvPageSize);
        if (!rows)
            return rows.error();
        m_done = !rows->more || rows->rows.isEmpty();
        m_query.after = rows->lastKey;
        if (m_query.top >= 0)
            m_query.top -= rows->rows.size();
        return ODataService::csvLines(m_spec, rows.value());
    }

private:
    const EntitySpec &m_spec;
    ODataQuery m_query;
    QStringList m_teamIds;
    bool m_done = false;
};

} // namespace

ODataService::ODataService(SqlBackend &db, QStringList teamIds)
    : m_db(db)
    , m_teamIds(std::move(teamIds))
{ }

QString ODataService::entitySetName(const QString &entity)
{
    return typeName(entity) + u's';
}

const EntitySpec *ODataService::entityOfSet(const QString &setName)
{
    for (const QString &entity : ReportColumns::entities()) {
        if (entitySetName(entity) == setName)
            return Schema::instance().entity(entity);
    }
    return nullptr;
}

QByteArray ODataService::metadata()
{
    QString xml = QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n"
        "<edmx:DataServices>\n"
        "<Schema Namespace=\"Feltnotat\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
    QString container = QStringLiteral("<EntityContainer Name=\"Container\">\n");
    for (const QString &entity : ReportColumns::entities()) {
        const EntitySpec &spec = *Schema::instance().entity(entity);
        xml += QStringLiteral("<EntityType Name=\"%1\">\n<Key><PropertyRef Name=\"id\"/></Key>\n"
                              "<Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/>\n")
                   .arg(typeName(entity));
        for (const FieldSpec &f : spec.fields) {
            xml += QStringLiteral("<Property Name=\"%1\" Type=\"%2\"").arg(xmlEscaped(f.name), edmType(f));
            if (edmType(f) == u"Edm.String" && f.maxLength > 0)
                xml += QStringLiteral(" MaxLength=\"%1\"").arg(f.maxLength);
            xml += QStringLiteral("/>\n");
        }
        xml += QStringLiteral("</EntityType>\n");
        container += QStringLiteral("<EntitySet Name=\"%1\" EntityType=\"Feltnotat.%2\"/>\n")
                         .arg(entitySetName(entity), typeName(entity));
    }
    xml += container + QStringLiteral("</EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
    return xml.toUtf8();
}

QByteArray ODataService::serviceDocument(const QString &serviceRoot)
{
    QJsonArray sets;
    for (const QString &entity : ReportColumns::entities()) {
        sets.append(QJsonObject {{QStringLiteral("name"), entitySetName(entity)},
            {QStringLiteral("kind"), QStringLiteral("EntitySet")},
            {QStringLiteral("url"), entitySetName(entity)}});
    }
    const QJsonObject doc {
        {QStringLiteral("@odata.context"), QString(serviceRoot + QStringLiteral("$metadata"))},
        {QStringLiteral("value"), sets}};
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

QString ODataService::scopeSql(const ODataQuery &query, QVariantList &params) const
{
    QString sql = QStringLiteral(" WHERE team_id IN (%1) AND hidden = 0 AND deleted = 0")
                      .arg(QStringLiteral("?, ").repeated(m_teamIds.size() - 1) + u'?');
    for (const QString &team : m_teamIds)
        params << team;
    if (!query.where.isEmpty()) {
        sql += QStringLiteral(" AND ") + query.where;
        params += query.params;
    }
    return sql;
}

Result<qint64> ODataService::count(const EntitySpec &spec, const ODataQuery &query)
{
    if (m_teamIds.isEmpty())
        return qint64(0);
    QVariantList params;
    const QString where = scopeSql(query, params);
    auto r = m_db.exec(
        QStringLiteral("SELECT COUNT(*) FROM ") + ReportColumns::tableOf(spec.name) + where, params);
    if (!r)
        return r.error();
    return r->first().toLongLong();
}

Result<EntityRows> ODataService::read(const EntitySpec &spec, const ODataQuery &query, int pageSize)
{
    EntityRows out;
    out.properties = query.select.isEmpty() ? ODataQuery::properties(spec) : query.select;
    if (m_teamIds.isEmpty())
        return out;
    QStringList columns;
    for (const QString &p : std::as_const(out.properties))
        columns << u'"' + ReportColumns::columnOf(p) + u'"';
    // The sort key after the selected properties, for the next page's start.
    const qsizetype shown = columns.size();
    for (const ODataQuery::OrderKey &k : query.order)
        columns << u'"' + ReportColumns::columnOf(k.property) + u'"';
    // The count and the page from one snapshot.
    SqlTransaction tx(m_db, SqlTransaction::Mode::Read);
    if (!tx.ok())
        return tx.status().error();
    if (query.count) {
        auto n = count(spec, query);
        if (!n)
            return n.error();
        out.count = n.value();
    }
    QVariantList params;
    QString where = scopeSql(query, params);
    if (!query.after.isEmpty()) {
        if (query.after.size() != query.order.size())
            return makeError(ErrorCode::Invalid, QStringLiteral("$skiptoken does not fit the query"));
        where += QStringLiteral(" AND ") + keysetSql(query.order, query.after, 0, params);
    }
    qint64 limit = qint64(std::max(pageSize, 1)) + 1;
    if (query.top >= 0 && query.top < limit)
        limit = query.top;
    params << limit << query.skip;
    auto r = m_db.exec(QStringLiteral("SELECT %1 FROM %2%3 ORDER BY %4 LIMIT ? OFFSET ?")
                           .arg(columns.join(u", "), ReportColumns::tableOf(spec.name), where, query.orderBy),
        params);
    if (!r)
        return r.error();
    out.rows = std::move(r).value().rows;
    if (out.rows.size() > pageSize && (query.top < 0 || query.top > pageSize)) {
        out.rows.resize(pageSize);
        out.more = true;
    }
    if (!out.rows.isEmpty())
        out.lastKey = out.rows.constLast().mid(shown);
    for (QVariantList &row : out.rows)
        row.resize(shown);
    if (Status s = tx.commit(); !s)
        return s.error();
    return out;
}

QByteArray ODataService::toJson(
    const EntitySpec &spec, const EntityRows &rows, const QString &context, const QString &nextLink)
{
    QList<const FieldSpec *> fields;
    for (const QString &p : rows.properties)
        fields << spec.field(p);
    QJsonArray values;
    for (const QVariantList &row : rows.rows) {
        QJsonObject o;
        for (qsizetype i = 0; i < row.size(); ++i)
            o.insert(rows.properties.at(i), jsonValue(fields.at(i), row.at(i)));
        values.append(o);
    }
    QJsonObject doc {{QStringLiteral("@odata.context"), context}, {QStringLiteral("value"), values}};
    if (rows.count >= 0)
        doc.insert(QStringLiteral("@odata.count"), rows.count);
    if (!nextLink.isEmpty())
        doc.insert(QStringLiteral("@odata.nextLink"), nextLink);
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

QByteArray ODataService::csvHeader(const EntityRows &rows)
{
    return rows.properties.join(u',').toUtf8() + "\r\n";
}

std::shared_ptr<BodySource> ODataService::csvRest(
    const EntitySpec &spec, ODataQuery query, const EntityRows &firstPage, QStringList teamIds)
{
    // $skip is used up by the first page; the rest starts after its last row.
    query.skip = 0;
    query.count = false;
    query.after = firstPage.lastKey;
    if (query.top >= 0)
        query.top -= firstPage.rows.size();
    return std::make_shared<CsvRest>(spec, std::move(query), std::move(teamIds));
}

QByteArray ODataService::csvLines(const EntitySpec &spec, const EntityRows &rows)
{
    QList<const FieldSpec *> fields;
    for (const QString &p : rows.properties)
        fields << spec.field(p);
    QByteArray out;
    for (const QVariantList &row : rows.rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i > 0)
                out += ',';
            out += csvField(fields.at(i), row.at(i));
        }
        out += "\r\n";
    }
    return out;
}

} // namespace feltnotat::server
