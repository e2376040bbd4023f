#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

class QUrlQuery;

namespace feltnotat {
struct EntitySpec;
}

namespace feltnotat::server {

// The OData v4 system query options of one entity set request, checked against the entity's fields
// and turned into SQL over its report columns (ReportColumns): $filter (eq ne gt ge lt le, and or
// not, parentheses, contains/startswith/endswith, literals string, number, true/false/null, date,
// date-time with offset), $select, $orderby (asc/desc), $top, $skip, $count, and the $skiptoken of
// a next link (decoded by SkipToken). Values are always bound parameters; property names are
// checked against the schema before they reach SQL.
struct ODataQuery
{
    struct OrderKey
    {
        QString property;
        bool descending = false;
    };

    QStringList select; // field names; empty = every field
    QString where; // SQL condition over quoted columns, "" = none
    QVariantList params;
    QString orderBy; // SQL ORDER BY list; always ends with the key so pages are stable
    QList<OrderKey> order; // the same as properties: $orderby, then id ascending
    QString filterText; // $filter and $orderby as sent: a $skiptoken is bound to them
    QString orderText;
    QString skipToken; // $skiptoken as sent, "" = none
    QVariantList after; // the decoded $skiptoken: the sort key of the last row sent; empty = from the start
    qint64 top = -1; // -1 = no $top
    qint64 skip = 0;
    bool count = false;
    int maxPageSize = 0; // from Prefer: odata.maxpagesize, 0 = server default

    // postgres: the SQL dialect of the text functions (strpos on PostgreSQL, instr on SQLite).
    static Result<ODataQuery> parse(const EntitySpec &spec, const QUrlQuery &query, bool postgres);
    // Only the $filter expression: the SQL condition and its parameters.
    static Result<QPair<QString, QVariantList>> parseFilter(
        const EntitySpec &spec, const QString &filter, bool postgres);
    // "id" and the entity's field names: the properties of its OData entity type.
    static QStringList properties(const EntitySpec &spec);
};

} // namespace feltnotat::server
