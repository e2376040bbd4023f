#include "schema.h"

#include "hlc.h"
#include "idsource.h"
#include "validation.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace feltnotat {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}
} // namespace

bool FieldSpec::isText() const
{
    switch (type) {
    case FieldType::Integer:
    case FieldType::Real:
    case FieldType::Bool:
        return false;
    default:
        return true;
    }
}

QString FieldSpec::sqlType() const
{
    switch (type) {
    case FieldType::Integer:
    case FieldType::Bool:
        return QStringLiteral("INTEGER");
    case FieldType::Real:
        return QStringLiteral("REAL");
    default:
        return QStringLiteral("TEXT");
    }
}

const FieldSpec *EntitySpec::field(QStringView fieldName) const
{
    const qsizetype i = fieldIndex(fieldName);
    return i < 0 ? nullptr : &fields.at(i);
}

qsizetype EntitySpec::indexOfName(const QString &fieldName) const
{
    const QChar *data = fieldName.constData();
    const auto it = std::lower_bound(namePointers.cbegin(), namePointers.cend(), data,
        [](const std::pair<const QChar *, int> &entry, const QChar *p) {
            return std::less<>()(entry.first, p);
        });
    if (it != namePointers.cend() && it->first == data
        && fields.at(it->second).name.size() == fieldName.size())
        return it->second;
    return fieldIndex(fieldName);
}

qsizetype EntitySpec::fieldIndex(QStringView fieldName) const
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (fields.at(i).name == fieldName)
            return i;
    }
    return -1;
}

namespace {
// The lookups of field names that applying pulled records uses (indexOfName, clocksToJson).
void indexFieldNames(EntitySpec &e)
{
    for (int i = 0; i < e.fields.size(); ++i) {
        e.namePointers.append({e.fields.at(i).name.constData(), i});
        e.titlePlace.append(int(e.titleFields.indexOf(e.fields.at(i).name)));
        e.bodyPlace.append(int(e.bodyFields.indexOf(e.fields.at(i).name)));
    }
    std::sort(e.namePointers.begin(), e.namePointers.end());
    for (const FieldSpec &f : e.fields) {
        const bool plain = !f.name.isEmpty() && std::all_of(f.name.cbegin(), f.name.cend(), [](QChar c) {
            return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
        });
        if (!plain) {
            e.quotedNames.clear();
            break;
        }
        e.quotedNames.append('"' + f.name.toLatin1() + '"');
    }
    e.fieldsByName.resize(e.fields.size());
    std::iota(e.fieldsByName.begin(), e.fieldsByName.end(), 0);
    std::sort(e.fieldsByName.begin(), e.fieldsByName.end(),
        [&e](int a, int b) { return e.fields.at(a).name < e.fields.at(b).name; });
}
} // namespace

Schema::Schema()
    : m_entities {participantSpec(), employerSpec(), workplaceSpec(), contactSpec(), encounterSpec(),
        taskSpec(), employmentSpec(), conflictSpec()}
{
    for (EntitySpec &e : m_entities)
        indexFieldNames(e);
}

const Schema &Schema::instance()
{
    static const Schema schema;
    return schema;
}

const EntitySpec *Schema::entity(QStringView name) const
{
    for (const EntitySpec &e : m_entities) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

const EntitySpec *Schema::entityBySearchKind(int kind) const
{
    for (const EntitySpec &e : m_entities) {
        if (e.searchKind == kind && kind != 0)
            return &e;
    }
    return nullptr;
}

bool Schema::isValidId(QStringView id)
{
    if (id.size() != 36)
        return false;
    for (qsizetype i = 0; i < id.size(); ++i) {
        const QChar c = id.at(i);
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != u'-' : !((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

QString Schema::newId()
{
    // A UUID version 7 from the process's id source (core/idsource.h): ids made later sort later, so new
    // rows go to the end of every index keyed by id (here and on the server) instead of to a random page.
    return IdSource::current().newId();
}

Result<QVariant> Schema::normalize(const FieldSpec &field, const QVariant &value)
{
    const auto invalid = [&field](const QString &message) {
        return makeError(ErrorCode::Invalid, message, field.name);
    };
    if (!value.isValid() || value.isNull())
        return QVariant();
    // An empty text clears a field of any type, as an emptied input field would.
    if (value.typeId() == QMetaType::QString && value.toString().trimmed().isEmpty())
        return QVariant();

    if (field.type == FieldType::Bool) {
        if (value.typeId() == QMetaType::Bool)
            return value;
        if (value.typeId() == QMetaType::QString) {
            const QString s = value.toString().trimmed().toLower();
            if (s == u"true" || s == u"1" || s == u"ja" || s == u"yes")
                return QVariant(true);
            if (s == u"false" || s == u"0" || s == u"nei" || s == u"no")
                return QVariant(false);
            return invalid(tr("Ugyldig ja/nei-verdi."));
        }
        if (value.canConvert<qlonglong>()) {
            const qlonglong n = value.toLongLong();
            if (n == 0 || n == 1)
                return QVariant(n == 1);
        }
        return invalid(tr("Ugyldig ja/nei-verdi."));
    }

    if (field.type == FieldType::Integer || field.type == FieldType::Real) {
        bool ok = false;
        double number = 0;
        if (value.typeId() == QMetaType::QString)
            number = QLocale::c().toDouble(value.toString().trimmed().replace(u',', u'.'), &ok);
        else
            number = value.toDouble(&ok);
        if (!ok || !std::isfinite(number))
            return invalid(tr("Ugyldig tall."));
        if (field.type == FieldType::Integer && number != std::floor(number))
            return invalid(tr("Må være et heltall."));
        if (field.min < field.max && (number < field.min || number > field.max))
            return invalid(tr("Tallet må være mellom %1 og %2.").arg(field.min).arg(field.max));
        if (field.type == FieldType::Integer)
            return QVariant(qint64(number));
        return QVariant(number);
    }

    if (value.typeId() != QMetaType::QString)
        return invalid(tr("Forventet tekst."));
    QString text = value.toString();
    const bool multiLine = field.type == FieldType::LongText;
    if (text.size() > field.maxLength)
        return invalid(tr("Teksten er for lang (høyst %1 tegn).").arg(field.maxLength));
    if (!validation::isCleanText(text, multiLine))
        return invalid(tr("Teksten inneholder ugyldige tegn."));
    // One spelling of "å": text pasted or typed in decomposed form (NFD) is stored composed.
    text = text.normalized(QString::NormalizationForm_C);
    text = multiLine ? text : text.trimmed();
    if (text.trimmed().isEmpty())
        return QVariant();
    const bool mayHoldBirthNumber = field.type != FieldType::Date && field.type != FieldType::DateTime
        && field.type != FieldType::Enum && field.type != FieldType::Ref
        && field.type != FieldType::OrgNumber;
    // A random id or device clock holds runs of decimal digits; one in a few hundred devices' ids has
    // one that passes the birth-number checks, which made every pull of its conflicts fail. The same for
    // a list of device ids (deleted_over).
    const auto deviceIds = [&text, &field] {
        if (field.name != sys::DeletedOver)
            return false;
        const QStringList parts = text.split(u' ');
        return std::all_of(parts.cbegin(), parts.cend(), [](const QString &part) {
            return part.size() >= 16 && part.size() <= 64 && Hlc::isValidNode(part); // as the protocol
        });
    };
    const bool idOrClock
        = field.machineWritten && (Schema::isValidId(text) || Hlc::parse(text).has_value() || deviceIds());
    if (mayHoldBirthNumber && !idOrClock && validation::containsBirthNumber(text))
        return invalid(tr("Fødselsnummer skal ikke lagres i Feltnotat. Fjern nummeret."));
    switch (field.type) {
    case FieldType::Date: {
        const auto d = validation::parseDate(text);
        if (!d)
            return invalid(tr("Ugyldig dato."));
        return QVariant(validation::formatDate(*d));
    }
    case FieldType::DateTime: {
        if (validation::isCanonicalDateTime(text))
            return QVariant(text);
        const auto t = validation::parseDateTime(text);
        if (!t)
            return invalid(tr("Ugyldig tidspunkt."));
        return QVariant(validation::formatDateTime(*t));
    }
    case FieldType::Enum:
        if (!field.enumValues.contains(text))
            return invalid(tr("Ukjent verdi."));
        return QVariant(text);
    case FieldType::Ref:
        if (!isValidId(text))
            return invalid(tr("Ugyldig referanse."));
        return QVariant(text);
    case FieldType::Phone: {
        auto phone = validation::normalizePhone(text);
        if (!phone)
            return invalid(phone.error().message);
        return QVariant(phone.value());
    }
    case FieldType::Email: {
        auto email = validation::normalizeEmail(text);
        if (!email)
            return invalid(email.error().message);
        return QVariant(email.value());
    }
    case FieldType::OrgNumber: {
        auto orgnr = validation::normalizeOrgNumber(text);
        if (!orgnr)
            return invalid(orgnr.error().message);
        return QVariant(orgnr.value());
    }
    default:
        return QVariant(text);
    }
}

Status Schema::checkRecord(const EntitySpec &entity, const QVariantHash &record)
{
    for (const FieldSpec &f : entity.fields) {
        if (!f.required)
            continue;
        const QVariant v = record.value(f.name);
        if (!v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().isEmpty()))
            return makeError(ErrorCode::Invalid, tr("Må fylles ut."), f.name);
    }
    if (entity.check)
        return entity.check(record);
    return Status::success();
}

QJsonValue Schema::toJson(const FieldSpec &field, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QJsonValue::Null;
    switch (field.type) {
    case FieldType::Bool:
        return value.toBool();
    case FieldType::Integer:
        return value.toLongLong();
    case FieldType::Real:
        return value.toDouble();
    default:
        return value.toString();
    }
}

Result<QVariant> Schema::fromJson(const FieldSpec &field, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return fromJsonScalar(field, QVariant());
    case QJsonValue::Bool:
        return fromJsonScalar(field, QVariant(value.toBool()));
    case QJsonValue::Double:
        return fromJsonScalar(field, QVariant(value.toDouble()));
    case QJsonValue::String:
        return fromJsonScalar(field, QVariant(value.toString()));
    default:
        return makeError(ErrorCode::Invalid, tr("Feil datatype."), field.name);
    }
}

Result<QVariant> Schema::fromJsonScalar(const FieldSpec &field, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return QVariant();
    case QMetaType::Bool:
        if (field.type != FieldType::Bool)
            return makeError(ErrorCode::Invalid, tr("Feil datatype."), field.name);
        return value;
    case QMetaType::Double:
        if (field.type != FieldType::Integer && field.type != FieldType::Real)
            return makeError(ErrorCode::Invalid, tr("Feil datatype."), field.name);
        return normalize(field, value);
    case QMetaType::QString:
        if (!field.isText())
            return makeError(ErrorCode::Invalid, tr("Feil datatype."), field.name);
        return normalize(field, value);
    default:
        return makeError(ErrorCode::Invalid, tr("Feil datatype."), field.name);
    }
}

} // namespace feltnotat
