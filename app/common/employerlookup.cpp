#include "employerlookup.h"

#include "core/namefolding.h"
#include "core/store.h"
#include "sync/apicall.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace feltnotat {

namespace {

const QString MetaRecent = QStringLiteral("employer_register_recent");

const std::pair<const char *, QString RegisterUnit::*> TextFields[]
    = {{"org_number", &RegisterUnit::orgNumber}, {"kind", &RegisterUnit::kind}, {"name", &RegisterUnit::name},
        {"org_form", &RegisterUnit::orgForm}, {"parent_org_number", &RegisterUnit::parentOrgNumber},
        {"parent_name", &RegisterUnit::parentName}, {"address", &RegisterUnit::address},
        {"postal_code", &RegisterUnit::postalCode}, {"city", &RegisterUnit::city},
        {"industry", &RegisterUnit::industry}};

bool isOrgNumber(const QString &s)
{
    return s.size() == 9 && std::all_of(s.begin(), s.end(), [](QChar c) { return c.isDigit(); });
}

Result<QJsonObject> object(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(
            ErrorCode::Protocol, QStringLiteral("the employer register's answer is not a JSON object"));
    return doc.object();
}

Result<RegisterUnit> unitFrom(const QJsonValue &value)
{
    const RegisterUnit u = RegisterUnit::fromJson(value.toObject());
    if (!isOrgNumber(u.orgNumber) || u.name.isEmpty())
        return makeError(ErrorCode::Protocol, QStringLiteral("a unit without organisation number or name"));
    return u;
}

} // namespace

QJsonObject RegisterUnit::toJson() const
{
    QJsonObject o;
    for (const auto &[key, member] : TextFields) {
        if (!(this->*member).isEmpty())
            o.insert(QLatin1String(key), this->*member);
    }
    if (employees >= 0)
        o.insert(QStringLiteral("employees"), employees);
    return o;
}

RegisterUnit RegisterUnit::fromJson(const QJsonObject &o)
{
    RegisterUnit u;
    for (const auto &[key, member] : TextFields)
        u.*member = o.value(QLatin1String(key)).toString();
    u.employees = o.value(QStringLiteral("employees")).toInt(-1);
    return u;
}

EmployerLookup::EmployerLookup(Store &store, SyncClient &client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
{ }

Result<QList<RegisterUnit>> EmployerLookup::parseSearch(const QByteArray &json)
{
    auto o = object(json);
    if (!o)
        return o.error();
    QList<RegisterUnit> out;
    for (const QJsonValue &v : o->value(QStringLiteral("units")).toArray()) {
        auto u = unitFrom(v);
        if (!u)
            return u.error();
        out.append(u.value());
    }
    return out;
}

Result<RegisterDetails> EmployerLookup::parseDetails(const QByteArray &json)
{
    auto o = object(json);
    if (!o)
        return o.error();
    RegisterDetails d;
    auto unit = unitFrom(o->value(QStringLiteral("unit")));
    if (!unit)
        return unit.error();
    d.unit = unit.value();
    if (o->contains(QStringLiteral("parent"))) {
        auto parent = unitFrom(o->value(QStringLiteral("parent")));
        if (!parent)
            return parent.error();
        d.parent = parent.value();
    }
    for (const QJsonValue &v : o->value(QStringLiteral("sub_units")).toArray()) {
        auto sub = unitFrom(v);
        if (!sub)
            return sub.error();
        d.subUnits.append(sub.value());
    }
    return d;
}

EmployerLookup::Problem EmployerLookup::problemOf(const ApiCall &call)
{
    switch (call.failure()) {
    case ApiCall::Failure::None:
        return Problem::None;
    case ApiCall::Failure::Rejected:
        return call.httpStatus() == 404 ? Problem::NotFound : Problem::Refused;
    case ApiCall::Failure::Unauthorized:
        return Problem::NotSignedIn;
    default:
        return Problem::Unreachable;
    }
}

void EmployerLookup::search(const QString &text)
{
    if (m_search)
        m_search->abort();
    const QString query = text.simplified();
    if (!m_client.hasToken()) {
        Q_EMIT searched(recentMatches(query), Source::Recent, Problem::NotSignedIn);
        return;
    }
    m_search = m_client.registerSearch(query, MaxResults);
    ApiCall *call = m_search;
    connect(call, &ApiCall::finished, this, [this, call, query] {
        call->deleteLater();
        if (call != m_search)
            return; // a newer question is on its way
        m_search = nullptr;
        if (call->hasError()) {
            const Problem problem = problemOf(*call);
            Q_EMIT searched(problem == Problem::Refused ? QList<RegisterUnit>() : recentMatches(query),
                Source::Recent, problem);
            return;
        }
        auto units = parseSearch(call->body());
        if (!units) {
            Q_EMIT searched(recentMatches(query), Source::Recent, Problem::Unreachable);
            return;
        }
        Q_EMIT searched(units.value(), Source::Server, Problem::None);
    });
}

void EmployerLookup::details(const QString &orgNumber)
{
    if (m_details)
        m_details->abort();
    const auto fromRecent = [this, orgNumber](Problem problem) {
        if (auto known = recentDetails(orgNumber))
            Q_EMIT detailsReady(*known, Source::Recent);
        else
            Q_EMIT detailsFailed(problem);
    };
    if (!isOrgNumber(orgNumber)) {
        Q_EMIT detailsFailed(Problem::Refused);
        return;
    }
    if (!m_client.hasToken()) {
        fromRecent(Problem::NotSignedIn);
        return;
    }
    m_details = m_client.registerUnit(orgNumber);
    ApiCall *call = m_details;
    connect(call, &ApiCall::finished, this, [this, call, fromRecent] {
        call->deleteLater();
        if (call != m_details)
            return;
        m_details = nullptr;
        if (call->hasError()) {
            fromRecent(problemOf(*call));
            return;
        }
        auto details = parseDetails(call->body());
        if (!details) {
            fromRecent(Problem::Unreachable);
            return;
        }
        remember(details.value());
        Q_EMIT detailsReady(details.value(), Source::Server);
    });
}

QList<RegisterDetails> EmployerLookup::recent() const
{
    QList<RegisterDetails> out;
    const QJsonArray list = QJsonDocument::fromJson(m_store.meta(MetaRecent).toUtf8()).array();
    for (const QJsonValue &v : list) {
        auto d = parseDetails(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        if (d)
            out.append(d.value());
    }
    return out;
}

std::optional<RegisterDetails> EmployerLookup::recentDetails(const QString &orgNumber) const
{
    for (const RegisterDetails &d : recent()) {
        if (d.unit.orgNumber == orgNumber)
            return d;
    }
    return std::nullopt;
}

void EmployerLookup::remember(const RegisterDetails &details)
{
    QJsonArray list;
    const auto entry = [](const RegisterDetails &d) {
        QJsonObject o {{QStringLiteral("unit"), d.unit.toJson()}};
        if (d.parent)
            o.insert(QStringLiteral("parent"), d.parent->toJson());
        QJsonArray subs;
        for (const RegisterUnit &s : d.subUnits)
            subs.append(s.toJson());
        o.insert(QStringLiteral("sub_units"), subs);
        return o;
    };
    list.append(entry(details));
    for (const RegisterDetails &d : recent()) {
        if (d.unit.orgNumber != details.unit.orgNumber && list.size() < MaxRecent)
            list.append(entry(d));
    }
    // A cache of public register data: losing it only means the next look-up needs the network.
    (void)m_store.setMeta(MetaRecent, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
}

QList<RegisterUnit> EmployerLookup::recentMatches(const QString &text) const
{
    const QString digits = QString(text).remove(u' ');
    const bool byNumber
        = !digits.isEmpty() && std::all_of(digits.begin(), digits.end(), [](QChar c) { return c.isDigit(); });
    const QStringList words = namefolding::words(text);
    QList<RegisterUnit> out;
    const auto matches = [&](const RegisterUnit &u) {
        if (byNumber)
            return u.orgNumber.startsWith(digits);
        if (words.isEmpty())
            return false;
        return namefolding::matches(words, namefolding::words(u.name));
    };
    for (const RegisterDetails &d : recent()) {
        for (const RegisterUnit &u : QList<RegisterUnit> {d.unit} + d.subUnits) {
            if (out.size() < MaxResults && matches(u)
                && std::none_of(out.begin(), out.end(),
                    [&](const RegisterUnit &o) { return o.orgNumber == u.orgNumber; }))
                out.append(u);
        }
    }
    return out;
}

} // namespace feltnotat
