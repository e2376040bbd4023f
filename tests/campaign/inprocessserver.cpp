#include "inprocessserver.h"

#include "core/idsource.h"
#include "server/accounts.h"
#include "server/serverschema.h"
#include "sync/protocol.h"

#include <QUrlQuery>

using namespace feltnotat;
using namespace feltnotat::server;

namespace campaign {

InProcessServer::InProcessServer(QString database, const Clock &clock)
    : m_database(std::move(database))
    , m_clock(clock)
{ }

InProcessServer::~InProcessServer() = default;

Status InProcessServer::start()
{
    if (m_api)
        return Status::success();
    auto db = SqlBackend::open(m_database);
    if (!db)
        return db.error();
    m_db = std::move(db).value();
    if (Status s = ServerSchema::migrate(*m_db); !s)
        return s;
    // A node id as ServerRunner::newNodeId() makes, from the id source: seeded in the simulation.
    m_hlc = std::make_unique<HlcClock>(
        &m_clock, QStringLiteral("srv") + IdSource::current().newRandomUuid().left(12));
    m_api = std::make_unique<SyncApi>(*m_db, m_clock, *m_hlc, SyncApi::Options {});
    return Status::success();
}

void InProcessServer::kill()
{
    m_api.reset();
    m_hlc.reset();
    m_db.reset();
}

testnet::MockResponse InProcessServer::handle(const testnet::MockRequest &request)
{
    if (!m_api)
        return testnet::MockResponse::failure(QNetworkReply::ConnectionRefusedError);
    ApiRequest r;
    r.method = request.method;
    r.path = request.url.path();
    r.query = QUrlQuery(request.url);
    r.headers = request.headers;
    r.body = request.body;
    if (m_sabotageEvery > 0 && r.path == u"/v1/push" && ++m_pushes % m_sabotageEvery == 0) {
        // The device is told its whole batch is in, but nothing is applied.
        auto push = protocol::PushRequest::parse(request.plainBody());
        if (push && !push->items.isEmpty()) {
            protocol::PushResponse lie;
            lie.appliedThrough = push->items.last().mutation.seq;
            return testnet::MockResponse::json(lie.toJson());
        }
    }
    const ApiResponse answer = m_api->handle(r);
    testnet::MockResponse out;
    out.status = answer.status;
    out.body = answer.body;
    out.headers = answer.headers;
    out.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return out;
}

Result<QString> InProcessServer::createTeam(const QString &name)
{
    return Accounts(*m_db, m_clock).createTeam(name);
}

Status InProcessServer::createUser(const QString &teamId, const QString &login, const QString &password)
{
    auto r = Accounts(*m_db, m_clock).createUser(teamId, login, login, password);
    return r ? Status::success() : Status(r.error());
}

Result<QHash<QString, qint64>> InProcessServer::lastSeqs()
{
    auto devices = Accounts(*m_db, m_clock).devices();
    if (!devices)
        return devices.error();
    QHash<QString, qint64> out;
    for (const DeviceRow &d : devices.value())
        out.insert(d.id, d.lastSeq);
    return out;
}

} // namespace campaign
