#include "taskscontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"

using namespace feltnotat;

TasksController::TasksController(QObject *parent)
    : ViewController(parent)
    , m_tasks(new VariantListModel(
          {QStringLiteral("section"), QStringLiteral("recordId"), QStringLiteral("title"),
              QStringLiteral("subtitle"), QStringLiteral("when"), QStringLiteral("overdue")},
          this))
{ }

bool TasksController::interestedIn(const QStringList &entities) const
{
    return entities.contains(QStringLiteral("task")) || entities.contains(QStringLiteral("*"));
}

void TasksController::reload()
{
    Store &s = *store();
    const QDate today = app()->today();
    const QDate sunday = today.addDays(7 - today.dayOfWeek());
    // Open tasks with a date first (by date), then those without one. Bounded: a person's open tasks.
    const auto open = StoreQueries(s).select(QStringLiteral("task"),
        QStringLiteral("status IN ('planned', 'in_progress')"), {},
        QStringLiteral("due_date IS NULL, due_date, title"), 2000);
    QList<QVariantMap> rows;
    for (const Record &r : open) {
        const QDate due = validation::parseDate(r.text(QStringLiteral("due_date"))).value_or(QDate());
        QString section = tr("Uten frist");
        if (due.isValid())
            section = due < today ? tr("Forfalt")
                : due == today    ? tr("I dag")
                : due <= sunday   ? tr("Denne uken")
                                  : tr("Senere");
        QString who
            = recordtext::nameOf(s, QStringLiteral("participant"), r.text(QStringLiteral("participant_id")));
        if (who.isEmpty())
            who = recordtext::nameOf(s, QStringLiteral("employer"), r.text(QStringLiteral("employer_id")));
        rows << QVariantMap {{QStringLiteral("section"), section}, {QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("title"))}, {QStringLiteral("subtitle"), who},
            {QStringLiteral("when"), Formatter::shortDay(due, today)},
            {QStringLiteral("overdue"), due.isValid() && due < today}};
    }
    m_tasks->setRows(std::move(rows));
}

bool TasksController::complete(const QString &taskId)
{
    if (!store())
        return false;
    return store()
        ->update(QStringLiteral("task"), taskId,
            {{QStringLiteral("status"), QStringLiteral("completed")},
                {QStringLiteral("completed_at"), validation::formatDateTime(app()->now())}})
        .ok();
}
