#include "encounters.h"

#include "store.h"
#include "validation.h"

#include <QCoreApplication>

namespace feltnotat {

namespace {

const QString Encounter = QStringLiteral("encounter");
const QString Kind = QStringLiteral("kind");
const QString EmployerId = QStringLiteral("employer_id");
const QString ParticipantId = QStringLiteral("participant_id");
const QString EmployerContact = QStringLiteral("employer_contact");
const QString StatusField = QStringLiteral("status");
const QString StartsAt = QStringLiteral("starts_at");

QString tr(const char *text)
{
    return QCoreApplication::translate("Encounters", text);
}

bool isBlank(const QVariant &v)
{
    return !v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

std::optional<QDateTime> startOf(const QVariant &value)
{
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime();
    return validation::parseDateTime(value.toString());
}

// The start time a caller gave, normalised as the store will store it; nullopt when missing or invalid
// (the store then explains what is wrong).
std::optional<QDateTime> givenStart(const QVariantHash &values)
{
    const FieldSpec *field = Schema::instance().entity(Encounter)->field(StartsAt);
    if (!values.contains(StartsAt))
        return std::nullopt;
    const auto normalized = Schema::normalize(*field, values.value(StartsAt));
    if (!normalized)
        return std::nullopt;
    return startOf(normalized.value());
}

} // namespace

namespace encounterrules {

bool countsAsEmployerContact(QStringView kind)
{
    return kind == u"job_development" || kind == u"employer_follow_up" || kind == u"three_way_meeting"
        || kind == u"job_fair";
}

bool isEmployerContact(QStringView kind, QStringView employerId)
{
    return !employerId.isEmpty() && countsAsEmployerContact(kind);
}

QString statusFor(const QDateTime &startsAt, const QDateTime &now)
{
    return startsAt > now.addSecs(PlannedAheadSeconds) ? Planned : Completed;
}

Status applyLocalRules(LocalWrite &w)
{
    // Employer contact follows from kind and employer; a caller may repeat the derived value (an
    // export read back in) but not contradict it.
    const bool contact = isEmployerContact(w.after(Kind).toString(), w.after(EmployerId).toString());
    if (const QVariant given = w.given.value(EmployerContact); !isBlank(given) && given.toBool() != contact) {
        return makeError(ErrorCode::Invalid,
            contact ? tr("Besøket teller som arbeidsgiverkontakt (type og arbeidsgiver avgjør det).")
                    : tr("Bare besøk med en arbeidsgiver av typen jobbutvikling, oppfølging av arbeidsgiver, "
                         "trepartsmøte eller jobbmesse teller som arbeidsgiverkontakt."),
            EmployerContact);
    }
    const QVariant stored = w.before.value(EmployerContact);
    if (w.isNew || isBlank(stored) || stored.toBool() != contact)
        w.changed.insert(EmployerContact, contact);
    else
        w.changed.remove(EmployerContact);

    const std::optional<QDateTime> starts = startOf(w.after(StartsAt));
    if (w.isNew && isBlank(w.given.value(StatusField)) && starts)
        w.changed.insert(StatusField, statusFor(*starts, w.now));
    const bool timeOrStatusWritten
        = w.isNew || w.changed.contains(StatusField) || w.changed.contains(StartsAt);
    if (timeOrStatusWritten && starts && w.after(StatusField).toString() == Completed
        && statusFor(*starts, w.now) == Planned) {
        return makeError(ErrorCode::Invalid,
            tr("Et gjennomført besøk kan ikke ligge fram i tid. Velg et tidligere tidspunkt, eller lagre det "
               "som "
               "planlagt."),
            StatusField);
    }
    return Status::success();
}

} // namespace encounterrules

Encounters::Encounters(Store &store)
    : m_store(store)
{ }

QDateTime Encounters::now() const
{
    return m_store.clock().now();
}

Result<std::optional<Record>> Encounters::addNextStep(const Record &encounter, const NextStep &next)
{
    if (next.title.trimmed().isEmpty())
        return std::optional<Record>();
    QVariantHash task {{QStringLiteral("title"), next.title}, {QStringLiteral("encounter_id"), encounter.id},
        {QStringLiteral("assigned_to"),
            next.assignedTo.isEmpty() ? m_store.identity().userId : next.assignedTo}};
    if (next.due.isValid())
        task.insert(QStringLiteral("due_date"), validation::formatDate(next.due));
    for (const QString &link : {ParticipantId, EmployerId}) {
        if (const QVariant v = encounter.value(link); !isBlank(v))
            task.insert(link, v);
    }
    auto created = m_store.create(QStringLiteral("task"), task);
    if (!created)
        return created.error();
    return std::optional<Record>(std::move(created).value());
}

namespace {
void putNextStep(QVariantHash &values, const NextStep &next)
{
    if (next.title.trimmed().isEmpty())
        return;
    values.insert(QStringLiteral("next_step"), next.title);
    if (next.due.isValid())
        values.insert(QStringLiteral("next_step_due"), validation::formatDate(next.due));
}
} // namespace

Result<LoggedEncounter> Encounters::withNextStep(
    const std::function<Result<Record>()> &write, const NextStep &next)
{
    Transaction txn(m_store.database());
    if (!txn.ok())
        return txn.status().error();
    auto encounter = write();
    if (!encounter)
        return encounter.error();
    auto task = addNextStep(encounter.value(), next);
    if (!task)
        return task.error();
    if (Status s = txn.commit(); !s)
        return s.error();
    return LoggedEncounter {std::move(encounter).value(), std::move(task).value()};
}

Result<LoggedEncounter> Encounters::log(const QVariantHash &values, const NextStep &next)
{
    QVariantHash v = values;
    putNextStep(v, next);
    return withNextStep([&] { return m_store.create(Encounter, v); }, next);
}

Result<Record> Encounters::plan(const QVariantHash &values)
{
    const QVariant status = values.value(StatusField);
    if (!isBlank(status) && status.toString() != encounterrules::Planned)
        return makeError(ErrorCode::Invalid, tr("En avtale er planlagt."), StatusField);
    if (const auto starts = givenStart(values); starts && *starts <= now())
        return makeError(ErrorCode::Invalid, tr("Velg et tidspunkt fram i tid for avtalen."), StartsAt);
    QVariantHash v = values;
    v.insert(StatusField, encounterrules::Planned);
    return m_store.create(Encounter, v);
}

Result<Record> Encounters::notCompleted(const QString &id, const char *refusal)
{
    auto record = m_store.get(Encounter, id);
    if (!record)
        return makeError(ErrorCode::NotFound, tr("Fant ikke besøket."));
    if (record->text(StatusField) == encounterrules::Completed)
        return makeError(ErrorCode::Conflict, tr(refusal), StatusField);
    return std::move(*record);
}

Result<LoggedEncounter> Encounters::complete(
    const QString &id, const QVariantHash &changes, const NextStep &next)
{
    return withNextStep(
        [&]() -> Result<Record> {
            auto record = notCompleted(
                id, QT_TRANSLATE_NOOP("Encounters", "Besøket er allerede registrert som gjennomført."));
            if (!record)
                return record;
            QVariantHash v = changes;
            v.insert(StatusField, encounterrules::Completed);
            if (!changes.contains(StartsAt)) {
                // Done before its planned time: it happened now.
                const auto planned = startOf(record->value(StartsAt));
                if (planned && encounterrules::statusFor(*planned, now()) == encounterrules::Planned)
                    v.insert(StartsAt, validation::formatDateTime(now()));
            }
            putNextStep(v, next);
            return m_store.update(Encounter, id, v);
        },
        next);
}

Result<Record> Encounters::close(const QString &id, const QString &status)
{
    auto record = notCompleted(id,
        QT_TRANSLATE_NOOP("Encounters",
            "Besøket er registrert som gjennomført og kan ikke avlyses eller merkes som ikke møtt."));
    if (!record)
        return record;
    return m_store.update(Encounter, id, {{StatusField, status}});
}

Result<Record> Encounters::cancel(const QString &id)
{
    return close(id, encounterrules::Cancelled);
}

Result<Record> Encounters::markNotAttended(const QString &id)
{
    return close(id, encounterrules::NotAttended);
}

Result<Record> Encounters::reschedule(const QString &id, const QDateTime &startsAt)
{
    auto record = notCompleted(
        id, QT_TRANSLATE_NOOP("Encounters", "Besøket er registrert som gjennomført og kan ikke flyttes."));
    if (!record)
        return record;
    if (!startsAt.isValid() || startsAt <= now())
        return makeError(ErrorCode::Invalid, tr("Velg et tidspunkt fram i tid for avtalen."), StartsAt);
    return m_store.update(Encounter, id,
        {{StartsAt, validation::formatDateTime(startsAt)}, {StatusField, encounterrules::Planned}});
}

} // namespace feltnotat
