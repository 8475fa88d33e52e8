"""Home, the theme stylesheet, the legal pages and the language switch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import FROZEN_AT

from engage.accounts.models import User
from engage.site.models import SitePage
from engage.themes.models import Theme

RUNNING = [("ideas", FROZEN_AT - timedelta(days=3), FROZEN_AT + timedelta(days=10))]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# --- home ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "names", "other_language_name"),
    [
        (
            "de",
            ["Zukunftsfähige Infrastruktur", "Nachhaltige Mobilität und Umweltschutz"],
            "Future-proof infrastructure",
        ),
        (
            "en",
            ["Future-proof infrastructure", "Sustainable mobility and environmental protection"],
            "Zukunftsfähige Infrastruktur",
        ),
    ],
)
def test_home_shows_the_themes_in_the_browser_language(
    client, language, names, other_language_name
):
    html = _text(client.get("/", headers={"Accept-Language": language}))
    assert f'<html lang="{language}">' in html
    for name in names:
        assert name in html
    assert other_language_name not in html
    assert html.count('class="card theme-card theme-') == 5


def test_home_lists_running_processes_with_their_phase_and_end(client, make_process, clock):
    make_process(title="Mobilstationen am Bahnhof", phases=RUNNING)
    make_process(
        title="Noch nicht begonnen",
        phases=[("ideas", FROZEN_AT + timedelta(days=3), FROZEN_AT + timedelta(days=9))],
    )
    make_process(title="Entwurf im Haus", status="draft", phases=RUNNING)
    make_process(title="Archiviert und fertig", status="archived", phases=RUNNING)
    html = _text(client.get("/", headers={"Accept-Language": "en"}))
    assert "Mobilstationen am Bahnhof" in html
    # The badge says phase and end in words: "Collecting ideas until <date>".
    assert re.search(r"Collecting ideas until <time datetime=\"2026-05-14T10:00:00\+00:00\">", html)
    for hidden in ("Noch nicht begonnen", "Entwurf im Haus", "Archiviert und fertig"):
        assert hidden not in html
    assert "1 participation running" in html


def test_home_shows_at_most_three_per_theme_and_links_to_all(client, make_process, clock):
    for n in range(5):
        make_process(
            title=f"Laufend Nummer {n}",
            phases=[("ideas", FROZEN_AT - timedelta(days=1), FROZEN_AT + timedelta(days=n + 1))],
        )
    html = _text(client.get("/", headers={"Accept-Language": "en"}))
    shown = re.findall(r"Laufend Nummer (\d)", html)
    assert shown == ["0", "1", "2"]  # ending soonest first
    assert "Show all 5 running participations" in html
    assert "/processes/?status=running&amp;theme=mobilitaet-umwelt" in html or (
        "/processes/?theme=mobilitaet-umwelt&amp;status=running" in html
    )


def test_home_explains_how_it_works_and_has_the_outcomes_block(client):
    html = _text(client.get("/", headers={"Accept-Language": "en"}))
    assert 'class="how-steps"' in html
    for step in ("Propose.", "Support.", "Bundle.", "Decide.", "Hear back."):
        assert step in html
    assert 'id="outcomes-heading"' in html
    assert "What became of your input" in html


def test_home_needs_no_inline_styles(client, make_process, clock):
    make_process(phases=RUNNING)
    html = _text(client.get("/"))
    assert "style=" not in html
    assert '<link rel="stylesheet" href="/themes.css">' in html


def _many_running(make_process, count: int) -> None:
    themes = ["infrastruktur", "gesellschaft", "mobilitaet-umwelt"]
    organisations = ["bogestra", "usb", "stadtwerke"]
    for n in range(count):
        make_process(
            theme=themes[n % 3],
            organisation=organisations[n % 3],
            phases=[
                ("ideas", FROZEN_AT - timedelta(days=2), FROZEN_AT + timedelta(days=n + 1)),
                ("evaluation", FROZEN_AT + timedelta(days=n + 1), FROZEN_AT + timedelta(days=60)),
            ],
        )


def test_home_query_count_does_not_grow_with_the_processes(
    client, make_process, count_queries, clock, session
):
    _many_running(make_process, 2)
    client.get("/", headers={"Accept-Language": "en"})  # warm up (locale, first-request work)
    with count_queries() as few:
        assert client.get("/", headers={"Accept-Language": "en"}).status_code == 200
    _many_running(make_process, 18)
    with count_queries() as many:
        html = _text(client.get("/", headers={"Accept-Language": "en"}))
    assert html.count("participations running") >= 3
    assert many.count == few.count, many.statements
    # themes, ranked running processes, their phases, organisations; newest ideas with their
    # authors, tags, processes and themes (the last four only when there are ideas)
    assert few.count <= 9


# --- theme stylesheet ----------------------------------------------------------------------------


def test_theme_css_has_a_rule_per_theme_from_the_database(client, session):
    theme = session.query(Theme).filter_by(slug="gesellschaft").one()
    theme.color = "#123ABC"
    session.flush()
    response = client.get("/themes.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".theme-gesellschaft { --theme-color: #123abc; }" in css
    assert ".theme-infrastruktur { --theme-color: #00549a; }" in css
    assert css.count("--theme-color") == 5
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=300" in response.headers["Cache-Control"]
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]


def test_theme_css_answers_304_until_a_colour_changes(client, session):
    first = client.get("/themes.css")
    etag = first.headers["ETag"]
    again = client.get("/themes.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""

    theme = session.query(Theme).filter_by(slug="infrastruktur").one()
    theme.color = "#004080"
    session.flush()
    changed = client.get("/themes.css", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert ".theme-infrastruktur { --theme-color: #004080; }" in changed.get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "color"),
    [
        ("infrastruktur", "red}a{b"),  # the column holds 7 characters
        ("infrastruktur", "#12345g"),
        ("bad slug{", "#112233"),
    ],
)
def test_theme_css_leaves_out_what_could_break_the_stylesheet(client, session, slug, color):
    theme = session.query(Theme).filter_by(slug="infrastruktur").one()
    theme.slug, theme.color = slug, color
    session.flush()
    css = client.get("/themes.css").get_data(as_text=True)
    assert "}a{" not in css and "bad slug" not in css
    assert "{" not in css.replace(" { --theme-color", "")
    assert css.count("--theme-color") == 4


# --- legal pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "language", "title", "phrases"),
    [
        (
            "impressum",
            "de",
            "Impressum",
            ["Willy-Brandt-Platz 2–6", "44777 Bochum", "Vom Betreiber zu ergänzen"],
        ),
        ("impressum", "en", "Imprint", ["Willy-Brandt-Platz 2–6", "To be completed by the"]),
        (
            "datenschutz",
            "de",
            "Datenschutzerklärung",
            [
                "Art. 6 Abs. 1 lit. a DSGVO",
                "Art. 6 Abs. 1 lit. c DSGVO",
                "Art. 6 Abs. 1 lit. e DSGVO",
                "kein Tracking",
                "engage_session",
                "remember_token",
                "CSRF",
                "Daten herunterladen",
                "Konto löschen",
                "Kavalleriestraße 2–4",
            ],
        ),
        ("datenschutz", "en", "Privacy policy", ["no tracking", "LDI NRW", "Art. 6 (1) (a)"]),
        (
            "barrierefreiheit",
            "de",
            "Erklärung zur Barrierefreiheit",
            [
                "teilweise mit den Anforderungen vereinbar",
                "WCAG",
                "BITV 2.0",
                "smartcity@bochum.de",
                "Ombudsstelle für barrierefreie Informationstechnik",
                "axe-core",
                "Tastatur allein",
                "abgeschaltetem JavaScript",
                "360 Pixeln",
            ],
        ),
        (
            "barrierefreiheit",
            "en",
            "Accessibility statement",
            [
                "partially compliant",
                "smartcity@bochum.de",
                "Ombudsstelle",
                "axe-core",
                "Keyboard alone",
                "360 pixels",
            ],
        ),
    ],
)
def test_legal_pages_have_real_texts_in_both_languages(client, slug, language, title, phrases):
    html = _text(client.get(f"/pages/{slug}", headers={"Accept-Language": language}))
    assert f"<h1>{title}</h1>" in html
    html = " ".join(html.split())  # Markdown keeps the source's line breaks
    for phrase in phrases:
        assert phrase in html, phrase
    assert "<h2>" in html  # Markdown headings rendered
    assert "<script" not in html.split("<main", 1)[1]


def test_legal_page_sources_render_to_the_stored_bodies(session):
    from engage.core.text import render_markdown
    from engage.site.legal_texts import LEGAL_PAGES

    for slug, texts in LEGAL_PAGES.items():
        page = session.query(SitePage).filter_by(slug=slug).one()
        assert page.body_de == render_markdown(texts["source_de"], rich=True)
        assert page.body_en == render_markdown(texts["source_en"], rich=True)


@pytest.mark.parametrize("slug", ["unknown", "admin", "IMPRESSUM", "impressum.html"])
def test_unknown_pages_are_404(client, slug):
    response = client.get(f"/pages/{slug}", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


# --- language switch -----------------------------------------------------------------------------


def test_language_switch_overrides_the_browser_and_returns_to_the_page(client):
    response = client.post_form(
        "/language", {"lang": "en", "next": "/themes/"}, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/themes/")
    html = _text(client.get("/", headers={"Accept-Language": "de"}))
    assert '<html lang="en">' in html
    assert "Future-proof infrastructure" in html


def test_language_switch_stores_the_choice_of_a_signed_in_person(client, make_user, session):
    user = make_user("citizen", locale="de")
    client.login(user)
    assert client.post_form("/language", {"lang": "en", "next": "/"}).status_code == 303
    session.expire_all()
    assert session.get(User, user.id).locale == "en"


@pytest.mark.parametrize("lang", ["fr", "", "de; DROP TABLE users", "x" * 500])
def test_language_switch_refuses_unknown_languages_and_changes_nothing(client, lang):
    response = client.post_form("/language", {"lang": lang, "next": "/"})
    assert response.status_code == 400
    with client.session_transaction() as sess:
        assert "lang" not in sess
    html = _text(client.get("/", headers={"Accept-Language": "de"}))
    assert '<html lang="de">' in html


def test_language_switch_needs_the_csrf_token(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 400
    with client.session_transaction() as sess:
        assert "lang" not in sess


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_language_switch_never_redirects_to_another_host(client, target):
    response = client.post_form("/language", {"lang": "en", "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "evil.example" not in location
    assert location in ("/", "http://localhost/")
