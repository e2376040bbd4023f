#pragma once

// The replay of a fleet's day (feltnotat-bench-fleet): every device's syncs at their times of the day,
// scaled to the replay's length, at most `concurrency` at once and one at a time per device; a sync that
// comes due while that many run waits (its lateness). Each sync: a new TLS connection, one push, pulls
// until caught up.

#include "fleetconnection.h"
#include "fleetdevice.h"
#include "fleettotals.h"

#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace feltnotat::bench::fleet {

class Fleet : public QObject
{
public:
    // minutes: the day's length in the replay (0: as fast as the set-up allows).
    Fleet(const Target &target, std::vector<std::unique_ptr<Device>> devices, int syncs, int changes,
        double minutes, int concurrency);

    void run();

    Totals totals;
    double replayMs = 0;

private:
    struct Due
    {
        qint64 at;
        int device;
        bool operator<(const Due &o) const { return at != o.at ? at < o.at : device < o.device; }
    };
    struct Ready
    {
        int device;
        double dueMs;
    };

    void pump();
    void startSync(Device &dev);
    void pull(Device &dev, Connection *conn, Timer::time_point syncStart);
    void finishSync(Device &dev, Connection *conn, Timer::time_point syncStart);

    const Target &m_target;
    std::vector<std::unique_ptr<Device>> m_devices;
    int m_syncs;
    int m_changes;
    double m_scale; // wall ms per simulated ms; 0 = as fast as possible
    int m_concurrency;
    std::vector<Due> m_schedule;
    size_t m_next = 0;
    std::deque<Ready> m_ready;
    int m_inFlight = 0;
    QTimer m_pump;
    Timer::time_point m_start;
};

} // namespace feltnotat::bench::fleet
