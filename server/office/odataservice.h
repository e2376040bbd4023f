#pragma once

#include "core/result.h"
#include "odataquery.h"
#include "server/syncapi.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace feltnotat {
struct EntitySpec;
}

namespace feltnotat::server {

class SqlBackend;

// Rows of an entity set read through ODataQuery: one page of JSON objects, or CSV.
struct EntityRows
{
    QList<QVariantList> rows; // values in the order of `properties`
    QStringList properties;
    qint64 count = -1; // with $count=true: rows matching $filter in all
    bool more = false; // rows after this page (within $top)
    QVariantList lastKey; // the sort key (ODataQuery::order) of the page's last row
};

// The OData v4 service over the report columns: service document, $metadata (CSDL XML), entity
// sets as JSON pages and as CSV. Scope (the API client's teams; never restricted or deleted
// records) is applied here to every read.
class ODataService
{
public:
    static constexpr int DefaultPageSize = 1000;
    static constexpr int MaxPageSize = 5000;

    ODataService(SqlBackend &db, QStringList teamIds);

    static QByteArray metadata();
    static QByteArray serviceDocument(const QString &serviceRoot);
    static QString entitySetName(const QString &entity); // "participant" -> "Participants"
    static const EntitySpec *entityOfSet(const QString &setName);

    static constexpr int CsvPageSize = 2000; // rows per piece of a CSV export

    // One page of rows after the query's `after` key (keyset) and $skip, within $top.
    Result<EntityRows> read(const EntitySpec &spec, const ODataQuery &query, int pageSize);
    Result<qint64> count(const EntitySpec &spec, const ODataQuery &query);

    static QByteArray toJson(
        const EntitySpec &spec, const EntityRows &rows, const QString &context, const QString &nextLink);
    static QByteArray csvHeader(const EntityRows &rows);
    static QByteArray csvLines(const EntitySpec &spec, const EntityRows &rows);
    // The rest of a CSV export after its first page, read page by page as the client takes it.
    static std::shared_ptr<BodySource> csvRest(
        const EntitySpec &spec, ODataQuery query, const EntityRows &firstPage, QStringList teamIds);

private:
    QString scopeSql(const ODataQuery &query, QVariantList &params) const;

    SqlBackend &m_db;
    QStringList m_teamIds;
};

} // namespace feltnotat::server
