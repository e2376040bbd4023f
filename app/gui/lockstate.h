#pragma once

#include "core/result.h"

#include <QString>

// What the lock screen needs while the store is closed, kept in lock.json next to it (owner-only,
// no personal data): the wrong PINs in a row, which survive a restart so that killing the app does
// not reset them, and how many changes were unsent when the app last locked (the warning before a
// wipe), and the user's language ("nb" or "en"), so the lock screen speaks it before the store
// is open.
class LockState
{
public:
    LockState() = default;
    explicit LockState(const QString &dataDir);

    int failedAttempts() const { return m_failed; }
    int unsentChanges() const { return m_unsent; }
    feltnotat::Status setFailedAttempts(int count);
    feltnotat::Status setUnsentChanges(int count);
    QString language() const { return m_language; } // empty until one was chosen
    feltnotat::Status setLanguage(const QString &language);
    void remove();

private:
    feltnotat::Status save() const;
    QString m_path;
    int m_failed = 0;
    int m_unsent = 0;
    QString m_language;
};
