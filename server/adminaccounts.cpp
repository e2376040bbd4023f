// The offboarding commands of `feltnotat-server admin` (docs/server.md, "Offboarding").
#include "accounts.h"
#include "admincommands.h"

namespace feltnotat::server {

namespace {

QString plural(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}

} // namespace

int AdminCommands::disableUser(const QCommandLineParser &p)
{
    const QString login = p.positionalArguments().constFirst();
    const bool wipe = p.isSet(QStringLiteral("wipe"));
    auto count = Accounts(m_db, m_clock).disableUser(login, wipe);
    if (!count)
        return fail(count.errorString());
    m_out << "disabled " << Accounts::normalizeLogin(login) << ": logins and every device token refused";
    if (wipe)
        m_out << "; " << plural(count.value(), "device", "devices") << " ordered to wipe at next contact";
    m_out << Qt::endl;
    return Ok;
}

int AdminCommands::enableUser(const QCommandLineParser &p)
{
    const QString login = p.positionalArguments().constFirst();
    if (Status s = Accounts(m_db, m_clock).enableUser(login); !s)
        return fail(s.errorString());
    m_out << "enabled " << Accounts::normalizeLogin(login) << ": each device signs in again" << Qt::endl;
    return Ok;
}

int AdminCommands::setPassword(const QCommandLineParser &p)
{
    const QString login = p.positionalArguments().constFirst();
    Accounts accounts(m_db, m_clock);
    if (auto user = accounts.findUser(login); !user)
        return fail(user.errorString()); // before asking for a password
    int code = Ok;
    const QString password = readNewPassword(&code);
    if (password.isEmpty())
        return code;
    const bool keep = p.isSet(QStringLiteral("keep-signed-in"));
    auto count = accounts.setPassword(login, password, keep);
    if (!count)
        return count.error().code == ErrorCode::Invalid ? usage(count.errorString())
                                                        : fail(count.errorString());
    m_out << "new password for " << Accounts::normalizeLogin(login);
    if (!keep)
        m_out << "; " << plural(count.value(), "device", "devices") << " signed out";
    m_out << Qt::endl;
    return Ok;
}

int AdminCommands::revokeUser(const QCommandLineParser &p)
{
    const QString login = p.positionalArguments().constFirst();
    auto count = Accounts(m_db, m_clock).revokeUser(login);
    if (!count)
        return fail(count.errorString());
    m_out << "signed " << Accounts::normalizeLogin(login) << " out on "
          << plural(count.value(), "device", "devices") << Qt::endl;
    return Ok;
}

int AdminCommands::deviceCommand(
    const QCommandLineParser &p, Status (Accounts::*change)(const QString &), const QString &done)
{
    const QString device = p.positionalArguments().constFirst();
    Accounts accounts(m_db, m_clock);
    if (Status s = (accounts.*change)(device); !s)
        return fail(s.errorString());
    m_out << done.arg(Accounts::escapeForDisplay(device)) << Qt::endl;
    return Ok;
}

int AdminCommands::revokeDevice(const QCommandLineParser &p)
{
    return deviceCommand(p, &Accounts::revokeDevice, QStringLiteral("revoked %1"));
}

int AdminCommands::restoreDevice(const QCommandLineParser &p)
{
    return deviceCommand(p, &Accounts::restoreDevice, QStringLiteral("restored %1"));
}

int AdminCommands::wipeDevice(const QCommandLineParser &p)
{
    return deviceCommand(
        p, &Accounts::wipeDevice, QStringLiteral("wipe ordered for %1: it deletes its data at next contact"));
}

} // namespace feltnotat::server
