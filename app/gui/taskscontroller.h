#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Oppgaver": open tasks by due date in sections (overdue, today, this week, later, no date), then
// the done ones ("Gjort", to reopen); roles: section, recordId, title, subtitle, when, overdue,
// done, whose. The user's own by default; `team` shows everyone's.
class TasksController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *tasks READ tasks CONSTANT)
    Q_PROPERTY(bool team READ team WRITE setTeam NOTIFY teamChanged)
    Q_PROPERTY(bool showDone READ showDone WRITE setShowDone NOTIFY showDoneChanged)

public:
    explicit TasksController(QObject *parent = nullptr);
    VariantListModel *tasks() const { return m_tasks; }
    bool team() const { return m_team; }
    void setTeam(bool team);
    bool showDone() const { return m_showDone; }
    void setShowDone(bool show);
    // Ticks a task off, or (done = false) opens it again; both can be undone with the other.
    Q_INVOKABLE bool complete(const QString &taskId, bool done = true);

Q_SIGNALS:
    void teamChanged();
    void showDoneChanged();

protected:
    void reload() override;
    bool interestedIn(const QStringList &entities) const override;

private:
    VariantListModel *m_tasks;
    bool m_team = false;
    bool m_showDone = false;
};
