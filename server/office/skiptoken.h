#pragma once

#include "core/result.h"
#include "odataquery.h"

#include <QByteArray>
#include <QString>
#include <QVariantList>

namespace feltnotat {
struct EntitySpec;
}

namespace feltnotat::server {

// The $skiptoken of an OData next link: the sort key ($orderby's values and the id) of the last row
// a page sent, so the next page starts after that row whatever was added or removed meanwhile
// (keyset paging; no OFFSET). Opaque to clients: base64url JSON and a MAC over it, the entity set,
// $filter and $orderby, keyed with the API client's stored secret hash, so a token altered, made
// up, or used with another query or client is refused instead of being read as a position.
class SkipToken
{
public:
    static QString encode(const EntitySpec &spec, const ODataQuery &query, const QVariantList &key,
        const QByteArray &clientKey);
    // The sort key, typed as its columns; an Invalid error for anything not made by encode() for
    // this entity set, query and client.
    static Result<QVariantList> decode(
        const EntitySpec &spec, const ODataQuery &query, const QString &token, const QByteArray &clientKey);
};

} // namespace feltnotat::server
