#pragma once

#include "core/record.h"
#include "variantlistmodel.h"
#include "viewcontroller.h"

#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feltnotat {
struct FieldSpec;
}

// A record a form points at: its id (empty when only named, to be created on save) and name.
struct RecordLink
{
    Q_GADGET
    QML_VALUE_TYPE(recordLink)
    Q_PROPERTY(QString id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)

public:
    QString id;
    QString name;
};

// Edits (or creates, with an empty recordId) a participant, employer, workplace, contact or
// employment. `presets` are the fixed links of a new record (the employer of a workplace or
// contact, the participant of an employment); `links` are references the user picks (an
// employment's employer), {field: {id, name}}. `fields` has one row per
// editable field: name, label, type (text, long, choice, date, bool), value as typed, error and
// choices. A field is checked with the same rules as the store when the user leaves it (not on
// each keystroke), so the message appears next to it; save() writes only when everything is valid.
// A link named but not chosen (an empty id with a name) creates that record in the same
// transaction as the save.
class RecordEditor : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordIdChanged)
    Q_PROPERTY(VariantListModel *fields READ fields CONSTANT)
    Q_PROPERTY(QString formError READ formError NOTIFY formErrorChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(QVariantMap presets READ presets WRITE setPresets NOTIFY presetsChanged)
    Q_PROPERTY(QVariantMap links READ links NOTIFY linksChanged)
    // The employer an employment points at, typed for the form's picker.
    Q_PROPERTY(RecordLink employerLink READ employerLink NOTIFY linksChanged)
    // "Rediger og send igjen": the sequence number of a change the server refused (a dead letter).
    // The form opens with the refused values typed in and the server's reason; saving sends them
    // as a new change and removes the refused one in the same transaction.
    // (A QML number: qint64 has no QML type.)
    Q_PROPERTY(double refusedChange READ refusedChange WRITE setRefusedChange NOTIFY refusedChangeChanged)
    // A new employer's workplace, made with it in the same transaction (name, org_number, address, city; the
    // employer register's look-up fills it in). Empty: none.
    Q_PROPERTY(QVariantMap workplace MEMBER m_workplace NOTIFY workplaceChanged)

public:
    explicit RecordEditor(QObject *parent = nullptr);

    QString entity() const { return m_entity; }
    void setEntity(const QString &entity);
    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    VariantListModel *fields() const { return m_fields; }
    QString formError() const { return m_formError; }
    bool modified() const { return !m_edits.isEmpty() || m_linksEdited; }
    QVariantMap presets() const { return m_presets; }
    void setPresets(const QVariantMap &presets);
    QVariantMap links() const { return m_links; }
    RecordLink employerLink() const;
    double refusedChange() const { return double(m_refusedChange); }
    void setRefusedChange(double seq);

    // Points a reference field (employer_id of an employment) at a record; an empty id clears it.
    Q_INVOKABLE void setLink(const QString &field, const QString &id, const QString &name);

    Q_INVOKABLE void setValue(const QString &field, const QVariant &value);
    // Checks what was typed into a field once the user leaves it; the message goes next to it.
    Q_INVOKABLE void validate(const QString &field);
    // The error shown for a field, empty when it is fine.
    Q_INVOKABLE QString errorOf(const QString &field) const;
    Q_INVOKABLE bool save();
    // The unsaved edits ({edits, links}), for the window to keep in memory while the app is locked;
    // restoreEdits() types them in again once the form has loaded after the unlock.
    Q_INVOKABLE QVariantMap heldEdits() const;
    Q_INVOKABLE void restoreEdits(const QVariantMap &held);

    static QStringList editableFields(const QString &entity);

Q_SIGNALS:
    void entityChanged();
    void recordIdChanged();
    void formErrorChanged();
    void modifiedChanged();
    void presetsChanged();
    void linksChanged();
    void refusedChangeChanged();
    void workplaceChanged();
    void saved(const QString &recordId);

protected:
    void reload() override;
    bool interestedIn(const QStringList &) const override { return false; }

private:
    // The value to store for what the user typed, or an error message.
    QVariant convert(const feltnotat::FieldSpec &spec, const QVariant &input, QString *error) const;
    // A stored value as the form shows and takes it (dates dd.MM.yyyy, phones spaced, …).
    static QVariant formValue(const feltnotat::FieldSpec &spec, const QVariant &stored);
    // The refused change being edited again (its reason in m_refusedReason), if it still exists.
    std::optional<feltnotat::Mutation> loadRefusedChange();
    int rowOf(const QString &field) const;
    void setFieldError(const QString &field, const QString &error);
    void setFormError(const QString &error);

    QString m_entity = QStringLiteral("participant");
    QString m_recordId;
    QString m_formError;
    QVariantMap m_edits; // field → what the user typed
    QVariantMap m_presets;
    QVariantMap m_links;
    bool m_linksEdited = false;
    qint64 m_refusedChange = 0;
    QString m_refusedReason;
    VariantListModel *m_fields;
    QVariantMap m_workplace;
};
