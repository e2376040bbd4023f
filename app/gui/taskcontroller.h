#pragma once

#include "viewcontroller.h"

// One task for its page: title, details, due date, whose and what it is about, the visit it came
// from; tick it off or open it again. Editing and deleting go through RecordEditPage and
// App.removeRecord like the other records.
class TaskController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordIdChanged)
    Q_PROPERTY(bool found READ found NOTIFY reloaded)
    Q_PROPERTY(QString title READ title NOTIFY reloaded)
    Q_PROPERTY(QString details READ details NOTIFY reloaded)
    Q_PROPERTY(QString dueText READ dueText NOTIFY reloaded)
    Q_PROPERTY(QString aboutText READ aboutText NOTIFY reloaded)
    Q_PROPERTY(QString whoseText READ whoseText NOTIFY reloaded)
    Q_PROPERTY(bool done READ done NOTIFY reloaded)
    Q_PROPERTY(bool overdue READ overdue NOTIFY reloaded)
    Q_PROPERTY(QString encounterId READ encounterId NOTIFY reloaded)
    Q_PROPERTY(QString aboutEntity READ aboutEntity NOTIFY reloaded)
    Q_PROPERTY(QString aboutId READ aboutId NOTIFY reloaded)

public:
    explicit TaskController(QObject *parent = nullptr);

    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    bool found() const { return m_found; }
    QString title() const { return m_title; }
    QString details() const { return m_details; }
    QString dueText() const { return m_due; }
    QString aboutText() const { return m_about; }
    QString whoseText() const { return m_whose; }
    bool done() const { return m_done; }
    bool overdue() const { return m_overdue; }
    QString encounterId() const { return m_encounterId; }
    QString aboutEntity() const { return m_aboutEntity; }
    QString aboutId() const { return m_aboutId; }

    // Ticks the task off (done) or opens it again.
    Q_INVOKABLE bool setDone(bool done);

Q_SIGNALS:
    void recordIdChanged();
    void reloaded();

protected:
    void reload() override;

private:
    QString m_recordId;
    bool m_found = false;
    QString m_title;
    QString m_details;
    QString m_due;
    QString m_about;
    QString m_whose;
    bool m_done = false;
    bool m_overdue = false;
    QString m_encounterId;
    QString m_aboutEntity;
    QString m_aboutId;
};
