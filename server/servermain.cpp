#include "servermain.h"

#include "admincommands.h"
#include "core/clock.h"
#include "serverconfig.h"
#include "serverrunner.h"
#include "serverschema.h"
#include "sqlbackend.h"
#include "sync/protocol.h"

#include <QCoreApplication>
#include <QTextStream>

namespace feltnotat::server {

namespace {

int admin(const QStringList &args, QTextStream &err)
{
    // admin --db DB COMMAND …; --db may also come after the command.
    QString database;
    QStringList rest;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--db" && i + 1 < args.size())
            database = args.at(++i);
        else
            rest << args.at(i);
    }
    if (database.isEmpty()) {
        err << "feltnotat-server admin: --db PATH|postgresql://URL is required\n(see feltnotat-server --help)"
            << Qt::endl;
        return 2;
    }
    auto opened = SqlBackend::open(database);
    if (!opened) {
        err << "feltnotat-server admin: " << opened.errorString() << Qt::endl;
        return 1;
    }
    std::unique_ptr<SqlBackend> db = std::move(opened).value();
    if (Status s = ServerSchema::migrate(*db); !s) {
        err << "feltnotat-server admin: cannot prepare the database: " << s.errorString() << Qt::endl;
        return 1;
    }
    QTextStream in(stdin);
    QTextStream out(stdout);
    AdminCommands commands(*db, *SystemClock::instance(), in, out, err);
    return commands.run(rest);
}

} // namespace

int serverMain(const QStringList &arguments)
{
    QTextStream err(stderr);
    const QStringList args = arguments.mid(1);
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"))) {
        QTextStream(stdout) << ServerConfig::helpText();
        return 0;
    }
    if (args.size() == 1 && args.first() == u"--version") {
        QTextStream(stdout) << "feltnotat-server " << QCoreApplication::applicationVersion()
                            << " (sync protocol " << protocol::Version << ")" << Qt::endl;
        return 0;
    }
    if (!args.isEmpty() && args.first() == u"admin")
        return admin(args.mid(1), err);
    auto config = ServerConfig::fromArguments(args);
    if (!config) {
        err << "feltnotat-server: " << config.errorString() << "\n(see feltnotat-server --help)" << Qt::endl;
        return 2;
    }
    return ServerRunner::run(config.value());
}

} // namespace feltnotat::server
