#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <atomic>

namespace feltnotat {

// Source of wall-clock time; injected so tests and simulations control time.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    static SystemClock *instance();
};

// A clock that only moves when told to; for tests and simulations.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 0)
        : m_ms(startMs)
    { }
    explicit ManualClock(const QDateTime &start)
        : m_ms(start.toMSecsSinceEpoch())
    { }
    qint64 nowMs() const override { return m_ms.load(); }
    void setNow(const QDateTime &t) { m_ms = t.toMSecsSinceEpoch(); }
    void setNowMs(qint64 ms) { m_ms = ms; }
    void advanceMs(qint64 ms) { m_ms += ms; }

private:
    std::atomic<qint64> m_ms;
};

} // namespace feltnotat
