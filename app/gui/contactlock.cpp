#include "contactlock.h"

#include "app/common/session.h"
#include "formatter.h"
#include "guilogging.h"

using namespace feltnotat;

namespace {
constexpr int CheckEveryMs = 60 * 1000;
constexpr qint64 HourMs = qint64(3600) * 1000;
} // namespace

ContactLock::ContactLock(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(CheckEveryMs);
    connect(&m_timer, &QTimer::timeout, this, &ContactLock::check);
}

void ContactLock::setSession(Session *session)
{
    disconnect(m_cycle);
    m_session = session;
    if (!session) {
        m_timer.stop();
        setLocked(false);
        return;
    }
    // A sync that gets through opens the app again; one that does not may have crossed the line.
    m_cycle = connect(&session->sync(), &SyncEngine::cycleFinished, this, &ContactLock::check);
    m_timer.start();
    check();
}

void ContactLock::check()
{
    if (!m_session) {
        setLocked(false);
        return;
    }
    if (m_session->contactWipeDue()) {
        qCInfo(lcGui) << "no contact with the server for longer than the wipe period";
        Q_EMIT wipeDue();
        return;
    }
    setLocked(m_session->contactOverdue());
}

void ContactLock::setLocked(bool locked)
{
    if (locked == m_locked)
        return;
    m_locked = locked;
    qCInfo(lcGui) << (locked ? "locked: no contact with the server for too long" : "contact lock lifted");
    Q_EMIT lockedChanged();
}

QString ContactLock::reason() const
{
    if (!m_locked || !m_session)
        return {};
    const int hours = int(m_session->lockAfterMs() / HourMs);
    const int days = int(m_session->wipeAfterMs() / (24 * HourMs));
    return tr("Telefonen har ikke hatt kontakt med serveren på over %n timer, så dataene er låst til den får "
              "kontakt. Koble telefonen til nettet; appen åpner seg av seg selv når synkroniseringen går "
              "gjennom.",
               "", hours)
        + u' ' + tr("Siste kontakt: %1.").arg(Formatter::dateTime(m_session->sync().lastSuccess())) + u' '
        + tr("Etter %n dager uten kontakt slettes dataene på telefonen.", "", days);
}
