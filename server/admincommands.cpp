#include "admincommands.h"

#include "accounts.h"
#include "compactor.h"
#include "core/clock.h"
#include "core/hlc.h"
#include "demoseeder.h"
#include "office/officeadmin.h"
#include "participantmover.h"
#include "serverrunner.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <termios.h>
#include <unistd.h>

namespace feltnotat::server {

namespace {

// Positionals and --options of one admin command. Options named in `valued` take a value.
struct Parsed
{
    QStringList positional;
    QHash<QString, QString> options;
    QString problem;
};

Parsed parse(const QStringList &args, const QStringList &valued, const QStringList &flags)
{
    Parsed p;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (!a.startsWith(u"--")) {
            p.positional << a;
        } else if (valued.contains(a)) {
            if (i + 1 >= args.size()) {
                p.problem = a + QStringLiteral(" needs a value");
                return p;
            }
            p.options.insert(a, args.at(++i));
        } else if (flags.contains(a)) {
            p.options.insert(a, QStringLiteral("1"));
        } else {
            p.problem = QStringLiteral("unknown option ") + a.left(100);
            return p;
        }
    }
    return p;
}

QString isoOrEmpty(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

AdminCommands::AdminCommands(
    SqlBackend &db, const Clock &clock, QTextStream &in, QTextStream &out, QTextStream &err)
    : m_db(db)
    , m_clock(clock)
    , m_in(in)
    , m_out(out)
    , m_err(err)
{ }

int AdminCommands::fail(const QString &message)
{
    m_err << "feltnotat-server admin: " << message << Qt::endl;
    return 1;
}

int AdminCommands::usage(const QString &message)
{
    m_err << "feltnotat-server admin: " << message << "\n(see feltnotat-server --help)" << Qt::endl;
    return 2;
}

int AdminCommands::run(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral(
            "which command? create-team, create-user, list-users, list-devices, revoke-device, "
            "move-participant, compact, seed-demo"));
    const QString command = args.first();
    const QStringList rest = args.mid(1);
    if (command == u"create-team")
        return createTeam(rest);
    if (command == u"create-user")
        return createUser(rest);
    if (command == u"list-users")
        return listUsers(rest);
    if (command == u"list-devices")
        return listDevices(rest);
    if (command == u"revoke-device")
        return revokeDevice(rest);
    if (command == u"move-participant")
        return moveParticipant(rest);
    if (command == u"compact")
        return compact(rest);
    if (command == u"seed-demo")
        return seedDemo(rest);
    if (OfficeAdmin::handles(command))
        return OfficeAdmin(m_db, m_clock, m_out, m_err).run(command, rest);
    return usage(QStringLiteral("unknown command: ") + command.left(100));
}

int AdminCommands::createTeam(const QStringList &args)
{
    const Parsed p = parse(args, {}, {});
    if (!p.problem.isEmpty() || p.positional.size() != 1)
        return usage(p.problem.isEmpty() ? QStringLiteral("create-team NAME") : p.problem);
    Accounts accounts(m_db, m_clock);
    auto id = accounts.createTeam(p.positional.first());
    if (!id)
        return id.error().code == ErrorCode::Invalid ? usage(id.errorString()) : fail(id.errorString());
    m_out << id.value() << Qt::endl;
    return 0;
}

QString AdminCommands::readPassword()
{
    // No echo when a person types it; a script pipes it in.
    termios saved {};
    const bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        m_err << "Password: " << Qt::flush;
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QString line = m_in.readLine();
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        m_err << Qt::endl;
    }
    return line;
}

int AdminCommands::createUser(const QStringList &args)
{
    const Parsed p
        = parse(args, {QStringLiteral("--team"), QStringLiteral("--login"), QStringLiteral("--name")}, {});
    if (!p.problem.isEmpty())
        return usage(p.problem);
    // The login comes as --login LOGIN or as the one positional argument.
    QString login = p.options.value(QStringLiteral("--login"));
    if (login.isEmpty() && p.positional.size() == 1)
        login = p.positional.first();
    else if (!p.positional.isEmpty())
        login.clear();
    if (login.isEmpty() || !p.options.contains(QStringLiteral("--team")))
        return usage(QStringLiteral("create-user --team TEAM [--name NAME] LOGIN (password on stdin)"));
    Accounts accounts(m_db, m_clock);
    auto team = accounts.findTeam(p.options.value(QStringLiteral("--team")));
    if (!team)
        return fail(team.errorString());
    const QString password = readPassword();
    if (password.size() < Accounts::MinPasswordLength)
        return usage(QStringLiteral("the password (read from stdin) must have at least %1 characters")
                         .arg(Accounts::MinPasswordLength));
    const QString name = p.options.value(QStringLiteral("--name"), login);
    auto id = accounts.createUser(team->id, login, name, password);
    if (!id)
        return id.error().code == ErrorCode::Invalid ? usage(id.errorString()) : fail(id.errorString());
    m_out << id.value() << Qt::endl;
    return 0;
}

int AdminCommands::listUsers(const QStringList &args)
{
    const Parsed p = parse(args, {}, {QStringLiteral("--json")});
    if (!p.problem.isEmpty() || !p.positional.isEmpty())
        return usage(p.problem.isEmpty() ? QStringLiteral("list-users [--json]") : p.problem);
    Accounts accounts(m_db, m_clock);
    auto users = accounts.users();
    if (!users)
        return fail(users.errorString());
    if (p.options.contains(QStringLiteral("--json"))) {
        QJsonArray list;
        for (const UserRow &u : users.value())
            list.append(QJsonObject {{QStringLiteral("id"), u.id}, {QStringLiteral("login"), u.login},
                {QStringLiteral("name"), u.name}, {QStringLiteral("team"), u.teamId},
                {QStringLiteral("team_name"), u.teamName}, {QStringLiteral("disabled"), u.disabled}});
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "ID\tLOGIN\tNAME\tTEAM\tTEAM NAME\tDISABLED\n";
    for (const UserRow &u : users.value())
        m_out << u.id << '\t' << u.login << '\t' << u.name << '\t' << u.teamId << '\t' << u.teamName << '\t'
              << (u.disabled ? "yes" : "no") << '\n';
    m_out.flush();
    return 0;
}

int AdminCommands::listDevices(const QStringList &args)
{
    const Parsed p = parse(args, {}, {QStringLiteral("--json")});
    if (!p.problem.isEmpty() || !p.positional.isEmpty())
        return usage(p.problem.isEmpty() ? QStringLiteral("list-devices [--json]") : p.problem);
    Accounts accounts(m_db, m_clock);
    auto devices = accounts.devices();
    if (!devices)
        return fail(devices.errorString());
    if (p.options.contains(QStringLiteral("--json"))) {
        QJsonArray list;
        for (const DeviceRow &d : devices.value()) {
            list.append(QJsonObject {{QStringLiteral("id"), d.id}, {QStringLiteral("user_id"), d.userId},
                {QStringLiteral("login"), d.login}, {QStringLiteral("team"), d.teamId},
                {QStringLiteral("name"), d.name}, {QStringLiteral("last_seq"), d.lastSeq},
                {QStringLiteral("created_at"), isoOrEmpty(d.createdAt)},
                {QStringLiteral("last_seen_at"),
                    d.lastSeenAt ? QJsonValue(isoOrEmpty(d.lastSeenAt)) : QJsonValue()},
                {QStringLiteral("revoked_at"),
                    d.revokedAt ? QJsonValue(isoOrEmpty(d.revokedAt)) : QJsonValue()},
                {QStringLiteral("revoked"), d.revokedAt != 0}});
        }
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "DEVICE\tLOGIN\tNAME\tLAST SEQ\tLAST SEEN\tREVOKED\n";
    for (const DeviceRow &d : devices.value())
        m_out << d.id << '\t' << d.login << '\t' << d.name << '\t' << d.lastSeq << '\t'
              << isoOrEmpty(d.lastSeenAt) << '\t'
              << (d.revokedAt ? isoOrEmpty(d.revokedAt) : QStringLiteral("no")) << '\n';
    m_out.flush();
    return 0;
}

int AdminCommands::revokeDevice(const QStringList &args)
{
    const Parsed p = parse(args, {}, {});
    if (!p.problem.isEmpty() || p.positional.size() != 1)
        return usage(p.problem.isEmpty() ? QStringLiteral("revoke-device DEVICE_ID") : p.problem);
    Accounts accounts(m_db, m_clock);
    if (Status s = accounts.revokeDevice(p.positional.first()); !s)
        return fail(s.errorString());
    m_out << "revoked " << p.positional.first() << Qt::endl;
    return 0;
}

int AdminCommands::moveParticipant(const QStringList &args)
{
    const Parsed p = parse(args, {QStringLiteral("--team")}, {});
    if (!p.problem.isEmpty() || p.positional.size() != 1 || !p.options.contains(QStringLiteral("--team")))
        return usage(p.problem.isEmpty() ? QStringLiteral("move-participant PARTICIPANT_ID --team TEAM_ID")
                                         : p.problem);
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    ParticipantMover mover(m_db, m_clock, hlc);
    auto moved = mover.move(p.positional.first(), p.options.value(QStringLiteral("--team")));
    if (!moved)
        return moved.error().code == ErrorCode::Invalid ? usage(moved.errorString())
                                                        : fail(moved.errorString());
    m_out << "moved " << moved.value() << " records" << Qt::endl;
    return 0;
}

int AdminCommands::compact(const QStringList &args)
{
    const Parsed p = parse(args, {QStringLiteral("--retention-days")}, {});
    if (!p.problem.isEmpty() || !p.positional.isEmpty())
        return usage(p.problem.isEmpty() ? QStringLiteral("compact [--retention-days N]") : p.problem);
    int days = Compactor::DefaultRetentionDays;
    if (p.options.contains(QStringLiteral("--retention-days"))) {
        bool ok = false;
        days = p.options.value(QStringLiteral("--retention-days")).toInt(&ok);
        if (!ok || days < 0 || days > 36500)
            return usage(QStringLiteral("--retention-days wants a number of days (0-36500)"));
    }
    Compactor compactor(m_db, m_clock);
    auto reports = compactor.compact(days);
    if (!reports)
        return fail(reports.errorString());
    for (const CompactionReport &r : reports.value())
        m_out << "team " << r.teamId << ": removed " << r.tombstones << " tombstones and " << r.drops
              << " drop entries; horizon " << r.horizon << '\n';
    m_out.flush();
    return 0;
}

int AdminCommands::seedDemo(const QStringList &args)
{
    if (!args.isEmpty())
        return usage(QStringLiteral("seed-demo takes no arguments"));
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    DemoSeeder seeder(m_db, m_clock, hlc);
    const QTimeZone zone(QByteArrayLiteral("Europe/Oslo"));
    auto summary = seeder.seed(m_clock.now().toTimeZone(zone).date(), zone);
    if (!summary)
        return fail(summary.errorString());
    if (summary->alreadySeeded) {
        m_out << "the demo team is already there (team " << summary->teamId << "); nothing changed"
              << Qt::endl;
        return 0;
    }
    // Demo-only credentials, printed on purpose so whoever runs the demo can sign in.
    m_out << "demo team " << summary->teamId << " (" << DemoSeeder::TeamName
          << "): login \"demo\", password \"demo\" (demonstrations only)\n"
          << summary->records << " synthetic records" << Qt::endl;
    return 0;
}

} // namespace feltnotat::server
