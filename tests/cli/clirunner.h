#pragma once

// The real feltnotat-cli as operators run it: a child process with its arguments, standard input and
// environment; exit code, standard output and standard error as it wrote them.
#include <QByteArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

namespace feltnotat {
class Store;
}

namespace clitest {

struct Run
{
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    // One line for a failed QVERIFY2: exit code and both streams.
    QByteArray describe() const;
};

QString binary();

// The PIN every test store of the CLI is made with, and the owner-only file that holds it.
QByteArray pin();
QString pinFile();
// {"--pin-file", pinFile()}: what every run on a data folder passes.
QStringList pinArgs();
// The store the CLI made in a data folder, opened in this process with pin() (null on failure).
std::unique_ptr<feltnotat::Store> openStore(const QString &dataDir);

// Runs `feltnotat-cli args…` (no options added) and waits with the event loop running (a test server
// or proxy may live in this process).
Run run(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 120000,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
// run() on a data folder: `--data dir --pin-file <pinFile()> args…`.
Run on(const QString &dataDir, const QStringList &args, const QByteArray &input = {}, int timeoutMs = 120000);

} // namespace clitest
