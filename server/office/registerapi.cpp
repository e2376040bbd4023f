#include "registerapi.h"

#include "core/namefolding.h"
#include "employerregister.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace feltnotat::server {

namespace {

ApiResponse json(const QJsonObject &o)
{
    ApiResponse r;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

ApiResponse invalid(const QString &message, const QString &field)
{
    return apiError(400, QStringLiteral("invalid"), message, field);
}

} // namespace

RegisterApi::RegisterApi(SqlBackend &db)
    : m_db(db)
{ }

QString RegisterApi::routeName(const QString &path)
{
    if (path == u"/v1/register/search")
        return path;
    if (path.startsWith(u"/v1/register/units/"))
        return QStringLiteral("/v1/register/units");
    return QStringLiteral("/v1/register");
}

ApiResponse RegisterApi::handle(const ApiRequest &request)
{
    if (request.method != "GET")
        return apiError(405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
    if (request.path == u"/v1/register/search")
        return search(request);
    static const QString units = QStringLiteral("/v1/register/units/");
    if (request.path.startsWith(units) && request.path.size() == units.size() + 9)
        return unit(request.path.mid(units.size()));
    return apiError(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));
}

ApiResponse RegisterApi::search(const ApiRequest &request)
{
    QString query;
    int limit = 20;
    for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"q") {
            query = value;
        } else if (key == u"limit") {
            bool ok = false;
            limit = value.toInt(&ok);
            if (!ok || limit < 1 || limit > EmployerRegister::MaxResults)
                return invalid(QStringLiteral("limit must be 1-%1").arg(EmployerRegister::MaxResults),
                    QStringLiteral("limit"));
        } else {
            return invalid(QStringLiteral("unknown query parameter"), key.left(40));
        }
    }
    if (query.size() > 100 || namefolding::fold(query).remove(u' ').size() < 2)
        return invalid(QStringLiteral("q must have at least two letters or digits (at most 100 characters)"),
            QStringLiteral("q"));
    EmployerRegister reg(m_db);
    SqlTransaction tx(m_db, SqlTransaction::Mode::Read);
    if (!tx.ok())
        return apiFromError(tx.status().error());
    auto found = reg.search(query, limit);
    if (!found)
        return apiFromError(found.error());
    // A workplace shows which legal unit it belongs to.
    QHash<QString, QString> parentNames;
    QJsonArray list;
    for (const RegisterUnit &u : found.value()) {
        QJsonObject o = u.toJson();
        if (!u.parentOrgNumber.isEmpty()) {
            if (!parentNames.contains(u.parentOrgNumber)) {
                auto parent = reg.unit(u.parentOrgNumber);
                if (!parent)
                    return apiFromError(parent.error());
                parentNames.insert(u.parentOrgNumber, parent->has_value() ? parent->value().name : QString());
            }
            if (const QString name = parentNames.value(u.parentOrgNumber); !name.isEmpty())
                o.insert(QStringLiteral("parent_name"), name);
        }
        list.append(o);
    }
    if (Status s = tx.commit(); !s)
        return apiFromError(s.error());
    return json({{QStringLiteral("units"), list}});
}

ApiResponse RegisterApi::unit(const QString &orgNumber)
{
    EmployerRegister reg(m_db);
    SqlTransaction tx(m_db, SqlTransaction::Mode::Read);
    if (!tx.ok())
        return apiFromError(tx.status().error());
    auto found = reg.unit(orgNumber);
    if (!found)
        return apiFromError(found.error());
    if (!found->has_value() || found->value().removed)
        return apiError(404, QStringLiteral("not_found"),
            QStringLiteral("no unit with this organisation number in the employer register"));
    const RegisterUnit &u = found->value();
    QJsonObject out {{QStringLiteral("unit"), u.toJson()}};
    if (!u.parentOrgNumber.isEmpty()) {
        auto parent = reg.unit(u.parentOrgNumber);
        if (!parent)
            return apiFromError(parent.error());
        if (parent->has_value())
            out.insert(QStringLiteral("parent"), parent->value().toJson());
    }
    QJsonArray children;
    if (u.kind == RegisterUnit::Kind::Unit) {
        auto subUnits = reg.subUnits(u.orgNumber);
        if (!subUnits)
            return apiFromError(subUnits.error());
        for (const RegisterUnit &s : subUnits.value())
            children.append(s.toJson());
    }
    out.insert(QStringLiteral("sub_units"), children);
    if (Status s = tx.commit(); !s)
        return apiFromError(s.error());
    return json(out);
}

} // namespace feltnotat::server
