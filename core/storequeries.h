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

    QList<Record> encountersOn(const QDate &day);
    QList<Record> overdueEncounters(const QDate &today); // planned but their time has passed
    QList<Record> tasksDueOn(const QDate &day);
    QList<Record> overdueTasks(const QDate &today);
    QList<Record> openTasksDueBetween(const QDate &from, const QDate &to);
    QList<TimelineItem> participantTimeline(const QString &participantId);
    QList<Record> employerHistory(const QString &employerId); // encounters with the employer, newest first
    WeekFigures weekFigures(const QDate &dayInWeek, const QString &userId);
    QList<ContactGap> daysSinceLastContact(const QDate &today, const QString &userId);

    // [start of day, start of next day) in UTC text, as stored.
    QPair<QString, QString> dayBounds(const QDate &from, const QDate &toExclusive) const;

private:
    QString caseloadCondition() const;
    Store &m_store;
    QTimeZone m_zone;
};

} // namespace feltnotat
