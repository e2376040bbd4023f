#include "servermain.h"

#include "admincommands.h"
#include "serverconfig.h"
#include "serverrunner.h"
#include "sync/protocol.h"

#include <QCoreApplication>
#include <QTextStream>

#include <sys/stat.h>

namespace feltnotat::server {

int serverMain(const QStringList &arguments)
{
    // Everything this process creates (SQLite database, WAL, SHM) is for the server's user only.
    ::umask(077);
    QTextStream err(stderr);
    const QStringList args = arguments.mid(1);
    if (!args.isEmpty() && args.first() == u"admin") {
        QTextStream in(stdin);
        QTextStream out(stdout);
        return AdminCommands::main(args.mid(1), in, out, err);
    }
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"))) {
        QTextStream(stdout) << ServerConfig::helpText();
        return ServerConfig::Ok;
    }
    if (args.size() == 1 && args.first() == u"--version") {
        QTextStream(stdout) << "feltnotat-server " << QCoreApplication::applicationVersion()
                            << " (sync protocol " << protocol::Version << ")" << Qt::endl;
        return ServerConfig::Ok;
    }
    auto config = ServerConfig::fromArguments(args);
    if (!config) {
        err << "feltnotat-server: " << config.errorString() << "\n(see feltnotat-server --help)" << Qt::endl;
        return ServerConfig::Usage;
    }
    return ServerRunner::run(config.value());
}

} // namespace feltnotat::server
