#include "serverrunner.h"

#include "core/clock.h"
#include "core/hlc.h"
#include "cryptoinit.h"
#include "databaseopener.h"
#include "guardedtcpserver.h"
#include "logging.h"
#include "office/metrics.h"
#include "office/webhookdispatcher.h"
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
    SyncApi api(*db, clock, hlc,
        SyncApi::Options {config.maxClockSkewMs, options.tls.has_value(),
            qint64(config.tokenLifetimeDays) * 24 * 3600 * 1000});

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

    // Metrics on an address of their own: scraped from the inside, never through the public front.
    Metrics metrics;
    api.setMetrics(&metrics);
    std::unique_ptr<GuardedTcpServer> metricsListener;
    if (config.metricsPort != 0) {
        GuardedTcpServer::Options metricsOptions;
        metricsOptions.maxConnections = 20;
        metricsListener = std::make_unique<GuardedTcpServer>(
            metricsOptions, [&metrics, &db, &clock](const ApiRequest &r) {
                ApiResponse response;
                response.route = QStringLiteral("/metrics");
                if (r.path != u"/metrics" || r.method != "GET")
                    return apiError(
                        404, QStringLiteral("not_found"), QStringLiteral("only GET /metrics here"));
                response.body = metrics.render(*db, clock);
                response.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
                return response;
            });
        if (!metricsListener->listen(config.metricsHost, config.metricsPort)) {
            err << "feltnotat-server: cannot listen for metrics on " << config.metricsHost.toString() << ':'
                << config.metricsPort << ": " << metricsListener->errorString() << Qt::endl;
            return 1;
        }
    }
    auto listener
        = std::make_unique<GuardedTcpServer>(options, [&api](const ApiRequest &r) { return api.handle(r); });
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
        << (options.tls ? "(https)" : "(http)") << "storage" << db->kindName() << "node" << hlc.node();
    const int code = QCoreApplication::exec();
    listener.reset();
    metricsListener.reset();
    db.reset();
    qCInfo(lcServer) << "stopped";
    return code;
}

} // namespace feltnotat::server
