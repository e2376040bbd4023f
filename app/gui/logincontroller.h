#pragma once

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace feltnotat {
class LoginJob;
}

// The login page's logic: server address, user and password in, a LoginJob out; busy while it
// runs and a message the user can act on when it fails. The password is never kept.
class LoginController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit LoginController(QObject *parent = nullptr);
    bool busy() const { return m_job != nullptr; }
    QString error() const { return m_error; }

    Q_INVOKABLE void login(const QString &server, const QString &user, const QString &password);

Q_SIGNALS:
    void busyChanged();
    void errorChanged();
    void succeeded();

private:
    void setError(const QString &error);
    QPointer<feltnotat::LoginJob> m_job;
    QString m_error;
};
