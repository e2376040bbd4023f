#pragma once

#include <QStringList>

namespace feltnotat::server {

// The command line of feltnotat-server: serve, `admin …`, --help, --version. Returns the exit code.
int serverMain(const QStringList &arguments);

} // namespace feltnotat::server
