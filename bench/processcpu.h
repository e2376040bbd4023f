#pragma once

// CPU seconds from /proc and getrusage, for the fleet replay's figures per process.

#include <QList>

namespace feltnotat::bench::fleet {

// CPU seconds of processes and their descendants (live ones; ended ones count in their parent's cutime).
double treeCpuSeconds(const QList<qint64> &roots);
// Busy CPU seconds of the whole machine (every core: user, nice, system, irq, softirq, steal), from
// /proc/stat.
double machineCpuSeconds();
// This process's own (user + system, all threads).
double selfCpuSeconds();

} // namespace feltnotat::bench::fleet
