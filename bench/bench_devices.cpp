// feltnotat-bench-devices: many simulated devices doing incremental syncs against one server.
// Each device logs in (user bench<t> of team t, see feltnotat-bench-seed teams), pulls once to get
// its cursor, then repeats a cycle: push one new record, pull until caught up, wait a random
// interval (uniform 0..2x --interval-ms). Plain HTTP/1.1 keep-alive over QTcpSocket, one
// connection per device, all on one event loop, so the client costs little next to the server.
//   --server http://127.0.0.1:PORT --devices 200 --teams 20 --seconds 30 --interval-ms 1000
#include "benchutil.h"
#include "core/clock.h"
#include "core/hlc.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace feltnotat;
using namespace feltnotat::bench;

namespace {

struct Totals
{
    QList<double> push, pull, all;
    qint64 errors = 0;
    qint64 cycles = 0;
    QStringList errorKinds;
    void error(const QString &what)
    {
        ++errors;
        if (errorKinds.size() < 10)
            errorKinds << what;
    }
};

// One keep-alive HTTP/1.1 connection; one request at a time.
class Connection : public QObject
{
public:
    using Done = std::function<void(int status, const QByteArray &body, double ms)>;

    Connection(const QUrl &server, QObject *parent)
        : QObject(parent)
        , m_server(server)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this]() { onRead(); });
        connect(&m_socket, &QTcpSocket::connected, this, [this]() { m_socket.write(m_pending); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_done
                && !(m_socket.error() == QAbstractSocket::RemoteHostClosedError && m_buffer.isEmpty()
                    && m_retry))
                finish(0, m_socket.errorString().toUtf8());
        });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this]() {
            // The server closed an idle keep-alive connection: send again on a new one, once.
            if (m_done && m_buffer.isEmpty() && m_retry) {
                m_retry = false;
                m_socket.abort();
                m_socket.connectToHost(m_server.host(), quint16(m_server.port()));
            }
        });
    }

    void request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
        const QByteArray &body, Done done)
    {
        QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_server.host().toUtf8()
            + "\r\nFeltnotat-Protocol: 1\r\nConnection: keep-alive\r\n";
        if (!token.isEmpty())
            req += "Authorization: Bearer " + token + "\r\n";
        if (method == "POST")
            req += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n";
        req += "\r\n" + body;
        m_pending = req;
        m_buffer.clear();
        m_done = std::move(done);
        m_retry = true;
        m_start = Timer::now();
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.write(req);
        else {
            m_socket.abort();
            m_socket.connectToHost(m_server.host(), quint16(m_server.port()));
        }
    }

private:
    void onRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const HttpHead head = parseHttpHead(m_buffer.left(headEnd));
        const qint64 length = std::max<qint64>(0, head.length);
        if (m_buffer.size() < headEnd + 4 + length)
            return;
        const QByteArray body = m_buffer.mid(headEnd + 4, length);
        if (head.close)
            m_socket.disconnectFromHost();
        finish(head.status, body);
    }

    void finish(int status, const QByteArray &body)
    {
        Done done = std::move(m_done);
        m_done = nullptr;
        m_buffer.clear();
        if (done)
            done(status, body, msSince(m_start));
    }

    QUrl m_server;
    QTcpSocket m_socket;
    QByteArray m_pending;
    QByteArray m_buffer;
    Done m_done;
    bool m_retry = true;
    Timer::time_point m_start;
};

class Device : public QObject
{
public:
    Device(int index, int team, const QUrl &server, Totals &totals, QObject *parent)
        : QObject(parent)
        , m_index(index)
        , m_team(team)
        , m_conn(server, this)
        , m_totals(totals)
        , m_deviceId(QUuid::createUuid().toString(QUuid::Id128))
        , m_hlc(SystemClock::instance(), m_deviceId)
    { }

    void login(const std::function<void(bool)> &done)
    {
        const QJsonObject body {{QStringLiteral("login"), QStringLiteral("bench%1").arg(m_team)},
            {QStringLiteral("password"), QStringLiteral("bench-password")},
            {QStringLiteral("device_id"), m_deviceId},
            {QStringLiteral("device_name"), QStringLiteral("bench device %1").arg(m_index)}};
        m_conn.request("POST", "/v1/login", {}, QJsonDocument(body).toJson(QJsonDocument::Compact),
            [this, done](int status, const QByteArray &reply, double) {
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                m_token = o.value(QStringLiteral("token")).toString().toUtf8();
                m_teamId
                    = o.value(QStringLiteral("user")).toObject().value(QStringLiteral("team")).toString();
                done(status == 200 && !m_token.isEmpty());
            });
    }

    // Pulls until caught up; counted only while measuring.
    void pull(bool measure, const std::function<void(bool)> &done)
    {
        const QByteArray path = "/v1/pull?limit=5000&cursor=" + QUrl::toPercentEncoding(m_cursor);
        m_conn.request(
            "GET", path, m_token, {}, [this, measure, done](int status, const QByteArray &reply, double ms) {
                if (measure) {
                    m_totals.pull << ms;
                    m_totals.all << ms;
                }
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                if (status != 200 || !o.contains(QStringLiteral("cursor"))) {
                    if (measure)
                        m_totals.error(QStringLiteral("pull %1").arg(status));
                    done(false);
                    return;
                }
                m_cursor = o.value(QStringLiteral("cursor")).toString();
                if (o.value(QStringLiteral("more")).toBool())
                    pull(measure, done);
                else
                    done(true);
            });
    }

    void startCycles(int intervalMs, const bool *running)
    {
        m_intervalMs = intervalMs;
        m_running = running;
        QTimer::singleShot(
            int(QRandomGenerator::global()->bounded(intervalMs + 1)), this, [this]() { cycle(); });
    }

    bool idle() const { return m_idle; }

private:
    void cycle()
    {
        if (!*m_running) {
            m_idle = true;
            return;
        }
        m_idle = false;
        const QString c = m_hlc.now().toString();
        const auto change = [&](const QJsonValue &v) {
            return QJsonArray {v, c};
        };
        const QJsonObject fields {
            {QStringLiteral("name"),
                change(QStringLiteral("Benk Deltaker %1-%2").arg(m_index).arg(m_seq + 1))},
            {QStringLiteral("team"), change(m_teamId)},
            {QStringLiteral("stage"), change(QStringLiteral("engagement"))},
            {QStringLiteral("deleted"), change(false)},
            {QStringLiteral("created_at"), change(QStringLiteral("2026-11-23T09:00:00Z"))}};
        const QJsonObject mutation {{QStringLiteral("seq"), ++m_seq},
            {QStringLiteral("entity"), QStringLiteral("participant")},
            {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("fields"), fields}};
        const QJsonObject body {
            {QStringLiteral("device_id"), m_deviceId}, {QStringLiteral("mutations"), QJsonArray {mutation}}};
        m_conn.request("POST", "/v1/push", m_token, QJsonDocument(body).toJson(QJsonDocument::Compact),
            [this](int status, const QByteArray &reply, double ms) {
                m_totals.push << ms;
                m_totals.all << ms;
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                if (status != 200)
                    m_totals.error(QStringLiteral("push %1").arg(status));
                else if (!o.value(QStringLiteral("rejected")).toArray().isEmpty())
                    m_totals.error(QStringLiteral("push rejected"));
                pull(true, [this](bool) {
                    ++m_totals.cycles;
                    QTimer::singleShot(int(QRandomGenerator::global()->bounded(2 * m_intervalMs + 1)), this,
                        [this]() { cycle(); });
                });
            });
    }

    int m_index;
    int m_team;
    Connection m_conn;
    Totals &m_totals;
    QString m_deviceId;
    HlcClock m_hlc;
    QByteArray m_token;
    QString m_teamId;
    QString m_cursor;
    qint64 m_seq = 0;
    int m_intervalMs = 1000;
    const bool *m_running = nullptr;
    bool m_idle = true;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QUrl server(args.value(QStringLiteral("server")));
    const int devices = int(args.integer(QStringLiteral("devices"), 200));
    const int teams = int(args.integer(QStringLiteral("teams"), 20));
    const int seconds = int(args.integer(QStringLiteral("seconds"), 30));
    const int intervalMs = int(args.integer(QStringLiteral("interval-ms"), 1000));
    const QString label = args.value(QStringLiteral("label"), QStringLiteral("sqlite"));
    Totals totals;
    QList<Device *> all;
    for (int i = 0; i < devices; ++i)
        all << new Device(i, i % teams, server, totals, &app);

    // Set-up, one device after the other: log in, then a first pull for the cursor.
    const auto setupStart = Timer::now();
    int setupFailures = 0;
    for (Device *d : all) {
        bool finished = false;
        d->login([&](bool ok) {
            if (!ok) {
                ++setupFailures;
                finished = true;
                return;
            }
            d->pull(false, [&](bool pulled) {
                setupFailures += pulled ? 0 : 1;
                finished = true;
            });
        });
        while (!finished)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    if (setupFailures > 0) {
        std::fprintf(stderr, "feltnotat-bench-devices: %d devices could not log in or pull\n", setupFailures);
        return 1;
    }
    const double setupMs = msSince(setupStart);

    bool running = true;
    const auto start = Timer::now();
    for (Device *d : all)
        d->startCycles(intervalMs, &running);
    QTimer::singleShot(seconds * 1000, &app, [&]() { running = false; });
    // After the window, let cycles in flight finish (at most 30 s).
    QTimer drain;
    QObject::connect(&drain, &QTimer::timeout, &app, [&]() {
        if (running)
            return;
        bool allIdle = true;
        for (Device *d : all)
            allIdle = allIdle && d->idle();
        if (allIdle || msSince(start) > (seconds + 30) * 1000.0)
            QCoreApplication::quit();
    });
    drain.start(20);
    QCoreApplication::exec();
    const double elapsedS = msSince(start) / 1000.0;

    QJsonObject o = statsJson(stats(totals.all));
    o.insert(QStringLiteral("storage"), label);
    o.insert(QStringLiteral("devices"), devices);
    o.insert(QStringLiteral("teams"), teams);
    o.insert(QStringLiteral("seconds"), std::round(elapsedS * 10) / 10);
    o.insert(QStringLiteral("interval_ms"), intervalMs);
    o.insert(QStringLiteral("requests"), totals.all.size());
    o.insert(QStringLiteral("requests_per_s"), std::round(totals.all.size() / elapsedS));
    o.insert(QStringLiteral("cycles"), totals.cycles);
    o.insert(QStringLiteral("errors"), totals.errors);
    o.insert(QStringLiteral("error_kinds"), QJsonArray::fromStringList(totals.errorKinds));
    o.insert(QStringLiteral("push"), statsJson(stats(totals.push)));
    o.insert(QStringLiteral("pull"), statsJson(stats(totals.pull)));
    o.insert(QStringLiteral("setup_ms"), std::round(setupMs));
    report(QStringLiteral("devices"), o);
    return 0;
}
