#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class AppContext;
namespace feltnotat {
class LoginJob;
}

// The login page's logic: server address, user and password in, a LoginJob out; busy while it
// runs (at most timeoutMs, and cancel() stops it) and a message in the user's language when it
// fails. The password is never kept.
class LoginController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppContext *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int timeoutMs READ timeoutMs WRITE setTimeoutMs NOTIFY timeoutMsChanged)

public:
    explicit LoginController(QObject *parent = nullptr);

    // What the user typed as the server address, as the URL to use: https:// is added when no
    // scheme is given, http:// only for this machine (localhost, 127.x, ::1). Empty with *error set
    // when it cannot be used.
    static QUrl serverUrl(const QString &typed, QString *error);

    AppContext *app() const { return m_app; }
    void setApp(AppContext *app);
    bool busy() const { return m_job != nullptr; }
    QString error() const { return m_error; }
    int timeoutMs() const { return m_timeout.interval(); }
    void setTimeoutMs(int ms);

    Q_INVOKABLE void login(const QString &server, const QString &user, const QString &password);
    // Stops a login in progress; the form keeps what was typed.
    Q_INVOKABLE void cancel();

Q_SIGNALS:
    void appChanged();
    void busyChanged();
    void errorChanged();
    void timeoutMsChanged();
    void succeeded();

private:
    void setError(const QString &error);
    QPointer<AppContext> m_app;
    QPointer<feltnotat::LoginJob> m_job;
    QTimer m_timeout;
    bool m_timedOut = false;
    QString m_error;
};
