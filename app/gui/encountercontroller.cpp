#include "encountercontroller.h"

#include "appcontext.h"
#include "core/encounters.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

using namespace feltnotat;

namespace {
const QString Encounter = QStringLiteral("encounter");
} // namespace

EncounterController::EncounterController(QObject *parent)
    : ViewController(parent)
    , m_facts(new VariantListModel(
          {QStringLiteral("label"), QStringLiteral("value"), QStringLiteral("link")}, this))
    , m_tasks(new VariantListModel({QStringLiteral("recordId"), QStringLiteral("title"),
                                       QStringLiteral("subtitle"), QStringLiteral("done")},
          this))
{ }

void EncounterController::setRecordId(const QString &id)
{
    setReloading(m_recordId, id, [this] { Q_EMIT recordIdChanged(); });
}

QString EncounterController::statusText() const
{
    return vocabulary::valueLabel(Encounter, QStringLiteral("status"), m_status);
}

bool EncounterController::canMarkNotAttended() const
{
    const FieldSpec *f = Schema::instance().entity(Encounter)->field(QStringLiteral("status"));
    return f && f->enumValues.contains(encounterrules::NotAttended);
}

void EncounterController::reload()
{
    Store &s = *store();
    const auto r = m_recordId.isEmpty() ? std::nullopt : s.get(Encounter, m_recordId);
    m_found = r.has_value();
    m_facts->setRows({});
    m_tasks->setRows({});
    if (!r) {
        m_title.clear();
        Q_EMIT reloaded();
        return;
    }
    m_participantId = r->text(QStringLiteral("participant_id"));
    m_employerId = r->text(QStringLiteral("employer_id"));
    m_title = recordtext::encounterWith(s, *r);
    if (m_title.isEmpty())
        m_title = vocabulary::entityLabel(Encounter);
    m_kind = recordtext::encounterKind(*r);
    m_status = r->text(QStringLiteral("status"));
    m_when = Formatter::dateTime(r->text(QStringLiteral("starts_at")));
    if (const int minutes = r->value(QStringLiteral("duration_minutes")).toInt(); minutes > 0)
        m_when += QStringLiteral(" · ") + tr("%1 min").arg(minutes);

    QList<QVariantMap> facts;
    for (const char *name : {"note", "outcome", "next_step", "next_step_due", "location"}) {
        const QString field = QString::fromLatin1(name);
        const QString value = recordtext::displayValue(Encounter, field, r->value(field));
        if (!value.isEmpty())
            facts << QVariantMap {{QStringLiteral("label"), vocabulary::fieldLabel(Encounter, field)},
                {QStringLiteral("value"), value}, {QStringLiteral("link"), QString()}};
    }
    if (r->value(QStringLiteral("shareable_with_employer")).toBool())
        facts << QVariantMap {{QStringLiteral("label"), tr("Deling")},
            {QStringLiteral("value"), tr("Kan deles med arbeidsgiver")}, {QStringLiteral("link"), QString()}};
    m_facts->setRows(std::move(facts));

    QList<QVariantMap> tasks;
    for (const Record &t : StoreQueries(s).tasksOf(m_recordId)) {
        const QString status = t.text(QStringLiteral("status"));
        const QString due = Formatter::date(t.text(QStringLiteral("due_date")));
        tasks << QVariantMap {{QStringLiteral("recordId"), t.id},
            {QStringLiteral("title"), t.text(QStringLiteral("title"))},
            {QStringLiteral("subtitle"), due.isEmpty() ? tr("Uten frist") : tr("Frist %1").arg(due)},
            {QStringLiteral("done"), status == u"completed"}};
    }
    m_tasks->setRows(std::move(tasks));
    Q_EMIT reloaded();
}

void EncounterController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

bool EncounterController::settle(const Status &result)
{
    setError(result ? QString() : result.errorString());
    refresh(); // at once, not only when the coalesced change signal comes
    return result.ok();
}

// What each status means and when it may change is core's (core/encounters.h); this only asks.
bool EncounterController::complete()
{
    if (!store() || !m_found)
        return false;
    const auto r = Encounters(*store()).complete(m_recordId);
    return settle(r ? Status::success() : Status(r.error()));
}

bool EncounterController::cancel()
{
    if (!store() || !m_found)
        return false;
    const auto r = Encounters(*store()).cancel(m_recordId);
    return settle(r ? Status::success() : Status(r.error()));
}

bool EncounterController::markNotAttended()
{
    if (!store() || !m_found)
        return false;
    const auto r = Encounters(*store()).markNotAttended(m_recordId);
    return settle(r ? Status::success() : Status(r.error()));
}

bool EncounterController::reschedule(const QString &date, const QString &time)
{
    if (!store() || !m_found)
        return false;
    const QDate day = Formatter::parseDate(date.trimmed());
    const QTime t = Formatter::parseTime(time.trimmed());
    if (!day.isValid() || !t.isValid()) {
        setError(!day.isValid() ? tr("Skriv datoen som dd.mm.åååå.") : tr("Skriv klokkeslettet som tt:mm."));
        return false;
    }
    const auto r = Encounters(*store()).reschedule(m_recordId, QDateTime(day, t, Formatter::zone()));
    return settle(r ? Status::success() : Status(r.error()));
}
