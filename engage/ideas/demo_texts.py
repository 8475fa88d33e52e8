"""Text material for the demo ideas: places in Bochum, proposals per participation, comments.

Plain data only; :mod:`engage.ideas.demo` combines it. Ideas are assembled from a proposal
(title and detail), a place, a problem, wishes and a reason, so that a few hundred pieces give
tens of thousands of plausible, varied ideas. Every piece is German plain text or light Markdown
(bold, lists) and contains no user input.
"""

from __future__ import annotations

# --- places -----------------------------------------------------------------------------------
# (district key, short name, phrase with preposition, latitude, longitude); the coordinates are
# approximate centres inside Bochum's extent, jittered a little per idea.
PLACES: list[tuple[str, str, str, float, float]] = [
    ("mitte", "Hauptbahnhof", "am Hauptbahnhof", 51.4787, 7.2233),
    ("mitte", "Husemannplatz", "am Husemannplatz", 51.4810, 7.2170),
    ("mitte", "Dr.-Ruer-Platz", "auf dem Dr.-Ruer-Platz", 51.4818, 7.2155),
    ("mitte", "Bermuda3eck", "rund um das Bermuda3eck", 51.4795, 7.2140),
    ("mitte", "Stadtpark", "im Stadtpark", 51.4900, 7.2190),
    ("mitte", "Westpark", "im Westpark", 51.4800, 7.1990),
    ("mitte", "Ehrenfeld", "in Ehrenfeld", 51.4720, 7.2080),
    ("mitte", "Hamme", "in Hamme", 51.4910, 7.1960),
    ("mitte", "Hofstede", "in Hofstede", 51.5010, 7.2100),
    ("mitte", "Riemke", "in Riemke", 51.5100, 7.2250),
    ("mitte", "Grumme", "in Grumme", 51.4960, 7.2420),
    ("mitte", "Altenbochum", "in Altenbochum", 51.4720, 7.2450),
    ("mitte", "Kortumpark", "am Kortumpark", 51.4760, 7.2250),
    ("wattenscheid", "August-Bebel-Platz", "am August-Bebel-Platz", 51.4820, 7.1380),
    ("wattenscheid", "Bahnhof Wattenscheid", "am Bahnhof Wattenscheid", 51.4770, 7.1300),
    ("wattenscheid", "Höntrop", "in Höntrop", 51.4600, 7.1500),
    ("wattenscheid", "Höntrop Kirche", "an der Haltestelle Höntrop Kirche", 51.4610, 7.1470),
    ("wattenscheid", "Eppendorf", "in Eppendorf", 51.4650, 7.1300),
    ("wattenscheid", "Günnigfeld", "in Günnigfeld", 51.4930, 7.1500),
    ("wattenscheid", "Leithe", "in Leithe", 51.4900, 7.1150),
    ("wattenscheid", "Westenfeld", "in Westenfeld", 51.4700, 7.1200),
    ("wattenscheid", "Lohrheidestadion", "am Lohrheidestadion", 51.4920, 7.1310),
    ("nord", "Gerthe", "in Gerthe", 51.5290, 7.2820),
    ("nord", "Hiltrop", "in Hiltrop", 51.5180, 7.2550),
    ("nord", "Bergen", "in Bergen", 51.5150, 7.2400),
    ("nord", "Harpen", "in Harpen", 51.4950, 7.2800),
    ("nord", "Kornharpen", "in Kornharpen", 51.5020, 7.2650),
    ("nord", "Castroper Straße", "an der Castroper Straße", 51.4960, 7.2300),
    ("ost", "Langendreer", "in Langendreer", 51.4760, 7.3200),
    ("ost", "Bahnhof Langendreer", "am Bahnhof Langendreer", 51.4740, 7.3240),
    ("ost", "Werne", "in Werne", 51.4870, 7.3000),
    ("ost", "Werner Markt", "am Werner Markt", 51.4880, 7.3020),
    ("ost", "Laer", "in Laer", 51.4700, 7.2700),
    ("ost", "Ümmingen", "in Ümmingen", 51.4620, 7.3050),
    ("ost", "Ruhrpark", "am Ruhrpark", 51.4920, 7.2800),
    ("sued", "Querenburg", "in Querenburg", 51.4450, 7.2620),
    ("sued", "Hustadt", "in der Hustadt", 51.4440, 7.2700),
    ("sued", "Ruhr-Universität", "an der Ruhr-Universität", 51.4450, 7.2600),
    ("sued", "Stiepel", "in Stiepel", 51.4200, 7.2450),
    ("sued", "Wiemelhausen", "in Wiemelhausen", 51.4600, 7.2250),
    ("sued", "Brenschede", "in Brenschede", 51.4550, 7.2350),
    ("sued", "Kemnader See", "am Kemnader See", 51.4230, 7.2600),
    ("suedwest", "Weitmar", "in Weitmar", 51.4480, 7.1990),
    ("suedwest", "Weitmar-Mark", "in Weitmar-Mark", 51.4550, 7.1850),
    ("suedwest", "Linden", "in Linden", 51.4200, 7.1700),
    ("suedwest", "Dahlhausen", "in Dahlhausen", 51.4250, 7.1450),
    ("suedwest", "Sundern", "in Sundern", 51.4350, 7.2000),
    ("suedwest", "Schlosspark Weitmar", "im Schlosspark Weitmar", 51.4470, 7.2000),
]

# --- ideas per participation -----------------------------------------------------------------
# Per process title: the districts whose places fit, and proposals
# (title pattern with {place}, detail sentence, tags). Processes not listed use their theme's
# material (THEME_TOPICS).

TOPICS: dict[str, dict] = {
    "mobilstationen": {
        "districts": ("wattenscheid",),
        "subject": "die Mobilstation",
        "proposals": [
            (
                "Mobilstation {place} mit überdachten Fahrradbügeln",
                "An der Mobilstation sollte es **überdachte Fahrradbügel** und ein paar "
                "abschließbare Fahrradboxen geben, damit man das eigene Rad sicher abstellen kann.",
                ("fahrrad", "mobilstation"),
            ),
            (
                "Leihräder und Lastenräder {place}",
                "Ich wünsche mir eine Station mit **Leihrädern und zwei Lastenrädern**, die man "
                "per App oder mit dem Deutschlandticket ausleihen kann.",
                ("lastenrad", "sharing"),
            ),
            (
                "Carsharing-Stellplätze {place}",
                "Zwei oder drei **Carsharing-Stellplätze** direkt an der Haltestelle würden "
                "vielen Haushalten das eigene Zweitauto ersparen.",
                ("carsharing",),
            ),
            (
                "Ladesäulen für E-Autos und E-Bikes {place}",
                "Neben den Stellplätzen sollten **Ladesäulen** für E-Autos und Steckdosen für "
                "E-Bike-Akkus stehen.",
                ("e-mobilität", "laden"),
            ),
            (
                "Digitale Abfahrtsanzeige {place}",
                "Ein **Display mit Echtzeit-Abfahrten** von Bus und Bahn und der Zahl freier "
                "Leihräder würde das Umsteigen viel einfacher machen.",
                ("echtzeit", "information"),
            ),
            (
                "Paketstation an der Mobilstation {place}",
                "Eine **Paketstation** an der Mobilstation spart Wege: Man holt das Paket auf "
                "dem Heimweg von der Bahn ab.",
                ("paketstation",),
            ),
            (
                "Barrierefreier Zugang zur Mobilstation {place}",
                "Wichtig ist ein **barrierefreier Zugang** mit Rampen, Blindenleitsystem und "
                "gut erreichbaren Bedienelementen.",
                ("barrierefreiheit",),
            ),
            (
                "Sichere Abstellanlage für E-Scooter {place}",
                "Die E-Scooter sollten in einer **festen Abstellfläche** stehen und nicht mehr "
                "kreuz und quer auf dem Gehweg.",
                ("e-scooter", "gehweg"),
            ),
            (
                "Sitzbänke und Wetterschutz {place}",
                "Bei einer Mobilstation gehören **Sitzbänke, ein Dach und Beleuchtung** dazu, "
                "damit man auch abends gerne dort wartet.",
                ("aufenthaltsqualität",),
            ),
            (
                "Fahrradreparaturstation {place}",
                "Eine kleine **Reparaturstation** mit Luftpumpe und Werkzeug am Stahlseil hilft, "
                "wenn unterwegs etwas kaputtgeht.",
                ("fahrrad", "reparatur"),
            ),
            (
                "Bessere Radwege zur Mobilstation {place}",
                "Eine Mobilstation nützt nur, wenn man sie **sicher mit dem Rad erreicht**. Die "
                "Zufahrt braucht einen durchgehenden Radweg.",
                ("radweg", "sicherheit"),
            ),
        ],
    },
    "muelltonnen": {
        "districts": ("mitte", "ost", "sued", "suedwest", "nord", "wattenscheid"),
        "subject": "die smarten Mülleimer",
        "proposals": [
            (
                "Füllstandssensoren für Mülleimer {place}",
                "Die Mülleimer sollten **Füllstandssensoren** bekommen, damit der USB sie leert, "
                "bevor sie überquellen.",
                ("sensoren", "sauberkeit"),
            ),
            (
                "Größere Abfallbehälter {place}",
                "An schönen Wochenenden reichen die Behälter nicht aus. **Größere Behälter mit "
                "Sensor** würden helfen.",
                ("sauberkeit",),
            ),
            (
                "Karte mit freien Glascontainern für {short}",
                "Eine **Karte in der App**, die zeigt, welche Glascontainer noch Platz haben, "
                "würde viele Fahrten sparen.",
                ("glascontainer", "app"),
            ),
            (
                "Solar-Presscontainer testen {place}",
                "Ich schlage vor, hier **Solar-Presscontainer** zu testen: Sie pressen den Müll "
                "zusammen und melden sich, wenn sie voll sind.",
                ("solar", "sensoren"),
            ),
            (
                "Mülltrennung an öffentlichen Eimern {place}",
                "Die Eimer sollten **getrennte Fächer** für Verpackungen, Papier und Restmüll "
                "haben.",
                ("mülltrennung",),
            ),
            (
                "Überquellende Mülleimer per App melden {place}",
                "Man sollte einen vollen Mülleimer **per QR-Code oder App melden** können, "
                "solange noch nicht alle Eimer Sensoren haben.",
                ("app", "meldung"),
            ),
            (
                "Krähensichere Deckel für Mülleimer {place}",
                "Krähen und Ratten holen den Müll aus den offenen Eimern. **Geschlossene Deckel** "
                "mit Sensor würden das verhindern.",
                ("sauberkeit", "tiere"),
            ),
            (
                "Zigarettenkippen-Sammler {place}",
                "An den Eimern fehlen **Aschenbecher**. Die Kippen landen sonst auf dem Boden "
                "und im Grundwasser.",
                ("kippen", "umwelt"),
            ),
        ],
    },
    "wlan": {
        "districts": ("mitte",),
        "subject": "das freie WLAN",
        "proposals": [
            (
                "Freies WLAN {place}",
                "Hier sollte es **kostenloses WLAN** ohne komplizierte Anmeldung geben.",
                ("wlan",),
            ),
            (
                "Schnelleres WLAN {place}",
                "Das WLAN ist zwar da, aber **viel zu langsam**, sobald mehr als ein paar "
                "Menschen es nutzen.",
                ("wlan", "bandbreite"),
            ),
            (
                "WLAN an den Haltestellen {place}",
                "Beim Warten auf Bus und Bahn wäre **WLAN an den Haltestellen** praktisch, "
                "besonders für Menschen mit kleinem Datenvolumen.",
                ("wlan", "haltestelle"),
            ),
            (
                "Anmeldung ins Stadt-WLAN vereinfachen",
                "Die **Anmeldung** sollte mit einem Klick funktionieren und nicht jeden Tag neu "
                "verlangt werden.",
                ("wlan", "anmeldung"),
            ),
            (
                "WLAN-Hotspot mit Sitzgelegenheiten {place}",
                "Ein Hotspot mit **Sitzbänken und Steckdosen** würde den Platz für Studierende "
                "und Berufstätige attraktiv machen.",
                ("wlan", "aufenthaltsqualität"),
            ),
            (
                "Datenschutz im öffentlichen WLAN {place}",
                "Die Stadtwerke sollten offenlegen, welche Daten sie speichern, und **keine "
                "Bewegungsprofile** erstellen.",
                ("datenschutz", "wlan"),
            ),
        ],
    },
    "energiezaehler": {
        "districts": ("sued",),
        "subject": "die smarten Zähler",
        "proposals": [
            (
                "Verbrauchsanzeige im Treppenhaus {place}",
                "Ein **Display im Treppenhaus** mit dem Verbrauch des ganzen Hauses würde "
                "zeigen, wie viel wir gemeinsam sparen.",
                ("energie", "anzeige"),
            ),
            (
                "Stromverbrauch in Euro statt Kilowattstunden anzeigen",
                "Die App sollte den Verbrauch **in Euro** zeigen. Mit Kilowattstunden können "
                "viele Menschen wenig anfangen.",
                ("energie", "app"),
            ),
            (
                "Warnung bei ungewöhnlich hohem Wasserverbrauch",
                "Die Zähler könnten **bei einem Leck warnen**, wenn nachts ungewöhnlich viel "
                "Wasser verbraucht wird.",
                ("wasser", "warnung"),
            ),
            (
                "Papierübersicht für Haushalte ohne Smartphone {place}",
                "Nicht alle haben ein Smartphone. Eine **monatliche Übersicht auf Papier** im "
                "Briefkasten wäre wichtig.",
                ("barrierefreiheit", "energie"),
            ),
            (
                "Verbrauchsdaten nur mit Einwilligung weitergeben",
                "Die Daten gehören den Mieterinnen und Mietern: **keine Weitergabe ohne "
                "Einwilligung**, Speicherung nur so lange wie nötig.",
                ("datenschutz",),
            ),
            (
                "Energiespar-Tipps in mehreren Sprachen {place}",
                "In der Hustadt wohnen Menschen aus vielen Ländern. Die Tipps sollten **in "
                "mehreren Sprachen** erscheinen.",
                ("mehrsprachig", "energie"),
            ),
            (
                "Heizkosten pro Raum sichtbar machen",
                "Die Anzeige sollte **pro Raum** zeigen, wo die meiste Wärme verbraucht wird.",
                ("heizung", "energie"),
            ),
        ],
    },
    "bibliotheken": {
        "districts": ("wattenscheid", "ost", "sued", "suedwest", "nord", "mitte"),
        "subject": "die Stadtteilbibliothek",
        "proposals": [
            (
                "Makerspace mit 3D-Drucker in der Bibliothek {place}",
                "Ein **Makerspace** mit 3D-Drucker, Lötstation und Nähmaschine würde Kinder und "
                "Erwachsene zum Ausprobieren einladen.",
                ("makerspace", "3d-druck"),
            ),
            (
                "Programmierkurse für Kinder {place}",
                "Die Bibliothek könnte **Programmierkurse** für Kinder ab acht Jahren anbieten, "
                "zum Beispiel mit Calliope oder Scratch.",
                ("programmieren", "kinder"),
            ),
            (
                "Hilfe bei Online-Anträgen in der Bibliothek {place}",
                "Eine feste **Sprechstunde für Online-Anträge** (Wohngeld, Ummeldung, "
                "Terminbuchung) würde vielen Menschen helfen.",
                ("verwaltung", "hilfe"),
            ),
            (
                "Tablet-Kurse für Seniorinnen und Senioren {place}",
                "Ich wünsche mir **Tablet-Kurse in kleinen Gruppen** für ältere Menschen, mit "
                "Geräten zum Ausleihen.",
                ("senioren", "kurse"),
            ),
            (
                "Längere Öffnungszeiten mit Open Library {place}",
                "Mit einer **Open Library** könnte man die Bibliothek auch abends und am "
                "Wochenende mit dem Ausweis betreten.",
                ("öffnungszeiten",),
            ),
            (
                "Gaming-Abende und Medienbildung {place}",
                "**Gaming-Abende** mit Gesprächen über Medien und Datenschutz würden "
                "Jugendliche in die Bibliothek holen.",
                ("jugend", "medienbildung"),
            ),
            (
                "Laptops zum Ausleihen {place}",
                "Schülerinnen und Schüler ohne eigenen Rechner sollten **Laptops ausleihen** "
                "können, wie Bücher.",
                ("ausleihe", "schule"),
            ),
        ],
    },
    "finanzwissen": {
        "districts": ("mitte", "ost", "sued", "suedwest", "nord", "wattenscheid"),
        "subject": "das Angebot zur Finanzbildung",
        "proposals": [
            (
                "Finanz-Workshops an Schulen {place}",
                "Die Sparkasse könnte **Workshops an den Schulen** anbieten: Girokonto, "
                "Handyvertrag, erste Wohnung.",
                ("schule", "finanzen"),
            ),
            (
                "App zum Haushaltsbuch für Azubis",
                "Eine einfache **Haushaltsbuch-App** mit Tipps für das erste Gehalt wäre "
                "hilfreich.",
                ("app", "finanzen"),
            ),
            (
                "Beratung zu Schulden im Jugendzentrum {place}",
                "Eine **offene Schuldenberatung** im Jugendzentrum, ohne Termin und anonym.",
                ("beratung", "jugend"),
            ),
            (
                "Online-Quiz zu Verträgen und Abofallen",
                "Ein **Online-Quiz** zu Abofallen, Ratenkäufen und Kleingedrucktem würde "
                "spielerisch Wissen vermitteln.",
                ("verbraucherschutz", "online"),
            ),
        ],
    },
    "mittelstand": {
        "districts": (),
        "subject": "die Weiterbildung",
        "proposals": [
            (
                "Kurse zu IT-Sicherheit für kleine Betriebe",
                "Kleine Betriebe brauchen **praktische Kurse zu IT-Sicherheit**: Backups, "
                "Passwörter, Phishing erkennen.",
                ("it-sicherheit", "weiterbildung"),
            ),
            (
                "Datenanalyse mit Tabellen für Einsteiger",
                "Ein Einsteigerkurs **Datenanalyse** mit Beispielen aus dem Handwerk und "
                "Einzelhandel wäre sinnvoll.",
                ("daten", "weiterbildung"),
            ),
            (
                "Digitalisierungs-Sprechstunde bei der IHK",
                "Eine **monatliche Sprechstunde** mit Fachleuten, die konkrete Fragen der "
                "Betriebe beantworten.",
                ("beratung", "digitalisierung"),
            ),
            (
                "Weiterbildung in Teilzeit und abends",
                "Die Kurse sollten **abends oder in Teilzeit** stattfinden, damit Beschäftigte "
                "sie neben der Arbeit besuchen können.",
                ("weiterbildung",),
            ),
            (
                "Austausch zwischen Start-ups und Mittelstand",
                "Regelmäßige **Treffen zwischen Start-ups und Mittelstand** auf MARK 51°7 "
                "würden beide Seiten voranbringen.",
                ("netzwerk", "start-ups"),
            ),
            (
                "Automatisierung von Büroabläufen lernen",
                "Viele Betriebe tippen Rechnungen noch ab. Ein Kurs zur **Automatisierung von "
                "Büroabläufen** würde Zeit sparen.",
                ("automatisierung",),
            ),
        ],
    },
}

# Process title -> topic key.
PROCESS_TOPICS = {
    "Mobilstationen in Wattenscheid": "mobilstationen",
    "Smarte Mülltonnen": "muelltonnen",
    "Öffentliches WLAN in der Innenstadt": "wlan",
    "Smarte Energiezähler im Mehrfamilienhaus": "energiezaehler",
    "Digitale Bildung in den Stadtteilbibliotheken": "bibliotheken",
    "Finanzwissen digital: Angebote für junge Menschen": "finanzwissen",
    "Digitale Kompetenzen im Mittelstand": "mittelstand",
}
# Fallback per theme for processes without their own material.
THEME_TOPICS = {
    "mobilitaet-umwelt": "mobilstationen",
    "stadtmanagement": "muelltonnen",
    "infrastruktur": "wlan",
    "gesellschaft": "bibliotheken",
    "wirtschaft-wissenschaft": "mittelstand",
}

# --- body pieces ------------------------------------------------------------------------------
# {place}: phrase with preposition ("am Bahnhof Langendreer"), {short}: the place's name,
# {subject}: the topic's subject ("die Mobilstation").

PROBLEMS = [
    "Ich wohne seit vielen Jahren {place} und ärgere mich fast jeden Tag darüber, wie es dort "
    "aussieht.",
    "{Place} ist besonders morgens und nachmittags viel los, aber das Angebot passt nicht dazu.",
    "Wer {place} unterwegs ist, merkt schnell: Hier fehlt etwas.",
    "Meine Kinder und ich sind oft {place}. Leider ist vieles dort nicht mehr zeitgemäß.",
    "Als Pendlerin komme ich jeden Morgen {place} vorbei.",
    "Als Pendler komme ich jeden Tag {place} vorbei und sehe, was fehlt.",
    "{Place} treffen sich viele Menschen aus dem Viertel, aber es ist wenig einladend.",
    "Bei uns {place} wurde schon lange nichts mehr verbessert.",
    "Ich bin Rentnerin und {place} zu Fuß unterwegs. Vieles ist für mich umständlich.",
    "In unserem Nachbarschaftstreff {place} haben wir darüber gesprochen, was sich ändern sollte.",
    "Seit die Baustelle weg ist, hätte man {place} eigentlich Platz für etwas Neues.",
    "Ich arbeite {place} und sehe täglich, dass es so nicht gut funktioniert.",
]
PROBLEMS_CITYWIDE = [
    "In vielen Stadtteilen fehlt bisher ein passendes Angebot.",
    "Ich habe in meinem Betrieb erlebt, wie schwer der Einstieg ist.",
    "Viele Menschen in Bochum haben dieselbe Erfahrung gemacht wie ich.",
    "Darüber wird in unserem Umfeld oft gesprochen, aber passiert ist bisher wenig.",
    "Andere Städte im Ruhrgebiet sind da schon weiter.",
]
PROPOSAL_LEADS = ["**Mein Vorschlag:**", "**Idee:**", "Deshalb schlage ich vor:", "Konkret:"]
WISH_LEADS = [
    "Besonders wichtig wäre mir:",
    "Was dabei nicht fehlen darf:",
    "Dabei sollte man an Folgendes denken:",
]
WISHES = [
    "gute Beleuchtung am Abend",
    "barrierefreie Wege",
    "eine verständliche Anleitung vor Ort",
    "ein Angebot auch ohne Smartphone",
    "Informationen in einfacher Sprache",
    "regelmäßige Wartung",
    "eine Ansprechperson bei Problemen",
    "kurze Wege für ältere Menschen",
    "Sicherheit für Kinder",
    "Ökostrom für den Betrieb",
    "eine Testphase mit Auswertung",
    "mehrsprachige Hinweise",
    "Datenschutz von Anfang an",
    "Beteiligung der Nachbarschaft bei der Planung",
]
REASONS = [
    "Das würde vor allem Familien und älteren Menschen helfen.",
    "So würde {subject} auch von Menschen genutzt, die bisher kaum erreicht werden.",
    "Andere Städte wie Dortmund und Münster haben damit gute Erfahrungen gemacht.",
    "Das kostet nicht viel und bringt im Alltag sehr viel.",
    "Damit würde Bochum zeigen, dass Smart City nicht nur ein Schlagwort ist.",
    "Gerade hier würde sich das schnell lohnen, weil sehr viele Menschen vorbeikommen.",
    "Damit könnten wir alle etwas fürs Klima tun, ohne auf etwas verzichten zu müssen.",
    "Ich glaube, dass {subject} so viel mehr Zuspruch bekommt.",
    "Viele Nachbarinnen und Nachbarn sehen das genauso wie ich.",
]
CLOSINGS = [
    "Ich würde mich freuen, wenn das geprüft wird.",
    "Über Unterstützung für die Idee freue ich mich!",
    "Gerne helfe ich bei der Umsetzung mit.",
    "Glück auf!",
    "Vielen Dank fürs Lesen.",
]

# --- comments (plain text) --------------------------------------------------------------------

COMMENT_OPENERS = [
    "Gute Idee!",
    "Sehr guter Vorschlag.",
    "Finde ich super.",
    "Da bin ich dabei.",
    "Ich bin da eher skeptisch.",
    "Grundsätzlich ja, aber:",
    "Endlich sagt es mal jemand.",
    "Hm, ich weiß nicht.",
    "Danke für den Vorschlag!",
    "Das wünsche ich mir schon lange.",
    "",
]
COMMENT_MIDDLES = [
    "Gerade {place} fehlt so etwas seit Jahren.",
    "Wer soll das bezahlen und wer kümmert sich um die Wartung?",
    "Ich wohne {place} und würde das jeden Tag nutzen.",
    "In Dortmund gibt es das schon, und es funktioniert gut.",
    "Wichtig wäre, dass es auch für Menschen mit Rollator gut erreichbar ist.",
    "Bitte dabei auch an die Anwohnerinnen und Anwohner denken.",
    "Vielleicht könnte man das erst ein halbes Jahr testen.",
    "Das sollte aber nicht zulasten der Grünflächen gehen.",
    "Ich fände es gut, wenn man das mit dem Deutschlandticket nutzen könnte.",
    "Mich würde interessieren, was das ungefähr kostet.",
    "Die Idee gab es schon einmal, leider ist nichts passiert.",
    "Bitte auch an die Menschen ohne Smartphone denken.",
    "Das würde auch den Geschäften {place} helfen.",
    "Abends ist es dort allerdings ziemlich dunkel.",
]
COMMENT_CLOSERS = ["", "", "Daumen hoch!", "Mal sehen, was draus wird.", "Unterstützt!", ":-)"]
REPLIES = [
    "Da stimme ich zu.",
    "Sehe ich anders: Das Geld wäre woanders besser angelegt.",
    "Gute Frage, das würde mich auch interessieren.",
    "Genau das habe ich auch gedacht.",
    "In Linden wurde so etwas schon getestet, soweit ich weiß.",
    "Danke für den Hinweis, daran hatte ich nicht gedacht.",
    "Das müsste man mit der Stadt klären.",
    "Ich glaube, die Kosten halten sich in Grenzen.",
    "Ein Test wäre ein guter Anfang.",
    "Stimmt, die Wartung ist der Knackpunkt.",
]

# --- moderation and official answers ----------------------------------------------------------
# {organisation}: the process's organisation.

OFFICIAL_NOTES = {
    "under_review": [
        "Vielen Dank für Ihren Vorschlag. {organisation} prüft ihn gerade gemeinsam mit den "
        "zuständigen Fachleuten und meldet sich hier mit einem Ergebnis.",
        "Ihr Vorschlag wird derzeit geprüft. Wir klären Kosten, Zuständigkeiten und Genehmigungen.",
    ],
    "bundled": [
        "Diese Idee ist mit ähnlichen Vorschlägen gebündelt an die Smart-City-"
        "Innovationseinheit gegangen.",
    ],
    "accepted": [
        "Gute Nachrichten: {organisation} greift den Vorschlag auf. Die Umsetzung ist für das "
        "kommende Jahr geplant.",
        "Der Vorschlag wurde angenommen und wird in die Planung aufgenommen. Vielen Dank!",
    ],
    "rejected": [
        "Vielen Dank für Ihre Idee. Leider lässt sie sich an diesem Ort nicht umsetzen, weil "
        "die Fläche nicht zur Verfügung steht.",
        "{organisation} hat den Vorschlag sorgfältig geprüft, verfolgt ihn aber nicht weiter: "
        "Die Kosten stehen in keinem Verhältnis zum Nutzen.",
        "Ein ähnliches Angebot gibt es bereits; wir haben es in der Beschreibung verlinkt.",
    ],
    "implemented": [
        "Umgesetzt! Seit diesem Monat ist das Angebot in Betrieb. Vielen Dank für den Anstoß.",
        "{organisation} hat den Vorschlag umgesetzt. Wir freuen uns über Rückmeldungen.",
    ],
}
HIDE_NOTES = [
    "Ausgeblendet: Der Beitrag enthält beleidigende Formulierungen (Netiquette).",
    "Ausgeblendet: Werbung für ein kommerzielles Angebot.",
    "Ausgeblendet: Der Beitrag nennt personenbezogene Daten Dritter.",
]
FLAG_TEXTS = {
    "spam": "Das ist Werbung.",
    "insulting": "Der Ton ist respektlos.",
    "off_topic": "Hat nichts mit der Beteiligung zu tun.",
    "personal_data": "Hier steht der Name eines Nachbarn.",
    "other": "Die Angaben stimmen so nicht, bitte prüfen.",
}
# Texts of flagged (and partly hidden) comments.
RUDE_COMMENTS = [
    "So ein Quatsch, typisch für euch da oben.",
    "Besuchen Sie unseren Shop für günstige Fahrräder: beste Preise in ganz NRW!",
    "Der Nachbar aus Nummer 12 parkt da sowieso immer falsch, Herr M. weiß Bescheid.",
]
