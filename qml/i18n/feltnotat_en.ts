<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="nb_NO">
<context>
    <name>AppContext</name>
    <message>
        <source>Meg</source>
        <translation>Me</translation>
    </message>
    <message>
        <source>En kollega</source>
        <translation>A colleague</translation>
    </message>
    <message>
        <source>Endringer som ikke er sendt, ligger fortsatt på telefonen.</source>
        <translation>Changes not yet sent are still on the phone.</translation>
    </message>
    <message>
        <source>Denne telefonen er logget ut fra serveren (enheten ble sperret). Logg inn på nytt.</source>
        <translation>This phone was signed out by the server (the device was blocked). Log in again.</translation>
    </message>
    <message>
        <source>Brukerkontoen din er deaktivert. Snakk med lederen din.</source>
        <translation>Your account has been disabled. Talk to your manager.</translation>
    </message>
    <message>
        <source>Innloggingen er utløpt. Logg inn på nytt for å synkronisere.</source>
        <translation>Your login has expired. Log in again to sync.</translation>
    </message>
    <message>
        <source>Administratoren har bedt om at dataene på telefonen slettes.</source>
        <translation>The administrator has asked for the data on this phone to be deleted.</translation>
    </message>
    <message>
        <source>Serveren godtar ikke lenger innloggingen på denne telefonen. Logg inn på nytt.</source>
        <translation>The server no longer accepts the login on this phone. Log in again.</translation>
    </message>
    <message>
        <source>De to PIN-kodene er ikke like. Skriv den samme to ganger.</source>
        <translation>The two PINs are not the same. Type the same one twice.</translation>
    </message>
    <message>
        <source>Fikk ikke kryptert dataene: %1</source>
        <translation>Could not encrypt the data: %1</translation>
    </message>
    <message>
        <source>Skriv PIN-koden.</source>
        <translation>Type the PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Feil PIN-kode. %n forsøk igjen.</source>
        <translation>
            <numerusform>Wrong PIN. %n attempt left.</numerusform>
            <numerusform>Wrong PIN. %n attempts left.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN-koden var feil %n ganger, så dataene på telefonen er slettet. Velg en ny PIN-kode og logg inn på nytt.</source>
        <translation>
            <numerusform>The PIN was wrong %n time, so the data on the phone has been deleted. Choose a new PIN and log in again.</numerusform>
            <numerusform>The PIN was wrong %n times, so the data on the phone has been deleted. Choose a new PIN and log in again.</numerusform>
        </translation>
    </message>
    <message>
        <source>PIN-koden var feil for mange ganger, men dataene kunne ikke slettes: %1</source>
        <translation>The PIN was wrong too many times, but the data could not be deleted: %1</translation>
    </message>
    <message>
        <source>Administratoren har bedt om at dataene på telefonen slettes. De er slettet.</source>
        <translation>The administrator asked for the data on the phone to be deleted. It has been deleted.</translation>
    </message>
    <message>
        <source>Dataene på denne enheten har ingen PIN-kode.</source>
        <translation>The data on this device has no PIN.</translation>
    </message>
    <message>
        <source>Den nye PIN-koden er den samme som den du har nå.</source>
        <translation>The new PIN is the same as the one you have now.</translation>
    </message>
    <message>
        <source>Fikk ikke byttet PIN-koden: %1</source>
        <translation>Could not change the PIN: %1</translation>
    </message>
    <message>
        <source>Meg (%1)</source>
        <translation>Me (%1)</translation>
    </message>
    <message>
        <source>Lås opp Feltnotat</source>
        <translation>Unlock Feltnotat</translation>
    </message>
    <message>
        <source>Fingeravtrykket ble ikke godkjent. Skriv PIN-koden.</source>
        <translation>The fingerprint was not accepted. Type the PIN.</translation>
    </message>
    <message>
        <source>Telefonen kan ikke låse opp med fingeravtrykk.</source>
        <translation>The phone cannot unlock with a fingerprint.</translation>
    </message>
    <message>
        <source>Feil PIN-kode.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Telefonen har ikke hatt kontakt med serveren på over %n dager, så dataene på den er slettet. Logg inn på nytt.</source>
        <translation>
            <numerusform>The phone has not been in contact with the server for over %n day, so its data has been deleted. Log in again.</numerusform>
            <numerusform>The phone has not been in contact with the server for over %n days, so its data has been deleted. Log in again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaptureController</name>
    <message>
        <source>Skriv datoen som dd.mm.åååå.</source>
        <translation>Write the date as dd.mm.yyyy.</translation>
    </message>
    <message>
        <source>Skriv klokkeslettet som tt:mm.</source>
        <translation>Write the time as hh:mm.</translation>
    </message>
    <message>
        <source>Velg en deltaker eller en arbeidsgiver.</source>
        <translation>Choose a participant or an employer.</translation>
    </message>
    <message>
        <source>Skriv varigheten i hele minutter.</source>
        <translation>Write the duration in whole minutes.</translation>
    </message>
    <message>
        <source>Skriv hva neste steg er.</source>
        <translation>Write what the next step is.</translation>
    </message>
    <message>
        <source>Velg en på teamet som skal ha oppgaven.</source>
        <translation>Choose someone on the team to take the task.</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>Nytt besøk / ny samtale</source>
        <translation>New visit / conversation</translation>
    </message>
    <message>
        <source>Deltaker</source>
        <translation>Participant</translation>
    </message>
    <message>
        <source>Ny deltaker «%1»</source>
        <translation>New participant “%1”</translation>
    </message>
    <message>
        <source>Arbeidsgiver</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Ny arbeidsgiver «%1»</source>
        <translation>New employer “%1”</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Hvor</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Dato (dd.mm.åååå)</source>
        <translation>Date (dd.mm.yyyy)</translation>
    </message>
    <message>
        <source>Kl. (tt:mm)</source>
        <translation>Time (hh:mm)</translation>
    </message>
    <message>
        <source>Notat</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Resultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Neste steg (blir en oppgave)</source>
        <translation>Next step (becomes a task)</translation>
    </message>
    <message>
        <source>Frist for neste steg (dd.mm.åååå)</source>
        <translation>Next step due (dd.mm.yyyy)</translation>
    </message>
    <message>
        <source>Sted (valgfritt)</source>
        <translation>Place (optional)</translation>
    </message>
    <message>
        <source>Forkast</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Forkast utkastet</source>
        <translation>Discard the draft</translation>
    </message>
    <message>
        <source>Lagre</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Lagre besøket</source>
        <translation>Save the visit</translation>
    </message>
    <message>
        <source>Minutter</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Forkaste utkastet?</source>
        <translation>Discard the draft?</translation>
    </message>
    <message>
        <source>Det du har skrevet i dette besøket, slettes.</source>
        <translation>What you have written for this visit will be deleted.</translation>
    </message>
    <message>
        <source>Fortsett å skrive</source>
        <translation>Keep writing</translation>
    </message>
    <message>
        <source>Lagret.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Lagret på telefonen. Sendes når du har nett.</source>
        <translation>Saved on the phone. Sent when you are online.</translation>
    </message>
    <message>
        <source>Hvem skal gjøre det</source>
        <translation>Who does it</translation>
    </message>
</context>
<context>
    <name>ChangePinPage</name>
    <message>
        <source>Bytt PIN-kode</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <source>PIN-koden er byttet.</source>
        <translation>The PIN has been changed.</translation>
    </message>
    <message>
        <source>Den nye PIN-koden må ha minst 6 sifre og ikke være en enkel rekke som 123456.</source>
        <translation>The new PIN must have at least 6 digits and not be a simple sequence such as 123456.</translation>
    </message>
    <message numerus="yes">
        <source>Etter %n feil forsøk til slettes alle data på telefonen.</source>
        <translation>
            <numerusform>After %n more wrong attempt all data on the phone is deleted.</numerusform>
            <numerusform>After %n more wrong attempts all data on the phone is deleted.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nåværende PIN-kode</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>Ny PIN-kode</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Skriv den nye PIN-koden en gang til</source>
        <translation>Type the new PIN once more</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictDelegate</name>
    <message>
        <source>%1, %2: nå %3, den andre %4</source>
        <translation>%1, %2: now %3, other %4</translation>
    </message>
    <message>
        <source>(tomt)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Bruk denne</source>
        <translation>Use this</translation>
    </message>
    <message>
        <source>Bruk den andre verdien</source>
        <translation>Use the other value</translation>
    </message>
    <message>
        <source>Eller skriv en ny verdi</source>
        <translation>Or write a new value</translation>
    </message>
    <message>
        <source>Ny verdi for %1</source>
        <translation>New value for %1</translation>
    </message>
    <message>
        <source>Lagre den nye verdien</source>
        <translation>Save the new value</translation>
    </message>
    <message>
        <source>Behold denne</source>
        <translation>Keep this one</translation>
    </message>
    <message>
        <source>Behold verdien som gjelder nå</source>
        <translation>Keep the value in force now</translation>
    </message>
    <message>
        <source>Lagre ny verdi</source>
        <translation>Save new value</translation>
    </message>
</context>
<context>
    <name>ConflictsController</name>
    <message>
        <source>Skriv datoen som dd.mm.åååå.</source>
        <translation>Write the date as dd.mm.yyyy.</translation>
    </message>
    <message>
        <source>En kollega</source>
        <translation>A colleague</translation>
    </message>
    <message>
        <source>Du eller en kollega</source>
        <translation>You or a colleague</translation>
    </message>
    <message>
        <source>Den andre endringen</source>
        <translation>The other change</translation>
    </message>
    <message>
        <source>Din endring</source>
        <translation>Your change</translation>
    </message>
    <message>
        <source>En kollegas endring</source>
        <translation>A colleague&apos;s change</translation>
    </message>
    <message>
        <source>Gjelder nå</source>
        <translation>In force now</translation>
    </message>
    <message>
        <source>Gjelder nå · %1, %2</source>
        <translation>In force now · %1, %2</translation>
    </message>
    <message>
        <source>Slettet av %1 mens du redigerte%2. Endringen din ble ikke lagret hos de andre, men den er tatt vare på her: gjenopprett oppføringen med din versjon, eller godta slettingen.</source>
        <translation>Deleted by %1 while you were editing%2. Your change was not saved for the others, but it is kept here: restore the entry with your version, or accept the deletion.</translation>
    </message>
    <message>
        <source>Gjenopprettet av %1%2. Du hadde slettet denne.</source>
        <translation>Restored by %1%2. You had deleted this.</translation>
    </message>
    <message numerus="yes">
        <source>%n besøk</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n oppgaver</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n arbeidsforhold</source>
        <translation>
            <numerusform>%n employment</numerusform>
            <numerusform>%n employments</numerusform>
        </translation>
    </message>
    <message>
        <source>Besøk %1</source>
        <translation>Visit %1</translation>
    </message>
    <message>
        <source>Oppgave: %1</source>
        <translation>Task: %1</translation>
    </message>
    <message>
        <source>, frist %1</source>
        <translation>, due %1</translation>
    </message>
    <message>
        <source>Arbeidsforhold: %1</source>
        <translation>Employment: %1</translation>
    </message>
    <message>
        <source>, fra %1</source>
        <translation>, from %1</translation>
    </message>
    <message>
        <source>Slettet av %1 mens du redigerte%2. Med deltakeren: %3. Endringen din ble ikke lagret hos de andre, men den er tatt vare på her: gjenopprett deltakeren med din versjon og det som gikk med den, eller godta slettingen.</source>
        <translation>Deleted by %1 while you were editing%2. With the participant: %3. Your change was not saved for the others, but it is kept here: restore the participant with your version and what went with it, or accept the deletion.</translation>
    </message>
    <message>
        <source>Slettet%1 mens du redigerte, og senere gjenopprettet med annet innhold enn ditt. Din versjon er tatt vare på her: bruk den, eller behold det som står der nå.</source>
        <translation>Deleted%1 while you were editing, and later restored with other content than yours. Your version is kept here: use it, or keep what is there now.</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Konflikter</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Ingen konflikter. Når noen har endret det samme feltet som deg samtidig, eller slettet noe du redigerte, kan du velge her.</source>
        <translation>No conflicts. When someone changed the same field as you at the same time, or deleted something you were editing, you can choose here.</translation>
    </message>
</context>
<context>
    <name>ContactDelegate</name>
    <message>
        <source>Ring</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Ring %1</source>
        <translation>Call %1</translation>
    </message>
    <message>
        <source>E-post</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Send e-post til %1</source>
        <translation>E-mail %1</translation>
    </message>
    <message>
        <source>Endre</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Endre kontaktperson %1</source>
        <translation>Edit contact person %1</translation>
    </message>
</context>
<context>
    <name>ContactLock</name>
    <message numerus="yes">
        <source>Telefonen har ikke hatt kontakt med serveren på over %n timer, så dataene er låst til den får kontakt. Koble telefonen til nettet; appen åpner seg av seg selv når synkroniseringen går gjennom.</source>
        <translation>
            <numerusform>The phone has not been in contact with the server for over %n hour, so the data is locked until it is. Connect the phone to the network; the app opens by itself once a sync gets through.</numerusform>
            <numerusform>The phone has not been in contact with the server for over %n hours, so the data is locked until it is. Connect the phone to the network; the app opens by itself once a sync gets through.</numerusform>
        </translation>
    </message>
    <message>
        <source>Siste kontakt: %1.</source>
        <translation>Last contact: %1.</translation>
    </message>
    <message numerus="yes">
        <source>Etter %n dager uten kontakt slettes dataene på telefonen.</source>
        <translation>
            <numerusform>After %n day without contact the data on the phone is deleted.</numerusform>
            <numerusform>After %n days without contact the data on the phone is deleted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DateShortcuts</name>
    <message>
        <source>I dag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>I morgen</source>
        <translation>Tomorrow</translation>
    </message>
    <message>
        <source>Om en uke</source>
        <translation>In a week</translation>
    </message>
</context>
<context>
    <name>DeadLettersController</name>
    <message>
        <source>Fikk ikke sendt endringen på nytt: %1</source>
        <translation>Could not send the change again: %1</translation>
    </message>
    <message>
        <source>Fikk ikke forkastet endringen: %1</source>
        <translation>Could not discard the change: %1</translation>
    </message>
    <message>
        <source>%1 tømt</source>
        <translation>%1 cleared</translation>
    </message>
    <message>
        <source>Du har ikke lov til å endre dette (det kan tilhøre et annet team).</source>
        <translation>You may not change this (it may belong to another team).</translation>
    </message>
    <message>
        <source>Finnes ikke på serveren lenger: det kan være slettet eller flyttet.</source>
        <translation>No longer on the server: it may have been deleted or moved.</translation>
    </message>
    <message>
        <source>Serveren godtok ikke verdien.</source>
        <translation>The server did not accept the value.</translation>
    </message>
    <message>
        <source>Serveren godtok ikke verdien: %1</source>
        <translation>The server did not accept the value: %1</translation>
    </message>
    <message>
        <source>Serveren avviste endringen (%1).</source>
        <translation>The server refused the change (%1).</translation>
    </message>
</context>
<context>
    <name>DeadLettersPage</name>
    <message>
        <source>Avviste endringer</source>
        <translation>Refused changes</translation>
    </message>
    <message>
        <source>Forkast</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Forkast endringen av %1</source>
        <translation>Discard the change to %1</translation>
    </message>
    <message>
        <source>Send på nytt</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Send endringen av %1 på nytt</source>
        <translation>Send the change to %1 again</translation>
    </message>
    <message>
        <source>Ingen avviste endringer. Endringer serveren ikke godtar, havner her så du kan sende dem på nytt eller forkaste dem.</source>
        <translation>No refused changes. Changes the server does not accept end up here, so you can send them again or discard them.</translation>
    </message>
    <message>
        <source>Rediger og send igjen</source>
        <translation>Edit and send again</translation>
    </message>
    <message>
        <source>Rediger %1 og send igjen</source>
        <translation>Edit %1 and send again</translation>
    </message>
    <message>
        <source>Forkaste endringen?</source>
        <translation>Discard the change?</translation>
    </message>
    <message>
        <source>Endringen slettes fra telefonen og blir aldri sendt.</source>
        <translation>The change is deleted from the phone and never sent.</translation>
    </message>
</context>
<context>
    <name>DeletionConflictDelegate</name>
    <message>
        <source>Din versjon</source>
        <translation>Your version</translation>
    </message>
    <message>
        <source>Gjenopprett</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Gjenopprett med din versjon</source>
        <translation>Restore with your version</translation>
    </message>
    <message>
        <source>Godta sletting</source>
        <translation>Accept deletion</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Godta at den er slettet</source>
        <translation>Accept that it is deleted</translation>
    </message>
    <message>
        <source>Fjern meldingen</source>
        <translation>Dismiss the message</translation>
    </message>
    <message>
        <source>Slettet sammen med deltakeren</source>
        <translation>Deleted with the participant</translation>
    </message>
    <message>
        <source>Bruk min versjon</source>
        <translation>Use my version</translation>
    </message>
    <message>
        <source>Bruk din versjon i stedet for den som står der nå</source>
        <translation>Use your version instead of what is there now</translation>
    </message>
    <message>
        <source>Behold</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Behold det som står der nå</source>
        <translation>Keep what is there now</translation>
    </message>
</context>
<context>
    <name>DetailController</name>
    <message>
        <source>Jobbstart</source>
        <translation>Job start</translation>
    </message>
    <message>
        <source>Sluttet %1</source>
        <translation>Ended %1</translation>
    </message>
    <message>
        <source>Beslutningstaker</source>
        <translation>Decision-maker</translation>
    </message>
    <message>
        <source>beslutningstaker</source>
        <translation>decision-maker</translation>
    </message>
    <message>
        <source>åpen</source>
        <translation>open</translation>
    </message>
</context>
<context>
    <name>EditFieldDelegate</name>
    <message>
        <source>dd.mm.åååå</source>
        <translation>dd.mm.yyyy</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nei</source>
        <translation>No</translation>
    </message>
    <message>
        <source>dd.mm.åååå tt:mm</source>
        <translation>dd.mm.yyyy hh:mm</translation>
    </message>
</context>
<context>
    <name>EmployerListPage</name>
    <message>
        <source>Arbeidsgivere</source>
        <translation>Employers</translation>
    </message>
    <message>
        <source>Søk etter navn</source>
        <translation>Search by name</translation>
    </message>
    <message>
        <source>Ingen arbeidsgivere her.</source>
        <translation>No employers here.</translation>
    </message>
    <message>
        <source>Ny arbeidsgiver</source>
        <translation>New employer</translation>
    </message>
</context>
<context>
    <name>EmployerPage</name>
    <message>
        <source>Kontaktpersoner</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>Ingen kontaktpersoner registrert.</source>
        <translation>No contacts yet.</translation>
    </message>
    <message>
        <source>Arbeidssteder</source>
        <translation>Workplaces</translation>
    </message>
    <message>
        <source>Besøk og samtaler</source>
        <translation>Visits and conversations</translation>
    </message>
    <message>
        <source>Ingen besøk registrert ennå.</source>
        <translation>No visits yet.</translation>
    </message>
    <message>
        <source>Legg til kontaktperson</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <source>Legg til kontaktperson hos %1</source>
        <translation>Add a contact at %1</translation>
    </message>
    <message>
        <source>Legg til arbeidssted</source>
        <translation>Add workplace</translation>
    </message>
    <message>
        <source>Legg til arbeidssted hos %1</source>
        <translation>Add a workplace of %1</translation>
    </message>
    <message>
        <source>Arbeidsgiveren finnes ikke lenger på telefonen.</source>
        <translation>The employer is no longer on this phone.</translation>
    </message>
    <message>
        <source>Deltakere i jobb her</source>
        <translation>Participants working here</translation>
    </message>
    <message>
        <source>Nytt besøk hos %1</source>
        <translation>New visit at %1</translation>
    </message>
</context>
<context>
    <name>EncounterController</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Deling</source>
        <translation>Sharing</translation>
    </message>
    <message>
        <source>Kan deles med arbeidsgiver</source>
        <translation>May be shared with the employer</translation>
    </message>
    <message>
        <source>Frist %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <source>Skriv datoen som dd.mm.åååå.</source>
        <translation>Write the date as dd.mm.yyyy.</translation>
    </message>
    <message>
        <source>Skriv klokkeslettet som tt:mm.</source>
        <translation>Write the time as hh:mm.</translation>
    </message>
    <message>
        <source>Uten frist</source>
        <translation>No due date</translation>
    </message>
</context>
<context>
    <name>EncounterPage</name>
    <message>
        <source>Besøket finnes ikke lenger på telefonen. Det kan være slettet eller flyttet til et annet team.</source>
        <translation>The visit is no longer on this phone. It may have been deleted or moved to another team.</translation>
    </message>
    <message>
        <source>Gjennomført</source>
        <translation>Took place</translation>
    </message>
    <message>
        <source>Avtalen ble gjennomført: skriv besøket</source>
        <translation>The appointment took place: write up the visit</translation>
    </message>
    <message>
        <source>Avlyst</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Ikke møtt</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <source>Flytt</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>Oppgaver fra besøket</source>
        <translation>Tasks from the visit</translation>
    </message>
    <message>
        <source>Gjort</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Rediger</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Slett</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Slette besøket?</source>
        <translation>Delete the visit?</translation>
    </message>
    <message>
        <source>Besøket og notatet slettes her og på serveren. Oppgaver som er laget fra det, blir liggende.</source>
        <translation>The visit and its note are deleted here and on the server. Tasks made from it stay.</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Besøket er slettet.</source>
        <translation>The visit was deleted.</translation>
    </message>
</context>
<context>
    <name>Encounters</name>
    <message>
        <source>Besøket er allerede registrert som gjennomført.</source>
        <translation>The visit is already logged as done.</translation>
    </message>
    <message>
        <source>Besøket er registrert som gjennomført og kan ikke avlyses eller merkes som ikke møtt.</source>
        <translation>The visit is logged as done and cannot be cancelled or marked as not attended.</translation>
    </message>
    <message>
        <source>Besøket er registrert som gjennomført og kan ikke flyttes.</source>
        <translation>The visit is logged as done and cannot be moved.</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>uke %1</source>
        <translation>week %1</translation>
    </message>
    <message>
        <source>i dag</source>
        <translation>today</translation>
    </message>
    <message>
        <source>i morgen</source>
        <translation>tomorrow</translation>
    </message>
    <message>
        <source>i går</source>
        <translation>yesterday</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nei</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Låst</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Velg PIN-kode</source>
        <translation>Choose a PIN</translation>
    </message>
    <message>
        <source>Dataene på telefonen skal krypteres. Velg en PIN-kode på minst 6 sifre. Du trenger den hver gang du åpner appen.</source>
        <translation>The data on the phone is about to be encrypted. Choose a PIN of at least 6 digits. You need it every time you open the app.</translation>
    </message>
    <message>
        <source>Velg en PIN-kode på minst 6 sifre. Den beskytter dataene på telefonen, og du trenger den hver gang du åpner appen.</source>
        <translation>Choose a PIN of at least 6 digits. It protects the data on the phone, and you need it every time you open the app.</translation>
    </message>
    <message>
        <source>Appen er låst. Skriv PIN-koden for å låse opp.</source>
        <translation>The app is locked. Type the PIN to unlock it.</translation>
    </message>
    <message numerus="yes">
        <source>Etter %n feil forsøk til slettes alle data på telefonen.</source>
        <translation>
            <numerusform>After %n more wrong attempt all data on the phone is deleted.</numerusform>
            <numerusform>After %n more wrong attempts all data on the phone is deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n endringer som ikke er sendt til serveren, går da tapt.</source>
        <translation>
            <numerusform>%n change not yet sent to the server is then lost.</numerusform>
            <numerusform>%n changes not yet sent to the server are then lost.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ny PIN-kode</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>PIN-kode</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Skriv PIN-koden en gang til</source>
        <translation>Type the PIN once more</translation>
    </message>
    <message>
        <source>Lagre PIN-kode</source>
        <translation>Save PIN</translation>
    </message>
    <message>
        <source>Lås opp</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Lås opp med fingeravtrykk</source>
        <translation>Unlock with fingerprint</translation>
    </message>
    <message>
        <source>Synkroniser nå</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <source>Skriv serveradressen, for eksempel feltnotat.kommune.no.</source>
        <translation>Write the server address, for example feltnotat.example.org.</translation>
    </message>
    <message>
        <source>«%1» er ikke en serveradresse. Skriv den slik: feltnotat.kommune.no.</source>
        <translation>“%1” is not a server address. Write it like this: feltnotat.example.org.</translation>
    </message>
    <message>
        <source>Adressen må begynne med https:// (kryptert forbindelse). http:// brukes bare mot en server på denne maskinen.</source>
        <translation>The address must start with https:// (encrypted). http:// is only for a server on this machine.</translation>
    </message>
    <message>
        <source>Skriv brukernavnet ditt.</source>
        <translation>Write your user name.</translation>
    </message>
    <message>
        <source>Skriv passordet ditt.</source>
        <translation>Write your password.</translation>
    </message>
    <message numerus="yes">
        <source>Serveren svarte ikke innen %n sekunder. Sjekk adressen og nettet, og prøv igjen.</source>
        <translation>
            <numerusform>The server did not answer within %n second. Check the address and the network, and try again.</numerusform>
            <numerusform>The server did not answer within %n seconds. Check the address and the network, and try again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Logg inn</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Notater og oppfølging ute i felten. Logg inn med kontoen fra arbeidsgiveren din.</source>
        <translation>Notes and follow-up in the field. Log in with the account from your employer.</translation>
    </message>
    <message>
        <source>Serveradresse</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Brukernavn</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Passord</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Logger inn …</source>
        <translation>Logging in …</translation>
    </message>
    <message>
        <source>for eksempel feltnotat.kommune.no</source>
        <translation>for example feltnotat.example.org</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Avbryt innloggingen</source>
        <translation>Cancel the login</translation>
    </message>
</context>
<context>
    <name>LogoutDialog</name>
    <message>
        <source>Endringer er ikke sendt</source>
        <translation>Changes not sent</translation>
    </message>
    <message>
        <source>Logge ut?</source>
        <translation>Log out?</translation>
    </message>
    <message numerus="yes">
        <source>%n endringer er ikke sendt til serveren ennå. Logger du ut nå, slettes de fra telefonen og kan ikke hentes tilbake.</source>
        <translation>
            <numerusform>%n change has not been sent to the server yet. If you log out now, it is deleted from the phone for good.</numerusform>
            <numerusform>%n changes have not been sent to the server yet. If you log out now, they are deleted from the phone for good.</numerusform>
        </translation>
    </message>
    <message>
        <source>Alle data på telefonen slettes. De finnes fortsatt på serveren.</source>
        <translation>All data on the phone is deleted. It is still on the server.</translation>
    </message>
    <message numerus="yes">
        <source>Slett de %n endringene som ikke er sendt</source>
        <translation>
            <numerusform>Delete the change that was not sent</numerusform>
            <numerusform>Delete the %n changes that were not sent</numerusform>
        </translation>
    </message>
    <message>
        <source>Synkroniser først</source>
        <translation>Sync first</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Logg ut og slett</source>
        <translation>Log out and delete</translation>
    </message>
    <message>
        <source>Logg ut</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Forkaste endringene?</source>
        <translation>Discard the changes?</translation>
    </message>
    <message>
        <source>Du har endringer som ikke er lagret. Går du tilbake nå, forsvinner de.</source>
        <translation>You have changes that are not saved. If you go back now, they are lost.</translation>
    </message>
    <message>
        <source>Fortsett å redigere</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Forkast endringene</source>
        <translation>Discard the changes</translation>
    </message>
</context>
<context>
    <name>NavDrawer</name>
    <message>
        <source>I dag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Nytt besøk / ny samtale</source>
        <translation>New visit / conversation</translation>
    </message>
    <message>
        <source>Deltakere</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Arbeidsgivere</source>
        <translation>Employers</translation>
    </message>
    <message>
        <source>Søk</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Oppgaver</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Konflikter</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Min uke</source>
        <translation>My week</translation>
    </message>
    <message>
        <source>Innstillinger</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>ParticipantListPage</name>
    <message>
        <source>Deltakere</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Søk etter navn</source>
        <translation>Search by name</translation>
    </message>
    <message>
        <source>Ingen deltakere her.</source>
        <translation>No participants here.</translation>
    </message>
    <message>
        <source>Ny deltaker</source>
        <translation>New participant</translation>
    </message>
</context>
<context>
    <name>ParticipantPage</name>
    <message>
        <source>Karriereprofil</source>
        <translation>Career profile</translation>
    </message>
    <message>
        <source>Tidslinje</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Ingen besøk, oppgaver eller arbeidsforhold ennå.</source>
        <translation>No visits, tasks or jobs yet.</translation>
    </message>
    <message>
        <source>Nytt besøk med %1</source>
        <translation>New visit with %1</translation>
    </message>
    <message>
        <source>Registrer arbeidsforhold</source>
        <translation>Register employment</translation>
    </message>
    <message>
        <source>Registrer arbeidsforhold for %1</source>
        <translation>Register employment for %1</translation>
    </message>
    <message>
        <source>Deltakeren finnes ikke lenger på telefonen. Hen kan være flyttet til et annet team.</source>
        <translation>The participant is no longer on this phone. They may have been moved to another team.</translation>
    </message>
</context>
<context>
    <name>PickerField</name>
    <message>
        <source>Fjern valget av %1</source>
        <translation>Clear %1</translation>
    </message>
    <message>
        <source>%1 (ny, lagres med besøket)</source>
        <translation>%1 (new, saved with the visit)</translation>
    </message>
    <message>
        <source>Skriv for å søke</source>
        <translation>Type to search</translation>
    </message>
</context>
<context>
    <name>PickerModel</name>
    <message>
        <source>Finnes allerede: %1. Velg fra listen hvis det er samme.</source>
        <translation>Already there: %1. Pick from the list if it is the same.</translation>
    </message>
</context>
<context>
    <name>PinPolicy</name>
    <message>
        <source>PIN-koden kan bare ha sifre.</source>
        <translation>The PIN can only have digits.</translation>
    </message>
    <message>
        <source>PIN-koden må ha minst %1 sifre.</source>
        <translation>The PIN must have at least %1 digits.</translation>
    </message>
    <message>
        <source>PIN-koden kan ha høyst %1 sifre.</source>
        <translation>The PIN can have at most %1 digits.</translation>
    </message>
    <message>
        <source>PIN-koden er for lett å gjette (like sifre eller en rekkefølge). Velg en annen.</source>
        <translation>The PIN is too easy to guess (the same digits or a sequence). Choose another one.</translation>
    </message>
</context>
<context>
    <name>RecordEditPage</name>
    <message>
        <source>Ny arbeidsgiver</source>
        <translation>New employer</translation>
    </message>
    <message>
        <source>Rediger arbeidsgiver</source>
        <translation>Edit employer</translation>
    </message>
    <message>
        <source>Ny deltaker</source>
        <translation>New participant</translation>
    </message>
    <message>
        <source>Rediger deltaker</source>
        <translation>Edit participant</translation>
    </message>
    <message>
        <source>Lagre</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Lagre endringene</source>
        <translation>Save the changes</translation>
    </message>
    <message>
        <source>Nytt arbeidssted</source>
        <translation>New workplace</translation>
    </message>
    <message>
        <source>Rediger arbeidssted</source>
        <translation>Edit workplace</translation>
    </message>
    <message>
        <source>Ny kontaktperson</source>
        <translation>New contact</translation>
    </message>
    <message>
        <source>Rediger kontaktperson</source>
        <translation>Edit contact</translation>
    </message>
    <message>
        <source>Nytt arbeidsforhold</source>
        <translation>New employment</translation>
    </message>
    <message>
        <source>Rediger arbeidsforhold</source>
        <translation>Edit employment</translation>
    </message>
    <message>
        <source>Arbeidsgiver</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Ny oppgave</source>
        <translation>New task</translation>
    </message>
    <message>
        <source>Rediger oppgave</source>
        <translation>Edit task</translation>
    </message>
    <message>
        <source>Nytt besøk</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>Rediger besøk</source>
        <translation>Edit visit</translation>
    </message>
    <message>
        <source>Ny arbeidsgiver «%1»</source>
        <translation>New employer “%1”</translation>
    </message>
    <message>
        <source>Finn i Enhetsregisteret</source>
        <translation>Find in the Central Coordinating Register</translation>
    </message>
    <message>
        <source>Navn eller organisasjonsnummer</source>
        <translation>Name or organisation number</translation>
    </message>
    <message>
        <source>Arbeidssted som lagres med arbeidsgiveren</source>
        <translation>Workplace saved with the employer</translation>
    </message>
    <message>
        <source>Ikke noe arbeidssted nå</source>
        <translation>No workplace for now</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Skriv datoen som dd.mm.åååå.</source>
        <translation>Write the date as dd.mm.yyyy.</translation>
    </message>
    <message>
        <source>Må fylles ut.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>Rett opp feltene som er merket.</source>
        <translation>Correct the marked fields.</translation>
    </message>
    <message>
        <source>Skriv dato og klokkeslett slik: dd.mm.åååå tt:mm.</source>
        <translation>Write the date and time like this: dd.mm.yyyy hh:mm.</translation>
    </message>
    <message>
        <source>Arbeidsstedet kunne ikke lagres: %1</source>
        <translation>The workplace could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>RecordListPage</name>
    <message>
        <source>%1 av %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Teamets</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Avsluttede</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>RecordSubtitle</name>
    <message>
        <source>Rediger</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Rediger %1</source>
        <translation>Edit %1</translation>
    </message>
</context>
<context>
    <name>RegisterLookup</name>
    <message>
        <source>Ikke koblet til en server: viser bare arbeidsgivere du har slått opp før.</source>
        <translation>Not connected to a server: showing only employers you looked up before.</translation>
    </message>
    <message>
        <source>Får ikke kontakt med serveren: viser bare arbeidsgivere du har slått opp før.</source>
        <translation>Cannot reach the server: showing only employers you looked up before.</translation>
    </message>
    <message>
        <source>Fant ikke organisasjonsnummeret i Enhetsregisteret.</source>
        <translation>The organisation number was not found in the register.</translation>
    </message>
    <message>
        <source>Skriv minst to bokstaver eller et organisasjonsnummer.</source>
        <translation>Type at least two letters or an organisation number.</translation>
    </message>
    <message>
        <source>Arbeidssted i %1 · %2</source>
        <translation>Workplace of %1 · %2</translation>
    </message>
    <message>
        <source>Ingen treff i Enhetsregisteret.</source>
        <translation>No matches in the register.</translation>
    </message>
    <message>
        <source>Ingen av dem passer.</source>
        <translation>None of them fits.</translation>
    </message>
</context>
<context>
    <name>RemoteApplier</name>
    <message>
        <source>Ukjent posttype.</source>
        <translation>Unknown record type.</translation>
    </message>
    <message>
        <source>Posten har en ugyldig klokke.</source>
        <translation>The record has an invalid clock.</translation>
    </message>
    <message>
        <source>Posten mangler team.</source>
        <translation>The record has no team.</translation>
    </message>
    <message>
        <source>Posten mangler slettemerke.</source>
        <translation>The record has no deleted flag.</translation>
    </message>
    <message>
        <source>Ukjent felt: %1</source>
        <translation>Unknown field: %1</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>Flytt avtalen</source>
        <translation>Move the appointment</translation>
    </message>
    <message>
        <source>Dato (dd.mm.åååå)</source>
        <translation>Date (dd.mm.yyyy)</translation>
    </message>
    <message>
        <source>Kl. (tt:mm)</source>
        <translation>Time (hh:mm)</translation>
    </message>
</context>
<context>
    <name>ScopeSwitch</name>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Teamets</source>
        <translation>Team</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <source>Frist %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <source>Arbeidssted hos %1</source>
        <translation>Workplace of %1</translation>
    </message>
    <message>
        <source>hos %1</source>
        <translation>at %1</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Søk</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Navn, sted, notat …</source>
        <translation>Name, place, note …</translation>
    </message>
    <message>
        <source>Søk i alt</source>
        <translation>Search everything</translation>
    </message>
    <message>
        <source>Søk etter deltakere, arbeidsgivere, kontaktpersoner, notater og oppgaver.</source>
        <translation>Search participants, employers, contacts, notes and tasks.</translation>
    </message>
    <message>
        <source>Fant ingenting som passer «%1».</source>
        <translation>Nothing matches “%1”.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Denne enheten har data for en annen bruker. Logg ut først.</source>
        <translation>This device holds another user&apos;s data. Log out first.</translation>
    </message>
    <message>
        <source>Innloggingen ble avbrutt.</source>
        <translation>The login was cancelled.</translation>
    </message>
    <message>
        <source>Fikk ikke lagret innloggingen på telefonen: %1</source>
        <translation>Could not store the login on the phone: %1</translation>
    </message>
    <message>
        <source>Svaret fra serveren kunne ikke leses. Er det riktig adresse?</source>
        <translation>The server&apos;s answer could not be read. Is the address right?</translation>
    </message>
    <message>
        <source>Fant ikke serveren «%1». Sjekk adressen.</source>
        <translation>Could not find the server “%1”. Check the address.</translation>
    </message>
    <message>
        <source>Serveren avviste innloggingen (HTTP %1).</source>
        <translation>The server refused the login (HTTP %1).</translation>
    </message>
    <message>
        <source>Serveren tar ikke imot tilkoblinger på denne adressen. Sjekk adressen og portnummeret.</source>
        <translation>The server does not accept connections at this address. Check the address and the port.</translation>
    </message>
    <message>
        <source>Serveren svarte ikke i tide. Sjekk adressen og nettet, og prøv igjen.</source>
        <translation>The server did not answer in time. Check the address and the network, and try again.</translation>
    </message>
    <message>
        <source>Fikk ikke en sikker forbindelse (https) til serveren. Sjekk adressen, eller be IT-ansvarlig se på sertifikatet.</source>
        <translation>Could not make a secure (https) connection to the server. Check the address, or ask IT to look at the certificate.</translation>
    </message>
    <message>
        <source>Serveren brøt forbindelsen. Prøv igjen om litt.</source>
        <translation>The server closed the connection. Try again in a moment.</translation>
    </message>
    <message>
        <source>Telefonen har ikke nett akkurat nå. Prøv igjen når du har dekning.</source>
        <translation>The phone has no network right now. Try again when you have coverage.</translation>
    </message>
    <message>
        <source>Fikk ikke kontakt med serveren. Sjekk adressen og nettet, og prøv igjen.</source>
        <translation>Could not reach the server. Check the address and the network, and try again.</translation>
    </message>
    <message>
        <source>Feil brukernavn eller passord.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>Denne telefonen er registrert på en annen bruker. Be IT-ansvarlig om å fjerne den.</source>
        <translation>This phone is registered to another user. Ask IT to remove it.</translation>
    </message>
    <message>
        <source>For mange mislykkede forsøk. Vent noen minutter og prøv igjen.</source>
        <translation>Too many failed attempts. Wait a few minutes and try again.</translation>
    </message>
    <message>
        <source>Appen er for gammel for denne serveren. Oppdater appen og prøv igjen.</source>
        <translation>The app is too old for this server. Update the app and try again.</translation>
    </message>
    <message>
        <source>Fant ingen Feltnotat-server på denne adressen. Sjekk adressen.</source>
        <translation>No Feltnotat server at this address. Check the address.</translation>
    </message>
    <message>
        <source>Serveren har en feil akkurat nå. Prøv igjen om litt.</source>
        <translation>The server has a problem right now. Try again in a moment.</translation>
    </message>
    <message>
        <source>Serveren må ha en https://-adresse. Vanlig http er bare tillatt til denne maskinen.</source>
        <translation>The server needs an https:// address. Plain http is only allowed to this computer.</translation>
    </message>
    <message>
        <source>Brukeren er deaktivert. Kontakt administratoren.</source>
        <translation>The user is disabled. Contact the administrator.</translation>
    </message>
    <message>
        <source>Denne enheten er sperret av administratoren.</source>
        <translation>This device has been blocked by the administrator.</translation>
    </message>
    <message>
        <source>Administratoren har bedt om at data på enheten slettes.</source>
        <translation>The administrator has asked for the data on this device to be deleted.</translation>
    </message>
    <message>
        <source>Enheten har ikke hatt kontakt med serveren på over %1 dager, så dataene på den er slettet. Logg inn på nytt.</source>
        <translation>The device has not reached the server for more than %1 days, so its data has been deleted. Log in again.</translation>
    </message>
    <message>
        <source>Administratoren har bedt om at data på enheten slettes. Dataene på den er slettet.</source>
        <translation>The administrator asked for the data on the device to be deleted. It has been deleted.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Innstillinger</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Bruker</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Ikke logget inn</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Demo uten server</source>
        <translation>Demo without a server</translation>
    </message>
    <message>
        <source>Synkronisering</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Synkroniser nå</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Logg ut</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Når du logger ut, slettes alle data fra denne telefonen.</source>
        <translation>Logging out removes all data from this phone.</translation>
    </message>
    <message>
        <source>Avviste endringer (%1)</source>
        <translation>Refused changes (%1)</translation>
    </message>
    <message>
        <source>Se endringer serveren avviste</source>
        <translation>See changes the server refused</translation>
    </message>
    <message numerus="yes">
        <source>Når du logger ut, slettes alle data fra denne telefonen. %n endringer er ikke sendt ennå.</source>
        <translation>
            <numerusform>Logging out removes all data from this phone. %n change is not sent yet.</numerusform>
            <numerusform>Logging out removes all data from this phone. %n changes are not sent yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sikkerhet</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Lås etter</source>
        <translation>Lock after</translation>
    </message>
    <message numerus="yes">
        <source>%n minutter uten bruk</source>
        <translation>
            <numerusform>%n minute without use</numerusform>
            <numerusform>%n minutes without use</numerusform>
        </translation>
    </message>
    <message>
        <source>Lås appen etter så lang tid uten bruk</source>
        <translation>Lock the app after this long without use</translation>
    </message>
    <message>
        <source>Bytt PIN-kode</source>
        <translation>Change PIN</translation>
    </message>
    <message numerus="yes">
        <source>Arbeidsgiveren din har bestemt at appen låses etter høyst %n minutter uten bruk.</source>
        <translation>
            <numerusform>Your employer has decided that the app locks after at most %n minute without use.</numerusform>
            <numerusform>Your employer has decided that the app locks after at most %n minutes without use.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lås opp med fingeravtrykk</source>
        <translation>Unlock with fingerprint</translation>
    </message>
    <message>
        <source>Skriv PIN-koden din. Etterpå kan du låse opp appen med fingeravtrykket i stedet.</source>
        <translation>Type your PIN. After that you can unlock the app with your fingerprint instead.</translation>
    </message>
    <message>
        <source>PIN-kode</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Slå på</source>
        <translation>Turn on</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Løs</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>Se konflikter</source>
        <translation>See conflicts</translation>
    </message>
    <message>
        <source>Synkroniser nå</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Avvist (%1)</source>
        <translation>Refused (%1)</translation>
    </message>
    <message>
        <source>Se endringer serveren avviste</source>
        <translation>See changes the server refused</translation>
    </message>
    <message>
        <source>Demo uten server</source>
        <translation>Demo without a server</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Ikke koblet til server</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>Synkroniserer …</source>
        <translation>Syncing …</translation>
    </message>
    <message>
        <source>Frakoblet · sist synkronisert %1</source>
        <translation>Offline · last synced %1</translation>
    </message>
    <message>
        <source>Frakoblet</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Får ikke kontakt · sist synkronisert %1</source>
        <translation>Cannot reach the server · last synced %1</translation>
    </message>
    <message>
        <source>Får ikke kontakt</source>
        <translation>Cannot reach the server</translation>
    </message>
    <message>
        <source>Logg inn på nytt for å synkronisere</source>
        <translation>Log in again to sync</translation>
    </message>
    <message>
        <source>Appen må oppdateres for å synkronisere</source>
        <translation>Update the app to sync</translation>
    </message>
    <message>
        <source>Sist synkronisert %1</source>
        <translation>Last synced %1</translation>
    </message>
    <message>
        <source>Synkronisert %1</source>
        <translation>Synced %1</translation>
    </message>
    <message>
        <source>Ikke synkronisert ennå</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>Alt er sendt</source>
        <translation>Everything is sent</translation>
    </message>
    <message numerus="yes">
        <source>%n endringer venter</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n konflikter</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n endringer avvist</source>
        <translation>
            <numerusform>%n change refused</numerusform>
            <numerusform>%n changes refused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n poster fra serveren kunne ikke lagres</source>
        <translation>
            <numerusform>%n record from the server could not be stored</numerusform>
            <numerusform>%n records from the server could not be stored</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskController</name>
    <message>
        <source>Uten frist</source>
        <translation>No due date</translation>
    </message>
</context>
<context>
    <name>TaskPage</name>
    <message>
        <source>Oppgave</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Oppgaven finnes ikke lenger på telefonen.</source>
        <translation>The task is no longer on this phone.</translation>
    </message>
    <message>
        <source>Åpne oppgaven igjen</source>
        <translation>Open the task again</translation>
    </message>
    <message>
        <source>Merk oppgaven som gjort</source>
        <translation>Mark the task done</translation>
    </message>
    <message>
        <source>Frist</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Gjelder</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Ansvarlig</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Detaljer</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Se besøket oppgaven kom fra</source>
        <translation>See the visit the task came from</translation>
    </message>
    <message>
        <source>Rediger</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Slett</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Slette oppgaven?</source>
        <translation>Delete the task?</translation>
    </message>
    <message>
        <source>Oppgaven slettes her og på serveren.</source>
        <translation>The task is deleted here and on the server.</translation>
    </message>
    <message>
        <source>Oppgaven er slettet.</source>
        <translation>The task was deleted.</translation>
    </message>
</context>
<context>
    <name>TasksController</name>
    <message>
        <source>Uten frist</source>
        <translation>No due date</translation>
    </message>
    <message>
        <source>Forfalt</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>I dag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Denne uken</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Senere</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Gjort</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Oppgaver</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Merk «%1» som gjort</source>
        <translation>Mark “%1” done</translation>
    </message>
    <message>
        <source>Åpne «%1» igjen</source>
        <translation>Open “%1” again</translation>
    </message>
    <message>
        <source>«%1» er gjort.</source>
        <translation>“%1” is done.</translation>
    </message>
    <message>
        <source>«%1» er åpen igjen.</source>
        <translation>“%1” is open again.</translation>
    </message>
    <message>
        <source>Vis gjorte oppgaver</source>
        <translation>Show done tasks</translation>
    </message>
    <message>
        <source>Teamet har ingen åpne oppgaver.</source>
        <translation>The team has no open tasks.</translation>
    </message>
    <message>
        <source>Ingen åpne oppgaver. Neste steg du skriver i et besøk blir en oppgave her, eller trykk + for en ny.</source>
        <translation>No open tasks. A next step you write in a visit becomes a task here, or tap + for a new one.</translation>
    </message>
    <message>
        <source>Ny oppgave</source>
        <translation>New task</translation>
    </message>
</context>
<context>
    <name>TodayController</name>
    <message>
        <source>Forfalt</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Oppgaver i dag</source>
        <translation>Tasks today</translation>
    </message>
    <message>
        <source>Senere denne uken</source>
        <translation>Later this week</translation>
    </message>
    <message>
        <source>Besøk og avtaler i dag</source>
        <translation>Visits and appointments today</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>I dag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Ingenting planlagt i dag. Trykk på + for å skrive et besøk eller en samtale.</source>
        <translation>Nothing planned today. Tap + to log a visit or a conversation.</translation>
    </message>
    <message>
        <source>Nytt besøk eller ny samtale</source>
        <translation>New visit or conversation</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Angre</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>IPS</source>
        <translation>IPS</translation>
    </message>
    <message>
        <source>Utvidet oppfølging</source>
        <translation>Extended follow-up</translation>
    </message>
    <message>
        <source>Oppfølgingstiltak</source>
        <translation>Follow-up measure</translation>
    </message>
    <message>
        <source>Arbeidstrening</source>
        <translation>Work training</translation>
    </message>
    <message>
        <source>Annet</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Oppstart</source>
        <translation>Engagement</translation>
    </message>
    <message>
        <source>Kartlegging</source>
        <translation>Profiling</translation>
    </message>
    <message>
        <source>Jobbsøk</source>
        <translation>Job search</translation>
    </message>
    <message>
        <source>I jobb</source>
        <translation>In work</translation>
    </message>
    <message>
        <source>Avsluttet</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Aktuell</source>
        <translation>Prospect</translation>
    </message>
    <message>
        <source>Kontaktet</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <source>I dialog</source>
        <translation>In dialogue</translation>
    </message>
    <message>
        <source>Samarbeidspartner</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>Hvilende</source>
        <translation>Dormant</translation>
    </message>
    <message>
        <source>Jobbutvikling</source>
        <translation>Job development</translation>
    </message>
    <message>
        <source>Oppfølging av deltaker</source>
        <translation>Participant follow-up</translation>
    </message>
    <message>
        <source>Oppfølging av arbeidsgiver</source>
        <translation>Employer follow-up</translation>
    </message>
    <message>
        <source>Trepartsmøte</source>
        <translation>Three-way meeting</translation>
    </message>
    <message>
        <source>Intervju</source>
        <translation>Interview</translation>
    </message>
    <message>
        <source>Jobbmesse</source>
        <translation>Job fair</translation>
    </message>
    <message>
        <source>Gruppesamling</source>
        <translation>Group session</translation>
    </message>
    <message>
        <source>På arbeidsplassen</source>
        <translation>At the workplace</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>På kontoret</source>
        <translation>At the office</translation>
    </message>
    <message>
        <source>Hjemme</source>
        <translation>At home</translation>
    </message>
    <message>
        <source>Annet sted</source>
        <translation>Elsewhere</translation>
    </message>
    <message>
        <source>Planlagt</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Pågår</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Fullført</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Avlyst</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Åpen</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Løst</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>Permanent</translation>
    </message>
    <message>
        <source>Midlertidig</source>
        <translation>Temporary</translation>
    </message>
    <message>
        <source>Tilkalling</source>
        <translation>On call</translation>
    </message>
    <message>
        <source>Lærling</source>
        <translation>Apprentice</translation>
    </message>
    <message>
        <source>Uten tiltak</source>
        <translation>No measure</translation>
    </message>
    <message>
        <source>Midlertidig lønnstilskudd</source>
        <translation>Temporary wage subsidy</translation>
    </message>
    <message>
        <source>Varig lønnstilskudd</source>
        <translation>Permanent wage subsidy</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <source>Inkluderingstilskudd</source>
        <translation>Inclusion subsidy</translation>
    </message>
    <message>
        <source>Navn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>E-post</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Fase</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Henvist</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Første kontakt</source>
        <translation>First contact</translation>
    </message>
    <message>
        <source>Første arbeidsgiverkontakt</source>
        <translation>First employer contact</translation>
    </message>
    <message>
        <source>Jobbstart</source>
        <translation>Job start</translation>
    </message>
    <message>
        <source>Avsluttet dato</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>Avsluttet til</source>
        <translation>Closed to</translation>
    </message>
    <message>
        <source>Til arbeid</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>Til utdanning</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>Mål på kort sikt</source>
        <translation>Short-term goals</translation>
    </message>
    <message>
        <source>Mål på lang sikt</source>
        <translation>Long-term goals</translation>
    </message>
    <message>
        <source>Ønsker og preferanser</source>
        <translation>Wishes and preferences</translation>
    </message>
    <message>
        <source>Styrker og interesser</source>
        <translation>Strengths and interests</translation>
    </message>
    <message>
        <source>Arbeidserfaring</source>
        <translation>Work history</translation>
    </message>
    <message>
        <source>Utdanning og kurs</source>
        <translation>Education and courses</translation>
    </message>
    <message>
        <source>Tilrettelegging</source>
        <translation>Adjustments</translation>
    </message>
    <message>
        <source>Hva arbeidsgiver kan få vite</source>
        <translation>What the employer may be told</translation>
    </message>
    <message>
        <source>Organisasjonsnummer</source>
        <translation>Organisation number</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Postnummer</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Sted</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Bransje</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>Relasjon</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <source>Rekrutteringsavtale</source>
        <translation>Recruitment agreement</translation>
    </message>
    <message>
        <source>Behov for arbeidskraft</source>
        <translation>Labour needs</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Notat</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Resultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Neste steg</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Frist for neste steg</source>
        <translation>Next step due</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Hvor</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Tittel</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Detaljer</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Frist</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tidspunkt</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Varighet (min)</source>
        <translation>Duration (min)</translation>
    </message>
    <message>
        <source>Deltaker</source>
        <translation>Participant</translation>
    </message>
    <message>
        <source>Deltakere</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Arbeidsgiver</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Arbeidsgivere</source>
        <translation>Employers</translation>
    </message>
    <message>
        <source>Arbeidssted</source>
        <translation>Workplace</translation>
    </message>
    <message>
        <source>Arbeidssteder</source>
        <translation>Workplaces</translation>
    </message>
    <message>
        <source>Kontaktperson</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Kontaktpersoner</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>Besøk og samtale</source>
        <translation>Visit or conversation</translation>
    </message>
    <message>
        <source>Besøk og samtaler</source>
        <translation>Visits and conversations</translation>
    </message>
    <message>
        <source>Oppgave</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Oppgaver</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Arbeidsforhold</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Konflikter</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Beslutningstaker</source>
        <translation>Decision-maker</translation>
    </message>
    <message>
        <source>Stilling</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Startdato</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>Sluttdato</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>Stillingsprosent</source>
        <translation>Position %</translation>
    </message>
    <message>
        <source>Ansettelsesform</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Tiltak</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Ordinær jobb på vanlige vilkår</source>
        <translation>Ordinary job on ordinary terms</translation>
    </message>
    <message>
        <source>Følges opp til</source>
        <translation>Followed up until</translation>
    </message>
    <message>
        <source>Årsak til at det sluttet</source>
        <translation>Why it ended</translation>
    </message>
    <message>
        <source>Ikke møtt</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <source>Kan deles med arbeidsgiver</source>
        <translation>May be shared with the employer</translation>
    </message>
    <message>
        <source>Ansvarlig</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Gjennomført</source>
        <translation>Took place</translation>
    </message>
</context>
<context>
    <name>WeekController</name>
    <message>
        <source>Uke %1 · %2–%3</source>
        <translation>Week %1 · %2–%3</translation>
    </message>
    <message>
        <source>aldri</source>
        <translation>never</translation>
    </message>
    <message>
        <source>1 dag</source>
        <translation>1 day</translation>
    </message>
    <message>
        <source>%1 dager</source>
        <translation>%1 days</translation>
    </message>
</context>
<context>
    <name>WeekPage</name>
    <message>
        <source>Min uke</source>
        <translation>My week</translation>
    </message>
    <message>
        <source>besøk og samtaler</source>
        <translation>visits and conversations</translation>
    </message>
    <message>
        <source>deltakere i porteføljen</source>
        <translation>participants in caseload</translation>
    </message>
    <message>
        <source>av dem i jobb</source>
        <translation>of them in work</translation>
    </message>
    <message>
        <source>Dager siden siste kontakt</source>
        <translation>Days since last contact</translation>
    </message>
    <message>
        <source>arbeidsgiver­kontakter (mål %1)</source>
        <translation>employer contacts (target %1)</translation>
    </message>
</context>
<context>
    <name>WindowHeader</name>
    <message>
        <source>Tilbake</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Meny</source>
        <translation>Menu</translation>
    </message>
</context>
<context>
    <name>WorkplaceDelegate</name>
    <message>
        <source>Endre</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Endre arbeidssted %1</source>
        <translation>Edit workplace %1</translation>
    </message>
</context>
<context>
    <name>feltnotat</name>
    <message>
        <source>Sluttdatoen kan ikke være før startdatoen.</source>
        <translation>The end date cannot be before the start date.</translation>
    </message>
    <message>
        <source>Velg en deltaker eller en arbeidsgiver.</source>
        <translation>Choose a participant or an employer.</translation>
    </message>
    <message>
        <source>Posisjonen mangler lengde- eller breddegrad.</source>
        <translation>The position lacks latitude or longitude.</translation>
    </message>
</context>
<context>
    <name>feltnotat::Encounters</name>
    <message>
        <source>En avtale er planlagt.</source>
        <translation>An appointment is planned.</translation>
    </message>
    <message>
        <source>Velg et tidspunkt fram i tid for avtalen.</source>
        <translation>Choose a time in the future for the appointment.</translation>
    </message>
    <message>
        <source>Fant ikke besøket.</source>
        <translation>Could not find the visit.</translation>
    </message>
</context>
<context>
    <name>feltnotat::encounterrules</name>
    <message>
        <source>Besøket teller som arbeidsgiverkontakt (type og arbeidsgiver avgjør det).</source>
        <translation>The visit counts as an employer contact (its kind and employer decide that).</translation>
    </message>
    <message>
        <source>Bare besøk med en arbeidsgiver av typen jobbutvikling, oppfølging av arbeidsgiver, trepartsmøte eller jobbmesse teller som arbeidsgiverkontakt.</source>
        <translation>Only visits with an employer of the kinds job development, employer follow-up, three-way meeting or job fair count as employer contacts.</translation>
    </message>
    <message>
        <source>Et gjennomført besøk kan ikke ligge fram i tid. Velg et tidligere tidspunkt, eller lagre det som planlagt.</source>
        <translation>A visit that took place cannot lie in the future. Choose an earlier time, or save it as planned.</translation>
    </message>
</context>
</TS>
