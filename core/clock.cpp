#include "clock.h"

namespace feltnotat {

SystemClock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}

} // namespace feltnotat
