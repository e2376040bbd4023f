#include "deadletterscontroller.h"

#include "appcontext.h"
#include "core/outbox.h"
#include "core/schema.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

#include <algorithm>

using namespace feltnotat;

DeadLettersController::DeadLettersController(QObject *parent)
    : ViewController(parent)
    , m_letters(new VariantListModel(
          {QStringLiteral("seq"), QStringLiteral("title"), QStringLiteral("subtitle"),
              QStringLiteral("reason"), QStringLiteral("when"), QStringLiteral("entity"),
              QStringLiteral("recordId"), QStringLiteral("exists"), QStringLiteral("wasNew")},
          this))
{ }

void DeadLettersController::reload()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const DeadLetter &letter : Outbox(s).deadLetters()) {
        const Mutation &m = letter.mutation;
        QString name = recordtext::nameOf(s, m.entity, m.recordId);
        const EntitySpec *spec = Schema::instance().entity(m.entity);
        // What was refused, as the user typed it: "E-post: kari@eksempel" per field; the system
        // fields every change carries (updated_at, updated_by) are not the user's.
        QStringList fields;
        for (const FieldChange &c : m.changes) {
            const FieldSpec *f = spec ? spec->field(c.field) : nullptr;
            if (!f || f->system)
                continue;
            if (c.field == u"name" && name.isEmpty())
                name = c.value.toString();
            QString value = recordtext::displayValue(m.entity, c.field, c.value);
            if (value.size() > 80)
                value = value.left(79) + u'…';
            fields << (value.isEmpty()
                    ? tr("%1 tømt").arg(vocabulary::fieldLabel(m.entity, c.field))
                    : QString(vocabulary::fieldLabel(m.entity, c.field) + QStringLiteral(": ") + value));
        }
        const auto failed = validation::parseDateTime(letter.failedAt);
        // A refused new record (no field had a value before) can be made again from its values.
        const bool wasNew = std::all_of(
            m.changes.cbegin(), m.changes.cend(), [](const FieldChange &c) { return c.base.isEmpty(); });
        rows << QVariantMap {{QStringLiteral("seq"), m.seq},
            {QStringLiteral("title"),
                name.isEmpty() ? vocabulary::entityLabel(m.entity)
                               : QString(vocabulary::entityLabel(m.entity) + QStringLiteral(" · ") + name)},
            {QStringLiteral("subtitle"), fields.join(u'\n')},
            {QStringLiteral("reason"), reasonText(letter.code, letter.reason)},
            {QStringLiteral("entity"), m.entity}, {QStringLiteral("recordId"), m.recordId},
            {QStringLiteral("exists"), s.get(m.entity, m.recordId).has_value()},
            {QStringLiteral("wasNew"), wasNew},
            {QStringLiteral("when"), failed ? Formatter::dateTime(*failed) : QString()}};
    }
    m_letters->setRows(std::move(rows));
}

QString DeadLettersController::reasonText(const QString &code, const QString &reason)
{
    if (code == u"forbidden")
        return tr("Du har ikke lov til å endre dette (det kan tilhøre et annet team).");
    if (code == u"not_found")
        return tr("Finnes ikke på serveren lenger: det kan være slettet eller flyttet.");
    if (code == u"invalid")
        return reason.isEmpty() ? tr("Serveren godtok ikke verdien.")
                                : tr("Serveren godtok ikke verdien: %1").arg(reason);
    return reason.isEmpty() ? tr("Serveren avviste endringen (%1).").arg(code) : reason;
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
