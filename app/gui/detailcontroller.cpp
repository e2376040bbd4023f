#include "detailcontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

#include <QRegularExpression>

using namespace feltnotat;

namespace {
QStringList fieldList(std::initializer_list<const char *> names)
{
    QStringList out;
    for (const char *n : names)
        out << QString::fromLatin1(n);
    return out;
}
} // namespace

DetailController::DetailController(QObject *parent)
    : ViewController(parent)
    , m_facts(new VariantListModel(
          {QStringLiteral("label"), QStringLiteral("value"), QStringLiteral("link")}, this))
    , m_profile(new VariantListModel(
          {QStringLiteral("label"), QStringLiteral("value"), QStringLiteral("link")}, this))
    , m_timeline(
          new VariantListModel({QStringLiteral("entity"), QStringLiteral("recordId"), QStringLiteral("title"),
                                   QStringLiteral("subtitle"), QStringLiteral("when")},
              this))
    , m_workplaces(new VariantListModel(
          {QStringLiteral("recordId"), QStringLiteral("title"), QStringLiteral("subtitle")}, this))
    , m_contacts(new VariantListModel(
          {QStringLiteral("recordId"), QStringLiteral("title"), QStringLiteral("subtitle"),
              QStringLiteral("phone"), QStringLiteral("phoneText"), QStringLiteral("email")},
          this))
    , m_placed(new VariantListModel(
          {QStringLiteral("recordId"), QStringLiteral("title"), QStringLiteral("subtitle")}, this))
{ }

void DetailController::setEntity(const QString &entity)
{
    setReloading(m_entity, entity, [this] { Q_EMIT entityChanged(); });
}

void DetailController::setRecordId(const QString &id)
{
    setReloading(m_recordId, id, [this] { Q_EMIT recordIdChanged(); });
}

QList<QVariantMap> DetailController::rowsFor(const QStringList &fields) const
{
    QList<QVariantMap> rows;
    for (const QString &f : fields) {
        const QVariant v = m_values.value(f);
        const QString text = recordtext::displayValue(m_entity, f, v);
        if (text.isEmpty())
            continue;
        QString link;
        if (f == u"phone")
            link = QStringLiteral("tel:") + v.toString();
        else if (f == u"email")
            link = QStringLiteral("mailto:") + v.toString();
        rows << QVariantMap {{QStringLiteral("label"), vocabulary::fieldLabel(m_entity, f)},
            {QStringLiteral("value"), text}, {QStringLiteral("link"), link}};
    }
    return rows;
}

void DetailController::reload()
{
    const auto record = m_recordId.isEmpty() ? std::nullopt : store()->get(m_entity, m_recordId);
    m_found = record.has_value();
    m_values = record ? record->values : QVariantHash();
    m_title = record ? record->text(QStringLiteral("name")) : QString();
    m_subtitle = record ? recordtext::listSubtitle(*record) : QString();
    m_facts->setRows({});
    m_profile->setRows({});
    m_timeline->setRows({});
    m_workplaces->setRows({});
    m_contacts->setRows({});
    m_placed->setRows({});
    if (m_found && m_entity == u"participant")
        loadParticipant();
    else if (m_found && m_entity == u"employer")
        loadEmployer();
    Q_EMIT reloaded();
}

void DetailController::loadParticipant()
{
    m_facts->setRows(rowsFor(fieldList({"phone", "email", "programme", "stage", "referral_date",
        "first_contact_date", "first_employer_contact_date", "job_start_date"})));
    m_profile->setRows(rowsFor(fieldList({"goals_short", "goals_long", "preferences", "strengths",
        "work_history", "education", "adjustments", "disclosure_plan"})));
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const TimelineItem &item : StoreQueries(s, Formatter::zone()).participantTimeline(m_recordId)) {
        QString title = item.title;
        QString subtitle = item.detail;
        if (item.entity == u"encounter") {
            title = vocabulary::valueLabel(item.entity, QStringLiteral("kind"), item.title);
        } else if (item.entity == u"task") {
            subtitle = vocabulary::entityLabel(item.entity) + QStringLiteral(" · ")
                + (item.detail == u"completed" || item.detail == u"cancelled"
                        ? vocabulary::valueLabel(item.entity, QStringLiteral("status"), item.detail)
                        : tr("åpen"));
        } else if (item.entity == u"employment") {
            subtitle = item.detail.isEmpty() ? tr("Jobbstart")
                                             : tr("Sluttet %1").arg(Formatter::date(item.detail));
        }
        rows << QVariantMap {{QStringLiteral("entity"), item.entity}, {QStringLiteral("recordId"), item.id},
            {QStringLiteral("title"), title}, {QStringLiteral("subtitle"), subtitle},
            {QStringLiteral("when"),
                item.when.size() > 10 ? Formatter::dateTime(item.when) : Formatter::date(item.when)}};
    }
    m_timeline->setRows(std::move(rows));
}

void DetailController::loadEmployer()
{
    m_facts->setRows(rowsFor(fieldList({"org_number", "address", "postal_code", "city", "industry",
        "relationship_stage", "recruitment_agreement", "labour_needs"})));
    Store &s = *store();
    StoreQueries q(s, Formatter::zone());
    QList<QVariantMap> history;
    for (const Record &r : q.employerHistory(m_recordId)) {
        const QString who
            = recordtext::nameOf(s, QStringLiteral("participant"), r.text(QStringLiteral("participant_id")));
        const QString what = r.text(QStringLiteral("outcome")).isEmpty() ? r.text(QStringLiteral("note"))
                                                                         : r.text(QStringLiteral("outcome"));
        history << QVariantMap {{QStringLiteral("entity"), r.entity}, {QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), recordtext::encounterKind(r)},
            {QStringLiteral("subtitle"),
                who.isEmpty() ? what.left(120) : QString(who + QStringLiteral(" · ") + what.left(120))},
            {QStringLiteral("when"), Formatter::dateTime(r.text(QStringLiteral("starts_at")))}};
    }
    m_timeline->setRows(std::move(history));

    QList<QVariantMap> workplaces;
    for (const Record &r : q.workplacesOf(m_recordId))
        workplaces << QVariantMap {{QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("name"))},
            {QStringLiteral("subtitle"),
                QStringList {r.text(QStringLiteral("address")), r.text(QStringLiteral("city")),
                    Formatter::orgNumber(r.text(QStringLiteral("org_number")))}
                    .filter(QRegularExpression(QStringLiteral(".")))
                    .join(QStringLiteral(" · "))}};
    m_workplaces->setRows(std::move(workplaces));

    QList<QVariantMap> contacts;
    for (const Record &r : q.contactsOf(m_recordId)) {
        QString role = r.text(QStringLiteral("role"));
        if (r.value(QStringLiteral("decision_maker")).toBool())
            role = role.isEmpty() ? tr("Beslutningstaker")
                                  : QString(role + QStringLiteral(" · ") + tr("beslutningstaker"));
        contacts << QVariantMap {{QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("name"))}, {QStringLiteral("subtitle"), role},
            {QStringLiteral("phone"), r.text(QStringLiteral("phone"))},
            {QStringLiteral("phoneText"), Formatter::phone(r.text(QStringLiteral("phone")))},
            {QStringLiteral("email"), r.text(QStringLiteral("email"))}};
    }
    m_contacts->setRows(std::move(contacts));

    QList<QVariantMap> placed;
    for (const Record &r : q.participantsPlacedAt(m_recordId))
        placed << QVariantMap {{QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("name"))},
            {QStringLiteral("subtitle"), recordtext::listSubtitle(r)}};
    m_placed->setRows(std::move(placed));
}
