// The reports for team leads (issue 17 item 4) against the real feltnotat-server: generated raw data
// pushed by three job specialists' devices, the figures computed HERE from that raw data (by the
// definitions in docs/integration.md, not with the server's queries) and compared with the CSV a
// lead downloads after signing in; and the web page's sign-in, session, CSRF and scope rules.
// SQLite, and PostgreSQL as tst_leadreports_pg.
#include "apiclient.h"
#include "support/serverprocess.h"

#include <QDate>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

#include <algorithm>
#include <map>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-leder");
const QDate Base(2025, 1, 6);

struct Job
{
    QDate start, end;
};

// The raw data as generated, and only that.
struct P
{
    QString id, owner, stage, outcome;
    QDate referral, firstContact, firstEmployerContact, closed;
    bool restricted = false;
    QList<Job> jobs;
};

struct E
{
    QString createdBy, participant;
    QDateTime start; // UTC
    bool completed = false, employerContact = false, deleted = false;
};

QDate osloDate(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone("Europe/Oslo")).date();
}

QString median(QList<int> v)
{
    if (v.isEmpty())
        return {};
    std::sort(v.begin(), v.end());
    const double m = v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2.0;
    return QString::number(m, 'f', 1);
}

QString oneDecimal(double v)
{
    return QString::number(v, 'f', 1);
}

} // namespace

class TestLeadReports : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_teamA, m_teamB;
    QStringList m_people; // the specialists' user ids, team A
    QHash<QString, QString> m_names;
    QHash<QString, Device> m_devices; // by user id
    QHash<QString, qint64> m_seq;
    QList<P> m_participants;
    QList<E> m_encounters;
    QStringList m_employers;
    QByteArray m_session; // "name=value" of the lead's session cookie
    QString m_csrf;

    bool push(const QString &userId, const QString &entity, const QString &id, const QJsonObject &values)
    {
        const Device &d = m_devices[userId];
        const QString c = clock(QDateTime::currentMSecsSinceEpoch(), d.deviceId, quint32(m_seq[userId]));
        QJsonObject fields {{QStringLiteral("team"), change(d.teamId, c)}};
        for (auto it = values.begin(); it != values.end(); ++it)
            fields.insert(it.key(), change(it.value(), c));
        const Reply r = m_api->push(d, {mutation(++m_seq[userId], entity, id, fields)});
        const bool ok = r.status == 200 && r.json().value(QStringLiteral("rejected")).toArray().isEmpty();
        if (!ok)
            qWarning() << r.status << r.body.left(300);
        return ok;
    }

    static QByteArray setCookieValue(const Reply &r, const QByteArray &name)
    {
        for (const auto &[key, value] : r.headers) {
            if (key.compare("set-cookie", Qt::CaseInsensitive) == 0
                && value.startsWith(QByteArray(name + '=')))
                return value.left(value.indexOf(';'));
        }
        return {};
    }

    // Signs in on the web page as a browser does; the session cookie, or the failed answer's status.
    std::pair<QByteArray, int> signIn(const QString &login, const QString &password, bool withCsrf = true)
    {
        const Reply form = m_api->request("GET", QStringLiteral("/reports/login"), {}, {}, false);
        const QByteArray cookie = setCookieValue(form, "__Host-feltnotat-signin");
        const qsizetype at = form.body.indexOf("name=\"csrf\" value=\"") + 19;
        const QByteArray csrf = form.body.mid(at, form.body.indexOf('"', at) - at);
        QUrlQuery fields;
        fields.addQueryItem(
            QStringLiteral("csrf"), withCsrf ? QString::fromLatin1(csrf) : QStringLiteral("x"));
        fields.addQueryItem(QStringLiteral("login"), login);
        fields.addQueryItem(QStringLiteral("password"), password);
        const Reply r = m_api->request("POST", QStringLiteral("/reports/login"),
            fields.toString(QUrl::FullyEncoded).toLatin1(),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}}, false);
        return {r.status == 303 ? setCookieValue(r, "__Host-feltnotat-session") : QByteArray(), r.status};
    }

    Reply page(const QString &pathAndQuery, const QByteArray &session)
    {
        return m_api->request("GET", pathAndQuery, {}, {{"Cookie", session}}, false);
    }

    void generate()
    {
        QRandomGenerator rng(20261206);
        auto day = [&](int from, int span) {
            return Base.addDays(from + int(rng.bounded(span)));
        };
        for (int i = 0; i < 40; ++i) {
            P p;
            p.id = newId();
            p.owner = m_people.at(int(rng.bounded(qint64(m_people.size()))));
            p.referral = day(0, 560);
            if (rng.bounded(10) < 7)
                p.firstContact = p.referral.addDays(int(rng.bounded(20)));
            if (rng.bounded(10) < 4 && p.firstContact.isValid())
                p.firstEmployerContact = p.firstContact.addDays(int(rng.bounded(70)));
            p.stage = QStringLiteral("job_search");
            if (rng.bounded(10) < 3) {
                p.closed = p.referral.addDays(60 + int(rng.bounded(400)));
                p.stage = QStringLiteral("closed");
                const char *outcomes[] = {"work", "education", "other", ""};
                p.outcome = QString::fromLatin1(outcomes[rng.bounded(4)]);
            }
            // Restricted participants (and so their records) are out of every figure; devices can write
            // nothing that refers to them.
            p.restricted = i % 17 == 5;
            const int jobs = !p.restricted && rng.bounded(10) < 4 ? 1 + int(rng.bounded(2)) : 0;
            for (int j = 0; j < jobs; ++j) {
                const QDate start = p.referral.addDays(10 + int(rng.bounded(400)));
                p.jobs << Job {
                    start, rng.bounded(3) == 0 ? start.addDays(30 + int(rng.bounded(120))) : QDate()};
            }
            m_participants << p;
        }
        for (int i = 0; i < 450; ++i) {
            E e;
            e.createdBy = m_people.at(int(rng.bounded(qint64(m_people.size()))));
            const P &p = m_participants.at(int(rng.bounded(qint64(m_participants.size()))));
            if (rng.bounded(10) < 8 && !p.restricted)
                e.participant = p.id;
            // Times across the day in UTC, late evenings too: those are the next day in Oslo.
            e.start = QDateTime(day(0, 620), QTime(int(rng.bounded(24)), int(rng.bounded(4)) * 15), Qt::UTC);
            e.completed = rng.bounded(10) < 8;
            e.employerContact = e.participant.isEmpty() || rng.bounded(10) < 4;
            e.deleted = rng.bounded(40) == 0;
            m_encounters << e;
        }
    }

    // The figures of one row by the definitions in docs/integration.md, from the raw data above.
    QStringList expected(const QString &who, const QDate &from, const QDate &to, int specialists)
    {
        auto owned = [&who](const P &p) {
            return !p.restricted && (who.isEmpty() || p.owner == who);
        };
        auto completedWith = [this](const QString &id) {
            QList<QDate> days;
            for (const E &e : m_encounters) {
                if (e.participant == id && e.completed && !e.deleted)
                    days << osloDate(e.start);
            }
            std::sort(days.begin(), days.end());
            return days;
        };
        int contacts = 0;
        for (const E &e : m_encounters) {
            const QDate d = osloDate(e.start);
            if ((who.isEmpty() || e.createdBy == who) && e.completed && e.employerContact && !e.deleted
                && d >= from && d <= to)
                ++contacts;
        }
        int caseload = 0, without30 = 0, fresh = 0, within30 = 0, due = 0, starts = 0, cohort = 0,
            inWork12 = 0;
        int closed = 0, work = 0, education = 0, other = 0, unknown = 0, followUps = 0, followed = 0,
            inWork = 0;
        QList<int> sinceContact, toEmployer;
        for (const P &p : std::as_const(m_participants)) {
            if (!owned(p))
                continue;
            const QList<QDate> met = completedWith(p.id);
            QList<QDate> metByEnd;
            for (const QDate &d : met) {
                if (d <= to)
                    metByEnd << d;
            }
            QDate start = p.firstContact.isValid() ? p.firstContact : metByEnd.value(0);
            QDate employer = p.firstEmployerContact;
            if (!employer.isValid()) {
                for (const E &e : m_encounters) {
                    const QDate d = osloDate(e.start);
                    if (e.participant == p.id && e.completed && e.employerContact && !e.deleted && d <= to
                        && (!employer.isValid() || d < employer))
                        employer = d;
                }
            }
            QDate begin = p.referral;
            for (const QDate &d : {p.firstContact, metByEnd.value(0)}) {
                if (d.isValid() && d < begin)
                    begin = d;
            }
            const bool closedByEnd = p.closed.isValid() && p.closed <= to;
            auto activeOn = [&p](const QDate &d) {
                return std::any_of(p.jobs.cbegin(), p.jobs.cend(),
                    [&d](const Job &j) { return j.start <= d && (!j.end.isValid() || d <= j.end); });
            };
            if (begin <= to && !closedByEnd) {
                ++caseload;
                if (!metByEnd.isEmpty())
                    sinceContact << int(metByEnd.last().daysTo(to));
                if (metByEnd.isEmpty() || metByEnd.last().daysTo(to) > 30)
                    ++without30;
                if (activeOn(to))
                    ++inWork;
            }
            if (start.isValid() && start >= from && start <= to) {
                ++fresh;
                if (employer.isValid() && employer <= to) {
                    const int d = std::max(0, int(start.daysTo(employer)));
                    toEmployer << d;
                    ++due;
                    within30 += d <= 30 ? 1 : 0;
                } else if (start.daysTo(to) > 30) {
                    ++due;
                }
            }
            for (const Job &j : p.jobs)
                starts += j.start >= from && j.start <= to ? 1 : 0;
            if (start.isValid() && start >= from.addMonths(-12) && start <= to.addMonths(-12)) {
                ++cohort;
                inWork12 += std::any_of(p.jobs.cbegin(), p.jobs.cend(),
                                [&start](const Job &j) {
                                    return j.start >= start && j.start <= start.addMonths(12);
                                })
                    ? 1
                    : 0;
            }
            if (p.closed.isValid() && p.closed >= from && p.closed <= to) {
                ++closed;
                (p.outcome == u"work"               ? work
                        : p.outcome == u"education" ? education
                        : p.outcome == u"other"     ? other
                                                    : unknown)++;
            }
            int mine = 0;
            for (const QDate &d : met)
                mine += d >= from && d <= to && activeOn(d) ? 1 : 0;
            followUps += mine;
            followed += mine > 0 ? 1 : 0;
        }
        const double weeks = (from.daysTo(to) + 1) / 7.0;
        const double perWeek
            = who.isEmpty() ? (specialists ? contacts / weeks / specialists : 0) : contacts / weeks;
        return {QString::number(caseload), QString::number(contacts), oneDecimal(perWeek),
            QStringLiteral("6.0"), median(sinceContact), QString::number(without30), QString::number(fresh),
            median(toEmployer), QString::number(within30), QString::number(due), QString::number(starts),
            QString::number(cohort), QString::number(inWork12), QString::number(closed),
            QString::number(work), QString::number(education), QString::number(other),
            QString::number(unknown), QString::number(followUps), QString::number(followed),
            QString::number(inWork)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        options.database = database;
#endif
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_api = std::make_unique<ApiClient>(m_server->url());
        m_teamA = m_server->createTeam(QStringLiteral("Team Nord"));
        m_teamB = m_server->createTeam(QStringLiteral("Team Sør"));
        for (const QString &login : {QStringLiteral("kari"), QStringLiteral("ola"), QStringLiteral("siri")}) {
            const QString id = m_server->createUser(m_teamA, login, Password);
            QVERIFY(!id.isEmpty());
            m_people << id;
            m_devices.insert(id, m_api->loginDevice(login, Password));
        }
        QVERIFY(!m_server->createUser(m_teamA, QStringLiteral("lena"), Password).isEmpty());
        const QString other = m_server->createUser(m_teamB, QStringLiteral("berit"), Password);
        m_devices.insert(other, m_api->loginDevice(QStringLiteral("berit"), Password));
        QCOMPARE(m_server->admin({QStringLiteral("grant-lead"), QStringLiteral("lena")}).exitCode, 0);
        QCOMPARE(m_server->admin({QStringLiteral("grant-lead"), QStringLiteral("nobody")}).exitCode, 1);

        generate();
        const QString first = m_people.first();
        for (int i = 0; i < 3; ++i) {
            m_employers << newId();
            QVERIFY(push(first, QStringLiteral("employer"), m_employers.last(),
                {{QStringLiteral("name"), QStringLiteral("Arbeidsgiver %1 AS").arg(i)},
                    {QStringLiteral("deleted"), false}}));
        }
        for (const P &p : std::as_const(m_participants)) {
            QJsonObject v {{QStringLiteral("name"), QStringLiteral("Deltaker")},
                {QStringLiteral("assigned_to"), p.owner}, {QStringLiteral("stage"), p.stage},
                {QStringLiteral("referral_date"), p.referral.toString(Qt::ISODate)},
                {QStringLiteral("restricted"), p.restricted}, {QStringLiteral("deleted"), false}};
            for (const auto &[key, date] : {std::pair {"first_contact_date", p.firstContact},
                     std::pair {"first_employer_contact_date", p.firstEmployerContact},
                     std::pair {"closed_date", p.closed}}) {
                if (date.isValid())
                    v.insert(QLatin1String(key), date.toString(Qt::ISODate));
            }
            if (!p.outcome.isEmpty())
                v.insert(QStringLiteral("closed_outcome"), p.outcome);
            QVERIFY(push(p.owner, QStringLiteral("participant"), p.id, v));
            for (const Job &j : p.jobs) {
                QJsonObject job {{QStringLiteral("participant_id"), p.id},
                    {QStringLiteral("start_date"), j.start.toString(Qt::ISODate)},
                    {QStringLiteral("deleted"), false}};
                if (j.end.isValid())
                    job.insert(QStringLiteral("end_date"), j.end.toString(Qt::ISODate));
                QVERIFY(push(p.owner, QStringLiteral("employment"), newId(), job));
            }
        }
        int n = 0;
        for (const E &e : std::as_const(m_encounters)) {
            QJsonObject v {{QStringLiteral("starts_at"), e.start.toString(Qt::ISODate)},
                {QStringLiteral("status"),
                    e.completed ? QStringLiteral("completed") : QStringLiteral("planned")},
                {QStringLiteral("kind"),
                    e.employerContact ? QStringLiteral("job_development")
                                      : QStringLiteral("participant_follow_up")},
                {QStringLiteral("employer_contact"), e.employerContact},
                {QStringLiteral("deleted"), e.deleted}};
            if (!e.participant.isEmpty())
                v.insert(QStringLiteral("participant_id"), e.participant);
            if (e.employerContact)
                v.insert(QStringLiteral("employer_id"), m_employers.at(n++ % m_employers.size()));
            QVERIFY(push(e.createdBy, QStringLiteral("encounter"), newId(), v));
        }
        // Team B's records never count for team A.
        QVERIFY(push(other, QStringLiteral("participant"), newId(),
            {{QStringLiteral("name"), QStringLiteral("Annen")},
                {QStringLiteral("referral_date"), Base.toString(Qt::ISODate)},
                {QStringLiteral("deleted"), false}}));
        for (const QString &id : std::as_const(m_people))
            m_names.insert(id,
                id == m_people.at(0)       ? QStringLiteral("kari")
                    : id == m_people.at(1) ? QStringLiteral("ola")
                                           : QStringLiteral("siri"));

        const auto [session, status] = signIn(QStringLiteral("Lena"), Password);
        QCOMPARE(status, 303);
        m_session = session;
    }

    void csvFiguresMatchTheRawData_data()
    {
        QTest::addColumn<QDate>("from");
        QTest::addColumn<QDate>("to");
        QTest::newRow("a quarter") << QDate(2025, 4, 1) << QDate(2025, 6, 30);
        QTest::newRow("a year after") << QDate(2026, 1, 1) << QDate(2026, 6, 30);
        QTest::newRow("one day") << QDate(2025, 9, 15) << QDate(2025, 9, 15);
        QTest::newRow("everything") << QDate(2024, 12, 1) << QDate(2026, 11, 30);
    }
    void csvFiguresMatchTheRawData()
    {
        QFETCH(QDate, from);
        QFETCH(QDate, to);
        const Reply r = page(QStringLiteral("/reports/figures.csv?team=%1&fra=%2&til=%3")
                                 .arg(m_teamA, from.toString(Qt::ISODate), to.toString(Qt::ISODate)),
            m_session);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/csv"));
        QList<QByteArray> lines = r.body.split('\n');
        QVERIFY(lines.last().isEmpty());
        lines.removeLast();
        QCOMPARE(lines.size(), 1 + 1 + m_people.size()); // header, team, three specialists
        for (qsizetype i = 1; i < lines.size(); ++i) {
            QVERIFY(lines.at(i).endsWith('\r'));
            const QStringList cells = QString::fromUtf8(lines.at(i).chopped(1)).split(u',');
            QCOMPARE(cells.size(), 27);
            const bool team = cells.at(1) == u"team";
            QCOMPARE(team, i == 1);
            QCOMPARE(cells.at(0), QStringLiteral("Team Nord"));
            const QString &who = cells.at(2);
            QVERIFY(team ? who.isEmpty() : m_people.contains(who));
            QCOMPARE(cells.at(4), from.toString(Qt::ISODate));
            QCOMPARE(cells.at(5), to.toString(Qt::ISODate));
            const QStringList want = expected(who, from, to, int(m_people.size()));
            for (qsizetype c = 0; c < want.size(); ++c)
                QVERIFY2(cells.at(6 + c) == want.at(c),
                    qPrintable(QStringLiteral("%1, column %2: %3, expected %4")
                                   .arg(team ? QStringLiteral("team") : m_names.value(who),
                                       QString::fromLatin1(lines.first().split(',').value(6 + c)),
                                       cells.at(6 + c), want.at(c))));
        }
        // The same for Excel: semicolons and decimal commas.
        const Reply excel = page(QStringLiteral("/reports/figures.csv?team=%1&fra=%2&til=%3&format=excel")
                                     .arg(m_teamA, from.toString(Qt::ISODate), to.toString(Qt::ISODate)),
            m_session);
        QVERIFY(excel.body.startsWith("\xEF\xBB\xBF"
                                      "team;level;"));
        QVERIFY(excel.body.contains(";6,0;"));
    }

    void thePageShowsTheTeamAndItsPeople()
    {
        const Reply r
            = page(QStringLiteral("/reports?team=%1&fra=2025-04-01&til=2025-06-30").arg(m_teamA), m_session);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/html"));
        QVERIFY(r.body.contains("<h1>Team Nord</h1>"));
        QVERIFY(r.body.contains("1. april – 30. juni 2025"));
        QVERIFY(r.body.contains("<th scope=\"row\">kari</th>"));
        const QByteArray csp = r.header("content-security-policy");
        QVERIFY(csp.contains("default-src 'none'") && csp.contains("style-src 'self'"));
        QVERIFY(!csp.contains("unsafe"));
        QVERIFY(!r.body.contains("<script") && !r.body.contains("style=") && !r.body.contains("http://")
            && !r.body.contains("https://"));
        QCOMPARE(r.header("x-frame-options"), QByteArray("DENY"));
        QCOMPARE(r.header("cache-control"), QByteArray("no-store"));
        const Reply css = m_api->request("GET", QStringLiteral("/reports/style.css"), {}, {}, false);
        QCOMPARE(css.status, 200);
        QVERIFY(css.body.contains("@media (max-width: 760px)"));
        // A period that cannot be read says so and shows the default.
        QVERIFY(page(QStringLiteral("/reports?fra=2025-06-30&til=2025-01-01"), m_session)
                    .body.contains("class=\"error\""));
        QCOMPARE(page(QStringLiteral("/reports/figures.csv?fra=2020-01-01&til=2025-01-01"), m_session).status,
            400);
    }

    void signInIsGuarded()
    {
        // The session cookie as the issue asks for it.
        const Reply form = m_api->request("GET", QStringLiteral("/reports/login"), {}, {}, false);
        QCOMPARE(form.status, 200);
        QVERIFY(form.body.contains("name=\"csrf\""));
        QCOMPARE(signIn(QStringLiteral("lena"), QStringLiteral("feil-passord")).second, 401);
        QCOMPARE(signIn(QStringLiteral("lena"), Password, false).second, 403); // no CSRF token
        QCOMPARE(signIn(QStringLiteral("kari"), Password).second, 403); // not a lead
        const auto [session, status] = signIn(QStringLiteral("lena"), Password);
        QCOMPARE(status, 303);
        QVERIFY(session.startsWith("__Host-feltnotat-session="));
        // Without a session every page sends the browser to the sign-in form.
        Reply r = page(QStringLiteral("/reports"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.header("location"), QByteArray("/reports/login"));
        QCOMPARE(
            page(QStringLiteral("/reports/figures.csv"), "__Host-feltnotat-session=forfalsket").status, 303);
    }

    void sessionCookieIsHttpOnlySecureStrict()
    {
        const Reply form = m_api->request("GET", QStringLiteral("/reports/login"), {}, {}, false);
        const QByteArray cookie = setCookieValue(form, "__Host-feltnotat-signin");
        const qsizetype at = form.body.indexOf("name=\"csrf\" value=\"") + 19;
        const QByteArray csrf = form.body.mid(at, form.body.indexOf('"', at) - at);
        const Reply r = m_api->request("POST", QStringLiteral("/reports/login"),
            "csrf=" + csrf + "&login=lena&password=" + QUrl::toPercentEncoding(Password),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}}, false);
        QCOMPARE(r.status, 303);
        QByteArray setCookie;
        for (const auto &[key, value] : r.headers) {
            if (key.compare("set-cookie", Qt::CaseInsensitive) == 0
                && value.startsWith("__Host-feltnotat-session="))
                setCookie = value;
        }
        for (const char *attribute : {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/"})
            QVERIFY2(setCookie.contains(attribute), setCookie.constData());
        // A form posted from another site is refused even with a valid token.
        const Reply foreign = m_api->request("POST", QStringLiteral("/reports/login"),
            "csrf=" + csrf + "&login=lena&password=x",
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie},
                {"Origin", "https://evil.example"}},
            false);
        QCOMPARE(foreign.status, 403);
    }

    void aLeadSeesOnlyTheirTeams()
    {
        QCOMPARE(page(QStringLiteral("/reports?team=%1").arg(m_teamB), m_session).status, 403);
        QCOMPARE(page(QStringLiteral("/reports/figures.csv?team=%1").arg(m_teamB), m_session).status, 403);
        // Given team B as well, the lead may choose it.
        QCOMPARE(m_server
                     ->admin({QStringLiteral("grant-lead"), QStringLiteral("lena"), QStringLiteral("--team"),
                         m_teamA, QStringLiteral("--team"), QStringLiteral("Team Sør")})
                     .exitCode,
            0);
        const Reply r
            = page(QStringLiteral("/reports/figures.csv?team=%1&fra=2025-01-01&til=2025-12-31").arg(m_teamB),
                m_session);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("Team Sør,team,"));
    }

    void signOutAndRevocationEndSessions()
    {
        const auto [session, status] = signIn(QStringLiteral("lena"), Password);
        QCOMPARE(status, 303);
        const Reply pageWithForm = page(QStringLiteral("/reports"), session);
        const qsizetype at = pageWithForm.body.indexOf("name=\"csrf\" value=\"") + 19;
        const QByteArray csrf = pageWithForm.body.mid(at, pageWithForm.body.indexOf('"', at) - at);
        QCOMPARE(m_api
                     ->request("POST", QStringLiteral("/reports/logout"), "csrf=wrong",
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", session}}, false)
                     .status,
            403);
        QCOMPARE(page(QStringLiteral("/reports"), session).status, 200);
        QCOMPARE(m_api
                     ->request("POST", QStringLiteral("/reports/logout"), "csrf=" + csrf,
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", session}}, false)
                     .status,
            303);
        QCOMPARE(page(QStringLiteral("/reports"), session).status, 303);
        // The earlier session ends when the lead role goes, and a disabled user cannot come back.
        QCOMPARE(page(QStringLiteral("/reports"), m_session).status, 200);
        QCOMPARE(m_server->admin({QStringLiteral("revoke-lead"), QStringLiteral("lena")}).exitCode, 0);
        QCOMPARE(page(QStringLiteral("/reports"), m_session).status, 303);
        QCOMPARE(m_server->admin({QStringLiteral("grant-lead"), QStringLiteral("lena")}).exitCode, 0);
        const QByteArray again = signIn(QStringLiteral("lena"), Password).first;
        QCOMPARE(page(QStringLiteral("/reports"), again).status, 200);
        QCOMPARE(m_server->admin({QStringLiteral("disable-user"), QStringLiteral("lena")}).exitCode, 0);
        QCOMPARE(page(QStringLiteral("/reports"), again).status, 303);
        QCOMPARE(signIn(QStringLiteral("lena"), Password).second, 403);
    }
};

QTEST_GUILESS_MAIN(TestLeadReports)
#include "tst_leadreports.moc"
