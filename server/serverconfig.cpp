#include "serverconfig.h"

#include "office/officeadmin.h"

namespace feltnotat::server {

namespace {

Error usage(const QString &message)
{
    return makeError(ErrorCode::Invalid, message);
}

} // namespace

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
    ServerConfig config;
    QString listen;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const auto value = [&]() -> std::optional<QString> {
            if (i + 1 >= args.size())
                return std::nullopt;
            return args.at(++i);
        };
        const auto number = [&](qint64 min, qint64 max) -> std::optional<qint64> {
            const auto v = value();
            bool ok = false;
            const qint64 n = v ? v->toLongLong(&ok) : 0;
            if (!ok || n < min || n > max)
                return std::nullopt;
            return n;
        };
        if (arg == u"--db") {
            config.database = value().value_or(QString());
        } else if (arg == u"--listen") {
            listen = value().value_or(QString());
        } else if (arg == u"--tls-cert") {
            config.tlsCert = value().value_or(QString());
        } else if (arg == u"--tls-key") {
            config.tlsKey = value().value_or(QString());
        } else if (arg == u"--max-clock-skew-ms") {
            const auto n = number(0, 365LL * 24 * 3600 * 1000);
            if (!n)
                return usage(QStringLiteral("--max-clock-skew-ms wants a number of milliseconds"));
            config.maxClockSkewMs = *n;
        } else if (arg == u"--metrics-listen") {
            auto address = parseListen(value().value_or(QString()));
            if (!address || address->second == 0)
                return usage(QStringLiteral("--metrics-listen wants HOST:PORT, e.g. 127.0.0.1:9464"));
            config.metricsHost = address->first;
            config.metricsPort = address->second;
        } else if (arg == u"--webhook-retry-base-ms") {
            const auto n = number(10, 24LL * 3600 * 1000);
            if (!n)
                return usage(QStringLiteral("--webhook-retry-base-ms wants a number of milliseconds"));
            config.webhookRetryBaseMs = *n;
        } else if (arg == u"--idle-timeout-s") {
            const auto n = number(1, 24 * 3600);
            if (!n)
                return usage(QStringLiteral("--idle-timeout-s wants a number of seconds (1-86400)"));
            config.idleTimeoutSeconds = int(*n);
        } else {
            return usage(QStringLiteral("unknown argument: %1").arg(arg.left(100)));
        }
    }
    if (config.database.isEmpty())
        return usage(QStringLiteral("--db is required (an SQLite file or a postgresql:// URL)"));
    if (listen.isEmpty())
        return usage(QStringLiteral("--listen HOST:PORT is required"));
    auto address = parseListen(listen);
    if (!address)
        return address.error();
    config.host = address->first;
    config.port = address->second;
    if (config.tlsCert.isEmpty() != config.tlsKey.isEmpty())
        return usage(QStringLiteral("--tls-cert and --tls-key go together"));
    return config;
}

QString ServerConfig::helpText()
{
    return QStringLiteral(R"(Usage:
  feltnotat-server --db PATH|postgresql://URL --listen HOST:PORT [options]
  feltnotat-server admin --db PATH|postgresql://URL COMMAND [arguments]

The Feltnotat sync server: phones and feltnotat-cli push and pull records over HTTP(S)
as described in docs/sync-protocol.md. Operations guide: docs/server.md.

Serving:
  --db PATH|URL             SQLite database file (created when missing), or a PostgreSQL URL
                            postgresql://user[:password]@host[:port]/dbname (several server
                            processes may share one PostgreSQL database)
  --listen HOST:PORT        address and port to listen on, e.g. 127.0.0.1:8080, 0.0.0.0:8443
  --tls-cert FILE           PEM certificate (chain); together with --tls-key serves HTTPS
  --tls-key FILE            PEM private key, unencrypted, readable only by the server's user
  --max-clock-skew-ms N     record clocks further ahead of the server's clock than this are
                            replaced by the server's own clock (default 300000 = 5 minutes)
  --idle-timeout-s N        close connections idle for N seconds (default 60)
  --metrics-listen HOST:PORT serve GET /metrics (Prometheus text format) on this address only,
                            e.g. 127.0.0.1:9464; keep it off the public front
  --webhook-retry-base-ms N first webhook retry after N ms, doubling up to an hour, for 24 hours
                            (default 10000)
  GET /healthz answers 200 {"status":"ok",…} while the database is reachable.
  SIGTERM or SIGINT: stop accepting, finish requests in flight, close the database, exit 0.

Admin commands (safe while the server runs):
  create-team NAME                  create a team; prints its id
  create-user --team TEAM [--name NAME] LOGIN
                                    create a user in the team (id or name); the password is
                                    read from stdin (one line, at least 8 characters), never
                                    from the command line; prints the user's id
  list-users [--json]               users with their teams
  list-devices [--json]             devices: user, last sequence, last seen, revoked
  revoke-device DEVICE_ID           sign the device out; its token stops working at once
  move-participant PARTICIPANT_ID --team TEAM_ID
                                    move a participant and its encounters, tasks, employments
                                    and conflicts to another team; the old team's devices drop them
  compact [--retention-days N]      remove tombstones and drop entries older than N days
                                    (default 90); devices away longer re-sync from scratch
  seed-demo                         DEMO ONLY: team "Demo-teamet", user "demo" with password
                                    "demo", and synthetic participants, employers, encounters,
                                    tasks and employments around today. Never on real data.

%1
Other:
  -h, --help                        this text
  --version                         the server and protocol version

Exit codes: 0 success, 1 failure (database unreachable, not found, conflict), 2 usage error.
)")
        .arg(OfficeAdmin::helpText());
}

} // namespace feltnotat::server
