#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <mutex>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// Prometheus metrics of one server process (text exposition format 0.0.4): requests and their
// latency per route and status class, plus gauges read from the database when scraped (webhook
// backlog and lag, devices by last sync, database connections). Served by `--metrics-listen` on an
// address of its own, never on the public API port (docs/server.md).
class Metrics
{
public:
    void observe(const QString &route, int status, double seconds);
    QByteArray render(SqlBackend &db, const Clock &clock) const;

    static constexpr double Buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

private:
    struct Series
    {
        qint64 count = 0;
        double sum = 0;
        qint64 buckets[std::size(Buckets)] = {};
    };

    mutable std::mutex m_mutex;
    QHash<QString, Series> m_latency; // by route
    QHash<QString, qint64> m_requests; // by "route\tstatus class"
};

} // namespace feltnotat::server
