// The synced record types. Field names are the column names on the phone and the keys on the wire.
#include "encounters.h"
#include "schema.h"

#include <QCoreApplication>

namespace feltnotat {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}

FieldSpec text(const char *name, int maxLength = 200, bool required = false)
{
    FieldSpec f;
    f.name = QString::fromLatin1(name);
    f.maxLength = maxLength;
    f.required = required;
    return f;
}

FieldSpec longText(const char *name, int maxLength = 4000)
{
    FieldSpec f = text(name, maxLength);
    f.type = FieldType::LongText;
    return f;
}

FieldSpec typed(const char *name, FieldType type, bool required = false)
{
    FieldSpec f = text(name, 254, required);
    f.type = type;
    return f;
}

FieldSpec number(const char *name, FieldType type, double min, double max)
{
    FieldSpec f = typed(name, type);
    f.min = min;
    f.max = max;
    return f;
}

FieldSpec choice(const char *name, QStringList values, const char *defaultValue = nullptr)
{
    FieldSpec f = typed(name, FieldType::Enum);
    f.enumValues = std::move(values);
    if (defaultValue)
        f.defaultValue = QString::fromLatin1(defaultValue);
    return f;
}

FieldSpec ref(const char *name, const char *entity, bool required = false)
{
    FieldSpec f = typed(name, FieldType::Ref, required);
    f.refEntity = QString::fromLatin1(entity);
    return f;
}

FieldSpec flag(const char *name, bool defaultValue = false)
{
    FieldSpec f = typed(name, FieldType::Bool);
    f.defaultValue = defaultValue;
    return f;
}

FieldSpec machineWritten(FieldSpec f)
{
    f.machineWritten = true;
    return f;
}

// Fields every synced record carries. Bookkeeping fields merge by clock without a visible conflict.
QList<FieldSpec> systemFields()
{
    FieldSpec team = text("team", 64, true);
    FieldSpec createdBy = text("created_by", 64);
    FieldSpec createdAt = typed("created_at", FieldType::DateTime);
    FieldSpec updatedBy = text("updated_by", 64);
    FieldSpec updatedAt = typed("updated_at", FieldType::DateTime);
    FieldSpec deleted = flag("deleted");
    // Device ids (32 hex each, space-separated, at most MaxDeletedOver of them): see sys::DeletedOver.
    FieldSpec deletedOver = text("deleted_over", 33 * Schema::MaxDeletedOver);
    for (FieldSpec *f : {&team, &createdBy, &createdAt, &updatedBy, &updatedAt, &deleted, &deletedOver})
        f->system = true;
    // A delete and a restore that did not see each other (issue 20): the later clock decides, without
    // a field conflict on `deleted` that no user could settle.
    for (FieldSpec *f : {&createdBy, &createdAt, &updatedBy, &updatedAt, &deleted, &deletedOver})
        f->mergeQuietly = true;
    for (FieldSpec *f : {&team, &createdBy, &updatedBy, &deletedOver})
        f->machineWritten = true;
    return {team, createdBy, createdAt, updatedBy, updatedAt, deleted, deletedOver};
}

// A participant's visits, tasks and employments go and come back with it (issue 20): deleted_with
// names the participant whose delete took the record along. A system field (kept on a tombstone,
// written only by Store::remove and Store::restore; the device does not check that it names a live record).
FieldSpec deletedWith()
{
    FieldSpec f = ref("deleted_with", "participant");
    f.system = true;
    f.mergeQuietly = true;
    return f;
}

EntitySpec entity(const char *name, const char *table, int searchKind, const QList<FieldSpec> &fields)
{
    EntitySpec e;
    e.name = QString::fromLatin1(name);
    e.table = QString::fromLatin1(table);
    e.searchKind = searchKind;
    e.fields = systemFields() + fields;
    return e;
}

Status dateOrder(const QVariantHash &r, const QString &from, const QString &to)
{
    const QString a = r.value(from).toString();
    const QString b = r.value(to).toString();
    if (!a.isEmpty() && !b.isEmpty() && b < a)
        return makeError(ErrorCode::Invalid, tr("Sluttdatoen kan ikke være før startdatoen."), to);
    return Status::success();
}

// Closing a participant (stage → closed) dates it today unless a date is given; reopening one (closed →
// another stage) clears the closing date and outcome unless the write gives them.
Status closingRules(LocalWrite &w)
{
    const QString stage = QStringLiteral("stage");
    const QString closedDate = QStringLiteral("closed_date");
    const QString closedOutcome = QStringLiteral("closed_outcome");
    const bool closedAfter = w.after(stage).toString() == u"closed";
    const bool closedBefore = !w.isNew && w.before.value(stage).toString() == u"closed";
    if (closedAfter && w.after(closedDate).toString().isEmpty())
        w.changed.insert(closedDate, w.now.toLocalTime().date().toString(Qt::ISODate));
    if (closedBefore && !closedAfter) {
        for (const QString &field : {closedDate, closedOutcome}) {
            if (!w.given.contains(field) && !w.before.value(field).toString().isEmpty())
                w.changed.insert(field, QVariant());
        }
    }
    return Status::success();
}

} // namespace

EntitySpec participantSpec()
{
    EntitySpec e = entity("participant", "participants", 1,
        {
            text("name", 200, true),
            typed("phone", FieldType::Phone),
            typed("email", FieldType::Email),
            choice("programme",
                {QStringLiteral("ips"), QStringLiteral("extended_follow_up"),
                    QStringLiteral("follow_up_measure"), QStringLiteral("work_training"),
                    QStringLiteral("other")},
                "ips"),
            choice("stage",
                {QStringLiteral("engagement"), QStringLiteral("profiling"), QStringLiteral("job_search"),
                    QStringLiteral("employed"), QStringLiteral("closed")},
                "engagement"),
            typed("referral_date", FieldType::Date),
            typed("first_contact_date", FieldType::Date),
            typed("first_employer_contact_date", FieldType::Date),
            typed("job_start_date", FieldType::Date),
            typed("closed_date", FieldType::Date),
            // Where the participant went when the follow-up ended (the lead reports count these).
            choice("closed_outcome",
                {QStringLiteral("work"), QStringLiteral("education"), QStringLiteral("other")}),
            longText("goals_short", 2000),
            longText("goals_long", 2000),
            longText("preferences", 2000),
            longText("strengths", 2000),
            longText("work_history", 4000),
            longText("education", 2000),
            longText("adjustments", 2000),
            longText("disclosure_plan", 2000),
            machineWritten(text("assigned_to", 64)),
            flag("restricted"),
        });
    e.titleFields = {QStringLiteral("name")};
    e.bodyFields = {QStringLiteral("goals_short"), QStringLiteral("goals_long"),
        QStringLiteral("preferences"), QStringLiteral("strengths"), QStringLiteral("work_history")};
    e.check = [](const QVariantHash &r) {
        return dateOrder(r, QStringLiteral("referral_date"), QStringLiteral("closed_date"));
    };
    e.localRules = closingRules;
    return e;
}

EntitySpec employerSpec()
{
    EntitySpec e = entity("employer", "employers", 2,
        {
            text("name", 200, true),
            typed("org_number", FieldType::OrgNumber),
            text("address", 200),
            text("postal_code", 10),
            text("city", 100),
            text("industry", 100),
            choice("relationship_stage",
                {QStringLiteral("prospect"), QStringLiteral("contacted"), QStringLiteral("dialogue"),
                    QStringLiteral("partner"), QStringLiteral("dormant")},
                "prospect"),
            flag("recruitment_agreement"),
            longText("labour_needs", 2000),
        });
    e.titleFields = {QStringLiteral("name")};
    e.bodyFields = {QStringLiteral("org_number"), QStringLiteral("city"), QStringLiteral("industry"),
        QStringLiteral("address"), QStringLiteral("labour_needs")};
    return e;
}

EntitySpec workplaceSpec()
{
    EntitySpec e = entity("workplace", "workplaces", 3,
        {
            ref("employer_id", "employer", true),
            text("name", 200, true),
            typed("org_number", FieldType::OrgNumber),
            text("address", 200),
            text("city", 100),
        });
    e.titleFields = {QStringLiteral("name")};
    e.bodyFields = {QStringLiteral("org_number"), QStringLiteral("city"), QStringLiteral("address")};
    return e;
}

EntitySpec contactSpec()
{
    EntitySpec e = entity("contact", "contacts", 4,
        {
            ref("employer_id", "employer", true),
            ref("workplace_id", "workplace"),
            text("name", 200, true),
            text("role", 100),
            typed("phone", FieldType::Phone),
            typed("email", FieldType::Email),
            flag("decision_maker"),
        });
    e.titleFields = {QStringLiteral("name")};
    e.bodyFields = {QStringLiteral("role")};
    return e;
}

EntitySpec encounterSpec()
{
    FieldSpec starts = typed("starts_at", FieldType::DateTime, true);
    EntitySpec e = entity("encounter", "encounters", 5,
        {
            deletedWith(),
            starts,
            number("duration_minutes", FieldType::Integer, 0, 24 * 60),
            choice("kind",
                {QStringLiteral("job_development"), QStringLiteral("participant_follow_up"),
                    QStringLiteral("employer_follow_up"), QStringLiteral("three_way_meeting"),
                    QStringLiteral("interview"), QStringLiteral("job_fair"), QStringLiteral("group_session")},
                "participant_follow_up"),
            choice("channel",
                {QStringLiteral("workplace"), QStringLiteral("phone"), QStringLiteral("video"),
                    QStringLiteral("office"), QStringLiteral("home"), QStringLiteral("other")},
                "workplace"),
            choice("status",
                {encounterrules::Planned, encounterrules::Completed, encounterrules::Cancelled,
                    encounterrules::NotAttended},
                "completed"),
            ref("participant_id", "participant"),
            ref("employer_id", "employer"),
            ref("contact_id", "contact"),
            longText("note", Schema::MaxLongText),
            longText("outcome", 2000),
            text("next_step", 500),
            typed("next_step_due", FieldType::Date),
            text("location", 200),
            number("latitude", FieldType::Real, -90, 90),
            number("longitude", FieldType::Real, -180, 180),
            flag("shareable_with_employer"),
            flag("employer_contact"),
        });
    // Derived from kind and employer (encounterrules): concurrent writes follow those fields, whose own
    // conflicts are the visible ones.
    e.fields[e.fieldIndex(u"employer_contact")].mergeQuietly = true;
    e.localRules = encounterrules::applyLocalRules;
    e.titleFields = {QStringLiteral("outcome")};
    e.bodyFields = {QStringLiteral("note"), QStringLiteral("next_step"), QStringLiteral("location")};
    e.check = [](const QVariantHash &r) -> Status {
        if (r.value(QStringLiteral("participant_id")).toString().isEmpty()
            && r.value(QStringLiteral("employer_id")).toString().isEmpty())
            return makeError(ErrorCode::Invalid, tr("Velg en deltaker eller en arbeidsgiver."),
                QStringLiteral("participant_id"));
        const bool hasLat = !r.value(QStringLiteral("latitude")).isNull();
        const bool hasLon = !r.value(QStringLiteral("longitude")).isNull();
        if (hasLat != hasLon)
            return makeError(ErrorCode::Invalid, tr("Posisjonen mangler lengde- eller breddegrad."),
                QStringLiteral("latitude"));
        return Status::success();
    };
    return e;
}

EntitySpec taskSpec()
{
    EntitySpec e = entity("task", "tasks", 6,
        {
            deletedWith(),
            text("title", 300, true),
            longText("details", 2000),
            typed("due_date", FieldType::Date),
            choice("status",
                {QStringLiteral("planned"), QStringLiteral("in_progress"), QStringLiteral("completed"),
                    QStringLiteral("cancelled")},
                "planned"),
            ref("participant_id", "participant"),
            ref("employer_id", "employer"),
            ref("encounter_id", "encounter"),
            machineWritten(text("assigned_to", 64)),
            typed("completed_at", FieldType::DateTime),
        });
    e.titleFields = {QStringLiteral("title")};
    e.bodyFields = {QStringLiteral("details")};
    return e;
}

EntitySpec employmentSpec()
{
    EntitySpec e = entity("employment", "employments", 0,
        {
            deletedWith(),
            ref("participant_id", "participant", true),
            ref("employer_id", "employer"),
            ref("workplace_id", "workplace"),
            text("title", 200),
            typed("start_date", FieldType::Date, true),
            typed("end_date", FieldType::Date),
            number("hours_per_week", FieldType::Real, 0, 100),
            number("position_percent", FieldType::Integer, 0, 100),
            number("hourly_wage", FieldType::Real, 0, 10000),
            choice("contract_type",
                {QStringLiteral("permanent"), QStringLiteral("temporary"), QStringLiteral("hourly"),
                    QStringLiteral("apprentice")}),
            flag("competitive", true),
            choice("measure",
                {QStringLiteral("none"), QStringLiteral("work_training"),
                    QStringLiteral("wage_subsidy_temporary"), QStringLiteral("wage_subsidy_permanent"),
                    QStringLiteral("mentor"), QStringLiteral("inclusion_subsidy")},
                "none"),
            text("end_reason", 500),
            typed("follow_along_until", FieldType::Date),
        });
    e.check = [](const QVariantHash &r) {
        return dateOrder(r, QStringLiteral("start_date"), QStringLiteral("end_date"));
    };
    return e;
}

EntitySpec conflictSpec()
{
    // Written by the server when two devices changed the same field concurrently; the losing
    // value is kept here until a user resolves it.
    EntitySpec e = entity("conflict", "conflicts", 0,
        {
            text("entity", 32, true),
            ref("record_id", "", true),
            ref("participant_id", "participant"),
            text("field", 64, true),
            longText("kept_value", Schema::MaxLongText + 100),
            longText("lost_value", Schema::MaxLongText + 100),
            machineWritten(text("kept_clock", 100)),
            machineWritten(text("lost_clock", 100)),
            machineWritten(text("lost_by", 64)),
            choice("status", {QStringLiteral("open"), QStringLiteral("resolved")}, "open"),
        });
    return e;
}

} // namespace feltnotat
