#include "clirunner.h"

#include <QProcess>
#include <QSignalSpy>

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
    return run(QStringList {QStringLiteral("--data"), dataDir} + args, input, timeoutMs);
}

} // namespace clitest
