#include "recordtext.h"

#include "core/store.h"
#include "formatter.h"
#include "vocabulary.h"

#include <QCoreApplication>

using namespace feltnotat;

namespace recordtext {

QString nameOf(Store &store, const QString &entity, const QString &id)
{
    if (id.isEmpty())
        return {};
    const auto r = store.get(entity, id);
    if (!r)
        return {};
    return entity == u"task" ? r->text(QStringLiteral("title")) : r->text(QStringLiteral("name"));
}

QString encounterWith(Store &store, const Record &encounter)
{
    QStringList who;
    for (const auto &[field, entity] :
        {std::pair {QStringLiteral("participant_id"), QStringLiteral("participant")},
            std::pair {QStringLiteral("employer_id"), QStringLiteral("employer")}}) {
        const QString name = nameOf(store, entity, encounter.text(field));
        if (!name.isEmpty())
            who << name;
    }
    return who.join(QStringLiteral(" · "));
}

QString encounterKind(const Record &encounter)
{
    const QString kind = vocabulary::valueLabel(
        encounter.entity, QStringLiteral("kind"), encounter.text(QStringLiteral("kind")));
    const QString channel = vocabulary::valueLabel(
        encounter.entity, QStringLiteral("channel"), encounter.text(QStringLiteral("channel")));
    return channel.isEmpty() ? kind : QString(kind + QStringLiteral(" · ") + channel);
}

QString listSubtitle(const Record &record)
{
    QStringList parts;
    if (record.entity == u"participant") {
        parts << vocabulary::valueLabel(
            record.entity, QStringLiteral("stage"), record.text(QStringLiteral("stage")))
              << vocabulary::valueLabel(
                     record.entity, QStringLiteral("programme"), record.text(QStringLiteral("programme")));
    } else if (record.entity == u"employer") {
        parts << record.text(QStringLiteral("city"))
              << vocabulary::valueLabel(record.entity, QStringLiteral("relationship_stage"),
                     record.text(QStringLiteral("relationship_stage")));
    }
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

QString displayValue(const QString &entity, const QString &field, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    const EntitySpec *spec = Schema::instance().entity(entity);
    const FieldSpec *f = spec ? spec->field(field) : nullptr;
    if (!f)
        return value.toString();
    switch (f->type) {
    case FieldType::Enum:
        return vocabulary::valueLabel(entity, field, value.toString());
    case FieldType::Date:
        return Formatter::date(value.toString());
    case FieldType::DateTime:
        return Formatter::dateTime(value.toString());
    case FieldType::Bool:
        return value.toBool() ? QCoreApplication::translate("Format", "Ja")
                              : QCoreApplication::translate("Format", "Nei");
    case FieldType::Integer:
        return Formatter::number(value.toDouble(), 0);
    case FieldType::Real:
        return Formatter::number(value.toDouble(), 1);
    case FieldType::Phone:
        return Formatter::phone(value.toString());
    case FieldType::OrgNumber:
        return Formatter::orgNumber(value.toString());
    default:
        return value.toString();
    }
}

} // namespace recordtext
