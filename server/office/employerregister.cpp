#include "employerregister.h"

#include "core/namefolding.h"
#include "core/validation.h"
#include "server/sqlbackend.h"

#include <QHash>
#include <QSet>

namespace feltnotat::server {

namespace {

// Rows per INSERT: few round trips to PostgreSQL, far below both databases' parameter limits.
constexpr int RowsPerStatement = 256;

const QString UnitColumns = QStringLiteral(
    "org_number, kind, name, name_key, org_form, parent_org_number, address, postal_code, city, "
    "municipality, industry_code, industry, employees, removed, updated_at");

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

// Rows per statement for `total` rows: full statements, then powers of two, so that only a few
// shapes of statement exist (each is prepared and kept by the database connection).
QList<int> statementSizes(qsizetype total)
{
    QList<int> sizes;
    for (; total >= RowsPerStatement; total -= RowsPerStatement)
        sizes << RowsPerStatement;
    for (int size = 128; total > 0; size /= 2) {
        if (total >= size) {
            sizes << size;
            total -= size;
        }
    }
    return sizes;
}

QString marks(int rows, int columns)
{
    const QString row = u'(' + QStringLiteral("?, ").repeated(columns - 1) + QStringLiteral("?)");
    return QString(row + QStringLiteral(", ")).repeated(rows - 1) + row;
}

RegisterUnit fromRow(const QVariantList &r)
{
    RegisterUnit u;
    u.orgNumber = r.at(0).toString();
    u.kind = r.at(1).toString() == u"sub_unit" ? RegisterUnit::Kind::SubUnit : RegisterUnit::Kind::Unit;
    u.name = r.at(2).toString();
    u.orgForm = r.at(4).toString();
    u.parentOrgNumber = r.at(5).toString();
    u.address = r.at(6).toString();
    u.postalCode = r.at(7).toString();
    u.city = r.at(8).toString();
    u.municipality = r.at(9).toString();
    u.industryCode = r.at(10).toString();
    u.industry = r.at(11).toString();
    if (!r.at(12).isNull())
        u.employees = r.at(12).toLongLong();
    u.removed = r.at(13).toLongLong() != 0;
    return u;
}

} // namespace

QJsonObject RegisterUnit::toJson() const
{
    QJsonObject o {{QStringLiteral("org_number"), orgNumber}, {QStringLiteral("kind"), kindName(kind)},
        {QStringLiteral("name"), name}};
    const std::pair<const char *, const QString *> texts[]
        = {{"org_form", &orgForm}, {"parent_org_number", &parentOrgNumber}, {"address", &address},
            {"postal_code", &postalCode}, {"city", &city}, {"municipality", &municipality},
            {"industry_code", &industryCode}, {"industry", &industry}};
    for (const auto &[key, value] : texts) {
        if (!value->isEmpty())
            o.insert(QLatin1String(key), *value);
    }
    if (employees)
        o.insert(QStringLiteral("employees"), *employees);
    return o;
}

EmployerRegister::EmployerRegister(SqlBackend &db)
    : m_db(db)
{ }

Status EmployerRegister::write(const QList<RegisterUnit> &input, qint64 stampMs)
{
    // The last entry of an organisation number wins (one statement may not touch a row twice).
    QList<RegisterUnit> units;
    QHash<QString, qsizetype> at;
    for (const RegisterUnit &u : input) {
        if (auto it = at.constFind(u.orgNumber); it != at.cend()) {
            units[*it] = u;
        } else {
            at.insert(u.orgNumber, units.size());
            units << u;
        }
    }
    QStringList updates;
    for (const QString &c : UnitColumns.split(QStringLiteral(", ")).mid(1))
        updates << c + QStringLiteral(" = excluded.") + c;
    qsizetype first = 0;
    for (const int n : statementSizes(units.size())) {
        QVariantList params;
        QVariantList numbers;
        QVariantList words;
        for (qsizetype i = first; i < first + n; ++i) {
            const RegisterUnit &u = units.at(i);
            params << u.orgNumber << RegisterUnit::kindName(u.kind) << u.name << namefolding::fold(u.name)
                   << textOrNull(u.orgForm) << textOrNull(u.parentOrgNumber) << textOrNull(u.address)
                   << textOrNull(u.postalCode) << textOrNull(u.city) << textOrNull(u.municipality)
                   << textOrNull(u.industryCode) << textOrNull(u.industry)
                   << (u.employees ? QVariant(*u.employees) : QVariant()) << qint64(u.removed ? 1 : 0)
                   << stampMs;
            numbers << u.orgNumber;
            for (const QString &w : namefolding::words(u.name))
                words << w << u.orgNumber;
        }
        first += n;
        auto r
            = m_db.exec(QStringLiteral("INSERT INTO register_units (%1) VALUES %2 ON CONFLICT (org_number) "
                                       "DO UPDATE SET %3")
                            .arg(UnitColumns, marks(n, 15), updates.join(QStringLiteral(", "))),
                params);
        if (!r)
            return r.error();
        r = m_db.exec(QStringLiteral("DELETE FROM register_words WHERE org_number IN (%1)")
                          .arg(QStringLiteral("?, ").repeated(n - 1) + u'?'),
            numbers);
        if (!r)
            return r.error();
        qsizetype word = 0;
        for (const int k : statementSizes(words.size() / 2)) {
            r = m_db.exec(
                QStringLiteral("INSERT INTO register_words (word, org_number) VALUES %1").arg(marks(k, 2)),
                words.mid(word * 2, qsizetype(k) * 2));
            if (!r)
                return r.error();
            word += k;
        }
    }
    return Status::success();
}

Status EmployerRegister::markRemoved(const QString &orgNumber, qint64 stampMs)
{
    auto r = m_db.exec(
        QStringLiteral("UPDATE register_units SET removed = 1, updated_at = ? WHERE org_number = ?"),
        {stampMs, orgNumber});
    return r ? Status::success() : Status(r.error());
}

Result<qint64> EmployerRegister::removeNotStampedSince(RegisterUnit::Kind kind, qint64 stampMs)
{
    auto r
        = m_db.exec(QStringLiteral("UPDATE register_units SET removed = 1 WHERE kind = ? AND updated_at < ? "
                                   "AND removed = 0"),
            {RegisterUnit::kindName(kind), stampMs});
    if (!r)
        return r.error();
    return r->affected;
}

Result<QList<RegisterUnit>> EmployerRegister::select(const QString &where, const QVariantList &params)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT %1 FROM register_units u WHERE %2").arg(UnitColumns, where), params);
    if (!r)
        return r.error();
    QList<RegisterUnit> out;
    for (const QVariantList &row : std::as_const(r->rows))
        out << fromRow(row);
    return out;
}

Result<std::optional<RegisterUnit>> EmployerRegister::unit(const QString &orgNumber)
{
    auto rows = select(QStringLiteral("org_number = ?"), {orgNumber});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<RegisterUnit>();
    return std::optional<RegisterUnit>(rows->first());
}

Result<QList<RegisterUnit>> EmployerRegister::subUnits(const QString &parentOrgNumber, int limit)
{
    return select(QStringLiteral("parent_org_number = ? AND kind = 'sub_unit' AND removed = 0 "
                                 "ORDER BY name_key, org_number LIMIT ?"),
        {parentOrgNumber, qint64(limit)});
}

Result<QList<RegisterUnit>> EmployerRegister::search(const QString &query, int limit)
{
    limit = std::clamp(limit, 1, int(MaxResults));
    const QString digits = QString(query).remove(u' ');
    if (digits.size() == 9 && validation::isValidOrgNumber(digits)) {
        auto one = unit(digits);
        if (!one)
            return one.error();
        return one->has_value() && !one->value().removed ? QList<RegisterUnit> {one->value()}
                                                         : QList<RegisterUnit> {};
    }
    QStringList words = namefolding::words(query);
    if (words.isEmpty())
        return QList<RegisterUnit> {};
    // The longest word picks the candidates (the most selective range); every other word must
    // start some word of the same name too.
    std::stable_sort(
        words.begin(), words.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    words = words.mid(0, 6);
    auto range = [](const QString &column, const QString &word, QVariantList &params) -> QString {
        params << word;
        const QString upper = namefolding::upperBound(word);
        if (upper.isEmpty())
            return column + QStringLiteral(" >= ?");
        params << upper;
        return column + QStringLiteral(" >= ? AND ") + column + QStringLiteral(" < ?");
    };
    QVariantList params;
    QString where = QStringLiteral("org_number IN (SELECT w.org_number FROM register_words w WHERE ")
        + range(QStringLiteral("w.word"), words.first(), params);
    for (qsizetype i = 1; i < words.size(); ++i) {
        where += QStringLiteral(" AND EXISTS (SELECT 1 FROM register_words x WHERE x.org_number = "
                                "w.org_number AND ")
            + range(QStringLiteral("x.word"), words.at(i), params) + u')';
    }
    // Candidates beyond the page are cut after ranking a generous window.
    where += QStringLiteral(" LIMIT 1000) AND removed = 0");
    auto candidates = select(where, params);
    if (!candidates)
        return candidates.error();
    const QString folded = namefolding::fold(query);
    struct Ranked
    {
        RegisterUnit unit;
        QString key;
    };
    QList<Ranked> ranked;
    for (RegisterUnit &u : candidates.value())
        ranked << Ranked {u, namefolding::fold(u.name)};
    // Names that start with the query, then legal units before workplaces, larger ones, by name.
    std::stable_sort(ranked.begin(), ranked.end(), [&folded](const Ranked &a, const Ranked &b) {
        const bool aStarts = a.key.startsWith(folded);
        const bool bStarts = b.key.startsWith(folded);
        if (aStarts != bStarts)
            return aStarts;
        if (a.unit.kind != b.unit.kind)
            return a.unit.kind == RegisterUnit::Kind::Unit;
        if (a.unit.employees.value_or(0) != b.unit.employees.value_or(0))
            return a.unit.employees.value_or(0) > b.unit.employees.value_or(0);
        return a.key < b.key;
    });
    QList<RegisterUnit> out;
    for (qsizetype i = 0; i < ranked.size() && i < limit; ++i)
        out << std::move(ranked[i].unit);
    return out;
}

Result<EmployerRegister::State> EmployerRegister::state()
{
    State s;
    auto counts = m_db.exec(
        QStringLiteral("SELECT kind, COUNT(*) FROM register_units WHERE removed = 0 GROUP BY kind"));
    if (!counts)
        return counts.error();
    for (const QVariantList &r : std::as_const(counts->rows))
        (r.at(0).toString() == u"unit" ? s.units : s.subUnits) = r.at(1).toLongLong();
    auto rows = m_db.exec(QStringLiteral("SELECT kind, last_update_id, imported_at FROM register_state"));
    if (!rows)
        return rows.error();
    for (const QVariantList &r : std::as_const(rows->rows)) {
        if (r.at(0).toString() == u"units")
            s.lastUpdateUnits = r.at(1).toLongLong();
        else if (r.at(0).toString() == u"sub_units")
            s.lastUpdateSubUnits = r.at(1).toLongLong();
        s.importedAtMs = std::max(s.importedAtMs, r.at(2).toLongLong());
    }
    return s;
}

Status EmployerRegister::setState(const QString &kind, qint64 lastUpdateId, qint64 atMs)
{
    auto r = m_db.exec(QStringLiteral("INSERT INTO register_state (kind, last_update_id, imported_at) VALUES "
                                      "(?, ?, ?) ON CONFLICT (kind) DO UPDATE SET last_update_id = "
                                      "excluded.last_update_id, imported_at = excluded.imported_at"),
        {kind, lastUpdateId, atMs});
    return r ? Status::success() : Status(r.error());
}

Result<qint64> EmployerRegister::lastUpdateId(const QString &kind)
{
    auto r = m_db.exec(QStringLiteral("SELECT last_update_id FROM register_state WHERE kind = ?"), {kind});
    if (!r)
        return r.error();
    return r->first().toLongLong();
}

} // namespace feltnotat::server
