#include "leadfigures.h"

#include "core/validation.h"
#include "csvtext.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace feltnotat::server {

namespace {

// The instant a local day starts, as the canonical UTC text the records store.
QString dayStart(const QDate &day)
{
    return validation::formatDateTime(QDateTime(day, QTime(0, 0), LeadFigures::zone()));
}

QDate localDate(const QVariant &utc)
{
    const QDateTime t = QDateTime::fromString(utc.toString(), Qt::ISODate);
    return t.isValid() ? t.toTimeZone(LeadFigures::zone()).date() : QDate();
}

QDate date(const QVariant &v)
{
    return QDate::fromString(v.toString(), Qt::ISODate);
}

QDate earliest(std::initializer_list<QDate> dates)
{
    QDate out;
    for (const QDate &d : dates) {
        if (d.isValid() && (!out.isValid() || d < out))
            out = d;
    }
    return out;
}

struct Job
{
    QDate start;
    QDate end; // invalid: still in the job

    bool activeOn(const QDate &day) const { return start <= day && (!end.isValid() || day <= end); }
};

struct Participant
{
    QString owner; // assigned_to, or created_by when nobody is assigned (as the app's caseload)
    QString stage;
    QString outcome;
    QDate begin; // the earliest of referral, first contact, first completed encounter, created
    QDate start; // first contact: the field, or the first completed encounter
    QDate firstEmployerContact; // the field, or the first completed employer contact naming them
    QDate lastContact; // the last completed encounter up to the period's end
    QDate closed;
    QList<Job> jobs;
    QList<QDate> contactsInPeriod;
};

std::optional<double> median(QList<int> values)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? double(values.at(mid)) : (values.at(mid - 1) + values.at(mid)) / 2.0;
}

struct Accumulator
{
    FigureRow row;
    QList<int> daysSinceContact;
    QList<int> daysToEmployerContact;

    void add(const Participant &p, const Period &period)
    {
        const QDate &to = period.to;
        const bool closedByEnd = p.closed.isValid() ? p.closed <= to : p.stage == u"closed";
        const bool open = p.begin.isValid() && p.begin <= to && !closedByEnd;
        if (open) {
            ++row.caseload;
            if (p.lastContact.isValid())
                daysSinceContact << int(p.lastContact.daysTo(to));
            if (!p.lastContact.isValid() || p.lastContact.daysTo(to) > 30)
                ++row.withoutContact30;
            if (std::any_of(p.jobs.cbegin(), p.jobs.cend(), [&to](const Job &j) { return j.activeOn(to); }))
                ++row.inWork;
        }
        if (p.start.isValid() && p.start >= period.from && p.start <= to) {
            ++row.newParticipants;
            if (p.firstEmployerContact.isValid() && p.firstEmployerContact <= to) {
                const int days = int(std::max<qint64>(0, p.start.daysTo(p.firstEmployerContact)));
                daysToEmployerContact << days;
                ++row.employerContactDue;
                if (days <= LeadFigures::IpsEmployerContactDays)
                    ++row.employerContactWithin30;
            } else if (p.start.daysTo(to) > LeadFigures::IpsEmployerContactDays) {
                ++row.employerContactDue;
            }
        }
        for (const Job &j : p.jobs) {
            if (j.start >= period.from && j.start <= to)
                ++row.jobStarts;
        }
        if (p.start.isValid() && p.start >= period.from.addMonths(-12) && p.start <= to.addMonths(-12)) {
            ++row.yearCohort;
            const QDate yearEnd = p.start.addMonths(12);
            if (std::any_of(p.jobs.cbegin(), p.jobs.cend(),
                    [&](const Job &j) { return j.start >= p.start && j.start <= yearEnd; }))
                ++row.inWorkWithin12Months;
        }
        if (p.closed.isValid() && p.closed >= period.from && p.closed <= to) {
            ++row.closed;
            int &bucket = p.outcome == u"work" ? row.closedToWork
                : p.outcome == u"education"    ? row.closedToEducation
                : p.outcome == u"other"        ? row.closedToOther
                                               : row.closedUnknown;
            ++bucket;
        }
        int followUps = 0;
        for (const QDate &day : p.contactsInPeriod) {
            if (std::any_of(p.jobs.cbegin(), p.jobs.cend(), [&day](const Job &j) { return j.activeOn(day); }))
                ++followUps;
        }
        row.followUps += followUps;
        row.followedUp += followUps > 0 ? 1 : 0;
    }

    FigureRow finish(double weeks, int specialists)
    {
        row.medianDaysSinceContact = median(daysSinceContact);
        row.medianDaysToEmployerContact = median(daysToEmployerContact);
        row.contactsPerWeek = specialists > 0 ? row.employerContacts / weeks / specialists : 0;
        return row;
    }
};

} // namespace

const QTimeZone &LeadFigures::zone()
{
    static const QTimeZone oslo("Europe/Oslo");
    return oslo;
}

LeadFigures::LeadFigures(SqlBackend &db)
    : m_db(db)
{ }

Result<QList<FigureRow>> LeadFigures::team(const QString &teamId, const Period &period)
{
    if (!period.isValid() || period.from.daysTo(period.to) >= MaxPeriodDays)
        return makeError(
            ErrorCode::Invalid, QStringLiteral("the period must run forwards, at most three years"));
    const QString from = dayStart(period.from);
    const QString end = dayStart(period.to.addDays(1));
    SqlTransaction tx(m_db, SqlTransaction::Mode::Read); // one snapshot for every figure
    if (!tx.ok())
        return tx.status().error();
    auto team = m_db.exec(QStringLiteral("SELECT name FROM teams WHERE id = ?"), {teamId});
    if (!team)
        return team.error();
    if (team->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));

    QHash<QString, Participant> participants;
    auto rows = m_db.exec(QStringLiteral("SELECT id, assigned_to, created_by, stage, referral_date, "
                                         "first_contact_date, first_employer_contact_date, closed_date, "
                                         "closed_outcome, created_at FROM office_participant "
                                         "WHERE team_id = ? AND deleted = 0 AND hidden = 0"),
        {teamId});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        Participant p;
        p.owner = r.at(1).toString().isEmpty() ? r.at(2).toString() : r.at(1).toString();
        p.stage = r.at(3).toString();
        p.start = date(r.at(5));
        p.firstEmployerContact = date(r.at(6));
        p.closed = date(r.at(7));
        p.outcome = r.at(8).toString();
        p.begin = earliest({date(r.at(4)), p.start, localDate(r.at(9))});
        participants.insert(r.at(0).toString(), p);
    }

    // Completed encounters with participants up to the period's end: first, last, first employer contact.
    const QString completed = QStringLiteral(" FROM office_encounter WHERE team_id = ? AND deleted = 0 AND "
                                             "hidden = 0 AND status = 'completed' AND participant_id IS NOT "
                                             "NULL AND starts_at < ?");
    rows = m_db.exec(QStringLiteral("SELECT participant_id, MIN(starts_at), MAX(starts_at), MIN(CASE WHEN "
                                    "employer_contact = 1 THEN starts_at END)")
            + completed + QStringLiteral(" GROUP BY participant_id"),
        {teamId, end});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        auto it = participants.find(r.at(0).toString());
        if (it == participants.end())
            continue;
        const QDate first = localDate(r.at(1));
        it->begin = earliest({it->begin, first});
        if (!it->start.isValid())
            it->start = first;
        it->lastContact = localDate(r.at(2));
        if (!it->firstEmployerContact.isValid())
            it->firstEmployerContact = localDate(r.at(3));
    }
    rows = m_db.exec(QStringLiteral("SELECT participant_id, starts_at") + completed
            + QStringLiteral(" AND starts_at >= ?"),
        {teamId, end, from});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        auto it = participants.find(r.at(0).toString());
        if (it != participants.end())
            it->contactsInPeriod << localDate(r.at(1));
    }
    rows = m_db.exec(QStringLiteral("SELECT participant_id, start_date, end_date FROM office_employment "
                                    "WHERE team_id = ? AND deleted = 0 AND hidden = 0"),
        {teamId});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        auto it = participants.find(r.at(0).toString());
        if (it != participants.end() && date(r.at(1)).isValid())
            it->jobs << Job {date(r.at(1)), date(r.at(2))};
    }

    // Employer contacts by the specialist who logged them (created_by), participant or not.
    QHash<QString, int> contacts;
    rows = m_db.exec(QStringLiteral("SELECT created_by, COUNT(*) FROM office_encounter WHERE team_id = ? AND "
                                    "deleted = 0 AND hidden = 0 AND status = 'completed' AND "
                                    "employer_contact = 1 AND starts_at >= ? AND starts_at < ? "
                                    "GROUP BY created_by"),
        {teamId, from, end});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows))
        contacts.insert(r.at(0).toString(), int(r.at(1).toLongLong()));

    // Specialists: everyone with figures, and the team's active members who are not only leads.
    QHash<QString, QString> names;
    QSet<QString> people;
    rows = m_db.exec(QStringLiteral("SELECT u.id, u.name, u.disabled, (SELECT COUNT(*) FROM user_roles r "
                                    "WHERE r.user_id = u.id AND r.role = 'lead') FROM users u "
                                    "WHERE u.team_id = ?"),
        {teamId});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        names.insert(r.at(0).toString(), r.at(1).toString());
        if (r.at(2).toLongLong() == 0 && r.at(3).toLongLong() == 0)
            people.insert(r.at(0).toString());
    }
    for (const Participant &p : std::as_const(participants))
        people.insert(p.owner);
    for (auto it = contacts.cbegin(); it != contacts.cend(); ++it)
        people.insert(it.key());
    people.remove(QString());
    for (const QString &id : std::as_const(people)) {
        if (names.contains(id))
            continue;
        auto user = m_db.exec(QStringLiteral("SELECT name FROM users WHERE id = ?"), {id});
        if (!user)
            return user.error();
        names.insert(id, user->isEmpty() ? QStringLiteral("Ukjent bruker") : user->first().toString());
    }
    if (Status s = tx.commit(); !s)
        return s.error();

    QHash<QString, Accumulator> byPerson;
    Accumulator teamTotal;
    for (const QString &id : std::as_const(people)) {
        Accumulator &a = byPerson[id];
        a.row.userId = id;
        a.row.name = names.value(id);
        a.row.employerContacts = contacts.value(id);
        teamTotal.row.employerContacts += a.row.employerContacts;
    }
    for (const Participant &p : std::as_const(participants)) {
        teamTotal.add(p, period);
        if (!p.owner.isEmpty())
            byPerson[p.owner].add(p, period);
    }
    QList<FigureRow> specialists;
    for (Accumulator &a : byPerson)
        specialists << a.finish(period.weeks(), 1);
    std::sort(specialists.begin(), specialists.end(), [](const FigureRow &a, const FigureRow &b) {
        const int byName = QString::compare(a.name, b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.userId < b.userId;
    });
    teamTotal.row.isTeam = true;
    teamTotal.row.name = team->first().toString();
    QList<FigureRow> out {teamTotal.finish(period.weeks(), int(specialists.size()))};
    out += specialists;
    for (FigureRow &r : out) {
        r.teamId = teamId;
        r.teamName = team->first().toString();
    }
    return out;
}

QByteArray LeadFigures::toCsv(const QList<FigureRow> &rows, const Period &period, bool excel)
{
    const char separator = excel ? ';' : ',';
    const QStringList header {QStringLiteral("team"), QStringLiteral("level"),
        QStringLiteral("specialist_id"), QStringLiteral("specialist"), QStringLiteral("from"),
        QStringLiteral("to"), QStringLiteral("caseload"), QStringLiteral("employer_contacts"),
        QStringLiteral("employer_contacts_per_week"), QStringLiteral("employer_contacts_target_per_week"),
        QStringLiteral("median_days_since_contact"), QStringLiteral("without_contact_30_days"),
        QStringLiteral("new_participants"), QStringLiteral("median_days_to_employer_contact"),
        QStringLiteral("employer_contact_within_30_days"), QStringLiteral("employer_contact_due"),
        QStringLiteral("job_starts"), QStringLiteral("year_cohort"),
        QStringLiteral("in_work_within_12_months"), QStringLiteral("closed"),
        QStringLiteral("closed_to_work"), QStringLiteral("closed_to_education"),
        QStringLiteral("closed_to_other"), QStringLiteral("closed_outcome_unknown"),
        QStringLiteral("follow_ups_after_job_start"), QStringLiteral("participants_followed_up"),
        QStringLiteral("in_work")};
    QByteArray out = excel ? QByteArrayLiteral("\xEF\xBB\xBF") : QByteArray();
    out += header.join(QLatin1Char(separator)).toLatin1() + "\r\n";
    auto decimal = [excel](double v) {
        QByteArray text = QByteArray::number(v, 'f', 1);
        return excel ? text.replace('.', ',') : text;
    };
    auto optional = [&decimal](const std::optional<double> &v) {
        return v ? decimal(*v) : QByteArray();
    };
    auto text = [separator](const QString &s) {
        return csv::field(s, true, QLatin1Char(separator));
    };
    auto number = [](int n) {
        return QByteArray::number(n);
    };
    for (const FigureRow &r : rows) {
        const QList<QByteArray> cells {text(r.teamName), r.isTeam ? "team" : "specialist", text(r.userId),
            text(r.name), period.from.toString(Qt::ISODate).toLatin1(),
            period.to.toString(Qt::ISODate).toLatin1(), number(r.caseload), number(r.employerContacts),
            decimal(r.contactsPerWeek), decimal(WeeklyEmployerContactTarget),
            optional(r.medianDaysSinceContact), number(r.withoutContact30), number(r.newParticipants),
            optional(r.medianDaysToEmployerContact), number(r.employerContactWithin30),
            number(r.employerContactDue), number(r.jobStarts), number(r.yearCohort),
            number(r.inWorkWithin12Months), number(r.closed), number(r.closedToWork),
            number(r.closedToEducation), number(r.closedToOther), number(r.closedUnknown),
            number(r.followUps), number(r.followedUp), number(r.inWork)};
        out += cells.join(separator) + "\r\n";
    }
    return out;
}

} // namespace feltnotat::server
