#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Oppgaver": open tasks by due date in sections (overdue, today, this week, later, no date);
// roles: section, recordId, title, subtitle, when, overdue.
class TasksController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *tasks READ tasks CONSTANT)

public:
    explicit TasksController(QObject *parent = nullptr);
    VariantListModel *tasks() const { return m_tasks; }
    Q_INVOKABLE bool complete(const QString &taskId);

protected:
    void reload() override;
    bool interestedIn(const QStringList &entities) const override;

private:
    VariantListModel *m_tasks;
};
