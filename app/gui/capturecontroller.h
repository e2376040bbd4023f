#pragma once

#include "viewcontroller.h"

#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

// The capture form's fields as QML reads them (capture.form.note, capture.problems.note): typed,
// every one a string, empty when unset. As `problems` each holds the message for that input, and
// `form` the message about the whole form.
struct CaptureFields
{
    Q_GADGET
    QML_VALUE_TYPE(captureFields)
    Q_PROPERTY(QString participantId MEMBER participantId)
    Q_PROPERTY(QString participantName MEMBER participantName)
    Q_PROPERTY(QString employerId MEMBER employerId)
    Q_PROPERTY(QString employerName MEMBER employerName)
    Q_PROPERTY(QString kind MEMBER kind)
    Q_PROPERTY(QString channel MEMBER channel)
    Q_PROPERTY(QString date MEMBER date)
    Q_PROPERTY(QString time MEMBER time)
    Q_PROPERTY(QString duration MEMBER duration)
    Q_PROPERTY(QString note MEMBER note)
    Q_PROPERTY(QString outcome MEMBER outcome)
    Q_PROPERTY(QString nextStep MEMBER nextStep)
    Q_PROPERTY(QString nextStepDue MEMBER nextStepDue)
    Q_PROPERTY(QString nextStepAssignee MEMBER nextStepAssignee)
    Q_PROPERTY(QString location MEMBER location)
    Q_PROPERTY(QString form MEMBER form)

public:
    QString participantId, participantName, employerId, employerName, kind, channel, date, time, duration,
        note, outcome, nextStep, nextStepDue, nextStepAssignee, location, form;

    // From the controller's map (keys as the property names; others are ignored).
    static CaptureFields fromMap(const QVariantMap &values);
};

// Quick capture of a visit or conversation ("Nytt besøk / ny samtale"). The form's values live
// in `fields` (participantId, participantName, employerId, employerName, kind, channel, date,
// time, duration, note, outcome, nextStep, nextStepDue, nextStepAssignee, location); every change is written
// to the store as a draft at once, so a killed app opens with the text still there. save() writes the
// encounter, and a task for the next step, in one local transaction: no network needed.
class CaptureController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(CaptureFields form READ form NOTIFY fieldsChanged)
    Q_PROPERTY(CaptureFields problems READ problems NOTIFY errorsChanged)
    Q_PROPERTY(bool hasDraft READ hasDraft NOTIFY fieldsChanged)
    Q_PROPERTY(QVariantList kinds READ kinds CONSTANT)
    Q_PROPERTY(QVariantList channels READ channels CONSTANT)
    // Who the next step's task can go to: [{value: user id, label}], me first ("Meg (…)"); more than one
    // entry once the team directory is known. An empty nextStepAssignee means me.
    Q_PROPERTY(QVariantList assignees READ assignees NOTIFY fieldsChanged)
    Q_PROPERTY(QString lastSavedId READ lastSavedId NOTIFY saved)

public:
    explicit CaptureController(QObject *parent = nullptr);

    QVariantMap fields() const { return m_fields; }
    QVariantMap errors() const { return m_errors; }
    CaptureFields form() const { return CaptureFields::fromMap(m_fields); }
    CaptureFields problems() const { return CaptureFields::fromMap(m_errors); }
    bool hasDraft() const;
    QVariantList kinds() const;
    QVariantList channels() const;
    QVariantList assignees() const;
    QString lastSavedId() const { return m_lastSaved; }

    Q_INVOKABLE void setField(const QString &name, const QVariant &value);
    Q_INVOKABLE bool save();
    // Forgets the draft and starts over with today's date and the current time.
    Q_INVOKABLE void discard();

    static QString draftKey() { return QStringLiteral("capture_draft"); }

Q_SIGNALS:
    void fieldsChanged();
    void errorsChanged();
    void saved(const QString &encounterId);

protected:
    void reload() override;
    bool interestedIn(const QStringList &) const override { return false; }

private:
    QVariantMap defaults() const;
    void writeDraft();
    void setErrors(QVariantMap errors);
    QString text(const QString &name) const { return m_fields.value(name).toString().trimmed(); }

    QVariantMap m_fields;
    QVariantMap m_errors;
    QString m_lastSaved;
};
