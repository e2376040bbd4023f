#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace feltnotat {

Backoff::Backoff(std::function<double()> random, qint64 initialMs, qint64 maxMs, double jitter)
    : m_random(random ? std::move(random) : [] { return QRandomGenerator::global()->generateDouble(); })
    , m_initialMs(initialMs)
    , m_maxMs(maxMs)
    , m_jitter(jitter)
{ }

qint64 Backoff::nextDelayMs()
{
    const int exponent = std::min(m_failures, 30);
    ++m_failures;
    const double base = std::min<double>(double(m_maxMs), double(m_initialMs) * double(1LL << exponent));
    const double factor = 1.0 + m_jitter * (2.0 * m_random() - 1.0);
    return std::clamp<qint64>(qint64(base * factor), 0, qint64(double(m_maxMs) * (1.0 + m_jitter)));
}

void Backoff::reset()
{
    m_failures = 0;
}

} // namespace feltnotat
