// feltnotat-campaign-device: one device of the fault campaign as a process of its own, so the campaign
// can SIGKILL it at any moment. It is the app without its views: a Session on a data folder whose sync
// engine runs by itself (after writes, on a timer, with back-off), plus a line protocol on stdin/stdout:
//   {"cmd":"login","server":…,"login":…,"password":…}   {"cmd":"op","op":"edit","pick":…,"tag":…}
//   {"cmd":"sync"}   {"cmd":"skew","ms":…}   {"cmd":"status"}   {"cmd":"snapshot"}
// Each command gets one line back ({"reply":…}); {"event":"ack","through":n} lines report what the
// server has confirmed as soon as the outbox learns it. Synthetic data only.
#include "app/common/session.h"
#include "core/outbox.h"
#include "deviceops.h"
#include "e2efixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QSocketNotifier>

#include <atomic>
#include <unistd.h>

using namespace feltnotat;

namespace {

// The phone's clock, wrong by an offset the campaign sets.
class OffsetClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch() + m_offset.load(); }
    void shift(qint64 ms) { m_offset += ms; }
    void set(qint64 ms) { m_offset = ms; }

private:
    std::atomic<qint64> m_offset {0};
};

void emitLine(const QJsonObject &o)
{
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    (void)!::write(1, line.constData(), size_t(line.size()));
}

qint64 ackedThrough(Store &store)
{
    Outbox outbox(store);
    auto first = outbox.pending(1);
    if (!first)
        return -1;
    return first->isEmpty() ? outbox.lastSeq() : first->first().seq - 1;
}

class Agent : public QObject
{
public:
    Agent(std::unique_ptr<Session> session, OffsetClock &clock)
        : m_session(std::move(session))
        , m_clock(clock)
        , m_stdin(0, QSocketNotifier::Read)
    {
        SyncEngine &engine = m_session->sync();
        engine.setBackoff(Backoff({}, 100, 2000));
        m_session->client().setTimeoutMs(5000);
        connect(&engine, &SyncEngine::statusChanged, this, &Agent::reportAck);
        connect(&m_stdin, &QSocketNotifier::activated, this, &Agent::readInput);
        if (m_session->isLoggedIn())
            engine.start(); // as the app does when it opens
    }

private:
    void reportAck()
    {
        const qint64 acked = ackedThrough(m_session->store());
        if (acked > m_lastAck) {
            m_lastAck = acked;
            emitLine({{QStringLiteral("event"), QStringLiteral("ack")}, {QStringLiteral("through"), acked}});
        }
    }

    void readInput()
    {
        char buffer[65536];
        const ssize_t n = ::read(0, buffer, sizeof buffer);
        if (n <= 0) {
            m_stdin.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        m_input.append(buffer, qsizetype(n));
        qsizetype end;
        while ((end = m_input.indexOf('\n')) >= 0) {
            const QJsonObject cmd = QJsonDocument::fromJson(m_input.left(end)).object();
            m_input.remove(0, end + 1);
            handle(cmd);
        }
    }

    void handle(const QJsonObject &cmd)
    {
        const QString what = cmd.value(QStringLiteral("cmd")).toString();
        QJsonObject reply {{QStringLiteral("reply"), what}};
        if (what == u"login") {
            login(cmd);
            return; // replies when done
        }
        if (what == u"op") {
            const auto kind = campaign::opFromName(cmd.value(QStringLiteral("op")).toString());
            if (!kind) {
                reply.insert(QStringLiteral("error"), QStringLiteral("unknown op"));
            } else {
                const campaign::OpOutcome out = campaign::perform(m_session->store(), *kind,
                    quint64(cmd.value(QStringLiteral("pick")).toInteger()),
                    cmd.value(QStringLiteral("tag")).toString());
                reply.insert(QStringLiteral("outcome"), out.toJson());
            }
        } else if (what == u"sync") {
            m_session->sync().syncNow();
        } else if (what == u"skew") {
            m_clock.shift(cmd.value(QStringLiteral("ms")).toInteger());
        } else if (what == u"snapshot") {
            reply.insert(QStringLiteral("snapshot"), e2e::Device::snapshotOf(m_session->store()));
        } else if (what != u"status") {
            reply.insert(QStringLiteral("error"), QStringLiteral("unknown command"));
        }
        SyncEngine &engine = m_session->sync();
        Store &store = m_session->store();
        reply.insert(QStringLiteral("pending"), engine.pendingCount());
        reply.insert(QStringLiteral("dead"), campaign::unexpectedDeadLetters(store));
        reply.insert(QStringLiteral("caught_up"), engine.caughtUp());
        reply.insert(QStringLiteral("state"),
            QString::fromLatin1(QMetaEnum::fromType<SyncEngine::State>().valueToKey(int(engine.state()))));
        reply.insert(QStringLiteral("last_error"), engine.lastError());
        reply.insert(QStringLiteral("last_seq"), Outbox(store).lastSeq());
        reply.insert(QStringLiteral("acked"), ackedThrough(store));
        reply.insert(QStringLiteral("device_id"), store.deviceId());
        emitLine(reply);
    }

    void login(const QJsonObject &cmd)
    {
        LoginJob *job = m_session->login(QUrl(cmd.value(QStringLiteral("server")).toString()),
            cmd.value(QStringLiteral("login")).toString(), cmd.value(QStringLiteral("password")).toString(),
            QStringLiteral("kampanje"));
        connect(job, &LoginJob::finished, this, [job] {
            QJsonObject reply {{QStringLiteral("reply"), QStringLiteral("login")}};
            if (job->hasError())
                reply.insert(QStringLiteral("error"), job->errorString());
            emitLine(reply);
        });
    }

    std::unique_ptr<Session> m_session;
    OffsetClock &m_clock;
    QSocketNotifier m_stdin;
    QByteArray m_input;
    qint64 m_lastAck = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dataOpt(
        QStringLiteral("data"), QStringLiteral("Data folder."), QStringLiteral("dir"));
    const QCommandLineOption skewOpt(QStringLiteral("clock-offset-ms"), QStringLiteral("Clock error."),
        QStringLiteral("ms"), QStringLiteral("0"));
    parser.addOptions({dataOpt, skewOpt});
    parser.process(app);
    static OffsetClock clock;
    clock.set(parser.value(skewOpt).toLongLong());
    Session::Options options;
    options.dataDir = parser.value(dataOpt);
    options.keyStore = KeyStore::Kind::File;
    options.watchNetwork = false;
    options.clock = &clock;
    options.sync.debounceMs = 300;
    options.sync.periodicMs = 3000;
    auto session = Session::open(options);
    if (!session) {
        emitLine({{QStringLiteral("fatal"), session.errorString()}});
        return 1;
    }
    Agent agent(std::move(session).value(), clock);
    emitLine({{QStringLiteral("event"), QStringLiteral("ready")}});
    return QCoreApplication::exec();
}
