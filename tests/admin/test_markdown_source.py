"""Markdown re-derived from stored HTML renders back to the same HTML (edit forms start from it)."""

from __future__ import annotations

import pytest

from engage.admin.markdown_source import html_to_markdown
from engage.core.text import render_markdown

SAMPLES = [
    "Hallo *Welt* und **fett**.\n\nZweiter Absatz mit [Link](https://bochum.de).",
    "Eine Adresse: https://example.org/pfad?x=1 im Text.",
    "- eins\n- zwei *kursiv*\n- drei",
    "1. erstens\n2. zweitens\n\n   mit Absatz\n3. drittens",
    "- außen\n  - innen\n  - auch innen\n- wieder außen",
    "> Ein Zitat\n> über zwei Zeilen\n\nDanach Text.",
    "Zeile eins  \nZeile zwei\\\nZeile drei",
    "Sternchen \\* Unterstrich \\_ \\[eckig\\] und Backslash \\\\ bleiben Text.",
    "\\# kein Titel\n\n\\- keine Liste\n\n1\\. keine Nummer\n\n\\> kein Zitat",
    "# Titel\n\n## Untertitel\n\n### Dritte Ebene\n\nText",
    "Ein [Link mit (Klammern)](<https://example.org/a b>) hier.",
    "Text mit <b>HTML</b> & Ampersand, das nicht durchkommt.",
    "Text\n===",
    "Glasfaser, öffentliches WLAN – die Grundlagen einer digitalen Stadt.",
]


@pytest.mark.parametrize("rich", [False, True])
@pytest.mark.parametrize("source", SAMPLES)
def test_round_trip(source, rich):
    html = render_markdown(source, rich=rich)
    assert render_markdown(html_to_markdown(html), rich=rich) == html


def test_readable_source():
    html = render_markdown("Hallo *Welt*.\n\n- a\n- b\n\n[Bochum](https://bochum.de)")
    assert html_to_markdown(html) == "Hallo *Welt*.\n\n- a\n- b\n\n[Bochum](https://bochum.de)"


@pytest.mark.parametrize("empty", [None, ""])
def test_empty(empty):
    assert html_to_markdown(empty) == ""


def test_seeded_descriptions_round_trip(session):
    from engage.themes.models import Theme

    for theme in session.query(Theme):
        for html in (theme.description_de, theme.description_en):
            assert render_markdown(html_to_markdown(html)) == html
