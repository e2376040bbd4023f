#include "weekcontroller.h"

#include "appcontext.h"
#include "core/storequeries.h"
#include "formatter.h"

using namespace feltnotat;

WeekController::WeekController(QObject *parent)
    : ViewController(parent)
    , m_gaps(new VariantListModel({QStringLiteral("recordId"), QStringLiteral("title"),
                                      QStringLiteral("when"), QStringLiteral("overdue")},
          this))
{ }

void WeekController::reload()
{
    StoreQueries q(*store(), Formatter::zone());
    const QDate today = app()->today();
    const WeekFigures w = q.weekFigures(today, app()->userId());
    const QDate monday = today.addDays(1 - today.dayOfWeek());
    m_weekText = tr("Uke %1 · %2–%3")
                     .arg(w.week)
                     .arg(monday.toString(QStringLiteral("dd.MM.")), Formatter::date(monday.addDays(6)));
    m_employerContacts = w.employerContacts;
    m_encounters = w.encounters;
    m_caseload = w.caseload;
    m_inWork = w.inWork;
    QList<QVariantMap> rows;
    for (const ContactGap &gap : q.daysSinceLastContact(today, app()->userId())) {
        rows << QVariantMap {{QStringLiteral("recordId"), gap.participantId},
            {QStringLiteral("title"), gap.name},
            {QStringLiteral("when"),
                gap.days < 0        ? tr("aldri")
                    : gap.days == 1 ? tr("1 dag")
                                    : tr("%1 dager").arg(gap.days)},
            // Weekly contact is the rhythm to keep; flag longer gaps.
            {QStringLiteral("overdue"), gap.days < 0 || gap.days > 7}};
    }
    m_gaps->setRows(std::move(rows));
    Q_EMIT reloaded();
}
