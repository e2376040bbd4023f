#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Avviste endringer": local changes the server refused for good (the outbox's dead letters),
// with the reason in the user's words; each can be edited and sent again, or thrown away.
// Roles: seq, title (record type and name), subtitle (each refused field with its value, one a
// line), reason, when, entity, recordId, exists (the record is still on the phone to edit), wasNew
// (the refused change created the record: it can be made again).
class DeadLettersController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(VariantListModel *letters READ letters CONSTANT)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit DeadLettersController(QObject *parent = nullptr);
    VariantListModel *letters() const { return m_letters; }
    QString error() const { return m_error; }

    // Queues the change again and asks for a sync; false with error() set on failure.
    Q_INVOKABLE bool retry(qint64 seq);
    Q_INVOKABLE bool discard(qint64 seq);
    // The server's refusal in the user's words.
    static QString reasonText(const QString &code, const QString &reason);

Q_SIGNALS:
    void errorChanged();

protected:
    void reload() override;
    bool interestedIn(const QStringList &) const override { return true; }

private:
    void settled(const QString &error);
    VariantListModel *m_letters;
    QString m_error;
};
