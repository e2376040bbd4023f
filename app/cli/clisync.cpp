// Account and sync commands of feltnotat-cli.
#include "cli.h"
#include "core/conflicts.h"
#include "core/deletionconflicts.h"
#include "core/outbox.h"
#include "core/storequeries.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace feltnotat {

namespace {

// Reads one line from standard input; without echo when it is a terminal.
QString readPassword(QTextStream &err)
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios old {};
    if (tty) {
        err << "Password: " << Qt::flush;
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        err << Qt::endl;
    }
    return line;
}

// A conflict's stored value (JSON text) as the value it is, and as a person reads it: text without quotes.
QJsonValue conflictValue(const Record &conflict, const QString &column)
{
    const QJsonValue v = Conflicts::decodeValue(conflict.text(column));
    return v.isUndefined() ? QJsonValue() : v;
}

// A record's values as JSON values (a conflict's snapshot).
QJsonObject valuesJson(const QString &entity, const QVariantHash &values)
{
    QJsonObject o;
    if (const EntitySpec *spec = Schema::instance().entity(entity)) {
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (const FieldSpec *f = spec->field(it.key()))
                o.insert(it.key(), Schema::toJson(*f, it.value()));
        }
    }
    return o;
}

QString readable(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("(tom)");
    const QByteArray json = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

// Why the server signed this device out, for a person (Bokmål, or English).
QString signOutText(SyncEngine::SignOutReason reason, bool english)
{
    const auto say = [english](const char *bokmal, const char *en) {
        return QString::fromUtf8(english ? en : bokmal);
    };
    switch (reason) {
    case SyncEngine::SignOutReason::None:
        return {};
    case SyncEngine::SignOutReason::DeviceRevoked:
        return say("serveren har sperret denne enheten; logg inn på nytt",
            "the server revoked this device; log in again");
    case SyncEngine::SignOutReason::UserDisabled:
        return say("brukerkontoen er deaktivert; snakk med administratoren",
            "the user account is disabled; ask an administrator");
    case SyncEngine::SignOutReason::TokenExpired:
        return say("innloggingen er utløpt; logg inn på nytt", "the login expired; log in again");
    case SyncEngine::SignOutReason::WipeOrdered:
        return say("administratoren har bedt om at dataene på enheten slettes",
            "an administrator ordered the data on this device removed");
    case SyncEngine::SignOutReason::TokenRejected:
        break;
    }
    return say("serveren godtar ikke lenger innloggingen på denne enheten; logg inn på nytt",
        "the server no longer accepts this device's login; log in again");
}

qint64 recordCount(Store &store)
{
    qint64 n = 0;
    StoreQueries queries(store);
    for (const EntitySpec &spec : Schema::instance().entities())
        n += queries.count(spec.name);
    return n;
}

template<typename Job> void waitFor(Job *job)
{
    if (job->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int Cli::login(QStringList &args)
{
    QString server;
    QString user;
    QString deviceName = QStringLiteral("feltnotat-cli");
    option(QStringLiteral("device-name"), &deviceName);
    const bool noSync = option(QStringLiteral("no-sync"));
    if (!option(QStringLiteral("server"), &server) || !option(QStringLiteral("user"), &user)
        || !args.isEmpty())
        return usage(say(QStringLiteral("login --server URL --user BRUKER (passordet på standard inn)"),
            QStringLiteral("login --server URL --user LOGIN (password on standard input)")));
    const QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http"))
        return usage(say(QStringLiteral("--server må være en http(s)-adresse"),
            QStringLiteral("--server must be an http(s) URL")));
    const QString password = readPassword(m_err);
    if (password.isEmpty())
        return usage(say(QStringLiteral("ingen passord på standard inn"),
            QStringLiteral("no password given on standard input")));
    LoginJob *job = m_session->login(url, user, password, deviceName);
    job->setStartsSync(!noSync);
    waitFor(job);
    // A successful login starts the first sync (the whole team's records) unless --no-sync; it runs to
    // its end, with a progress line on a terminal.
    SyncEngine &engine = m_session->sync();
    bool synced = false;
    if (!job->hasError() && engine.state() == SyncEngine::State::Syncing) {
        const bool tty = ::isatty(STDERR_FILENO);
        QElapsedTimer elapsed;
        elapsed.start();
        QTimer progress;
        progress.setInterval(500);
        QObject::connect(&progress, &QTimer::timeout, [&] {
            m_err << say(QStringLiteral("\rlogget inn; første synkronisering: %1 oppføringer mottatt, %2 s"),
                QStringLiteral("\rlogged in; first sync: %1 records received, %2 s"))
                         .arg(recordCount(m_session->store()))
                         .arg(elapsed.elapsed() / 1000)
                  << Qt::flush;
        });
        if (tty)
            progress.start();
        QEventLoop loop;
        QObject::connect(&engine, &SyncEngine::cycleFinished, &loop, [&](bool ok) {
            synced = ok;
            loop.quit();
        });
        loop.exec();
        if (tty && elapsed.elapsed() >= 500)
            m_err << Qt::endl;
    }
    engine.stop(); // otherwise the CLI syncs only when asked
    if (job->hasError())
        return fail(makeError(ErrorCode::Unauthorized, job->errorString()),
            job->wrongCredentials() ? NotLoggedIn : SyncFailed);
    const Identity who = m_session->store().identity();
    print(QJsonObject {{QStringLiteral("user"), who.userId}, {QStringLiteral("team"), who.teamId},
              {QStringLiteral("device"), m_session->store().deviceId()}, {QStringLiteral("synced"), synced}},
        say(QStringLiteral("logget inn som %1"), QStringLiteral("logged in as %1")).arg(who.userName)
            + (synced        ? QString()
                    : noSync ? say(QStringLiteral("; ikke synkronisert ennå (kjør sync)"),
                          QStringLiteral("; not synced yet (run sync)"))
                             : say(QStringLiteral("; første synkronisering ble ikke ferdig, kjør sync: "),
                                   QStringLiteral("; the first sync did not finish, run sync: "))
                        + engine.lastError()));
    return Ok;
}

int Cli::logout(QStringList &args)
{
    const bool wipe = option(QStringLiteral("wipe"));
    const bool force = option(QStringLiteral("force"));
    if (!args.isEmpty())
        return usage(say(QStringLiteral("bruk: logout [--wipe [--force]]"),
            QStringLiteral("usage: logout [--wipe [--force]]")));
    const qint64 unsent = Outbox(m_session->store()).pendingCount();
    if (wipe && unsent > 0 && !force)
        return fail(makeError(ErrorCode::Conflict,
            say(QStringLiteral("%1 endring(er) er ikke sendt ennå; synkroniser først eller legg til --force"),
                QStringLiteral("%1 change(s) are not sent yet; sync first or add --force"))
                .arg(unsent)));
    m_session->logout();
    // Give the revocation request a moment; logging out locally does not depend on it.
    QEventLoop loop;
    QTimer::singleShot(1500, &loop, &QEventLoop::quit);
    QObject::connect(&m_session->network(), &QNetworkAccessManager::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (wipe) {
        const QString dir = m_session->dataDir();
        m_session.reset();
        if (Status s = Session::removeData(dir, KeyStore::Kind::File); !s)
            return fail(s.error());
    }
    print(QJsonObject {{QStringLiteral("logged_out"), true}, {QStringLiteral("wiped"), wipe}},
        wipe ? say(QStringLiteral("logget ut; lokale data slettet"),
            QStringLiteral("logged out; local data removed"))
             : say(QStringLiteral("logget ut"), QStringLiteral("logged out")));
    return Ok;
}

int Cli::sync(QStringList &args)
{
    if (!args.isEmpty())
        return usage(
            say(QStringLiteral("sync tar ingen argumenter"), QStringLiteral("sync takes no arguments")));
    if (!m_session->isLoggedIn()) {
        // Signed out by the server (in this or an earlier process): say why.
        const QString why = signOutText(m_session->signOutReason(), m_english);
        return fail(
            makeError(ErrorCode::Unauthorized,
                why.isEmpty() ? say(QStringLiteral("ikke logget inn"), QStringLiteral("not logged in"))
                              : why),
            NotLoggedIn);
    }
    SyncEngine &engine = m_session->sync();
    bool ok = false;
    QEventLoop loop;
    QObject::connect(&engine, &SyncEngine::cycleFinished, &loop, [&](bool success) {
        ok = success;
        loop.quit();
    });
    engine.start();
    loop.exec();
    // stop() leaves the engine Disabled, so read why the cycle failed first.
    const bool refused = engine.state() == SyncEngine::State::Unauthorized;
    engine.stop();
    if (!ok && refused) {
        const QString why = signOutText(m_session->signOutReason(), m_english);
        return fail(
            makeError(ErrorCode::Unauthorized, why.isEmpty() ? engine.lastError() : why), NotLoggedIn);
    }
    if (!ok && engine.lastErrorCode() == u"network") {
        // What it is, not the transport's text: nothing is lost, the outbox keeps every change.
        return fail(
            makeError(ErrorCode::Network,
                say(QStringLiteral("serveren svarer ikke (%1); ingenting er tapt, neste synkronisering "
                                   "fortsetter der denne stoppet"),
                    QStringLiteral("server not reachable (%1); nothing lost, the next sync resumes"))
                    .arg(m_session->serverUrl().host())),
            SyncFailed);
    }
    if (!ok)
        return fail(makeError(ErrorCode::Network, engine.lastError()), SyncFailed);
    QStringList none;
    return status(none);
}

int Cli::status(QStringList &args)
{
    if (!args.isEmpty())
        return usage(
            say(QStringLiteral("status tar ingen argumenter"), QStringLiteral("status takes no arguments")));
    Store &store = m_session->store();
    SyncEngine &engine = m_session->sync();
    const Identity who = store.identity();
    const QDateTime last = engine.lastSuccess();
    QJsonObject json {
        {QStringLiteral("logged_in"), m_session->isLoggedIn()},
        {QStringLiteral("server"), m_session->serverUrl().toString()},
        {QStringLiteral("user"), who.userId},
        {QStringLiteral("team"), who.teamId},
        {QStringLiteral("device"), store.deviceId()},
        {QStringLiteral("pending"), engine.pendingCount()},
        {QStringLiteral("conflicts"), engine.conflictCount()},
        {QStringLiteral("dead_letters"), engine.deadLetterCount()},
        {QStringLiteral("set_aside"), engine.setAsideCount()},
        {QStringLiteral("last_sync"), last.isValid() ? last.toString(Qt::ISODate) : QString()},
        {QStringLiteral("caught_up"), engine.caughtUp()},
    };
    // Signed out by the server (remembered in the store by every process): the code and what it means.
    const SyncEngine::SignOutReason reason = m_session->signOutReason();
    json.insert(QStringLiteral("signed_out_reason"),
        reason == SyncEngine::SignOutReason::None ? QJsonValue() : QJsonValue(SyncEngine::codeOf(reason)));
    QString text;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != u"signed_out_reason")
            text
                += QStringLiteral("%1 %2\n").arg(it.key() + u':', -14).arg(it.value().toVariant().toString());
    }
    if (reason != SyncEngine::SignOutReason::None)
        text += QStringLiteral("%1 %2\n")
                    .arg(QStringLiteral("signed_out:"), -14)
                    .arg(signOutText(reason, m_english));
    print(json, text);
    return Ok;
}

int Cli::conflicts(QStringList &args)
{
    if (!args.isEmpty())
        return usage(say(QStringLiteral("conflicts tar ingen argumenter"),
            QStringLiteral("conflicts takes no arguments")));
    QJsonArray json;
    QString text;
    for (const Record &c : Conflicts(m_session->store()).open()) {
        // The values as JSON values (a text is a JSON string, not a string holding JSON).
        QJsonObject o = c.toJson();
        const QJsonValue kept = conflictValue(c, QStringLiteral("kept_value"));
        const QJsonValue lost = conflictValue(c, QStringLiteral("lost_value"));
        o.insert(QStringLiteral("kept_value"), kept);
        o.insert(QStringLiteral("lost_value"), lost);
        json.append(o);
        text += QStringLiteral("%1  %2.%3\n    now:  %4\n    lost: %5\n")
                    .arg(c.id, c.text(QStringLiteral("entity")), c.text(QStringLiteral("field")),
                        readable(kept), readable(lost));
    }
    for (const DeletionConflict &d : DeletionConflicts(m_session->store()).open()) {
        json.append(deletionConflictJson(d));
        text += deletionConflictText(d);
    }
    print(json,
        text.isEmpty() ? say(QStringLiteral("(ingen åpne konflikter)"), QStringLiteral("(no open conflicts)"))
                       : text);
    return Ok;
}

QJsonObject Cli::deletionConflictJson(const DeletionConflict &d)
{
    QJsonObject o {{QStringLiteral("id"), d.id},
        {QStringLiteral("kind"), DeletionConflicts::kindName(d.kind)}, {QStringLiteral("entity"), d.entity},
        {QStringLiteral("record_id"), d.recordId},
        {QStringLiteral("participant_id"),
            d.participantId.isEmpty() ? QJsonValue() : QJsonValue(d.participantId)},
        {QStringLiteral("by"), d.by}, {QStringLiteral("by_name"), m_session->team().nameOf(d.by)},
        {QStringLiteral("at"), d.happenedAt}};
    if (d.kind != DeletionConflict::Kind::LostEdit)
        return o;
    // Restored since: "restore" then puts the user's version over what stands, "accept" keeps it.
    o.insert(QStringLiteral("live"), m_session->store().get(d.entity, d.recordId).has_value());
    o.insert(QStringLiteral("snapshot"), valuesJson(d.entity, d.snapshot));
    // A participant's entry: what its delete took along, as this device had it; restored with it.
    QJsonArray children;
    for (const auto &[childId, child] : d.childrenInOrder()) {
        children.append(
            QJsonObject {{QStringLiteral("id"), childId}, {QStringLiteral("entity"), child.entity},
                {QStringLiteral("values"), valuesJson(child.entity, child.values)}});
    }
    if (!children.isEmpty())
        o.insert(QStringLiteral("children"), children);
    return o;
}

// "1 besøk, 2 oppgaver" for what went with a participant.
QString Cli::takenAlongSummary(const DeletionConflict &d) const
{
    const int visits = d.childCount(u"encounter");
    const int tasks = d.childCount(u"task");
    const int employments = d.childCount(u"employment");
    QStringList parts;
    if (visits > 0)
        parts << say(QStringLiteral("%1 besøk"),
            visits == 1 ? QStringLiteral("%1 visit") : QStringLiteral("%1 visits"))
                     .arg(visits);
    if (tasks > 0)
        parts << (tasks == 1 ? say(QStringLiteral("%1 oppgave"), QStringLiteral("%1 task"))
                             : say(QStringLiteral("%1 oppgaver"), QStringLiteral("%1 tasks")))
                     .arg(tasks);
    if (employments > 0)
        parts << say(QStringLiteral("%1 arbeidsforhold"),
            employments == 1 ? QStringLiteral("%1 employment") : QStringLiteral("%1 employments"))
                     .arg(employments);
    return parts.join(QStringLiteral(", "));
}

// One line for a record that went with a participant: a visit by its local time and what was
// written, a task by its title and due date, an employment by its title and start.
QString Cli::takenAlongLine(const DeletionConflict::Child &child) const
{
    const QVariantHash &v = child.values;
    const auto text = [&](const char *field) {
        const QString t = v.value(QString::fromLatin1(field)).toString().simplified();
        return t.size() > 80 ? t.left(79) + QChar(0x2026) : t;
    };
    if (child.entity == u"encounter") {
        const QDateTime at = QDateTime::fromString(text("starts_at"), Qt::ISODate).toLocalTime();
        QString line = say(QStringLiteral("besøk %1"), QStringLiteral("visit %1"))
                           .arg(at.isValid() ? at.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString());
        const QString what = text("outcome").isEmpty() ? text("note") : text("outcome");
        return what.isEmpty() ? line : line + QStringLiteral(": ") + what;
    }
    const bool task = child.entity == u"task";
    QString line = task ? say(QStringLiteral("oppgave"), QStringLiteral("task"))
                        : say(QStringLiteral("arbeidsforhold"), QStringLiteral("employment"));
    if (!text("title").isEmpty())
        line += QStringLiteral(": ") + text("title");
    if (const QString date = text(task ? "due_date" : "start_date"); !date.isEmpty())
        line += (task ? say(QStringLiteral(", frist %1"), QStringLiteral(", due %1"))
                      : say(QStringLiteral(", fra %1"), QStringLiteral(", from %1")))
                    .arg(date);
    return line;
}

QString Cli::deletionConflictText(const DeletionConflict &d)
{
    QString who = m_session->team().nameOf(d.by);
    if (who.isEmpty())
        who = d.by.isEmpty() ? say(QStringLiteral("en kollega"), QStringLiteral("a colleague")) : d.by;
    if (d.kind == DeletionConflict::Kind::Restored)
        return say(QStringLiteral("%1  %2 %3\n    gjenopprettet av %4 %5 (du hadde slettet den)\n"
                                  "    resolve %1 accept: fjern meldingen\n"),
            QStringLiteral("%1  %2 %3\n    restored by %4 %5 (you had deleted it)\n"
                           "    resolve %1 accept: dismiss\n"))
            .arg(d.id, d.entity, d.recordId, who, d.happenedAt);
    QString values;
    for (auto it = d.snapshot.begin(); it != d.snapshot.end(); ++it)
        values += QStringLiteral("      %1: %2\n").arg(it.key(), it.value().toString().left(80));
    if (!d.children.isEmpty()) {
        values += say(QStringLiteral("    med deltakeren: %1 (gjenopprettes med den)\n"),
            QStringLiteral("    with the participant: %1 (restored with it)\n"))
                      .arg(takenAlongSummary(d));
        for (const auto &child : d.childrenInOrder())
            values += QStringLiteral("      %1\n").arg(takenAlongLine(child.second));
    }
    // Restored since: the user's version against what stands now, no longer against a delete.
    if (m_session->store().get(d.entity, d.recordId))
        return say(
            QStringLiteral("%1  %2 %3\n    slettet %4 mens du redigerte, senere gjenopprettet med annet "
                           "innhold; din versjon:\n%5"
                           "    resolve %1 restore: bruk din versjon  |  resolve %1 accept: behold det som "
                           "står\n"),
            QStringLiteral(
                "%1  %2 %3\n    deleted %4 while you edited, later restored with other content; "
                "your version:\n%5"
                "    resolve %1 restore: use your version  |  resolve %1 accept: keep what is there\n"))
            .arg(d.id, d.entity, d.recordId, d.happenedAt, values);
    return say(
        QStringLiteral("%1  %2 %3\n    slettet av %4 %5 mens du redigerte; din versjon:\n%6"
                       "    resolve %1 restore: gjenopprett den  |  resolve %1 accept: godta slettingen\n"),
        QStringLiteral("%1  %2 %3\n    deleted by %4 %5 while you edited; your version:\n%6"
                       "    resolve %1 restore: restore it  |  resolve %1 accept: accept the delete\n"))
        .arg(d.id, d.entity, d.recordId, who, d.happenedAt, values);
}

int Cli::resolve(QStringList &args)
{
    const QString help
        = say(QStringLiteral("bruk: resolve ID keep|lost|value=TEKST  |  resolve ID restore|accept"),
            QStringLiteral("usage: resolve ID keep|lost|value=TEXT  |  resolve ID restore|accept"));
    if (args.size() != 2)
        return usage(help);
    const QString &how = args.at(1);
    Status s;
    Conflicts conflicts(m_session->store());
    DeletionConflicts deletions(m_session->store());
    const bool deletion = bool(deletions.get(args.at(0)));
    if (deletion && how == u"restore")
        s = deletions.restore(args.at(0));
    else if (deletion && how == u"accept")
        s = deletions.accept(args.at(0));
    else if (deletion)
        return usage(say(QStringLiteral("bruk: resolve ID restore|accept"),
            QStringLiteral("usage: resolve ID restore|accept")));
    else if (how == u"keep")
        s = conflicts.resolve(args.at(0), Conflicts::Choice::KeepCurrent);
    else if (how == u"lost")
        s = conflicts.resolve(args.at(0), Conflicts::Choice::TakeLost);
    else if (how.startsWith(u"value="))
        s = conflicts.resolve(args.at(0), Conflicts::Choice::Custom, how.mid(6));
    else
        return usage(help);
    if (!s)
        return fail(s.error());
    print(QJsonObject {{QStringLiteral("resolved"), args.at(0)}},
        say(QStringLiteral("løst"), QStringLiteral("resolved")));
    return Ok;
}

int Cli::deadLetters(QStringList &args)
{
    if (!args.isEmpty())
        return usage(say(QStringLiteral("dead-letters tar ingen argumenter"),
            QStringLiteral("dead-letters takes no arguments")));
    QJsonArray json;
    QString text;
    for (const DeadLetter &d : Outbox(m_session->store()).deadLetters()) {
        json.append(QJsonObject {{QStringLiteral("seq"), d.mutation.seq},
            {QStringLiteral("entity"), d.mutation.entity}, {QStringLiteral("id"), d.mutation.recordId},
            {QStringLiteral("code"), d.code}, {QStringLiteral("reason"), d.reason},
            {QStringLiteral("failed_at"), d.failedAt}});
        text += QStringLiteral("%1  %2 %3  %4: %5\n")
                    .arg(d.mutation.seq)
                    .arg(d.mutation.entity, d.mutation.recordId, d.code, d.reason);
    }
    print(json, text.isEmpty() ? say(QStringLiteral("(ingen)"), QStringLiteral("(none)")) : text);
    return Ok;
}

int Cli::retry(QStringList &args)
{
    bool ok = false;
    const qint64 seq = args.value(0).toLongLong(&ok);
    if (args.size() != 1 || !ok)
        return usage(say(QStringLiteral("bruk: retry SEQ"), QStringLiteral("usage: retry SEQ")));
    if (Status s = Outbox(m_session->store()).retryDeadLetter(seq); !s)
        return fail(s.error());
    print(QJsonObject {{QStringLiteral("requeued"), seq}},
        say(QStringLiteral("lagt i køen igjen"), QStringLiteral("queued again")));
    return Ok;
}

int Cli::discard(QStringList &args)
{
    bool ok = false;
    const qint64 seq = args.value(0).toLongLong(&ok);
    if (args.size() != 1 || !ok)
        return usage(say(QStringLiteral("bruk: discard SEQ"), QStringLiteral("usage: discard SEQ")));
    if (Status s = Outbox(m_session->store()).discardDeadLetter(seq); !s)
        return fail(s.error());
    print(QJsonObject {{QStringLiteral("discarded"), seq}},
        say(QStringLiteral("forkastet"), QStringLiteral("discarded")));
    return Ok;
}

} // namespace feltnotat
