#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "I dag": overdue and today's encounters and tasks, then follow-ups due later this week, as one
// sectioned list (roles: section, entity, recordId, title, subtitle, when, overdue, status, whose).
// The user's own by default; `team` shows everyone's, and `whose` says "Meg" or "Kollega".
class TodayController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *items READ items CONSTANT)
    Q_PROPERTY(int overdueCount READ overdueCount NOTIFY reloaded)
    Q_PROPERTY(int todayCount READ todayCount NOTIFY reloaded)
    Q_PROPERTY(bool team READ team WRITE setTeam NOTIFY teamChanged)

public:
    explicit TodayController(QObject *parent = nullptr);

    VariantListModel *items() const { return m_items; }
    int overdueCount() const { return m_overdue; }
    int todayCount() const { return m_today; }
    bool team() const { return m_team; }
    void setTeam(bool team);
    // Marks a task done from the list.
    Q_INVOKABLE bool completeTask(const QString &taskId);

Q_SIGNALS:
    void reloaded();
    void teamChanged();

protected:
    void reload() override;

private:
    VariantListModel *m_items;
    int m_overdue = 0;
    int m_today = 0;
    bool m_team = false;
};
