#include "loginlimiter.h"

#include "core/clock.h"
#include "cryptoinit.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

namespace {

constexpr qint64 MinuteMs = 60 * 1000;
const QString SecretName = QStringLiteral("login_failure_key");

QString hmacHex(const QByteArray &key, const QByteArray &text)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(
        &state, reinterpret_cast<const unsigned char *>(key.constData()), size_t(key.size()));
    crypto_auth_hmacsha256_update(
        &state, reinterpret_cast<const unsigned char *>(text.constData()), quint64(text.size()));
    crypto_auth_hmacsha256_final(&state, mac);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(mac), sizeof mac).toHex());
}

} // namespace

LoginLimiter::LoginLimiter(SqlBackend &db, const Clock &clock, Policy policy)
    : m_db(db)
    , m_clock(clock)
    , m_policy(policy)
{ }

QString LoginLimiter::addressPrefix(const QHostAddress &client)
{
    bool isV4 = false;
    const quint32 v4 = client.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    Q_IPV6ADDR v6 = client.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        v6[i] = 0;
    return QHostAddress(v6).toString() + QStringLiteral("/64");
}

Result<QByteArray> LoginLimiter::secret()
{
    // One random key per database, made by whichever process needs it first.
    const QString select = QStringLiteral("SELECT value FROM server_secrets WHERE name = ?");
    auto r = m_db.exec(select, {SecretName});
    if (!r)
        return r.error();
    if (r->isEmpty()) {
        ensureCrypto();
        QByteArray bytes(32, Qt::Uninitialized);
        randombytes_buf(bytes.data(), size_t(bytes.size()));
        auto insert = m_db.exec(
            QStringLiteral(
                "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"),
            {SecretName, QString::fromLatin1(bytes.toHex())});
        if (!insert)
            return insert.error();
        r = m_db.exec(select, {SecretName});
        if (!r)
            return r.error();
    }
    const QByteArray key = QByteArray::fromHex(r->first().toString().toLatin1());
    if (key.size() < 32)
        return makeError(ErrorCode::Database, QStringLiteral("the login failure key is damaged"));
    return key;
}

Result<LoginLimiter::Keys> LoginLimiter::keys(const QString &normalizedLogin, const QHostAddress &client)
{
    auto key = secret();
    if (!key)
        return key.error();
    return Keys {hmacHex(key.value(), "login\n" + normalizedLogin.toUtf8()),
        hmacHex(key.value(), "address\n" + addressPrefix(client).toUtf8())};
}

Result<qint64> LoginLimiter::waitMs(const QString &column, const QString &key, int free, qint64 maxDelayMs)
{
    const qint64 now = m_clock.nowMs();
    auto r = m_db.exec(
        QStringLiteral("SELECT COUNT(*), MAX(at) FROM login_failures WHERE %1 = ? AND at > ?").arg(column),
        {key, now - m_policy.windowMs});
    if (!r)
        return r.error();
    const qint64 failures = r->first(0).toLongLong();
    if (failures < free)
        return 0;
    // 1 s after the first failure past the free ones, then 2 s, 4 s, … up to the cap.
    const qint64 doublings = std::min<qint64>(failures - free, 30);
    const qint64 delay = std::min(maxDelayMs, qint64(1000) << doublings);
    return std::max<qint64>(0, r->first(1).toLongLong() + delay - now);
}

Result<int> LoginLimiter::retryAfter(const Keys &keys, bool knownDevice)
{
    qint64 wait = 0;
    auto address = waitMs(QStringLiteral("address_key"), keys.address, m_policy.freeAddressFailures,
        m_policy.maxAddressDelayMs);
    if (!address)
        return address.error();
    wait = address.value();
    if (!knownDevice) {
        auto login = waitMs(
            QStringLiteral("login_key"), keys.login, m_policy.freeLoginFailures, m_policy.maxLoginDelayMs);
        if (!login)
            return login.error();
        wait = std::max(wait, login.value());
        auto global = m_db.exec(
            QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE at > ?"), {m_clock.nowMs() - MinuteMs});
        if (!global)
            return global.error();
        if (global->first().toLongLong() >= m_policy.globalFailuresPerMinute)
            wait = std::max<qint64>(wait, 30 * 1000);
    }
    return int((wait + 999) / 1000);
}

Status LoginLimiter::recordFailure(const Keys &keys)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    const qint64 now = m_clock.nowMs();
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE login_key = ? AND at <= ?"),
            {keys.login, now - m_policy.windowMs});
        !r)
        return r.error();
    if (auto r = m_db.exec(
            QStringLiteral("INSERT INTO login_failures (login_key, address_key, at) VALUES (?, ?, ?)"),
            {keys.login, keys.address, now});
        !r)
        return r.error();
    return tx.commit();
}

Status LoginLimiter::clearLogin(const Keys &keys)
{
    auto r = m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE login_key = ?"), {keys.login});
    return r ? Status::success() : Status(r.error());
}

} // namespace feltnotat::server
