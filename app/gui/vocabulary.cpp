#include "vocabulary.h"

#include <QCoreApplication>
#include <QHash>

namespace vocabulary {

namespace {

struct Entry
{
    const char *key;
    const char *text;
};

// Enum values: "field:value" → label. The same words NAV and IPS teams use.
const Entry Values[] = {
    {"programme:ips", QT_TRANSLATE_NOOP("Vocabulary", "IPS")},
    {"programme:extended_follow_up", QT_TRANSLATE_NOOP("Vocabulary", "Utvidet oppfølging")},
    {"programme:follow_up_measure", QT_TRANSLATE_NOOP("Vocabulary", "Oppfølgingstiltak")},
    {"programme:work_training", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidstrening")},
    {"programme:other", QT_TRANSLATE_NOOP("Vocabulary", "Annet")},
    {"stage:engagement", QT_TRANSLATE_NOOP("Vocabulary", "Oppstart")},
    {"stage:profiling", QT_TRANSLATE_NOOP("Vocabulary", "Kartlegging")},
    {"stage:job_search", QT_TRANSLATE_NOOP("Vocabulary", "Jobbsøk")},
    {"stage:employed", QT_TRANSLATE_NOOP("Vocabulary", "I jobb")},
    {"stage:closed", QT_TRANSLATE_NOOP("Vocabulary", "Avsluttet")},
    {"closed_outcome:work", QT_TRANSLATE_NOOP("Vocabulary", "Til arbeid")},
    {"closed_outcome:education", QT_TRANSLATE_NOOP("Vocabulary", "Til utdanning")},
    {"closed_outcome:other", QT_TRANSLATE_NOOP("Vocabulary", "Annet")},
    {"relationship_stage:prospect", QT_TRANSLATE_NOOP("Vocabulary", "Aktuell")},
    {"relationship_stage:contacted", QT_TRANSLATE_NOOP("Vocabulary", "Kontaktet")},
    {"relationship_stage:dialogue", QT_TRANSLATE_NOOP("Vocabulary", "I dialog")},
    {"relationship_stage:partner", QT_TRANSLATE_NOOP("Vocabulary", "Samarbeidspartner")},
    {"relationship_stage:dormant", QT_TRANSLATE_NOOP("Vocabulary", "Hvilende")},
    {"kind:job_development", QT_TRANSLATE_NOOP("Vocabulary", "Jobbutvikling")},
    {"kind:participant_follow_up", QT_TRANSLATE_NOOP("Vocabulary", "Oppfølging av deltaker")},
    {"kind:employer_follow_up", QT_TRANSLATE_NOOP("Vocabulary", "Oppfølging av arbeidsgiver")},
    {"kind:three_way_meeting", QT_TRANSLATE_NOOP("Vocabulary", "Trepartsmøte")},
    {"kind:interview", QT_TRANSLATE_NOOP("Vocabulary", "Intervju")},
    {"kind:job_fair", QT_TRANSLATE_NOOP("Vocabulary", "Jobbmesse")},
    {"kind:group_session", QT_TRANSLATE_NOOP("Vocabulary", "Gruppesamling")},
    {"channel:workplace", QT_TRANSLATE_NOOP("Vocabulary", "På arbeidsplassen")},
    {"channel:phone", QT_TRANSLATE_NOOP("Vocabulary", "Telefon")},
    {"channel:video", QT_TRANSLATE_NOOP("Vocabulary", "Video")},
    {"channel:office", QT_TRANSLATE_NOOP("Vocabulary", "På kontoret")},
    {"channel:home", QT_TRANSLATE_NOOP("Vocabulary", "Hjemme")},
    {"channel:other", QT_TRANSLATE_NOOP("Vocabulary", "Annet sted")},
    {"status:planned", QT_TRANSLATE_NOOP("Vocabulary", "Planlagt")},
    {"status:in_progress", QT_TRANSLATE_NOOP("Vocabulary", "Pågår")},
    {"status:completed", QT_TRANSLATE_NOOP("Vocabulary", "Fullført")},
    // A visit or conversation that took place: the word on its "Gjennomført" button.
    {"encounter.status:completed", QT_TRANSLATE_NOOP("Vocabulary", "Gjennomført")},
    {"status:cancelled", QT_TRANSLATE_NOOP("Vocabulary", "Avlyst")},
    {"status:not_attended", QT_TRANSLATE_NOOP("Vocabulary", "Ikke møtt")},
    {"status:open", QT_TRANSLATE_NOOP("Vocabulary", "Åpen")},
    {"status:resolved", QT_TRANSLATE_NOOP("Vocabulary", "Løst")},
    {"contract_type:permanent", QT_TRANSLATE_NOOP("Vocabulary", "Fast")},
    {"contract_type:temporary", QT_TRANSLATE_NOOP("Vocabulary", "Midlertidig")},
    {"contract_type:hourly", QT_TRANSLATE_NOOP("Vocabulary", "Tilkalling")},
    {"contract_type:apprentice", QT_TRANSLATE_NOOP("Vocabulary", "Lærling")},
    {"measure:none", QT_TRANSLATE_NOOP("Vocabulary", "Uten tiltak")},
    {"measure:work_training", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidstrening")},
    {"measure:wage_subsidy_temporary", QT_TRANSLATE_NOOP("Vocabulary", "Midlertidig lønnstilskudd")},
    {"measure:wage_subsidy_permanent", QT_TRANSLATE_NOOP("Vocabulary", "Varig lønnstilskudd")},
    {"measure:mentor", QT_TRANSLATE_NOOP("Vocabulary", "Mentor")},
    {"measure:inclusion_subsidy", QT_TRANSLATE_NOOP("Vocabulary", "Inkluderingstilskudd")},
};

// Field names: "field" or "entity.field" when the same name means something else there.
const Entry Fields[] = {
    {"name", QT_TRANSLATE_NOOP("Vocabulary", "Navn")},
    {"phone", QT_TRANSLATE_NOOP("Vocabulary", "Telefon")},
    {"email", QT_TRANSLATE_NOOP("Vocabulary", "E-post")},
    {"programme", QT_TRANSLATE_NOOP("Vocabulary", "Program")},
    {"stage", QT_TRANSLATE_NOOP("Vocabulary", "Fase")},
    {"referral_date", QT_TRANSLATE_NOOP("Vocabulary", "Henvist")},
    {"first_contact_date", QT_TRANSLATE_NOOP("Vocabulary", "Første kontakt")},
    {"first_employer_contact_date", QT_TRANSLATE_NOOP("Vocabulary", "Første arbeidsgiverkontakt")},
    {"job_start_date", QT_TRANSLATE_NOOP("Vocabulary", "Jobbstart")},
    {"closed_date", QT_TRANSLATE_NOOP("Vocabulary", "Avsluttet dato")},
    {"closed_outcome", QT_TRANSLATE_NOOP("Vocabulary", "Avsluttet til")},
    {"goals_short", QT_TRANSLATE_NOOP("Vocabulary", "Mål på kort sikt")},
    {"goals_long", QT_TRANSLATE_NOOP("Vocabulary", "Mål på lang sikt")},
    {"preferences", QT_TRANSLATE_NOOP("Vocabulary", "Ønsker og preferanser")},
    {"strengths", QT_TRANSLATE_NOOP("Vocabulary", "Styrker og interesser")},
    {"work_history", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidserfaring")},
    {"education", QT_TRANSLATE_NOOP("Vocabulary", "Utdanning og kurs")},
    {"adjustments", QT_TRANSLATE_NOOP("Vocabulary", "Tilrettelegging")},
    {"disclosure_plan", QT_TRANSLATE_NOOP("Vocabulary", "Hva arbeidsgiver kan få vite")},
    {"org_number", QT_TRANSLATE_NOOP("Vocabulary", "Organisasjonsnummer")},
    {"address", QT_TRANSLATE_NOOP("Vocabulary", "Adresse")},
    {"postal_code", QT_TRANSLATE_NOOP("Vocabulary", "Postnummer")},
    {"city", QT_TRANSLATE_NOOP("Vocabulary", "Sted")},
    {"industry", QT_TRANSLATE_NOOP("Vocabulary", "Bransje")},
    {"relationship_stage", QT_TRANSLATE_NOOP("Vocabulary", "Relasjon")},
    {"recruitment_agreement", QT_TRANSLATE_NOOP("Vocabulary", "Rekrutteringsavtale")},
    {"labour_needs", QT_TRANSLATE_NOOP("Vocabulary", "Behov for arbeidskraft")},
    {"role", QT_TRANSLATE_NOOP("Vocabulary", "Rolle")},
    {"decision_maker", QT_TRANSLATE_NOOP("Vocabulary", "Beslutningstaker")},
    {"employment.title", QT_TRANSLATE_NOOP("Vocabulary", "Stilling")},
    {"start_date", QT_TRANSLATE_NOOP("Vocabulary", "Startdato")},
    {"end_date", QT_TRANSLATE_NOOP("Vocabulary", "Sluttdato")},
    {"position_percent", QT_TRANSLATE_NOOP("Vocabulary", "Stillingsprosent")},
    {"contract_type", QT_TRANSLATE_NOOP("Vocabulary", "Ansettelsesform")},
    {"measure", QT_TRANSLATE_NOOP("Vocabulary", "Tiltak")},
    {"competitive", QT_TRANSLATE_NOOP("Vocabulary", "Ordinær jobb på vanlige vilkår")},
    {"follow_along_until", QT_TRANSLATE_NOOP("Vocabulary", "Følges opp til")},
    {"end_reason", QT_TRANSLATE_NOOP("Vocabulary", "Årsak til at det sluttet")},
    {"note", QT_TRANSLATE_NOOP("Vocabulary", "Notat")},
    {"outcome", QT_TRANSLATE_NOOP("Vocabulary", "Resultat")},
    {"next_step", QT_TRANSLATE_NOOP("Vocabulary", "Neste steg")},
    {"next_step_due", QT_TRANSLATE_NOOP("Vocabulary", "Frist for neste steg")},
    {"location", QT_TRANSLATE_NOOP("Vocabulary", "Sted")},
    {"shareable_with_employer", QT_TRANSLATE_NOOP("Vocabulary", "Kan deles med arbeidsgiver")},
    {"kind", QT_TRANSLATE_NOOP("Vocabulary", "Type")},
    {"channel", QT_TRANSLATE_NOOP("Vocabulary", "Hvor")},
    {"title", QT_TRANSLATE_NOOP("Vocabulary", "Tittel")},
    {"details", QT_TRANSLATE_NOOP("Vocabulary", "Detaljer")},
    {"due_date", QT_TRANSLATE_NOOP("Vocabulary", "Frist")},
    {"task.assigned_to", QT_TRANSLATE_NOOP("Vocabulary", "Ansvarlig")},
    {"status", QT_TRANSLATE_NOOP("Vocabulary", "Status")},
    {"starts_at", QT_TRANSLATE_NOOP("Vocabulary", "Tidspunkt")},
    {"duration_minutes", QT_TRANSLATE_NOOP("Vocabulary", "Varighet (min)")},
};

const Entry Entities[] = {
    {"participant", QT_TRANSLATE_NOOP("Vocabulary", "Deltaker")},
    {"participant+", QT_TRANSLATE_NOOP("Vocabulary", "Deltakere")},
    {"employer", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidsgiver")},
    {"employer+", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidsgivere")},
    {"workplace", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidssted")},
    {"workplace+", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidssteder")},
    {"contact", QT_TRANSLATE_NOOP("Vocabulary", "Kontaktperson")},
    {"contact+", QT_TRANSLATE_NOOP("Vocabulary", "Kontaktpersoner")},
    {"encounter", QT_TRANSLATE_NOOP("Vocabulary", "Besøk og samtale")},
    {"encounter+", QT_TRANSLATE_NOOP("Vocabulary", "Besøk og samtaler")},
    {"task", QT_TRANSLATE_NOOP("Vocabulary", "Oppgave")},
    {"task+", QT_TRANSLATE_NOOP("Vocabulary", "Oppgaver")},
    {"employment", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidsforhold")},
    {"employment+", QT_TRANSLATE_NOOP("Vocabulary", "Arbeidsforhold")},
    {"conflict", QT_TRANSLATE_NOOP("Vocabulary", "Konflikt")},
    {"conflict+", QT_TRANSLATE_NOOP("Vocabulary", "Konflikter")},
};

template<size_t N> const char *lookup(const Entry (&table)[N], const QString &key)
{
    for (const Entry &e : table) {
        if (key == QLatin1String(e.key))
            return e.text;
    }
    return nullptr;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Vocabulary", text);
}

} // namespace

QString valueLabel(const QString &entity, const QString &field, const QString &value)
{
    if (value.isEmpty())
        return {};
    if (const char *t = lookup(Values, entity + u'.' + field + u':' + value))
        return tr(t);
    if (const char *t = lookup(Values, field + u':' + value))
        return tr(t);
    return value;
}

QString fieldLabel(const QString &entity, const QString &field)
{
    if (const char *t = lookup(Fields, entity + u'.' + field))
        return tr(t);
    if (const char *t = lookup(Fields, field))
        return tr(t);
    return field;
}

QString entityLabel(const QString &entity, bool plural)
{
    if (const char *t = lookup(Entities, plural ? entity + u'+' : entity))
        return tr(t);
    return entity;
}

} // namespace vocabulary
