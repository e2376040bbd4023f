#include "logincontroller.h"

#include "appcontext.h"

#include <QSysInfo>
#include <QUrl>

using namespace feltnotat;

LoginController::LoginController(QObject *parent)
    : QObject(parent)
{ }

void LoginController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void LoginController::login(const QString &server, const QString &user, const QString &password)
{
    AppContext *app = AppContext::instance();
    if (m_job || !app || !app->session())
        return;
    QString address = server.trimmed();
    if (!address.isEmpty() && !address.contains(QStringLiteral("://")))
        address.prepend(QStringLiteral("https://"));
    const QUrl url(address, QUrl::StrictMode);
    if (address.isEmpty() || !url.isValid() || url.host().isEmpty()) {
        setError(tr("Skriv serveradressen, for eksempel https://feltnotat.example.no."));
        return;
    }
    if (user.trimmed().isEmpty() || password.isEmpty()) {
        setError(tr("Skriv brukernavn og passord."));
        return;
    }
    setError({});
    m_job = app->session()->login(
        url, user.trimmed(), password, QStringLiteral("Feltnotat · ") + QSysInfo::prettyProductName());
    Q_EMIT busyChanged();
    connect(m_job, &LoginJob::finished, this, [this] {
        LoginJob *job = m_job;
        m_job = nullptr;
        if (job->hasError())
            setError(job->wrongCredentials() ? tr("Feil brukernavn eller passord.")
                                             : tr("Fikk ikke logget inn: %1").arg(job->errorString()));
        Q_EMIT busyChanged();
        job->deleteLater();
        if (!job->hasError())
            Q_EMIT succeeded();
    });
}
