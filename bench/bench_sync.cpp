// feltnotat-bench-sync: the real client (Session: store, sync engine, HTTP) against a running
// feltnotat-server over loopback.
//   first-sync --server URL --login L --password P : a new device's first sync; time and memory above idle
//   push --server URL --login L --password P --n N  : N local writes queued offline, then one sync cycle
//   unlock --data DIR --pin P [--runs N]            : opening a device's encrypted store with its PIN
//                                                     (Argon2id, key, store), as the app's unlock does
//   first-sync and push take --pull-limit N: records per pull page (default: the app's), and --pin P:
//   the device's store encrypted under that PIN (Argon2id at its standard cost), else a plain store
#include "app/common/devicekey.h"
#include "app/common/session.h"
#include "benchutil.h"
#include "core/outbox.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace feltnotat;
using namespace feltnotat::bench;

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "feltnotat-bench-sync: %s\n", qPrintable(why));
    return 1;
}

bool encrypted(const Args &args)
{
    return !args.value(QStringLiteral("pin")).isEmpty();
}

// `--pull-limit N` sets the engine's records per pull page (default: the app's); `--pin P` encrypts
// the store under P, as the app does once the PIN is chosen.
std::unique_ptr<Session> openSession(const QString &dir, const Args &args)
{
    Session::Options options;
    options.dataDir = dir;
    options.pin = args.value(QStringLiteral("pin")).toUtf8();
    if (const qint64 limit = args.integer(QStringLiteral("pull-limit"), 0); limit > 0)
        options.sync.pullLimit = int(limit);
    options.keyStore = KeyStore::Kind::File;
    options.watchNetwork = false;
    auto session = Session::open(options);
    if (!session) {
        fail(session.errorString());
        return nullptr;
    }
    return std::move(session).value();
}

// Logs in; the session starts its first sync cycle at once. Returns when the login answered.
bool login(Session &session, const Args &args, const QString &deviceName)
{
    LoginJob *job = session.login(QUrl(args.value(QStringLiteral("server"))),
        args.value(QStringLiteral("login")), args.value(QStringLiteral("password")), deviceName);
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job, &LoginJob::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (job->hasError()) {
        fail(QStringLiteral("login: ") + job->errorString());
        return false;
    }
    return true;
}

bool waitCycle(SyncEngine &engine, int timeoutMs, bool *ok)
{
    QEventLoop loop;
    bool finished = false;
    auto c = QObject::connect(&engine, &SyncEngine::cycleFinished, &loop, [&](bool success) {
        *ok = success;
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return finished;
}

qint64 localRecords(Store &store)
{
    qint64 n = 0;
    for (const EntitySpec &e : Schema::instance().entities()) {
        auto c = store.database().scalar(QStringLiteral("SELECT count(*) FROM %1").arg(e.table));
        n += c ? c.value() : 0;
    }
    return n;
}

int firstSync(const Args &args, const QString &dir)
{
    auto session = openSession(dir, args);
    if (!session)
        return 1;
    QCoreApplication::processEvents();
    const qint64 idle = rssKiB();
    resetPeak();
    bool ok = false;
    bool finished = false;
    Timer::time_point start;
    QObject::connect(&session->sync(), &SyncEngine::cycleFinished, [&](bool success) {
        if (!finished) {
            ok = success;
            finished = true;
        }
    });
    // The session starts the cycle right after the login answer; the clock starts there too.
    LoginJob *job
        = session->login(QUrl(args.value(QStringLiteral("server"))), args.value(QStringLiteral("login")),
            args.value(QStringLiteral("password")), QStringLiteral("bench first sync"));
    double cpuStart = 0;
    QObject::connect(job, &LoginJob::finished, [&]() {
        start = Timer::now();
        cpuStart = processCpuMs();
    });
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
        if (finished || (job->isFinished() && job->hasError()))
            loop.quit();
    });
    poll.start(1);
    QTimer::singleShot(int(args.integer(QStringLiteral("timeout-ms"), 600000)), &loop, &QEventLoop::quit);
    loop.exec();
    if (job->hasError())
        return fail(QStringLiteral("login: ") + job->errorString());
    if (!finished || !ok)
        return fail(QStringLiteral("first sync did not finish: ") + session->sync().lastError());
    const double ms = msSince(start);
    const double cpuMs = processCpuMs() - cpuStart;
    const qint64 peak = peakRssKiB();
    session->sync().stop();
    report(QStringLiteral("first_sync"),
        {{QStringLiteral("records"), localRecords(session->store())}, {QStringLiteral("ms"), std::round(ms)},
            {QStringLiteral("encrypted"), encrypted(args)}, {QStringLiteral("cpu_ms"), std::round(cpuMs)},
            {QStringLiteral("idle_rss_mb"), std::round(idle / 102.4) / 10},
            {QStringLiteral("peak_rss_mb"), std::round(peak / 102.4) / 10},
            {QStringLiteral("above_idle_mb"), std::round((peak - idle) / 102.4) / 10}});
    return 0;
}

int push(const Args &args, const QString &dir)
{
    auto session = openSession(dir, args);
    if (!session)
        return 1;
    if (!login(*session, args, QStringLiteral("bench push")))
        return 1;
    bool ok = false;
    if (!waitCycle(session->sync(), 600000, &ok) || !ok)
        return fail(QStringLiteral("the first sync failed: ") + session->sync().lastError());
    session->sync().stop();
    Store &store = session->store();
    auto participant
        = store.database().query(QStringLiteral("SELECT id FROM participants WHERE deleted = 0 LIMIT 1"));
    if (!participant.next())
        return fail(QStringLiteral("the server sent no participant"));
    const QString participantId = participant.text(0);
    const qint64 n = args.integer(QStringLiteral("n"), 10000);
    {
        Transaction txn(store.database());
        for (qint64 i = 0; i < n; ++i) {
            auto created = store.create(QStringLiteral("encounter"),
                {{QStringLiteral("participant_id"), participantId},
                    {QStringLiteral("starts_at"), QStringLiteral("2026-11-23T09:00:00Z")},
                    {QStringLiteral("duration_minutes"), 30},
                    {QStringLiteral("kind"), QStringLiteral("participant_follow_up")},
                    {QStringLiteral("channel"), QStringLiteral("phone")},
                    {QStringLiteral("status"), QStringLiteral("completed")},
                    {QStringLiteral("note"), syntheticNote(quint32(i))}});
            if (!created)
                return fail(created.errorString());
        }
        if (Status s = txn.commit(); !s)
            return fail(s.errorString());
    }
    Outbox outbox(store);
    const qint64 pending = outbox.pendingCount();
    double pushedMs = -1;
    const double cpuStart = processCpuMs();
    const auto start = Timer::now();
    QObject::connect(&session->sync(), &SyncEngine::statusChanged, [&]() {
        if (pushedMs < 0 && outbox.pendingCount() == 0)
            pushedMs = msSince(start);
    });
    session->sync().start();
    if (!waitCycle(session->sync(), 600000, &ok) || !ok)
        return fail(QStringLiteral("the push cycle failed: ") + session->sync().lastError());
    const double cycleMs = msSince(start);
    const double cpuMs = processCpuMs() - cpuStart;
    report(QStringLiteral("push"),
        {{QStringLiteral("mutations"), pending}, {QStringLiteral("push_ms"), std::round(pushedMs)},
            {QStringLiteral("encrypted"), encrypted(args)},
            {QStringLiteral("cycle_cpu_ms"), std::round(cpuMs)},
            {QStringLiteral("cycle_ms"), std::round(cycleMs)},
            {QStringLiteral("left_pending"), outbox.pendingCount()},
            {QStringLiteral("dead_letters"), outbox.deadLetterCount()}});
    return outbox.pendingCount() == 0 && outbox.deadLetterCount() == 0 ? 0 : 1;
}

// The app's unlock on a device's data folder: Session::open with the PIN (the key file's Argon2id,
// unwrapping the data key, opening the encrypted store and its sync state) and a first read. Also
// Argon2id alone (keyfile::unlock), to show its share. Median of --runs.
int unlock(const Args &args, const QString &dir)
{
    const QByteArray pin = args.value(QStringLiteral("pin")).toUtf8();
    if (pin.isEmpty() || !devicekey::exists(dir))
        return fail(QStringLiteral("unlock needs --data with an encrypted store and its --pin"));
    const int runs = int(std::max<qint64>(1, args.integer(QStringLiteral("runs"), 5)));
    QList<double> wall, cpu, kdfWall;
    qint64 records = 0;
    for (int r = 0; r < runs; ++r) {
        const double cpuStart = processCpuMs();
        const auto start = Timer::now();
        auto session = openSession(dir, args);
        if (!session)
            return 1;
        auto first = session->store().database().scalar(QStringLiteral("SELECT count(*) FROM participants"));
        wall << msSince(start);
        cpu << processCpuMs() - cpuStart;
        if (!first)
            return fail(first.errorString());
        records = localRecords(session->store());
        session.reset();
        const auto kdfStart = Timer::now();
        auto key = keyfile::unlock(devicekey::keyPath(dir), pin, nullptr);
        kdfWall << msSince(kdfStart);
        if (!key)
            return fail(key.errorString());
    }
    auto header = keyfile::readHeader(devicekey::keyPath(dir));
    if (!header)
        return fail(header.errorString());
    report(QStringLiteral("unlock"),
        {{QStringLiteral("runs"), runs}, {QStringLiteral("records"), records},
            {QStringLiteral("median_ms"), std::round(stats(wall).median * 10) / 10},
            {QStringLiteral("max_ms"), std::round(stats(wall).max * 10) / 10},
            {QStringLiteral("cpu_median_ms"), std::round(stats(cpu).median * 10) / 10},
            {QStringLiteral("argon2id_median_ms"), std::round(stats(kdfWall).median * 10) / 10},
            {QStringLiteral("argon2id_ops"), qint64(header->kdf.opsLimit)},
            {QStringLiteral("argon2id_mib"), qint64(header->kdf.memLimit >> 20)}});
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QString mode = args.positional().value(0);
    QTemporaryDir scratch;
    const QString dir = args.value(QStringLiteral("data"), scratch.path());
    if (mode == u"first-sync")
        return firstSync(args, dir);
    if (mode == u"push")
        return push(args, dir);
    if (mode == u"unlock")
        return unlock(args, dir);
    std::fprintf(
        stderr, "usage: feltnotat-bench-sync first-sync|push|unlock --server URL --login L --password P\n");
    return 2;
}
