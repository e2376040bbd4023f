#include "capturecontroller.h"

#include "appcontext.h"
#include "core/encounters.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "vocabulary.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaProperty>

#include <algorithm>
#include <tuple>

using namespace feltnotat;

namespace {
const QString Encounter = QStringLiteral("encounter");

// Store field → form field, for putting the store's validation messages next to the right input.
QString formField(const QString &storeField)
{
    static const QHash<QString, QString> map {
        {QStringLiteral("participant_id"), QStringLiteral("participantId")},
        {QStringLiteral("employer_id"), QStringLiteral("participantId")},
        {QStringLiteral("starts_at"), QStringLiteral("date")},
        {QStringLiteral("status"), QStringLiteral("date")},
        {QStringLiteral("duration_minutes"), QStringLiteral("duration")},
        {QStringLiteral("next_step"), QStringLiteral("nextStep")},
        {QStringLiteral("next_step_due"), QStringLiteral("nextStepDue")},
        {QStringLiteral("title"), QStringLiteral("nextStep")},
        {QStringLiteral("due_date"), QStringLiteral("nextStepDue")},
        {QStringLiteral("assigned_to"), QStringLiteral("nextStepAssignee")},
    };
    return map.value(storeField, storeField.isEmpty() ? QStringLiteral("form") : storeField);
}

QVariantList choices(const QString &field)
{
    QVariantList out;
    const FieldSpec *spec = Schema::instance().entity(Encounter)->field(field);
    for (const QString &value : spec->enumValues)
        out << QVariantMap {{QStringLiteral("value"), value},
            {QStringLiteral("label"), vocabulary::valueLabel(Encounter, field, value)}};
    return out;
}

} // namespace

CaptureFields CaptureFields::fromMap(const QVariantMap &values)
{
    CaptureFields out;
    const QMetaObject &meta = staticMetaObject;
    for (int i = meta.propertyOffset(); i < meta.propertyCount(); ++i) {
        const QMetaProperty p = meta.property(i);
        p.writeOnGadget(&out, values.value(QString::fromLatin1(p.name())).toString());
    }
    return out;
}

CaptureController::CaptureController(QObject *parent)
    : ViewController(parent)
{ }

QVariantList CaptureController::kinds() const
{
    return choices(QStringLiteral("kind"));
}

QVariantList CaptureController::channels() const
{
    return choices(QStringLiteral("channel"));
}

QVariantList CaptureController::assignees() const
{
    return app() ? app()->assigneeChoices() : QVariantList();
}

QVariantMap CaptureController::defaults() const
{
    const QDateTime now = app() ? app()->now().toTimeZone(Formatter::zone()) : QDateTime::currentDateTime();
    const QTime t = now.time();
    return {{QStringLiteral("kind"), QStringLiteral("participant_follow_up")},
        {QStringLiteral("channel"), QStringLiteral("workplace")},
        {QStringLiteral("date"), Formatter::date(now.date())},
        {QStringLiteral("time"),
            QTime(t.hour(), t.minute() - t.minute() % 5).toString(QStringLiteral("HH:mm"))}};
}

void CaptureController::reload()
{
    m_fields = defaults();
    const QString draft = store()->meta(draftKey());
    const QJsonObject saved = QJsonDocument::fromJson(draft.toUtf8()).object();
    for (auto it = saved.begin(); it != saved.end(); ++it)
        m_fields.insert(it.key(), it.value().toString());
    Q_EMIT fieldsChanged();
}

bool CaptureController::hasDraft() const
{
    for (const char *key :
        {"participantId", "participantName", "employerId", "employerName", "note", "outcome", "nextStep"}) {
        if (!m_fields.value(QString::fromLatin1(key)).toString().trimmed().isEmpty())
            return true;
    }
    return false;
}

void CaptureController::setField(const QString &name, const QVariant &value)
{
    if (m_fields.value(name) == value)
        return;
    m_fields.insert(name, value.toString());
    Q_EMIT fieldsChanged();
    if (m_errors.contains(name) || m_errors.contains(QStringLiteral("form"))) {
        QVariantMap errors = m_errors;
        errors.remove(name);
        errors.remove(QStringLiteral("form"));
        setErrors(errors);
    }
    writeDraft();
}

void CaptureController::writeDraft()
{
    if (!store())
        return;
    QJsonObject json;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        json.insert(it.key(), it.value().toString());
    (void)store()->setMeta(draftKey(), QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
}

void CaptureController::discard()
{
    if (store())
        (void)store()->setMeta(draftKey(), QString());
    m_fields = defaults();
    Q_EMIT fieldsChanged();
    setErrors({});
}

void CaptureController::setErrors(QVariantMap errors)
{
    if (errors == m_errors)
        return;
    m_errors = std::move(errors);
    Q_EMIT errorsChanged();
}

bool CaptureController::save()
{
    if (!store())
        return false;
    QVariantMap errors;
    const QDate day = Formatter::parseDate(text(QStringLiteral("date")));
    const QTime time = Formatter::parseTime(text(QStringLiteral("time")));
    if (!day.isValid())
        errors.insert(QStringLiteral("date"), tr("Skriv datoen som dd.mm.åååå."));
    if (!time.isValid())
        errors.insert(QStringLiteral("time"), tr("Skriv klokkeslettet som tt:mm."));
    if (text(QStringLiteral("participantId")).isEmpty() && text(QStringLiteral("employerId")).isEmpty()
        && text(QStringLiteral("participantName")).isEmpty()
        && text(QStringLiteral("employerName")).isEmpty())
        errors.insert(QStringLiteral("participantId"), tr("Velg en deltaker eller en arbeidsgiver."));
    QVariant duration;
    if (const QString durationText = text(QStringLiteral("duration")); !durationText.isEmpty()) {
        bool ok = false;
        duration = durationText.toInt(&ok);
        if (!ok)
            errors.insert(QStringLiteral("duration"), tr("Skriv varigheten i hele minutter."));
    }
    QDate due;
    if (const QString dueText = text(QStringLiteral("nextStepDue")); !dueText.isEmpty()) {
        due = Formatter::parseDate(dueText);
        if (!due.isValid())
            errors.insert(QStringLiteral("nextStepDue"), tr("Skriv datoen som dd.mm.åååå."));
        else if (text(QStringLiteral("nextStep")).isEmpty())
            errors.insert(QStringLiteral("nextStep"), tr("Skriv hva neste steg er."));
    }
    const QString assignee = text(QStringLiteral("nextStepAssignee"));
    const QList<TeamDirectory::Member> team = app()->assignableMembers();
    if (!assignee.isEmpty() && std::none_of(team.cbegin(), team.cend(), [&](const TeamDirectory::Member &m) {
            return m.id == assignee;
        }))
        errors.insert(QStringLiteral("nextStepAssignee"), tr("Velg en på teamet som skal ha oppgaven."));
    if (!errors.isEmpty()) {
        setErrors(errors);
        return false;
    }

    Transaction tx(store()->database());
    // A participant or employer named in a picker but not chosen from the list is created here, in
    // the same transaction as the visit: discarding the visit leaves nothing behind.
    QString participantId = text(QStringLiteral("participantId"));
    QString employerId = text(QStringLiteral("employerId"));
    for (auto [id, name, entity] :
        {std::tuple {&participantId, QStringLiteral("participantName"), QStringLiteral("participant")},
            std::tuple {&employerId, QStringLiteral("employerName"), QStringLiteral("employer")}}) {
        if (!id->isEmpty() || text(name).isEmpty())
            continue;
        const auto created = store()->create(entity, {{QStringLiteral("name"), text(name)}});
        if (!created) {
            setErrors(
                {{entity == u"participant" ? QStringLiteral("participantId") : QStringLiteral("employerId"),
                    created.error().message}});
            return false;
        }
        *id = created->id;
    }

    // The rules (planned or completed by time, employer contact, encounter and next-step task in one
    // transaction) are core's: core/encounters.h.
    const QDateTime starts(day, time, Formatter::zone());
    auto orNull = [](const QString &s) {
        return s.isEmpty() ? QVariant() : QVariant(s);
    };
    const QVariantHash values {
        {QStringLiteral("starts_at"), validation::formatDateTime(starts)},
        {QStringLiteral("duration_minutes"), duration},
        {QStringLiteral("kind"), text(QStringLiteral("kind"))},
        {QStringLiteral("channel"), text(QStringLiteral("channel"))},
        {QStringLiteral("participant_id"), orNull(participantId)},
        {QStringLiteral("employer_id"), orNull(employerId)},
        {QStringLiteral("note"), orNull(text(QStringLiteral("note")))},
        {QStringLiteral("outcome"), orNull(text(QStringLiteral("outcome")))},
        {QStringLiteral("location"), orNull(text(QStringLiteral("location")))},
    };
    const NextStep next {text(QStringLiteral("nextStep")), due, assignee};
    const auto logged = Encounters(*store()).log(values, next);
    if (!logged) {
        setErrors({{formField(logged.error().field), logged.error().message}});
        return false;
    }
    if (const Status committed = tx.commit(); !committed) {
        setErrors({{QStringLiteral("form"), committed.errorString()}});
        return false;
    }
    m_lastSaved = logged->encounter.id;
    discard();
    Q_EMIT saved(m_lastSaved);
    return true;
}
