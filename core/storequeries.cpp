#include "storequeries.h"

#include "store.h"
#include "validation.h"

namespace feltnotat {

namespace {

const QString OpenTask = QStringLiteral("status IN ('planned', 'in_progress')");

} // namespace

StoreQueries::StoreQueries(Store &store, const QTimeZone &zone)
    : m_store(store)
    , m_zone(zone)
{ }

QList<Record> StoreQueries::select(const QString &entity, const QString &where, const QVariantList &binds,
    const QString &orderBy, int limit, int offset)
{
    QList<Record> out;
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return out;
    QString sql = Store::selectColumns(*spec) + QStringLiteral(" WHERE deleted = 0");
    if (!where.isEmpty())
        sql += QStringLiteral(" AND (") + where + u')';
    if (!orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + orderBy;
    sql += QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    Query q = m_store.database().query(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
    while (q.next()) {
        Record r = Store::recordFromQuery(*spec, q);
        out.append(std::move(r));
    }
    return out;
}

qint64 StoreQueries::count(const QString &entity, const QString &where, const QVariantList &binds)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return 0;
    QString sql = QStringLiteral("SELECT count(*) FROM %1 WHERE deleted = 0").arg(spec->table);
    if (!where.isEmpty())
        sql += QStringLiteral(" AND (") + where + u')';
    Query q = m_store.database().query(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
    return q.next() ? q.int64(0) : 0;
}

QPair<QString, QString> StoreQueries::dayBounds(const QDate &from, const QDate &toExclusive) const
{
    return {validation::formatDateTime(from.startOfDay(m_zone)),
        validation::formatDateTime(toExclusive.startOfDay(m_zone))};
}

QString StoreQueries::mine(const QString &entity, const QString &mineOf, QVariantList *binds)
{
    if (mineOf.isEmpty())
        return {};
    if (entity == u"task") {
        *binds << mineOf << mineOf;
        return QStringLiteral(" AND (assigned_to = ? OR (assigned_to IS NULL AND created_by = ?))");
    }
    *binds << mineOf;
    return QStringLiteral(" AND created_by = ?");
}

QList<Record> StoreQueries::encountersOn(const QDate &day, const QString &mineOf)
{
    const auto [from, to] = dayBounds(day, day.addDays(1));
    QVariantList binds {from, to};
    const QString who = mine(QStringLiteral("encounter"), mineOf, &binds);
    return select(QStringLiteral("encounter"), QStringLiteral("starts_at >= ? AND starts_at < ?") + who,
        binds, QStringLiteral("starts_at"));
}

QList<Record> StoreQueries::overdueEncounters(const QDate &today, const QString &mineOf)
{
    const auto [from, to] = dayBounds(today, today);
    Q_UNUSED(to)
    QVariantList binds {from};
    const QString who = mine(QStringLiteral("encounter"), mineOf, &binds);
    return select(QStringLiteral("encounter"), QStringLiteral("status = 'planned' AND starts_at < ?") + who,
        binds, QStringLiteral("starts_at"));
}

QList<Record> StoreQueries::plannedEncountersBetween(
    const QDate &from, const QDate &toExclusive, const QString &mineOf)
{
    const auto [start, end] = dayBounds(from, toExclusive);
    QVariantList binds {start, end};
    const QString who = mine(QStringLiteral("encounter"), mineOf, &binds);
    return select(QStringLiteral("encounter"),
        QStringLiteral("status = 'planned' AND starts_at >= ? AND starts_at < ?") + who, binds,
        QStringLiteral("starts_at"));
}

QList<Record> StoreQueries::tasksDueOn(const QDate &day, const QString &mineOf)
{
    QVariantList binds {validation::formatDate(day)};
    const QString who = mine(QStringLiteral("task"), mineOf, &binds);
    return select(QStringLiteral("task"), OpenTask + QStringLiteral(" AND due_date = ?") + who, binds,
        QStringLiteral("title"));
}

QList<Record> StoreQueries::overdueTasks(const QDate &today, const QString &mineOf)
{
    QVariantList binds {validation::formatDate(today)};
    const QString who = mine(QStringLiteral("task"), mineOf, &binds);
    return select(QStringLiteral("task"), OpenTask + QStringLiteral(" AND due_date < ?") + who, binds,
        QStringLiteral("due_date, title"));
}

QList<Record> StoreQueries::openTasksDueBetween(const QDate &from, const QDate &to, const QString &mineOf)
{
    QVariantList binds {validation::formatDate(from), validation::formatDate(to)};
    const QString who = mine(QStringLiteral("task"), mineOf, &binds);
    return select(QStringLiteral("task"),
        OpenTask + QStringLiteral(" AND due_date >= ? AND due_date <= ?") + who, binds,
        QStringLiteral("due_date, title"));
}

QList<Record> StoreQueries::openTasks(const QString &mineOf, int limit)
{
    QVariantList binds;
    const QString who = mine(QStringLiteral("task"), mineOf, &binds);
    return select(QStringLiteral("task"), OpenTask + who, binds,
        QStringLiteral("due_date IS NULL, due_date, title"), limit);
}

QList<Record> StoreQueries::closedTasks(const QString &mineOf, int limit)
{
    QVariantList binds;
    const QString who = mine(QStringLiteral("task"), mineOf, &binds);
    return select(QStringLiteral("task"), QStringLiteral("status IN ('completed', 'cancelled')") + who, binds,
        QStringLiteral("updated_at DESC"), limit);
}

QList<Record> StoreQueries::tasksOf(const QString &encounterId)
{
    return select(QStringLiteral("task"), QStringLiteral("encounter_id = ?"), {encounterId},
        QStringLiteral("due_date, title"));
}

QList<Record> StoreQueries::workplacesOf(const QString &employerId)
{
    return select(
        QStringLiteral("workplace"), QStringLiteral("employer_id = ?"), {employerId}, QStringLiteral("name"));
}

QList<Record> StoreQueries::contactsOf(const QString &employerId)
{
    return select(
        QStringLiteral("contact"), QStringLiteral("employer_id = ?"), {employerId}, QStringLiteral("name"));
}

QList<Record> StoreQueries::participantsPlacedAt(const QString &employerId)
{
    return select(QStringLiteral("participant"),
        QStringLiteral(
            "id IN (SELECT participant_id FROM employments WHERE deleted = 0 AND employer_id = ?)"),
        {employerId}, QStringLiteral("name COLLATE NOCASE"));
}

QString StoreQueries::idByName(const QString &entity, const QString &name)
{
    const auto rows = select(entity, QStringLiteral("name = ?"), {name}, {}, 1);
    return rows.isEmpty() ? QString() : rows.first().id;
}

QString StoreQueries::firstId(const QString &entity)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return {};
    const bool named = spec->field(QStringLiteral("name")) != nullptr;
    const auto rows
        = select(entity, {}, {}, named ? QStringLiteral("name COLLATE NOCASE") : QStringLiteral("id"), 1);
    return rows.isEmpty() ? QString() : rows.first().id;
}

QList<TimelineItem> StoreQueries::participantTimeline(const QString &participantId)
{
    QList<TimelineItem> items;
    const QString who = QStringLiteral("participant_id = ?");
    for (const Record &r : select(QStringLiteral("encounter"), who, {participantId}))
        items.append({r.entity, r.id, r.text(QStringLiteral("starts_at")), r.text(QStringLiteral("kind")),
            r.text(QStringLiteral("outcome")).isEmpty() ? r.text(QStringLiteral("note")).left(200)
                                                        : r.text(QStringLiteral("outcome"))});
    for (const Record &r : select(QStringLiteral("employment"), who, {participantId}))
        items.append({r.entity, r.id, r.text(QStringLiteral("start_date")), r.text(QStringLiteral("title")),
            r.text(QStringLiteral("end_date"))});
    for (const Record &r : select(QStringLiteral("task"), who, {participantId}))
        items.append({r.entity, r.id, r.text(QStringLiteral("due_date")), r.text(QStringLiteral("title")),
            r.text(QStringLiteral("status"))});
    // Newest first; a date without time sorts as the start of that day.
    const auto sortKey = [this](const QString &when) {
        if (when.size() == 10)
            return QDate::fromString(when, Qt::ISODate).startOfDay(m_zone).toMSecsSinceEpoch();
        return QDateTime::fromString(when, Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    std::stable_sort(items.begin(), items.end(), [&sortKey](const TimelineItem &a, const TimelineItem &b) {
        return sortKey(a.when) > sortKey(b.when);
    });
    return items;
}

QList<Record> StoreQueries::employerHistory(const QString &employerId)
{
    return select(QStringLiteral("encounter"), QStringLiteral("employer_id = ?"), {employerId},
        QStringLiteral("starts_at DESC"));
}

QString StoreQueries::caseloadCondition() const
{
    // Participants the user follows: assigned to them, or created by them when nobody is assigned.
    return QStringLiteral(
        "stage <> 'closed' AND (assigned_to = ?1 OR (assigned_to IS NULL AND created_by = ?1))");
}

WeekFigures StoreQueries::weekFigures(const QDate &dayInWeek, const QString &userId)
{
    WeekFigures w;
    w.week = dayInWeek.weekNumber(&w.year);
    const QDate monday = dayInWeek.addDays(1 - dayInWeek.dayOfWeek());
    const auto [from, to] = dayBounds(monday, monday.addDays(7));
    const QString mine
        = QStringLiteral("status = 'completed' AND created_by = ? AND starts_at >= ? AND starts_at < ?");
    w.encounters = int(count(QStringLiteral("encounter"), mine, {userId, from, to}));
    w.employerContacts = int(count(
        QStringLiteral("encounter"), mine + QStringLiteral(" AND employer_contact = 1"), {userId, from, to}));
    w.caseload = int(count(QStringLiteral("participant"), caseloadCondition(), {userId}));
    const QString today = validation::formatDate(dayInWeek);
    w.inWork = int(count(QStringLiteral("participant"),
        caseloadCondition()
            + QStringLiteral(" AND (stage = 'employed' OR EXISTS (SELECT 1 FROM employments e"
                             " WHERE e.participant_id = participants.id AND e.deleted = 0"
                             " AND e.start_date <= ?2 AND (e.end_date IS NULL OR e.end_date >= ?2)))"),
        {userId, today}));
    return w;
}

QList<ContactGap> StoreQueries::daysSinceLastContact(const QDate &today, const QString &userId)
{
    QList<ContactGap> out;
    Query q = m_store.database().query(
        QStringLiteral(
            "SELECT p.id, p.name, (SELECT max(e.starts_at) FROM encounters e WHERE e.participant_id = p.id"
            " AND e.deleted = 0 AND e.status = 'completed') AS last FROM participants p WHERE p.deleted = 0"
            " AND ")
        + caseloadCondition() + QStringLiteral(" ORDER BY last IS NOT NULL, last, p.name"));
    q.bind(1, userId);
    while (q.next()) {
        ContactGap g {q.text(0), q.text(1), q.text(2), -1};
        if (auto t = validation::parseDateTime(g.lastContact))
            g.days = int(t->toTimeZone(m_zone).date().daysTo(today));
        out.append(g);
    }
    return out;
}

} // namespace feltnotat
