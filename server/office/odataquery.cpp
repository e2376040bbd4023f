#include "odataquery.h"

#include "core/schema.h"
#include "reportcolumns.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUrlQuery>

namespace feltnotat::server {

namespace {

constexpr int MaxFilterLength = 4000;
constexpr int MaxDepth = 50;

Error invalid(const QString &message)
{
    return makeError(ErrorCode::Invalid, message);
}

struct Token
{
    enum Kind { End, Name, String, Number, Date, DateTime, Open, Close, Comma };
    Kind kind = End;
    QString text;
};

// Splits a $filter expression into tokens.
class Lexer
{
public:
    explicit Lexer(const QString &text)
        : m_text(text)
    { }

    Result<QList<Token>> tokens()
    {
        QList<Token> out;
        while (true) {
            while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
                ++m_pos;
            if (m_pos >= m_text.size())
                break;
            const QChar c = m_text.at(m_pos);
            if (c == u'(' || c == u')' || c == u',') {
                out.append(Token {c == u'(' ? Token::Open
                        : c == u')'         ? Token::Close
                                            : Token::Comma,
                    QString(c)});
                ++m_pos;
            } else if (c == u'\'') {
                auto s = string();
                if (!s)
                    return s.error();
                out.append(Token {Token::String, s.value()});
            } else if (c.isDigit()
                || (c == u'-' && m_pos + 1 < m_text.size() && m_text.at(m_pos + 1).isDigit())) {
                out.append(numberOrDate());
            } else if (c.isLetter() || c == u'_') {
                const qsizetype start = m_pos;
                while (m_pos < m_text.size()
                    && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == u'_'))
                    ++m_pos;
                out.append(Token {Token::Name, m_text.mid(start, m_pos - start)});
            } else {
                return invalid(QStringLiteral("$filter: unexpected character at position %1").arg(m_pos + 1));
            }
        }
        out.append(Token {Token::End, {}});
        return out;
    }

private:
    Result<QString> string()
    {
        QString out;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos++);
            if (c != u'\'') {
                out += c;
            } else if (m_pos < m_text.size() && m_text.at(m_pos) == u'\'') {
                out += c;
                ++m_pos;
            } else {
                return out;
            }
        }
        return invalid(QStringLiteral("$filter: a string is not closed"));
    }

    Token numberOrDate()
    {
        static const QRegularExpression dateTime(
            QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))"));
        static const QRegularExpression date(QStringLiteral(R"(^\d{4}-\d{2}-\d{2})"));
        static const QRegularExpression number(QStringLiteral(R"(^-?\d+(\.\d+)?([eE][+-]?\d+)?)"));
        const QString rest = m_text.mid(m_pos);
        for (const auto &[re, kind] : {std::pair {&dateTime, Token::DateTime}, std::pair {&date, Token::Date},
                 std::pair {&number, Token::Number}}) {
            const auto m = re->match(rest);
            if (m.hasMatch()) {
                m_pos += m.capturedLength();
                return Token {kind, m.captured()};
            }
        }
        return {Token::End, {}}; // unreachable: a digit always matches the number pattern
    }

    const QString &m_text;
    qsizetype m_pos = 0;
};

QString quoted(const QString &name)
{
    return u'"' + name + u'"';
}

// Recursive descent over the tokens, writing SQL as it goes.
class FilterParser
{
public:
    FilterParser(const EntitySpec &spec, QList<Token> tokens, bool postgres)
        : m_spec(spec)
        , m_tokens(std::move(tokens))
        , m_postgres(postgres)
    { }

    Result<QPair<QString, QVariantList>> parse()
    {
        auto sql = orExpr(0);
        if (!sql)
            return sql.error();
        if (peek().kind != Token::End)
            return invalid(QStringLiteral("$filter: unexpected '%1'").arg(peek().text.left(50)));
        return qMakePair(sql.value(), m_params);
    }

private:
    const Token &peek() const { return m_tokens.at(m_pos); }
    Token take() { return m_tokens.at(m_pos < m_tokens.size() - 1 ? m_pos++ : m_pos); }
    bool takeWord(const char *word)
    {
        if (peek().kind == Token::Name && peek().text == QLatin1String(word)) {
            ++m_pos;
            return true;
        }
        return false;
    }
    Status expect(Token::Kind kind, const char *what)
    {
        if (take().kind != kind)
            return invalid(QStringLiteral("$filter: %1 expected").arg(QLatin1String(what)));
        return Status::success();
    }

    Result<QString> orExpr(int depth)
    {
        if (depth > MaxDepth)
            return invalid(QStringLiteral("$filter is nested too deeply"));
        auto left = andExpr(depth);
        if (!left)
            return left;
        QString sql = left.value();
        while (takeWord("or")) {
            auto right = andExpr(depth);
            if (!right)
                return right;
            sql = u'(' + sql + QStringLiteral(" OR ") + right.value() + u')';
        }
        return sql;
    }

    Result<QString> andExpr(int depth)
    {
        auto left = unary(depth);
        if (!left)
            return left;
        QString sql = left.value();
        while (takeWord("and")) {
            auto right = unary(depth);
            if (!right)
                return right;
            sql = u'(' + sql + QStringLiteral(" AND ") + right.value() + u')';
        }
        return sql;
    }

    Result<QString> unary(int depth)
    {
        if (takeWord("not")) {
            auto inner = unary(depth + 1);
            if (!inner)
                return inner;
            return QStringLiteral("(NOT COALESCE(%1, FALSE))").arg(inner.value());
        }
        if (peek().kind == Token::Open) {
            take();
            auto inner = orExpr(depth + 1);
            if (!inner)
                return inner;
            if (Status s = expect(Token::Close, "')'"); !s)
                return s.error();
            return inner;
        }
        if (peek().kind != Token::Name)
            return invalid(QStringLiteral("$filter: a property or function expected"));
        const QString name = take().text;
        if (peek().kind == Token::Open)
            return function(name);
        return comparison(name);
    }

    Result<const FieldSpec *> property(const QString &name)
    {
        if (name == u"id")
            return static_cast<const FieldSpec *>(nullptr);
        const FieldSpec *f = m_spec.field(name);
        if (!f)
            return invalid(QStringLiteral("$filter: unknown property '%1'").arg(name.left(64)));
        return f;
    }

    Result<QString> function(const QString &name)
    {
        if (name != u"contains" && name != u"startswith" && name != u"endswith")
            return invalid(QStringLiteral("$filter: the function '%1' is not supported").arg(name.left(64)));
        take(); // (
        const Token prop = take();
        if (prop.kind != Token::Name)
            return invalid(QStringLiteral("$filter: %1 wants a property first").arg(name));
        auto f = property(prop.text);
        if (!f)
            return f.error();
        if (f.value() && !isTextType(f.value()->type))
            return invalid(QStringLiteral("$filter: %1 works on text properties").arg(name));
        if (Status s = expect(Token::Comma, "','"); !s)
            return s.error();
        const Token arg = take();
        if (arg.kind != Token::String)
            return invalid(QStringLiteral("$filter: %1 wants a string").arg(name));
        if (Status s = expect(Token::Close, "')'"); !s)
            return s.error();
        const QString column = quoted(ReportColumns::columnOf(prop.text));
        if (name == u"contains") {
            m_params << arg.text;
            return (m_postgres ? QStringLiteral("(strpos(%1, CAST(? AS TEXT)) > 0)")
                               : QStringLiteral("(instr(%1, ?) > 0)"))
                .arg(column);
        }
        if (name == u"startswith") {
            m_params << arg.text << arg.text;
            return QStringLiteral("(substr(%1, 1, length(CAST(? AS TEXT))) = ?)").arg(column);
        }
        m_params << arg.text << arg.text << arg.text;
        return QStringLiteral("(length(%1) >= length(CAST(? AS TEXT)) AND substr(%1, length(%1) - "
                              "length(CAST(? AS TEXT)) + 1) = ?)")
            .arg(column);
    }

    static bool isTextType(FieldType t)
    {
        return t != FieldType::Integer && t != FieldType::Real && t != FieldType::Bool && t != FieldType::Date
            && t != FieldType::DateTime;
    }

    // The literal as a value comparable with the field's column, or an error.
    Result<QVariant> literal(const FieldSpec *f, const Token &t)
    {
        const FieldType type = f ? f->type : FieldType::Text;
        const QString name = f ? f->name : QStringLiteral("id");
        const auto wrong = [&] {
            return invalid(
                QStringLiteral("$filter: '%1' cannot be compared with %2").arg(t.text.left(50), name));
        };
        switch (type) {
        case FieldType::Integer:
        case FieldType::Real: {
            if (t.kind != Token::Number)
                return wrong();
            bool ok = false;
            const double d = t.text.toDouble(&ok);
            if (!ok)
                return wrong();
            if (type == FieldType::Integer && !t.text.contains(u'.')
                && !t.text.contains(u'e', Qt::CaseInsensitive))
                return QVariant(t.text.toLongLong());
            return QVariant(d);
        }
        case FieldType::Bool:
            if (t.kind == Token::Name && (t.text == u"true" || t.text == u"false"))
                return QVariant(qint64(t.text == u"true" ? 1 : 0));
            return wrong();
        case FieldType::Date:
            if (t.kind == Token::Date && QDate::fromString(t.text, Qt::ISODate).isValid())
                return QVariant(t.text);
            return wrong();
        case FieldType::DateTime: {
            if (t.kind == Token::Date && QDate::fromString(t.text, Qt::ISODate).isValid())
                return QVariant(t.text + QStringLiteral("T00:00:00Z"));
            if (t.kind != Token::DateTime)
                return wrong();
            QDateTime dt = QDateTime::fromString(t.text, Qt::ISODateWithMs);
            if (!dt.isValid())
                return wrong();
            return QVariant(dt.toUTC().toString(Qt::ISODate));
        }
        default:
            if (t.kind != Token::String)
                return wrong();
            return QVariant(t.text);
        }
    }

    Result<QString> comparison(const QString &name)
    {
        auto f = property(name);
        if (!f)
            return f.error();
        const Token op = take();
        static const QHash<QString, QString> ops {{QStringLiteral("eq"), QStringLiteral("=")},
            {QStringLiteral("ne"), QStringLiteral("<>")}, {QStringLiteral("gt"), QStringLiteral(">")},
            {QStringLiteral("ge"), QStringLiteral(">=")}, {QStringLiteral("lt"), QStringLiteral("<")},
            {QStringLiteral("le"), QStringLiteral("<=")}};
        if (op.kind != Token::Name || !ops.contains(op.text))
            return invalid(QStringLiteral("$filter: a comparison (eq, ne, gt, ge, lt, le) expected after %1")
                               .arg(name.left(64)));
        const Token value = take();
        const QString column = quoted(ReportColumns::columnOf(name));
        if (value.kind == Token::Name && value.text == u"null") {
            if (op.text == u"eq")
                return QStringLiteral("(%1 IS NULL)").arg(column);
            if (op.text == u"ne")
                return QStringLiteral("(%1 IS NOT NULL)").arg(column);
            return invalid(QStringLiteral("$filter: null only compares with eq and ne"));
        }
        auto v = literal(f.value(), value);
        if (!v)
            return v.error();
        m_params << v.value();
        // ne includes rows without a value, as OData's null semantics say.
        if (op.text == u"ne")
            return QStringLiteral("(%1 IS NULL OR %1 <> ?)").arg(column);
        return QStringLiteral("(%1 %2 ?)").arg(column, ops.value(op.text));
    }

    const EntitySpec &m_spec;
    QList<Token> m_tokens;
    bool m_postgres;
    qsizetype m_pos = 0;
    QVariantList m_params;
};

Result<qint64> nonNegative(const QString &option, const QString &value)
{
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    if (!ok || n < 0)
        return invalid(QStringLiteral("%1 wants a non-negative integer").arg(option));
    return n;
}

} // namespace

QStringList ODataQuery::properties(const EntitySpec &spec)
{
    QStringList out {QStringLiteral("id")};
    for (const FieldSpec &f : spec.fields)
        out << f.name;
    return out;
}

Result<QPair<QString, QVariantList>> ODataQuery::parseFilter(
    const EntitySpec &spec, const QString &filter, bool postgres)
{
    if (filter.size() > MaxFilterLength)
        return invalid(QStringLiteral("$filter is longer than %1 characters").arg(MaxFilterLength));
    auto tokens = Lexer(filter).tokens();
    if (!tokens)
        return tokens.error();
    return FilterParser(spec, std::move(tokens).value(), postgres).parse();
}

Result<ODataQuery> ODataQuery::parse(const EntitySpec &spec, const QUrlQuery &query, bool postgres)
{
    ODataQuery out;
    const QStringList props = properties(spec);
    QStringList order;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!key.startsWith(u'$'))
            continue; // custom query options are allowed and mean nothing here
        if (key == u"$filter") {
            auto f = parseFilter(spec, value, postgres);
            if (!f)
                return f.error();
            out.where = f->first;
            out.params = f->second;
            out.filterText = value;
        } else if (key == u"$select") {
            for (const QString &part : value.split(u',')) {
                const QString name = part.trimmed();
                if (name == u"*") {
                    out.select.clear();
                    break;
                }
                if (!props.contains(name))
                    return invalid(QStringLiteral("$select: unknown property '%1'").arg(name.left(64)));
                if (!out.select.contains(name))
                    out.select << name;
            }
        } else if (key == u"$orderby") {
            out.orderText = value;
            out.order.clear();
            order.clear();
            for (const QString &part : value.split(u',')) {
                const QStringList words = part.simplified().split(u' ');
                if (words.isEmpty() || words.size() > 2 || !props.contains(words.first())
                    || (words.size() == 2 && words.at(1) != u"asc" && words.at(1) != u"desc"))
                    return invalid(QStringLiteral("$orderby: 'property [asc|desc]' expected"));
                const QString column = quoted(ReportColumns::columnOf(words.first()));
                const bool descending = words.size() == 2 && words.at(1) == u"desc";
                out.order.append(OrderKey {words.first(), descending});
                // NULLs first when ascending on both databases, as on SQLite.
                order << (descending ? column + QStringLiteral(" DESC NULLS LAST")
                                     : column + QStringLiteral(" ASC NULLS FIRST"));
            }
        } else if (key == u"$top") {
            auto n = nonNegative(key, value);
            if (!n)
                return n.error();
            out.top = n.value();
        } else if (key == u"$skip") {
            auto n = nonNegative(key, value);
            if (!n)
                return n.error();
            out.skip = n.value();
        } else if (key == u"$skiptoken") {
            if (value.isEmpty() || value.size() > 4000)
                return invalid(QStringLiteral("$skiptoken is malformed"));
            out.skipToken = value;
        } else if (key == u"$count") {
            if (value != u"true" && value != u"false")
                return invalid(QStringLiteral("$count is true or false"));
            out.count = value == u"true";
        } else if (key == u"$format") {
            if (value != u"json" && !value.startsWith(u"application/json"))
                return invalid(QStringLiteral("$format: only json is served"));
        } else {
            return invalid(QStringLiteral("the query option %1 is not supported").arg(key.left(32)));
        }
    }
    // The key ends the order, so that pages are stable and a $skiptoken names one row; what
    // would follow it in $orderby cannot change the order.
    const auto byId = std::find_if(
        out.order.cbegin(), out.order.cend(), [](const OrderKey &k) { return k.property == u"id"; });
    if (byId == out.order.cend()) {
        order << QStringLiteral("\"id\" ASC");
        out.order.append(OrderKey {QStringLiteral("id"), false});
    } else {
        const qsizetype n = byId - out.order.cbegin() + 1;
        out.order.resize(n);
        order.resize(n);
    }
    out.orderBy = order.join(QStringLiteral(", "));
    return out;
}

} // namespace feltnotat::server
