#include "postgresbackend.h"

#include "logging.h"

#include <QRegularExpression>

#include <libpq-fe.h>
#include <vector>

namespace feltnotat::server {

namespace {

// Type oids from pg_type.h (not installed with libpq-dev).
constexpr Oid BoolOid = 16;
constexpr Oid Int8Oid = 20;
constexpr Oid Int2Oid = 21;
constexpr Oid Int4Oid = 23;
constexpr Oid Float4Oid = 700;
constexpr Oid Float8Oid = 701;
constexpr Oid NumericOid = 1700;

void ignoreNotice(void *, const char *) { }

QVariant convertValue(const char *text, int length, Oid type)
{
    switch (type) {
    case Int8Oid:
    case Int2Oid:
    case Int4Oid:
        return QVariant(QByteArray::fromRawData(text, length).toLongLong());
    case Float4Oid:
    case Float8Oid:
        return QVariant(QByteArray::fromRawData(text, length).toDouble());
    case NumericOid: {
        const QByteArray digits = QByteArray::fromRawData(text, length);
        bool isInteger = false;
        const qint64 n = digits.toLongLong(&isInteger);
        return isInteger ? QVariant(n) : QVariant(digits.toDouble());
    }
    case BoolOid:
        return QVariant(qint64(length > 0 && text[0] == 't' ? 1 : 0));
    default:
        return QVariant(QString::fromUtf8(text, length));
    }
}

} // namespace

PostgresBackend::PostgresBackend(pg_conn *conn)
    : m_conn(conn)
{ }

PostgresBackend::~PostgresBackend()
{
    PQfinish(m_conn);
}

Result<std::unique_ptr<SqlBackend>> PostgresBackend::open(const QString &url, const QString &password)
{
    const QByteArray dbname = url.toUtf8();
    const QByteArray secret = password.toUtf8();
    // Keywords after dbname override what the URL says; the password only when one was given.
    const char *keywords[] = {"connect_timeout", "dbname", "application_name", "client_encoding",
        password.isEmpty() ? nullptr : "password", nullptr};
    const char *values[]
        = {"10", dbname.constData(), "feltnotat-server", "UTF8", secret.constData(), nullptr};
    pg_conn *conn = PQconnectdbParams(keywords, values, 1);
    if (!conn)
        return makeError(ErrorCode::Database, QStringLiteral("cannot allocate a PostgreSQL connection"));
    if (PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names host and port, never the password.
        const QString message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        PQfinish(conn);
        return makeError(ErrorCode::Database, QStringLiteral("cannot connect to PostgreSQL: ") + message);
    }
    PQsetNoticeProcessor(conn, ignoreNotice, nullptr);
    return std::unique_ptr<SqlBackend>(new PostgresBackend(conn));
}

QString PostgresBackend::convertPlaceholders(const QString &sql)
{
    QString out;
    out.reserve(sql.size() + 16);
    int n = 0;
    QChar quote; // inside '…' or "…" when set
    bool lineComment = false;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (lineComment) {
            if (c == u'\n')
                lineComment = false;
        } else if (!quote.isNull()) {
            if (c == quote)
                quote = QChar(); // a doubled quote re-opens at once on the next character
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'-' && i + 1 < sql.size() && sql.at(i + 1) == u'-') {
            lineComment = true;
        } else if (c == u'?') {
            out += u'$' + QString::number(++n);
            continue;
        }
        out += c;
    }
    return out;
}

Status PostgresBackend::ensureConnected()
{
    if (PQstatus(m_conn) == CONNECTION_OK)
        return Status::success();
    if (PQtransactionStatus(m_conn) != PQTRANS_UNKNOWN && PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        return lastError(QStringLiteral("connection lost inside a transaction"));
    qCWarning(lcServer) << "PostgreSQL connection lost; reconnecting";
    PQreset(m_conn);
    m_prepared.clear(); // prepared statements belong to the old session
    if (PQstatus(m_conn) != CONNECTION_OK)
        return lastError(QStringLiteral("cannot reconnect to PostgreSQL"));
    return Status::success();
}

Error PostgresBackend::resultError(const pg_result *res) const
{
    // SQLSTATE and the primary message only: DETAIL lines can quote values, which must not reach the logs.
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (!primary)
        return lastError(QStringLiteral("query failed"));
    return makeError(ErrorCode::Database,
        QStringLiteral("%1 (SQLSTATE %2)")
            .arg(QString::fromUtf8(primary), QString::fromLatin1(state ? state : "?")));
}

Error PostgresBackend::lastError(const QString &what) const
{
    return makeError(ErrorCode::Database,
        what + QStringLiteral(": ") + QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
}

Result<QByteArray> PostgresBackend::preparedName(const QString &sql, int paramCount)
{
    constexpr qsizetype MaxPrepared = 256;
    if (auto it = m_prepared.constFind(sql); it != m_prepared.constEnd())
        return *it;
    if (m_prepared.size() >= MaxPrepared)
        return QByteArray();
    const QByteArray name = "fn" + QByteArray::number(m_prepared.size() + 1);
    PGresult *res = PQprepare(
        m_conn, name.constData(), convertPlaceholders(sql).toUtf8().constData(), paramCount, nullptr);
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    const Error error = ok ? Error {} : resultError(res);
    PQclear(res);
    if (!ok)
        return error;
    m_prepared.insert(sql, name);
    return name;
}

bool PostgresBackend::lostConnection() const
{
    return PQstatus(m_conn) != CONNECTION_OK;
}

Result<SqlRows> PostgresBackend::exec(const QString &sql, const QVariantList &params)
{
    const bool outside = !inTransaction();
    if (outside) {
        if (Status s = ensureConnected(); !s)
            return s.error();
    }
    auto result = execOnce(sql, params);
    // libpq learns that the server restarted only when a statement fails. A read outside a transaction
    // ran nowhere then and is sent again on a new connection; a write is not (it may have committed).
    static const QRegularExpression read(
        QStringLiteral("^\\s*SELECT\\b"), QRegularExpression::CaseInsensitiveOption);
    if (!result && outside && lostConnection() && read.match(sql).hasMatch()) {
        if (Status s = ensureConnected(); !s)
            return s.error();
        result = execOnce(sql, params);
    }
    return result;
}

Result<SqlRows> PostgresBackend::execOnce(const QString &sql, const QVariantList &params)
{
    std::vector<QByteArray> storage(size_t(params.size()));
    std::vector<const char *> values(size_t(params.size()), nullptr);
    for (qsizetype i = 0; i < params.size(); ++i) {
        const QVariant &v = params.at(i);
        if (!v.isValid() || v.isNull())
            continue;
        switch (v.typeId()) {
        case QMetaType::Bool:
            storage[size_t(i)] = v.toBool() ? "1" : "0";
            break;
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
            storage[size_t(i)] = QByteArray::number(v.toLongLong());
            break;
        case QMetaType::Double:
            storage[size_t(i)] = QByteArray::number(v.toDouble(), 'g', 17);
            break;
        default:
            storage[size_t(i)] = v.toString().toUtf8();
            break;
        }
        values[size_t(i)] = storage[size_t(i)].constData();
    }
    auto name = preparedName(sql, int(params.size()));
    if (!name)
        return name.error();
    PGresult *res = name->isEmpty()
        ? PQexecParams(m_conn, convertPlaceholders(sql).toUtf8().constData(), int(params.size()), nullptr,
            values.data(), nullptr, nullptr, 0)
        : PQexecPrepared(m_conn, name->constData(), int(params.size()), values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const Error error = resultError(res);
        PQclear(res);
        return error;
    }
    SqlRows out;
    const int rows = PQntuples(res);
    const int columns = PQnfields(res);
    out.rows.reserve(rows);
    std::vector<Oid> types(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c)
        types[size_t(c)] = PQftype(res, c);
    for (int r = 0; r < rows; ++r) {
        QVariantList row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(res, r, c))
                row.append(QVariant());
            else
                row.append(convertValue(PQgetvalue(res, r, c), PQgetlength(res, r, c), types[size_t(c)]));
        }
        out.rows.append(std::move(row));
    }
    out.affected = QByteArray(PQcmdTuples(res)).toLongLong();
    PQclear(res);
    return out;
}

Status PostgresBackend::script(const QString &sql)
{
    if (!inTransaction()) {
        if (Status s = ensureConnected(); !s)
            return s;
    }
    PGresult *res = PQexec(m_conn, sql.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(res);
    const Error error = resultError(res);
    PQclear(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return error;
    return Status::success();
}

Status PostgresBackend::startTransaction(const char *sql)
{
    Status s = script(QString::fromLatin1(sql));
    // A BEGIN that found the connection gone changed nothing: start it again on a new connection.
    if (!s && lostConnection() && !inTransaction())
        s = script(QString::fromLatin1(sql));
    return s;
}

Status PostgresBackend::begin()
{
    return startTransaction("BEGIN");
}

Status PostgresBackend::beginRead()
{
    // One snapshot for the whole pull, so the feed counter and the rows read agree.
    return startTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

Status PostgresBackend::commit()
{
    return script(QStringLiteral("COMMIT"));
}

void PostgresBackend::rollback()
{
    if (PQstatus(m_conn) == CONNECTION_OK && inTransaction())
        PQclear(PQexec(m_conn, "ROLLBACK"));
}

bool PostgresBackend::inTransaction() const
{
    const PGTransactionStatusType t = PQtransactionStatus(m_conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

Status PostgresBackend::lockForMigration()
{
    // Any constant works; it only has to be the same in every server process.
    auto r = exec(QStringLiteral("SELECT pg_advisory_xact_lock(726173)"));
    return r ? Status::success() : Status(r.error());
}

} // namespace feltnotat::server
