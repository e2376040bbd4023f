#include "taskscontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"

#include <QRegularExpression>

using namespace feltnotat;

TasksController::TasksController(QObject *parent)
    : ViewController(parent)
    , m_tasks(new VariantListModel(
          {QStringLiteral("section"), QStringLiteral("recordId"), QStringLiteral("title"),
              QStringLiteral("subtitle"), QStringLiteral("when"), QStringLiteral("overdue"),
              QStringLiteral("done"), QStringLiteral("whose")},
          this))
{ }

bool TasksController::interestedIn(const QStringList &entities) const
{
    return entities.contains(QStringLiteral("task")) || entities.contains(QStringLiteral("*"));
}

void TasksController::setTeam(bool team)
{
    setReloading(m_team, team, [this] { Q_EMIT teamChanged(); });
}

void TasksController::setShowDone(bool show)
{
    setReloading(m_showDone, show, [this] { Q_EMIT showDoneChanged(); });
}

void TasksController::reload()
{
    Store &s = *store();
    const QDate today = app()->today();
    const QDate sunday = today.addDays(7 - today.dayOfWeek());
    const QString me = app()->userId();
    StoreQueries q(s);
    QList<QVariantMap> rows;
    auto add = [&](const Record &r, const QString &section, bool done) {
        const QDate due = validation::parseDate(r.text(QStringLiteral("due_date"))).value_or(QDate());
        QString who
            = recordtext::nameOf(s, QStringLiteral("participant"), r.text(QStringLiteral("participant_id")));
        const QString employer
            = recordtext::nameOf(s, QStringLiteral("employer"), r.text(QStringLiteral("employer_id")));
        who = QStringList {who, employer}
                  .filter(QRegularExpression(QStringLiteral(".")))
                  .join(QStringLiteral(" · "));
        const QString owner = r.text(QStringLiteral("assigned_to")).isEmpty()
            ? r.text(QStringLiteral("created_by"))
            : r.text(QStringLiteral("assigned_to"));
        rows << QVariantMap {{QStringLiteral("section"), section}, {QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("title"))}, {QStringLiteral("subtitle"), who},
            {QStringLiteral("when"), Formatter::shortDay(due, today)},
            {QStringLiteral("overdue"), !done && due.isValid() && due < today},
            {QStringLiteral("done"), done},
            {QStringLiteral("whose"), m_team ? app()->whoseText(owner) : QString()}};
    };
    for (const Record &r : q.openTasks(m_team ? QString() : me)) {
        const QDate due = validation::parseDate(r.text(QStringLiteral("due_date"))).value_or(QDate());
        QString section = tr("Uten frist");
        if (due.isValid())
            section = due < today ? tr("Forfalt")
                : due == today    ? tr("I dag")
                : due <= sunday   ? tr("Denne uken")
                                  : tr("Senere");
        add(r, section, false);
    }
    if (m_showDone) {
        for (const Record &r : q.closedTasks(m_team ? QString() : me))
            add(r, tr("Gjort"), true);
    }
    m_tasks->setRows(std::move(rows));
}

bool TasksController::complete(const QString &taskId, bool done)
{
    if (!store())
        return false;
    return store()
        ->update(QStringLiteral("task"), taskId,
            {{QStringLiteral("status"), done ? QStringLiteral("completed") : QStringLiteral("planned")},
                {QStringLiteral("completed_at"),
                    done ? QVariant(validation::formatDateTime(app()->now())) : QVariant()}})
        .ok();
}
