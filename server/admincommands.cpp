#include "admincommands.h"

#include "accounts.h"
#include "compactor.h"
#include "core/clock.h"
#include "core/hlc.h"
#include "databaseopener.h"
#include "demoseeder.h"
#include "office/officeadmin.h"
#include "participantmover.h"
#include "serverrunner.h"
#include "serverschema.h"
#include "sqlbackend.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <termios.h>
#include <unistd.h>

namespace feltnotat::server {

namespace {

const QCommandLineOption JsonOption(QStringLiteral("json"), QStringLiteral("Machine-readable output."));

QString isoOrEmpty(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QJsonValue isoOrNull(qint64 ms)
{
    return ms == 0 ? QJsonValue() : QJsonValue(isoOrEmpty(ms));
}

} // namespace

const QList<AdminCommands::Command> &AdminCommands::commandTable()
{
    using O = QCommandLineOption;
    static const QList<Command> table {
        {QStringLiteral("create-team"), {QStringLiteral("NAME")}, {},
            QStringLiteral("Create a team; prints its id."), &AdminCommands::createTeam},
        {QStringLiteral("create-user"), {QStringLiteral("LOGIN")},
            {O(QStringLiteral("team"), QStringLiteral("The team, by id or unique name (required)."),
                 QStringLiteral("TEAM")),
                O(QStringLiteral("name"), QStringLiteral("The user's full name (default: the login)."),
                    QStringLiteral("NAME"))},
            QStringLiteral("Create a user; the password is read from stdin (at least 8 characters), never "
                           "from the command line. Prints the user's id."),
            &AdminCommands::createUser},
        {QStringLiteral("list-users"), {}, {JsonOption},
            QStringLiteral("Users with their teams and whether they are disabled."),
            &AdminCommands::listUsers},
        {QStringLiteral("list-devices"), {},
            {JsonOption,
                O(QStringLiteral("user"), QStringLiteral("Only this user's devices."),
                    QStringLiteral("LOGIN"))},
            QStringLiteral("Devices: user, name, last sequence, last contact, revoked, wipe ordered."),
            &AdminCommands::listDevices},
        {QStringLiteral("disable-user"), {QStringLiteral("LOGIN")},
            {O(QStringLiteral("wipe"),
                QStringLiteral("Also order every device of the user to wipe its data."))},
            QStringLiteral("Offboarding: refuse the user's logins and every device token at once "
                           "(401 user_disabled)."),
            &AdminCommands::disableUser},
        {QStringLiteral("enable-user"), {QStringLiteral("LOGIN")}, {},
            QStringLiteral(
                "Let a disabled user log in again (each device signs in again; unsent work is kept)."),
            &AdminCommands::enableUser},
        {QStringLiteral("set-password"), {QStringLiteral("LOGIN")},
            {O(QStringLiteral("keep-signed-in"), QStringLiteral("Do not sign the user's devices out."))},
            QStringLiteral("Set a new password, read from stdin; signs every device of the user out."),
            &AdminCommands::setPassword},
        {QStringLiteral("revoke-user"), {QStringLiteral("LOGIN")}, {},
            QStringLiteral("Sign the user out on every device at once (401 device_revoked); "
                           "the user may log in again."),
            &AdminCommands::revokeUser},
        {QStringLiteral("revoke-device"), {QStringLiteral("DEVICE")}, {},
            QStringLiteral("Sign one device out for good: its token stops working and it may not log in "
                           "again (also after the user logs in elsewhere)."),
            &AdminCommands::revokeDevice},
        {QStringLiteral("restore-device"), {QStringLiteral("DEVICE")}, {},
            QStringLiteral("Lift a device's revocation or wipe order given by mistake."),
            &AdminCommands::restoreDevice},
        {QStringLiteral("wipe-device"), {QStringLiteral("DEVICE")}, {},
            QStringLiteral("Order a device to delete its local data at its next contact (401 device_wipe)."),
            &AdminCommands::wipeDevice},
        {QStringLiteral("move-participant"), {QStringLiteral("PARTICIPANT_ID")},
            {O(QStringLiteral("team"), QStringLiteral("The team to move to (required)."),
                QStringLiteral("TEAM_ID"))},
            QStringLiteral(
                "Move a participant and its encounters, tasks, employments and conflicts to another "
                "team; the old team's devices drop them."),
            &AdminCommands::moveParticipant},
        {QStringLiteral("list-restrictions"), {},
            {JsonOption,
                O(QStringLiteral("team"), QStringLiteral("Only this team's restrictions."),
                    QStringLiteral("TEAM"))},
            QStringLiteral(
                "Restricted participants (hidden from every device of their team): id, team, since "
                "when, how many linked records. Never names or other content."),
            &AdminCommands::listRestrictions},
        {QStringLiteral("lift-restriction"), {QStringLiteral("PARTICIPANT_ID")}, {},
            QStringLiteral("Lift a participant's restriction: its team's devices receive it and everything "
                           "hidden with it again."),
            &AdminCommands::liftRestriction},
        {QStringLiteral("compact"), {},
            {O(QStringLiteral("retention-days"), QStringLiteral("Keep this many days (default 90)."),
                QStringLiteral("N"))},
            QStringLiteral(
                "Remove tombstones and drop entries older than N days; devices away longer re-sync."),
            &AdminCommands::compact},
        {QStringLiteral("seed-demo"), {}, {},
            QStringLiteral("DEMO ONLY: team \"Demo-teamet\", user demo/demo and synthetic records. Refused "
                           "on a database that has users of its own."),
            &AdminCommands::seedDemo},
    };
    return table;
}

QString AdminCommands::summary()
{
    QString text;
    for (const Command &c : commandTable()) {
        QString synopsis = c.name;
        for (const QCommandLineOption &o : c.options)
            synopsis += QStringLiteral(" [--%1%2]")
                            .arg(o.names().constFirst(),
                                o.valueName().isEmpty() ? QString() : u' ' + o.valueName());
        for (const QString &p : c.positionals)
            synopsis += u' ' + p;
        text += QStringLiteral("  %1\n      %2\n").arg(synopsis, c.help);
    }
    return text + OfficeAdmin::helpText();
}

int AdminCommands::main(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err)
{
    // The command is the first argument that is neither an option nor the value of --db.
    QString name;
    QStringList rest;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--db" && i + 1 < args.size()) {
            rest << a << args.at(++i);
        } else if (name.isEmpty() && !a.startsWith(u'-')) {
            name = a;
        } else {
            rest << a;
        }
    }
    const auto usageError = [&err](const QString &message) {
        err << "feltnotat-server admin: " << message << "\n(see feltnotat-server admin COMMAND --help)"
            << Qt::endl;
        return int(Usage);
    };
    if (name.isEmpty()) {
        if (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h"))) {
            out << "Usage: feltnotat-server admin --db PATH|postgresql://URL COMMAND [options]\n\nCommands:\n"
                << summary() << Qt::flush;
            return Ok;
        }
        return usageError(QStringLiteral("which command? one of: ") + [] {
            QStringList names;
            for (const Command &c : commandTable())
                names << c.name;
            return names.join(QStringLiteral(", "));
        }());
    }
    const auto found = std::find_if(
        commandTable().cbegin(), commandTable().cend(), [&name](const Command &c) { return c.name == name; });
    if (found == commandTable().cend() && OfficeAdmin::handles(name))
        return runOffice(name, rest, out, err);
    if (found == commandTable().cend())
        return usageError(QStringLiteral("unknown command: ") + name.left(100));

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(found->help);
    const QCommandLineOption help(
        {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."));
    parser.addOption(help);
    for (const QCommandLineOption &o : DatabaseOpener::options())
        parser.addOption(o);
    parser.addOptions(found->options);
    for (const QString &p : found->positionals)
        parser.addPositionalArgument(p, QString());
    QString synopsis
        = QStringLiteral("feltnotat-server admin --db DB ") + found->name + QStringLiteral(" [options]");
    for (const QString &p : found->positionals)
        synopsis += u' ' + p;
    if (!parser.parse(QStringList {QStringLiteral("feltnotat-server")} + rest))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text = text.mid(text.indexOf(u'\n') + 1); // our own usage line instead of the binary's path
        out << "Usage: " << synopsis << '\n' << text << Qt::flush;
        return Ok;
    }
    if (parser.positionalArguments().size() != found->positionals.size())
        return usageError(QStringLiteral("usage: ") + synopsis);
    auto opened = openDatabase(
        parser.value(QStringLiteral("db")), parser.value(QStringLiteral("db-password-file")), err);
    if (!opened)
        return exitCodeFor(opened.error());
    std::unique_ptr<SqlBackend> db = std::move(opened).value();
    AdminCommands commands(*db, *SystemClock::instance(), in, out, err);
    return (commands.*(found->run))(parser);
}

// The office modules' commands parse their own arguments (OfficeAdmin); the database options are
// taken out here so that they open the database like every other command.
int AdminCommands::runOffice(const QString &name, QStringList args, QTextStream &out, QTextStream &err)
{
    QString database;
    QString passwordFile;
    for (qsizetype i = 0; i + 1 < args.size();) {
        if (args.at(i) == u"--db" || args.at(i) == u"--db-password-file") {
            (args.at(i) == u"--db" ? database : passwordFile) = args.at(i + 1);
            args.remove(i, 2);
        } else {
            ++i;
        }
    }
    auto db = openDatabase(database, passwordFile, err);
    if (!db)
        return exitCodeFor(db.error());
    return OfficeAdmin(*db.value(), *SystemClock::instance(), out, err).run(name, args);
}

int AdminCommands::exitCodeFor(const Error &openError)
{
    switch (openError.code) {
    case ErrorCode::Invalid:
        return Usage;
    case ErrorCode::Forbidden:
        return Unsafe;
    default:
        return DatabaseUnavailable;
    }
}

Result<std::unique_ptr<SqlBackend>> AdminCommands::openDatabase(
    const QString &database, const QString &passwordFile, QTextStream &err)
{
    if (database.isEmpty()) {
        err << "feltnotat-server admin: --db PATH|postgresql://URL is required" << Qt::endl;
        return makeError(ErrorCode::Invalid, QStringLiteral("no database"));
    }
    auto spec = DatabaseOpener::spec(database, passwordFile);
    auto opened
        = spec ? DatabaseOpener::open(spec.value()) : Result<std::unique_ptr<SqlBackend>>(spec.error());
    if (!opened) {
        err << "feltnotat-server admin: " << opened.errorString() << Qt::endl;
        return opened.error();
    }
    if (Status s = ServerSchema::migrate(*opened.value()); !s) {
        err << "feltnotat-server admin: cannot prepare the database: " << s.errorString() << Qt::endl;
        return makeError(ErrorCode::Database, s.errorString());
    }
    return opened;
}

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
    return Failed;
}

int AdminCommands::usage(const QString &message)
{
    m_err << "feltnotat-server admin: " << message << "\n(see feltnotat-server admin COMMAND --help)"
          << Qt::endl;
    return Usage;
}

int AdminCommands::createTeam(const QCommandLineParser &p)
{
    Accounts accounts(m_db, m_clock);
    auto id = accounts.createTeam(p.positionalArguments().constFirst());
    if (!id)
        return id.error().code == ErrorCode::Invalid ? usage(id.errorString()) : fail(id.errorString());
    m_out << id.value() << Qt::endl;
    return Ok;
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

QString AdminCommands::readNewPassword(int *exitCode)
{
    const QString password = readPassword();
    if (password.size() < Accounts::MinPasswordLength) {
        *exitCode = usage(QStringLiteral("the password (read from stdin) must have at least %1 characters")
                              .arg(Accounts::MinPasswordLength));
        return {};
    }
    return password;
}

int AdminCommands::createUser(const QCommandLineParser &p)
{
    const QString login = p.positionalArguments().constFirst();
    if (!p.isSet(QStringLiteral("team")))
        return usage(QStringLiteral("create-user --team TEAM [--name NAME] LOGIN (password on stdin)"));
    Accounts accounts(m_db, m_clock);
    auto team = accounts.findTeam(p.value(QStringLiteral("team")));
    if (!team)
        return fail(team.errorString());
    int code = Ok;
    const QString password = readNewPassword(&code);
    if (password.isEmpty())
        return code;
    const QString name = p.isSet(QStringLiteral("name")) ? p.value(QStringLiteral("name")) : login;
    auto id = accounts.createUser(team->id, login, name, password);
    if (!id)
        return id.error().code == ErrorCode::Invalid ? usage(id.errorString()) : fail(id.errorString());
    m_out << id.value() << Qt::endl;
    return Ok;
}

int AdminCommands::listUsers(const QCommandLineParser &p)
{
    Accounts accounts(m_db, m_clock);
    auto users = accounts.users();
    if (!users)
        return fail(users.errorString());
    if (p.isSet(JsonOption)) {
        QJsonArray list;
        for (const UserRow &u : users.value())
            list.append(QJsonObject {{QStringLiteral("id"), u.id}, {QStringLiteral("login"), u.login},
                {QStringLiteral("name"), u.name}, {QStringLiteral("team"), u.teamId},
                {QStringLiteral("team_name"), u.teamName}, {QStringLiteral("disabled"), u.disabled},
                {QStringLiteral("disabled_at"), isoOrNull(u.disabledAt)}});
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return Ok;
    }
    m_out << "ID\tLOGIN\tNAME\tTEAM\tTEAM NAME\tDISABLED\n";
    for (const UserRow &u : users.value())
        m_out << u.id << '\t' << Accounts::escapeForDisplay(u.login) << '\t'
              << Accounts::escapeForDisplay(u.name) << '\t' << u.teamId << '\t'
              << Accounts::escapeForDisplay(u.teamName) << '\t'
              << (u.disabled ? isoOrEmpty(u.disabledAt) : QStringLiteral("no")) << '\n';
    m_out.flush();
    return Ok;
}

int AdminCommands::listDevices(const QCommandLineParser &p)
{
    Accounts accounts(m_db, m_clock);
    auto devices = accounts.devices();
    if (!devices)
        return fail(devices.errorString());
    const QString onlyUser = Accounts::normalizeLogin(p.value(QStringLiteral("user")));
    QList<DeviceRow> rows;
    for (const DeviceRow &d : devices.value()) {
        if (onlyUser.isEmpty() || d.login == onlyUser)
            rows.append(d);
    }
    if (p.isSet(JsonOption)) {
        QJsonArray list;
        for (const DeviceRow &d : rows) {
            list.append(QJsonObject {{QStringLiteral("id"), d.id}, {QStringLiteral("user_id"), d.userId},
                {QStringLiteral("login"), d.login}, {QStringLiteral("team"), d.teamId},
                {QStringLiteral("name"), d.name}, {QStringLiteral("last_seq"), d.lastSeq},
                {QStringLiteral("created_at"), isoOrEmpty(d.createdAt)},
                {QStringLiteral("last_seen_at"), isoOrNull(d.lastSeenAt)},
                {QStringLiteral("revoked_at"), isoOrNull(d.revokedAt)},
                {QStringLiteral("revoked"), d.revokedAt != 0},
                {QStringLiteral("wipe_requested_at"), isoOrNull(d.wipeRequestedAt)}});
        }
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return Ok;
    }
    // Device names come from devices: shown with control characters escaped, never raw.
    m_out << "DEVICE\tLOGIN\tNAME\tLAST SEQ\tLAST SEEN\tREVOKED\tWIPE ORDERED\n";
    for (const DeviceRow &d : rows)
        m_out << d.id << '\t' << Accounts::escapeForDisplay(d.login) << '\t'
              << Accounts::escapeForDisplay(d.name) << '\t' << d.lastSeq << '\t' << isoOrEmpty(d.lastSeenAt)
              << '\t' << (d.revokedAt ? isoOrEmpty(d.revokedAt) : QStringLiteral("no")) << '\t'
              << (d.wipeRequestedAt ? isoOrEmpty(d.wipeRequestedAt) : QStringLiteral("no")) << '\n';
    m_out.flush();
    return Ok;
}

int AdminCommands::moveParticipant(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("team")))
        return usage(QStringLiteral("move-participant PARTICIPANT_ID --team TEAM_ID"));
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    ParticipantMover mover(m_db, m_clock, hlc);
    auto moved = mover.move(p.positionalArguments().constFirst(), p.value(QStringLiteral("team")));
    if (!moved)
        return moved.error().code == ErrorCode::Invalid ? usage(moved.errorString())
                                                        : fail(moved.errorString());
    m_out << "moved " << moved.value() << " records" << Qt::endl;
    return Ok;
}

int AdminCommands::compact(const QCommandLineParser &p)
{
    int days = Compactor::DefaultRetentionDays;
    if (p.isSet(QStringLiteral("retention-days"))) {
        bool ok = false;
        days = p.value(QStringLiteral("retention-days")).toInt(&ok);
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
    return Ok;
}

int AdminCommands::seedDemo(const QCommandLineParser &)
{
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    DemoSeeder seeder(m_db, m_clock, hlc);
    const QTimeZone zone(QByteArrayLiteral("Europe/Oslo"));
    auto summary = seeder.seed(m_clock.now().toTimeZone(zone).date(), zone);
    if (!summary)
        return fail(summary.errorString());
    if (summary->alreadySeeded) {
        m_out << "the demo team is already there (team " << summary->teamId << "); nothing changed"
              << Qt::endl;
        return Ok;
    }
    // Demo-only credentials, printed on purpose so whoever runs the demo can sign in.
    m_out << "demo team " << summary->teamId << " (" << DemoSeeder::TeamName
          << "): login \"demo\", password \"demo\" (demonstrations only)\n"
          << summary->records << " synthetic records" << Qt::endl;
    return Ok;
}

} // namespace feltnotat::server
