#include "e2efixture.h"

#include "clirunner.h"
#include "core/storequeries.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace feltnotat;

namespace e2e {

Device::Device(const QString &name)
    : m_name(name)
    , m_tmp(std::make_unique<QTemporaryDir>())
    , m_dataDir(m_tmp->filePath(QStringLiteral("data")))
{ }

Device::Device(const QString &name, const QString &dataDir)
    : m_name(name)
    , m_dataDir(dataDir)
{ }

Device::~Device()
{
    close();
}

bool Device::open(QString *error)
{
    Session::Options options;
    options.dataDir = m_dataDir;
    options.keyStore = KeyStore::Kind::File;
    options.watchNetwork = false;
    options.pin = clitest::pin(); // encrypted, as on a phone; the CLI opens it with the same PIN
    options.kdf = KdfParams::cheapForTests();
    options.clock = m_clock;
    if (m_pullLimit > 0)
        options.sync.pullLimit = m_pullLimit;
    auto session = Session::open(options);
    if (!session) {
        if (error)
            *error = session.errorString();
        return false;
    }
    m_session = std::move(session).value();
    return true;
}

void Device::close()
{
    m_session.reset();
}

bool Device::login(const QUrl &server, const QString &login, QString *error)
{
    LoginJob *job = m_session->login(server, login, Password, QStringLiteral("e2e ") + m_name);
    if (!job->isFinished()) {
        QSignalSpy done(job, &LoginJob::finished);
        if (!done.wait(SyncTimeoutMs)) {
            if (error)
                *error = QStringLiteral("login timed out");
            return false;
        }
    }
    if (job->hasError()) {
        if (error)
            *error = job->errorString();
        return false;
    }
    // A successful login starts the first sync; let it finish, then sync only when told.
    if (engine().state() == SyncEngine::State::Syncing) {
        QSignalSpy cycle(&engine(), &SyncEngine::cycleFinished);
        if (!cycle.wait(SyncTimeoutMs)) {
            if (error)
                *error = QStringLiteral("first sync timed out");
            return false;
        }
    }
    engine().stop();
    return true;
}

bool Device::sync(int timeoutMs)
{
    SyncEngine &e = engine();
    QSignalSpy cycle(&e, &SyncEngine::cycleFinished);
    e.start();
    if (cycle.isEmpty() && !cycle.wait(timeoutMs)) {
        e.stop();
        qWarning("%s: sync did not finish in time", qPrintable(m_name));
        return false;
    }
    const bool ok = cycle.first().first().toBool();
    m_stateAfterSync = e.state(); // stop() leaves it Disabled
    e.stop();
    if (!ok)
        qInfo("%s: sync failed: %s", qPrintable(m_name), qPrintable(e.lastError()));
    return ok;
}

QJsonObject Device::snapshotOf(Store &store, bool withClocks)
{
    QJsonObject all;
    StoreQueries queries(store);
    for (const EntitySpec &spec : Schema::instance().entities()) {
        QJsonObject records;
        for (const Record &r : queries.select(spec.name, {}, {}, QStringLiteral("id"))) {
            QJsonObject json = r.toJson();
            if (withClocks) {
                QJsonObject clocks;
                for (auto it = r.clocks.cbegin(); it != r.clocks.cend(); ++it)
                    clocks.insert(it.key(), it.value());
                json.insert(QStringLiteral("_clocks"), clocks);
            }
            records.insert(r.id, json);
        }
        all.insert(spec.table, records);
    }
    return all;
}

QString diffSnapshots(const QJsonObject &a, const QJsonObject &b, const QString &nameA, const QString &nameB)
{
    QStringList out;
    QStringList tables = a.keys() + b.keys();
    tables.removeDuplicates();
    for (const QString &table : std::as_const(tables)) {
        const QJsonObject ra = a.value(table).toObject();
        const QJsonObject rb = b.value(table).toObject();
        QStringList ids = ra.keys() + rb.keys();
        ids.removeDuplicates();
        for (const QString &id : std::as_const(ids)) {
            if (out.size() >= 8) {
                out << QStringLiteral("…");
                return out.join(u'\n');
            }
            if (!ra.contains(id)) {
                out << QStringLiteral("%1 %2 only on %3").arg(table, id, nameB);
            } else if (!rb.contains(id)) {
                out << QStringLiteral("%1 %2 only on %3").arg(table, id, nameA);
            } else if (ra.value(id) != rb.value(id)) {
                const QJsonObject fa = ra.value(id).toObject();
                const QJsonObject fb = rb.value(id).toObject();
                QStringList fields = fa.keys() + fb.keys();
                fields.removeDuplicates();
                for (const QString &f : std::as_const(fields)) {
                    if (fa.value(f) != fb.value(f)) {
                        out << QStringLiteral("%1 %2 field %3: %4=%5 %6=%7")
                                   .arg(table, id, f, nameA,
                                       QString::fromUtf8(QJsonDocument(QJsonArray {fa.value(f)})
                                                             .toJson(QJsonDocument::Compact)),
                                       nameB,
                                       QString::fromUtf8(QJsonDocument(QJsonArray {fb.value(f)})
                                                             .toJson(QJsonDocument::Compact)));
                    }
                }
            }
        }
    }
    return out.join(u'\n');
}

int countIn(const QJsonObject &snapshot, const QString &table)
{
    return int(snapshot.value(table).toObject().size());
}

Team createTeam(testserver::ServerProcess &server, const QString &name, const QString &loginPrefix, int users,
    QString *error)
{
    Team team;
    team.id = server.createTeam(name);
    if (team.id.isEmpty()) {
        if (error)
            *error = server.errorString();
        return {};
    }
    for (int i = 1; i <= users; ++i) {
        const QString login = loginPrefix + QString::number(i);
        if (server.createUser(team.id, login, Password).isEmpty()) {
            if (error)
                *error = server.errorString();
            return {};
        }
        team.logins << login;
    }
    return team;
}

QString cliBinary()
{
    return clitest::binary();
}

QStringList cliArgs(const QString &dataDir, const QStringList &args)
{
    return QStringList {QStringLiteral("--data"), dataDir, QStringLiteral("--json")} + clitest::pinArgs()
        + args;
}

CliResult runCli(const QString &dataDir, const QStringList &args, const QByteArray &input, int timeoutMs)
{
    const clitest::Run r = clitest::run(cliArgs(dataDir, args), input, timeoutMs);
    return CliResult {r.exitCode, r.out, r.err};
}

quint64 testSeed()
{
    bool ok = false;
    quint64 seed = qEnvironmentVariable("FELTNOTAT_SEED").toULongLong(&ok);
    if (!ok)
        seed = QRandomGenerator::global()->generate64();
    qInfo("FELTNOTAT_SEED=%llu (set it to repeat this run)", static_cast<unsigned long long>(seed));
    return seed;
}

} // namespace e2e
