#include "taskcontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"

using namespace feltnotat;

TaskController::TaskController(QObject *parent)
    : ViewController(parent)
{ }

void TaskController::setRecordId(const QString &id)
{
    setReloading(m_recordId, id, [this] { Q_EMIT recordIdChanged(); });
}

void TaskController::reload()
{
    Store &s = *store();
    const auto r = m_recordId.isEmpty() ? std::nullopt : s.get(QStringLiteral("task"), m_recordId);
    m_found = r.has_value();
    if (!r) {
        Q_EMIT reloaded();
        return;
    }
    m_title = r->text(QStringLiteral("title"));
    m_details = r->text(QStringLiteral("details"));
    const QDate due = validation::parseDate(r->text(QStringLiteral("due_date"))).value_or(QDate());
    m_due = due.isValid() ? Formatter::relativeDay(due, app()->today()) : tr("Uten frist");
    m_done = r->text(QStringLiteral("status")) == u"completed";
    m_overdue = !m_done && due.isValid() && due < app()->today();
    m_encounterId = r->text(QStringLiteral("encounter_id"));
    m_aboutEntity.clear();
    m_aboutId.clear();
    QStringList about;
    for (const QString &entity : {QStringLiteral("participant"), QStringLiteral("employer")}) {
        const QString id = r->text(entity + QStringLiteral("_id"));
        const QString name = recordtext::nameOf(s, entity, id);
        if (name.isEmpty())
            continue;
        about << name;
        if (m_aboutId.isEmpty()) {
            m_aboutEntity = entity;
            m_aboutId = id;
        }
    }
    m_about = about.join(QStringLiteral(" · "));
    const QString owner = r->text(QStringLiteral("assigned_to")).isEmpty()
        ? r->text(QStringLiteral("created_by"))
        : r->text(QStringLiteral("assigned_to"));
    m_whose = app()->whoseText(owner);
    Q_EMIT reloaded();
}

bool TaskController::setDone(bool done)
{
    if (!store() || !m_found)
        return false;
    const bool ok
        = store()
              ->update(QStringLiteral("task"), m_recordId,
                  {{QStringLiteral("status"), done ? QStringLiteral("completed") : QStringLiteral("planned")},
                      {QStringLiteral("completed_at"),
                          done ? QVariant(validation::formatDateTime(app()->now())) : QVariant()}})
              .ok();
    refresh();
    return ok;
}
