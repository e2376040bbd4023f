#include "recordeditor.h"

#include "appcontext.h"
#include "core/encounters.h"
#include "core/outbox.h"
#include "core/store.h"
#include "core/validation.h"
#include "deadletterscontroller.h"
#include "formatter.h"
#include "vocabulary.h"

using namespace feltnotat;

RecordEditor::RecordEditor(QObject *parent)
    : ViewController(parent)
    , m_fields(new VariantListModel(
          {QStringLiteral("name"), QStringLiteral("label"), QStringLiteral("type"), QStringLiteral("value"),
              QStringLiteral("error"), QStringLiteral("choices")},
          this))
{ }

QStringList RecordEditor::editableFields(const QString &entity)
{
    QStringList names;
    if (entity == u"participant") {
        for (const char *f : {"name", "phone", "email", "programme", "stage", "referral_date", "closed_date",
                 "closed_outcome", "goals_short", "goals_long", "preferences", "strengths", "work_history",
                 "education", "adjustments", "disclosure_plan"})
            names << QString::fromLatin1(f);
    } else if (entity == u"employer") {
        for (const char *f : {"name", "org_number", "address", "postal_code", "city", "industry",
                 "relationship_stage", "recruitment_agreement", "labour_needs"})
            names << QString::fromLatin1(f);
    } else if (entity == u"workplace") {
        for (const char *f : {"name", "org_number", "address", "city"})
            names << QString::fromLatin1(f);
    } else if (entity == u"contact") {
        for (const char *f : {"name", "role", "phone", "email", "decision_maker"})
            names << QString::fromLatin1(f);
    } else if (entity == u"task") {
        for (const char *f : {"title", "due_date", "assigned_to", "details"})
            names << QString::fromLatin1(f);
    } else if (entity == u"encounter") {
        for (const char *f : {"starts_at", "duration_minutes", "kind", "channel", "note", "outcome",
                 "next_step", "next_step_due", "location", "shareable_with_employer"})
            names << QString::fromLatin1(f);
    } else if (entity == u"employment") {
        for (const char *f : {"title", "start_date", "end_date", "position_percent", "contract_type",
                 "measure", "competitive", "follow_along_until", "end_reason"})
            names << QString::fromLatin1(f);
    }
    return names;
}

void RecordEditor::setEntity(const QString &entity)
{
    setReloading(m_entity, entity, [this] { Q_EMIT entityChanged(); });
}

void RecordEditor::setRecordId(const QString &id)
{
    setReloading(m_recordId, id, [this] { Q_EMIT recordIdChanged(); });
}

void RecordEditor::setPresets(const QVariantMap &presets)
{
    if (presets == m_presets)
        return;
    m_presets = presets;
    Q_EMIT presetsChanged();
}

RecordLink RecordEditor::employerLink() const
{
    const QVariantMap link = m_links.value(QStringLiteral("employer_id")).toMap();
    return {link.value(QStringLiteral("id")).toString(), link.value(QStringLiteral("name")).toString()};
}

void RecordEditor::setLink(const QString &field, const QString &id, const QString &name)
{
    const bool wasModified = modified();
    m_links.insert(field, QVariantMap {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}});
    m_linksEdited = true;
    Q_EMIT linksChanged();
    if (!wasModified)
        Q_EMIT modifiedChanged();
}

void RecordEditor::reload()
{
    const EntitySpec *spec = Schema::instance().entity(m_entity);
    if (!spec)
        return;
    const auto record = m_recordId.isEmpty() ? std::nullopt : store()->get(m_entity, m_recordId);
    m_edits.clear();
    m_links.clear();
    m_linksEdited = false;
    if (m_entity == u"employment") {
        const QString employerId = record ? record->text(QStringLiteral("employer_id"))
                                          : m_presets.value(QStringLiteral("employer_id")).toString();
        const auto employer
            = employerId.isEmpty() ? std::nullopt : store()->get(QStringLiteral("employer"), employerId);
        m_links.insert(QStringLiteral("employer_id"),
            QVariantMap {{QStringLiteral("id"), employer ? employerId : QString()},
                {QStringLiteral("name"), employer ? employer->text(QStringLiteral("name")) : QString()}});
    }
    Q_EMIT linksChanged();
    setFormError({});
    QList<QVariantMap> rows;
    // A refused change being edited again: the values the server refused, as the user typed them.
    const std::optional<Mutation> refused = loadRefusedChange();
    QVariantHash refusedValues;
    if (refused) {
        for (const FieldChange &c : refused->changes)
            refusedValues.insert(c.field, c.value);
    }
    for (const QString &name : editableFields(m_entity)) {
        const FieldSpec *f = spec->field(name);
        QVariant value = formValue(*f, record ? record->value(name) : f->defaultValue);
        if (refusedValues.contains(name)) {
            value = formValue(*f, refusedValues.value(name));
            m_edits.insert(name, value);
        }
        QString type = QStringLiteral("text");
        QVariantList choices;
        switch (f->type) {
        case FieldType::LongText:
            type = QStringLiteral("long");
            break;
        case FieldType::Date:
            type = QStringLiteral("date");
            break;
        case FieldType::DateTime:
            type = QStringLiteral("datetime");
            break;
        case FieldType::Bool:
            type = QStringLiteral("bool");
            break;
        case FieldType::Enum:
            type = QStringLiteral("choice");
            for (const QString &v : f->enumValues)
                choices << QVariantMap {{QStringLiteral("value"), v},
                    {QStringLiteral("label"), vocabulary::valueLabel(m_entity, name, v)}};
            break;
        default:
            break;
        }
        if (m_entity == u"task" && name == u"assigned_to") {
            type = QStringLiteral("choice");
            choices = app()->assigneeChoices(value.toString());
            if (value.toString().isEmpty())
                value = app()->userId(); // a new task is the user's own unless changed here
        }
        QString label = vocabulary::fieldLabel(m_entity, name);
        if (f->required)
            label += QStringLiteral(" *");
        rows << QVariantMap {{QStringLiteral("name"), name}, {QStringLiteral("label"), label},
            {QStringLiteral("type"), type},
            {QStringLiteral("value"), value.isNull() ? QVariant(QString()) : value},
            {QStringLiteral("error"), QString()}, {QStringLiteral("choices"), choices}};
    }
    m_fields->setRows(std::move(rows));
    if (refused) {
        // A refused new record that is no longer on the phone comes back as a new one, with its links.
        if (!record) {
            for (const FieldChange &c : refused->changes) {
                const FieldSpec *f = spec->field(c.field);
                if (f && !f->system && !editableFields(m_entity).contains(c.field) && !c.value.isNull())
                    m_presets.insert(c.field, c.value);
            }
        }
        setFormError(m_refusedReason);
    }
    Q_EMIT modifiedChanged();
}

QVariant RecordEditor::formValue(const FieldSpec &spec, const QVariant &stored)
{
    switch (spec.type) {
    case FieldType::Date:
        return Formatter::date(stored.toString());
    case FieldType::DateTime:
        return Formatter::dateTime(stored.toString());
    case FieldType::Bool:
        return stored.toBool();
    case FieldType::Phone:
        return Formatter::phone(stored.toString());
    default:
        return stored.isNull() ? QVariant(QString()) : stored;
    }
}

void RecordEditor::setRefusedChange(double seq)
{
    if (qint64(seq) == m_refusedChange)
        return;
    m_refusedChange = qint64(seq);
    Q_EMIT refusedChangeChanged();
    if (isLoaded())
        refresh();
}

std::optional<Mutation> RecordEditor::loadRefusedChange()
{
    m_refusedReason.clear();
    if (m_refusedChange <= 0 || !store())
        return std::nullopt;
    for (const DeadLetter &letter : Outbox(*store()).deadLetters()) {
        if (letter.mutation.seq == m_refusedChange && letter.mutation.entity == m_entity
            && (m_recordId.isEmpty() || letter.mutation.recordId == m_recordId)) {
            m_refusedReason = DeadLettersController::reasonText(letter.code, letter.reason);
            return letter.mutation;
        }
    }
    return std::nullopt;
}

int RecordEditor::rowOf(const QString &field) const
{
    const auto &rows = m_fields->rows();
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).value(QStringLiteral("name")) == field)
            return i;
    }
    return -1;
}

QString RecordEditor::errorOf(const QString &field) const
{
    return m_fields->get(rowOf(field)).value(QStringLiteral("error")).toString();
}

void RecordEditor::setFieldError(const QString &field, const QString &error)
{
    const int row = rowOf(field);
    if (row < 0) {
        setFormError(error);
        return;
    }
    QVariantMap values = m_fields->get(row);
    values.insert(QStringLiteral("error"), error);
    m_fields->setRow(row, values);
}

void RecordEditor::setFormError(const QString &error)
{
    if (error == m_formError)
        return;
    m_formError = error;
    Q_EMIT formErrorChanged();
}

QVariant RecordEditor::convert(const FieldSpec &spec, const QVariant &input, QString *error) const
{
    QVariant value = input;
    if (spec.type == FieldType::Date) {
        const QString text = input.toString().trimmed();
        if (text.isEmpty())
            return {};
        const QDate day = Formatter::parseDate(text);
        if (!day.isValid()) {
            *error = tr("Skriv datoen som dd.mm.åååå.");
            return {};
        }
        value = validation::formatDate(day);
    } else if (spec.type == FieldType::DateTime) {
        // "dd.mm.åååå tt:mm", local time.
        const QStringList parts = input.toString().simplified().split(u' ');
        const QDate day = parts.size() == 2 ? Formatter::parseDate(parts[0]) : QDate();
        const QTime t = parts.size() == 2 ? Formatter::parseTime(parts[1]) : QTime();
        if (!day.isValid() || !t.isValid()) {
            *error = tr("Skriv dato og klokkeslett slik: dd.mm.åååå tt:mm.");
            return {};
        }
        value = validation::formatDateTime(QDateTime(day, t, Formatter::zone()));
    } else if (spec.type == FieldType::OrgNumber) {
        value = input.toString().remove(u' ');
    }
    const auto normalized = Schema::normalize(spec, value);
    if (!normalized) {
        *error = normalized.error().message;
        return {};
    }
    if (spec.required && (normalized->isNull() || normalized->toString().isEmpty())) {
        *error = tr("Må fylles ut.");
        return {};
    }
    return normalized.value();
}

void RecordEditor::setValue(const QString &field, const QVariant &value)
{
    const int row = rowOf(field);
    if (row < 0)
        return;
    const bool wasModified = modified();
    m_edits.insert(field, value);
    // Typing clears the field's message; a new one waits until the field is left (validate()).
    QVariantMap values = m_fields->get(row);
    values.insert(QStringLiteral("value"), value);
    values.insert(QStringLiteral("error"), QString());
    m_fields->setRow(row, values);
    setFormError({});
    if (!wasModified)
        Q_EMIT modifiedChanged();
}

QVariantMap RecordEditor::heldEdits() const
{
    QVariantMap held {{QStringLiteral("edits"), m_edits}};
    if (m_linksEdited)
        held.insert(QStringLiteral("links"), m_links);
    return held;
}

void RecordEditor::restoreEdits(const QVariantMap &held)
{
    const QVariantMap edits = held.value(QStringLiteral("edits")).toMap();
    for (auto it = edits.cbegin(); it != edits.cend(); ++it)
        setValue(it.key(), it.value());
    const QVariantMap links = held.value(QStringLiteral("links")).toMap();
    for (auto it = links.cbegin(); it != links.cend(); ++it) {
        const QVariantMap link = it.value().toMap();
        setLink(it.key(), link.value(QStringLiteral("id")).toString(),
            link.value(QStringLiteral("name")).toString());
    }
}

void RecordEditor::validate(const QString &field)
{
    const int row = rowOf(field);
    if (row < 0 || !m_edits.contains(field))
        return;
    QString error;
    (void)convert(*Schema::instance().entity(m_entity)->field(field), m_edits.value(field), &error);
    setFieldError(field, error);
}

bool RecordEditor::save()
{
    if (!store())
        return false;
    const EntitySpec *spec = Schema::instance().entity(m_entity);
    QVariantHash changes;
    bool valid = true;
    // A new record is checked in full, so a missing name is reported before anything is written.
    const QStringList toCheck = m_recordId.isEmpty() ? editableFields(m_entity) : m_edits.keys();
    for (const QString &field : toCheck) {
        const QVariant input = m_edits.contains(field)
            ? m_edits.value(field)
            : m_fields->get(rowOf(field)).value(QStringLiteral("value"));
        if (!m_recordId.isEmpty() || m_edits.contains(field) || spec->field(field)->required) {
            QString error;
            const QVariant value = convert(*spec->field(field), input, &error);
            setFieldError(field, error);
            if (!error.isEmpty())
                valid = false;
            else if (m_edits.contains(field) || (m_recordId.isEmpty() && spec->field(field)->required))
                changes.insert(field, value);
        }
    }
    if (!valid) {
        setFormError(tr("Rett opp feltene som er merket."));
        return false;
    }
    if (m_recordId.isEmpty()) {
        for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it)
            changes.insert(it.key(), it.value());
        // A new task is the user's own unless it says otherwise.
        if (m_entity == u"task" && !changes.contains(QStringLiteral("assigned_to"))
            && !app()->userId().isEmpty())
            changes.insert(QStringLiteral("assigned_to"), app()->userId());
    }
    Transaction tx(store()->database());
    if (m_linksEdited) {
        for (auto it = m_links.cbegin(); it != m_links.cend(); ++it) {
            QString id = it.value().toMap().value(QStringLiteral("id")).toString();
            const QString name = it.value().toMap().value(QStringLiteral("name")).toString().trimmed();
            const FieldSpec *f = spec->field(it.key());
            if (id.isEmpty() && !name.isEmpty() && f && !f->refEntity.isEmpty()) {
                // Named in the picker, not chosen: created now, with the record that refers to it.
                const auto created = store()->create(f->refEntity, {{QStringLiteral("name"), name}});
                if (!created) {
                    setFormError(created.error().message);
                    return false;
                }
                id = created->id;
            }
            changes.insert(it.key(), id.isEmpty() ? QVariant() : QVariant(id));
        }
    }
    const Result<Record> written = m_recordId.isEmpty() ? store()->create(m_entity, changes)
                                                        : store()->update(m_entity, m_recordId, changes);
    if (!written) {
        if (written.error().field.isEmpty())
            setFormError(written.error().message);
        else
            setFieldError(written.error().field, written.error().message);
        return false;
    }
    if (m_entity == u"employer" && m_recordId.isEmpty() && !m_workplace.isEmpty()) {
        QVariantHash workplace;
        for (auto it = m_workplace.cbegin(); it != m_workplace.cend(); ++it)
            workplace.insert(it.key(), it.value());
        workplace.insert(QStringLiteral("employer_id"), written->id);
        if (const auto made = store()->create(QStringLiteral("workplace"), workplace); !made) {
            setFormError(tr("Arbeidsstedet kunne ikke lagres: %1").arg(made.error().message));
            return false;
        }
    }
    if (m_entity == u"encounter" && changes.contains(QStringLiteral("next_step"))
        && !changes.value(QStringLiteral("next_step")).toString().isEmpty()) {
        // A next step written into a visit becomes a task, as in quick capture, in the same transaction.
        const NextStep next {written->text(QStringLiteral("next_step")),
            QDate::fromString(written->text(QStringLiteral("next_step_due")), Qt::ISODate), app()->userId()};
        const auto task = Encounters(*store()).addNextStep(*written, next);
        if (!task) {
            setFieldError(QStringLiteral("next_step"), task.error().message);
            return false;
        }
    }
    if (m_refusedChange > 0) {
        // Sent again as this new change: the refused one leaves the list with the same commit.
        if (const Status s = Outbox(*store()).discardDeadLetter(m_refusedChange);
            !s && s.error().code != ErrorCode::NotFound) {
            setFormError(s.errorString());
            return false;
        }
    }
    if (const Status committed = tx.commit(); !committed) {
        setFormError(committed.errorString());
        return false;
    }
    if (m_refusedChange > 0) {
        m_refusedChange = 0;
        Q_EMIT refusedChangeChanged();
        app()->syncStatus()->refresh();
    }
    m_edits.clear();
    m_linksEdited = false;
    Q_EMIT modifiedChanged();
    if (m_recordId.isEmpty()) {
        m_recordId = written->id;
        Q_EMIT recordIdChanged();
    }
    Q_EMIT saved(written->id);
    return true;
}
