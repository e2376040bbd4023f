#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// Search-as-you-type for picking a participant or employer in quick capture: up to 8 matches of
// the typed text (prefix search over the local index), or the most recently changed records when
// nothing is typed. create() makes a new record from just a name, for someone not there yet.
class PickerModel : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(VariantListModel *matches READ matches CONSTANT)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit PickerModel(QObject *parent = nullptr);

    QString entity() const { return m_entity; }
    void setEntity(const QString &entity);
    QString text() const { return m_text; }
    void setText(const QString &text);
    VariantListModel *matches() const { return m_matches; }
    QString error() const { return m_error; }

    // Creates a record of `entity` named `name`; returns its id, or empty with error() set.
    Q_INVOKABLE QString create(const QString &name);

Q_SIGNALS:
    void entityChanged();
    void textChanged();
    void errorChanged();

protected:
    void reload() override;
    bool interestedIn(const QStringList &entities) const override;

private:
    void setError(const QString &error);
    QString m_entity = QStringLiteral("participant");
    QString m_text;
    QString m_error;
    VariantListModel *m_matches;
};
