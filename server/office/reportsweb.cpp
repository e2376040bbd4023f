#include "reportsweb.h"

#include "core/clock.h"
#include "leadfigures.h"
#include "reportspage.h"
#include "server/accounts.h"
#include "server/auditlog.h"
#include "server/sqlbackend.h"
#include "websessions.h"

#include <QFile>
#include <QUrl>

namespace feltnotat::server {

namespace {

const QByteArray SessionCookie = QByteArrayLiteral("__Host-feltnotat-session");
const QByteArray SignInCookie = QByteArrayLiteral("__Host-feltnotat-signin");
const QByteArray Html = QByteArrayLiteral("text/html; charset=utf-8");

QByteArray cookie(const ApiRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers) {
        if (key.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &part : value.split(';')) {
            const QByteArray p = part.trimmed();
            if (p.startsWith(QByteArray(name + '=')))
                return p.mid(name.size() + 1);
        }
    }
    return {};
}

QByteArray setCookie(const QByteArray &name, const QByteArray &value, qint64 maxAgeSeconds)
{
    return name + '=' + value
        + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(maxAgeSeconds);
}

ApiResponse html(const QByteArray &body, int status = 200)
{
    ApiResponse r;
    r.status = status;
    r.body = body;
    r.contentType = Html;
    return r;
}

ApiResponse redirect(const QByteArray &location)
{
    ApiResponse r;
    r.status = 303;
    r.contentType = Html;
    r.addHeader("Location", location);
    return r;
}

// application/x-www-form-urlencoded
QHash<QString, QString> formFields(const QByteArray &body)
{
    QHash<QString, QString> out;
    if (body.size() > 16 * 1024)
        return out;
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq <= 0)
            continue;
        auto decode = [](QByteArray s) {
            return QUrl::fromPercentEncoding(s.replace('+', ' '));
        };
        out.insert(decode(pair.left(eq)), decode(pair.mid(eq + 1)));
    }
    return out;
}

// Tokens compared without leaking how much of them matched.
bool sameToken(const QString &a, const QString &b)
{
    if (a.isEmpty() || a.size() != b.size())
        return false;
    char16_t diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= a.at(i).unicode() ^ b.at(i).unicode();
    return diff == 0;
}

// A form posted from another site (its Origin is not this host) is refused whatever it carries.
bool sameOrigin(const ApiRequest &request)
{
    const QByteArray origin = request.header("origin");
    if (origin.isEmpty())
        return true;
    return QUrl(QString::fromLatin1(origin)).authority() == QString::fromLatin1(request.header("host"));
}

QByteArray asset(const QString &name)
{
    QFile f(QStringLiteral(":/feltnotat/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

ReportsWeb::ReportsWeb(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

ApiResponse ReportsWeb::handle(const ApiRequest &request)
{
    ApiResponse r = route(request);
    r.route = request.path == u"/reports/figures.csv" || request.path == u"/reports/login"
            || request.path == u"/reports/logout" || request.path == u"/reports/style.css"
            || request.path == u"/reports/icon.svg"
        ? request.path
        : QStringLiteral("/reports");
    // Nothing from elsewhere: no script at all, styles and images only from this server.
    r.addHeader("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'");
    r.addHeader("X-Content-Type-Options", "nosniff");
    r.addHeader("X-Frame-Options", "DENY");
    // same-origin: forms posted here carry their Origin (no-referrer would make it "null").
    r.addHeader("Referrer-Policy", "same-origin");
    const bool asset = request.path == u"/reports/style.css" || request.path == u"/reports/icon.svg";
    r.addHeader("Cache-Control", asset ? "max-age=3600" : "no-store");
    return r;
}

ApiResponse ReportsWeb::route(const ApiRequest &request)
{
    const QString &path = request.path;
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if ((path == u"/reports/style.css" || path == u"/reports/icon.svg") && get) {
        ApiResponse r;
        r.body = asset(
            path == u"/reports/style.css" ? QStringLiteral("reports.css") : QStringLiteral("icon.svg"));
        r.contentType = path.endsWith(u".css") ? QByteArrayLiteral("text/css; charset=utf-8")
                                               : QByteArrayLiteral("image/svg+xml");
        return r;
    }
    if (path == u"/reports/login" && get)
        return signInForm({}, {});
    if (path == u"/reports/login" && post)
        return signIn(request);

    auto session = WebSessions(m_db, m_clock).find(QString::fromLatin1(cookie(request, SessionCookie)));
    if (!session)
        return html(ReportsPage::message(QStringLiteral("Ikke tilgjengelig"),
                        QStringLiteral("Databasen svarer ikke akkurat nå. Prøv igjen om litt.")),
            503);
    if (!session->has_value())
        return redirect("/reports/login");
    if (path == u"/reports/logout" && post)
        return signOut(request, session->value());
    if ((path == u"/reports" || path == u"/reports/") && get)
        return report(request, session->value(), false);
    if (path == u"/reports/figures.csv" && get)
        return report(request, session->value(), true);
    if (get || post)
        return html(
            ReportsPage::message(QStringLiteral("Finnes ikke"), QStringLiteral("Denne siden finnes ikke.")),
            404);
    return html(
        ReportsPage::message(QStringLiteral("Ikke tillatt"), QStringLiteral("Bruk nettleseren.")), 405);
}

ApiResponse ReportsWeb::signInForm(const QString &login, const QString &error, int status)
{
    const QString token = WebSessions::newToken();
    ApiResponse r = html(ReportsPage::signIn(token, login, error), status);
    r.addHeader("Set-Cookie", setCookie(SignInCookie, token.toLatin1(), 3600));
    return r;
}

ApiResponse ReportsWeb::signIn(const ApiRequest &request)
{
    if (!request.secureTransport)
        return html(ReportsPage::message(QStringLiteral("Bruk https"),
                        QStringLiteral("Passord tas bare imot over en kryptert forbindelse (https).")),
            403);
    const auto form = formFields(request.body);
    const QString login = form.value(QStringLiteral("login")).left(200);
    if (!sameOrigin(request)
        || !sameToken(form.value(QStringLiteral("csrf")), QString::fromLatin1(cookie(request, SignInCookie))))
        return signInForm(login, QStringLiteral("Skjemaet var utløpt. Logg inn på nytt."), 403);
    auto outcome
        = WebSessions(m_db, m_clock).signIn(login, form.value(QStringLiteral("password")), request.client);
    if (!outcome)
        return html(ReportsPage::message(QStringLiteral("Ikke tilgjengelig"),
                        QStringLiteral("Databasen svarer ikke akkurat nå. Prøv igjen om litt.")),
            503);
    switch (outcome->kind) {
    case WebSignIn::Ok: {
        ApiResponse r = redirect("/reports");
        r.addHeader("Set-Cookie",
            setCookie(SessionCookie, outcome->token.toLatin1(), WebSessions::LifetimeMs / 1000));
        r.addHeader("Set-Cookie", setCookie(SignInCookie, {}, 0));
        return r;
    }
    case WebSignIn::RateLimited: {
        ApiResponse r = signInForm(login,
            QStringLiteral("For mange forsøk. Vent %1 sekunder og prøv igjen.")
                .arg(outcome->retryAfterSeconds),
            429);
        r.addHeader("Retry-After", QByteArray::number(outcome->retryAfterSeconds));
        return r;
    }
    case WebSignIn::Disabled:
        return signInForm(login, QStringLiteral("Brukeren er sperret. Kontakt administratoren."), 403);
    case WebSignIn::NotLead:
        return signInForm(
            login, QStringLiteral("Rapportene er for teamledere. Be administratoren om tilgang."), 403);
    case WebSignIn::Unauthorized:
        break;
    }
    return signInForm(login, QStringLiteral("Feil brukernavn eller passord."), 401);
}

ApiResponse ReportsWeb::signOut(const ApiRequest &request, const WebSession &session)
{
    if (!sameOrigin(request)
        || !sameToken(formFields(request.body).value(QStringLiteral("csrf")), session.csrf))
        return html(
            ReportsPage::message(QStringLiteral("Ikke tillatt"),
                QStringLiteral("Skjemaet kom ikke fra denne siden. Last siden på nytt og prøv igjen.")),
            403);
    if (Status s = WebSessions(m_db, m_clock).signOut(QString::fromLatin1(cookie(request, SessionCookie)));
        !s)
        return apiFromError(s.error());
    ApiResponse r = redirect("/reports/login");
    r.addHeader("Set-Cookie", setCookie(SessionCookie, {}, 0));
    return r;
}

ApiResponse ReportsWeb::report(const ApiRequest &request, const WebSession &session, bool csv)
{
    const QDate today = m_clock.now().toTimeZone(LeadFigures::zone()).date();
    ReportsPage::Report page;
    page.userName = session.userName;
    page.csrf = session.csrf;
    page.today = today;
    page.period = ReportsPage::presets(today).first().second;
    Accounts accounts(m_db, m_clock);
    for (const QString &id : session.teamIds) {
        auto team = accounts.team(id);
        if (team)
            page.teams << ReportsPage::Team {id, team->name};
    }
    std::sort(page.teams.begin(), page.teams.end(),
        [](const ReportsPage::Team &a, const ReportsPage::Team &b) { return a.name < b.name; });
    if (page.teams.isEmpty())
        return html(
            ReportsPage::message(QStringLiteral("Ingen team"), QStringLiteral("Du leder ingen team ennå.")),
            403);
    page.teamId = request.query.queryItemValue(QStringLiteral("team"));
    if (page.teamId.isEmpty())
        page.teamId = page.teams.first().id;
    if (!session.teamIds.contains(page.teamId))
        return html(ReportsPage::message(QStringLiteral("Ikke ditt team"),
                        QStringLiteral("Du kan bare se rapportene for teamene du leder.")),
            403);
    const QString from = request.query.queryItemValue(QStringLiteral("fra"));
    const QString to = request.query.queryItemValue(QStringLiteral("til"));
    if (!from.isEmpty() || !to.isEmpty()) {
        const Period asked {QDate::fromString(from, Qt::ISODate), QDate::fromString(to, Qt::ISODate)};
        if (!asked.isValid() || asked.from.daysTo(asked.to) >= LeadFigures::MaxPeriodDays) {
            if (csv)
                return apiError(400, QStringLiteral("invalid"),
                    QStringLiteral(
                        "fra and til must be dates (yyyy-mm-dd), fra first, at most three years apart"));
            page.error = QStringLiteral(
                "Perioden må ha en fra-dato før til-datoen og være høyst tre år. Viser de siste fire ukene.");
        } else {
            page.period = asked;
        }
    }
    auto rows = LeadFigures(m_db).team(page.teamId, page.period);
    if (!rows)
        return apiFromError(rows.error());
    if (Status s = AuditLog(m_db, m_clock)
                       .record({session.userId, {}, QStringLiteral("lead-report"), QStringLiteral("team"),
                           page.teamId, rows->size()});
        !s)
        return apiFromError(s.error());
    if (!csv) {
        page.rows = std::move(rows).value();
        return html(ReportsPage::report(page));
    }
    const bool excel = request.query.queryItemValue(QStringLiteral("format")) == u"excel";
    ApiResponse r;
    r.body = LeadFigures::toCsv(rows.value(), page.period, excel);
    r.contentType = QByteArrayLiteral("text/csv; charset=utf-8; header=present");
    r.addHeader("Content-Disposition",
        "attachment; filename=\"teamrapport-" + page.period.from.toString(Qt::ISODate).toLatin1() + "-"
            + page.period.to.toString(Qt::ISODate).toLatin1() + ".csv\"");
    return r;
}

} // namespace feltnotat::server
