#pragma once

#include "core/result.h"
#include "variantlistmodel.h"
#include "viewcontroller.h"

// One visit or appointment for its page: who, when, what was written, its status, the tasks made
// from it, and what can be done with it: a planned one is logged as done, cancelled, marked as
// not attended or moved to a new time; any one can be edited (RecordEditPage) or deleted.
class EncounterController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordIdChanged)
    Q_PROPERTY(bool found READ found NOTIFY reloaded)
    Q_PROPERTY(QString title READ title NOTIFY reloaded)
    Q_PROPERTY(QString kindText READ kindText NOTIFY reloaded)
    Q_PROPERTY(QString whenText READ whenText NOTIFY reloaded)
    Q_PROPERTY(QString status READ status NOTIFY reloaded)
    Q_PROPERTY(QString statusText READ statusText NOTIFY reloaded)
    Q_PROPERTY(bool planned READ planned NOTIFY reloaded)
    Q_PROPERTY(bool canMarkNotAttended READ canMarkNotAttended CONSTANT)
    Q_PROPERTY(QString participantId READ participantId NOTIFY reloaded)
    Q_PROPERTY(QString employerId READ employerId NOTIFY reloaded)
    Q_PROPERTY(VariantListModel *facts READ facts CONSTANT)
    Q_PROPERTY(VariantListModel *tasks READ tasks CONSTANT)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit EncounterController(QObject *parent = nullptr);

    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    bool found() const { return m_found; }
    QString title() const { return m_title; }
    QString kindText() const { return m_kind; }
    QString whenText() const { return m_when; }
    QString status() const { return m_status; }
    QString statusText() const;
    bool planned() const { return m_status == u"planned"; }
    bool canMarkNotAttended() const;
    QString participantId() const { return m_participantId; }
    QString employerId() const { return m_employerId; }
    VariantListModel *facts() const { return m_facts; }
    VariantListModel *tasks() const { return m_tasks; }
    QString error() const { return m_error; }

    // A planned appointment that took place: logged as a visit (its time stays as planned).
    Q_INVOKABLE bool complete();
    Q_INVOKABLE bool cancel();
    Q_INVOKABLE bool markNotAttended();
    // Moves a planned appointment: "dd.mm.åååå" and "tt:mm"; false with error() when unreadable.
    Q_INVOKABLE bool reschedule(const QString &date, const QString &time);

Q_SIGNALS:
    void recordIdChanged();
    void reloaded();
    void errorChanged();

protected:
    void reload() override;

private:
    bool settle(const feltnotat::Status &result);
    void setError(const QString &error);

    QString m_recordId;
    bool m_found = false;
    QString m_title;
    QString m_kind;
    QString m_when;
    QString m_status;
    QString m_participantId;
    QString m_employerId;
    QString m_error;
    VariantListModel *m_facts;
    VariantListModel *m_tasks;
};
