#include "logincontroller.h"

#include "appcontext.h"

#include <QHostAddress>
#include <QSysInfo>

using namespace feltnotat;

namespace {
bool isLoopback(const QString &host)
{
    const QString h = host.toLower();
    if (h == u"localhost" || h.endsWith(QStringLiteral(".localhost")))
        return true;
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}
} // namespace

LoginController::LoginController(QObject *parent)
    : QObject(parent)
{
    // Longer than this and a user in a doorway has given up; the cancel button is there before.
    m_timeout.setInterval(15000);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_job)
            return;
        m_timedOut = true;
        m_job->cancel();
    });
}

void LoginController::setApp(AppContext *app)
{
    if (app == m_app)
        return;
    m_app = app;
    Q_EMIT appChanged();
}

void LoginController::setTimeoutMs(int ms)
{
    if (ms == m_timeout.interval())
        return;
    m_timeout.setInterval(ms);
    Q_EMIT timeoutMsChanged();
}

QUrl LoginController::serverUrl(const QString &typed, QString *error)
{
    QString address = typed.trimmed();
    if (address.isEmpty()) {
        *error = tr("Skriv serveradressen, for eksempel feltnotat.kommune.no.");
        return {};
    }
    if (!address.contains(QStringLiteral("://"))) {
        // Without a scheme: https, except for a server on this machine (development, demo).
        const QUrl probe(QStringLiteral("https://") + address, QUrl::StrictMode);
        address.prepend(probe.isValid() && isLoopback(probe.host()) ? QStringLiteral("http://")
                                                                    : QStringLiteral("https://"));
    }
    QUrl url(address, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.scheme().isEmpty()
        || (url.scheme() != u"https" && url.scheme() != u"http") || !url.userInfo().isEmpty()
        || url.hasQuery() || url.hasFragment()) {
        *error
            = tr("«%1» er ikke en serveradresse. Skriv den slik: feltnotat.kommune.no.").arg(typed.trimmed());
        return {};
    }
    if (url.scheme() == u"http" && !isLoopback(url.host())) {
        *error = tr("Adressen må begynne med https:// (kryptert forbindelse). http:// brukes bare mot "
                    "en server på denne maskinen.");
        return {};
    }
    url.setHost(url.host().toLower());
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    return url;
}

void LoginController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void LoginController::login(const QString &server, const QString &user, const QString &password)
{
    if (m_job || !m_app || !m_app->session())
        return;
    QString error;
    const QUrl url = serverUrl(server, &error);
    if (!url.isValid()) {
        setError(error);
        return;
    }
    if (user.trimmed().isEmpty() || password.isEmpty()) {
        setError(user.trimmed().isEmpty() ? tr("Skriv brukernavnet ditt.") : tr("Skriv passordet ditt."));
        return;
    }
    setError({});
    m_timedOut = false;
    m_job = m_app->session()->login(
        url, user.trimmed(), password, QStringLiteral("Feltnotat · ") + QSysInfo::prettyProductName());
    m_timeout.start();
    Q_EMIT busyChanged();
    connect(m_job, &LoginJob::finished, this, [this] {
        m_timeout.stop();
        LoginJob *job = m_job;
        m_job = nullptr;
        job->deleteLater();
        if (m_timedOut)
            setError(tr("Serveren svarte ikke innen %n sekunder. Sjekk adressen og nettet, og prøv igjen.",
                "", m_timeout.interval() / 1000));
        else if (job->wasCancelled())
            setError({});
        else if (job->hasError())
            setError(job->errorString());
        Q_EMIT busyChanged();
        if (!job->hasError())
            Q_EMIT succeeded();
    });
}

void LoginController::cancel()
{
    if (m_job)
        m_job->cancel();
}
