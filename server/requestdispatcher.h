#pragma once

#include "databaseopener.h"
#include "routes.h"
#include "syncapi.h"
#include "workerpool.h"

#include <QObject>

#include <functional>
#include <memory>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class Metrics;

// Runs requests off the event loop: the HTTP layer (GuardedConnection, on the main thread) hands
// each complete request here; it runs on a worker of the pool its route names (routes.h), with
// that worker's own database connection and SyncApi, and the answer comes back on the main thread.
// Three pools: API (sync and office routes), login (password hashing) and health (/healthz and
// the metrics), so a flood of one kind never stalls another and /healthz always has a thread.
class RequestDispatcher final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        DatabaseSpec database;
        SyncApi::Options api;
        int apiWorkers = 4;
        int loginWorkers = 1;
        int maxQueuedRequests = 512; // per pool; past that: 503 at once
        int maxQueuedLogins = 32;
    };
    using Done = std::function<void(ApiResponse)>;

    RequestDispatcher(
        Options options, const Clock &clock, HlcClock &hlc, Metrics *metrics, QObject *parent = nullptr);
    ~RequestDispatcher() override; // joins the workers (requests in flight finish first)

    // done runs on this object's thread (the main thread), exactly once.
    void handle(WorkerKind worker, ApiRequest request, Done done);
    // Checks a request's device token from its head alone; done gets a refusal, or status 0 for "go on".
    void checkToken(ApiRequest head, Done done);
    // The next piece of a streamed answer, on an API worker; done gets it as its body, or a 503.
    void nextPiece(std::shared_ptr<BodySource> source, Done done);
    // Any work with a database connection, on the health worker (e.g. rendering metrics).
    void runOnHealth(std::function<ApiResponse(SqlBackend &)> work, Done done);

    static int defaultApiWorkers();
    static int defaultLoginWorkers();

private:
    WorkerPool &pool(WorkerKind kind);
    void post(WorkerKind kind, std::function<ApiResponse(SyncApi &, SqlBackend &)> work, Done done);
    void deliver(Done done, ApiResponse response);

    Options m_options;
    const Clock &m_clock;
    HlcClock &m_hlc;
    Metrics *m_metrics;
    std::unique_ptr<WorkerPool> m_api;
    std::unique_ptr<WorkerPool> m_login;
    std::unique_ptr<WorkerPool> m_health;
};

} // namespace feltnotat::server
