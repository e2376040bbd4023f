<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>AppContext</name>
    <message numerus="yes">
        <source>Feil PIN-kode. %n forsøk igjen.</source>
        <translation>
            <numerusform>Feil PIN-kode. %n forsøk igjen.</numerusform>
            <numerusform>Feil PIN-kode. %n forsøk igjen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN-koden var feil %n ganger, så dataene på telefonen er slettet. Velg en ny PIN-kode og logg inn på nytt.</source>
        <translation>
            <numerusform>PIN-koden var feil %n gang, så dataene på telefonen er slettet. Velg en ny PIN-kode og logg inn på nytt.</numerusform>
            <numerusform>PIN-koden var feil %n ganger, så dataene på telefonen er slettet. Velg en ny PIN-kode og logg inn på nytt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Telefonen har ikke hatt kontakt med serveren på over %n dager, så dataene på den er slettet. Logg inn på nytt.</source>
        <translation>
            <numerusform>Telefonen har ikke hatt kontakt med serveren på over %n dag, så dataene på den er slettet. Logg inn på nytt.</numerusform>
            <numerusform>Telefonen har ikke hatt kontakt med serveren på over %n dager, så dataene på den er slettet. Logg inn på nytt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChangePinPage</name>
    <message numerus="yes">
        <source>Etter %n feil forsøk til slettes alle data på telefonen.</source>
        <translation>
            <numerusform>Etter %n feil forsøk til slettes alle data på telefonen.</numerusform>
            <numerusform>Etter %n feil forsøk til slettes alle data på telefonen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictsController</name>
    <message numerus="yes">
        <source>%n besøk</source>
        <translation>
            <numerusform>%n besøk</numerusform>
            <numerusform>%n besøk</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n oppgaver</source>
        <translation>
            <numerusform>%n oppgave</numerusform>
            <numerusform>%n oppgaver</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n arbeidsforhold</source>
        <translation>
            <numerusform>%n arbeidsforhold</numerusform>
            <numerusform>%n arbeidsforhold</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactLock</name>
    <message numerus="yes">
        <source>Telefonen har ikke hatt kontakt med serveren på over %n timer, så dataene er låst til den får kontakt. Koble telefonen til nettet; appen åpner seg av seg selv når synkroniseringen går gjennom.</source>
        <translation>
            <numerusform>Telefonen har ikke hatt kontakt med serveren på over %n time, så dataene er låst til den får kontakt. Koble telefonen til nettet; appen åpner seg av seg selv når synkroniseringen går gjennom.</numerusform>
            <numerusform>Telefonen har ikke hatt kontakt med serveren på over %n timer, så dataene er låst til den får kontakt. Koble telefonen til nettet; appen åpner seg av seg selv når synkroniseringen går gjennom.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Etter %n dager uten kontakt slettes dataene på telefonen.</source>
        <translation>
            <numerusform>Etter %n dag uten kontakt slettes dataene på telefonen.</numerusform>
            <numerusform>Etter %n dager uten kontakt slettes dataene på telefonen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message numerus="yes">
        <source>Etter %n feil forsøk til slettes alle data på telefonen.</source>
        <translation>
            <numerusform>Etter %n feil forsøk til slettes alle data på telefonen.</numerusform>
            <numerusform>Etter %n feil forsøk til slettes alle data på telefonen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n endringer som ikke er sendt til serveren, går da tapt.</source>
        <translation>
            <numerusform>%n endring som ikke er sendt til serveren, går da tapt.</numerusform>
            <numerusform>%n endringer som ikke er sendt til serveren, går da tapt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message numerus="yes">
        <source>Serveren svarte ikke innen %n sekunder. Sjekk adressen og nettet, og prøv igjen.</source>
        <translation>
            <numerusform>Serveren svarte ikke innen %n sekund. Sjekk adressen og nettet, og prøv igjen.</numerusform>
            <numerusform>Serveren svarte ikke innen %n sekunder. Sjekk adressen og nettet, og prøv igjen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogoutDialog</name>
    <message numerus="yes">
        <source>%n endringer er ikke sendt til serveren ennå. Logger du ut nå, slettes de fra telefonen og kan ikke hentes tilbake.</source>
        <translation>
            <numerusform>%n endring er ikke sendt til serveren ennå. Logger du ut nå, slettes den fra telefonen og kan ikke hentes tilbake.</numerusform>
            <numerusform>%n endringer er ikke sendt til serveren ennå. Logger du ut nå, slettes de fra telefonen og kan ikke hentes tilbake.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Slett de %n endringene som ikke er sendt</source>
        <translation>
            <numerusform>Slett endringen som ikke er sendt</numerusform>
            <numerusform>Slett de %n endringene som ikke er sendt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message numerus="yes">
        <source>Når du logger ut, slettes alle data fra denne telefonen. %n endringer er ikke sendt ennå.</source>
        <translation>
            <numerusform>Når du logger ut, slettes alle data fra denne telefonen. %n endring er ikke sendt ennå.</numerusform>
            <numerusform>Når du logger ut, slettes alle data fra denne telefonen. %n endringer er ikke sendt ennå.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutter uten bruk</source>
        <translation>
            <numerusform>%n minutt uten bruk</numerusform>
            <numerusform>%n minutter uten bruk</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Arbeidsgiveren din har bestemt at appen låses etter høyst %n minutter uten bruk.</source>
        <translation>
            <numerusform>Arbeidsgiveren din har bestemt at appen låses etter høyst %n minutt uten bruk.</numerusform>
            <numerusform>Arbeidsgiveren din har bestemt at appen låses etter høyst %n minutter uten bruk.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message numerus="yes">
        <source>%n endringer venter</source>
        <translation>
            <numerusform>%n endring venter</numerusform>
            <numerusform>%n endringer venter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n konflikter</source>
        <translation>
            <numerusform>%n konflikt</numerusform>
            <numerusform>%n konflikter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n endringer avvist</source>
        <translation>
            <numerusform>%n endring avvist</numerusform>
            <numerusform>%n endringer avvist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n poster fra serveren kunne ikke lagres</source>
        <translation>
            <numerusform>%n post fra serveren kunne ikke lagres</numerusform>
            <numerusform>%n poster fra serveren kunne ikke lagres</numerusform>
        </translation>
    </message>
</context>
</TS>
