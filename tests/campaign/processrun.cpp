// The campaign with real processes: feltnotat-server processes on loopback (SQLite, or PostgreSQL with
// two processes on one database), one feltnotat-campaign-device process per device whose sync engine runs
// by itself, and a CutProxy between each device and its server. Faults are real: SIGKILL of devices and
// servers, a hard PostgreSQL restart, connections reset, answers cut half-way, requests held back or sent
// twice, clocks that jump.
#include "campaignrun.h"
#include "cutproxy.h"
#include "e2efixture.h"
#include "support/serverprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>

using namespace feltnotat;
using testserver::ServerProcess;

namespace campaign {

namespace {

const QString Password = QStringLiteral("kampanje-passord-1");

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// One device process and the proxy in front of its server.
class Agent
{
public:
    Agent(int index, QString dataDir, quint16 serverPort, History &history)
        : m_index(index)
        , m_dataDir(std::move(dataDir))
        , m_proxy(serverPort)
        , m_history(history)
    { }
    ~Agent() { kill(); }

    bool listen() { return m_proxy.listen(); }
    e2e::CutProxy &proxy() { return m_proxy; }
    bool isAlive() const { return m_process && m_process->state() != QProcess::NotRunning; }
    qint64 offsetMs = 0;
    int downUntil = -1;
    int partitionedUntil = -1;
    int delayedUntil = -1;

    bool start(QString *error)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(QStringLiteral(FELTNOTAT_CAMPAIGN_AGENT_BIN),
            {QStringLiteral("--data"), m_dataDir, QStringLiteral("--clock-offset-ms"),
                QString::number(offsetMs)});
        QObject::connect(m_process.get(), &QProcess::readyReadStandardOutput, [this] { readLines(); });
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("device %1 did not start").arg(m_index);
            return false;
        }
        const QJsonObject ready = waitFor(QStringLiteral("ready"), 30000);
        if (ready.isEmpty()) {
            *error = QStringLiteral("device %1 did not get ready").arg(m_index);
            return false;
        }
        return true;
    }

    void kill()
    {
        if (!isAlive())
            return;
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
        m_lines.clear();
    }

    // Sends a command and waits for its reply (the event loop runs, so the proxy keeps working).
    QJsonObject call(const QJsonObject &command, int timeoutMs = 60000)
    {
        send(command);
        return waitFor(command.value(QStringLiteral("cmd")).toString(), timeoutMs);
    }
    void send(const QJsonObject &command)
    {
        if (isAlive())
            m_process->write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    }

private:
    void readLines()
    {
        m_buffer += m_process->readAllStandardOutput();
        qsizetype end;
        while ((end = m_buffer.indexOf('\n')) >= 0) {
            const QJsonObject line = QJsonDocument::fromJson(m_buffer.left(end)).object();
            m_buffer.remove(0, end + 1);
            if (line.value(QStringLiteral("event")).toString() == u"ack")
                m_history.acknowledged(m_index, line.value(QStringLiteral("through")).toInteger());
            else
                m_lines.append(line);
        }
    }

    QJsonObject waitFor(const QString &reply, int timeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            for (qsizetype i = 0; i < m_lines.size(); ++i) {
                const QJsonObject l = m_lines.at(i);
                if (l.value(QStringLiteral("reply")) == reply || l.value(QStringLiteral("event")) == reply) {
                    m_lines.removeAt(i);
                    if (l.contains(QStringLiteral("acked")))
                        m_history.acknowledged(m_index, l.value(QStringLiteral("acked")).toInteger());
                    return l;
                }
            }
            if (!isAlive())
                return {};
            // Wait for the next line (or 50 ms) with the event loop running.
            QEventLoop loop;
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            QObject::connect(m_process.get(), &QProcess::readyReadStandardOutput, &loop, &QEventLoop::quit);
            loop.exec();
        }
        return {};
    }

    int m_index;
    QString m_dataDir;
    e2e::CutProxy m_proxy;
    History &m_history;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_lines;
};

class ProcessRun
{
public:
    explicit ProcessRun(const RunOptions &options)
        : m_options(options)
        , m_history(m_dir.filePath(QStringLiteral("history.jsonl")))
    { }

    SeedResult run();

private:
    bool setUp(QString *error);
    void apply(int index, const Step &step);
    void heal(int index, bool all);
    QJsonObject serverView(QString *error);
    void waitUntilCaughtUp(QList<DeviceEnd> &ends);

    RunOptions m_options;
    QTemporaryDir m_dir;
    History m_history;
    std::vector<std::unique_ptr<ServerProcess>> m_servers;
    std::vector<int> m_serverDownUntil;
    std::vector<std::unique_ptr<Agent>> m_agents;
    e2e::Team m_team;
    int m_faults = 0;
};

bool ProcessRun::setUp(QString *error)
{
    ServerProcess::Options serverOptions;
    if (m_options.postgres) {
        serverOptions.database = ServerProcess::freshPgDatabase(error);
        if (serverOptions.database.isEmpty())
            return false;
    } else {
        serverOptions.database = m_dir.filePath(QStringLiteral("server.db"));
    }
    const int servers = m_options.postgres ? std::max(1, m_options.plan.servers) : 1;
    for (int i = 0; i < servers; ++i) {
        m_servers.push_back(std::make_unique<ServerProcess>(serverOptions));
        m_serverDownUntil.push_back(-1);
        if (!m_servers.back()->start()) {
            *error = m_servers.back()->errorString();
            return false;
        }
    }
    m_team = e2e::createTeam(*m_servers.front(), QStringLiteral("Team Kampanje"), QStringLiteral("kamp"),
        m_options.plan.devices + 1, error);
    if (m_team.id.isEmpty())
        return false;
    for (int i = 0; i < m_options.plan.devices; ++i) {
        const quint16 port = m_servers[size_t(i) % m_servers.size()]->port();
        auto a
            = std::make_unique<Agent>(i, m_dir.filePath(QStringLiteral("device%1").arg(i)), port, m_history);
        if (!a->listen() || !a->start(error))
            return false;
        const QJsonObject r = a->call({{QStringLiteral("cmd"), QStringLiteral("login")},
            {QStringLiteral("server"), a->proxy().url().toString()},
            {QStringLiteral("login"), m_team.logins.at(i)}, {QStringLiteral("password"), e2e::Password}});
        if (r.isEmpty() || r.contains(QStringLiteral("error"))) {
            *error = QStringLiteral("device %1 login: %2")
                         .arg(i)
                         .arg(r.value(QStringLiteral("error")).toString());
            return false;
        }
        m_agents.push_back(std::move(a));
    }
    return true;
}

void ProcessRun::heal(int index, bool all)
{
    for (size_t i = 0; i < m_servers.size(); ++i) {
        if (m_serverDownUntil[i] >= 0 && (all || m_serverDownUntil[i] <= index)) {
            m_serverDownUntil[i] = -1;
            if (!m_servers[i]->restart())
                m_history.note(
                    QStringLiteral("server %1 did not restart: %2").arg(i).arg(m_servers[i]->errorString()));
        }
    }
    for (size_t i = 0; i < m_agents.size(); ++i) {
        Agent &a = *m_agents[i];
        QString error;
        if (!a.isAlive() && (all || a.downUntil <= index) && !a.start(&error))
            m_history.note(error);
        if (a.partitionedUntil >= 0 && (all || a.partitionedUntil <= index)) {
            a.partitionedUntil = -1;
            a.proxy().setBlocked(false);
        }
        if (a.delayedUntil >= 0 && (all || a.delayedUntil <= index)) {
            a.delayedUntil = -1;
            a.proxy().setDelayMs(0);
        }
        if (all)
            a.proxy().spoilResponse({}, e2e::CutProxy::Action::None);
    }
}

void ProcessRun::apply(int index, const Step &step)
{
    Agent &a = *m_agents[size_t(step.device)];
    if (step.isFault()) {
        ++m_faults;
        m_history.fault(index, step.describe());
    }
    const QString tag = QStringLiteral("s%1d%2").arg(index).arg(step.device);
    switch (step.kind) {
    case StepKind::Operation: {
        if (!a.isAlive())
            return;
        const QJsonObject r
            = a.call({{QStringLiteral("cmd"), QStringLiteral("op")}, {QStringLiteral("op"), opName(step.op)},
                {QStringLiteral("pick"), qint64(step.pick >> 1)}, {QStringLiteral("tag"), tag}});
        LoggedOp op {index, step.device, OpOutcome::fromJson(r.value(QStringLiteral("outcome")).toObject()),
            r.isEmpty(), tag};
        if (r.isEmpty())
            op.outcome.kind = opName(step.op);
        m_history.operation(op);
        break;
    }
    case StepKind::Sync:
        a.send({{QStringLiteral("cmd"), QStringLiteral("sync")}});
        break;
    case StepKind::KillDevice:
        if (a.isAlive() && step.pick % 2 == 1) {
            // Killed while it writes: the write may or may not have committed (in doubt).
            a.send({{QStringLiteral("cmd"), QStringLiteral("op")}, {QStringLiteral("op"), opName(step.op)},
                {QStringLiteral("pick"), qint64(step.pick >> 1)}, {QStringLiteral("tag"), tag}});
            waitMs(int(step.pick % 7));
            LoggedOp op {index, step.device, {}, true, tag};
            op.outcome.kind = opName(step.op);
            m_history.operation(op);
        }
        a.kill();
        a.downUntil = index + step.duration;
        break;
    case StepKind::KillServer: {
        const size_t s = size_t(step.server) % m_servers.size();
        m_servers[s]->kill();
        m_serverDownUntil[s] = index + step.duration;
        break;
    }
    case StepKind::RestartDatabase: {
        QString error;
        if (!restartPostgres(m_options.pgDataDir, &error))
            m_history.note(QStringLiteral("PostgreSQL restart failed: ") + error);
        break;
    }
    case StepKind::Partition:
        a.proxy().setBlocked(true);
        a.partitionedUntil = index + step.duration;
        break;
    case StepKind::CutResponse:
        a.proxy().spoilResponse("/v1/", e2e::CutProxy::Action::CutHalf);
        break;
    case StepKind::Delay:
        a.proxy().setDelayMs(100 + int(step.pick % 1500));
        a.delayedUntil = index + step.duration;
        break;
    case StepKind::Duplicate:
        a.proxy().duplicateNext("/v1/push");
        break;
    case StepKind::Skew:
        a.offsetMs += step.amount;
        a.call({{QStringLiteral("cmd"), QStringLiteral("skew")}, {QStringLiteral("ms"), step.amount}});
        break;
    }
}

QJsonObject ProcessRun::serverView(QString *error)
{
    e2e::Device viewer(QStringLiteral("viewer"));
    if (!viewer.open(error) || !viewer.login(m_servers.front()->url(), m_team.logins.last(), error))
        return {};
    return viewer.snapshot();
}

// No device may stay stuck once the faults stop: each must catch up by itself (its own timers, retries
// and back-off) within the bound; then one more sync each so everyone has what the others pushed.
void ProcessRun::waitUntilCaughtUp(QList<DeviceEnd> &ends)
{
    QDeadlineTimer deadline(std::chrono::seconds(m_options.catchUpSeconds));
    QList<QJsonObject> status(qsizetype(m_agents.size()));
    bool all = false;
    while (!all && !deadline.hasExpired()) {
        waitMs(200);
        all = true;
        for (size_t i = 0; i < m_agents.size(); ++i) {
            status[qsizetype(i)] = m_agents[i]->call({{QStringLiteral("cmd"), QStringLiteral("status")}});
            const QJsonObject &s = status.at(qsizetype(i));
            all = all && s.value(QStringLiteral("caught_up")).toBool()
                && s.value(QStringLiteral("pending")).toInteger() == 0;
        }
    }
    for (size_t i = 0; i < m_agents.size(); ++i) {
        const QJsonObject &s = status.at(qsizetype(i));
        DeviceEnd e;
        e.name = QStringLiteral("device %1").arg(i);
        if (!s.value(QStringLiteral("caught_up")).toBool()
            || s.value(QStringLiteral("pending")).toInteger() != 0)
            e.stuckReason
                = QStringLiteral("not caught up %1 s after the faults stopped (%2 pending, state %3, %4)")
                      .arg(m_options.catchUpSeconds)
                      .arg(s.value(QStringLiteral("pending")).toInteger())
                      .arg(s.value(QStringLiteral("state")).toString(),
                          s.value(QStringLiteral("last_error")).toString());
        ends.append(e);
    }
    // Everyone pulls once more (in turn, each cycle to its end).
    for (int round = 0; round < 2; ++round) {
        for (const auto &a : m_agents) {
            a->call({{QStringLiteral("cmd"), QStringLiteral("sync")}});
            QDeadlineTimer cycle(30000);
            while (!cycle.hasExpired()) {
                const QJsonObject s = a->call({{QStringLiteral("cmd"), QStringLiteral("status")}});
                if (s.value(QStringLiteral("state")).toString() != u"Syncing")
                    break;
                waitMs(50);
            }
        }
    }
}

SeedResult ProcessRun::run()
{
    QElapsedTimer timer;
    timer.start();
    SeedResult result;
    result.seed = m_options.seed;
    result.logPath = m_dir.filePath(QStringLiteral("history.jsonl"));
    QString error;
    if (!setUp(&error)) {
        result.check.anomalies << QStringLiteral("set-up failed: ") + error;
        return result;
    }
    const QList<Step> plan = makePlan(m_options.seed, m_options.plan);
    for (int i = 0; i < plan.size(); ++i) {
        heal(i, false);
        apply(i, plan[i]);
        if (m_options.verbose)
            qInfo("step %d: %s", i, qPrintable(plan[i].describe()));
        waitMs(40);
    }
    heal(int(plan.size()), true);
    CheckInput input;
    input.history = &m_history;
    input.acksAtStop = m_history.acks();
    input.serverAtStop = serverView(&error);
    if (input.serverAtStop.isEmpty())
        result.check.anomalies << QStringLiteral("no view of the server when the faults stopped: ") + error;
    waitUntilCaughtUp(input.devices);
    input.serverFinal = serverView(&error);
    QHash<QString, qint64> serverSeqs;
    const testserver::AdminResult listed
        = m_servers.front()->admin({QStringLiteral("list-devices"), QStringLiteral("--json")});
    for (const QJsonValue &v : QJsonDocument::fromJson(listed.out).array())
        serverSeqs.insert(v.toObject().value(QStringLiteral("id")).toString(),
            v.toObject().value(QStringLiteral("last_seq")).toInteger());
    for (size_t i = 0; i < m_agents.size(); ++i) {
        const QJsonObject s = m_agents[i]->call({{QStringLiteral("cmd"), QStringLiteral("snapshot")}});
        DeviceEnd &e = input.devices[qsizetype(i)];
        e.snapshot = s.value(QStringLiteral("snapshot")).toObject();
        e.pending = s.value(QStringLiteral("pending")).toInteger();
        e.deadLetters = s.value(QStringLiteral("dead")).toInteger();
        e.caughtUp = s.value(QStringLiteral("caught_up")).toBool();
        e.lastSeq = s.value(QStringLiteral("last_seq")).toInteger();
        e.serverLastSeq = serverSeqs.value(s.value(QStringLiteral("device_id")).toString(), -1);
    }
    CheckResult checked = check(input);
    checked.anomalies = result.check.anomalies + checked.anomalies;
    result.check = checked;
    result.steps = int(plan.size());
    result.faults = m_faults;
    if (!result.check.anomalies.isEmpty()) {
        // Keep everything of a failing seed: history, device folders, server database and logs.
        m_dir.setAutoRemove(false);
        for (size_t i = 0; i < m_servers.size(); ++i) {
            QFile log(m_dir.filePath(QStringLiteral("server%1.log").arg(i)));
            if (log.open(QIODevice::WriteOnly))
                log.write(m_servers[i]->log());
        }
    }
    m_agents.clear();
    m_servers.clear();
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace

SeedResult runProcesses(const RunOptions &options)
{
    ProcessRun run(options);
    return run.run();
}

bool restartPostgres(const QString &dataDir, QString *error)
{
    QProcess p;
    p.start(
        QStringLiteral(FELTNOTAT_SOURCE_DIR "/scripts/pg-test-server"), {QStringLiteral("restart"), dataDir});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError()).trimmed();
        return false;
    }
    return true;
}

} // namespace campaign
