#include "conflictscontroller.h"

#include "appcontext.h"
#include "core/conflicts.h"
#include "core/hlc.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

using namespace feltnotat;

ConflictsController::ConflictsController(QObject *parent)
    : ViewController(parent)
    , m_conflicts(new VariantListModel(
          {QStringLiteral("conflictId"), QStringLiteral("title"), QStringLiteral("field"),
              QStringLiteral("current"), QStringLiteral("other"), QStringLiteral("otherRaw"),
              QStringLiteral("currentLabel"), QStringLiteral("otherLabel")},
          this))
{ }

void ConflictsController::reload()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const Record &c : Conflicts(s).open()) {
        const QString entity = c.text(QStringLiteral("entity"));
        const QString recordId = c.text(QStringLiteral("record_id"));
        const QString field = c.text(QStringLiteral("field"));
        const EntitySpec *spec = Schema::instance().entity(entity);
        const FieldSpec *f = spec ? spec->field(field) : nullptr;
        if (!f)
            continue;
        const auto record = s.get(entity, recordId);
        const auto lost = Schema::fromJson(*f, Conflicts::decodeValue(c.text(QStringLiteral("lost_value"))));
        const QVariant other = lost ? lost.value() : QVariant();
        QString name = recordtext::nameOf(s, entity, recordId);
        if (name.isEmpty())
            name = vocabulary::entityLabel(entity);
        // Who wrote each value and when, from the clocks the server kept: the other value was
        // written by lost_by; the one in force now by the other side.
        auto when = [](const QString &clock) {
            const auto hlc = Hlc::parse(clock);
            return hlc ? Formatter::dateTime(QDateTime::fromMSecsSinceEpoch(hlc->wallMs, Qt::UTC))
                       : QString();
        };
        const bool otherIsMine = !c.text(QStringLiteral("lost_by")).isEmpty()
            && c.text(QStringLiteral("lost_by")) == app()->userId();
        const QString currentWho = otherIsMine ? tr("En kollega") : tr("Du eller en kollega");
        const QString otherWho = c.text(QStringLiteral("lost_by")).isEmpty() ? tr("Den andre endringen")
            : otherIsMine                                                    ? tr("Din endring")
                                                                             : tr("En kollegas endring");
        const QString currentWhen = when(c.text(QStringLiteral("kept_clock")));
        const QString otherWhen = when(c.text(QStringLiteral("lost_clock")));
        rows << QVariantMap {{QStringLiteral("conflictId"), c.id}, {QStringLiteral("title"), name},
            {QStringLiteral("currentLabel"),
                currentWhen.isEmpty() ? tr("Gjelder nå")
                                      : tr("Gjelder nå · %1, %2").arg(currentWho, currentWhen)},
            {QStringLiteral("otherLabel"),
                otherWhen.isEmpty() ? otherWho : QString(otherWho + QStringLiteral(" · ") + otherWhen)},
            {QStringLiteral("field"), vocabulary::fieldLabel(entity, field)},
            {QStringLiteral("current"),
                record ? recordtext::displayValue(entity, field, record->value(field)) : QString()},
            {QStringLiteral("other"), recordtext::displayValue(entity, field, other)},
            {QStringLiteral("otherRaw"),
                f->type == FieldType::Date ? Formatter::date(other.toString()) : other.toString()}};
    }
    m_conflicts->setRows(std::move(rows));
}

bool ConflictsController::keepCurrent(const QString &conflictId)
{
    return finish(conflictId, int(Conflicts::Choice::KeepCurrent), {});
}

bool ConflictsController::takeOther(const QString &conflictId)
{
    return finish(conflictId, int(Conflicts::Choice::TakeLost), {});
}

bool ConflictsController::useValue(const QString &conflictId, const QString &text)
{
    if (!store())
        return false;
    const auto c = store()->get(QStringLiteral("conflict"), conflictId);
    const EntitySpec *spec = c ? Schema::instance().entity(c->text(QStringLiteral("entity"))) : nullptr;
    const FieldSpec *f = spec ? spec->field(c->text(QStringLiteral("field"))) : nullptr;
    if (!f)
        return finish(conflictId, int(Conflicts::Choice::Custom), text);
    QVariant value = text;
    if (f->type == FieldType::Date && !text.trimmed().isEmpty()) {
        const QDate d = Formatter::parseDate(text);
        if (!d.isValid()) {
            m_error = tr("Skriv datoen som dd.mm.åååå.");
            Q_EMIT errorChanged();
            return false;
        }
        value = validation::formatDate(d);
    }
    const auto normalized = Schema::normalize(*f, value);
    if (!normalized) {
        m_error = normalized.error().message;
        Q_EMIT errorChanged();
        return false;
    }
    return finish(conflictId, int(Conflicts::Choice::Custom), normalized.value());
}

bool ConflictsController::finish(const QString &conflictId, int choice, const QVariant &value)
{
    if (!store())
        return false;
    const Status s = Conflicts(*store()).resolve(conflictId, Conflicts::Choice(choice), value);
    m_error = s.ok() ? QString() : s.errorString();
    Q_EMIT errorChanged();
    return s.ok();
}
