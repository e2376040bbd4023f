#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace feltnotat::server {

class SqlBackend;

// One unit of Enhetsregisteret as the server keeps it: a legal unit (enhet) or one of its
// workplaces (underenhet), with what a job specialist needs to create the employer.
struct RegisterUnit
{
    enum class Kind { Unit, SubUnit };

    QString orgNumber;
    Kind kind = Kind::Unit;
    QString name;
    QString orgForm; // AS, ENK, BEDR, …
    QString parentOrgNumber; // overordnetEnhet
    QString address; // the lines joined with ", "
    QString postalCode;
    QString city;
    QString municipality;
    QString industryCode; // naeringskode1
    QString industry;
    std::optional<qint64> employees;
    bool removed = false;

    static QString kindName(Kind kind)
    {
        return kind == Kind::Unit ? QStringLiteral("unit") : QStringLiteral("sub_unit");
    }
    // The device API's JSON (docs/integration.md, "Employer register").
    QJsonObject toJson() const;
};

// The employer register's tables (register_units, register_words, register_state): batched
// writes for the import, look-ups by organisation number and by name for devices.
class EmployerRegister
{
public:
    static constexpr int MaxResults = 50;

    explicit EmployerRegister(SqlBackend &db);

    // Inserts or replaces the units (and their name words), all stamped `stampMs`. In the caller's
    // transaction.
    Status write(const QList<RegisterUnit> &input, qint64 stampMs);
    Status markRemoved(const QString &orgNumber, qint64 stampMs);
    // After a complete bulk file: units of that kind the file did not hold are removed.
    Result<qint64> removeNotStampedSince(RegisterUnit::Kind kind, qint64 stampMs);

    Result<std::optional<RegisterUnit>> unit(const QString &orgNumber);
    // The workplaces of a legal unit, by name.
    Result<QList<RegisterUnit>> subUnits(const QString &parentOrgNumber, int limit = MaxResults);
    // A 9-digit number finds that unit; text finds units whose name has words starting with every
    // word of the query (folded, see core/namefolding.h), legal units and larger ones first.
    Result<QList<RegisterUnit>> search(const QString &query, int limit = 20);

    struct State
    {
        qint64 units = 0;
        qint64 subUnits = 0;
        qint64 lastUpdateUnits = 0; // the last oppdateringsid applied
        qint64 lastUpdateSubUnits = 0;
        qint64 importedAtMs = 0;
    };
    Result<State> state();
    // register_state: the last update id and time per kind of import ("units", "sub_units",
    // "units_bulk", "sub_units_bulk").
    Status setState(const QString &kind, qint64 lastUpdateId, qint64 atMs);
    Result<qint64> lastUpdateId(const QString &kind);

private:
    Result<QList<RegisterUnit>> select(const QString &where, const QVariantList &params);

    SqlBackend &m_db;
};

} // namespace feltnotat::server
