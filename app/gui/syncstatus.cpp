#include "syncstatus.h"

#include "formatter.h"
#include "sync/syncengine.h"

#include <QCoreApplication>

using feltnotat::SyncEngine;

SyncStatus::SyncStatus(QObject *parent)
    : QObject(parent)
{ }

void SyncStatus::setEngine(SyncEngine *engine)
{
    disconnect(m_connection);
    m_engine = engine;
    if (engine)
        m_connection = connect(engine, &SyncEngine::statusChanged, this, &SyncStatus::refresh);
    refresh();
}

void SyncStatus::refresh()
{
    m_pending = m_engine ? int(m_engine->pendingCount()) : 0;
    m_conflicts = m_engine ? int(m_engine->conflictCount()) : 0;
    m_dead = m_engine ? int(m_engine->deadLetterCount()) : 0;
    m_setAside = m_engine ? int(m_engine->setAsideCount()) : 0;
    Q_EMIT changed();
}

SyncStatus::State SyncStatus::state() const
{
    if (!m_engine)
        return State::NotConnected;
    switch (m_engine->state()) {
    case SyncEngine::State::Disabled:
        return State::NotConnected;
    case SyncEngine::State::Idle:
        return State::UpToDate;
    case SyncEngine::State::Syncing:
        return State::Syncing;
    case SyncEngine::State::Waiting:
        return State::Waiting;
    case SyncEngine::State::Offline:
        return State::Offline;
    case SyncEngine::State::Unauthorized:
        return State::LoginRequired;
    case SyncEngine::State::UpdateRequired:
        return State::UpdateRequired;
    }
    return State::NotConnected;
}

bool SyncStatus::attention() const
{
    const State s = state();
    return m_conflicts > 0 || m_dead > 0 || m_setAside > 0 || s == State::LoginRequired
        || s == State::UpdateRequired;
}

int SyncStatus::pendingCount() const
{
    return m_pending;
}

int SyncStatus::conflictCount() const
{
    return m_conflicts;
}

int SyncStatus::deadLetterCount() const
{
    return m_dead;
}

int SyncStatus::setAsideCount() const
{
    return m_setAside;
}

bool SyncStatus::caughtUp() const
{
    return m_engine && m_engine->caughtUp();
}

QDateTime SyncStatus::lastSuccess() const
{
    return m_engine ? m_engine->lastSuccess() : QDateTime();
}

QString SyncStatus::stateText() const
{
    const QDateTime last = lastSuccess();
    const QString lastText = !last.isValid() ? QString()
        : last.toTimeZone(Formatter::zone()).date()
            == QDateTime::currentDateTime().toTimeZone(Formatter::zone()).date()
        ? Formatter::time(last)
        : Formatter::dateTime(last);
    switch (state()) {
    case State::NotConnected:
        // Logged in with syncing paused (e.g. while rendering screenshots): say when it last synced.
        return last.isValid() ? tr("Sist synkronisert %1").arg(lastText) : tr("Ikke koblet til server");
    case State::Syncing:
        return tr("Synkroniserer …");
    case State::Offline:
        return last.isValid() ? tr("Frakoblet · sist synkronisert %1").arg(lastText) : tr("Frakoblet");
    case State::Waiting:
        return last.isValid() ? tr("Får ikke kontakt · sist synkronisert %1").arg(lastText)
                              : tr("Får ikke kontakt");
    case State::LoginRequired:
        return tr("Logg inn på nytt for å synkronisere");
    case State::UpdateRequired:
        return tr("Appen må oppdateres for å synkronisere");
    case State::UpToDate:
        return last.isValid() ? tr("Synkronisert %1").arg(lastText) : tr("Ikke synkronisert ennå");
    }
    return {};
}

QString SyncStatus::detailText() const
{
    QStringList parts;
    if (m_pending > 0)
        parts << tr("%n endringer venter", "", m_pending);
    if (m_conflicts > 0)
        parts << tr("%n konflikter", "", m_conflicts);
    if (m_dead > 0)
        parts << tr("%n endringer avvist", "", m_dead);
    if (m_setAside > 0)
        parts << tr("%n poster fra serveren kunne ikke lagres", "", m_setAside);
    if (parts.isEmpty())
        return tr("Alt er sendt");
    return parts.join(QStringLiteral(" · "));
}

void SyncStatus::syncNow()
{
    if (m_engine)
        m_engine->syncNow();
}
