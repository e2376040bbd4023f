#include "serverrunner.h"

#include "core/clock.h"
#include "core/hlc.h"
#include "cryptoinit.h"
#include "databaseopener.h"
#include "guardedtcpserver.h"
#include "logging.h"
#include "office/metrics.h"
#include "office/webhookdispatcher.h"
#include "requestdispatcher.h"
#include "routes.h"
#include "serverschema.h"
#include "sqlbackend.h"
#include "sync/protocol.h"
#include "syncapi.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslKey>
#include <QTextStream>

namespace feltnotat::server {

namespace {

constexpr int ShutdownTimeoutMs = 10 * 1000;

// Mozilla's "intermediate" configuration (TLS 1.2 and 1.3, forward-secret AEAD suites only),
// without the DHE suites, which would need DH parameters of our own.
const char *const IntermediateCiphers[]
    = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"};

Result<QSslConfiguration> loadTls(const QString &certFile, const QString &keyFile)
{
    if (Status s = DatabaseOpener::checkPrivateFile(keyFile, QStringLiteral("TLS key")); !s)
        return s.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("no PEM certificate in %1").arg(certFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Invalid, QStringLiteral("cannot read the key file %1").arg(keyFile));
    const QByteArray pem = file.readAll();
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return makeError(
            ErrorCode::Invalid, QStringLiteral("no unencrypted PEM private key in %1").arg(keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    QList<QSslCipher> ciphers;
    for (const char *name : IntermediateCiphers) {
        const QSslCipher cipher(QString::fromLatin1(name));
        if (!cipher.isNull())
            ciphers.append(cipher);
    }
    if (ciphers.isEmpty())
        return makeError(
            ErrorCode::Internal, QStringLiteral("the TLS library offers none of the intermediate suites"));
    tls.setCiphers(ciphers);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace

QString ServerRunner::newNodeId()
{
    ensureCrypto();
    QByteArray bytes(6, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return QStringLiteral("srv") + QString::fromLatin1(bytes.toHex());
}

int ServerRunner::run(const ServerConfig &config)
{
    QTextStream err(stderr);
    GuardedTcpServer::Options options;
    options.limits.idleTimeoutMs = config.idleTimeoutSeconds * 1000;
    options.limits.headTimeoutMs = config.headTimeoutSeconds * 1000;
    options.limits.bodyTimeoutMs = config.headTimeoutSeconds * 1000;
    options.limits.maxBodyBytes = protocol::limits::MaxRequestBytes;
    if (!config.tlsCert.isEmpty()) {
        auto tls = loadTls(config.tlsCert, config.tlsKey);
        if (!tls) {
            err << "feltnotat-server: " << tls.errorString() << Qt::endl;
            return tls.error().code == ErrorCode::Forbidden ? ServerConfig::Unsafe : ServerConfig::Failed;
        }
        options.tls = tls.value();
    }

    auto spec = DatabaseOpener::spec(config.database, config.databasePasswordFile);
    if (!spec) {
        err << "feltnotat-server: " << spec.errorString() << Qt::endl;
        return spec.error().code == ErrorCode::Forbidden ? ServerConfig::Unsafe : ServerConfig::Usage;
    }
    auto opened = DatabaseOpener::open(spec.value());
    if (!opened) {
        err << "feltnotat-server: " << opened.errorString() << Qt::endl;
        return opened.error().code == ErrorCode::Forbidden ? ServerConfig::Unsafe
                                                           : ServerConfig::DatabaseUnavailable;
    }
    std::unique_ptr<SqlBackend> db = std::move(opened).value();
    if (Status s = ServerSchema::migrate(*db); !s) {
        err << "feltnotat-server: cannot prepare the database: " << s.errorString() << Qt::endl;
        return ServerConfig::DatabaseUnavailable;
    }

    const Clock &clock = *SystemClock::instance();
    HlcClock hlc(&clock, newNodeId());

    // Webhook deliveries on a database connection of their own.
    auto webhookDb = DatabaseOpener::open(spec.value());
    if (!webhookDb) {
        err << "feltnotat-server: " << webhookDb.errorString() << Qt::endl;
        return ServerConfig::DatabaseUnavailable;
    }
    QNetworkAccessManager network;
    WebhookDispatcher::Options webhookOptions;
    webhookOptions.queue.retryBaseMs = config.webhookRetryBaseMs;
    WebhookDispatcher webhooks(std::move(webhookDb).value(), clock, hlc.node(), webhookOptions, &network);
    webhooks.start();

    // Requests run on worker threads, each with a database connection of its own; the event loop
    // only moves bytes (docs/server.md, "Threads").
    Metrics metrics;
    RequestDispatcher::Options dispatch;
    dispatch.database = spec.value();
    dispatch.api = SyncApi::Options {config.maxClockSkewMs, options.tls.has_value(),
        qint64(config.tokenLifetimeDays) * 24 * 3600 * 1000, config.idleLockMinutes};
    dispatch.apiWorkers = config.workers > 0 ? config.workers : RequestDispatcher::defaultApiWorkers();
    dispatch.loginWorkers
        = config.loginWorkers > 0 ? config.loginWorkers : RequestDispatcher::defaultLoginWorkers();
    RequestDispatcher dispatcher(dispatch, clock, hlc, &metrics);
    RequestHandler apiHandler;
    apiHandler.policy = routePolicy;
    apiHandler.checkToken = [&dispatcher](ApiRequest head, RequestHandler::Done done) {
        dispatcher.checkToken(std::move(head), std::move(done));
    };
    apiHandler.handle
        = [&dispatcher](const RoutePolicy &policy, ApiRequest request, RequestHandler::Done done) {
              dispatcher.handle(policy.worker, std::move(request), std::move(done));
          };
    apiHandler.nextPiece = [&dispatcher](std::shared_ptr<BodySource> source, RequestHandler::Done done) {
        dispatcher.nextPiece(std::move(source), std::move(done));
    };

    // Metrics on an address of their own: scraped from the inside, never through the public front.
    std::unique_ptr<GuardedTcpServer> metricsListener;
    if (config.metricsPort != 0) {
        GuardedTcpServer::Options metricsOptions;
        metricsOptions.maxConnections = 20;
        RequestHandler metricsHandler;
        metricsHandler.policy = [](const ApiRequest &head) {
            RoutePolicy p;
            p.route = QStringLiteral("/metrics");
            p.worker = WorkerKind::Health;
            if (head.path != u"/metrics" || head.method != "GET") {
                p.refuseStatus = 404;
                p.refusal
                    = apiError(404, QStringLiteral("not_found"), QStringLiteral("only GET /metrics here"));
            }
            return p;
        };
        metricsHandler.handle = [&dispatcher, &metrics, &clock](
                                    const RoutePolicy &, const ApiRequest &, RequestHandler::Done done) {
            dispatcher.runOnHealth(
                [&metrics, &clock](SqlBackend &workerDb) {
                    ApiResponse response;
                    response.route = QStringLiteral("/metrics");
                    response.body = metrics.render(workerDb, clock);
                    response.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
                    return response;
                },
                std::move(done));
        };
        metricsListener = std::make_unique<GuardedTcpServer>(metricsOptions, metricsHandler);
        if (!metricsListener->listen(config.metricsHost, config.metricsPort)) {
            err << "feltnotat-server: cannot listen for metrics on " << config.metricsHost.toString() << ':'
                << config.metricsPort << ": " << metricsListener->errorString() << Qt::endl;
            return ServerConfig::Failed;
        }
    }
    options.maxConnections
        = GuardedTcpServer::connectionCap(64 + 4 * (dispatch.apiWorkers + dispatch.loginWorkers + 1));
    options.door.trustedProxies = config.trustedProxies;
    options.door.maxConnectionsPerAddress = config.maxConnectionsPerAddress;
    auto listener = std::make_unique<GuardedTcpServer>(options, apiHandler);
    if (!listener->listen(config.host, config.port)) {
        err << "feltnotat-server: cannot listen on " << config.host.toString() << ':' << config.port << ": "
            << listener->errorString() << Qt::endl;
        return ServerConfig::Failed;
    }

    UnixSignalWatcher watcher;
    QObject::connect(&watcher, &UnixSignalWatcher::terminationRequested, listener.get(),
        [&listener, &webhooks, &metricsListener](int signalNumber) {
            qCInfo(lcServer) << "signal" << signalNumber << "received: finishing requests in flight";
            webhooks.stop();
            if (metricsListener)
                metricsListener->close();
            listener->shutdown(ShutdownTimeoutMs);
        });
    QObject::connect(
        listener.get(), &GuardedTcpServer::drained, qApp, &QCoreApplication::quit, Qt::QueuedConnection);

    qCInfo(lcServer).noquote()
        << "listening on" << QStringLiteral("%1:%2").arg(config.host.toString()).arg(listener->serverPort())
        << (options.tls ? "(https)" : "(http)") << "storage" << db->kindName() << "node" << hlc.node()
        << "workers" << dispatch.apiWorkers << "+" << dispatch.loginWorkers << "login, at most"
        << listener->maxConnections() << "connections," << config.maxConnectionsPerAddress << "per address";
    const int code = QCoreApplication::exec();
    listener.reset();
    metricsListener.reset();
    db.reset();
    qCInfo(lcServer) << "stopped";
    return code;
}

} // namespace feltnotat::server
