#pragma once

#include "clock.h"

#include <QString>

#include <mutex>
#include <random>

namespace feltnotat {

// Where new ids come from: the time and random bits of record ids (Schema::newId, a UUID version 7) and
// of device ids. The process has one source, by default the wall clock and the system's random
// generator. A simulation installs a seeded source over its virtual clock (ScopedIdSource), so that the
// same seed makes the same ids (the in-process fault campaign, docs/testing.md).
class IdSource
{
public:
    virtual ~IdSource() = default;

    // A UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, a 12-bit counter within the
    // millisecond, 62 random bits; ids made later sort later.
    QString newId();
    // 128 random bits as a UUID version 4 in 32 hex digits (QUuid::Id128), as device ids are.
    QString newRandomUuid();

    // The source in use: the system one unless a ScopedIdSource is alive.
    static IdSource &current();

protected:
    virtual qint64 nowMs() = 0;
    virtual quint64 random64() = 0;

private:
    std::mutex m_mutex;
    qint64 m_lastMs = 0;
    quint16 m_counter = 0;
};

// The wall clock and QRandomGenerator::system().
class SystemIdSource final : public IdSource
{
protected:
    qint64 nowMs() override;
    quint64 random64() override;
};

// A given clock (a ManualClock in simulations) and random bits from a seed: deterministic.
class SeededIdSource final : public IdSource
{
public:
    SeededIdSource(const Clock &clock, quint64 seed);

protected:
    qint64 nowMs() override { return m_clock.nowMs(); }
    quint64 random64() override;

private:
    const Clock &m_clock;
    std::mt19937_64 m_random;
};

// Makes `source` the current one for its lifetime (one at a time; for single-threaded simulations and
// tests, not for code with other threads making ids meanwhile).
class ScopedIdSource
{
public:
    explicit ScopedIdSource(IdSource &source);
    ~ScopedIdSource();
    ScopedIdSource(const ScopedIdSource &) = delete;
    ScopedIdSource &operator=(const ScopedIdSource &) = delete;

private:
    IdSource *m_previous;
};

} // namespace feltnotat
