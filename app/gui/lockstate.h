#pragma once

#include "core/result.h"

#include <QString>

// What the lock screen needs while the store is closed, kept in lock.json next to it (owner-only,
// no personal data): the wrong PINs in a row, which survive a restart so that killing the app does
// not reset them, and how many changes were unsent when the app last locked (the warning before a
// wipe).
class LockState
{
public:
    LockState() = default;
    explicit LockState(const QString &dataDir);

    int failedAttempts() const { return m_failed; }
    int unsentChanges() const { return m_unsent; }
    feltnotat::Status setFailedAttempts(int count);
    feltnotat::Status setUnsentChanges(int count);
    void remove();

private:
    feltnotat::Status save() const;
    QString m_path;
    int m_failed = 0;
    int m_unsent = 0;
};
