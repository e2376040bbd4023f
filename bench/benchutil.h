#pragma once

// Shared helpers for the benchmark executables: JSON-line output, timing statistics, memory
// figures from /proc, option parsing and synthetic records shaped like pulled server state.

#include "core/demodata.h"
#include "core/record.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <chrono>

namespace feltnotat::bench {

using Timer = std::chrono::steady_clock;

inline double msSince(Timer::time_point start)
{
    return std::chrono::duration<double, std::milli>(Timer::now() - start).count();
}

struct Stats
{
    double median = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
    qsizetype count = 0;
};
Stats stats(QList<double> samples);
QJsonObject statsJson(const Stats &s);

// One line of JSON on stdout: {"bench": name, ...fields}.
void report(const QString &name, QJsonObject fields);

// Memory of this process in KiB from /proc/self/status (VmRSS, VmHWM); resetPeak() sets VmHWM to
// the current RSS (clear_refs 5), so a later peak measures one phase.
// User and system CPU time of this process so far, all threads (a server is another process).
double processCpuMs();
qint64 rssKiB();
qint64 peakRssKiB();
bool resetPeak();

// --name value options; flags have no value.
class Args
{
public:
    explicit Args(const QStringList &args);
    QString value(const QString &name, const QString &fallback = {}) const;
    qint64 integer(const QString &name, qint64 fallback) const;
    bool flag(const QString &name) const;
    QStringList positional() const { return m_positional; }

private:
    QStringList m_args;
    QStringList m_positional;
};

// The demo data set scaled to at least `minRecords` records (whole scale steps, so references hold).
QList<DemoRecord> demoRecords(qint64 minRecords, const QString &userId, int *scaleOut = nullptr);

// A demo record as the server would send it: every field with defaults, bookkeeping fields and a
// clock per field.
Record pulledRecord(
    const DemoRecord &demo, const QString &teamId, const QString &userId, const QString &clock);

// The head of an HTTP/1.1 response (the raw benchmark clients): status and the headers they act on.
struct HttpHead
{
    int status = 0;
    qint64 length = -1; // Content-Length; -1 without one
    bool chunked = false;
    bool close = false; // Connection: close
    bool gzip = false; // Content-Encoding: gzip
};
// `head` is the text before the blank line.
HttpHead parseHttpHead(const QByteArray &head);

// A varied encounter note of a few sentences (vocabulary, names, places), deterministic per seed.
QString syntheticNote(quint32 seed);

} // namespace feltnotat::bench
