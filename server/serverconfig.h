#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace feltnotat::server {

// Options of `feltnotat-server` when it serves (see helpText()).
struct ServerConfig
{
    QString database;
    QHostAddress host;
    quint16 port = 0;
    QString tlsCert;
    QString tlsKey;
    qint64 maxClockSkewMs = 5 * 60 * 1000;
    int idleTimeoutSeconds = 60;
    qint64 webhookRetryBaseMs = 10 * 1000;
    QHostAddress metricsHost; // with metricsPort > 0: GET /metrics there
    quint16 metricsPort = 0;

    // Arguments without the program name.
    static Result<ServerConfig> fromArguments(const QStringList &args);
    static Result<QPair<QHostAddress, quint16>> parseListen(const QString &text);
    static QString helpText();
};

} // namespace feltnotat::server
