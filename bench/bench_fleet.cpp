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
#include "core/clock.h"
#include "core/hlc.h"
#include "core/validation.h"
#include "sync/compression.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace feltnotat;
using namespace feltnotat::bench;

namespace {

constexpr qint64 DayStartMs = 8 * 3600 * 1000; // the working day, 08:00-16:00
constexpr qint64 DayMs = 8 * 3600 * 1000;
constexpr int PullLimit = 2500; // protocol::limits::AppPullLimit, as the app asks
constexpr int RequestTimeoutMs = 120 * 1000;
constexpr qint64 MaxBody = 64 * 1024 * 1024;

struct Totals
{
    QList<double> push, pull, connect, sync, lateness;
    qint64 errors = 0;
    qint64 mutations = 0;
    qint64 delivered = 0; // records in pull pages (a device's own changes come back too)
    qint64 drops = 0;
    qint64 pages = 0;
    qint64 bytesIn = 0; // response bodies as received (gzipped)
    qint64 syncsDone = 0;
    QStringList errorKinds;
    // An answer other than 200, or none (status 0: the reply text says why).
    void failed(const char *kind, int status, const QByteArray &reply)
    {
        const QString name = QString::fromLatin1(kind);
        if (status == 0)
            error(name + QStringLiteral(": ") + QString::fromUtf8(reply.left(80)));
        else
            error(name + QStringLiteral(" %1").arg(status));
    }
    void error(const QString &what)
    {
        ++errors;
        if (errorKinds.size() < 20 && !errorKinds.contains(what))
            errorKinds << what;
    }
};

struct Target
{
    QString host;
    quint16 port = 0;
    QSslConfiguration tls;
    QList<QHostAddress> sources;
};

// One TLS connection (one sync); one request at a time, keep-alive, reconnects when the peer closed it.
class Connection : public QObject
{
public:
    // status 0: no answer (the text in body says why).
    using Done = std::function<void(int status, const QByteArray &body, double ms)>;

    Connection(const Target &target, const QHostAddress &source, Totals &totals, QObject *parent)
        : QObject(parent)
        , m_target(target)
        , m_source(source)
        , m_totals(totals)
    {
        m_socket.setSslConfiguration(target.tls);
        connect(&m_socket, &QSslSocket::encrypted, this, [this]() {
            m_totals.connect << msSince(m_connectStart);
            m_start = Timer::now();
            m_socket.write(m_pending);
        });
        connect(&m_socket, &QSslSocket::readyRead, this, [this]() { onRead(); });
        connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            fail(QStringLiteral("tls: ") + (errors.isEmpty() ? QString() : errors.first().errorString()));
        });
        connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
            // A keep-alive connection the peer closed before this request went out: send it again on a new
            // one.
            if (e == QAbstractSocket::RemoteHostClosedError && m_buffer.isEmpty() && m_retry && m_done) {
                m_retry = false;
                open();
                return;
            }
            fail(QStringLiteral("socket: ") + m_socket.errorString());
        });
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this, [this]() { fail(QStringLiteral("timeout")); });
    }

    void request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
        const QByteArray &body, Done done)
    {
        QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_target.host.toUtf8() + ':'
            + QByteArray::number(m_target.port)
            + "\r\nFeltnotat-Protocol: 1\r\nAccept-Encoding: gzip\r\nAuthorization: Bearer " + token + "\r\n";
        if (method == "POST") {
            QByteArray payload = body;
            req += "Content-Type: application/json\r\n";
            if (body.size() > 1024) { // protocol::limits::CompressAbove, as the app's client
                payload = compression::gzip(body);
                req += "Content-Encoding: gzip\r\n";
            }
            req += "Content-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload;
        } else {
            req += "\r\n";
        }
        m_pending = req;
        m_buffer.clear();
        m_done = std::move(done);
        m_retry = true;
        m_timeout.start(RequestTimeoutMs);
        if (m_socket.state() == QAbstractSocket::ConnectedState && m_socket.isEncrypted()) {
            m_start = Timer::now();
            m_socket.write(req);
        } else {
            open();
        }
    }

    void close() { m_socket.abort(); }

private:
    void open()
    {
        m_socket.abort();
        m_connectStart = Timer::now();
        if (!m_source.isNull())
            m_socket.bind(m_source, 0);
        m_socket.connectToHostEncrypted(m_target.host, m_target.port, QStringLiteral("localhost"));
    }

    void onRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const HttpHead head = parseHttpHead(m_buffer.left(headEnd));
        QByteArray body;
        if (head.chunked) {
            qsizetype pos = headEnd + 4;
            for (;;) {
                const qsizetype eol = m_buffer.indexOf("\r\n", pos);
                if (eol < 0)
                    return;
                bool ok = false;
                const qint64 size
                    = m_buffer.mid(pos, eol - pos).split(';').first().trimmed().toLongLong(&ok, 16);
                if (!ok)
                    return fail(QStringLiteral("bad chunk"));
                if (m_buffer.size() < eol + 2 + size + 2)
                    return;
                if (size == 0)
                    break;
                body += m_buffer.mid(eol + 2, size);
                pos = eol + 2 + size + 2;
            }
        } else {
            const qint64 length = std::max<qint64>(0, head.length);
            if (m_buffer.size() < headEnd + 4 + length)
                return;
            body = m_buffer.mid(headEnd + 4, length);
        }
        m_totals.bytesIn += body.size();
        if (head.gzip) {
            auto plain = compression::gunzip(body, MaxBody);
            if (!plain)
                return fail(QStringLiteral("bad gzip"));
            body = plain.value();
        }
        if (head.close)
            m_socket.disconnectFromHost();
        finish(head.status, body);
    }

    void fail(const QString &why)
    {
        if (!m_done)
            return;
        m_socket.abort();
        finish(0, why.toUtf8());
    }

    void finish(int status, const QByteArray &body)
    {
        m_timeout.stop();
        Done done = std::move(m_done);
        m_done = nullptr;
        m_buffer.clear();
        if (done)
            done(status, body, msSince(m_start));
    }

    const Target &m_target;
    QHostAddress m_source;
    Totals &m_totals;
    QSslSocket m_socket;
    QTimer m_timeout;
    QByteArray m_pending;
    QByteArray m_buffer;
    Done m_done;
    bool m_retry = true;
    Timer::time_point m_start = Timer::now();
    Timer::time_point m_connectStart = Timer::now();
};

struct OwnEncounter
{
    QString id;
    QString noteClock, updatedAtClock, updatedByClock;
};

class Device
{
public:
    Device(int newIndex, int newTeam, QString newTeamId, QString newUserId, QString newDeviceId,
        QByteArray newToken)
        : index(newIndex)
        , team(newTeam)
        , teamId(std::move(newTeamId))
        , userId(std::move(newUserId))
        , deviceId(std::move(newDeviceId))
        , token(std::move(newToken))
        , hlc(SystemClock::instance(), this->deviceId)
    { }

    // The push body of one sync: a new participant, then new encounters and edits of earlier ones in turn.
    QByteArray pushBody(int changes, qint64 simulatedMs)
    {
        QJsonArray mutations;
        const QString now = validation::formatDateTime(QDateTime::currentDateTimeUtc());
        const auto add = [&](const QString &entity, const QString &id, const QJsonObject &fields) {
            mutations.append(QJsonObject {{QStringLiteral("seq"), ++seq}, {QStringLiteral("entity"), entity},
                {QStringLiteral("id"), id}, {QStringLiteral("fields"), fields}});
        };
        const auto set = [&](QJsonObject &fields, const QString &name, const QJsonValue &value,
                             const QString &clock, const QString &base = {}) {
            QJsonArray change {value, clock};
            if (!base.isEmpty())
                change.append(base);
            fields.insert(name, change);
        };
        const auto created = [&](QJsonObject &fields, const QString &c) {
            set(fields, QStringLiteral("team"), teamId, c);
            set(fields, QStringLiteral("deleted"), false, c);
            set(fields, QStringLiteral("created_at"), now, c);
            set(fields, QStringLiteral("updated_at"), now, c);
            set(fields, QStringLiteral("created_by"), userId, c);
            set(fields, QStringLiteral("updated_by"), userId, c);
        };
        {
            const QString c = hlc.now().toString();
            QJsonObject f;
            set(f, QStringLiteral("name"), QStringLiteral("Flåte Deltaker %1-%2").arg(index).arg(seq + 1), c);
            set(f, QStringLiteral("stage"), QStringLiteral("engagement"), c);
            created(f, c);
            participant = QUuid::createUuid().toString(QUuid::WithoutBraces);
            add(QStringLiteral("participant"), participant, f);
        }
        const QDateTime meeting = QDateTime(QDate::currentDate().addDays(-1), QTime(0, 0), Qt::UTC)
                                      .addMSecs(DayStartMs + simulatedMs);
        for (int i = 1; i < changes; ++i) {
            const QString c = hlc.now().toString();
            const quint32 noteSeed = quint32(index) * 1000u + quint32(seq);
            QJsonObject f;
            if (i % 2 == 1 || encounters.empty()) {
                OwnEncounter e {QUuid::createUuid().toString(QUuid::WithoutBraces), c, c, c};
                set(f, QStringLiteral("participant_id"), participant, c);
                set(f, QStringLiteral("starts_at"), validation::formatDateTime(meeting.addSecs(-60 * i)), c);
                set(f, QStringLiteral("duration_minutes"), 45, c);
                set(f, QStringLiteral("kind"), QStringLiteral("participant_follow_up"), c);
                set(f, QStringLiteral("channel"), QStringLiteral("workplace"), c);
                set(f, QStringLiteral("status"), QStringLiteral("completed"), c);
                set(f, QStringLiteral("note"), syntheticNote(noteSeed), c);
                created(f, c);
                add(QStringLiteral("encounter"), e.id, f);
                encounters.push_back(e);
            } else {
                // An edit of one of the device's own encounters: a new note, with the clocks it replaces.
                OwnEncounter &e
                    = encounters[size_t(QRandomGenerator::global()->bounded(int(encounters.size())))];
                set(f, QStringLiteral("note"), syntheticNote(noteSeed), c, e.noteClock);
                set(f, QStringLiteral("updated_at"), now, c, e.updatedAtClock);
                set(f, QStringLiteral("updated_by"), userId, c, e.updatedByClock);
                e.noteClock = e.updatedAtClock = e.updatedByClock = c;
                add(QStringLiteral("encounter"), e.id, f);
            }
        }
        return QJsonDocument(
            QJsonObject {{QStringLiteral("device_id"), deviceId}, {QStringLiteral("mutations"), mutations}})
            .toJson(QJsonDocument::Compact);
    }

    int index;
    int team;
    QString teamId, userId, deviceId;
    QByteArray token;
    HlcClock hlc;
    qint64 seq = 0;
    QString cursor;
    QString participant;
    std::vector<OwnEncounter> encounters;
    QList<qint64> syncAt; // simulated ms into the day
    int nextSync = 0;
    bool busy = false;
    std::deque<double> deferred; // due times (ms since the start) of syncs that came due while busy
};

// CPU seconds of a process and its descendants (live ones; ended ones count in their parent's cutime).
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

// Busy CPU seconds of the whole machine (every core: user, nice, system, irq, softirq, steal), from
// /proc/stat.
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

class Fleet : public QObject
{
public:
    Fleet(const Target &target, std::vector<std::unique_ptr<Device>> devices, int syncs, int changes,
        double minutes, int concurrency)
        : m_target(target)
        , m_devices(std::move(devices))
        , m_syncs(syncs)
        , m_changes(changes)
        , m_scale(minutes > 0 ? minutes * 60000.0 / double(DayMs) : 0)
        , m_concurrency(concurrency)
    {
        auto *rng = QRandomGenerator::global();
        for (size_t d = 0; d < m_devices.size(); ++d) {
            Device &dev = *m_devices[d];
            for (int s = 0; s < syncs; ++s)
                dev.syncAt << qint64(rng->bounded(double(DayMs)));
            std::sort(dev.syncAt.begin(), dev.syncAt.end());
            for (qint64 t : dev.syncAt)
                m_schedule.push_back({t, int(d)});
        }
        std::sort(m_schedule.begin(), m_schedule.end());
    }

    void run()
    {
        m_start = Timer::now();
        m_pump.setInterval(2);
        connect(&m_pump, &QTimer::timeout, this, [this]() { pump(); });
        m_pump.start();
        pump();
    }

    Totals totals;
    double replayMs = 0;

private:
    struct Due
    {
        qint64 at;
        int device;
        bool operator<(const Due &o) const { return at != o.at ? at < o.at : device < o.device; }
    };
    struct Ready
    {
        int device;
        double dueMs;
    };

    void pump()
    {
        const double now = msSince(m_start);
        while (m_next < m_schedule.size() && double(m_schedule[m_next].at) * m_scale <= now) {
            const Due &d = m_schedule[m_next++];
            Device &dev = *m_devices[size_t(d.device)];
            const double due = m_scale > 0 ? double(d.at) * m_scale : now;
            if (dev.busy)
                dev.deferred.push_back(due);
            else
                m_ready.push_back({d.device, due});
            if (m_scale == 0 && m_ready.size() >= size_t(m_concurrency) * 2)
                break; // as fast as possible: keep a short queue, take more as syncs end
        }
        while (m_inFlight < m_concurrency && !m_ready.empty()) {
            const Ready r = m_ready.front();
            m_ready.pop_front();
            Device &dev = *m_devices[size_t(r.device)];
            if (dev.busy) {
                dev.deferred.push_back(r.dueMs);
                continue;
            }
            if (m_scale > 0)
                totals.lateness << std::max(0.0, msSince(m_start) - r.dueMs);
            startSync(dev);
        }
        if (m_next >= m_schedule.size() && m_ready.empty() && m_inFlight == 0) {
            replayMs = msSince(m_start);
            m_pump.stop();
            QCoreApplication::quit();
        }
    }

    void startSync(Device &dev)
    {
        dev.busy = true;
        ++m_inFlight;
        const qint64 simulated = dev.syncAt.value(dev.nextSync);
        const int changes = m_changes / m_syncs + (dev.nextSync < m_changes % m_syncs ? 1 : 0);
        ++dev.nextSync;
        const QHostAddress source = m_target.sources.isEmpty()
            ? QHostAddress()
            : m_target.sources.at(dev.index % m_target.sources.size());
        auto *conn = new Connection(m_target, source, totals, this);
        const auto syncStart = Timer::now();
        const QByteArray body = dev.pushBody(std::max(1, changes), simulated);
        const qint64 last = dev.seq;
        totals.mutations += std::max(1, changes);
        conn->request("POST", "/v1/push", dev.token, body,
            [this, &dev, conn, last, syncStart](int status, const QByteArray &reply, double ms) {
                totals.push << ms;
                if (status != 200) {
                    totals.failed("push", status, reply);
                } else {
                    const QJsonObject o = QJsonDocument::fromJson(reply).object();
                    const QJsonArray rejected = o.value(QStringLiteral("rejected")).toArray();
                    if (!rejected.isEmpty())
                        totals.error(QStringLiteral("push rejected: ")
                            + rejected.first()
                                  .toObject()
                                  .value(QStringLiteral("message"))
                                  .toString()
                                  .left(80));
                    else if (o.value(QStringLiteral("applied_through")).toInteger() != last)
                        totals.error(QStringLiteral("push: applied_through behind"));
                }
                pull(dev, conn, syncStart);
            });
    }

    void pull(Device &dev, Connection *conn, Timer::time_point syncStart)
    {
        const QByteArray path = "/v1/pull?cursor=" + QUrl::toPercentEncoding(dev.cursor)
            + "&limit=" + QByteArray::number(PullLimit);
        conn->request("GET", path, dev.token, {},
            [this, &dev, conn, syncStart](int status, const QByteArray &reply, double ms) {
                totals.pull << ms;
                ++totals.pages;
                bool more = false;
                if (status != 200) {
                    totals.failed("pull", status, reply);
                } else {
                    const QJsonObject o = QJsonDocument::fromJson(reply).object();
                    const QString cursor = o.value(QStringLiteral("cursor")).toString();
                    if (cursor.isEmpty() || o.value(QStringLiteral("reset")).toBool()) {
                        totals.error(QStringLiteral("pull: no cursor or reset"));
                    } else {
                        dev.cursor = cursor;
                        totals.delivered += o.value(QStringLiteral("changes")).toArray().size();
                        totals.drops += o.value(QStringLiteral("drops")).toArray().size();
                        more = o.value(QStringLiteral("more")).toBool();
                    }
                }
                if (more) {
                    pull(dev, conn, syncStart);
                    return;
                }
                finishSync(dev, conn, syncStart);
            });
    }

    void finishSync(Device &dev, Connection *conn, Timer::time_point syncStart)
    {
        totals.sync << msSince(syncStart);
        ++totals.syncsDone;
        conn->close();
        conn->deleteLater();
        dev.busy = false;
        --m_inFlight;
        if (!dev.deferred.empty()) {
            m_ready.push_front({dev.index, dev.deferred.front()});
            dev.deferred.pop_front();
        }
        pump();
    }

    const Target &m_target;
    std::vector<std::unique_ptr<Device>> m_devices;
    int m_syncs;
    int m_changes;
    double m_scale; // wall ms per simulated ms; 0 = as fast as possible
    int m_concurrency;
    std::vector<Due> m_schedule;
    size_t m_next = 0;
    std::deque<Ready> m_ready;
    int m_inFlight = 0;
    QTimer m_pump;
    Timer::time_point m_start;
};

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
