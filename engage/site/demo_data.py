"""The content of the demo: German participations, names and the demo accounts.

Plain data only, so that the builder in :mod:`engage.site.demo` stays readable. Phase layouts
are given as day offsets from the demo's base day (today, midnight in Bochum): ``bounds`` are the
boundaries between consecutive phases, ``kinds`` the kind of each interval (``None``: a gap).
"""

from __future__ import annotations

DEMO_DOMAIN = "demo.engage.bochum.de"
# The one password of every demo account; documented in the README and printed by the command.
DEMO_PASSWORD = "Glueckauf-Demo-2026"  # noqa: S105 - a published demo password by design

# (e-mail local part, display name, role, organisation slugs, moderator of all organisations)
FIXED_ACCOUNTS = [
    ("admin", "Plattform-Administration", "admin", (), False),
    ("innovation", "Innovationseinheit Bochum", "innovation", (), False),
    ("moderation", "Moderation (alle Partner)", "moderator", (), True),
    ("moderation.stadt", "Moderation Stadt Bochum", "moderator", ("stadt-bochum",), False),
    (
        "moderation.wirtschaft",
        "Moderation Wirtschaftsentwicklung",
        "moderator",
        ("wirtschaftsentwicklung",),
        False,
    ),
    ("moderation.stadtwerke", "Moderation Stadtwerke", "moderator", ("stadtwerke",), False),
    (
        "moderation.marketing",
        "Moderation Bochum Marketing",
        "moderator",
        ("bochum-marketing",),
        False,
    ),
    ("moderation.bogestra", "Moderation BOGESTRA", "moderator", ("bogestra",), False),
    (
        "moderation.senioren",
        "Moderation Senioreneinrichtungen",
        "moderator",
        ("senioreneinrichtungen",),
        False,
    ),
    ("moderation.usb", "Moderation USB", "moderator", ("usb",), False),
    ("moderation.vbw", "Moderation VBW", "moderator", ("vbw",), False),
    ("moderation.sparkasse", "Moderation Sparkasse", "moderator", ("sparkasse",), False),
    ("moderation.ihk", "Moderation IHK", "moderator", ("ihk",), False),
    ("buerger", "Kalle aus Langendreer", "citizen", (), False),
    ("buergerin", "Gerda Schimanski", "citizen", (), False),
]

FIRST_NAMES = [
    "Anna",
    "Lena",
    "Marie",
    "Sophie",
    "Laura",
    "Julia",
    "Lea",
    "Hannah",
    "Sarah",
    "Lisa",
    "Katharina",
    "Johanna",
    "Clara",
    "Emilia",
    "Mia",
    "Petra",
    "Sabine",
    "Monika",
    "Ursula",
    "Gabriele",
    "Renate",
    "Brigitte",
    "Karin",
    "Elke",
    "Heike",
    "Andrea",
    "Claudia",
    "Susanne",
    "Nicole",
    "Stefanie",
    "Ayşe",
    "Elif",
    "Zeynep",
    "Fatma",
    "Agnieszka",
    "Katarzyna",
    "Olga",
    "Natalia",
    "Jana",
    "Svenja",
    "Lukas",
    "Leon",
    "Jonas",
    "Felix",
    "Paul",
    "Maximilian",
    "Elias",
    "Noah",
    "Ben",
    "Finn",
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Frank",
    "Jürgen",
    "Klaus",
    "Peter",
    "Wolfgang",
    "Uwe",
    "Dieter",
    "Horst",
    "Manfred",
    "Bernd",
    "Ralf",
    "Markus",
    "Christian",
    "Sebastian",
    "Daniel",
    "Tobias",
    "Mehmet",
    "Mustafa",
    "Emre",
    "Can",
    "Piotr",
    "Tomasz",
    "Dmitri",
    "Jannik",
    "Malte",
    "Hendrik",
]

LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Braun",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Schmitz",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Scholz",
    "Möller",
    "Jung",
    "Hahn",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Berger",
    "Roth",
    "Lorenz",
    "Baumann",
    "Albrecht",
    "Schuster",
    "Ludwig",
    "Winter",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Sommer",
    "Brandt",
    "Schulte",
    "Dietrich",
    "Kuhn",
    "Busch",
    "Bergmann",
    "Brinkmann",
    "Kemper",
    "Schürmann",
    "Hülsmann",
    "Terhorst",
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "Szymański",
    "Lewandowski",
    "Kaminski",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Öztürk",
    "Arslan",
    "Schimanski",
    "Tiemann",
    "Overbeck",
    "Kortmann",
    "Heitkamp",
]

PROCESSES = [
    {
        "title": "Mobilstationen in Wattenscheid",
        "organisation": "bogestra",
        "theme": "mobilitaet-umwelt",
        "district": "wattenscheid",
        "moderation": "post",
        "summary": "Wo sollen in Wattenscheid Mobilstationen entstehen, an denen Bus und Bahn, "
        "Leihräder, Carsharing und E-Scooter zusammenkommen? Schlagen Sie Standorte vor und "
        "sagen Sie uns, was an einer guten Mobilstation nicht fehlen darf.",
        "description": """\
Die BOGESTRA plant gemeinsam mit der Stadt Bochum bis 2028 mehrere **Mobilstationen** in
Wattenscheid. An einer Mobilstation treffen Bus und Straßenbahn auf Leihräder, Carsharing,
Lastenräder und sichere Abstellanlagen für das eigene Fahrrad.

## Worum es geht

- Welche Haltestellen eignen sich als Standort – zum Beispiel am August-Bebel-Platz oder am
  Bahnhof Wattenscheid?
- Was brauchen Sie dort: überdachte Fahrradbügel, Ladesäulen, eine Paketstation, Sitzplätze?
- Wie sollen Informationen zu Abfahrten und Verfügbarkeit angezeigt werden?

## Wie es weitergeht

Nach der Ideenphase können alle Beiträge unterstützt werden. Die BOGESTRA wertet die
Vorschläge aus und bringt die meistunterstützten in die Smart-City-Innovationseinheit ein.
""",
        "bounds": [-12, 16, 30, 58],
        "kinds": ["ideas", "support", "evaluation"],
        "titles": ["Standorte und Ideen sammeln", "", "Auswertung durch die BOGESTRA"],
    },
    {
        "title": "Smarte Mülltonnen",
        "organisation": "usb",
        "theme": "stadtmanagement",
        "district": None,
        "moderation": "pre",
        "summary": "Füllstandssensoren in öffentlichen Abfallbehältern sollen helfen, Touren "
        "besser zu planen und überquellende Mülleimer zu vermeiden. Unterstützen Sie die "
        "Vorschläge, wo der USB die Sensoren zuerst testen soll.",
        "description": """\
Der **USB Bochum** leert jede Woche tausende öffentliche Abfallbehälter. Manche sind schon
nach einem Tag voll, andere bleiben fast leer. Mit Füllstandssensoren könnten die Touren nach
Bedarf geplant werden: weniger Fahrten, weniger Emissionen, sauberere Plätze.

## Was wir von Ihnen wissen möchten

- An welchen Orten quellen Mülleimer besonders oft über – etwa im Stadtpark, am
  Kemnader See oder rund um das Bermuda3eck?
- Welche Informationen würden Ihnen helfen, zum Beispiel eine Karte mit freien
  Glascontainern?

Die Ideen wurden bereits gesammelt; jetzt können Sie die Vorschläge unterstützen, die Ihnen
am wichtigsten sind. Beiträge erscheinen nach Prüfung durch die Moderation.
""",
        "bounds": [-45, -15, 10, 40],
        "kinds": ["ideas", "support", "evaluation"],
        "titles": ["", "", ""],
        "support_limit": 5,
    },
    {
        "title": "Digitale Sprechstunde für Seniorinnen und Senioren",
        "organisation": "senioreneinrichtungen",
        "theme": "gesellschaft",
        "district": None,
        "moderation": "pre",
        "summary": "Wie kann eine digitale Sprechstunde ältere Menschen im Alltag unterstützen – "
        "von der Videosprechstunde mit der Hausärztin bis zur Hilfe beim Online-Banking? Die "
        "Befragung startet bald.",
        "description": """\
Die **Senioreneinrichtungen Bochum** möchten eine digitale Sprechstunde aufbauen: eine feste
Anlaufstelle, bei der ältere Menschen und ihre Angehörigen Hilfe rund um Tablet, Smartphone
und Online-Dienste bekommen – in den Begegnungsstätten vor Ort und per Video.

## Ablauf

1. In einer kurzen **Befragung** möchten wir wissen, welche Themen Ihnen wichtig sind und zu
   welchen Zeiten Sie eine Sprechstunde nutzen würden.
2. Danach sammeln wir **Ideen**, wie das Angebot aussehen soll.

Die Teilnahme ist auch auf Papier in allen Begegnungsstätten möglich; diese Antworten tragen
wir hier ein.
""",
        "bounds": [9, 37, 65],
        "kinds": ["survey", "ideas"],
        "titles": ["Befragung zu Themen und Zeiten", ""],
    },
    {
        "title": "Öffentliches WLAN in der Innenstadt",
        "organisation": "stadtwerke",
        "theme": "infrastruktur",
        "district": "mitte",
        "moderation": "post",
        "summary": "Wo brauchen Sie in der Bochumer Innenstadt kostenloses WLAN? Die Vorschläge "
        "sind gesammelt und ausgewertet; die Ergebnisse fließen in den Ausbau durch die "
        "Stadtwerke ein.",
        "description": """\
Die **Stadtwerke Bochum** bauen das freie WLAN-Netz in der Innenstadt aus. In dieser
Beteiligung haben Bürgerinnen und Bürger vorgeschlagen, wo zusätzliche Zugangspunkte
entstehen sollen – etwa am Husemannplatz, auf dem Dr.-Ruer-Platz oder an den Haltestellen
der Innenstadt.

## Ergebnis

Die Vorschläge wurden nach Unterstützung, technischer Machbarkeit und Kosten bewertet. Die
Auswertung ist abgeschlossen; über die nächsten Ausbauschritte berichten wir auf dieser
Seite.
""",
        "bounds": [-150, -110, -90, -30],
        "kinds": ["ideas", "support", "evaluation"],
        "titles": ["", "", ""],
    },
    {
        "title": "Klimaanpassung im Quartier",
        "organisation": "stadt-bochum",
        "theme": "mobilitaet-umwelt",
        "district": "ost",
        "moderation": "pre",
        "summary": "Hitze, Starkregen, Trockenheit: Der Entwurf des Klimaanpassungskonzepts für "
        "Langendreer und Werne liegt zur Kommentierung aus. Kommentieren Sie die Maßnahmen "
        "Absatz für Absatz.",
        "description": """\
Heiße Sommer und Starkregen treffen die Quartiere unterschiedlich stark. Für **Langendreer und
Werne** hat die Stadt Bochum einen Entwurf für ein Klimaanpassungskonzept erarbeitet: mehr
Bäume und Schatten, entsiegelte Schulhöfe, Regenwasser, das versickern kann, und
Sensoren, die Hitzeinseln sichtbar machen.

## So können Sie mitwirken

- In der **Befragung** haben über 300 Menschen Orte genannt, an denen es im Sommer zu heiß
  wird.
- Jetzt können Sie den **Entwurf kommentieren**, Absatz für Absatz.
- Nach der Kommentierung veröffentlichen wir eine **Abwägungstabelle**: Zu jedem Kommentar
  steht dort, ob und wie er berücksichtigt wurde.
""",
        "bounds": [-30, -8, 20, 50],
        "kinds": ["survey", "comment", "evaluation"],
        "titles": ["Hitzeorte benennen", "Entwurf kommentieren", ""],
    },
    {
        "title": "Gründen in Bochum: Was brauchen Start-ups?",
        "organisation": "wirtschaftsentwicklung",
        "theme": "wirtschaft-wissenschaft",
        "district": None,
        "moderation": "post",
        "summary": "Bochum Wirtschaftsentwicklung fragt Gründerinnen und Gründer, Studierende "
        "und Beschäftigte: Was fehlt in Bochum, damit aus Ideen Unternehmen werden?",
        "description": """\
Mit dem **Gründungszentrum** auf MARK 51°7 und den Hochschulen hat Bochum gute
Voraussetzungen für Start-ups. Trotzdem ziehen viele junge Unternehmen weg.

In dieser **Befragung** möchten wir wissen:

- welche Unterstützung Sie sich in der Gründungsphase wünschen,
- welche Räume, Netzwerke und digitalen Angebote fehlen,
- und wie die Stadt als erste Kundin junger Unternehmen auftreten kann.

Die Ergebnisse werden auf dieser Seite veröffentlicht.
""",
        "bounds": [-10, 21],
        "kinds": ["survey"],
        "titles": ["Befragung für Gründerinnen und Gründer"],
    },
    {
        "title": "Digitale Innenstadt: Ideen für den Handel",
        "organisation": "bochum-marketing",
        "theme": "wirtschaft-wissenschaft",
        "district": "mitte",
        "moderation": "post",
        "summary": "Wie kann die Innenstadt digital attraktiver werden – mit Leerstandsbörse, "
        "lokalem Online-Marktplatz oder Gutscheinen? Bochum Marketing sammelt bald Ihre Ideen.",
        "description": """\
Die Bochumer Innenstadt verändert sich: Geschäfte schließen, neue Ideen ziehen in leere
Ladenlokale. **Bochum Marketing** möchte mit Händlerinnen, Händlern und Bürgerschaft digitale
Angebote entwickeln, die Menschen in die Innenstadt bringen.

Denkbar sind zum Beispiel:

- ein lokaler Online-Marktplatz mit Abholung im Laden,
- eine digitale Leerstandsbörse für Pop-up-Stores,
- ein gemeinsamer Stadtgutschein als App.

Die Ideenphase beginnt in Kürze.
""",
        "bounds": [12, 40, 54],
        "kinds": ["ideas", "support"],
        "titles": ["", ""],
    },
    {
        "title": "Smarte Energiezähler im Mehrfamilienhaus",
        "organisation": "vbw",
        "theme": "infrastruktur",
        "district": "sued",
        "moderation": "pre",
        "summary": "Die VBW stattet Wohnungen in Querenburg mit digitalen Zählern aus. Welche "
        "Informationen zu Strom, Wärme und Wasser helfen Ihnen beim Sparen?",
        "description": """\
Die **VBW Bauen und Wohnen** rüstet in der Hustadt in Querenburg die ersten
Mehrfamilienhäuser mit **smarten Zählern** für Strom, Wärme und Wasser aus. Mieterinnen und
Mieter sollen ihren Verbrauch künftig in einer App oder auf einem Display im Treppenhaus sehen.

## Ihre Ideen sind gefragt

- Welche Anzeigen helfen Ihnen wirklich beim Energiesparen?
- Wie sollen Ihre Verbrauchsdaten geschützt werden?
- Was wünschen Sie sich für Haushalte ohne Smartphone?

Beiträge erscheinen, nachdem die Moderation sie geprüft hat.
""",
        "bounds": [-4, 25, 39, 60],
        "kinds": ["ideas", "support", "evaluation"],
        "titles": ["", "", ""],
    },
    {
        "title": "Digitale Bildung in den Stadtteilbibliotheken",
        "organisation": "stadt-bochum",
        "theme": "gesellschaft",
        "district": None,
        "moderation": "post",
        "summary": "Makerspace, Programmierkurse, Hilfe bei Behördengängen online: Die Ideen "
        "für digitale Angebote in den Stadtteilbibliotheken werden gerade ausgewertet.",
        "description": """\
Die Stadtbücherei Bochum will ihre **Stadtteilbibliotheken** zu Orten digitaler Bildung
machen. Bürgerinnen und Bürger haben Ideen eingebracht – von 3D-Druckern und
Programmierkursen für Kinder bis zur Sprechstunde für Online-Anträge.

Die Ideenphase ist beendet. Die Stadt wertet die Vorschläge gemeinsam mit den Bibliotheken
aus und berichtet hier, was umgesetzt wird.
""",
        "bounds": [-60, -25, 30],
        "kinds": ["ideas", "evaluation"],
        "titles": ["", "Auswertung mit den Bibliotheken"],
    },
    {
        "title": "Finanzwissen digital: Angebote für junge Menschen",
        "organisation": "sparkasse",
        "theme": "gesellschaft",
        "district": None,
        "moderation": "post",
        "summary": "Wie lernen junge Menschen am besten, mit Geld umzugehen – online, in der "
        "Schule oder im Jugendzentrum? Diese abgeschlossene Beteiligung ist archiviert.",
        "description": """\
Die **Sparkasse Bochum** hat gefragt, wie digitale Angebote zur Finanzbildung für junge
Menschen aussehen sollen. Die Beteiligung ist abgeschlossen und archiviert; die Beiträge
bleiben lesbar.
""",
        "bounds": [-200, -160, -120],
        "kinds": ["ideas", "evaluation"],
        "titles": ["", ""],
        "status": "archived",
    },
    {
        "title": "Luftqualität messen: Ein Sensornetz für Bochum",
        "organisation": "stadt-bochum",
        "theme": "infrastruktur",
        "district": None,
        "moderation": "post",
        "summary": "Entwurf: Wo sollen Sensoren für Feinstaub und Stickstoffdioxid hängen, und "
        "wie sollen die Messwerte veröffentlicht werden?",
        "description": """\
*Entwurf – noch nicht veröffentlicht.* Die Stabsstelle Digitalisierung plant ein
**Sensornetz** für Luftqualität, dessen Messwerte als offene Daten erscheinen sollen.
""",
        "bounds": [30, 60],
        "kinds": ["ideas"],
        "titles": [""],
        "status": "draft",
    },
    {
        "title": "Offene Daten: Leitlinien für Bochum",
        "organisation": "stadt-bochum",
        "theme": "stadtmanagement",
        "district": None,
        "moderation": "post",
        "summary": "Welche Daten soll die Stadt offen bereitstellen, und nach welchen Regeln? "
        "Nach der Umfrage wird der Entwurf der Leitlinien überarbeitet; danach können Sie ihn "
        "kommentieren.",
        "description": """\
Verkehrszählungen, Haushaltsdaten, Baumkataster: Viele Daten der Stadt Bochum könnten als
**offene Daten** allen nutzen. Die Leitlinien legen fest, welche Daten veröffentlicht werden,
in welcher Form und unter welcher Lizenz.

## Ablauf

1. **Umfrage:** Welche Daten interessieren Sie? *(abgeschlossen)*
2. Die Stabsstelle Digitalisierung überarbeitet den Entwurf der Leitlinien.
3. **Kommentierung:** Sie kommentieren den Entwurf Absatz für Absatz.
""",
        "bounds": [-35, -7, 14, 42],
        "kinds": ["survey", None, "comment"],  # a gap: the draft is being revised
        "titles": ["Umfrage zu gewünschten Daten", None, "Entwurf der Leitlinien kommentieren"],
    },
    {
        "title": "Lärmaktionsplan: Ruhigere Straßen in Bochum",
        "organisation": "stadt-bochum",
        "theme": "mobilitaet-umwelt",
        "district": None,
        "moderation": "post",
        "summary": "Der Entwurf des Lärmaktionsplans wurde Absatz für Absatz kommentiert. In der "
        "Abwägungstabelle steht, wie mit jedem Kommentar umgegangen wurde.",
        "description": """\
Straßenverkehr ist in Bochum die größte Lärmquelle. Der **Lärmaktionsplan** legt fest, wo
Tempo 30 gilt, wo leiser Asphalt eingebaut wird und wo Lärmschutzfenster gefördert werden.

Die Kommentierung des Entwurfs ist beendet. Die Stadt hat jeden Kommentar geprüft und die
**Abwägungstabelle** veröffentlicht.
""",
        "bounds": [-50, -20, 40],
        "kinds": ["comment", "evaluation"],
        "titles": ["Entwurf kommentieren", "Abwägung und Beschluss"],
    },
    {
        "title": "Digitale Kompetenzen im Mittelstand",
        "organisation": "ihk",
        "theme": "wirtschaft-wissenschaft",
        "district": None,
        "moderation": "post",
        "summary": "Welche Weiterbildungen brauchen kleine und mittlere Unternehmen für die "
        "Digitalisierung? Die Ideen- und Unterstützungsphase ist abgeschlossen.",
        "description": """\
Die **IHK Mittleres Ruhrgebiet** hat Beschäftigte und Betriebe gefragt, welche digitalen
Kompetenzen im Mittelstand fehlen – von IT-Sicherheit über Datenanalyse bis zur
Prozessautomatisierung. Die Vorschläge wurden gesammelt und unterstützt; die IHK bringt sie
in ihr Weiterbildungsprogramm ein.
""",
        "bounds": [-70, -40, -20],
        "kinds": ["ideas", "support"],
        "titles": ["", ""],
    },
]

# Notes on single phases (plain text), shown under the phase's kind in the timeline.
PHASE_NOTES = {
    ("Mobilstationen in Wattenscheid", 2): "Die BOGESTRA prüft die Standorte vor Ort und "
    "veröffentlicht hier, welche Mobilstationen zuerst gebaut werden.",
    ("Smarte Mülltonnen", 1): "Jede Person kann bis zu fünf Vorschläge unterstützen.",
    ("Digitale Sprechstunde für Seniorinnen und Senioren", 0): "Die Befragung dauert etwa zehn "
    "Minuten. Papierbögen liegen in allen Begegnungsstätten aus.",
    ("Klimaanpassung im Quartier", 1): "Am Ende der Kommentierung veröffentlichen wir die "
    "Abwägungstabelle.",
    ("Offene Daten: Leitlinien für Bochum", 2): "Der überarbeitete Entwurf berücksichtigt die "
    "Ergebnisse der Umfrage.",
}
