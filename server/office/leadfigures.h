#pragma once

#include "core/result.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace feltnotat::server {

class SqlBackend;

// The figures of one job specialist, or of a whole team, for a period. Every figure is defined in
// docs/integration.md ("Reports for team leads"); the names here follow those definitions.
struct FigureRow
{
    QString teamId;
    QString teamName;
    QString userId; // empty on the team's own row
    QString name; // the specialist's name (users.name); the team's name on the team row
    bool isTeam = false;

    int caseload = 0; // open participants on the period's last day
    int employerContacts = 0; // completed employer contacts in the period
    double contactsPerWeek = 0; // employerContacts / weeks (team row: per specialist)
    std::optional<double> medianDaysSinceContact; // over the caseload with a contact
    int withoutContact30 = 0; // caseload with no contact in the last 30 days (or never)
    int newParticipants = 0; // first contact in the period
    std::optional<double> medianDaysToEmployerContact;
    int employerContactWithin30 = 0;
    int employerContactDue = 0; // of newParticipants: had one, or are past 30 days
    int jobStarts = 0;
    int yearCohort = 0; // first contact 12 months before the period
    int inWorkWithin12Months = 0;
    int closed = 0;
    int closedToWork = 0;
    int closedToEducation = 0;
    int closedToOther = 0;
    int closedUnknown = 0;
    int followUps = 0; // completed contacts in the period with participants after their job start
    int followedUp = 0; // participants with at least one of those
    int inWork = 0; // caseload in a job on the period's last day
};

struct Period
{
    QDate from;
    QDate to; // inclusive

    bool isValid() const { return from.isValid() && to.isValid() && from <= to; }
    double weeks() const { return double(from.daysTo(to) + 1) / 7.0; }
};

// Computes the lead report figures of one team from the report columns (office_participant,
// office_encounter, office_employment; never the JSON bodies). Restricted and deleted records are
// left out. Dates of encounters are local dates in Europe/Oslo.
class LeadFigures
{
public:
    static constexpr int IpsEmployerContactDays = 30;
    static constexpr double WeeklyEmployerContactTarget = 6;
    // The longest period a report covers.
    static constexpr int MaxPeriodDays = 3 * 366;

    explicit LeadFigures(SqlBackend &db);

    // The team's row first, then one row per specialist by name.
    Result<QList<FigureRow>> team(const QString &teamId, const Period &period);

    // The CSV of rows (RFC 4180, CRLF, UTF-8; the columns of docs/integration.md). For Excel with a
    // Norwegian locale: semicolons, decimal commas and a byte order mark.
    static QByteArray toCsv(const QList<FigureRow> &rows, const Period &period, bool excel = false);
    // Where the reports' dates are counted.
    static const QTimeZone &zone();

private:
    SqlBackend &m_db;
};

} // namespace feltnotat::server
