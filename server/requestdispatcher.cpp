#include "requestdispatcher.h"

#include "logging.h"
#include "sqlbackend.h"

#include <QThread>

namespace feltnotat::server {

namespace {

// A worker's own database connection and the API objects on it; made in the worker's thread.
class ApiWorker final : public WorkerPool::WorkerState
{
public:
    std::unique_ptr<SqlBackend> db;
    std::unique_ptr<SyncApi> api;
    QString problem;
};

ApiResponse busy(const QString &what)
{
    ApiResponse r = apiError(503, QStringLiteral("unavailable"),
        QStringLiteral("the server is busy (%1); try again shortly").arg(what));
    r.addHeader("Retry-After", "2");
    return r;
}

} // namespace

RequestDispatcher::RequestDispatcher(
    Options options, const Clock &clock, HlcClock &hlc, Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock)
    , m_hlc(hlc)
    , m_metrics(metrics)
{
    const auto factory = [this]() -> std::unique_ptr<WorkerPool::WorkerState> {
        auto worker = std::make_unique<ApiWorker>();
        auto db = DatabaseOpener::open(m_options.database);
        if (!db) {
            worker->problem = db.errorString();
            qCWarning(lcServer).noquote() << "a worker cannot open the database:" << worker->problem;
            return worker;
        }
        worker->db = std::move(db).value();
        worker->api = std::make_unique<SyncApi>(*worker->db, m_clock, m_hlc, m_options.api);
        worker->api->setMetrics(m_metrics);
        return worker;
    };
    m_api = std::make_unique<WorkerPool>(
        QStringLiteral("feltnotat-api"), m_options.apiWorkers, m_options.maxQueuedRequests, factory);
    m_login = std::make_unique<WorkerPool>(
        QStringLiteral("feltnotat-login"), m_options.loginWorkers, m_options.maxQueuedLogins, factory);
    m_health = std::make_unique<WorkerPool>(
        QStringLiteral("feltnotat-health"), 1, m_options.maxQueuedRequests, factory);
}

RequestDispatcher::~RequestDispatcher()
{
    m_api.reset();
    m_login.reset();
    m_health.reset();
}

int RequestDispatcher::defaultApiWorkers()
{
    return std::clamp(QThread::idealThreadCount(), 2, 16);
}

int RequestDispatcher::defaultLoginWorkers()
{
    // Fewer hashing threads than cores: a login flood leaves a core for everything else.
    return std::max(1, QThread::idealThreadCount() / 2);
}

WorkerPool &RequestDispatcher::pool(WorkerKind kind)
{
    switch (kind) {
    case WorkerKind::Login:
        return *m_login;
    case WorkerKind::Health:
        return *m_health;
    case WorkerKind::Api:
        break;
    }
    return *m_api;
}

void RequestDispatcher::deliver(Done done, ApiResponse response)
{
    // Back to the main thread; the dispatcher outlives its workers, so `this` is safe here.
    QMetaObject::invokeMethod(
        this,
        [done = std::move(done), response = std::move(response)]() mutable { done(std::move(response)); },
        Qt::QueuedConnection);
}

void RequestDispatcher::post(
    WorkerKind kind, std::function<ApiResponse(SyncApi &, SqlBackend &)> work, Done done)
{
    auto shared = std::make_shared<Done>(std::move(done));
    const bool queued
        = pool(kind).post([this, work = std::move(work), shared](WorkerPool::WorkerState &state) {
              auto &worker = static_cast<ApiWorker &>(state);
              if (!worker.api) {
                  ApiResponse r = apiError(503, QStringLiteral("unavailable"),
                      QStringLiteral("the database is unavailable; try again later"));
                  r.addHeader("Retry-After", "5");
                  deliver(std::move(*shared), std::move(r));
                  return;
              }
              deliver(std::move(*shared), work(*worker.api, *worker.db));
          });
    if (!queued)
        (*shared)(busy(kind == WorkerKind::Login ? QStringLiteral("too many sign-ins at once")
                                                 : QStringLiteral("too many requests at once")));
}

void RequestDispatcher::handle(WorkerKind worker, ApiRequest request, Done done)
{
    post(
        worker, [request = std::move(request)](SyncApi &api, SqlBackend &) { return api.handle(request); },
        std::move(done));
}

void RequestDispatcher::checkToken(ApiRequest head, Done done)
{
    post(
        WorkerKind::Api,
        [head = std::move(head)](SyncApi &api, SqlBackend &) {
            ApiResponse go;
            go.status = 0;
            return api.refuseToken(head).value_or(go);
        },
        std::move(done));
}

void RequestDispatcher::nextPiece(std::shared_ptr<BodySource> source, Done done)
{
    post(
        WorkerKind::Api,
        [source = std::move(source)](SyncApi &, SqlBackend &db) {
            auto piece = source->next(db);
            if (!piece)
                return apiFromError(piece.error()); // logged there, without values
            ApiResponse r;
            r.body = std::move(piece).value();
            return r;
        },
        std::move(done));
}

void RequestDispatcher::runOnHealth(std::function<ApiResponse(SqlBackend &)> work, Done done)
{
    post(
        WorkerKind::Health, [work = std::move(work)](SyncApi &, SqlBackend &db) { return work(db); },
        std::move(done));
}

} // namespace feltnotat::server
