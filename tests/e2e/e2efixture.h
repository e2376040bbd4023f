#pragma once

// End-to-end helpers: client devices (the real Session, Store and SyncEngine in a data folder of
// their own), the real feltnotat-cli as a child process, and full snapshots of what a device holds.
#include "app/common/session.h"
#include "support/serverprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace e2e {

inline const QString Password = QStringLiteral("testpassord-1");
// Generous: CI has two slow cores and also runs under ASan.
constexpr int SyncTimeoutMs = 180000;

// One client device: a data folder and a Session on it. Syncs only when told to (the engine is
// stopped between cycles), so everything written in between is "offline".
class Device
{
public:
    explicit Device(const QString &name); // a new temporary data folder
    Device(const QString &name, const QString &dataDir); // an existing one (e.g. shared with the CLI)
    ~Device();

    // The sync engine's records per pull page for sessions opened after this (0: the app's default).
    void setPullLimit(int records) { m_pullLimit = records; }
    // The clock of sessions opened after this (a test clock; null: the system clock).
    void setClock(const feltnotat::Clock *clock) { m_clock = clock; }
    bool open(QString *error = nullptr);
    void close(); // the Session goes away; the data folder stays
    bool isOpen() const { return bool(m_session); }

    // Logs in (password as a user types it), lets the first sync run, then stops automatic syncing.
    bool login(const QUrl &server, const QString &login, QString *error = nullptr);
    // One sync cycle (push everything, pull until caught up); true when it succeeded.
    bool sync(int timeoutMs = SyncTimeoutMs);
    // The engine's state when the last sync() ended (before automatic syncing was stopped again).
    feltnotat::SyncEngine::State stateAfterSync() const { return m_stateAfterSync; }

    const QString &name() const { return m_name; }
    QString dataDir() const { return m_dataDir; }
    feltnotat::Session &session() { return *m_session; }
    feltnotat::Store &store() { return m_session->store(); }
    feltnotat::SyncEngine &engine() { return m_session->sync(); }
    QString deviceId() { return store().deviceId(); }
    qint64 pending() { return engine().pendingCount(); }

    // Every live record of every type (deleted ones left out), values and field clocks, by table
    // and id.
    QJsonObject snapshot(bool withClocks = true) { return snapshotOf(store(), withClocks); }
    static QJsonObject snapshotOf(feltnotat::Store &store, bool withClocks = true);

private:
    QString m_name;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<feltnotat::Session> m_session;
    feltnotat::SyncEngine::State m_stateAfterSync = feltnotat::SyncEngine::State::Disabled;
    int m_pullLimit = 0;
    const feltnotat::Clock *m_clock = nullptr;
};

// "" when equal, otherwise the first few differences, readable in a test failure.
QString diffSnapshots(const QJsonObject &a, const QJsonObject &b, const QString &nameA = QStringLiteral("a"),
    const QString &nameB = QStringLiteral("b"));
// Number of records of one table in a snapshot.
int countIn(const QJsonObject &snapshot, const QString &table);

// A team with users on a server: the users' logins are "<prefix>1", "<prefix>2", … with e2e::Password.
struct Team
{
    QString id;
    QStringList logins;
};
Team createTeam(testserver::ServerProcess &server, const QString &name, const QString &loginPrefix, int users,
    QString *error = nullptr);

// The real feltnotat-cli.
struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};
QString cliBinary();
QStringList cliArgs(const QString &dataDir, const QStringList &args);
CliResult runCli(const QString &dataDir, const QStringList &args, const QByteArray &input = {},
    int timeoutMs = SyncTimeoutMs);

// The seed for randomised tests: FELTNOTAT_SEED if set, otherwise a new one; printed either way.
quint64 testSeed();

} // namespace e2e
