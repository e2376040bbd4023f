#include "officeadmin.h"

#include "apiclients.h"
#include "employerregister.h"
#include "leadroles.h"
#include "registerimport.h"
#include "server/accounts.h"
#include "webhookqueue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace feltnotat::server {

namespace {

QString isoOrEmpty(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

// Names and texts from the database shown in a terminal: control characters become '?'.
QString printable(QString s)
{
    for (QChar &c : s) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = u'?';
    }
    return s;
}

} // namespace

OfficeAdmin::OfficeAdmin(SqlBackend &db, const Clock &clock, QTextStream &out, QTextStream &err)
    : m_db(db)
    , m_clock(clock)
    , m_out(out)
    , m_err(err)
{ }

bool OfficeAdmin::handles(const QString &command)
{
    static const QStringList commands {QStringLiteral("create-api-client"),
        QStringLiteral("list-api-clients"), QStringLiteral("revoke-api-client"),
        QStringLiteral("set-webhook"), QStringLiteral("webhook-status"), QStringLiteral("retry-dead-letters"),
        QStringLiteral("import-enhetsregisteret"), QStringLiteral("register-status"),
        QStringLiteral("grant-lead"), QStringLiteral("revoke-lead"), QStringLiteral("list-leads")};
    return commands.contains(command);
}

QString OfficeAdmin::helpText()
{
    return QStringLiteral(R"(
Office systems (docs/integration.md):
  create-api-client NAME --team TEAM [--team TEAM …]
                                    an API client for an office system, reading the teams'
                                    records (read-only); prints its id and secret ONCE
  list-api-clients [--json]         API clients: teams, created, last used, revoked, webhook
  revoke-api-client CLIENT          the client (id or name) stops working at once
  set-webhook CLIENT URL            send the client's webhook events to URL (https); prints
                                    the new signing secret ONCE; URL "" removes the webhook
  webhook-status CLIENT [--json]    pending, delivered and dead events, last error
  retry-dead-letters CLIENT         dead events back into the queue for another 24 hours

Reports for team leads (docs/integration.md):
  grant-lead LOGIN [--team TEAM …]  the user may sign in to the reports web page (/reports) and
                                    read the figures of the teams (default: the user's own)
  revoke-lead LOGIN                 takes the role away and ends the user's web sessions
  list-leads [--json]               leads and their teams

Employer register (Enhetsregisteret, docs/integration.md):
  import-enhetsregisteret FILE|URL  a bulk file of units or sub-units (JSON array, gzip or
                                    plain) or an update page (oppdateringer); from a URL the
                                    update pages' next links are followed
  register-status [--json]          units and sub-units held, last update applied
)");
}

int OfficeAdmin::fail(const QString &message)
{
    m_err << "feltnotat-server admin: " << message << Qt::endl;
    return 1;
}

int OfficeAdmin::usage(const QString &message)
{
    m_err << "feltnotat-server admin: " << message << "\n(see feltnotat-server --help)" << Qt::endl;
    return 2;
}

int OfficeAdmin::run(const QString &command, const QStringList &args)
{
    if (command == u"create-api-client")
        return createApiClient(args);
    if (command == u"list-api-clients")
        return listApiClients(args);
    if (command == u"revoke-api-client")
        return revokeApiClient(args);
    if (command == u"set-webhook")
        return setWebhook(args);
    if (command == u"webhook-status")
        return webhookStatus(args);
    if (command == u"retry-dead-letters")
        return retryDeadLetters(args);
    if (command == u"import-enhetsregisteret")
        return importRegister(args);
    if (command == u"register-status")
        return registerStatus(args);
    if (command == u"grant-lead")
        return grantLead(args);
    if (command == u"revoke-lead")
        return revokeLead(args);
    if (command == u"list-leads")
        return listLeads(args);
    return usage(QStringLiteral("unknown command"));
}

int OfficeAdmin::withTeams(
    const QStringList &args, const QString &help, QStringList &positional, QStringList &teams)
{
    Accounts accounts(m_db, m_clock);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--team" && i + 1 < args.size()) {
            auto team = accounts.findTeam(args.at(++i));
            if (!team)
                return fail(team.errorString());
            teams << team->id;
        } else if (args.at(i).startsWith(u"--")) {
            return usage(help);
        } else {
            positional << args.at(i);
        }
    }
    return -1;
}

int OfficeAdmin::createApiClient(const QStringList &args)
{
    QStringList positional;
    QStringList teams;
    const QString help = QStringLiteral("create-api-client NAME --team TEAM [--team TEAM …]");
    if (const int code = withTeams(args, help, positional, teams); code >= 0)
        return code;
    if (positional.size() != 1 || teams.isEmpty())
        return usage(help);
    auto created = ApiClients(m_db, m_clock).create(positional.first(), teams);
    if (!created)
        return created.error().code == ErrorCode::Invalid ? usage(created.errorString())
                                                          : fail(created.errorString());
    m_out << "client_id: " << created->id << "\nclient_secret: " << created->secret
          << "\n(the secret is shown only now; keep it in the office system's secret store)" << Qt::endl;
    return 0;
}

int OfficeAdmin::listApiClients(const QStringList &args)
{
    const bool asJson = args == QStringList {QStringLiteral("--json")};
    if (!args.isEmpty() && !asJson)
        return usage(QStringLiteral("list-api-clients [--json]"));
    auto clients = ApiClients(m_db, m_clock).list();
    if (!clients)
        return fail(clients.errorString());
    if (asJson) {
        QJsonArray list;
        for (const ApiClient &c : clients.value()) {
            list.append(QJsonObject {{QStringLiteral("id"), c.id}, {QStringLiteral("name"), c.name},
                {QStringLiteral("teams"), QJsonArray::fromStringList(c.teamIds)},
                {QStringLiteral("created_at"), isoOrEmpty(c.createdAt)},
                {QStringLiteral("last_used_at"),
                    c.lastUsedAt ? QJsonValue(isoOrEmpty(c.lastUsedAt)) : QJsonValue()},
                {QStringLiteral("revoked"), c.revokedAt != 0},
                {QStringLiteral("webhook_url"),
                    c.webhookUrl.isEmpty() ? QJsonValue() : QJsonValue(c.webhookUrl)}});
        }
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "CLIENT\tNAME\tTEAMS\tCREATED\tLAST USED\tREVOKED\tWEBHOOK\n";
    for (const ApiClient &c : clients.value())
        m_out << c.id << '\t' << printable(c.name) << '\t' << c.teamIds.join(u',') << '\t'
              << isoOrEmpty(c.createdAt) << '\t' << isoOrEmpty(c.lastUsedAt) << '\t'
              << (c.revokedAt ? isoOrEmpty(c.revokedAt) : QStringLiteral("no")) << '\t'
              << printable(c.webhookUrl) << '\n';
    m_out.flush();
    return 0;
}

int OfficeAdmin::revokeApiClient(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("revoke-api-client CLIENT"));
    if (Status s = ApiClients(m_db, m_clock).revoke(args.first()); !s)
        return fail(s.errorString());
    m_out << "revoked " << printable(args.first()) << Qt::endl;
    return 0;
}

int OfficeAdmin::setWebhook(const QStringList &args)
{
    if (args.size() != 2)
        return usage(QStringLiteral("set-webhook CLIENT URL (\"\" removes the webhook)"));
    auto secret = ApiClients(m_db, m_clock).setWebhook(args.at(0), args.at(1));
    if (!secret)
        return secret.error().code == ErrorCode::Invalid ? usage(secret.errorString())
                                                         : fail(secret.errorString());
    if (secret->isEmpty())
        m_out << "webhook removed" << Qt::endl;
    else
        m_out << "webhook_secret: " << secret.value()
              << "\n(the signing secret is shown only now; the receiver checks the Feltnotat-Signature "
                 "header with it)"
              << Qt::endl;
    return 0;
}

int OfficeAdmin::webhookStatus(const QStringList &args)
{
    const bool asJson = args.size() == 2 && args.at(1) == u"--json";
    if (args.size() != 1 && !asJson)
        return usage(QStringLiteral("webhook-status CLIENT [--json]"));
    auto client = ApiClients(m_db, m_clock).find(args.first());
    if (!client)
        return fail(client.errorString());
    WebhookQueue queue(m_db, m_clock);
    auto status = queue.status(client->id);
    if (!status)
        return fail(status.errorString());
    if (asJson) {
        m_out << QJsonDocument(status->toJson()).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "webhook:        " << (status->url.isEmpty() ? QStringLiteral("(none)") : printable(status->url))
          << '\n'
          << "pending:        " << status->pending << '\n'
          << "delivered:      " << status->delivered << '\n'
          << "dead letters:   " << status->dead << '\n'
          << "oldest pending: " << isoOrEmpty(status->oldestPendingAt) << '\n'
          << "last delivered: " << isoOrEmpty(status->lastDeliveredAt) << '\n'
          << "last error:     " << printable(status->lastError) << Qt::endl;
    return 0;
}

int OfficeAdmin::retryDeadLetters(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("retry-dead-letters CLIENT"));
    auto client = ApiClients(m_db, m_clock).find(args.first());
    if (!client)
        return fail(client.errorString());
    auto n = WebhookQueue(m_db, m_clock).retryDead(client->id);
    if (!n)
        return fail(n.errorString());
    m_out << n.value() << " dead letters queued again" << Qt::endl;
    return 0;
}

int OfficeAdmin::grantLead(const QStringList &args)
{
    QStringList positional;
    QStringList teams;
    const QString help = QStringLiteral("grant-lead LOGIN [--team TEAM …]");
    if (const int code = withTeams(args, help, positional, teams); code >= 0)
        return code;
    if (positional.size() != 1)
        return usage(help);
    if (Status s = LeadRoles(m_db).grant(positional.first(), teams); !s)
        return fail(s.errorString());
    m_out << printable(positional.first()) << " is a lead; reports at /reports" << Qt::endl;
    return 0;
}

int OfficeAdmin::revokeLead(const QStringList &args)
{
    if (args.size() != 1 || args.first().startsWith(u"--"))
        return usage(QStringLiteral("revoke-lead LOGIN"));
    if (Status s = LeadRoles(m_db).revoke(args.first()); !s)
        return fail(s.errorString());
    m_out << printable(args.first()) << " is no longer a lead" << Qt::endl;
    return 0;
}

int OfficeAdmin::listLeads(const QStringList &args)
{
    const bool asJson = args == QStringList {QStringLiteral("--json")};
    if (!args.isEmpty() && !asJson)
        return usage(QStringLiteral("list-leads [--json]"));
    auto leads = LeadRoles(m_db).list();
    if (!leads)
        return fail(leads.errorString());
    if (asJson) {
        QJsonArray list;
        for (const LeadRow &l : leads.value())
            list.append(QJsonObject {{QStringLiteral("user_id"), l.userId},
                {QStringLiteral("login"), l.login}, {QStringLiteral("name"), l.name},
                {QStringLiteral("teams"), QJsonArray::fromStringList(l.teamIds)}});
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "LOGIN\tNAME\tTEAMS\n";
    for (const LeadRow &l : leads.value())
        m_out << printable(l.login) << '\t' << printable(l.name) << '\t' << l.teamIds.join(u',') << '\n';
    m_out.flush();
    return 0;
}

int OfficeAdmin::importRegister(const QStringList &args)
{
    if (args.size() != 1 || args.first().startsWith(u"--"))
        return usage(QStringLiteral("import-enhetsregisteret FILE|URL"));
    QNetworkAccessManager network;
    RegisterImport import(m_db, m_clock, &network);
    qint64 shown = 0;
    auto report = import.run(args.first(), [this, &shown](const RegisterImport::Report &r) {
        const qint64 done = r.units + r.subUnits + r.updates;
        if (done - shown >= 100000) { // a line now and then on a long import
            shown = done;
            m_err << "… " << r.units << " units, " << r.subUnits << " sub-units" << Qt::endl;
        }
    });
    if (!report)
        return fail(QStringLiteral("import-enhetsregisteret: ") + report.errorString()
            + QStringLiteral(
                "\n(what was imported before the failure stays; running the import again is safe)"));
    const RegisterImport::Report &r = report.value();
    if (r.bulk) {
        m_out << "imported " << r.units << " units and " << r.subUnits << " sub-units; " << r.removed
              << " no longer in the register; " << r.skipped
              << " entries skipped (no valid organisation number or name)" << Qt::endl;
    } else {
        m_out << "applied " << r.updates << " updates (" << r.fetched << " units fetched, " << r.removed
              << " removed); last oppdateringsid " << r.lastUpdateId << Qt::endl;
        if (!r.nextUrl.isEmpty())
            m_out << "next: " << r.nextUrl << Qt::endl;
    }
    return 0;
}

int OfficeAdmin::registerStatus(const QStringList &args)
{
    const bool asJson = args == QStringList {QStringLiteral("--json")};
    if (!args.isEmpty() && !asJson)
        return usage(QStringLiteral("register-status [--json]"));
    auto state = EmployerRegister(m_db).state();
    if (!state)
        return fail(state.errorString());
    const EmployerRegister::State &s = state.value();
    if (asJson) {
        m_out << QJsonDocument(
            QJsonObject {{QStringLiteral("units"), s.units}, {QStringLiteral("sub_units"), s.subUnits},
                {QStringLiteral("last_update_units"), s.lastUpdateUnits},
                {QStringLiteral("last_update_sub_units"), s.lastUpdateSubUnits},
                {QStringLiteral("imported_at"),
                    s.importedAtMs ? QJsonValue(isoOrEmpty(s.importedAtMs)) : QJsonValue()}})
                     .toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << "units:              " << s.units << '\n'
          << "sub-units:          " << s.subUnits << '\n'
          << "last update (units):     " << s.lastUpdateUnits << '\n'
          << "last update (sub-units): " << s.lastUpdateSubUnits << '\n'
          << "last import:        " << isoOrEmpty(s.importedAtMs) << Qt::endl;
    return 0;
}

} // namespace feltnotat::server
