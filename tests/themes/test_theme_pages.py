"""The theme index and the theme pages with their processes grouped by lifecycle."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import FROZEN_AT

DAY = timedelta(days=1)
EN = {"Accept-Language": "en"}


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _group(html: str, status: str) -> str:
    return html.split(f'id="group-{status}"', 1)[1].split("</section>", 1)[0]


def _titles(fragment: str) -> list[str]:
    return re.findall(r'class="process-card-title"><a href="/processes/\d+">(.*?)</a>', fragment)


@pytest.mark.parametrize(
    ("language", "name", "description"),
    [
        ("de", "Digitale Gesellschaft", "niemand soll zurückbleiben"),
        ("en", "Digital society", "nobody should be left behind"),
    ],
)
def test_theme_index_lists_the_five_themes(client, language, name, description):
    html = _html(client.get("/themes/", headers={"Accept-Language": language}))
    assert html.count('class="card theme-card theme-') == 5
    assert f'<a href="/themes/gesellschaft">{name}</a>' in html
    assert description in html
    assert "style=" not in html


def test_theme_index_counts_processes_per_lifecycle(client, make_process, clock):
    make_process(theme="gesellschaft", phases=[("ideas", FROZEN_AT - DAY, FROZEN_AT + DAY)])
    make_process(theme="gesellschaft", phases=[("ideas", FROZEN_AT + DAY, FROZEN_AT + 2 * DAY)])
    make_process(theme="gesellschaft", status="archived")
    make_process(theme="gesellschaft", status="draft")
    html = _html(client.get("/themes/", headers=EN))
    card = html.split('href="/themes/gesellschaft"', 1)[1].split("</li>\n  </ul>", 1)[0]
    assert "1 running" in card
    assert "1 upcoming" in card
    assert "1 finished" in card


def test_theme_page_groups_processes(client, make_process, clock):
    make_process(
        title="Läuft gerade",
        theme="gesellschaft",
        organisation="senioreneinrichtungen",
        phases=[("ideas", FROZEN_AT - DAY, FROZEN_AT + DAY)],
    )
    make_process(
        title="Kommt noch",
        theme="gesellschaft",
        phases=[("survey", FROZEN_AT + 3 * DAY, FROZEN_AT + 9 * DAY)],
    )
    make_process(
        title="Ist vorbei",
        theme="gesellschaft",
        phases=[("ideas", FROZEN_AT - 9 * DAY, FROZEN_AT - 3 * DAY)],
    )
    make_process(
        title="Im Archiv",
        theme="gesellschaft",
        status="archived",
        phases=[("ideas", FROZEN_AT - 90 * DAY, FROZEN_AT - 60 * DAY)],
    )
    make_process(title="Entwurf", theme="gesellschaft", status="draft")
    make_process(title="Anderes Thema", theme="infrastruktur")
    html = _html(client.get("/themes/gesellschaft", headers=EN))
    assert "<h1>Digital society</h1>" in html
    assert _titles(_group(html, "running")) == ["Läuft gerade"]
    assert _titles(_group(html, "upcoming")) == ["Kommt noch"]
    assert _titles(_group(html, "finished")) == ["Ist vorbei", "Im Archiv"]
    assert "Entwurf" not in html and "Anderes Thema" not in html
    running = _group(html, "running")
    assert "Senioreneinrichtungen Bochum" in running  # organisation shown
    assert "Collecting ideas until" in running  # current phase and its end
    assert "Starts on" in _group(html, "upcoming")
    assert "Ended on" in _group(html, "finished") and "Archived" in _group(html, "finished")


def test_theme_page_shows_empty_groups_in_words(client):
    html = _html(client.get("/themes/wirtschaft-wissenschaft", headers=EN))
    assert "No participation is running at the moment." in html
    assert "No participation is planned at the moment." in html
    assert "No participation has finished yet." in html


def test_theme_page_links_to_the_full_list_when_a_group_is_long(
    client, make_process, count_queries, clock
):
    for n in range(12):
        make_process(
            title=f"Vorbei {n:02d}",
            theme="infrastruktur",
            phases=[("ideas", FROZEN_AT - 30 * DAY, FROZEN_AT - (n + 1) * DAY)],
        )
    html = _html(client.get("/themes/infrastruktur", headers=EN))
    finished = _group(html, "finished")
    assert len(_titles(finished)) == 10
    assert "Show all 12 participations" in finished
    assert re.search(
        r'href="/processes/\?(status=finished&amp;theme=infrastruktur|'
        r'theme=infrastruktur&amp;status=finished)"',
        finished,
    )


def test_theme_page_query_count_is_constant(client, make_process, count_queries, clock):
    def add(count):
        for n in range(count):
            make_process(
                theme="infrastruktur",
                organisation=("bogestra", "usb")[n % 2],
                phases=[("ideas", FROZEN_AT - DAY * (n % 3 - 1), FROZEN_AT + 5 * DAY)],
            )

    add(3)
    client.get("/themes/infrastruktur")
    with count_queries() as few:
        client.get("/themes/infrastruktur")
    add(15)
    with count_queries() as many:
        client.get("/themes/infrastruktur")
    assert many.count == few.count


@pytest.mark.parametrize("slug", ["unbekannt", "INFRASTRUKTUR", "infrastruktur-x", "%3Cb%3E"])
def test_unknown_theme_is_404(client, slug):
    response = client.get(f"/themes/{slug}", headers=EN)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
