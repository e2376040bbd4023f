#pragma once

#include "core/result.h"
#include "odataquery.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

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

    // One page of rows (pageSize 0 = all rows, for CSV) after $skip, within $top.
    Result<EntityRows> read(const EntitySpec &spec, const ODataQuery &query, int pageSize);
    Result<qint64> count(const EntitySpec &spec, const ODataQuery &query);

    static QByteArray toJson(
        const EntitySpec &spec, const EntityRows &rows, const QString &context, const QString &nextLink);
    static QByteArray toCsv(const EntitySpec &spec, const EntityRows &rows);

private:
    QString scopeSql(const ODataQuery &query, QVariantList &params) const;

    SqlBackend &m_db;
    QStringList m_teamIds;
};

} // namespace feltnotat::server
