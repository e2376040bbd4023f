#pragma once

#include "record.h"
#include "result.h"
#include "schema.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QVariantHash>

#include <functional>
#include <optional>

namespace feltnotat {

class Store;

// The domain rules of encounters (visits and conversations). The app, feltnotat-cli, the importer and
// Min uke (StoreQueries::weekFigures) all meet them here, so they agree on what a record means:
//
// - Employer contact: an encounter counts as a contact with an employer when it has an employer and its
//   kind is job_development, employer_follow_up, three_way_meeting or job_fair. `employer_contact` is
//   derived from kind and employer_id on every local create and update (Store::write, through
//   EntitySpec::localRules); a given value that disagrees is refused.
// - Planned or completed by time: a new encounter without a status is `planned` when it starts more than
//   five minutes after now, otherwise `completed`. A `completed` encounter cannot start more than five
//   minutes in the future (checked whenever status or starts_at is written).
// - Status values: planned → completed (logged), cancelled (avlyst), not_attended (did not come),
//   or planned again at a new time (moved). See Encounters below for the lifecycle operations.
namespace encounterrules {

inline const QString Planned = QStringLiteral("planned");
inline const QString Completed = QStringLiteral("completed");
inline const QString Cancelled = QStringLiteral("cancelled");
inline const QString NotAttended = QStringLiteral("not_attended");

// How far ahead a start time must lie for a new encounter to be planned rather than completed.
inline constexpr qint64 PlannedAheadSeconds = 5 * 60;

bool countsAsEmployerContact(QStringView kind);
// The value of employer_contact for an encounter with this kind and employer (empty: none).
bool isEmployerContact(QStringView kind, QStringView employerId);
// "planned" when startsAt is more than PlannedAheadSeconds after now, otherwise "completed".
QString statusFor(const QDateTime &startsAt, const QDateTime &now);

// EntitySpec::localRules of the encounter type: derives employer_contact and the status, refuses a
// completed encounter in the future.
Status applyLocalRules(LocalWrite &write);

} // namespace encounterrules

// The next step agreed at a visit: becomes a task linked to the encounter, its participant and employer.
struct NextStep
{
    QString title; // empty: no task
    QDate due; // optional
    QString assignedTo; // empty: the signed-in user
};

// An encounter and the task made for its next step, if any.
struct LoggedEncounter
{
    Record encounter;
    std::optional<Record> task;
};

// The visit lifecycle on top of the store. Each operation is one local transaction (encounter and task
// commit together or not at all) and works offline. Errors carry the store's field names
// (starts_at, status, participant_id, title, due_date, …) so a form can show them next to its inputs.
//
//   Encounters visits(store);
//   visits.log(values, {"Ring leder", due});           // a visit: completed, or planned when ahead
//   visits.plan(values);                               // an appointment (must lie in the future)
//   visits.complete(id, {{"note", …}}, nextStep);      // planned → completed (logged), with its task
//   visits.cancel(id);  visits.markNotAttended(id);    // close a planned (also an overdue) one
//   visits.reschedule(id, newTime);                    // moved: planned again at a later time
class Encounters
{
public:
    explicit Encounters(Store &store);

    // A new encounter from `values` (the store's field names). Without a status it is planned or completed by
    // its time (encounterrules::statusFor). A next step with a title also sets next_step / next_step_due.
    Result<LoggedEncounter> log(const QVariantHash &values, const NextStep &next = {});
    // A new appointment: status planned; its start must lie in the future.
    Result<Record> plan(const QVariantHash &values);
    // Turns a planned (or cancelled / not attended) encounter into a completed one: `changes` may add the
    // note, outcome, duration or the actual starts_at. A planned time still ahead of now becomes now
    // (the visit happened early). A next step with a title adds its task in the same transaction.
    Result<LoggedEncounter> complete(
        const QString &id, const QVariantHash &changes = {}, const NextStep &next = {});
    // Closes a planned encounter that will not happen: cancelled or not attended. A completed one is refused.
    Result<Record> cancel(const QString &id);
    Result<Record> markNotAttended(const QString &id);
    // Moves a planned, cancelled or not attended encounter to a new start time in the future; it is planned
    // again.
    Result<Record> reschedule(const QString &id, const QDateTime &startsAt);
    // The next step's task for an encounter already written (an edit that adds a next step), linked to it and
    // to its participant and employer; nothing without a title. Runs in the caller's transaction.
    Result<std::optional<Record>> addNextStep(const Record &encounter, const NextStep &next);

private:
    Result<Record> close(const QString &id, const QString &status);
    // The encounter, or NotFound, or Conflict with `refusal` (translated) when it is completed.
    Result<Record> notCompleted(const QString &id, const char *refusal);
    // Runs `write` and adds the next step's task, both in one transaction.
    Result<LoggedEncounter> withNextStep(const std::function<Result<Record>()> &write, const NextStep &next);
    QDateTime now() const;

    Store &m_store;
};

} // namespace feltnotat
