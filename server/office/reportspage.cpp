#include "reportspage.h"

#include <QUrlQuery>

#include <cmath>

namespace feltnotat::server {

namespace {

const char *const Months[] = {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "desember"};

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString month(const QDate &d)
{
    return QString::fromLatin1(Months[d.month() - 1]);
}

QString decimal(double v)
{
    return QString::number(v, 'f', 1).replace(u'.', u',');
}

// A median of whole days: "4" or "4,5"; a dash when there is none.
QString days(const std::optional<double> &v)
{
    if (!v)
        return QStringLiteral("–");
    return *v == std::floor(*v) ? QString::number(qint64(*v)) : decimal(*v);
}

QString percent(int part, int whole)
{
    return whole > 0 ? QString::number(qRound(100.0 * part / whole)) + QStringLiteral("\u00a0%")
                     : QStringLiteral("–");
}

QString page(const QString &title, const QString &body, const QString &bodyClass = {})
{
    return QStringLiteral(
        "<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>%1 – Feltnotat</title>\n<link rel=\"stylesheet\" href=\"/reports/style.css\">\n"
        "<link rel=\"icon\" href=\"/reports/icon.svg\" type=\"image/svg+xml\">\n"
        "</head>\n<body%2>\n%3</body>\n</html>\n")
        .arg(esc(title), bodyClass.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(bodyClass),
            body);
}

QString periodQuery(const QString &teamId, const Period &p)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("team"), teamId);
    q.addQueryItem(QStringLiteral("fra"), p.from.toString(Qt::ISODate));
    q.addQueryItem(QStringLiteral("til"), p.to.toString(Qt::ISODate));
    return q.toString(QUrl::FullyEncoded);
}

// One figure as a card: a label, the number, and a line that says what it is measured against.
QString card(const QString &label, const QString &value, const QString &detail, const QString &extra = {},
    const QString &state = {})
{
    return QStringLiteral(
        "<article class=\"card%1\"><h3>%2</h3><p class=\"value\">%3</p>%4<p class=\"detail\">%5</p>"
        "</article>\n")
        .arg(state.isEmpty() ? QString() : u' ' + state, esc(label), value, extra, detail);
}

QString contactsMeter(double perWeek)
{
    return QStringLiteral(
        "<meter min=\"0\" max=\"10\" low=\"3\" high=\"6\" optimum=\"10\" value=\"%1\">%2</meter>")
        .arg(QString::number(std::min(perWeek, 10.0), 'f', 2), decimal(perWeek));
}

QString teamCards(const FigureRow &t, int specialists, double weeks)
{
    QString out = QStringLiteral("<section class=\"cards\" aria-label=\"Teamet\">\n");
    const double perSpecialist = specialists > 0 ? double(t.caseload) / specialists : 0;
    out += card(QStringLiteral("Saksmengde"), QString::number(t.caseload),
        specialists > 0 ? QStringLiteral("%1 per jobbspesialist (IPS: høyst 20)").arg(decimal(perSpecialist))
                        : QStringLiteral("deltakere i oppfølging ved periodens slutt"),
        {}, perSpecialist > 20 ? QStringLiteral("warn") : QString());
    out += card(QStringLiteral("Arbeidsgiverkontakter per uke"), decimal(t.contactsPerWeek),
        QStringLiteral("per jobbspesialist, mål 6 · %1 i alt på %2 uker")
            .arg(t.employerContacts)
            .arg(decimal(weeks)),
        contactsMeter(t.contactsPerWeek),
        t.contactsPerWeek >= LeadFigures::WeeklyEmployerContactTarget ? QStringLiteral("good")
                                                                      : QStringLiteral("warn"));
    out += card(QStringLiteral("Dager siden siste kontakt"), days(t.medianDaysSinceContact),
        QStringLiteral("median · %1 uten kontakt på over 30 dager").arg(t.withoutContact30), {},
        t.withoutContact30 > 0 ? QStringLiteral("warn") : QString());
    out += card(QStringLiteral("Første arbeidsgiverkontakt"),
        t.employerContactDue > 0 ? percent(t.employerContactWithin30, t.employerContactDue)
                                 : QStringLiteral("–"),
        QStringLiteral("innen 30 dager: %1 av %2 nye · median %3 dager")
            .arg(t.employerContactWithin30)
            .arg(t.employerContactDue)
            .arg(days(t.medianDaysToEmployerContact)));
    out += card(QStringLiteral("Jobbstarter"), QString::number(t.jobStarts),
        QStringLiteral("%1 i jobb ved periodens slutt").arg(t.inWork));
    out += card(QStringLiteral("I jobb innen 12 måneder"), percent(t.inWorkWithin12Months, t.yearCohort),
        QStringLiteral("%1 av %2 som startet for ett år siden")
            .arg(t.inWorkWithin12Months)
            .arg(t.yearCohort));
    out += card(QStringLiteral("Avsluttet"), QString::number(t.closed),
        QStringLiteral("arbeid %1 · utdanning %2 · annet %3%4")
            .arg(t.closedToWork)
            .arg(t.closedToEducation)
            .arg(t.closedToOther)
            .arg(t.closedUnknown ? QStringLiteral(" · ikke oppgitt %1").arg(t.closedUnknown) : QString()),
        t.closed > 0 ? QStringLiteral("<p class=\"sub\">%1 til arbeid eller utdanning</p>")
                           .arg(percent(t.closedToWork + t.closedToEducation, t.closed))
                     : QString());
    out += card(QStringLiteral("Oppfølging etter jobbstart"), QString::number(t.followUps),
        QStringLiteral("kontakter med %1 deltakere i jobb").arg(t.followedUp));
    return out + QStringLiteral("</section>\n");
}

QString cell(const QString &label, const QString &value, const QString &cls = {})
{
    return QStringLiteral("<td data-label=\"%1\"%2><span>%3</span></td>")
        .arg(esc(label), cls.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(cls), value);
}

QString specialistTable(const QList<FigureRow> &rows)
{
    QString out = QStringLiteral(
        "<section class=\"people\">\n<h2>Per jobbspesialist</h2>\n<div "
        "class=\"scroll\">\n<table>\n<thead><tr>"
        "<th scope=\"col\">Jobbspesialist</th><th scope=\"col\">Saks\u00admengde</th>"
        "<th scope=\"col\">Arbeidsgiver\u00adkontakter per uke</th><th scope=\"col\">Dager siden kontakt "
        "(median)</th><th scope=\"col\">Uten kontakt &gt;&nbsp;30&nbsp;d</th><th scope=\"col\">Første "
        "arbeidsgiver\u00adkontakt innen 30&nbsp;d</th><th scope=\"col\">Jobb\u00adstarter</th><th "
        "scope=\"col\">I "
        "jobb innen 12&nbsp;mnd</th><th scope=\"col\">Avsluttet (arbeid / utd. / annet)</th><th "
        "scope=\"col\">"
        "Oppfølging etter jobbstart</th></tr></thead>\n<tbody>\n");
    for (const FigureRow &r : rows) {
        if (r.isTeam)
            continue;
        out += QStringLiteral("<tr><th scope=\"row\">%1</th>").arg(esc(r.name));
        out += cell(QStringLiteral("Saksmengde"), QString::number(r.caseload),
            r.caseload > 20 ? QStringLiteral("warn") : QString());
        out += cell(QStringLiteral("Arbeidsgiverkontakter per uke"),
            contactsMeter(r.contactsPerWeek)
                + QStringLiteral(" <span>%1</span>").arg(decimal(r.contactsPerWeek)),
            r.contactsPerWeek >= LeadFigures::WeeklyEmployerContactTarget ? QStringLiteral("good num")
                                                                          : QStringLiteral("num"));
        out += cell(QStringLiteral("Dager siden kontakt (median)"), days(r.medianDaysSinceContact),
            QStringLiteral("num"));
        out += cell(QStringLiteral("Uten kontakt > 30 d"), QString::number(r.withoutContact30),
            r.withoutContact30 > 0 ? QStringLiteral("warn num") : QStringLiteral("num"));
        out += cell(QStringLiteral("Første arbeidsgiverkontakt innen 30 d"),
            QStringLiteral("%1 av %2").arg(r.employerContactWithin30).arg(r.employerContactDue),
            QStringLiteral("num"));
        out += cell(QStringLiteral("Jobbstarter"), QString::number(r.jobStarts), QStringLiteral("num"));
        out += cell(QStringLiteral("I jobb innen 12 mnd"),
            QStringLiteral("%1 av %2").arg(r.inWorkWithin12Months).arg(r.yearCohort), QStringLiteral("num"));
        out += cell(QStringLiteral("Avsluttet (arbeid / utd. / annet)"),
            QStringLiteral("%1 <small>(%2 / %3 / %4)</small>")
                .arg(r.closed)
                .arg(r.closedToWork)
                .arg(r.closedToEducation)
                .arg(r.closedToOther),
            QStringLiteral("num"));
        out += cell(QStringLiteral("Oppfølging etter jobbstart"),
            QStringLiteral("%1 <small>(%2 deltakere)</small>").arg(r.followUps).arg(r.followedUp),
            QStringLiteral("num"));
        out += QStringLiteral("</tr>\n");
    }
    if (rows.size() <= 1)
        out += QStringLiteral(
            "<tr><td colspan=\"10\">Ingen jobbspesialister med tall i perioden.</td></tr>\n");
    return out + QStringLiteral("</tbody>\n</table>\n</div>\n</section>\n");
}

const char *const Definitions = R"html(<details class="defs">
<summary>Slik regnes tallene</summary>
<dl>
<dt>Saksmengde</dt><dd>Deltakere som er i oppfølging på periodens siste dag: startet (henvist, første kontakt eller første samtale) og ikke avsluttet. En deltaker hører til den som er satt som ansvarlig, ellers den som registrerte deltakeren.</dd>
<dt>Arbeidsgiverkontakter per uke</dt><dd>Gjennomførte besøk og samtaler som teller som arbeidsgiverkontakt (jobbutvikling, oppfølging av arbeidsgiver, trepartsmøte, jobbmesse – med en arbeidsgiver), delt på antall uker i perioden. Teller for den som registrerte dem. For teamet: per jobbspesialist. IPS-målet er 6.</dd>
<dt>Dager siden siste kontakt</dt><dd>For hver deltaker i saksmengden: dager fra siste gjennomførte kontakt til periodens slutt. Medianen vises, og hvor mange som ikke har hatt kontakt på over 30 dager (eller aldri).</dd>
<dt>Første arbeidsgiverkontakt innen 30 dager</dt><dd>Deltakere med første kontakt i perioden: hvor mange som fikk første arbeidsgiverkontakt innen 30 dager, av dem som har hatt den eller har passert 30 dager.</dd>
<dt>Jobbstarter</dt><dd>Arbeidsforhold med startdato i perioden.</dd>
<dt>I jobb innen 12 måneder</dt><dd>Deltakere med første kontakt i perioden ett år tilbake: hvor mange som startet i jobb innen 12 måneder etter første kontakt.</dd>
<dt>Avsluttet</dt><dd>Deltakere avsluttet i perioden, etter hva de gikk til: arbeid, utdanning eller annet.</dd>
<dt>Oppfølging etter jobbstart</dt><dd>Gjennomførte kontakter i perioden med deltakere som var i jobb den dagen.</dd>
</dl>
<p>Skjermede deltakere og slettede registreringer er ikke med. Datoer regnes i norsk tid.</p>
</details>
)html";

} // namespace

QList<QPair<QString, Period>> ReportsPage::presets(const QDate &today)
{
    const QDate monthStart(today.year(), today.month(), 1);
    const QDate quarterStart(today.year(), (today.month() - 1) / 3 * 3 + 1, 1);
    return {{QStringLiteral("Siste 4 uker"), {today.addDays(-27), today}},
        {QStringLiteral("Denne måneden"), {monthStart, today}},
        {QStringLiteral("Forrige måned"), {monthStart.addMonths(-1), monthStart.addDays(-1)}},
        {QStringLiteral("Dette kvartalet"), {quarterStart, today}},
        {QStringLiteral("Forrige kvartal"), {quarterStart.addMonths(-3), quarterStart.addDays(-1)}},
        {QStringLiteral("Hittil i år"), {QDate(today.year(), 1, 1), today}},
        {QStringLiteral("Siste 12 måneder"), {today.addMonths(-12).addDays(1), today}}};
}

QString ReportsPage::periodText(const Period &p)
{
    const QDate &a = p.from;
    const QDate &b = p.to;
    if (a == b)
        return QStringLiteral("%1. %2 %3").arg(a.day()).arg(month(a)).arg(a.year());
    if (a.year() == b.year() && a.month() == b.month())
        return QStringLiteral("%1.–%2. %3 %4").arg(a.day()).arg(b.day()).arg(month(b)).arg(b.year());
    if (a.year() == b.year())
        return QStringLiteral("%1. %2 – %3. %4 %5")
            .arg(a.day())
            .arg(month(a))
            .arg(b.day())
            .arg(month(b))
            .arg(b.year());
    return QStringLiteral("%1. %2 %3 – %4. %5 %6")
        .arg(a.day())
        .arg(month(a))
        .arg(a.year())
        .arg(b.day())
        .arg(month(b))
        .arg(b.year());
}

QByteArray ReportsPage::signIn(const QString &csrf, const QString &login, const QString &error)
{
    QString body = QStringLiteral(
        "<main class=\"signin\">\n<form method=\"post\" action=\"/reports/login\" class=\"panel\">\n"
        "<h1>Feltnotat <span>Teamrapport</span></h1>\n<p>For teamledere: tallene for teamet og hver "
        "jobbspesialist.</p>\n");
    if (!error.isEmpty())
        body += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>\n").arg(esc(error));
    body += QStringLiteral(
        "<input type=\"hidden\" name=\"csrf\" value=\"%1\">\n"
        "<label>Brukernavn<input name=\"login\" autocomplete=\"username\" required value=\"%2\"%3></label>\n"
        "<label>Passord<input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
        "required%4></label>\n<button type=\"submit\">Logg inn</button>\n</form>\n</main>\n")
                .arg(esc(csrf), esc(login), login.isEmpty() ? QStringLiteral(" autofocus") : QString(),
                    login.isEmpty() ? QString() : QStringLiteral(" autofocus"));
    return page(QStringLiteral("Logg inn"), body, QStringLiteral("plain")).toUtf8();
}

QByteArray ReportsPage::message(const QString &title, const QString &text)
{
    return page(title,
        QStringLiteral(
            "<main class=\"signin\"><div class=\"panel\"><h1>%1</h1><p>%2</p><p><a href=\"/reports\">Til "
            "rapportene</a></p></div></main>\n")
            .arg(esc(title), esc(text)),
        QStringLiteral("plain"))
        .toUtf8();
}

QByteArray ReportsPage::report(const Report &r)
{
    QString teamName;
    QString options;
    for (const Team &t : r.teams) {
        if (t.id == r.teamId)
            teamName = t.name;
        options
            += QStringLiteral("<option value=\"%1\"%2>%3</option>")
                   .arg(esc(t.id), t.id == r.teamId ? QStringLiteral(" selected") : QString(), esc(t.name));
    }
    QString body = QStringLiteral(
        "<header class=\"bar\">\n<div class=\"brand\">Feltnotat <span>Teamrapport</span></div>\n"
        "<form method=\"post\" action=\"/reports/logout\" class=\"signout\">\n<input type=\"hidden\" "
        "name=\"csrf\" "
        "value=\"%1\">\n<span class=\"who\">%2</span>\n<button type=\"submit\">Logg "
        "ut</button>\n</form>\n</header>\n"
        "<main>\n")
                       .arg(esc(r.csrf), esc(r.userName));
    body += QStringLiteral(
        "<section class=\"controls\">\n<form method=\"get\" action=\"/reports\" class=\"period\">\n"
        "<label%1>Team<select name=\"team\">%2</select></label>\n"
        "<label>Fra<input type=\"date\" name=\"fra\" value=\"%3\" required></label>\n"
        "<label>Til<input type=\"date\" name=\"til\" value=\"%4\" required></label>\n"
        "<button type=\"submit\">Vis</button>\n</form>\n<nav class=\"presets\" aria-label=\"Velg "
        "periode\">\n")
                .arg(r.teams.size() > 1 ? QString() : QStringLiteral(" class=\"single\""), options,
                    r.period.from.toString(Qt::ISODate), r.period.to.toString(Qt::ISODate));
    for (const auto &[label, period] : presets(r.today)) {
        const bool current = period.from == r.period.from && period.to == r.period.to;
        body += QStringLiteral("<a href=\"/reports?%1\"%2>%3</a>\n")
                    .arg(esc(periodQuery(r.teamId, period)),
                        current ? QStringLiteral(" aria-current=\"true\"") : QString(), esc(label));
    }
    body += QStringLiteral("</nav>\n</section>\n");
    if (!r.error.isEmpty())
        body += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>\n").arg(esc(r.error));
    const QString csv = QStringLiteral("/reports/figures.csv?") + periodQuery(r.teamId, r.period);
    body += QStringLiteral("<div class=\"heading\">\n<h1>%1</h1>\n<p class=\"when\">%2 · %3 uker</p>\n"
                           "<p class=\"downloads\"><a href=\"%4\" download>Last ned CSV</a>"
                           "<a href=\"%5\" download>CSV for Excel</a></p>\n</div>\n")
                .arg(esc(teamName), esc(periodText(r.period)), decimal(r.period.weeks()), esc(csv),
                    esc(csv + QStringLiteral("&format=excel")));
    if (!r.rows.isEmpty()) {
        body += teamCards(r.rows.first(), int(r.rows.size()) - 1, r.period.weeks());
        body += specialistTable(r.rows);
    }
    body += QString::fromUtf8(Definitions);
    body += QStringLiteral("</main>\n");
    return page(QStringLiteral("Teamrapport ") + teamName, body).toUtf8();
}

} // namespace feltnotat::server
