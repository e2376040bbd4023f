#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("feltnotat-cli"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    feltnotat::Cli cli(out, err);
    return cli.run(QCoreApplication::arguments());
}
