"""Starting texts of the legal pages (Markdown); admins edit them on the platform.

They describe the platform as built: only strictly necessary cookies, no tracking, no requests
to third parties. Passages in **[square brackets]** must be completed or checked by the operator
before going live. ``seed_reference_data()`` inserts a page only when it is missing, so edits
made on the platform are never overwritten.
"""

IMPRESSUM_DE = r"""
## Anbieterin

Stadt Bochum\
Der Oberbürgermeister\
Stabsstelle Digitalisierung / Smart City\
Willy-Brandt-Platz 2–6\
44777 Bochum

Die Stadt Bochum ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den
Oberbürgermeister **[Vom Betreiber zu ergänzen: Name des Oberbürgermeisters]**.

## Kontakt

E-Mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)\
Telefon: **[Vom Betreiber zu ergänzen: Telefonnummer der Stabsstelle]**

Umsatzsteuer-Identifikationsnummer gemäß § 27a Umsatzsteuergesetz:
**[Vom Betreiber zu ergänzen]**

## Inhaltlich verantwortlich

Verantwortlich für den Inhalt nach § 18 Abs. 2 Medienstaatsvertrag:
**[Vom Betreiber zu ergänzen: Name, Funktion]**, Stabsstelle Digitalisierung / Smart City,
Anschrift wie oben.

## Beteiligungen der Partner

engage ist die Beteiligungsplattform der Smart-City-Innovationseinheit Bochum. Für die Inhalte
einer Beteiligung ist die Organisation verantwortlich, die sie durchführt; sie ist auf der Seite
jeder Beteiligung genannt (Stadt Bochum, Bochum Wirtschaftsentwicklung, Stadtwerke Bochum,
Bochum Marketing, BOGESTRA, Senioreneinrichtungen Bochum, USB Bochum, VBW Bauen und Wohnen,
Sparkasse Bochum, IHK Mittleres Ruhrgebiet).

## Beiträge von Bürgerinnen und Bürgern

Ideen, Kommentare und andere Beiträge geben die Meinung ihrer Verfasserinnen und Verfasser
wieder, nicht die der Stadt Bochum oder ihrer Partner. Die Moderation prüft Beiträge nach den
Regeln dieser Plattform und blendet rechtswidrige oder regelwidrige Inhalte aus. Hinweise auf
solche Inhalte nehmen wir über die Melde-Funktion an jedem Beitrag oder per E-Mail an
[smartcity@bochum.de](mailto:smartcity@bochum.de) entgegen.

## Links auf andere Websites

Für die Inhalte verlinkter fremder Websites sind ausschließlich deren Anbieter verantwortlich.
Zum Zeitpunkt der Verlinkung waren keine Rechtsverstöße erkennbar. Werden uns Rechtsverletzungen
bekannt, entfernen wir den Link umgehend.

## Offene Daten und Software

Die anonymisierten offenen Daten der Plattform stehen unter der Lizenz Datenlizenz Deutschland –
Namensnennung – 2.0. Die Software engage ist freie Software unter der European Union Public
Licence (EUPL 1.2).
"""

IMPRESSUM_EN = r"""
*This is a translation for information; the German version is authoritative.*

## Provider

Stadt Bochum (City of Bochum)\
Der Oberbürgermeister (the Lord Mayor)\
Stabsstelle Digitalisierung / Smart City (Digitalisation / Smart City unit)\
Willy-Brandt-Platz 2–6\
44777 Bochum, Germany

The City of Bochum is a public-law corporation. It is represented by the Lord Mayor
**[To be completed by the operator: name of the Lord Mayor]**.

## Contact

E-mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)\
Telephone: **[To be completed by the operator: telephone number of the unit]**

VAT identification number according to § 27a of the German VAT Act:
**[To be completed by the operator]**

## Responsible for the content

Responsible for the content according to § 18 (2) of the German Interstate Media Treaty
(Medienstaatsvertrag): **[To be completed by the operator: name, position]**, Digitalisation /
Smart City unit, address as above.

## Participations of the partners

engage is the participation platform of Bochum's Smart-City Innovation Unit. Each participation
is the responsibility of the organisation that runs it; it is named on the page of every
participation (Stadt Bochum, Bochum Wirtschaftsentwicklung, Stadtwerke Bochum, Bochum Marketing,
BOGESTRA, Senioreneinrichtungen Bochum, USB Bochum, VBW Bauen und Wohnen, Sparkasse Bochum,
IHK Mittleres Ruhrgebiet).

## Contributions by citizens

Ideas, comments and other contributions reflect the opinion of their authors, not that of the
City of Bochum or its partners. The moderators review contributions according to the rules of
this platform and hide unlawful content or content that breaks the rules. Please report such
content with the report function on every contribution or by e-mail to
[smartcity@bochum.de](mailto:smartcity@bochum.de).

## Links to other websites

The providers of linked external websites are solely responsible for their content. No legal
violations were apparent when the link was set. If we become aware of a violation, we remove the
link at once.

## Open data and software

The anonymised open data of the platform is published under the Data licence Germany –
attribution – version 2.0. The engage software is free software under the European Union Public
Licence (EUPL 1.2).
"""

DATENSCHUTZ_DE = r"""
Diese Erklärung informiert Sie nach Art. 13 und 14 der Datenschutz-Grundverordnung (DSGVO)
darüber, welche personenbezogenen Daten die Beteiligungsplattform engage verarbeitet, wozu und
auf welcher Rechtsgrundlage.

## Verantwortliche Stelle

Stadt Bochum, Der Oberbürgermeister, Stabsstelle Digitalisierung / Smart City,
Willy-Brandt-Platz 2–6, 44777 Bochum,
E-Mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)

## Datenschutzbeauftragte

**[Vom Betreiber zu ergänzen: Name und Kontakt der oder des behördlichen
Datenschutzbeauftragten der Stadt Bochum]**, Anschrift wie oben.

## Grundsätze

- Wir verarbeiten nur die Daten, die für die Beteiligung nötig sind.
- Es gibt **kein Tracking**, keine Analyse- oder Werbedienste und keine Einbindung sozialer
  Netzwerke.
- Die Plattform lädt **keine Inhalte von Dritten** nach: Schriften, Skripte und Bilder liefert
  sie selbst aus. Ihr Browser baut beim Besuch keine Verbindung zu anderen Anbietern auf.
- Texte, die Sie schreiben, verlassen die Plattform nicht: auch die Vorschläge ähnlicher Ideen
  werden auf der Plattform selbst berechnet.
- Eine automatisierte Entscheidungsfindung im Sinne von Art. 22 DSGVO findet nicht statt.

## Was wir verarbeiten, wozu und auf welcher Grundlage

### Besuch der Website

Beim Aufruf einer Seite verarbeitet der Server technisch notwendig die IP-Adresse, Datum und
Uhrzeit, die aufgerufene Adresse, den Statuscode und die Kennung des Browsers. Das dient der
Auslieferung der Seiten, der Sicherheit (zum Beispiel der Begrenzung von Anmeldeversuchen) und
der Fehlersuche. Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3
Datenschutzgesetz Nordrhein-Westfalen (DSG NRW). Protokolle werden nach
**[vom Betreiber festzulegen, Vorschlag: 7 Tagen]** gelöscht.

### Benutzerkonto

Für die Teilnahme brauchen Sie ein Konto. Wir speichern Ihre E-Mail-Adresse, Ihr Passwort (nur
als sicherer Hash, nie im Klartext), den öffentlichen Anzeigenamen, die gewählte Sprache, Ihre
Einstellungen für Benachrichtigungen sowie Zeitpunkte der Registrierung und der letzten
Anmeldung. Die E-Mail-Adresse nutzen wir für die Bestätigung der Registrierung, das Zurücksetzen
des Passworts und die Benachrichtigungen, die Sie eingeschaltet haben. Bei Konten von
Mitarbeitenden kommen die Rolle, die Organisation und ein zweiter Faktor (TOTP) hinzu.
Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW (Beteiligung der
Bürgerschaft an der Stadtentwicklung als öffentliche Aufgabe).

### Beiträge

Ideen, Kommentare und Stellungnahmen zu Entwürfen werden mit Ihrem Anzeigenamen veröffentlicht;
Sie entscheiden selbst, welchen Namen Sie wählen. Unterstützungen werden nicht namentlich
angezeigt, öffentlich ist nur ihre Zahl. Meldungen von Beiträgen sieht nur die Moderation.
Antworten auf Umfragen werden nur zusammengefasst veröffentlicht; freie Textantworten
erscheinen ohne Namen. Die Moderation, die Organisation, die eine Beteiligung durchführt, und
die Smart-City-Innovationseinheit sehen die Beiträge, um sie zu prüfen, zu bündeln und über sie
zu entscheiden. Jede Moderationsentscheidung wird mit Grund protokolliert. Rechtsgrundlage ist
Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW.

### Freiwillige Angaben zur Person

Auf Wunsch können Sie Ihren Stadtbezirk und Ihre Altersgruppe angeben. Wir fragen diese Angaben
nur mit Ihrer ausdrücklichen Einwilligung ab (Art. 6 Abs. 1 lit. a DSGVO) und werten sie
**ausschließlich zusammengefasst** aus, zum Beispiel um zu sehen, ob alle Stadtbezirke erreicht
werden. Sie können die Einwilligung jederzeit in Ihrem Konto widerrufen; die Angaben werden dann
gelöscht. Die Rechtmäßigkeit der bis dahin erfolgten Verarbeitung bleibt unberührt.

### Sicherheit und gesetzliche Pflichten

Anmeldungen, Änderungen von Passwort, Rolle und Berechtigungen sowie die Ausgabe von
API-Schlüsseln protokollieren wir, um Missbrauch zu erkennen und die Sicherheit der Verarbeitung
zu gewährleisten (Art. 6 Abs. 1 lit. e und Art. 32 DSGVO). Soweit eine gesetzliche Pflicht
besteht, Daten aufzubewahren oder an Behörden herauszugeben, ist Rechtsgrundlage Art. 6 Abs. 1
lit. c DSGVO.

### Offene Daten

Die Plattform veröffentlicht Themen, Beteiligungen, Ideen, Zahlen der Unterstützungen,
Kommentare und Umfrageergebnisse als offene Daten – ohne personenbezogene Daten.

## Cookies

Die Plattform setzt nur **technisch unbedingt erforderliche Cookies** (§ 25 Abs. 2 Nr. 2
Telekommunikation-Digitale-Dienste-Datenschutz-Gesetz); eine Einwilligung ist dafür nicht nötig:

- **Sitzungs-Cookie** (`engage_session`): hält Ihre Anmeldung, die gewählte Sprache und den
  Schutz gegen gefälschte Formularanfragen (CSRF-Token). Er wird beim Abmelden gelöscht
  und gilt höchstens 14 Tage.
- **„Angemeldet bleiben“** (`remember_token`): nur wenn Sie diese Option bei der Anmeldung
  wählen; er hält die Anmeldung für 30 Tage und wird beim Abmelden gelöscht.

## Empfänger

Die Plattform wird für die Stadt Bochum betrieben von **[Vom Betreiber zu ergänzen:
Rechenzentrum / Dienstleister]** als Auftragsverarbeiter nach Art. 28 DSGVO. Eine Übermittlung
in Länder außerhalb der Europäischen Union findet nicht statt.

## Speicherdauer

- Ihr Konto speichern wir, bis Sie es löschen. Nicht bestätigte Registrierungen werden nach
  **[vom Betreiber festzulegen, Vorschlag: 7 Tagen]** gelöscht.
- Wenn Sie Ihr Konto löschen, löschen wir E-Mail-Adresse, Passwort, Anzeigenamen und freiwillige
  Angaben. Ihre veröffentlichten Beiträge bleiben, damit Diskussionen lesbar bleiben, und
  erscheinen als „gelöschtes Konto“. Beiträge, die Sie vorher zurückziehen oder löschen,
  werden nicht mehr angezeigt.
- Sicherheitsprotokolle löschen wir nach **[vom Betreiber festzulegen, Vorschlag: 12 Monaten]**;
  das Moderationsprotokoll wird so lange aufbewahrt wie die Beteiligung, zu der es gehört.

## Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17),
Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch gegen
Verarbeitungen nach Art. 6 Abs. 1 lit. e (Art. 21). Eine Einwilligung können Sie jederzeit
widerrufen (Art. 7 Abs. 3).

Vieles können Sie direkt in Ihrem Konto erledigen: Sie können **alle Ihre Daten herunterladen**
(als JSON-Datei), Ihre Angaben ändern, freiwillige Angaben entfernen und **Ihr Konto löschen**.
Für alles andere schreiben Sie uns an
[smartcity@bochum.de](mailto:smartcity@bochum.de).

## Beschwerderecht

Sie können sich bei einer Aufsichtsbehörde beschweren (Art. 77 DSGVO). Zuständig ist:

Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)\
Kavalleriestraße 2–4, 40213 Düsseldorf\
E-Mail: [poststelle@ldi.nrw.de](mailto:poststelle@ldi.nrw.de),
[www.ldi.nrw.de](https://www.ldi.nrw.de)
"""

DATENSCHUTZ_EN = r"""
*This is a translation for information; the German version is authoritative.*

This statement informs you, according to Articles 13 and 14 of the General Data Protection
Regulation (GDPR), which personal data the participation platform engage processes, why and on
which legal basis.

## Controller

Stadt Bochum (City of Bochum), Der Oberbürgermeister, Stabsstelle Digitalisierung / Smart City,
Willy-Brandt-Platz 2–6, 44777 Bochum, Germany,
e-mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)

## Data protection officer

**[To be completed by the operator: name and contact of the data protection officer of the City
of Bochum]**, address as above.

## Principles

- We process only the data that participation needs.
- There is **no tracking**, no analytics or advertising service and no social media plug-in.
- The platform loads **nothing from third parties**: it serves its fonts, scripts and images
  itself. Your browser connects to no other provider when you visit.
- The texts you write do not leave the platform: even the suggestions of similar ideas are
  computed on the platform itself.
- There is no automated decision-making within the meaning of Art. 22 GDPR.

## What we process, why and on which basis

### Visiting the website

When you open a page, the server processes, as technically necessary, your IP address, date and
time, the address requested, the status code and the identifier of your browser. This serves to
deliver the pages, security (for example limiting sign-in attempts) and troubleshooting. The
legal basis is Art. 6 (1) (e) GDPR in conjunction with § 3 of the North Rhine-Westphalia Data
Protection Act (DSG NRW). Logs are deleted after **[to be set by the operator, suggestion:
7 days]**.

### User account

To take part you need an account. We store your e-mail address, your password (only as a secure
hash, never in plain text), your public display name, your language, your notification settings
and the times of registration and last sign-in. We use the e-mail address to confirm your
registration, to reset your password and for the notifications you have switched on. Staff
accounts also hold their role, their organisation and a second factor (TOTP). The legal basis is
Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW (citizen participation in urban development
as a public task).

### Contributions

Ideas, comments and comments on drafts are published with your display name; you choose the
name yourself. Supports are not shown by name; only their number is public. Only the moderators
see reports of contributions. Survey answers
are published only in aggregate; free-text answers appear without names. The moderators, the
organisation running a participation and the Smart-City Innovation Unit see contributions in
order to review, bundle and decide on them. Every moderation decision is logged with its reason.
The legal basis is Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW.

### Optional personal details

If you wish, you can state your city district and your age bracket. We ask for these details
only with your explicit consent (Art. 6 (1) (a) GDPR) and evaluate them **only in aggregate**,
for example to see whether all districts are reached. You can withdraw your consent in your
account at any time; the details are then deleted. This does not affect the lawfulness of the
processing before the withdrawal.

### Security and legal obligations

We log sign-ins, changes of password, role and permissions and the issuing of API keys in order
to detect misuse and to keep the processing secure (Art. 6 (1) (e) and Art. 32 GDPR). Where the
law obliges us to keep data or to hand it to authorities, the legal basis is Art. 6 (1) (c) GDPR.

### Open data

The platform publishes themes, participations, ideas, numbers of supports, comments and survey
results as open data – without personal data.

## Cookies

The platform sets only **strictly necessary cookies** (§ 25 (2) no. 2 of the German
Telecommunications Digital Services Data Protection Act); they need no consent:

- **Session cookie** (`engage_session`): keeps you signed in, remembers your language and holds
  the protection against forged form requests (CSRF token). It is deleted when you sign out
  and is valid for 14 days at most.
- **"Stay signed in"** (`remember_token`): only if you choose this option when signing in; it
  keeps you signed in for 30 days and is deleted when you sign out.

## Recipients

The platform is operated for the City of Bochum by **[To be completed by the operator: data
centre / service provider]** as a processor under Art. 28 GDPR. No data is transferred to
countries outside the European Union.

## Retention

- We keep your account until you delete it. Unconfirmed registrations are deleted after
  **[to be set by the operator, suggestion: 7 days]**.
- When you delete your account, we delete your e-mail address, password, display name and
  optional details. Your published contributions remain, so that discussions stay readable, and
  are shown as "deleted account". Contributions you withdraw or delete beforehand are no longer
  shown.
- Security logs are deleted after **[to be set by the operator, suggestion: 12 months]**; the
  moderation log is kept as long as the participation it belongs to.

## Your rights

You have the right of access (Art. 15 GDPR), rectification (Art. 16), erasure (Art. 17),
restriction of processing (Art. 18), data portability (Art. 20) and to object to processing
based on Art. 6 (1) (e) (Art. 21). You can withdraw a consent at any time (Art. 7 (3)).

You can do much of this directly in your account: **download all your data** (as a JSON file),
change your details, remove optional details and **delete your account**. For anything else,
write to [smartcity@bochum.de](mailto:smartcity@bochum.de).

## Right to lodge a complaint

You can lodge a complaint with a supervisory authority (Art. 77 GDPR). The competent authority
is:

Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)\
Kavalleriestraße 2–4, 40213 Düsseldorf, Germany\
E-mail: [poststelle@ldi.nrw.de](mailto:poststelle@ldi.nrw.de),
[www.ldi.nrw.de](https://www.ldi.nrw.de)
"""

BARRIEREFREIHEIT_DE = r"""
Die Stadt Bochum ist bemüht, die Beteiligungsplattform engage im Einklang mit dem
Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und der
Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITVNRW) barrierefrei
zugänglich zu machen. Maßgeblich sind die Anforderungen der BITV 2.0 und der Norm EN 301 549,
die den Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA entsprechen.

## Stand der Vereinbarkeit mit den Anforderungen

Diese Website ist **teilweise mit den Anforderungen vereinbar**. Die Plattform wurde von Anfang
an barrierefrei entwickelt: Sie hat eine klare Überschriftenstruktur, beschriftete
Formularfelder mit zugeordneten Fehlermeldungen, einen Link zum Überspringen der Navigation,
einen sichtbaren Tastaturfokus und geprüfte Farbkontraste. Jede Seite funktioniert ohne
JavaScript und ist mit der Tastatur allein bedienbar. Diagramme sind zusätzlich als Tabellen mit
denselben Zahlen verfügbar.

## Wie wir prüfen

Die Bewertung beruht auf einer Selbstbewertung mit automatisierten Tests, die bei jeder Änderung
der Software in einem echten Browser (Chromium) laufen:

- **Automatische Prüfung mit axe-core:** Jede Seite, die die getesteten Wege besuchen, wird
  gegen die Regeln der WCAG 2.0 und 2.1 auf den Stufen A und AA geprüft, auf Deutsch und auf
  Englisch, ebenso die Fehlerseiten. Getestet werden die Wege der Bürgerinnen und Bürger
  (Registrieren, Anmelden, Sprache wählen, Idee einreichen, unterstützen, kommentieren, melden,
  an einer Umfrage teilnehmen, einen Entwurf kommentieren, Ergebnisse nachlesen, eigene Daten
  herunterladen, Konto löschen) sowie die Arbeit von Moderation, Innovationseinheit und
  Administration. Ergebnis: **keine Verstöße**.
- **Tastatur allein:** Der ganze Weg der Bürgerinnen und Bürger wird nur mit Tab, Umschalt+Tab,
  Eingabe-, Leer- und Pfeiltasten durchlaufen; dabei wird geprüft, dass der Fokus stets sichtbar
  ist und nach jeder Aktion nicht verloren geht.
- **Ohne JavaScript:** Die Wege der Bürgerinnen und Bürger und der Moderation werden auch mit
  abgeschaltetem JavaScript vollständig durchlaufen.
- **Kleine Bildschirme:** Bei 360 Pixeln Breite muss auf keiner der wichtigen Seiten seitlich
  gescrollt werden (Umbruch nach WCAG 1.4.10).
- **Keine Dritten:** Der Browser lädt nichts von anderen Servern als der Plattform selbst.

Automatische Tests finden nur einen Teil möglicher Barrieren. Eine Prüfung mit Screenreadern und
Vergrößerungssoftware durch Menschen steht noch aus; diese Erklärung wird danach aktualisiert.

## Nicht barrierefreie Inhalte

Die folgenden Inhalte sind nach unserem Kenntnisstand noch nicht vollständig barrierefrei:

- **Prüfung mit Hilfsmitteln:** Die Bedienung mit Screenreadern und Vergrößerungssoftware ist
  noch nicht auf allen Seiten systematisch geprüft. Die Wege der Innovationseinheit und der
  Administration sind noch nicht mit der Tastatur allein und ohne JavaScript getestet.
- **Ortsangaben auf der Karte:** Das Setzen eines Ortes auf einer Karte ist nicht für alle
  Menschen gleich gut bedienbar. Als Alternative können Sie bei jeder Idee den Stadtbezirk
  auswählen und den Ort im Text beschreiben.
- **PDF-Dokumente:** Berichte und Dossiers im PDF-Format sind möglicherweise nicht vollständig
  barrierefrei. Die Zahlen stehen immer auch auf den Webseiten und als CSV-Datei bereit.
- **Beiträge der Nutzerinnen und Nutzer:** Texte, die Bürgerinnen und Bürger schreiben, prüfen
  wir nicht auf Barrierefreiheit (zum Beispiel auf verständliche Sprache oder Linktexte).
- **Leichte Sprache und Deutsche Gebärdensprache:** Erläuterungen zu Inhalt und Bedienung in
  Leichter Sprache und in Deutscher Gebärdensprache werden noch erstellt.

## Erstellung dieser Erklärung

Diese Erklärung wurde am **[Vom Betreiber zu ergänzen: Datum]** erstellt. Sie wird mindestens
einmal im Jahr und nach jeder Prüfung überarbeitet.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen? Brauchen Sie einen Inhalt
in einer anderen Form? Dann schreiben Sie uns:

Stadt Bochum, Stabsstelle Digitalisierung / Smart City, Willy-Brandt-Platz 2–6, 44777 Bochum\
E-Mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)

Wir beantworten Ihre Anfrage so schnell wie möglich, spätestens innerhalb von sechs Wochen.

## Durchsetzungsverfahren

Wenn Sie auf Ihre Mitteilung keine oder keine zufriedenstellende Antwort erhalten haben, können
Sie sich an die **Ombudsstelle für barrierefreie Informationstechnik des Landes
Nordrhein-Westfalen** wenden (§§ 10d, 10e BGG NRW). Sie ist der Beauftragten der
Landesregierung für die Belange der Menschen mit Behinderung zugeordnet und vermittelt
kostenfrei zwischen Ihnen und der öffentlichen Stelle. (Die Schlichtungsstelle nach § 16 des
Behindertengleichstellungsgesetzes des Bundes ist für Stellen des Bundes zuständig, nicht für die
Stadt Bochum.)

E-Mail: <ombudsstelle-barrierefreie-it@mags.nrw.de>\
Website: [www.lbbp.nrw.de/ombudsstelle](https://www.lbbp.nrw.de/ombudsstelle)\
**[Vom Betreiber zu prüfen: aktuelle Kontaktdaten der Ombudsstelle]**
"""

BARRIEREFREIHEIT_EN = r"""
*This is a translation for information; the German version is authoritative.*

The City of Bochum strives to make the participation platform engage accessible in accordance
with the Disability Equality Act of North Rhine-Westphalia (BGG NRW) and the state's regulation
on accessible information technology (BITVNRW). They refer to the requirements of BITV 2.0 and
the standard EN 301 549, which correspond to the Web Content Accessibility Guidelines (WCAG) 2.1
at level AA.

## Compliance status

This website is **partially compliant** with these requirements. The platform was built to be
accessible from the start: it has a clear heading structure, labelled form fields with their
error messages tied to them, a link to skip the navigation, a visible keyboard focus and checked
colour contrasts. Every page works without JavaScript and can be used with the keyboard alone.
Charts are also available as tables with the same figures.

## How we test

This assessment is a self-assessment with automated tests that run in a real browser (Chromium)
on every change to the software:

- **Automated checks with axe-core:** every page the tested journeys visit is checked against
  the rules of WCAG 2.0 and 2.1 at levels A and AA, in German and in English, and so are the
  error pages. The journeys are those of citizens (registering, signing in, choosing the
  language, submitting an idea, supporting, commenting, reporting, answering a survey,
  commenting on a draft, reading the outcome, downloading one's data, deleting the account) and
  the work of moderation, the Innovation Unit and the administrators. Result: **no violations**.
- **Keyboard alone:** the whole citizens' journey is done with Tab, Shift+Tab, Enter, Space and
  the arrow keys only; the tests check that the focus is always visible and never lost after an
  action.
- **Without JavaScript:** the citizens' and the moderators' journeys are also completed with
  JavaScript switched off.
- **Small screens:** at a width of 360 pixels none of the main pages scrolls sideways (reflow,
  WCAG 1.4.10).
- **No third parties:** the browser loads nothing from servers other than the platform itself.

Automated tests find only some of the possible barriers. A test by people using screen readers
and magnification software is still to be done; this statement will be updated afterwards.

## Content that is not accessible

To our knowledge, the following content is not yet fully accessible:

- **Testing with assistive technology:** use with screen readers and magnification software has
  not yet been tested systematically on every page. The journeys of the Innovation Unit and the
  administrators have not yet been tested with the keyboard alone and without JavaScript.
- **Locations on the map:** placing a location on a map is not equally usable for everyone. As
  an alternative, you can choose the city district of every idea and describe the place in the
  text.
- **PDF documents:** reports and dossiers in PDF format may not be fully accessible. The figures
  are always also available on the web pages and as CSV files.
- **Contributions by users:** we do not check the texts citizens write for accessibility (for
  example plain language or link texts).
- **Easy Language and German Sign Language:** explanations of the content and use in Easy
  Language (Leichte Sprache) and German Sign Language are still being prepared.

## Preparation of this statement

This statement was prepared on **[To be completed by the operator: date]**. It is reviewed at
least once a year and after every test.

## Feedback and contact

Have you noticed barriers to accessing content? Do you need content in another form? Please
write to us:

Stadt Bochum, Stabsstelle Digitalisierung / Smart City, Willy-Brandt-Platz 2–6, 44777 Bochum\
E-mail: [smartcity@bochum.de](mailto:smartcity@bochum.de)

We answer as soon as possible, at the latest within six weeks.

## Enforcement procedure

If you have received no answer or no satisfactory answer to your message, you can turn to the
**Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen** (the
ombudsman's office for accessible information technology of North Rhine-Westphalia, §§ 10d, 10e
BGG NRW). It belongs to the state government's commissioner for the interests of people with
disabilities and mediates free of charge between you and the public body. (The conciliation
body under § 16 of the federal Disability Equality Act is responsible for federal bodies, not
for the City of Bochum.)

E-mail: <ombudsstelle-barrierefreie-it@mags.nrw.de>\
Website: [www.lbbp.nrw.de/ombudsstelle](https://www.lbbp.nrw.de/ombudsstelle)\
**[To be checked by the operator: current contact details of the ombudsman's office]**
"""

LEGAL_PAGES = {
    "impressum": {
        "title_de": "Impressum",
        "title_en": "Imprint",
        "source_de": IMPRESSUM_DE,
        "source_en": IMPRESSUM_EN,
    },
    "datenschutz": {
        "title_de": "Datenschutzerklärung",
        "title_en": "Privacy policy",
        "source_de": DATENSCHUTZ_DE,
        "source_en": DATENSCHUTZ_EN,
    },
    "barrierefreiheit": {
        "title_de": "Erklärung zur Barrierefreiheit",
        "title_en": "Accessibility statement",
        "source_de": BARRIEREFREIHEIT_DE,
        "source_en": BARRIEREFREIHEIT_EN,
    },
}
