#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// Starts the real feltnotat-server binary on a free loopback port for integration tests: a temporary
// SQLite database by default or a PostgreSQL URL, waits for /healthz, runs admin subcommands, and
// can be killed (SIGKILL) and restarted on the same port and database.
namespace testserver {

struct AdminResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class ServerProcess
{
public:
    struct Options
    {
        QString database; // empty: a new SQLite file in a temporary folder
        QString tlsCert; // with tlsKey: serve HTTPS
        QString tlsKey;
        QStringList extraArgs;
    };

    ServerProcess();
    explicit ServerProcess(Options options);
    ~ServerProcess(); // SIGTERM, then SIGKILL if it does not stop

    bool start(int timeoutMs = 15000); // picks a port the first time, then keeps it
    bool restart(int timeoutMs = 15000) { return start(timeoutMs); }
    void kill(); // SIGKILL, and wait
    int stop(int timeoutMs = 15000); // SIGTERM, wait; the exit code, or -1 when it had to be killed
    bool isRunning() const;
    qint64 pid() const; // the running server's process id, or 0

    QUrl url() const;
    quint16 port() const { return m_port; }
    const QString &database() const { return m_options.database; }
    QByteArray log() const; // everything the server wrote to stderr/stdout so far
    QString errorString() const { return m_error; }

    AdminResult admin(const QStringList &args, const QByteArray &input = {}) const;
    // Creates a team and a user in it; returns the ids (empty on failure, see errorString()).
    QString createTeam(const QString &name);
    // The new user's id; `name` is the display name (default: the login).
    QString createUser(
        const QString &teamId, const QString &login, const QString &password, const QString &name = {});

    static QString binary();
    static quint16 freePort();
    // FELTNOTAT_TEST_PG_URL, or empty; requirePg() is true when FELTNOTAT_REQUIRE_PG=1.
    static QString pgUrl();
    static bool requirePg();
    // A new empty database on the test PostgreSQL server; its URL, or empty on failure.
    static QString freshPgDatabase(QString *error = nullptr);

private:
    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    QString m_error;
    bool m_tls = false;
};

} // namespace testserver

// In a test function: a PostgreSQL URL for a fresh database, or QSKIP (QFAIL with FELTNOTAT_REQUIRE_PG=1).
#define FELTNOTAT_PG_DATABASE_OR_SKIP(var)                                                                   \
    QString var;                                                                                             \
    do {                                                                                                     \
        if (testserver::ServerProcess::pgUrl().isEmpty()) {                                                  \
            if (testserver::ServerProcess::requirePg())                                                      \
                QFAIL("FELTNOTAT_REQUIRE_PG=1 but FELTNOTAT_TEST_PG_URL is not set");                        \
            QSKIP("FELTNOTAT_TEST_PG_URL is not set (scripts/test starts a PostgreSQL server)");             \
        }                                                                                                    \
        QString pgError_;                                                                                    \
        var = testserver::ServerProcess::freshPgDatabase(&pgError_);                                         \
        if (var.isEmpty())                                                                                   \
            QFAIL(qPrintable(QStringLiteral("cannot create a test database: ") + pgError_));                 \
    } while (false)
