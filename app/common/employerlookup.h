#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace feltnotat {

class ApiCall;
class Store;
class SyncClient;

// A unit of the employer register (Brønnøysund's Enhetsregisteret) as the server hands it out: a legal
// unit ("unit") or one of its workplaces ("sub_unit").
struct RegisterUnit
{
    QString orgNumber;
    QString kind; // "unit" or "sub_unit"
    QString name;
    QString orgForm;
    QString parentOrgNumber;
    QString parentName;
    QString address;
    QString postalCode;
    QString city;
    QString industry;
    int employees = -1; // -1: not given

    bool isWorkplace() const { return kind == u"sub_unit"; }
    QJsonObject toJson() const;
    static RegisterUnit fromJson(const QJsonObject &o);
};

// A unit with what belongs to it: its parent (for a workplace) and its workplaces (for a legal unit).
struct RegisterDetails
{
    RegisterUnit unit;
    std::optional<RegisterUnit> parent;
    QList<RegisterUnit> subUnits;
};

// Looks employers up in the server's employer register (GET /v1/register/…) and keeps the units the
// user looked at in detail (the last 100, in the store's meta), so the same look-ups work without
// network. Answers come as signals; a newer question makes the answer to an older one be dropped.
class EmployerLookup : public QObject
{
    Q_OBJECT

public:
    enum class Source { Server, Recent };
    Q_ENUM(Source)
    // Why the server did not answer (the GUI words it): not signed in to a server, not reachable, no such
    // unit, or the question was refused (too short, malformed).
    enum class Problem { None, NotSignedIn, Unreachable, NotFound, Refused };
    Q_ENUM(Problem)

    static constexpr int MaxResults = 20;
    static constexpr int MaxRecent = 100;

    EmployerLookup(Store &store, SyncClient &client, QObject *parent = nullptr);

    // By name (at least two letters) or organisation number. Offline, or when the server cannot be
    // reached, the recent look-ups that match answer instead (the Problem says why).
    void search(const QString &text);
    // One unit with its parent and workplaces; remembered for offline use.
    void details(const QString &orgNumber);
    // The remembered look-ups that match: name words as prefixes, or the start of an organisation number.
    QList<RegisterUnit> recentMatches(const QString &text) const;

    static Result<QList<RegisterUnit>> parseSearch(const QByteArray &json);
    static Result<RegisterDetails> parseDetails(const QByteArray &json);

Q_SIGNALS:
    void searched(const QList<feltnotat::RegisterUnit> &units, feltnotat::EmployerLookup::Source source,
        feltnotat::EmployerLookup::Problem problem);
    void detailsReady(const feltnotat::RegisterDetails &details, feltnotat::EmployerLookup::Source source);
    void detailsFailed(feltnotat::EmployerLookup::Problem problem);

private:
    void remember(const RegisterDetails &details);
    std::optional<RegisterDetails> recentDetails(const QString &orgNumber) const;
    QList<RegisterDetails> recent() const;
    static Problem problemOf(const ApiCall &call);

    Store &m_store;
    SyncClient &m_client;
    QPointer<ApiCall> m_search;
    QPointer<ApiCall> m_details;
};

} // namespace feltnotat
