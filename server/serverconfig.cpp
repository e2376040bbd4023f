#include "serverconfig.h"

#include "admincommands.h"
#include "databaseopener.h"
#include "office/officeadmin.h"
#include "sync/protocol.h"

namespace feltnotat::server {

namespace {

Error usage(const QString &message)
{
    return makeError(ErrorCode::Invalid, message);
}

// A whole number within [min, max] from an option, or an error naming the option.
Result<qint64> number(const QCommandLineParser &p, const QString &name, qint64 fallback, qint64 min,
    qint64 max, const QString &unit)
{
    if (!p.isSet(name))
        return fallback;
    bool ok = false;
    const qint64 n = p.value(name).toLongLong(&ok);
    if (!ok || n < min || n > max)
        return usage(QStringLiteral("--%1 wants a number of %2 (%3-%4)").arg(name, unit).arg(min).arg(max));
    return n;
}

} // namespace

void ServerConfig::addOptions(QCommandLineParser &parser)
{
    using O = QCommandLineOption;
    parser.addOption(
        O({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")));
    parser.addOption(O(QStringLiteral("version"), QStringLiteral("Show the server and protocol version.")));
    parser.addOptions(DatabaseOpener::options());
    parser.addOptions({
        O(QStringLiteral("listen"), QStringLiteral("Address and port to listen on, e.g. 127.0.0.1:8077."),
            QStringLiteral("HOST:PORT")),
        O(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate (chain); with --tls-key serves HTTPS."),
            QStringLiteral("FILE")),
        O(QStringLiteral("tls-key"),
            QStringLiteral("PEM private key, unencrypted, readable only by the server's user."),
            QStringLiteral("FILE")),
        O(QStringLiteral("allow-plain-http"),
            QStringLiteral("Serve plain HTTP on an address other than loopback (only behind a TLS proxy on a "
                           "trusted network); without it and without TLS, --listen must be loopback.")),
        O(QStringLiteral("max-clock-skew-ms"),
            QStringLiteral(
                "Record clocks further ahead than this are replaced by the server's (default 300000)."),
            QStringLiteral("N")),
        O(QStringLiteral("idle-timeout-s"),
            QStringLiteral("Close keep-alive connections idle this long (default 60)."), QStringLiteral("N")),
        O(QStringLiteral("metrics-listen"),
            QStringLiteral("Serve GET /metrics (Prometheus text format) on this address only, e.g. "
                           "127.0.0.1:9464; keep it off the public front."),
            QStringLiteral("HOST:PORT")),
        O(QStringLiteral("webhook-retry-base-ms"),
            QStringLiteral(
                "First webhook retry after N ms, doubling up to an hour, for 24 hours (default 10000)."),
            QStringLiteral("N")),
        O(QStringLiteral("head-timeout-s"),
            QStringLiteral("A whole request head must arrive within N seconds, a body within N plus 1 per "
                           "64 KiB (default 10)."),
            QStringLiteral("N")),
        O(QStringLiteral("workers"),
            QStringLiteral("Request handler threads (default: the number of cores, 2-16)."),
            QStringLiteral("N")),
        O(QStringLiteral("login-workers"),
            QStringLiteral("Password hashing threads for logins (default: half the cores, at least 1)."),
            QStringLiteral("N")),
        O(QStringLiteral("max-connections-per-address"),
            QStringLiteral(
                "Open connections one client address may hold (default 64; a trusted proxy has no cap)."),
            QStringLiteral("N")),
        O(QStringLiteral("trusted-proxy"),
            QStringLiteral(
                "A reverse proxy (e.g. nginx on 127.0.0.1) whose X-Real-IP header gives the client "
                "address for every per-address rule; may be given several times."),
            QStringLiteral("ADDRESS")),
        O(QStringLiteral("token-lifetime-days"),
            QStringLiteral(
                "A device token unused this long is refused (token_expired); 0 = never (default 30)."),
            QStringLiteral("N")),
        O(QStringLiteral("idle-lock-minutes"),
            QStringLiteral("The app on the devices locks after this many minutes without use, 1 to 60 "
                           "(default 5; sent with every login and pull)."),
            QStringLiteral("N")),
    });
}

Result<QPair<QHostAddress, quint16>> ServerConfig::parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return usage(QStringLiteral("--listen wants HOST:PORT, e.g. 127.0.0.1:8080"));
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return usage(QStringLiteral("--listen: the port must be a number from 0 to 65535"));
    QHostAddress address;
    if (host == u"localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return usage(QStringLiteral("--listen: the host must be an IP address or localhost"));
    return qMakePair(address, quint16(port));
}

Result<ServerConfig> ServerConfig::fromArguments(const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addOptions(p);
    if (!p.parse(QStringList {QStringLiteral("feltnotat-server")} + args))
        return usage(p.errorText());
    if (!p.positionalArguments().isEmpty())
        return usage(
            QStringLiteral("unexpected argument: %1").arg(p.positionalArguments().constFirst().left(100)));
    ServerConfig config;
    config.database = p.value(QStringLiteral("db"));
    config.databasePasswordFile = p.value(QStringLiteral("db-password-file"));
    config.tlsCert = p.value(QStringLiteral("tls-cert"));
    config.tlsKey = p.value(QStringLiteral("tls-key"));
    auto skew = number(p, QStringLiteral("max-clock-skew-ms"), config.maxClockSkewMs, 0,
        365LL * 24 * 3600 * 1000, QStringLiteral("milliseconds"));
    auto idle = number(p, QStringLiteral("idle-timeout-s"), config.idleTimeoutSeconds, 1, 24 * 3600,
        QStringLiteral("seconds"));
    auto lifetime = number(
        p, QStringLiteral("token-lifetime-days"), config.tokenLifetimeDays, 0, 3650, QStringLiteral("days"));
    auto idleLock = number(p, QStringLiteral("idle-lock-minutes"), config.idleLockMinutes,
        protocol::DevicePolicy::MinIdleLockMinutes, protocol::DevicePolicy::MaxIdleLockMinutes,
        QStringLiteral("minutes"));
    auto webhookRetry = number(p, QStringLiteral("webhook-retry-base-ms"), config.webhookRetryBaseMs, 10,
        24LL * 3600 * 1000, QStringLiteral("milliseconds"));
    auto headTimeout = number(
        p, QStringLiteral("head-timeout-s"), config.headTimeoutSeconds, 1, 3600, QStringLiteral("seconds"));
    auto workers = number(p, QStringLiteral("workers"), 0, 1, 64, QStringLiteral("threads"));
    auto loginWorkers = number(p, QStringLiteral("login-workers"), 0, 1, 64, QStringLiteral("threads"));
    auto perAddress = number(p, QStringLiteral("max-connections-per-address"),
        config.maxConnectionsPerAddress, 1, 100000, QStringLiteral("connections"));
    for (const auto *n : {&skew, &idle, &lifetime, &idleLock, &webhookRetry, &workers, &loginWorkers,
             &perAddress, &headTimeout}) {
        if (!*n)
            return n->error();
    }
    config.maxClockSkewMs = skew.value();
    config.idleTimeoutSeconds = int(idle.value());
    config.tokenLifetimeDays = int(lifetime.value());
    config.idleLockMinutes = int(idleLock.value());
    config.webhookRetryBaseMs = webhookRetry.value();
    config.workers = int(workers.value());
    config.headTimeoutSeconds = int(headTimeout.value());
    config.loginWorkers = int(loginWorkers.value());
    config.maxConnectionsPerAddress = int(perAddress.value());
    for (const QString &proxy : p.values(QStringLiteral("trusted-proxy"))) {
        QHostAddress address;
        if (!address.setAddress(proxy))
            return usage(QStringLiteral("--trusted-proxy wants an IP address, e.g. 127.0.0.1"));
        config.trustedProxies.append(address);
    }
    if (config.database.isEmpty())
        return usage(QStringLiteral("--db is required (an SQLite file or a postgresql:// URL)"));
    if (!p.isSet(QStringLiteral("listen")))
        return usage(QStringLiteral("--listen HOST:PORT is required"));
    auto address = parseListen(p.value(QStringLiteral("listen")));
    if (!address)
        return address.error();
    config.host = address->first;
    config.port = address->second;
    if (p.isSet(QStringLiteral("metrics-listen"))) {
        auto metrics = parseListen(p.value(QStringLiteral("metrics-listen")));
        if (!metrics || metrics->second == 0)
            return usage(QStringLiteral("--metrics-listen wants HOST:PORT, e.g. 127.0.0.1:9464"));
        config.metricsHost = metrics->first;
        config.metricsPort = metrics->second;
    }
    if (config.tlsCert.isEmpty() != config.tlsKey.isEmpty())
        return usage(QStringLiteral("--tls-cert and --tls-key go together"));
    // Passwords and tokens in clear text stay on this machine (security review L6).
    if (config.tlsCert.isEmpty() && !config.host.isLoopback() && !p.isSet(QStringLiteral("allow-plain-http")))
        return usage(
            QStringLiteral("--listen on an address other than loopback needs --tls-cert and --tls-key "
                           "(or --allow-plain-http behind a TLS proxy)"));
    return config;
}

QString ServerConfig::helpText()
{
    QCommandLineParser p;
    addOptions(p);
    QString options = p.helpText();
    options = options.mid(options.indexOf(u'\n') + 1); // our own usage lines instead of the binary's path
    return QStringLiteral(R"(Usage:
  feltnotat-server --db PATH|postgresql://URL --listen HOST:PORT [options]
  feltnotat-server admin --db PATH|postgresql://URL COMMAND [arguments]

The Feltnotat sync server: phones and feltnotat-cli push and pull records over HTTP(S)
as described in docs/sync-protocol.md. Operations guide: docs/server.md.
GET /healthz answers 200 {"status":"ok",…} while the database is reachable.
SIGTERM or SIGINT: stop accepting, finish requests in flight, close the database, exit 0.
)") + options
        + QStringLiteral("\nAdmin commands (safe while the server runs; COMMAND --help for details):\n")
        + AdminCommands::summary() + QStringLiteral(R"(
Exit codes (server and admin commands):
  0  success (the server: stopped by SIGTERM/SIGINT)
  1  failure: not found, conflict, cannot listen
  2  usage error
  3  database unreachable or unusable
  4  unsafe set-up refused: a password in the PostgreSQL URL, a key or password file others can
     read, a database folder others can write to
)");
}

} // namespace feltnotat::server
