#pragma once

#include "serverconfig.h"

namespace feltnotat::server {

// Serving mode: opens and migrates the database, listens (optionally with TLS) and runs until
// SIGTERM/SIGINT, then shuts down gracefully. Returns the process exit code.
class ServerRunner
{
public:
    static int run(const ServerConfig &config);

    // A node id for this process's hybrid logical clock: "srv" and random hex, so that several
    // server processes never issue the same clock.
    static QString newNodeId();
};

} // namespace feltnotat::server
