#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "I dag": overdue and today's encounters and tasks, then follow-ups due later this week, as one
// sectioned list (roles: section, entity, recordId, title, subtitle, when, overdue).
class TodayController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *items READ items CONSTANT)
    Q_PROPERTY(int overdueCount READ overdueCount NOTIFY reloaded)
    Q_PROPERTY(int todayCount READ todayCount NOTIFY reloaded)

public:
    explicit TodayController(QObject *parent = nullptr);

    VariantListModel *items() const { return m_items; }
    int overdueCount() const { return m_overdue; }
    int todayCount() const { return m_today; }
    // Marks a task done from the list.
    Q_INVOKABLE bool completeTask(const QString &taskId);

Q_SIGNALS:
    void reloaded();

protected:
    void reload() override;

private:
    VariantListModel *m_items;
    int m_overdue = 0;
    int m_today = 0;
};
