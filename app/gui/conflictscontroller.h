#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Konflikter": fields two devices changed at the same time. Each row shows the value the record
// has now and the value that lost, side by side (roles: conflictId, title, field, current, other,
// otherRaw); the user keeps one, or writes a merged value.
class ConflictsController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *conflicts READ conflicts CONSTANT)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit ConflictsController(QObject *parent = nullptr);
    VariantListModel *conflicts() const { return m_conflicts; }
    QString error() const { return m_error; }

    Q_INVOKABLE bool keepCurrent(const QString &conflictId);
    Q_INVOKABLE bool takeOther(const QString &conflictId);
    // The merged text as typed; dates as dd.mm.yyyy.
    Q_INVOKABLE bool useValue(const QString &conflictId, const QString &text);

Q_SIGNALS:
    void errorChanged();

protected:
    void reload() override;

private:
    bool finish(const QString &conflictId, int choice, const QVariant &value);
    VariantListModel *m_conflicts;
    QString m_error;
};
