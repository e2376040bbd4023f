#include "demodata.h"

#include "encounters.h"
#include "schema.h"
#include "store.h"
#include "validation.h"

#include <QRandomGenerator>

namespace feltnotat {

namespace {

const char *const FirstNames[] = {"Kari", "Ola", "Ingrid", "Lars", "Sofie", "Emil", "Nora", "Jonas", "Aisha",
    "Mohammed", "Siri", "Øystein", "Åse", "Marius", "Helene", "Tobias", "Maja", "Sander", "Leah", "Eirik"};
const char *const LastNames[] = {"Søberg", "Nordmann", "Haugen", "Ørsta", "Bakke", "Lien", "Dahl", "Åsgård",
    "Moen", "Strand", "Berg", "Solheim", "Nygård", "Hansen", "Kristiansen", "Ali", "Vik", "Lund"};
const char *const Companies[]
    = {"Fjordbakeriet", "Nordlys Lager", "Åsgård Hagesenter", "Byens Kafé", "Grønn Vaktmester",
        "Havnekiosken", "Sentrum Sykkelverksted", "Lysverket Kantine", "Eikeli Gartneri", "Bryggen Hotell",
        "Tindefjell Transport", "Solsiden Barnehage", "Kvikk Rengjøring", "Skogly Snekkerverksted"};
const char *const Industries[] = {"Bakeri", "Lager og logistikk", "Handel", "Servering", "Eiendomsdrift",
    "Reiseliv", "Transport", "Barnehage", "Renhold", "Bygg"};
const char *const Cities[] = {"Oslo", "Bergen", "Ørsta", "Tromsø", "Drammen", "Ålesund", "Bodø", "Hamar"};
const char *const Notes[] = {
    "Møtte daglig leder. De trenger folk på morgenskiftet fra januar.",
    "Oppfølgingssamtale på arbeidsplassen. Trives godt, ønsker flere timer.",
    "Gjennomgikk karriereprofilen: vil jobbe med dyr eller utendørs.",
    "Trepartsmøte med leder og jobbsøker. Avtalt tilrettelegging av arbeidstid.",
    "Jobbmesse «Ta sjansen»: tre korte intervjuer, ett gikk videre.",
    "Telefonsamtale. Har søkt to stillinger i butikk denne uka.",
    "Besøk hos bedriften for å kartlegge oppgaver i lageret.",
    "Gruppesamling om CV og intervjutrening. God stemning.",
};
const char *const Outcomes[] = {"Avtalt prøvedag", "Sendt CV", "Ny samtale avtalt",
    "Ingen ledige stillinger nå", "Tilbud om arbeidstrening", "Fornøyd leder"};

template<size_t N> QString pick(QRandomGenerator &rng, const char *const (&list)[N])
{
    return QString::fromUtf8(list[rng.bounded(int(N))]);
}

// A valid synthetic organisation number from a prefix, using the MOD11 rule.
QString orgNumber(QRandomGenerator &rng)
{
    for (;;) {
        QString digits = QString::number(800000000 + rng.bounded(99999999)).left(8);
        const int weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 8; ++i)
            sum += (digits.at(i).unicode() - u'0') * weights[i];
        const int check = sum % 11 == 0 ? 0 : 11 - sum % 11;
        if (check == 10)
            continue;
        return digits + QString::number(check);
    }
}

QString fullName(QRandomGenerator &rng)
{
    const QString first = pick(rng, FirstNames);
    return first + u' ' + pick(rng, LastNames);
}

QString phone(QRandomGenerator &rng)
{
    return QStringLiteral("+47%1").arg(40000000 + rng.bounded(9999999) + (rng.bounded(2) ? 50000000 : 0));
}

} // namespace

QList<DemoRecord> demoData(
    const QDate &today, const QTimeZone &zone, const QString &userId, int scale, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<DemoRecord> out;
    const QStringList stages {QStringLiteral("engagement"), QStringLiteral("profiling"),
        QStringLiteral("job_search"), QStringLiteral("job_search"), QStringLiteral("employed"),
        QStringLiteral("closed")};
    const QStringList kinds = Schema::instance().entity(u"encounter")->field(u"kind")->enumValues;
    const QStringList channels = Schema::instance().entity(u"encounter")->field(u"channel")->enumValues;
    const auto at = [&](int dayOffset, int hour, int minute) {
        return validation::formatDateTime(QDateTime(today.addDays(dayOffset), QTime(hour, minute), zone));
    };

    QStringList employers;
    for (int i = 0; i < 14 * scale; ++i) {
        DemoRecord e {QStringLiteral("employer"), Schema::newId(), {}};
        e.values = {{QStringLiteral("name"),
                        QString(pick(rng, Companies)
                            + (i >= 14 ? QStringLiteral(" %1").arg(i / 14 + 1) : QString()))},
            {QStringLiteral("org_number"), orgNumber(rng)},
            {QStringLiteral("industry"), pick(rng, Industries)}, {QStringLiteral("city"), pick(rng, Cities)},
            {QStringLiteral("address"), QStringLiteral("Storgata %1").arg(rng.bounded(1, 120))},
            {QStringLiteral("relationship_stage"),
                Schema::instance()
                    .entity(u"employer")
                    ->field(u"relationship_stage")
                    ->enumValues.at(rng.bounded(5))},
            {QStringLiteral("recruitment_agreement"), rng.bounded(3) == 0}};
        employers << e.id;
        out << e;
        DemoRecord w {QStringLiteral("workplace"), Schema::newId(),
            {{QStringLiteral("employer_id"), e.id},
                {QStringLiteral("name"),
                    QString(
                        e.values.value(QStringLiteral("name")).toString() + QStringLiteral(" avd. sentrum"))},
                {QStringLiteral("city"), e.values.value(QStringLiteral("city"))}}};
        out << w;
        DemoRecord c {QStringLiteral("contact"), Schema::newId(),
            {{QStringLiteral("employer_id"), e.id}, {QStringLiteral("name"), fullName(rng)},
                {QStringLiteral("role"),
                    rng.bounded(2) ? QStringLiteral("Daglig leder") : QStringLiteral("Butikksjef")},
                {QStringLiteral("phone"), phone(rng)},
                {QStringLiteral("email"), QStringLiteral("kontakt%1@eksempel.no").arg(i)},
                {QStringLiteral("decision_maker"), true}}};
        out << c;
    }

    for (int i = 0; i < 18 * scale; ++i) {
        const QString &stage = stages.at(i % stages.size());
        DemoRecord p {QStringLiteral("participant"), Schema::newId(), {}};
        p.values = {{QStringLiteral("name"), fullName(rng)}, {QStringLiteral("phone"), phone(rng)},
            {QStringLiteral("programme"),
                i % 4 == 3 ? QStringLiteral("extended_follow_up") : QStringLiteral("ips")},
            {QStringLiteral("stage"), stage},
            {QStringLiteral("referral_date"), validation::formatDate(today.addDays(-30 - rng.bounded(300)))},
            {QStringLiteral("goals_short"),
                QStringLiteral("Komme i gang med en deltidsjobb innen tre måneder.")},
            {QStringLiteral("preferences"),
                QStringLiteral("Dagtid, gjerne utendørs, maks 30 minutter reisevei.")},
            {QStringLiteral("strengths"), QStringLiteral("Punktlig, god med folk, praktisk anlagt.")},
            {QStringLiteral("adjustments"), QStringLiteral("Rolig arbeidsmiljø, faste oppgaver.")},
            {QStringLiteral("assigned_to"), userId}};
        out << p;
        const QString &employer = employers.at(rng.bounded(int(employers.size())));
        if (stage == u"employed") {
            out << DemoRecord {QStringLiteral("employment"), Schema::newId(),
                {{QStringLiteral("participant_id"), p.id}, {QStringLiteral("employer_id"), employer},
                    {QStringLiteral("title"), QStringLiteral("Lagermedarbeider")},
                    {QStringLiteral("start_date"),
                        validation::formatDate(today.addDays(-rng.bounded(10, 200)))},
                    {QStringLiteral("position_percent"), 50}, {QStringLiteral("hours_per_week"), 18.75},
                    {QStringLiteral("measure"), QStringLiteral("wage_subsidy_temporary")}}};
        }
        // History: a few completed encounters over the last weeks, and one ahead.
        const int history = 2 + rng.bounded(4);
        for (int k = 0; k < history; ++k) {
            const QString &kind = kinds.at(rng.bounded(int(kinds.size())));
            const bool withEmployer = kind != u"participant_follow_up" && kind != u"group_session";
            QVariantHash v {{QStringLiteral("participant_id"), p.id},
                {QStringLiteral("starts_at"),
                    at(-rng.bounded(1, 40), 8 + rng.bounded(8), 15 * rng.bounded(4))},
                {QStringLiteral("duration_minutes"), 30 + 15 * rng.bounded(4)},
                {QStringLiteral("kind"), kind},
                {QStringLiteral("channel"), channels.at(rng.bounded(int(channels.size())))},
                {QStringLiteral("status"), QStringLiteral("completed")},
                {QStringLiteral("note"), pick(rng, Notes)}, {QStringLiteral("outcome"), pick(rng, Outcomes)},
                {QStringLiteral("employer_contact"),
                    encounterrules::isEmployerContact(kind, withEmployer ? employer : QString())}};
            if (withEmployer)
                v.insert(QStringLiteral("employer_id"), employer);
            out << DemoRecord {QStringLiteral("encounter"), Schema::newId(), v};
        }
        if (i % 3 == 0) {
            const int offset = i % 6 == 0 ? 0 : -2; // today, or planned and now overdue
            out << DemoRecord {QStringLiteral("encounter"), Schema::newId(),
                {{QStringLiteral("participant_id"), p.id}, {QStringLiteral("employer_id"), employer},
                    {QStringLiteral("starts_at"), at(offset, 9 + (i % 7), 0)},
                    {QStringLiteral("duration_minutes"), 45},
                    {QStringLiteral("kind"), QStringLiteral("three_way_meeting")},
                    {QStringLiteral("channel"), QStringLiteral("workplace")},
                    {QStringLiteral("status"), QStringLiteral("planned")},
                    {QStringLiteral("note"), QStringLiteral("Planlagt oppfølging på arbeidsplassen.")},
                    {QStringLiteral("employer_contact"),
                        encounterrules::isEmployerContact(u"three_way_meeting", employer)}}};
        }
        if (i % 2 == 0) {
            out << DemoRecord {QStringLiteral("task"), Schema::newId(),
                {{QStringLiteral("title"),
                     i % 4 == 0 ? QStringLiteral("Ring arbeidsgiver om prøvedag")
                                : QStringLiteral("Send oppdatert CV")},
                    {QStringLiteral("participant_id"), p.id},
                    {QStringLiteral("due_date"), validation::formatDate(today.addDays(rng.bounded(-3, 6)))},
                    {QStringLiteral("status"), QStringLiteral("planned")},
                    {QStringLiteral("assigned_to"), userId}}};
        }
    }
    return out;
}

Status loadDemoData(Store &store, const QDate &today, const QTimeZone &zone, int scale, quint32 seed)
{
    Transaction txn(store.database());
    if (!txn.ok())
        return txn.status();
    for (const DemoRecord &r : demoData(today, zone, store.identity().userId, scale, seed)) {
        auto created = store.createWithId(r.entity, r.id, r.values);
        if (!created)
            return created.error();
    }
    return txn.commit();
}

} // namespace feltnotat
