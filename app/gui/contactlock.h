#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace feltnotat {
class Session;
}

// The offline policy in the app (docs/architecture.md, "Wipe"): a signed-in device that has not
// reached the server for the policy period (72 hours by default, Session::Options::lockAfterMs)
// shows only the lock screen, saying why, while sync keeps trying; the first sync that gets through
// opens it again. Past the wipe period (14 days) wipeDue() asks for the data to be destroyed.
// Checked when a session is attached, after every sync round and once a minute.
class ContactLock : public QObject
{
    Q_OBJECT

public:
    explicit ContactLock(QObject *parent = nullptr);

    // The session to watch; null while the app is locked by its PIN or has no store.
    void setSession(feltnotat::Session *session);
    bool isLocked() const { return m_locked; }
    // Why the app is locked, as sentences for the lock screen; empty when it is not.
    QString reason() const;
    // Looks at the time since the last successful sync again (the timer and the tests).
    void check();

Q_SIGNALS:
    void lockedChanged();
    void wipeDue();

private:
    void setLocked(bool locked);

    QPointer<feltnotat::Session> m_session;
    QMetaObject::Connection m_cycle;
    QTimer m_timer;
    bool m_locked = false;
};
