#include "clirunner.h"

#include "core/keyfile.h"
#include "core/store.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace clitest {

QByteArray Run::describe() const
{
    return "exit " + QByteArray::number(exitCode) + "\nstdout: " + out.left(2000)
        + "\nstderr: " + err.left(2000);
}

QString binary()
{
    return QStringLiteral(FELTNOTAT_CLI_BIN);
}

QByteArray pin()
{
    return QByteArrayLiteral("582047");
}

QString pinFile()
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pin"));
    if (!QFile::exists(path)) {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            file.write(pin() + '\n');
        }
    }
    return path;
}

QStringList pinArgs()
{
    return {QStringLiteral("--pin-file"), pinFile()};
}

std::unique_ptr<feltnotat::Store> openStore(const QString &dataDir)
{
    using namespace feltnotat;
    auto key = keyfile::unlock(QDir(dataDir).filePath(QStringLiteral("feltnotat.key")), pin(), nullptr);
    if (!key) {
        qWarning("%s", qPrintable(key.errorString()));
        return nullptr;
    }
    StoreOptions options;
    options.key = key.value();
    auto store = Store::open(QDir(dataDir).filePath(QStringLiteral("feltnotat.db")), options);
    if (!store) {
        qWarning("%s", qPrintable(store.errorString()));
        return nullptr;
    }
    return std::move(store).value();
}

Run run(const QStringList &args, const QByteArray &input, int timeoutMs, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary(), args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (p.state() != QProcess::NotRunning) {
        QSignalSpy finished(&p, &QProcess::finished);
        if (!finished.wait(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run on(const QString &dataDir, const QStringList &args, const QByteArray &input, int timeoutMs)
{
    return run(QStringList {QStringLiteral("--data"), dataDir} + pinArgs() + args, input, timeoutMs);
}

} // namespace clitest
