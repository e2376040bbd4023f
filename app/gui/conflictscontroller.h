#pragma once

#include "core/deletionconflicts.h"
#include "core/result.h"
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
    // Deletes that met this user's edits, and restores of records he deleted (roles: conflictId,
    // title, message, details, along, restorable). A participant's row says what went with it, counted in
    // its message ("Med deltakeren: 2 besøk, 1 oppgave") and one line each in `along`.
    Q_PROPERTY(VariantListModel *deletions READ deletions CONSTANT)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit ConflictsController(QObject *parent = nullptr);
    VariantListModel *conflicts() const { return m_conflicts; }
    VariantListModel *deletions() const { return m_deletions; }
    QString error() const { return m_error; }

    Q_INVOKABLE bool keepCurrent(const QString &conflictId);
    Q_INVOKABLE bool takeOther(const QString &conflictId);
    // The merged text as typed; dates as dd.mm.yyyy.
    Q_INVOKABLE bool useValue(const QString &conflictId, const QString &text);
    // "Gjenopprett": the deleted record is back with the user's version.
    Q_INVOKABLE bool restoreDeleted(const QString &conflictId);
    // "Godta sletting" (and "OK" on a notice that a colleague restored something).
    Q_INVOKABLE bool acceptDeleted(const QString &conflictId);

Q_SIGNALS:
    void errorChanged();

protected:
    void reload() override;

private:
    bool finish(const QString &conflictId, int choice, const QVariant &value);
    bool settle(const feltnotat::Status &s);
    QList<QVariantMap> deletionRows();
    static QString alongSummary(const feltnotat::DeletionConflict &d);
    QString alongLine(const feltnotat::DeletionConflict::Child &child);
    VariantListModel *m_conflicts;
    VariantListModel *m_deletions;
    QString m_error;
};
