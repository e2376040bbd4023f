#include "deadletterscontroller.h"

#include "appcontext.h"
#include "core/outbox.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

using namespace feltnotat;

DeadLettersController::DeadLettersController(QObject *parent)
    : ViewController(parent)
    , m_letters(
          new VariantListModel({QStringLiteral("seq"), QStringLiteral("title"), QStringLiteral("subtitle"),
                                   QStringLiteral("reason"), QStringLiteral("when")},
              this))
{ }

void DeadLettersController::reload()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const DeadLetter &d : Outbox(s).deadLetters()) {
        const Mutation &m = d.mutation;
        const QString name = recordtext::nameOf(s, m.entity, m.recordId);
        QStringList fields;
        for (const FieldChange &c : m.changes) {
            const QString label = vocabulary::fieldLabel(m.entity, c.field);
            if (!label.isEmpty() && !fields.contains(label))
                fields << label;
        }
        const auto failed = validation::parseDateTime(d.failedAt);
        rows << QVariantMap {{QStringLiteral("seq"), m.seq},
            {QStringLiteral("title"),
                name.isEmpty() ? vocabulary::entityLabel(m.entity)
                               : QString(vocabulary::entityLabel(m.entity) + QStringLiteral(" · ") + name)},
            {QStringLiteral("subtitle"), fields.join(QStringLiteral(", "))},
            {QStringLiteral("reason"), d.reason.isEmpty() ? d.code : d.reason},
            {QStringLiteral("when"), failed ? Formatter::dateTime(*failed) : QString()}};
    }
    m_letters->setRows(std::move(rows));
}

void DeadLettersController::settled(const QString &error)
{
    if (error != m_error) {
        m_error = error;
        Q_EMIT errorChanged();
    }
    // Dead letters are not records: nothing else notices, so update the list and the sync bar here.
    refresh();
    app()->syncStatus()->refresh();
}

bool DeadLettersController::retry(qint64 seq)
{
    if (!store())
        return false;
    const Status s = Outbox(*store()).retryDeadLetter(seq);
    settled(s ? QString() : tr("Fikk ikke sendt endringen på nytt: %1").arg(s.errorString()));
    if (s)
        app()->syncStatus()->syncNow();
    return s.ok();
}

bool DeadLettersController::discard(qint64 seq)
{
    if (!store())
        return false;
    const Status s = Outbox(*store()).discardDeadLetter(seq);
    settled(s ? QString() : tr("Fikk ikke forkastet endringen: %1").arg(s.errorString()));
    return s.ok();
}
