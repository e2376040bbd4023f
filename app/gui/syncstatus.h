#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace feltnotat {
class SyncEngine;
}

// The sync engine's status for the header that is always visible: state, pending changes,
// conflicts, dead letters, last successful sync, plus one short sentence that says it all.
class SyncStatus : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.sync")
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(bool attention READ attention NOTIFY changed)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
    Q_PROPERTY(int conflictCount READ conflictCount NOTIFY changed)
    Q_PROPERTY(int deadLetterCount READ deadLetterCount NOTIFY changed)
    Q_PROPERTY(int setAsideCount READ setAsideCount NOTIFY changed)
    Q_PROPERTY(bool caughtUp READ caughtUp NOTIFY changed)
    Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY changed)
    Q_PROPERTY(QString stateText READ stateText NOTIFY changed)
    Q_PROPERTY(QString detailText READ detailText NOTIFY changed)

public:
    // Mirrors feltnotat::SyncEngine::State; NotConnected when there is no engine or it is disabled.
    enum class State { NotConnected, UpToDate, Syncing, Waiting, Offline, LoginRequired, UpdateRequired };
    Q_ENUM(State)

    explicit SyncStatus(QObject *parent = nullptr);
    void setEngine(feltnotat::SyncEngine *engine);

    State state() const;
    bool busy() const { return state() == State::Syncing; }
    bool attention() const;
    int pendingCount() const;
    int conflictCount() const;
    int deadLetterCount() const;
    int setAsideCount() const;
    bool caughtUp() const;
    QDateTime lastSuccess() const;
    // "Frakoblet", "Synkroniserer …", "Synkronisert 10:42" …
    QString stateText() const;
    // "3 endringer venter · 1 konflikt"
    QString detailText() const;

    Q_INVOKABLE void syncNow();
    // Re-reads the counts (after local writes the engine has not noticed yet).
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void changed();

private:
    QPointer<feltnotat::SyncEngine> m_engine;
    QMetaObject::Connection m_connection;
    // Cached so that property reads from QML do not query the database every time.
    int m_pending = 0;
    int m_conflicts = 0;
    int m_dead = 0;
    int m_setAside = 0;
};
