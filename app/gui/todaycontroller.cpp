#include "todaycontroller.h"

#include "appcontext.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

#include <QCoreApplication>

using namespace feltnotat;

TodayController::TodayController(QObject *parent)
    : ViewController(parent)
    , m_items(new VariantListModel(
          {QStringLiteral("section"), QStringLiteral("entity"), QStringLiteral("recordId"),
              QStringLiteral("title"), QStringLiteral("subtitle"), QStringLiteral("when"),
              QStringLiteral("overdue"), QStringLiteral("status"), QStringLiteral("whose")},
          this))
{ }

void TodayController::setTeam(bool team)
{
    setReloading(m_team, team, [this] { Q_EMIT teamChanged(); });
}

void TodayController::reload()
{
    Store &s = *store();
    const QDate today = app()->today();
    StoreQueries q(s, Formatter::zone());
    const QString me = app()->userId();
    const QString mineOf = m_team ? QString() : me;
    // In the team's view every row says whose it is; the user's own view needs no such word.
    auto whose = [&](const Record &r) {
        if (!m_team)
            return QString();
        const QString owner = r.entity == u"task" && !r.text(QStringLiteral("assigned_to")).isEmpty()
            ? r.text(QStringLiteral("assigned_to"))
            : r.text(QStringLiteral("created_by"));
        return app()->whoseText(owner);
    };
    QList<QVariantMap> rows;
    auto startDay = [&](const QString &utc) {
        const auto t = validation::parseDateTime(utc);
        return t ? Formatter::shortDay(t->toTimeZone(Formatter::zone()).date(), today) : QString();
    };
    auto encounterRow = [&](const Record &r, const QString &section, bool overdue, bool withDay = false) {
        const QString starts = r.text(QStringLiteral("starts_at"));
        const QString with = recordtext::encounterWith(s, r);
        rows << QVariantMap {{QStringLiteral("section"), section}, {QStringLiteral("entity"), r.entity},
            {QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), with.isEmpty() ? recordtext::encounterKind(r) : with},
            {QStringLiteral("subtitle"),
                QString(vocabulary::valueLabel(
                            r.entity, QStringLiteral("status"), r.text(QStringLiteral("status")))
                    + QStringLiteral(" · ") + recordtext::encounterKind(r))},
            {QStringLiteral("when"),
                overdue || withDay ? QString(startDay(starts) + u' ' + Formatter::time(starts))
                                   : Formatter::time(starts)},
            {QStringLiteral("overdue"), overdue},
            {QStringLiteral("status"), r.text(QStringLiteral("status"))},
            {QStringLiteral("whose"), whose(r)}};
    };
    auto taskRow = [&](const Record &r, const QString &section, bool overdue) {
        QString who
            = recordtext::nameOf(s, QStringLiteral("participant"), r.text(QStringLiteral("participant_id")));
        if (who.isEmpty())
            who = recordtext::nameOf(s, QStringLiteral("employer"), r.text(QStringLiteral("employer_id")));
        const QDate due = validation::parseDate(r.text(QStringLiteral("due_date"))).value_or(QDate());
        rows << QVariantMap {{QStringLiteral("section"), section}, {QStringLiteral("entity"), r.entity},
            {QStringLiteral("recordId"), r.id}, {QStringLiteral("title"), r.text(QStringLiteral("title"))},
            {QStringLiteral("subtitle"), who}, {QStringLiteral("when"), Formatter::shortDay(due, today)},
            {QStringLiteral("overdue"), overdue},
            {QStringLiteral("status"), r.text(QStringLiteral("status"))},
            {QStringLiteral("whose"), whose(r)}};
    };

    const QString overdue = tr("Forfalt");
    const auto overdueEncounters = q.overdueEncounters(today, mineOf);
    const auto overdueTasks = q.overdueTasks(today, mineOf);
    for (const Record &r : overdueEncounters)
        encounterRow(r, overdue, true);
    for (const Record &r : overdueTasks)
        taskRow(r, overdue, true);
    m_overdue = int(overdueEncounters.size() + overdueTasks.size());

    const auto encounters = q.encountersOn(today, mineOf);
    const auto tasks = q.tasksDueOn(today, mineOf);
    for (const Record &r : encounters)
        encounterRow(r, tr("Besøk og avtaler i dag"), false);
    for (const Record &r : tasks)
        taskRow(r, tr("Oppgaver i dag"), false);
    m_today = int(encounters.size() + tasks.size());

    // Follow-ups later this week: planned encounters and open tasks, day by day.
    const QDate sunday = today.addDays(7 - today.dayOfWeek());
    if (sunday > today) {
        const QString later = tr("Senere denne uken");
        const auto planned = q.plannedEncountersBetween(today.addDays(1), sunday.addDays(1), mineOf);
        const auto laterTasks = q.openTasksDueBetween(today.addDays(1), sunday, mineOf);
        auto localDay = [](const Record &r) {
            const auto t = validation::parseDateTime(r.text(QStringLiteral("starts_at")));
            return t ? t->toTimeZone(Formatter::zone()).date() : QDate();
        };
        qsizetype e = 0;
        qsizetype t = 0;
        while (e < planned.size() || t < laterTasks.size()) {
            const QDate due = t < laterTasks.size()
                ? validation::parseDate(laterTasks.at(t).text(QStringLiteral("due_date"))).value_or(QDate())
                : QDate();
            if (e < planned.size() && (t >= laterTasks.size() || localDay(planned.at(e)) <= due))
                encounterRow(planned.at(e++), later, false, true);
            else
                taskRow(laterTasks.at(t++), later, false);
        }
    }
    m_items->setRows(std::move(rows));
    Q_EMIT reloaded();
}

bool TodayController::completeTask(const QString &taskId)
{
    if (!store())
        return false;
    const auto r = store()->update(QStringLiteral("task"), taskId,
        {{QStringLiteral("status"), QStringLiteral("completed")},
            {QStringLiteral("completed_at"), validation::formatDateTime(app()->now())}});
    return r.ok();
}
