#pragma once

#include "core/result.h"

#include <QDate>
#include <QString>
#include <QTimeZone>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;

struct DemoSummary
{
    QString teamId;
    QString userId;
    qint64 records = 0;
    bool alreadySeeded = false;
};

// `admin seed-demo`: a demo team ("Demo-teamet"), the user demo/demo and core's synthetic data
// set (core/demodata.h) around today, written as server records so a device gets it on its first
// pull. For demonstrations only; running it again changes nothing.
class DemoSeeder
{
public:
    static constexpr const char *TeamName = "Demo-teamet";
    static constexpr const char *Login = "demo";

    DemoSeeder(SqlBackend &db, const Clock &clock, HlcClock &hlc);

    Result<DemoSummary> seed(const QDate &today, const QTimeZone &zone, int scale = 1);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
};

} // namespace feltnotat::server
