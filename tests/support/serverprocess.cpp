#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QDebug>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslError>
#include <QTcpServer>
#include <QTimer>

#include <csignal>
#include <libpq-fe.h>

namespace testserver {

namespace {

// Health probe: true when GET /healthz answered 200.
bool healthy(const QUrl &base)
{
    QNetworkAccessManager network;
    QUrl url = base;
    url.setPath(QStringLiteral("/healthz"));
    QNetworkRequest request(url);
    request.setTransferTimeout(2000);
    QNetworkReply *reply = network.get(request);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
        [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    delete reply;
    return ok;
}

} // namespace

ServerProcess::ServerProcess()
    : ServerProcess(Options {})
{ }

ServerProcess::ServerProcess(Options options)
    : m_options(std::move(options))
{
    if (m_options.database.isEmpty()) {
        m_dir = std::make_unique<QTemporaryDir>();
        m_options.database = m_dir->filePath(QStringLiteral("server.db"));
    }
    m_tls = !m_options.tlsCert.isEmpty();
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        stop(5000);
}

QString ServerProcess::binary()
{
    return QStringLiteral(FELTNOTAT_SERVER_BIN);
}

quint16 ServerProcess::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QUrl ServerProcess::url() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

qint64 ServerProcess::pid() const
{
    return isRunning() ? m_process->processId() : 0;
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QByteArray ServerProcess::log() const
{
    QByteArray out = m_log;
    if (m_process)
        out += m_process->peek(m_process->bytesAvailable());
    return out;
}

bool ServerProcess::start(int timeoutMs)
{
    if (isRunning())
        return true;
    if (m_process)
        m_log += m_process->readAll();
    for (int attempt = 0; attempt < 3; ++attempt) {
        const bool choosePort = m_port == 0;
        if (choosePort)
            m_port = freePort();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        QStringList args {QStringLiteral("--db"), m_options.database, QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:%1").arg(m_port)};
        if (m_tls)
            args << QStringLiteral("--tls-cert") << m_options.tlsCert << QStringLiteral("--tls-key")
                 << m_options.tlsKey;
        args << m_options.extraArgs;
        m_process->start(binary(), args);
        if (!m_process->waitForStarted(5000)) {
            m_error = QStringLiteral("cannot start %1: %2").arg(binary(), m_process->errorString());
            return false;
        }
        // The server says when it listens: wait for its output rather than probing on a timer (with its
        // info log switched off, a probe after each quiet 200 ms).
        const qsizetype logStart = m_log.size();
        const QDeadlineTimer deadline(timeoutMs);
        bool quiet = false;
        while (!deadline.hasExpired()) {
            if (m_process->state() == QProcess::NotRunning)
                break;
            if ((quiet || m_log.indexOf("listening on", logStart) >= 0) && healthy(url()))
                return true;
            quiet = !m_process->waitForReadyRead(200);
            m_log += m_process->readAll();
        }
        m_log += m_process->readAll();
        if (m_process->state() != QProcess::NotRunning) {
            kill();
            m_error = QStringLiteral("the server did not become healthy in time");
            return false;
        }
        m_error = QStringLiteral("the server exited: ") + QString::fromUtf8(m_log.right(2000));
        if (!choosePort)
            return false;
        m_port = 0; // the port may have been taken meanwhile: try another one
    }
    return false;
}

void ServerProcess::kill()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(10000);
    m_log += m_process->readAll();
}

int ServerProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return m_process ? m_process->exitCode() : 0;
    m_process->terminate(); // SIGTERM
    if (!m_process->waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    m_log += m_process->readAll();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

AdminResult ServerProcess::admin(const QStringList &args, const QByteArray &input) const
{
    QProcess p;
    p.start(
        binary(), QStringList {QStringLiteral("admin"), QStringLiteral("--db"), m_options.database} + args);
    AdminResult r;
    if (!p.waitForStarted(5000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    // Some tests expect a refusal; for the others the reason shows next to their failure.
    if (r.exitCode != 0)
        qInfo().noquote() << "admin" << args.value(0) << "exited" << r.exitCode << ":" << r.err.right(600);
    return r;
}

QString ServerProcess::createTeam(const QString &name)
{
    const AdminResult r = admin({QStringLiteral("create-team"), name});
    if (r.exitCode != 0) {
        m_error = QString::fromUtf8(r.err);
        return {};
    }
    return QString::fromUtf8(r.out).trimmed();
}

QString ServerProcess::createUser(
    const QString &teamId, const QString &login, const QString &password, const QString &name)
{
    QStringList args {QStringLiteral("create-user"), QStringLiteral("--team"), teamId};
    if (!name.isEmpty())
        args << QStringLiteral("--name") << name;
    const AdminResult r = admin(args << login, password.toUtf8() + '\n');
    if (r.exitCode != 0) {
        m_error = QString::fromUtf8(r.err);
        return {};
    }
    return QString::fromUtf8(r.out).trimmed();
}

QString ServerProcess::pgUrl()
{
    return qEnvironmentVariable("FELTNOTAT_TEST_PG_URL");
}

bool ServerProcess::requirePg()
{
    return qEnvironmentVariable("FELTNOTAT_REQUIRE_PG") == u"1";
}

QString ServerProcess::freshPgDatabase(QString *error)
{
    const QString base = pgUrl();
    if (base.isEmpty())
        return {};
    const QString name = QStringLiteral("feltnotat_t_%1")
                             .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    const QByteArray conninfo = base.toUtf8();
    PGconn *conn = PQconnectdb(conninfo.constData());
    bool ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
        PGresult *res = PQexec(conn, QByteArray("CREATE DATABASE " + name.toLatin1()).constData());
        ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
    }
    if (!ok && error)
        *error = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    PQfinish(conn);
    if (!ok)
        return {};
    QUrl url(base);
    url.setPath(u'/' + name);
    return url.toString();
}

} // namespace testserver
