#pragma once

#include <QtGlobal>

#include <functional>

namespace feltnotat {

// Capped exponential backoff with jitter: 2 s, 4 s, 8 s … up to 5 min, each ±20 %, so that
// many phones coming back at once do not hit the server in step.
class Backoff
{
public:
    // random() returns a number in [0, 1); injected so tests are repeatable.
    explicit Backoff(std::function<double()> random = {}, qint64 initialMs = 2000,
        qint64 maxMs = 5 * 60 * 1000, double jitter = 0.2);

    qint64 nextDelayMs(); // the delay before the next attempt; grows with each call
    void reset();
    int failures() const { return m_failures; }

private:
    std::function<double()> m_random;
    qint64 m_initialMs;
    qint64 m_maxMs;
    double m_jitter;
    int m_failures = 0;
};

} // namespace feltnotat
