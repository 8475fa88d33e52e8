"""Speed and memory of the similar-idea index at scale.

Usage: python bench/similarity_speed.py [--ideas 100000] [--queries 300] [--seed 7]

Builds N synthetic but realistic German ideas (deterministic for a seed, generated
from a vocabulary of municipal topics, places and phrasings; no network), indexes
them, then times queries of the kind the idea form sends (a title, sometimes with a
description) and prints p50/p95/max per query and the memory the index takes.
Target: < 50 ms per query at 100,000 ideas on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engage.ideas.similarity import SimilarityIndex, analyze  # noqa: E402

# (subject, [(things, places, benefits)]) pieces that combine into plausible ideas.
SUBJECTS = [
    "Kostenloses WLAN",
    "Mehr Ladesäulen für E-Autos",
    "Ein geschützter Radweg",
    "Mehr Fahrradbügel",
    "Eine Carsharing-Station",
    "Smarte Straßenlaternen",
    "Schnelles Glasfaser-Internet",
    "Online-Terminvergabe im Bürgerbüro",
    "Eine Mängelmelder-App",
    "Ein Open-Data-Portal",
    "Livestream der Ratssitzungen",
    "Smartphone-Kurse für Senioren",
    "Leihlaptops für Schulkinder",
    "Eine digitale Ehrenamtsbörse",
    "Mehr Stadtbäume",
    "Feinstaubsensoren",
    "Coworking im Leerstand",
    "Ein lokaler Online-Marktplatz",
    "Wissenschaftsabende in Kneipen",
    "Ein Reallabor für Start-ups",
    "Eine Jobbörse für Absolventen",
    "Ein Nachtbus am Wochenende",
    "Vorrangschaltung für Busse an Ampeln",
    "Trinkbrunnen",
    "Mehr Sitzbänke",
    "Ein Bürgerhaushalt",
    "Eine barrierefreie Website",
    "Ein Hundeauslaufplatz",
    "Öffentliche Toiletten",
    "Ein Skatepark",
    "Mehr Mülleimer",
    "Blühwiesen für Insekten",
    "Tempo 30 vor Schulen",
    "Ein Fahrradparkhaus",
    "Eine Push-Erinnerung für die Müllabfuhr",
    "Photovoltaik auf Schuldächern",
    "Ein Jugendtreff mit Gaming-Raum",
    "Längere Öffnungszeiten",
    "Ein digitaler Stadtplan",
    "Eine Stadtbücherei mit Open Library",
]
PLACES = [
    "in der Innenstadt",
    "in Wattenscheid",
    "in Langendreer",
    "in Gerthe",
    "in Linden",
    "in Querenburg",
    "an der Ruhr-Universität",
    "am Hauptbahnhof",
    "in Stiepel",
    "in Werne",
    "in Dahlhausen",
    "in Ehrenfeld",
    "in Höntrop",
    "in Riemke",
    "in Weitmar",
    "in Hamme",
    "am Kemnader See",
    "auf der Kortumstraße",
    "im Westpark",
    "in allen Stadtteilen",
]
OPENERS = [
    "Ich schlage vor, dass die Stadt {s} {p} einrichtet.",
    "Bitte {s} {p}, das fehlt hier seit Jahren.",
    "Viele Menschen {p} wünschen sich {s}.",
    "Wir brauchen {s} {p}, damit das Leben hier besser wird.",
    "Es wäre toll, wenn es {s} {p} gäbe.",
]
REASONS = [
    "Das spart Zeit und Geld.",
    "Gerade für Familien mit Kindern wäre das eine Hilfe.",
    "Ältere Menschen hätten davon besonders viel.",
    "Andere Städte machen das schon lange.",
    "So würde der Stadtteil attraktiver.",
    "Das ist gut für das Klima und die Umwelt.",
    "Die Verwaltung würde entlastet.",
    "Auch Touristen und Besucher würden profitieren.",
    "Die Stadtwerke könnten dabei helfen.",
    "Die BOGESTRA sollte einbezogen werden.",
    "Das würde den Einzelhandel stärken.",
    "Schüler und Studierende würden es nutzen.",
    "Am Wochenende ist die Lage besonders schlimm.",
    "Nachts fühlt man sich dort unsicher.",
    "Die Kosten wären überschaubar.",
    "Man könnte mit einem Pilotprojekt beginnen.",
]
TYPOS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
# Everyday nouns for the details of a description; joined in pairs they give the
# compounds (Parkbank, Schulweg) that make a real collection's vocabulary large.
_NOUNS = (
    "Abend Ampel Anwohner App Arbeit Auto Bahn Bank Baum Beleuchtung Brücke Bus Café Daten "
    "Dach Ecke Eltern Energie Fahrrad Familie Fest Fläche Garten Gebäude Geld Gehweg Geschäft "
    "Glas Grün Halle Haltestelle Handy Haus Hilfe Hof Hund Internet Jugend Karte Kind Kirche "
    "Klima Kultur Kurs Laden Lärm Laterne Licht Linie Luft Markt Miete Müll Museum Musik Nacht "
    "Nachbar Natur Netz Park Parkplatz Platz Plan Polizei Post Preis Projekt Quartier Rad Rat "
    "Raum Regen Rente Ruhe Schild Schule Schutz See Senior Sicherheit Sitz Sonne Spiel Sport "
    "Sprache Station Stau Stein Strom Straße Stunde Tag Technik Telefon Termin Theater Ticket "
    "Tier Tonne Treff Turm Uhr Umwelt Unfall Verein Verkehr Verwaltung Viertel Wald Wasser Weg "
    "Welt Werkstatt Wiese Wohnung Zeit Zentrum Zone Zug"
)
NOUNS = _NOUNS.split()


def make_idea(rng: random.Random) -> tuple[str, str]:
    """One synthetic idea: a title and a description of 2-6 sentences."""
    subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
    title = f"{subject} {place}" if rng.random() < 0.7 else subject
    sentences = [rng.choice(OPENERS).format(s=subject.lower(), p=place)]
    sentences += rng.sample(REASONS, rng.randint(1, 5))
    details = []
    for _ in range(rng.randint(2, 7)):
        a = NOUNS[min(int(rng.paretovariate(0.8)) - 1, len(NOUNS) - 1)]
        details.append(a if rng.random() < 0.4 else a + rng.choice(NOUNS).lower())
    sentences.append(f"Es geht auch um {', '.join(details[:-1])} und {details[-1]}.")
    rng.shuffle(sentences)
    body = " ".join(sentences)
    if rng.random() < 0.2:  # some citizens type without umlauts
        for a, b in TYPOS.items():
            body = body.replace(a, b)
    return title, body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    ideas = [make_idea(rng) for _ in range(args.ideas)]
    # Memory of the index alone: features are computed first (as when they come from
    # the database), then the index is built under tracemalloc.
    started = time.perf_counter()
    features = [analyze(t, b) for t, b in ideas]
    analyzed = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    index = SimilarityIndex()
    for k, (t, b) in enumerate(ideas):
        index.add(k, t, b, group=k % 50, features=features[k])
    built = time.perf_counter() - started
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del features
    n_postings = sum(len(p) for p in index._post_docs)
    print(
        f"{args.ideas} ideas: analyze {analyzed:.1f} s ({analyzed / args.ideas * 1e3:.2f} ms "
        f"per idea), index build {built:.1f} s, {n_postings:,} postings "
        f"({n_postings / args.ideas:.0f} per idea), {len(index._term_str):,} terms"
    )
    print(f"index memory (tracemalloc): {current / 2**20:.1f} MiB")

    qrng = random.Random(args.seed + 1)
    queries = []
    for _ in range(args.queries):
        t, b = make_idea(qrng)
        queries.append((t, b if qrng.random() < 0.5 else ""))  # while typing: title only
    index.query(*queries[0])  # warm-up
    times, cpu = [], []
    for t, b in queries:
        s, c = time.perf_counter(), time.process_time()
        index.query(t, b, limit=5)
        cpu.append((time.process_time() - c) * 1000)
        times.append((time.perf_counter() - s) * 1000)
    for name, xs in (("wall-clock", times), ("CPU time", cpu)):
        xs.sort()
        print(
            f"{len(xs)} queries, {name}: p50 {statistics.median(xs):.1f} ms, "
            f"p95 {xs[int(0.95 * (len(xs) - 1))]:.1f} ms, max {xs[-1]:.1f} ms (target < 50 ms)"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    p95 = times[int(0.95 * (len(times) - 1))]
    # Keeping the index current: re-index (edit) and remove (hide/merge) a few ideas.
    s = time.perf_counter()
    for k in range(100):
        index.add(k, *make_idea(qrng))
    for k in range(100, 200):
        index.remove(k)
    print(f"100 edits + 100 removals: {(time.perf_counter() - s) * 1000 / 200:.1f} ms each")
    return 0 if p95 < 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
