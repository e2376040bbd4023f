#include "cli.h"

#include "app/common/devicekey.h"
#include "app/common/pinsource.h"
#include "core/pinpolicy.h"
#include "core/validation.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTimeZone>

namespace feltnotat {

Cli::Cli(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{ }

QString Cli::helpText()
{
    return QStringLiteral(
        R"(Bruk: feltnotat-cli --data MAPPE --pin-file FIL|--pin-fd N [--json] [--lang nb|en]
                   [--keystore file|keychain] <kommando> [argumenter]

Feltnotat uten skjerm: samme lager og synkronisering som appen, for drift, skript og
tester. All utdata er ren tekst, eller JSON med --json. --lang en gir engelsk.
Valg kan stå hvor som helst, før eller etter kommandoen; -- avslutter valgene (search
-- -x søker etter "-x"). Et ukjent valg, eller et som hører til en annen kommando, er
feil bruk (avslutningskode 2).

Lageret er kryptert. PIN-koden er første linje i FIL (som bare eieren kan lese) eller i
det filbeskrivelse N leverer; første bruk av MAPPE oppretter lageret med den (minst 6
sifre, ikke en enkel rekke). Et ukryptert lager fra en tidligere versjon krypteres ved
første bruk med PIN.

Konto og synkronisering:
  login --server URL --user BRUKER [--device-name NAVN] [--no-sync]
                          logg inn; passordet leses fra standard inn. Deretter kjøres
                          første synkronisering, som henter alle teamets oppføringer og
                          kan ta litt tid (framdrift vises i en terminal); --no-sync
                          hopper over den
  logout [--wipe]         trekk tilbake enhetens nøkkel; --wipe sletter også lokale data
                          (nektes mens endringer ikke er sendt, med mindre --force)
  sync                    send ventende endringer, hent så til alt er hentet
  status                  server, bruker, ventende endringer, konflikter, avviste
                          endringer, siste synkronisering; etter at serveren logget
                          enheten ut, hvorfor (signed_out_reason)
  conflicts               vis åpne konflikter (begge verdiene side om side; i JSON som
                          kept_value og lost_value, JSON-verdier), slettinger som møtte
                          dine usendte endringer (kind "deleted", din versjon som
                          "snapshot"; for en deltaker også besøk, oppgaver og
                          arbeidsforhold som gikk med den, som "children") og
                          gjenopprettinger av det du slettet (kind "restored")
  resolve ID keep|lost|value=TEKST
                          løs en konflikt: behold nåværende verdi, ta den tapende
                          verdien, eller sett en ny
  resolve ID restore|accept
                          en sletting som møtte endringen din: gjenopprett med din
                          versjon, eller godta slettingen (fjerner også en "restored")
  dead-letters            vis endringer serveren har avvist for godt
  retry SEQ | discard SEQ send en avvist endring på nytt, eller forkast den

Oppføringer (TYPE er participant, employer, workplace, contact, encounter, task eller
employment):
  add TYPE felt=verdi …        opprett; skriver ut den nye id-en
  edit TYPE ID felt=verdi …    endre felter (felt= tømmer et felt)
  delete TYPE ID               slett (sendes til serveren som en sletting)
  show TYPE ID                 én oppføring med alle felter
  list TYPE [--limit N | --all]
                               oppføringer, sist endret først; de første 100 med mindre
                               --limit eller --all (en merknad på standard feil når
                               listen er kuttet)
  search TEKST                 søk i alt: ord etter starten, og i navn og titler også
                               inne i et ord ("bakeri" finner "Fjordbakeriet")
  today                        dagens og forfalte besøk og oppgaver
  export                       alt som JSON (alltid JSON): et objekt med én liste per
                               tabell (participants, employers, workplaces, contacts,
                               encounters, tasks, employments, conflicts), hver oppføring
                               et objekt med feltene, id, team og created_*/updated_*
  import [--csv TYPE] [--batch N] [FIL|-]
                               mange oppføringer fra FIL eller standard inn: JSON Lines,
                               én {"entity": T, "fields": {…}, "id": valgfri, "ref": NAVN}
                               per linje, der et referansefelt i en senere linje kan si
                               "@NAVN"; eller med --csv én oppføringstype, med en
                               overskriftslinje av feltnavn (og id, ref). Hver linje må
                               følge de samme reglene som add; en avvist linje meldes som
                               "linje N: grunn" på standard feil, og alle andre lagres
                               (avslutningskode 1 hvis noen ble avvist). Én transaksjon
                               per N linjer (1000).

Besøk følger appens regler: employer_contact utledes av kind og arbeidsgiver, en
manglende status blir planned når besøket starter mer enn 5 minutter fram i tid (ellers
completed), og next_step=TEKST lager også oppfølgingsoppgaven.

Verdier: datoer som åååå-MM-dd; tidspunkter som åååå-MM-ddTtt:mm:ssZ (UTC) eller
"åååå-MM-dd tt:mm" (lokal tid) eller "now"; ja/nei som ja/nei eller true/false.

Avslutningskoder: 0 utført, 1 avvist (ugyldig inndata, finnes ikke), 2 feil bruk,
3 synkroniserings- eller nettverksfeil, 4 ikke innlogget eller nøkkel avvist,
5 lageret er låst (PIN mangler eller er feil).
)");
}

QString Cli::helpTextEnglish()
{
    return QStringLiteral(
        R"(Usage: feltnotat-cli --data DIR --pin-file FILE|--pin-fd N [--json] [--lang nb|en]
                     [--keystore file|keychain] <command> [arguments]

The headless Feltnotat client: the same store and sync code as the app, for operators,
scripts and tests. All output is plain text, or JSON with --json.
Options may come anywhere, before or after the command; -- ends the options (search
-- -x searches for "-x"). An unknown option, or one of another command, is a usage
error (exit code 2).

The store is encrypted. Its PIN is the first line of FILE (readable only by its owner)
or of what file descriptor N delivers; the first use of DIR creates the store with it
(at least 6 digits, not a trivial sequence). A plain store of an earlier version is
encrypted on its first use with a PIN.

Account and sync:
  login --server URL --user LOGIN [--device-name NAME] [--no-sync]
                          log in; the password is read from standard input. Then runs
                          the first sync, which fetches all of the team's records and
                          can take a while (progress on a terminal); --no-sync skips it
  logout [--wipe]         revoke this device's token; --wipe also removes local data
                          (refused while changes are unsent unless --force)
  sync                    push pending changes, then pull until caught up
  status                  server, user, pending changes, conflicts, dead letters, last sync;
                          after the server signed this device out, why (signed_out_reason)
  conflicts               list open conflicts (both values side by side; in JSON as
                          kept_value and lost_value, JSON values), deletes that met your
                          unsent edits (kind "deleted", with your version as "snapshot";
                          for a participant also the visits, tasks and employments that
                          went with it, as "children") and restores of records you
                          deleted (kind "restored")
  resolve ID keep|lost|value=TEXT
                          resolve a conflict: keep the current value, take the losing
                          value, or set a new one
  resolve ID restore|accept
                          a delete that met your edit: restore the record with your
                          version, or accept the delete (also dismisses a "restored")
  dead-letters            list changes the server refused for good
  retry SEQ | discard SEQ send a dead letter again, or drop it

Records (ENTITY is participant, employer, workplace, contact, encounter, task or employment):
  add ENTITY field=value …     create; prints the new id
  edit ENTITY ID field=value … change fields (field= clears one)
  delete ENTITY ID             delete (travels to the server as a tombstone)
  show ENTITY ID               one record with all fields
  list ENTITY [--limit N | --all]
                               records, newest changes first; the first 100 unless
                               --limit or --all (a note on standard error when cut)
  search TEXT                  search across everything: words by their start, and in
                               names and titles also inside a word ("bakeri" finds
                               "Fjordbakeriet")
  today                        today's and overdue encounters and tasks
  export                       everything as JSON (always JSON): an object with one array
                               per table (participants, employers, workplaces, contacts,
                               encounters, tasks, employments, conflicts), each record an
                               object of its fields with id, team, created_*/updated_*
  import [--csv ENTITY] [--batch N] [FILE|-]
                               many records from FILE or standard input: JSON Lines, one
                               {"entity": E, "fields": {…}, "id": optional, "ref": NAME}
                               a line, where a later row's reference field may say "@NAME";
                               or with --csv one record type, a header row of field names
                               (and id, ref). Every row meets the same rules as add; a
                               refused row is reported as "line N: reason" on standard
                               error and every other row is stored (exit 1 if any was
                               refused). One transaction per N rows (1000).

Encounters follow the app's rules: employer_contact is derived from kind and employer,
a missing status is planned when the visit starts more than 5 minutes ahead (else
completed), and next_step=TEXT also adds the follow-up task.

Values: dates as yyyy-MM-dd; times as yyyy-MM-ddTHH:mm:ssZ (UTC) or "yyyy-MM-dd HH:mm"
(local time) or "now"; yes/no as ja/nei or true/false.

Exit codes: 0 done, 1 refused (invalid input, not found), 2 usage error,
3 sync or network failure, 4 not logged in or token refused,
5 store locked (PIN missing or wrong).
)");
}

int Cli::fail(const Error &error, int code)
{
    if (m_json) {
        QJsonObject e {
            {QStringLiteral("code"), errorCodeName(error.code)}, {QStringLiteral("message"), error.message}};
        if (!error.field.isEmpty())
            e.insert(QStringLiteral("field"), error.field);
        m_err << QJsonDocument(QJsonObject {{QStringLiteral("error"), e}}).toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        m_err << "feltnotat-cli: " << error.toString() << Qt::endl;
    }
    return code;
}

int Cli::usage(const QString &message)
{
    m_err << "feltnotat-cli: " << message << u'\n'
          << say(QStringLiteral("Se feltnotat-cli --help."), QStringLiteral("Try feltnotat-cli --help."))
          << Qt::endl;
    return Usage;
}

void Cli::print(const QJsonValue &json, const QString &text)
{
    if (m_json) {
        const QJsonDocument doc
            = json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject());
        m_out << doc.toJson(QJsonDocument::Indented);
    } else {
        m_out << text;
        if (!text.endsWith(u'\n'))
            m_out << '\n';
    }
    m_out.flush();
}

int Cli::run(const QStringList &arguments)
{
    const bool parsed = m_options.parse(arguments);
    m_english = m_options.english();
    if (m_options.badLanguage())
        return usage(
            say(QStringLiteral("--lang må være nb eller en"), QStringLiteral("--lang must be nb or en")));
    const QStringList given = m_options.given();
    const bool nothing = m_options.command().isEmpty()
        && std::all_of(given.cbegin(), given.cend(), [](const QString &name) { return name == u"lang"; });
    if (nothing || option(QStringLiteral("help")) || option(QStringLiteral("h"))) {
        m_out << (m_english ? helpTextEnglish() : helpText());
        m_out.flush();
        return nothing ? Usage : Ok;
    }
    if (!parsed)
        return usage(m_options.error());
    m_json = option(QStringLiteral("json"));
    QString dataDir;
    if (!option(QStringLiteral("data"), &dataDir))
        return usage(say(QStringLiteral("--data MAPPE må oppgis"), QStringLiteral("--data DIR is required")));
    Session::Options options;
    options.dataDir = dataDir;
    options.watchNetwork = false;
    options.keyStore = KeyStore::Kind::File; // headless: the owner-only file unless --keystore keychain
    options.allowPlainHttp = option(QStringLiteral("allow-plain-http"));
    QString keyStore;
    if (option(QStringLiteral("keystore"), &keyStore)) {
        if (keyStore == u"keychain")
            options.keyStore = KeyStore::Kind::Keychain;
        else if (keyStore != u"file")
            return usage(say(QStringLiteral("--keystore må være file eller keychain"),
                QStringLiteral("--keystore must be file or keychain")));
    }
    QString pinFile;
    QString pinFd;
    const bool hasPinFile = option(QStringLiteral("pin-file"), &pinFile);
    const bool hasPinFd = option(QStringLiteral("pin-fd"), &pinFd);
    if (m_options.command().isEmpty())
        return usage(say(QStringLiteral("ingen kommando oppgitt"), QStringLiteral("no command given")));
    const QString command = m_options.command();
    const QStringList args = m_options.arguments();
    if (!hasPinFile && !hasPinFd)
        return fail(
            makeError(ErrorCode::Locked,
                say(QStringLiteral("dataene er låst: oppgi PIN-koden med --pin-file FIL eller --pin-fd N"),
                    QStringLiteral("the store is locked: give its PIN with --pin-file FILE or --pin-fd N"))),
            StoreLocked);
    auto pin = hasPinFile ? pinsource::fromFile(pinFile) : pinsource::fromFd(pinFd);
    if (!pin)
        return fail(pin.error(), pin.error().code == ErrorCode::Invalid ? Usage : StoreLocked);
    if (!devicekey::exists(dataDir)) {
        if (const QString problem = pinpolicy::problem(QString::fromUtf8(pin.value())); !problem.isEmpty())
            return fail(makeError(ErrorCode::Invalid, problem));
    }
    options.pin = pin.value();
    auto session = Session::open(options);
    options.pin.fill('\0');
    pin.value().fill('\0');
    if (!session) {
        const ErrorCode code = session.error().code;
        return fail(session.error(),
            code == ErrorCode::Locked ? StoreLocked
                : code == ErrorCode::Forbidden
                ? NotLoggedIn // wiped on the server's order or by the offline policy
                : Refused);
    }
    m_session = std::move(session).value();
    static const QStringList reachServer {
        QStringLiteral("sync"), QStringLiteral("status"), QStringLiteral("login"), QStringLiteral("logout")};
    if (m_session->contactOverdue() && !reachServer.contains(command))
        return fail(makeError(ErrorCode::Locked,
                        say(QStringLiteral("dataene er låst: enheten har ikke nådd serveren på for lenge; "
                                           "kjør sync først"),
                            QStringLiteral("the store is locked: this device has not reached the server for "
                                           "too long; run sync first"))),
            StoreLocked);
    const int code = dispatch(command, args);
    if (m_session && m_session->wipeOrdered()) {
        // The server ordered this device wiped (device_wipe): done at once, unsent changes included.
        if (Status s = Session::wipe(std::move(m_session)); !s)
            return fail(s.error());
        m_err << "feltnotat-cli: "
              << say(QStringLiteral(
                         "administratoren har bedt om at dataene på enheten slettes; de er slettet"),
                     QStringLiteral("the administrator ordered this device's data deleted; the local data is "
                                    "removed"))
              << Qt::endl;
    }
    return code;
}

int Cli::dispatch(const QString &command, QStringList args)
{
    using Handler = int (Cli::*)(QStringList &);
    static const QHash<QString, Handler> handlers {
        {QStringLiteral("add"), &Cli::add},
        {QStringLiteral("edit"), &Cli::edit},
        {QStringLiteral("delete"), &Cli::remove},
        {QStringLiteral("show"), &Cli::show},
        {QStringLiteral("list"), &Cli::list},
        {QStringLiteral("search"), &Cli::search},
        {QStringLiteral("today"), &Cli::today},
        {QStringLiteral("export"), &Cli::exportAll},
        {QStringLiteral("import"), &Cli::importRecords},
        {QStringLiteral("login"), &Cli::login},
        {QStringLiteral("logout"), &Cli::logout},
        {QStringLiteral("sync"), &Cli::sync},
        {QStringLiteral("status"), &Cli::status},
        {QStringLiteral("conflicts"), &Cli::conflicts},
        {QStringLiteral("resolve"), &Cli::resolve},
        {QStringLiteral("dead-letters"), &Cli::deadLetters},
        {QStringLiteral("retry"), &Cli::retry},
        {QStringLiteral("discard"), &Cli::discard},
    };
    const auto handler = handlers.value(command);
    if (!handler)
        return usage(say(QStringLiteral("ukjent kommando: "), QStringLiteral("unknown command: ")) + command);
    return (this->*handler)(args);
}

Result<QVariantHash> Cli::parseAssignments(const QString &entity, const QStringList &pairs)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return makeError(ErrorCode::Invalid,
            say(QStringLiteral("ukjent oppføringstype: "), QStringLiteral("unknown record type: ")) + entity);
    QVariantHash values;
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0)
            return makeError(ErrorCode::Invalid,
                say(QStringLiteral("ventet felt=verdi, fikk: "),
                    QStringLiteral("expected field=value, got: "))
                    + pair);
        const QString name = pair.left(eq);
        QString value = pair.mid(eq + 1);
        const FieldSpec *field = spec->field(name);
        if (field && field->type == FieldType::DateTime && !value.isEmpty() && !value.endsWith(u'Z')) {
            // Convenience for people typing: "now" and local "yyyy-MM-dd HH:mm".
            const QDateTime local = value == u"now"
                ? m_session->store().clock().now()
                : QDateTime::fromString(value, QStringLiteral("yyyy-MM-dd HH:mm"));
            if (!local.isValid())
                return makeError(ErrorCode::Invalid,
                    say(QStringLiteral("bruk åååå-MM-dd tt:mm eller et ISO-tidspunkt med Z"),
                        QStringLiteral("use yyyy-MM-dd HH:mm or an ISO time with Z")),
                    name);
            value = validation::formatDateTime(local);
        }
        values.insert(name, value.isEmpty() ? QVariant() : QVariant(value));
    }
    return values;
}

QString Cli::describe(const Record &record) const
{
    const EntitySpec *spec = Schema::instance().entity(record.entity);
    QString text = record.entity + u' ' + record.id + u'\n';
    if (!spec)
        return text;
    for (const FieldSpec &f : spec->fields) {
        const QVariant v = record.values.value(f.name);
        if (v.isValid() && !v.isNull())
            text += QStringLiteral("  %1: %2\n").arg(f.name, -28).arg(v.toString());
    }
    return text;
}

} // namespace feltnotat
