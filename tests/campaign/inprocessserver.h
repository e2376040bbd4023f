#pragma once

#include "core/clock.h"
#include "core/hlc.h"
#include "server/sqlbackend.h"
#include "server/syncapi.h"
#include "support/mocknetwork.h"

#include <memory>

namespace campaign {

// The server's request handling (SyncApi over a database) in this process, answering a mock network:
// what the campaign's deterministic mode talks to instead of a feltnotat-server process. "Killing" it
// drops the API and its database connection at once; the database file stays, as after a SIGKILL.
class InProcessServer
{
public:
    InProcessServer(QString database, const feltnotat::Clock &clock);
    ~InProcessServer();

    feltnotat::Status start();
    void kill();
    bool isUp() const { return bool(m_api); }

    testnet::MockResponse handle(const testnet::MockRequest &request);
    // The checker's own test: every n-th push is confirmed without being applied (a lost write).
    void sabotagePushes(int everyNth) { m_sabotageEvery = everyNth; }

    feltnotat::Result<QString> createTeam(const QString &name);
    feltnotat::Status createUser(const QString &teamId, const QString &login, const QString &password);
    // The last sequence number the server recorded per device id.
    feltnotat::Result<QHash<QString, qint64>> lastSeqs();

private:
    QString m_database;
    const feltnotat::Clock &m_clock;
    std::unique_ptr<feltnotat::server::SqlBackend> m_db;
    std::unique_ptr<feltnotat::HlcClock> m_hlc;
    std::unique_ptr<feltnotat::server::SyncApi> m_api;
    int m_sabotageEvery = 0;
    int m_pushes = 0;
};

} // namespace campaign
