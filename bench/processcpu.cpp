#include "processcpu.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QStringList>

#include <sys/resource.h>
#include <unistd.h>

namespace feltnotat::bench::fleet {

double treeCpuSeconds(const QList<qint64> &roots)
{
    struct P
    {
        qint64 ppid = 0;
        qint64 ticks = 0;
    };
    QHash<qint64, P> all;
    const QStringList dirs = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &d : dirs) {
        bool ok = false;
        const qint64 pid = d.toLongLong(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = f.readAll();
        // Fields after the command's closing parenthesis: state ppid … utime(14) stime cutime cstime.
        const QList<QByteArray> rest = s.mid(s.lastIndexOf(')') + 2).split(' ');
        if (rest.size() < 15)
            continue;
        all.insert(pid,
            {rest.at(1).toLongLong(),
                rest.at(11).toLongLong() + rest.at(12).toLongLong() + rest.at(13).toLongLong()
                    + rest.at(14).toLongLong()});
    }
    qint64 ticks = 0;
    QList<qint64> todo = roots;
    QSet<qint64> seen;
    while (!todo.isEmpty()) {
        const qint64 pid = todo.takeLast();
        if (seen.contains(pid) || !all.contains(pid))
            continue;
        seen.insert(pid);
        ticks += all.value(pid).ticks;
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            if (it->ppid == pid)
                todo << it.key();
        }
    }
    return double(ticks) / double(sysconf(_SC_CLK_TCK));
}

double machineCpuSeconds()
{
    QFile f(QStringLiteral("/proc/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> cpu = f.readLine().simplified().split(' ');
    qint64 ticks = 0;
    for (int i : {1, 2, 3, 6, 7, 8})
        ticks += cpu.value(i).toLongLong();
    return double(ticks) / double(sysconf(_SC_CLK_TCK));
}

double selfCpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
        + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

} // namespace feltnotat::bench::fleet
