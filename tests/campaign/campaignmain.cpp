// feltnotat-campaign: the fault campaign (docs/testing.md, "Fault campaign"). Runs seeds one after the
// other, each a plan of user operations and faults, checks each from its own history, and ends with
// "campaign: N seeds, M faults injected, K anomalies". Exit code 0 without anomalies, 1 with, 2 on usage.
#include "campaignrun.h"
#include "support/serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHashFunctions>
#include <QRandomGenerator>
#include <QTextStream>

using namespace campaign;

int main(int argc, char **argv)
{
    // The same order of QHash iteration in every run, so that an in-process run is decided by its seed
    // alone (nothing here faces an attacker who could exploit a known hash seed).
    QHashSeed::setDeterministicGlobalSeed();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Feltnotat fault campaign"));
    parser.addHelpOption();
    const QCommandLineOption seedsOpt(QStringLiteral("seeds"), QStringLiteral("How many seeds to run."),
        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption firstOpt(QStringLiteral("first-seed"),
        QStringLiteral("The first seed (then first+1, …); 'random' picks one."), QStringLiteral("seed"),
        QStringLiteral("1"));
    const QCommandLineOption storageOpt(QStringLiteral("storage"),
        QStringLiteral("sqlite or postgresql (needs FELTNOTAT_TEST_PG_URL)."), QStringLiteral("kind"),
        QStringLiteral("sqlite"));
    const QCommandLineOption modeOpt(QStringLiteral("mode"),
        QStringLiteral("process (server and device processes, real faults) or inprocess (deterministic)."),
        QStringLiteral("mode"), QStringLiteral("process"));
    const QCommandLineOption stepsOpt(QStringLiteral("steps"), QStringLiteral("Steps per seed."),
        QStringLiteral("n"), QStringLiteral("150"));
    const QCommandLineOption devicesOpt(QStringLiteral("devices"), QStringLiteral("Devices per seed."),
        QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption serversOpt(QStringLiteral("servers"),
        QStringLiteral("Server processes (default 1 on SQLite, 2 on PostgreSQL)."), QStringLiteral("n"));
    const QCommandLineOption faultsOpt(QStringLiteral("fault-percent"),
        QStringLiteral("Share of steps that inject a fault."), QStringLiteral("percent"),
        QStringLiteral("15"));
    const QCommandLineOption workOpt(QStringLiteral("work"),
        QStringLiteral("Folder for the histories of failing seeds."), QStringLiteral("dir"));
    const QCommandLineOption planOpt(QStringLiteral("print-plan"), QStringLiteral("Print each seed's plan."));
    const QCommandLineOption verboseOpt(QStringLiteral("verbose"), QStringLiteral("Print every step."));
    const QCommandLineOption sabotageOpt(QStringLiteral("sabotage-pushes"),
        QStringLiteral(
            "Checker self-test (in process): the server confirms every n-th push without applying it; "
            "the campaign must then report anomalies."),
        QStringLiteral("n"));
    const QCommandLineOption wallClockOpt(QStringLiteral("wall-clock-ids"),
        QStringLiteral("Determinism self-test (in process): ids from the wall clock and the system's random "
                       "generator, as in the app; two runs of one seed then write different histories."));
    parser.addOptions({seedsOpt, firstOpt, storageOpt, modeOpt, stepsOpt, devicesOpt, serversOpt, faultsOpt,
        workOpt, planOpt, verboseOpt, sabotageOpt, wallClockOpt});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto number = [&](const QCommandLineOption &o, int min) {
        bool ok = false;
        const int n = parser.value(o).toInt(&ok);
        if (!ok || n < min) {
            err << "campaign: --" << o.names().first() << " needs a number of at least " << min << Qt::endl;
            std::exit(2);
        }
        return n;
    };
    RunOptions options;
    const QString storage = parser.value(storageOpt);
    const QString mode = parser.value(modeOpt);
    if ((storage != u"sqlite" && storage != u"postgresql") || (mode != u"process" && mode != u"inprocess")) {
        err << "campaign: --storage is sqlite or postgresql, --mode process or inprocess" << Qt::endl;
        return 2;
    }
    options.postgres = storage == u"postgresql";
    if (options.postgres) {
        options.pgUrl = testserver::ServerProcess::pgUrl();
        options.pgDataDir = qEnvironmentVariable("FELTNOTAT_TEST_PG_DIR");
        if (options.pgUrl.isEmpty()) {
            err << "campaign: --storage postgresql needs FELTNOTAT_TEST_PG_URL (./scripts/campaign sets it)"
                << Qt::endl;
            return 2;
        }
    }
    options.plan.steps = number(stepsOpt, 1);
    options.plan.devices = number(devicesOpt, 2);
    options.plan.servers = parser.isSet(serversOpt) ? number(serversOpt, 1) : options.postgres ? 2 : 1;
    options.plan.faultPercent = number(faultsOpt, 0);
    options.plan.databaseRestarts = options.postgres && !options.pgDataDir.isEmpty();
    options.verbose = parser.isSet(verboseOpt);
    options.sabotagePushes = parser.isSet(sabotageOpt) ? number(sabotageOpt, 1) : 0;
    options.wallClockIds = parser.isSet(wallClockOpt);
    options.workDir = parser.value(workOpt);
    if (!options.workDir.isEmpty())
        QDir().mkpath(options.workDir);
    const int seeds = number(seedsOpt, 1);
    quint64 first = 1;
    if (parser.value(firstOpt) == u"random") {
        first = QRandomGenerator::system()->bounded(1000000000u);
    } else {
        bool ok = false;
        first = parser.value(firstOpt).toULongLong(&ok);
        if (!ok) {
            err << "campaign: --first-seed takes a number or 'random'" << Qt::endl;
            return 2;
        }
    }

    int faults = 0;
    int anomalies = 0;
    for (int i = 0; i < seeds; ++i) {
        options.seed = first + quint64(i);
        if (parser.isSet(planOpt)) {
            const QList<Step> plan = makePlan(options.seed, options.plan);
            for (int s = 0; s < plan.size(); ++s)
                out << "  " << s << ": " << plan[s].describe() << '\n';
        }
        const SeedResult r = mode == u"inprocess" ? runInProcess(options) : runProcesses(options);
        faults += r.faults;
        anomalies += int(r.check.anomalies.size());
        out << QStringLiteral(
            "seed %1 (%2, %3): %4 steps, %5 faults; %6 writes checked: %7 kept, %8 knowingly "
            "replaced, %9 in a conflict, %10 undetermined; %11 anomalies (%12 s)%13")
                   .arg(options.seed)
                   .arg(mode, storage)
                   .arg(r.steps)
                   .arg(r.faults)
                   .arg(r.check.writesChecked)
                   .arg(r.check.kept)
                   .arg(r.check.superseded)
                   .arg(r.check.inConflict)
                   .arg(r.check.undetermined)
                   .arg(r.check.anomalies.size())
                   .arg(double(r.elapsedMs) / 1000.0, 0, 'f', 1)
                   .arg(mode == u"inprocess"
                           ? QStringLiteral("; history sha256 ") + QString::fromLatin1(r.historyDigest)
                           : QString())
            << Qt::endl;
        for (const QString &a : r.check.anomalies)
            out << "  ANOMALY: " << a << '\n';
        if (!r.check.anomalies.isEmpty())
            out << "  replay: --mode " << mode << " --storage " << storage << " --first-seed " << options.seed
                << " --seeds 1 --steps " << options.plan.steps << "; history: " << r.logPath << Qt::endl;
    }
    out << QStringLiteral("campaign: %1 seeds, %2 faults injected, %3 anomalies")
               .arg(seeds)
               .arg(faults)
               .arg(anomalies)
        << Qt::endl;
    return anomalies == 0 ? 0 : 1;
}
