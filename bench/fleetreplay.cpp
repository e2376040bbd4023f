#include "fleetreplay.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>

namespace feltnotat::bench::fleet {

namespace {
constexpr int PullLimit = 2500; // protocol::limits::AppPullLimit, as the app asks
} // namespace

Fleet::Fleet(const Target &target, std::vector<std::unique_ptr<Device>> devices, int syncs, int changes,
    double minutes, int concurrency)
    : m_target(target)
    , m_devices(std::move(devices))
    , m_syncs(syncs)
    , m_changes(changes)
    , m_scale(minutes > 0 ? minutes * 60000.0 / double(DayMs) : 0)
    , m_concurrency(concurrency)
{
    auto *rng = QRandomGenerator::global();
    for (size_t d = 0; d < m_devices.size(); ++d) {
        Device &dev = *m_devices[d];
        for (int s = 0; s < syncs; ++s)
            dev.syncAt << qint64(rng->bounded(double(DayMs)));
        std::sort(dev.syncAt.begin(), dev.syncAt.end());
        for (qint64 t : dev.syncAt)
            m_schedule.push_back({t, int(d)});
    }
    std::sort(m_schedule.begin(), m_schedule.end());
}

void Fleet::run()
{
    m_start = Timer::now();
    m_pump.setInterval(2);
    connect(&m_pump, &QTimer::timeout, this, [this]() { pump(); });
    m_pump.start();
    pump();
}

void Fleet::pump()
{
    const double now = msSince(m_start);
    while (m_next < m_schedule.size() && double(m_schedule[m_next].at) * m_scale <= now) {
        const Due &d = m_schedule[m_next++];
        Device &dev = *m_devices[size_t(d.device)];
        const double due = m_scale > 0 ? double(d.at) * m_scale : now;
        if (dev.busy)
            dev.deferred.push_back(due);
        else
            m_ready.push_back({d.device, due});
        if (m_scale == 0 && m_ready.size() >= size_t(m_concurrency) * 2)
            break; // as fast as possible: keep a short queue, take more as syncs end
    }
    while (m_inFlight < m_concurrency && !m_ready.empty()) {
        const Ready r = m_ready.front();
        m_ready.pop_front();
        Device &dev = *m_devices[size_t(r.device)];
        if (dev.busy) {
            dev.deferred.push_back(r.dueMs);
            continue;
        }
        if (m_scale > 0)
            totals.lateness << std::max(0.0, msSince(m_start) - r.dueMs);
        startSync(dev);
    }
    if (m_next >= m_schedule.size() && m_ready.empty() && m_inFlight == 0) {
        replayMs = msSince(m_start);
        m_pump.stop();
        QCoreApplication::quit();
    }
}

void Fleet::startSync(Device &dev)
{
    dev.busy = true;
    ++m_inFlight;
    const qint64 simulated = dev.syncAt.value(dev.nextSync);
    const int changes = m_changes / m_syncs + (dev.nextSync < m_changes % m_syncs ? 1 : 0);
    ++dev.nextSync;
    const QHostAddress source = m_target.sources.isEmpty()
        ? QHostAddress()
        : m_target.sources.at(dev.index % m_target.sources.size());
    auto *conn = new Connection(m_target, source, totals, this);
    const auto syncStart = Timer::now();
    const QByteArray body = dev.pushBody(std::max(1, changes), simulated);
    const qint64 last = dev.seq;
    totals.mutations += std::max(1, changes);
    conn->request("POST", "/v1/push", dev.token, body,
        [this, &dev, conn, last, syncStart](int status, const QByteArray &reply, double ms) {
            totals.push << ms;
            if (status != 200) {
                totals.failed("push", status, reply);
            } else {
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                const QJsonArray rejected = o.value(QStringLiteral("rejected")).toArray();
                if (!rejected.isEmpty())
                    totals.error(QStringLiteral("push rejected: ")
                        + rejected.first().toObject().value(QStringLiteral("message")).toString().left(80));
                else if (o.value(QStringLiteral("applied_through")).toInteger() != last)
                    totals.error(QStringLiteral("push: applied_through behind"));
            }
            pull(dev, conn, syncStart);
        });
}

void Fleet::pull(Device &dev, Connection *conn, Timer::time_point syncStart)
{
    const QByteArray path = "/v1/pull?cursor=" + QUrl::toPercentEncoding(dev.cursor)
        + "&limit=" + QByteArray::number(PullLimit);
    conn->request("GET", path, dev.token, {},
        [this, &dev, conn, syncStart](int status, const QByteArray &reply, double ms) {
            totals.pull << ms;
            ++totals.pages;
            bool more = false;
            if (status != 200) {
                totals.failed("pull", status, reply);
            } else {
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                const QString cursor = o.value(QStringLiteral("cursor")).toString();
                if (cursor.isEmpty() || o.value(QStringLiteral("reset")).toBool()) {
                    totals.error(QStringLiteral("pull: no cursor or reset"));
                } else {
                    dev.cursor = cursor;
                    totals.delivered += o.value(QStringLiteral("changes")).toArray().size();
                    totals.drops += o.value(QStringLiteral("drops")).toArray().size();
                    more = o.value(QStringLiteral("more")).toBool();
                }
            }
            if (more) {
                pull(dev, conn, syncStart);
                return;
            }
            finishSync(dev, conn, syncStart);
        });
}

void Fleet::finishSync(Device &dev, Connection *conn, Timer::time_point syncStart)
{
    totals.sync << msSince(syncStart);
    ++totals.syncsDone;
    conn->close();
    conn->deleteLater();
    dev.busy = false;
    --m_inFlight;
    if (!dev.deferred.empty()) {
        m_ready.push_front({dev.index, dev.deferred.front()});
        dev.deferred.pop_front();
    }
    pump();
}

} // namespace feltnotat::bench::fleet
