#pragma once

#include "core/result.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace feltnotat::server {

// Options of `feltnotat-server` when it serves (see helpText()).
struct ServerConfig
{
    // Exit codes of the server and of every admin command (docs/server.md).
    enum ExitCode { Ok = 0, Failed = 1, Usage = 2, DatabaseUnavailable = 3, Unsafe = 4 };

    QString database;
    QString databasePasswordFile;
    QHostAddress host;
    quint16 port = 0;
    QString tlsCert;
    QString tlsKey;
    qint64 maxClockSkewMs = 5 * 60 * 1000;
    int idleTimeoutSeconds = 60;
    int headTimeoutSeconds = 10; // a whole request head; a body gets this plus 1 s per 64 KiB
    qint64 webhookRetryBaseMs = 10 * 1000;
    QHostAddress metricsHost; // with metricsPort > 0: GET /metrics there
    quint16 metricsPort = 0;
    int tokenLifetimeDays = 30; // 0 = tokens never expire
    int idleLockMinutes = 5; // the devices' app lock after this long without use (a device policy)
    int workers = 0; // request handler threads; 0 = from the number of cores
    int loginWorkers = 0; // password hashing threads; 0 = half the cores
    int maxConnectionsPerAddress = 64;
    QList<QHostAddress> trustedProxies; // X-Real-IP is believed from these only

    // Arguments without the program name.
    static Result<ServerConfig> fromArguments(const QStringList &args);
    static Result<QPair<QHostAddress, quint16>> parseListen(const QString &text);
    static QString helpText();

private:
    static void addOptions(QCommandLineParser &parser);
};

} // namespace feltnotat::server
