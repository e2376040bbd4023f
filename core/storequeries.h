#pragma once

#include "record.h"

#include <QDate>
#include <QList>
#include <QTimeZone>
#include <QVariantList>

namespace feltnotat {

class Store;

struct TimelineItem
{
    QString entity; // encounter, task or employment
    QString id;
    QString when; // ISO date or UTC time, for sorting and display
    QString title;
    QString detail;
};

struct WeekFigures
{
    int year = 0;
    int week = 0;
    int employerContacts = 0; // completed encounters counted as employer contacts
    int encounters = 0; // completed encounters of any kind
    int caseload = 0; // open participants assigned to the user
    int inWork = 0; // of those, employed or with an ongoing employment
};

struct ContactGap
{
    QString participantId;
    QString name;
    QString lastContact; // UTC time of the last completed encounter, empty if none
    int days = -1; // whole days since then, -1 when never
};

// Read-only queries the views need. Days and weeks are local to the given time zone.
class StoreQueries
{
public:
    explicit StoreQueries(Store &store, const QTimeZone &zone = QTimeZone::systemTimeZone());

    // Rows of one record type (deleted ones left out) matching an SQL condition on its columns.
    QList<Record> select(const QString &entity, const QString &where = {}, const QVariantList &binds = {},
        const QString &orderBy = {}, int limit = -1, int offset = 0);
    qint64 count(const QString &entity, const QString &where = {}, const QVariantList &binds = {});

    // `mineOf` (a user id) keeps the user's own: encounters they logged, tasks assigned to them
    // (or made by them and assigned to nobody). Empty: the whole team's.
    QList<Record> encountersOn(const QDate &day, const QString &mineOf = {});
    // Planned but their time has passed.
    QList<Record> overdueEncounters(const QDate &today, const QString &mineOf = {});
    QList<Record> plannedEncountersBetween(
        const QDate &from, const QDate &toExclusive, const QString &mineOf = {});
    QList<Record> tasksDueOn(const QDate &day, const QString &mineOf = {});
    QList<Record> overdueTasks(const QDate &today, const QString &mineOf = {});
    QList<Record> openTasksDueBetween(const QDate &from, const QDate &to, const QString &mineOf = {});
    // Open tasks, dated ones first by date, then those without a date (at most `limit`).
    QList<Record> openTasks(const QString &mineOf = {}, int limit = 2000);
    // Done or cancelled tasks, the most recently changed first.
    QList<Record> closedTasks(const QString &mineOf = {}, int limit = 200);
    // The tasks made from an encounter (its next steps).
    QList<Record> tasksOf(const QString &encounterId);
    // An employer's workplaces and contacts by name; the participants with an employment there.
    QList<Record> workplacesOf(const QString &employerId);
    QList<Record> contactsOf(const QString &employerId);
    QList<Record> participantsPlacedAt(const QString &employerId);
    // The first record of a type (by name where it has one), for the screenshot tour.
    QString firstId(const QString &entity);
    // The id of a record with exactly this name, or empty.
    QString idByName(const QString &entity, const QString &name);
    QList<TimelineItem> participantTimeline(const QString &participantId);
    QList<Record> employerHistory(const QString &employerId); // encounters with the employer, newest first
    WeekFigures weekFigures(const QDate &dayInWeek, const QString &userId);
    QList<ContactGap> daysSinceLastContact(const QDate &today, const QString &userId);

    // [start of day, start of next day) in UTC text, as stored.
    QPair<QString, QString> dayBounds(const QDate &from, const QDate &toExclusive) const;

private:
    QString caseloadCondition() const;
    static QString mine(const QString &entity, const QString &mineOf, QVariantList *binds);
    Store &m_store;
    QTimeZone m_zone;
};

} // namespace feltnotat
