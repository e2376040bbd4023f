// The campaign's deterministic mode: devices (the real Store, SyncClient and SyncEngine, wired as
// the app wires them) and the server's
// request handling (SyncApi) in this one thread, connected by mock networks on which the faults act.
// Time is simulated (manual clocks), the engines' own timers are set beyond the run, and every id (records,
// conflicts, teams, users, devices, the server's clock node) comes from an id source seeded by the seed on
// the simulated server clock, so what happens is decided by the seed alone: the same seed writes the same
// history byte for byte (campaign_inprocess_deterministic), and a failing seed fails again the same way.
#include "campaignrun.h"
#include "core/idsource.h"
#include "core/outbox.h"
#include "deviceops.h"
#include "e2efixture.h"
#include "inprocessserver.h"
#include "support/serverprocess.h"
#include "sync/syncclient.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace feltnotat;

namespace campaign {

namespace {

constexpr qint64 Never = 3600 * 1000; // timers that must not fire during a run
const QString Password = QStringLiteral("kampanje-passord-1");

struct SimDevice
{
    int index = 0;
    int server = 0;
    QString login;
    QString dataDir;
    ManualClock clock;
    qint64 offsetMs = 0;
    testnet::MockNetworkAccessManager network;
    // The client stack as the app wires it (app/common/session.cpp), on the mock network; null while killed.
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncClient> client;
    std::unique_ptr<SyncEngine> engine;
    QString token; // the device's key store
    bool isUp() const { return bool(engine); }
    void close()
    {
        engine.reset(); // in-flight requests are dropped with it
        client.reset();
        store.reset();
    }
    int downUntil = -1; // killed: back at this step
    int partitionedUntil = -1;
    int delayedUntil = -1;
    bool cutNext = false;
    bool duplicateNext = false;
};

class Simulation
{
public:
    explicit Simulation(const RunOptions &options)
        : m_options(options)
        , m_history(m_dir.filePath(QStringLiteral("history.jsonl")))
    { }

    SeedResult run();

private:
    bool setUp(QString *error);
    Status open(SimDevice &d);
    bool login(SimDevice &d, QString *error);
    testnet::MockResponse route(SimDevice &d, const testnet::MockRequest &request);
    void apply(int index, const Step &step);
    void heal(int index, bool all);
    void settle();
    void recordAcks();
    QJsonObject serverView(QString *error);
    void catchUp();
    DeviceEnd endOf(SimDevice &d, const QHash<QString, qint64> &serverSeqs);

    RunOptions m_options;
    QTemporaryDir m_dir;
    History m_history;
    ManualClock m_serverClock {QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC)};
    // Ids from the seed and the simulated clock; installed for the run unless options.wallClockIds.
    SeededIdSource m_ids {m_serverClock, m_options.seed ^ 0x9e3779b97f4a7c15ull};
    std::vector<std::unique_ptr<InProcessServer>> m_servers;
    std::vector<int> m_serverDownUntil;
    std::vector<std::unique_ptr<SimDevice>> m_devices;
    QString m_teamId;
    int m_step = 0;
    int m_faults = 0;
};

Status Simulation::open(SimDevice &d)
{
    QDir().mkpath(d.dataDir);
    StoreOptions storeOptions;
    storeOptions.clock = &d.clock;
    auto store = Store::open(QDir(d.dataDir).filePath(QStringLiteral("feltnotat.db")), storeOptions);
    if (!store)
        return store.error();
    d.store = std::move(store).value();
    d.client = std::make_unique<SyncClient>(&d.network);
    d.client->setServer(QUrl(QStringLiteral("http://campaign.test")));
    d.client->setToken(d.token);
    SyncEngine::Options options;
    options.debounceMs = int(Never);
    options.periodicMs = int(Never);
    d.engine = std::make_unique<SyncEngine>(*d.store, *d.client, options);
    d.engine->setBackoff(Backoff([] { return 0.5; }, Never, Never));
    return Status::success();
}

// As Session::login: the token and the user's identity are kept, then syncing starts.
bool Simulation::login(SimDevice &d, QString *error)
{
    ApiCall *call = d.client->login(
        {d.login, Password, d.store->deviceId(), QStringLiteral("kampanje %1").arg(d.index)});
    while (!call->isFinished()) {
        if (d.network.answering() == 0) {
            *error = QStringLiteral("login got no answer");
            return false;
        }
        QCoreApplication::processEvents();
    }
    call->deleteLater();
    auto response = protocol::LoginResponse::parse(call->body());
    if (call->hasError() || !response) {
        *error = call->hasError() ? call->errorString() : response.errorString();
        return false;
    }
    d.token = response->token;
    d.client->setToken(d.token);
    Status s = d.store->setIdentity({response->user.id, response->user.team, response->user.name});
    if (s)
        s = d.store->adoptLocalRecords();
    if (!s) {
        *error = s.errorString();
        return false;
    }
    d.engine->start();
    while (d.network.answering() > 0)
        QCoreApplication::processEvents();
    return true;
}

bool Simulation::setUp(QString *error)
{
    const int servers = std::max(1, m_options.plan.servers);
    QString database = m_dir.filePath(QStringLiteral("server.db"));
    if (m_options.postgres) {
        database = testserver::ServerProcess::freshPgDatabase(error);
        if (database.isEmpty())
            return false;
    }
    for (int i = 0; i < servers; ++i) {
        m_servers.push_back(std::make_unique<InProcessServer>(database, m_serverClock));
        m_servers.back()->sabotagePushes(m_options.sabotagePushes);
        m_serverDownUntil.push_back(-1);
        if (Status s = m_servers.back()->start(); !s) {
            *error = s.errorString();
            return false;
        }
    }
    auto team = m_servers.front()->createTeam(QStringLiteral("Team Kampanje"));
    if (!team) {
        *error = team.errorString();
        return false;
    }
    m_teamId = team.value();
    for (int i = 0; i <= m_options.plan.devices; ++i) { // the last user only looks (serverView)
        if (Status s = m_servers.front()->createUser(m_teamId, QStringLiteral("kamp%1").arg(i), Password);
            !s) {
            *error = s.errorString();
            return false;
        }
    }
    for (int i = 0; i < m_options.plan.devices; ++i) {
        auto d = std::make_unique<SimDevice>();
        d->index = i;
        d->server = i % servers;
        d->login = QStringLiteral("kamp%1").arg(i);
        d->dataDir = m_dir.filePath(QStringLiteral("device%1").arg(i));
        d->offsetMs = 7 * (i + 1); // distinct clocks: no two writes ever carry the same time
        d->clock.setNowMs(m_serverClock.nowMs() + d->offsetMs);
        SimDevice *raw = d.get();
        d->network.setHandler([this, raw](const testnet::MockRequest &r) { return route(*raw, r); });
        if (Status opened = open(*d); !opened) {
            *error = opened.errorString();
            return false;
        }
        if (!login(*d, error))
            return false;
        m_devices.push_back(std::move(d));
    }
    return true;
}

testnet::MockResponse Simulation::route(SimDevice &d, const testnet::MockRequest &request)
{
    if (d.partitionedUntil > m_step)
        return testnet::MockResponse::failure(QNetworkReply::TimeoutError);
    InProcessServer &server = *m_servers[size_t(d.server)];
    if (!server.isUp())
        return testnet::MockResponse::failure(QNetworkReply::ConnectionRefusedError);
    if (d.duplicateNext) {
        d.duplicateNext = false;
        (void)server.handle(request); // the first copy's answer goes nowhere
    }
    testnet::MockResponse response = server.handle(request);
    if (d.cutNext) {
        d.cutNext = false;
        response.cutBody = true;
    }
    return response;
}

void Simulation::settle()
{
    for (int i = 0; i < 100000; ++i) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const bool busy = std::any_of(
            m_devices.cbegin(), m_devices.cend(), [](const auto &d) { return d->network.answering() > 0; });
        if (!busy)
            break;
    }
    recordAcks();
}

qint64 ackedThrough(Store &store)
{
    Outbox outbox(store);
    auto first = outbox.pending(1);
    if (!first)
        return 0;
    return first->isEmpty() ? outbox.lastSeq() : first->first().seq - 1;
}

void Simulation::recordAcks()
{
    for (const auto &d : m_devices) {
        if (d->isUp())
            m_history.acknowledged(d->index, ackedThrough(*d->store));
    }
}

void Simulation::heal(int index, bool all)
{
    for (size_t i = 0; i < m_servers.size(); ++i) {
        if (m_serverDownUntil[i] >= 0 && (all || m_serverDownUntil[i] <= index)) {
            m_serverDownUntil[i] = -1;
            if (Status s = m_servers[i]->start(); !s)
                m_history.note(QStringLiteral("server %1 did not start: %2").arg(i).arg(s.errorString()));
        }
    }
    for (const auto &d : m_devices) {
        if (!d->isUp() && (all || d->downUntil <= index)) {
            if (Status s = open(*d); s)
                d->engine->start(); // as the app does when it starts
            else
                m_history.note(
                    QStringLiteral("device %1 did not open: %2").arg(d->index).arg(s.errorString()));
        }
        if (all) {
            d->partitionedUntil = -1;
            d->cutNext = false;
            d->duplicateNext = false;
        }
        if (d->delayedUntil >= 0 && (all || d->delayedUntil <= index)) {
            d->delayedUntil = -1;
            d->network.setHeld(false);
        }
    }
}

void Simulation::apply(int index, const Step &step)
{
    SimDevice &d = *m_devices[size_t(step.device)];
    if (step.isFault()) {
        ++m_faults;
        m_history.fault(index, step.describe());
    }
    switch (step.kind) {
    case StepKind::Operation: {
        if (!d.isUp())
            return;
        const QString tag = QStringLiteral("s%1d%2").arg(index).arg(step.device);
        const OpOutcome out = perform(*d.store, step.op, step.pick, tag);
        m_history.operation({index, step.device, out, false, tag});
        break;
    }
    case StepKind::Sync:
        if (d.isUp())
            d.engine->syncNow();
        break;
    case StepKind::KillDevice:
        d.close();
        d.downUntil = index + step.duration;
        break;
    case StepKind::KillServer:
    case StepKind::RestartDatabase: {
        const size_t s = step.kind == StepKind::KillServer ? size_t(step.server) % m_servers.size() : 0;
        m_servers[s]->kill();
        m_serverDownUntil[s] = step.kind == StepKind::KillServer ? index + step.duration : index + 1;
        break;
    }
    case StepKind::Partition:
        d.partitionedUntil = index + step.duration;
        break;
    case StepKind::CutResponse:
        d.cutNext = true;
        break;
    case StepKind::Delay:
        d.delayedUntil = index + step.duration;
        d.network.setHeld(true);
        break;
    case StepKind::Duplicate:
        d.duplicateNext = true;
        break;
    case StepKind::Skew:
        d.offsetMs += step.amount;
        d.clock.setNowMs(m_serverClock.nowMs() + d.offsetMs);
        break;
    }
}

QJsonObject Simulation::serverView(QString *error)
{
    SimDevice viewer;
    viewer.index = int(m_devices.size());
    viewer.login = QStringLiteral("kamp%1").arg(m_options.plan.devices);
    QTemporaryDir dir;
    viewer.dataDir = dir.filePath(QStringLiteral("viewer"));
    viewer.clock.setNowMs(m_serverClock.nowMs());
    viewer.network.setHandler([this](const testnet::MockRequest &r) { return m_servers.front()->handle(r); });
    if (Status opened = open(viewer); !opened) {
        *error = opened.errorString();
        return {};
    }
    if (!login(viewer, error))
        return {};
    QJsonObject snapshot = e2e::Device::snapshotOf(*viewer.store);
    viewer.close();
    return snapshot;
}

void Simulation::catchUp()
{
    // Three rounds: everyone pushes, everyone pulls what the others pushed, and one to spare.
    for (int round = 0; round < 3; ++round) {
        for (const auto &d : m_devices) {
            d->engine->syncNow();
            settle();
        }
    }
}

DeviceEnd Simulation::endOf(SimDevice &d, const QHash<QString, qint64> &serverSeqs)
{
    DeviceEnd e;
    e.name = QStringLiteral("device %1").arg(d.index);
    Store &store = *d.store;
    e.snapshot = e2e::Device::snapshotOf(store);
    e.pending = Outbox(store).pendingCount();
    e.deadLetters = unexpectedDeadLetters(store);
    e.caughtUp = d.engine->caughtUp();
    e.lastSeq = Outbox(store).lastSeq();
    e.serverLastSeq = serverSeqs.value(store.deviceId(), -1);
    if (!e.caughtUp || e.pending > 0)
        e.stuckReason = QStringLiteral("not caught up after three rounds of syncs (%1 pending, state %2, %3)")
                            .arg(e.pending)
                            .arg(QString::fromLatin1(
                                QMetaEnum::fromType<SyncEngine::State>().valueToKey(int(d.engine->state()))))
                            .arg(d.engine->lastError());
    return e;
}

SeedResult Simulation::run()
{
    QElapsedTimer timer;
    timer.start();
    SeedResult result;
    result.seed = m_options.seed;
    result.logPath = m_dir.filePath(QStringLiteral("history.jsonl"));
    m_dir.setAutoRemove(true);
    std::optional<ScopedIdSource> ids;
    if (!m_options.wallClockIds)
        ids.emplace(m_ids);
    QString error;
    if (!setUp(&error)) {
        result.check.anomalies << QStringLiteral("set-up failed: ") + error;
        return result;
    }
    const QList<Step> plan = makePlan(m_options.seed, m_options.plan);
    for (int i = 0; i < plan.size(); ++i) {
        m_step = i;
        m_serverClock.advanceMs(plan[i].advanceMs);
        for (const auto &d : m_devices)
            d->clock.setNowMs(m_serverClock.nowMs() + d->offsetMs);
        heal(i, false);
        apply(i, plan[i]);
        settle();
        if (m_options.verbose)
            qInfo("step %d: %s", i, qPrintable(plan[i].describe()));
    }
    // The faults stop.
    m_step = int(plan.size());
    heal(int(plan.size()), true);
    settle();
    CheckInput input;
    input.history = &m_history;
    input.acksAtStop = m_history.acks();
    input.serverAtStop = serverView(&error);
    catchUp();
    input.serverFinal = serverView(&error);
    m_history.state(QStringLiteral("server_final"), input.serverFinal); // ids and clocks into the digest
    if (!error.isEmpty())
        result.check.anomalies << QStringLiteral("server view failed: ") + error;
    auto seqs = m_servers.front()->lastSeqs();
    for (const auto &d : m_devices)
        input.devices.append(endOf(*d, seqs ? seqs.value() : QHash<QString, qint64> {}));
    CheckResult checked = check(input);
    checked.anomalies = result.check.anomalies + checked.anomalies;
    result.check = checked;
    result.steps = int(plan.size());
    result.historyDigest = m_history.digest();
    result.faults = m_faults;
    if (!result.check.anomalies.isEmpty() && !m_options.workDir.isEmpty()) {
        // Keep the history of a failing seed.
        const QString kept = QStringLiteral("%1/seed-%2.jsonl").arg(m_options.workDir).arg(m_options.seed);
        QFile::remove(kept);
        QFile::copy(result.logPath, kept);
        result.logPath = kept;
    }
    m_devices.clear();
    m_servers.clear();
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace

SeedResult runInProcess(const RunOptions &options)
{
    Simulation simulation(options);
    return simulation.run();
}

} // namespace campaign
