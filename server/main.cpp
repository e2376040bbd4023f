// feltnotat-server: the central sync server (docs/server.md).
#include "server/servermain.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("feltnotat-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FELTNOTAT_VERSION));
    return feltnotat::server::serverMain(QCoreApplication::arguments());
}
