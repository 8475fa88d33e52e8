"""Reference data every installation has: the five lead themes, the partner organisations and
the legal pages. Idempotent: only what is missing (by slug) is added."""

from __future__ import annotations

from sqlalchemy import select

from engage.core.text import render_markdown
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.site.models import SitePage
from engage.themes.models import Theme

THEMES = [
    {
        "slug": "infrastruktur",
        "name_de": "Zukunftsfähige Infrastruktur",
        "name_en": "Future-proof infrastructure",
        "description_de": "Glasfaser, öffentliches WLAN, Energie- und Wassernetze, "
        "Sensorik und Rechenzentren: die Grundlagen einer digitalen Stadt.",
        "description_en": "Fibre, public Wi-Fi, energy and water networks, sensors and data "
        "centres: the foundations of a digital city.",
        "color": "#00549a",
    },
    {
        "slug": "stadtmanagement",
        "name_de": "Intelligentes Stadtmanagement",
        "name_en": "Intelligent city management",
        "description_de": "Digitale Verwaltung, offene Daten und smarte Dienste, die den "
        "Alltag in Bochum einfacher machen.",
        "description_en": "Digital administration, open data and smart services that make "
        "everyday life in Bochum easier.",
        "color": "#6a1b9a",
    },
    {
        "slug": "gesellschaft",
        "name_de": "Digitale Gesellschaft",
        "name_en": "Digital society",
        "description_de": "Teilhabe, Bildung und digitale Kompetenzen für alle Generationen – "
        "niemand soll zurückbleiben.",
        "description_en": "Participation, education and digital skills for all generations – "
        "nobody should be left behind.",
        "color": "#a33900",
    },
    {
        "slug": "mobilitaet-umwelt",
        "name_de": "Nachhaltige Mobilität und Umweltschutz",
        "name_en": "Sustainable mobility and environmental protection",
        "description_de": "Bus und Bahn, Rad- und Fußverkehr, Klimaanpassung, Stadtgrün und "
        "saubere Luft.",
        "description_en": "Buses and trams, cycling and walking, climate adaptation, urban "
        "green and clean air.",
        "color": "#1c6b2a",
    },
    {
        "slug": "wirtschaft-wissenschaft",
        "name_de": "Innovative Wirtschaft und Wissenschaft",
        "name_en": "Innovative economy and science",
        "description_de": "Start-ups, Hochschulen und Unternehmen entwickeln gemeinsam Lösungen "
        "für die Stadt von morgen.",
        "description_en": "Start-ups, universities and companies develop solutions for the "
        "city of tomorrow together.",
        "color": "#8a1538",
    },
]

ORGANISATIONS = [
    ("stadt-bochum", "Stadt Bochum – Stabsstelle Digitalisierung"),
    ("wirtschaftsentwicklung", "Bochum Wirtschaftsentwicklung"),
    ("stadtwerke", "Stadtwerke Bochum"),
    ("bochum-marketing", "Bochum Marketing"),
    ("bogestra", "BOGESTRA"),
    ("senioreneinrichtungen", "Senioreneinrichtungen Bochum"),
    ("usb", "USB Bochum"),
    ("vbw", "VBW Bauen und Wohnen"),
    ("sparkasse", "Sparkasse Bochum"),
    ("ihk", "IHK Mittleres Ruhrgebiet"),
]


def seed_reference_data() -> dict[str, int]:
    """Add missing themes, organisations and legal pages; returns how many of each were added."""
    from engage.site.legal_texts import LEGAL_PAGES

    added = {"themes": 0, "organisations": 0, "pages": 0}
    have = set(db.session.scalars(select(Theme.slug)))
    for position, data in enumerate(THEMES, start=1):
        if data["slug"] not in have:
            db.session.add(
                Theme(
                    position=position,
                    **{
                        **data,
                        "description_de": render_markdown(data["description_de"]),
                        "description_en": render_markdown(data["description_en"]),
                    },
                )
            )
            added["themes"] += 1
    have = set(db.session.scalars(select(Organisation.slug)))
    for position, (slug, name) in enumerate(ORGANISATIONS, start=1):
        if slug not in have:
            db.session.add(Organisation(slug=slug, name=name, position=position))
            added["organisations"] += 1
    have = set(db.session.scalars(select(SitePage.slug)))
    for slug, page in LEGAL_PAGES.items():
        if slug not in have:
            db.session.add(
                SitePage(
                    slug=slug,
                    title_de=page["title_de"],
                    title_en=page["title_en"],
                    source_de=page["source_de"],
                    source_en=page["source_en"],
                    body_de=render_markdown(page["source_de"], rich=True),
                    body_en=render_markdown(page["source_en"], rich=True),
                )
            )
            added["pages"] += 1
    from engage.reports.models import seed_district_populations

    added["district populations"] = seed_district_populations()
    db.session.flush()
    return added
