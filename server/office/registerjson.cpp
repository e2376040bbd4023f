#include "registerjson.h"

#include "core/validation.h"

#include <QStringList>

namespace feltnotat::server::registerjson {

namespace {

QString text(const QJsonObject &o, const char *key, int maxLength = 300)
{
    return o.value(QLatin1String(key)).toString().trimmed().left(maxLength);
}

// "/a/b~1c/0" → ["a", "b/c", "0"]
std::optional<QStringList> pointer(const QString &path)
{
    if (path.isEmpty())
        return QStringList {};
    if (!path.startsWith(u'/'))
        return std::nullopt;
    QStringList tokens = path.mid(1).split(u'/');
    for (QString &t : tokens)
        t.replace(QStringLiteral("~1"), QStringLiteral("/"))
            .replace(QStringLiteral("~0"), QStringLiteral("~"));
    return tokens;
}

// Sets (or with `remove`, deletes) the value at tokens below `node`, creating objects on the way.
void put(QJsonValue &node, QStringList tokens, const QJsonValue &value, bool remove)
{
    if (tokens.isEmpty()) {
        node = remove ? QJsonValue() : value;
        return;
    }
    const QString head = tokens.takeFirst();
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        bool ok = false;
        const qsizetype index = head == u"-" ? array.size() : head.toLongLong(&ok);
        if ((head != u"-" && !ok) || index < 0 || index > array.size())
            return;
        if (tokens.isEmpty() && remove) {
            if (index < array.size())
                array.removeAt(index);
        } else if (tokens.isEmpty() && (index == array.size() || head == u"-")) {
            array.append(value);
        } else {
            QJsonValue child = index < array.size() ? array.at(index) : QJsonValue(QJsonObject());
            put(child, tokens, value, remove);
            if (index < array.size())
                array.replace(index, child);
            else
                array.append(child);
        }
        node = array;
        return;
    }
    QJsonObject object = node.toObject(); // a scalar or null becomes an object
    if (tokens.isEmpty() && remove) {
        object.remove(head);
    } else {
        QJsonValue child = object.value(head);
        if (child.isUndefined() || child.isNull())
            child = tokens.isEmpty() ? QJsonValue() : QJsonValue(QJsonObject());
        put(child, tokens, value, remove);
        object.insert(head, child);
    }
    node = object;
}

QJsonValue get(const QJsonValue &root, const QStringList &tokens)
{
    QJsonValue node = root;
    for (const QString &t : tokens) {
        if (node.isArray())
            node = node.toArray().at(t.toLongLong());
        else
            node = node.toObject().value(t);
    }
    return node;
}

} // namespace

Result<RegisterUnit> unitFromJson(const QJsonObject &entry, std::optional<RegisterUnit::Kind> kind)
{
    RegisterUnit u;
    u.orgNumber = text(entry, "organisasjonsnummer", 20);
    if (!validation::isValidOrgNumber(u.orgNumber))
        return makeError(ErrorCode::Invalid, QStringLiteral("no valid organisasjonsnummer"));
    u.name = text(entry, "navn");
    if (u.name.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("no navn"));
    u.orgForm = text(entry.value(QStringLiteral("organisasjonsform")).toObject(), "kode", 10);
    const bool located = entry.contains(QStringLiteral("beliggenhetsadresse"));
    u.kind
        = kind.value_or(u.orgForm == u"BEDR" || u.orgForm == u"AAFY" || located ? RegisterUnit::Kind::SubUnit
                                                                                : RegisterUnit::Kind::Unit);
    u.parentOrgNumber = text(entry, "overordnetEnhet", 20);
    QJsonObject address
        = entry
              .value(QLatin1String(
                  u.kind == RegisterUnit::Kind::SubUnit ? "beliggenhetsadresse" : "forretningsadresse"))
              .toObject();
    if (address.isEmpty())
        address = entry.value(QStringLiteral("postadresse")).toObject();
    QStringList lines;
    for (const QJsonValue &line : address.value(QStringLiteral("adresse")).toArray()) {
        if (!line.toString().trimmed().isEmpty())
            lines << line.toString().trimmed();
    }
    u.address = lines.join(QStringLiteral(", ")).left(300);
    u.postalCode = text(address, "postnummer", 10);
    u.city = text(address, "poststed", 100);
    u.municipality = text(address, "kommune", 100);
    const QJsonObject industry = entry.value(QStringLiteral("naeringskode1")).toObject();
    u.industryCode = text(industry, "kode", 10);
    u.industry = text(industry, "beskrivelse", 200);
    const QJsonValue employees = entry.value(QStringLiteral("antallAnsatte"));
    if (employees.isDouble() && employees.toDouble() >= 0)
        u.employees = qint64(employees.toDouble());
    u.removed
        = entry.contains(QStringLiteral("slettedato")) || entry.contains(QStringLiteral("nedleggelsesdato"));
    return u;
}

QJsonObject unitToJson(const RegisterUnit &u)
{
    QJsonObject address;
    QJsonArray lines;
    for (const QString &line : u.address.split(QStringLiteral(", "), Qt::SkipEmptyParts))
        lines.append(line);
    if (!lines.isEmpty())
        address.insert(QStringLiteral("adresse"), lines);
    if (!u.postalCode.isEmpty())
        address.insert(QStringLiteral("postnummer"), u.postalCode);
    if (!u.city.isEmpty())
        address.insert(QStringLiteral("poststed"), u.city);
    if (!u.municipality.isEmpty())
        address.insert(QStringLiteral("kommune"), u.municipality);
    QJsonObject o {{QStringLiteral("organisasjonsnummer"), u.orgNumber}, {QStringLiteral("navn"), u.name}};
    if (!u.orgForm.isEmpty())
        o.insert(QStringLiteral("organisasjonsform"), QJsonObject {{QStringLiteral("kode"), u.orgForm}});
    if (!u.parentOrgNumber.isEmpty())
        o.insert(QStringLiteral("overordnetEnhet"), u.parentOrgNumber);
    if (!address.isEmpty())
        o.insert(QLatin1String(
                     u.kind == RegisterUnit::Kind::SubUnit ? "beliggenhetsadresse" : "forretningsadresse"),
            address);
    if (!u.industryCode.isEmpty())
        o.insert(QStringLiteral("naeringskode1"),
            QJsonObject {
                {QStringLiteral("kode"), u.industryCode}, {QStringLiteral("beskrivelse"), u.industry}});
    if (u.employees)
        o.insert(QStringLiteral("antallAnsatte"), *u.employees);
    return o;
}

Status applyPatch(QJsonObject &document, const QJsonArray &operations)
{
    QJsonValue root = document;
    for (const QJsonValue &v : operations) {
        const QJsonObject op = v.toObject();
        const QString kind = op.value(QStringLiteral("op")).toString();
        const auto path = pointer(op.value(QStringLiteral("path")).toString());
        if (!path || path->isEmpty())
            return makeError(ErrorCode::Protocol, QStringLiteral("a patch operation without a valid path"));
        if (kind == u"add" || kind == u"replace") {
            if (!op.contains(QStringLiteral("value")))
                return makeError(ErrorCode::Protocol, QStringLiteral("a patch operation without a value"));
            put(root, *path, op.value(QStringLiteral("value")), false);
        } else if (kind == u"remove") {
            put(root, *path, {}, true);
        } else if (kind == u"copy" || kind == u"move") {
            const auto from = pointer(op.value(QStringLiteral("from")).toString());
            if (!from)
                return makeError(
                    ErrorCode::Protocol, QStringLiteral("a patch operation without a valid from"));
            const QJsonValue value = get(root, *from);
            if (kind == u"move")
                put(root, *from, {}, true);
            put(root, *path, value, false);
        } else if (kind != u"test") {
            return makeError(ErrorCode::Protocol, QStringLiteral("an unknown patch operation"));
        }
    }
    document = root.toObject();
    return Status::success();
}

} // namespace feltnotat::server::registerjson
