#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// Search-as-you-type for picking a participant or employer in quick capture: up to 8 matches of
// the typed text (prefix search over the local index), or the most recently changed records when
// nothing is typed. A new record is not made here but by the form that saves it; similarTo()
// names the existing ones it might duplicate.
class PickerModel : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(VariantListModel *matches READ matches CONSTANT)

public:
    explicit PickerModel(QObject *parent = nullptr);

    QString entity() const { return m_entity; }
    void setEntity(const QString &entity);
    QString text() const { return m_text; }
    void setText(const QString &text);
    VariantListModel *matches() const { return m_matches; }

    // "Finnes allerede: Kari Nygård, Kari Lund …" when records of `entity` have a name like `name`.
    Q_INVOKABLE QString similarTo(const QString &name) const;

Q_SIGNALS:
    void entityChanged();
    void textChanged();

protected:
    void reload() override;
    bool interestedIn(const QStringList &entities) const override;

private:
    QString m_entity = QStringLiteral("participant");
    QString m_text;
    VariantListModel *m_matches;
};
