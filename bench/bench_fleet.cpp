// feltnotat-bench-fleet: a day of a national fleet of devices replayed against a server set-up (issue 15,
// item 9). Every device of the token file (feltnotat-bench-seed fleet) makes --changes changes in --syncs
// syncs at random times of a working day (08-16); each sync opens a TLS connection of its own, pushes
// its changes (a new participant, new encounters with a note, edits of its own earlier encounters) and
// pulls its team's feed until caught up, as the app does (gzip both ways, pages of 2,500). No local
// store: the devices' own apply cost is not part of it (docs/benchmarks.md has it).
//
// The day is replayed in --minutes (0: as fast as the set-up allows), at most --concurrency syncs at
// once, one at a time per device; a sync that comes due while that many are running waits, and its
// wait is reported as lateness. Connections come from --addresses loopback addresses (127.10.x.y),
// as phones come from many. --watch "server=PID,PID;postgresql=PID;nginx=PID" adds the CPU seconds of
// each process and its descendants during the replay; the simulator's own come from getrusage.
//   --server https://127.0.0.1:PORT --cacert CERT --tokens FILE [--syncs 10 --changes 100 --minutes 10
//   --concurrency 100 --addresses 1000 --watch …]
#include "benchutil.h"
#include "fleetreplay.h"
#include "processcpu.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QSslCertificate>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <unistd.h>

using namespace feltnotat;
using namespace feltnotat::bench;
using namespace feltnotat::bench::fleet;

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "feltnotat-bench-fleet: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QUrl server(args.value(QStringLiteral("server")));
    const int syncs = int(args.integer(QStringLiteral("syncs"), 10));
    const int changes = int(args.integer(QStringLiteral("changes"), 100));
    const double minutes = args.value(QStringLiteral("minutes"), QStringLiteral("10")).toDouble();
    const int concurrency = int(args.integer(QStringLiteral("concurrency"), 100));
    const int addresses = int(args.integer(QStringLiteral("addresses"), 1000));
    if (server.scheme() != u"https" || server.port() <= 0)
        return fail(QStringLiteral("--server wants https://HOST:PORT"));
    if (syncs < 1 || changes < syncs || concurrency < 1 || addresses < 0 || addresses > 62500)
        return fail(
            QStringLiteral("--syncs ≥ 1, --changes ≥ --syncs, --concurrency ≥ 1, --addresses 0-62500"));

    Target target;
    target.host = server.host();
    target.port = quint16(server.port());
    target.tls = QSslConfiguration::defaultConfiguration();
    const QList<QSslCertificate> ca = QSslCertificate::fromPath(args.value(QStringLiteral("cacert")));
    if (ca.isEmpty())
        return fail(QStringLiteral("--cacert: no certificate"));
    target.tls.setCaCertificates(ca);
    target.tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    for (int i = 0; i < addresses; ++i)
        target.sources << QHostAddress(
            quint32((127u << 24) | (10u << 16) | quint32(i / 250) << 8 | quint32(i % 250 + 1)));

    QFile tokens(args.value(QStringLiteral("tokens")));
    if (!tokens.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("--tokens: cannot read the token file"));
    std::vector<std::unique_ptr<Device>> devices;
    QSet<int> teams;
    while (!tokens.atEnd()) {
        const QList<QByteArray> f = tokens.readLine().trimmed().split('\t');
        if (f.size() != 5)
            continue;
        const int team = f.at(0).toInt();
        teams.insert(team);
        devices.push_back(std::make_unique<Device>(int(devices.size()), team, QString::fromLatin1(f.at(1)),
            QString::fromLatin1(f.at(2)), QString::fromLatin1(f.at(3)), f.at(4)));
    }
    if (devices.empty())
        return fail(QStringLiteral("--tokens: no devices"));
    const int deviceCount = int(devices.size());

    // CPU of the watched processes, before and after the replay.
    QList<QPair<QString, QList<qint64>>> watched;
    for (const QString &group : args.value(QStringLiteral("watch")).split(u';', Qt::SkipEmptyParts)) {
        const QString name = group.section(u'=', 0, 0);
        QList<qint64> pids;
        for (const QString &p : group.section(u'=', 1).split(u',', Qt::SkipEmptyParts))
            pids << p.toLongLong();
        watched.append({name, pids});
    }
    QList<double> cpuBefore;
    for (const auto &w : watched)
        cpuBefore << treeCpuSeconds(w.second);
    const double selfBefore = selfCpuSeconds();
    const double machineBefore = machineCpuSeconds();

    Fleet fleet(target, std::move(devices), syncs, changes, minutes, concurrency);
    QTimer::singleShot(0, &fleet, [&]() { fleet.run(); });
    QCoreApplication::exec();

    const double replayS = fleet.replayMs / 1000.0;
    QJsonObject cpu;
    double cpuTotal = 0;
    for (qsizetype i = 0; i < watched.size(); ++i) {
        const double s = treeCpuSeconds(watched.at(i).second) - cpuBefore.at(i);
        cpu.insert(watched.at(i).first, std::round(s * 10) / 10);
        cpuTotal += s;
    }
    const double self = selfCpuSeconds() - selfBefore;
    cpu.insert(QStringLiteral("simulator"), std::round(self * 10) / 10);
    cpuTotal += self;
    // Whatever else ran on the machine meanwhile (other builds on a shared machine).
    cpu.insert(QStringLiteral("other"),
        std::round(std::max(0.0, machineCpuSeconds() - machineBefore - cpuTotal) * 10) / 10);
    const Totals &t = fleet.totals;
    const qint64 requests = t.push.size() + t.pull.size();
    QList<double> all = t.push;
    all += t.pull;
    QJsonObject o = statsJson(stats(all));
    o.insert(QStringLiteral("devices"), deviceCount);
    o.insert(QStringLiteral("teams"), teams.size());
    o.insert(QStringLiteral("syncs_per_device"), syncs);
    o.insert(QStringLiteral("changes_per_device"), changes);
    o.insert(QStringLiteral("minutes_scheduled"), minutes);
    o.insert(QStringLiteral("concurrency"), concurrency);
    o.insert(QStringLiteral("addresses"), addresses);
    o.insert(QStringLiteral("replay_s"), std::round(replayS * 10) / 10);
    o.insert(QStringLiteral("syncs"), t.syncsDone);
    o.insert(QStringLiteral("requests"), requests);
    o.insert(QStringLiteral("requests_per_s"), std::round(double(requests) / replayS));
    o.insert(QStringLiteral("mutations"), t.mutations);
    o.insert(QStringLiteral("mutations_per_s"), std::round(double(t.mutations) / replayS));
    o.insert(QStringLiteral("records_delivered"), t.delivered);
    o.insert(QStringLiteral("records_delivered_per_s"), std::round(double(t.delivered) / replayS));
    o.insert(QStringLiteral("drops"), t.drops);
    o.insert(QStringLiteral("pull_pages"), t.pages);
    o.insert(QStringLiteral("mb_received"), std::round(double(t.bytesIn) / 1e5) / 10);
    o.insert(QStringLiteral("errors"), t.errors);
    o.insert(QStringLiteral("error_kinds"), QJsonArray::fromStringList(t.errorKinds));
    o.insert(QStringLiteral("push"), statsJson(stats(t.push)));
    o.insert(QStringLiteral("pull"), statsJson(stats(t.pull)));
    o.insert(QStringLiteral("connect"), statsJson(stats(t.connect)));
    o.insert(QStringLiteral("sync"), statsJson(stats(t.sync)));
    if (!t.lateness.isEmpty())
        o.insert(QStringLiteral("lateness"), statsJson(stats(t.lateness)));
    o.insert(QStringLiteral("cpu_s"), cpu);
    o.insert(QStringLiteral("cpu_total_s"), std::round(cpuTotal * 10) / 10);
    o.insert(QStringLiteral("cores"), int(sysconf(_SC_NPROCESSORS_ONLN)));
    o.insert(QStringLiteral("cpu_available_s"),
        std::round(replayS * double(sysconf(_SC_NPROCESSORS_ONLN)) * 10) / 10);
    report(QStringLiteral("fleet"), o);
    return 0;
}
