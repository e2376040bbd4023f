#pragma once

#include "clock.h"

#include <QString>

#include <compare>
#include <mutex>
#include <optional>

namespace feltnotat {

// A hybrid logical clock timestamp: wall milliseconds, a counter for events within one
// millisecond, and the node that issued it as the final tie-breaker. Its text form
// ("%012llx%04x-node") sorts in the same order as the timestamps themselves.
struct Hlc
{
    qint64 wallMs = 0;
    quint32 counter = 0;
    QString node;

    static constexpr quint32 MaxCounter = 0xffff;

    bool isNull() const { return wallMs == 0 && counter == 0 && node.isEmpty(); }
    QString toString() const;
    static std::optional<Hlc> parse(QStringView text);
    static bool isValidNode(QStringView node);

    friend bool operator==(const Hlc &, const Hlc &) = default;
    friend std::strong_ordering operator<=>(const Hlc &a, const Hlc &b);
};

// Issues strictly increasing timestamps for one node and absorbs timestamps seen from
// others, so a causally later write always carries a larger clock. Thread-safe.
class HlcClock
{
public:
    HlcClock(const Clock *clock, QString node);

    Hlc now();
    // Advances past a remote timestamp. Timestamps further than maxAheadMs in front of the
    // local wall clock are ignored so that one device with a wrong clock cannot drag others along.
    void observe(const Hlc &remote, qint64 maxAheadMs);
    Hlc last() const;
    void restore(const Hlc &last);
    const QString &node() const { return m_node; }
    const Clock *clock() const { return m_clock; }

private:
    const Clock *m_clock;
    QString m_node;
    mutable std::mutex m_mutex;
    qint64 m_wall = 0;
    quint32 m_counter = 0;
};

} // namespace feltnotat
