#pragma once

// What the fleet replay (feltnotat-bench-fleet) counts: request times per kind, errors and volumes.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace feltnotat::bench::fleet {

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

} // namespace feltnotat::bench::fleet
