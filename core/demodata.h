#pragma once

#include "result.h"

#include <QDate>
#include <QList>
#include <QTimeZone>
#include <QVariantHash>

namespace feltnotat {

class Store;

// One synthetic record: made-up people and companies, never real ones.
struct DemoRecord
{
    QString entity;
    QString id;
    QVariantHash values; // user fields only; bookkeeping fields are the writer's business
};

// A realistic, deterministic data set for the demo, screenshots, tests and benchmarks: participants
// in every stage, employers with workplaces and contacts, encounters around `today` (some today,
// some planned and overdue), tasks and employments. `scale` multiplies the counts (1 ≈ 18 participants).
QList<DemoRecord> demoData(
    const QDate &today, const QTimeZone &zone, const QString &userId, int scale = 1, quint32 seed = 2026);

// Writes the data set into a store as local writes (each with its outbox entry).
Status loadDemoData(
    Store &store, const QDate &today, const QTimeZone &zone, int scale = 1, quint32 seed = 2026);

} // namespace feltnotat
