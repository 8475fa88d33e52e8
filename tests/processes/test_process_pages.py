"""The public process list (filters, pagination) and the process page (timeline, what now)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import FROZEN_AT

from engage.processes import queries
from engage.processes.queries import Lifecycle

DAY = timedelta(days=1)
EN = {"Accept-Language": "en"}


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _timeline(html: str) -> list[tuple[str, bool, str, str]]:
    """(state class, aria-current, phase name, state text) for every phase of the timeline."""
    section = html.split('id="timeline-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(
        r'<li class="(\w+)"( aria-current="step")?>\s*<h3 class="phase-name">(.*?)</h3>'
        r".*?<strong>\s*(.*?)\s*</strong>",
        section,
        re.S,
    )
    return [(state, bool(current), name, text) for state, current, name, text in items]


def _now_section(html: str) -> str:
    section = html.split('id="now-heading"', 1)[1].split("</section>", 1)[0]
    return " ".join(section.split())


# --- lifecycle ------------------------------------------------------------------------------------

THREE_PHASES = [
    ("ideas", FROZEN_AT - 10 * DAY, FROZEN_AT + 10 * DAY),
    ("support", FROZEN_AT + 10 * DAY, FROZEN_AT + 20 * DAY),
    ("evaluation", FROZEN_AT + 20 * DAY, FROZEN_AT + 40 * DAY),
]


@pytest.mark.parametrize(
    ("at", "status", "expected"),
    [
        (FROZEN_AT - 11 * DAY, "published", Lifecycle.UPCOMING),
        (FROZEN_AT - 10 * DAY, "published", Lifecycle.RUNNING),  # start is inclusive
        (FROZEN_AT, "published", Lifecycle.RUNNING),
        (FROZEN_AT + 39 * DAY, "published", Lifecycle.RUNNING),
        (FROZEN_AT + 40 * DAY, "published", Lifecycle.FINISHED),  # end is exclusive
        (FROZEN_AT - 11 * DAY, "archived", Lifecycle.FINISHED),
        (FROZEN_AT, "archived", Lifecycle.FINISHED),
    ],
)
def test_lifecycle_in_python_and_sql_agree(make_process, session, at, status, expected):
    process = make_process(status=status, phases=THREE_PHASES)
    assert queries.lifecycle(process, at) is expected
    for lifecycle in Lifecycle:
        ids = session.scalars(queries.public_processes(status=lifecycle, at=at)).all()
        assert (process in ids) is (lifecycle is expected)


def test_a_published_process_without_phases_is_upcoming(make_process, session, clock):
    process = make_process(phases=[])
    assert queries.lifecycle(process) is Lifecycle.UPCOMING
    assert process in session.scalars(queries.public_processes(status=Lifecycle.UPCOMING)).all()


def test_public_lists_never_contain_drafts(make_process, session, clock):
    draft = make_process(status="draft")
    for lifecycle in [None, *Lifecycle]:
        assert draft not in session.scalars(queries.public_processes(status=lifecycle)).all()


# --- the list -----------------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_process, clock):
    """Running, upcoming, finished and archived processes of two themes and organisations."""
    return {
        "running": make_process(
            title="Laufend bei der BOGESTRA",
            theme="mobilitaet-umwelt",
            organisation="bogestra",
            phases=[("ideas", FROZEN_AT - DAY, FROZEN_AT + DAY)],
        ),
        "upcoming": make_process(
            title="Bald bei den Stadtwerken",
            theme="infrastruktur",
            organisation="stadtwerke",
            phases=[("survey", FROZEN_AT + 5 * DAY, FROZEN_AT + 9 * DAY)],
        ),
        "finished": make_process(
            title="Vorbei bei der BOGESTRA",
            theme="infrastruktur",
            organisation="bogestra",
            phases=[("ideas", FROZEN_AT - 9 * DAY, FROZEN_AT - 5 * DAY)],
        ),
        "archived": make_process(
            title="Archiv der Stadtwerke",
            theme="mobilitaet-umwelt",
            organisation="stadtwerke",
            status="archived",
            phases=[("ideas", FROZEN_AT - 90 * DAY, FROZEN_AT - 60 * DAY)],
        ),
        "draft": make_process(title="Geheimer Entwurf", status="draft"),
    }


def _titles(html: str) -> list[str]:
    return re.findall(r'class="process-card-title"><a href="/processes/\d+">(.*?)</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Laufend bei der BOGESTRA",
                "Bald bei den Stadtwerken",
                "Vorbei bei der BOGESTRA",
                "Archiv der Stadtwerke",
            ],
        ),
        ("?status=running", ["Laufend bei der BOGESTRA"]),
        ("?status=upcoming", ["Bald bei den Stadtwerken"]),
        ("?status=finished", ["Vorbei bei der BOGESTRA", "Archiv der Stadtwerke"]),
        ("?theme=infrastruktur", ["Bald bei den Stadtwerken", "Vorbei bei der BOGESTRA"]),
        ("?organisation=bogestra", ["Laufend bei der BOGESTRA", "Vorbei bei der BOGESTRA"]),
        ("?organisation=stadtwerke&status=finished", ["Archiv der Stadtwerke"]),
        ("?theme=gesellschaft", []),
    ],
)
def test_process_list_filters(client, catalogue, query, expected):
    html = _html(client.get(f"/processes/{query}", headers=EN))
    assert _titles(html) == expected
    assert "Geheimer Entwurf" not in html
    assert f"{len(expected)} participation" in html


def test_process_list_filter_form_works_without_javascript(client, catalogue):
    html = _html(client.get("/processes/?theme=infrastruktur&status=finished", headers=EN))
    assert '<form method="get" action="/processes/"' in html
    for name in ("theme", "organisation", "status"):
        assert re.search(rf'<label for="filter-{name}">', html)
        assert f'<select id="filter-{name}" name="{name}">' in html
    assert '<option value="infrastruktur" selected>' in html
    assert '<option value="finished" selected>' in html
    assert "Reset filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "?theme=unbekannt",
        "?organisation=%3Cscript%3E",
        "?status=deleted",
        "?status=" + "x" * 3000,
        "?page=abc",
        "?page=-5",
        "?page=99999999999999999999",
        "?theme=infrastruktur&theme=gesellschaft",
    ],
)
def test_process_list_survives_bad_query_strings(client, catalogue, query):
    response = client.get(f"/processes/{query}", headers=EN)
    html = _html(response)
    assert "<script>" not in html.split("<main", 1)[1]
    if "theme=unbekannt" in query or "status=" in query or "organisation" in query:
        assert "were not recognised and have been ignored" in html
        assert len(_titles(html)) == 4


def test_process_list_is_paginated_and_keeps_the_filters(client, make_process, clock):
    for n in range(14):
        make_process(
            title=f"Verfahren {n:02d}",
            theme="gesellschaft",
            phases=[("ideas", FROZEN_AT - DAY, FROZEN_AT + (n + 1) * DAY)],
        )
    make_process(title="Anderes Thema", theme="infrastruktur")
    first = _html(client.get("/processes/?theme=gesellschaft", headers=EN))
    assert len(_titles(first)) == 12
    assert "14 participations" in first
    assert 'href="/processes/?page=2&amp;theme=gesellschaft"' in first or (
        'href="/processes/?theme=gesellschaft&amp;page=2"' in first
    )
    second = _html(client.get("/processes/?theme=gesellschaft&page=2", headers=EN))
    assert _titles(second) == ["Verfahren 12", "Verfahren 13"]
    assert 'aria-current="page"' in second
    beyond = _html(client.get("/processes/?theme=gesellschaft&page=7", headers=EN))
    assert _titles(beyond) == []
    assert "Back to the first page" in beyond


def test_process_list_query_count_is_constant(client, make_process, count_queries, clock):
    def add(count):
        for n in range(count):
            make_process(
                organisation=("bogestra", "usb", "stadtwerke")[n % 3],
                theme=("infrastruktur", "gesellschaft")[n % 2],
                phases=[
                    ("ideas", FROZEN_AT - DAY, FROZEN_AT + DAY),
                    ("evaluation", FROZEN_AT + DAY, FROZEN_AT + 9 * DAY),
                ],
            )

    add(2)
    client.get("/processes/")
    with count_queries() as few:
        client.get("/processes/")
    add(10)
    with count_queries() as many:
        html = _html(client.get("/processes/"))
    assert len(_titles(html)) == 12
    assert many.count == few.count, many.statements


# --- the process page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected_states", "now_text"),
    [
        (
            FROZEN_AT - 20 * DAY,
            [("before", False, "Upcoming")] * 3,
            "Nothing is open yet. This participation starts on",
        ),
        (
            FROZEN_AT,
            [
                ("during", True, "Running now"),
                ("before", False, "Upcoming"),
                ("before", False, "Upcoming"),
            ],
            "Current phase: Collecting ideas, until",
        ),
        (
            FROZEN_AT + 15 * DAY,
            [
                ("after", False, "Completed"),
                ("during", True, "Running now"),
                ("before", False, "Upcoming"),
            ],
            "Current phase: Supporting, until",
        ),
        (
            FROZEN_AT + 50 * DAY,
            [("after", False, "Completed")] * 3,
            "This participation has ended on",
        ),
    ],
)
def test_timeline_states_follow_the_clock(
    client, make_process, clock, at, expected_states, now_text
):
    process = make_process(title="Zeitleiste", phases=THREE_PHASES)
    clock.set(at)
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    timeline = _timeline(html)
    assert [(s, c, t) for s, c, _name, t in timeline] == expected_states
    assert [name for *_rest, name, _t in [(s, c, n, t) for s, c, n, t in timeline]] == [
        "Collecting ideas",
        "Supporting",
        "Evaluation",
    ]
    assert html.count('aria-current="step"') == sum(c for _s, c, _n, _t in timeline)
    assert now_text in _now_section(html)


def test_timeline_shows_dates_in_berlin_time(client, make_process, clock):
    process = make_process(
        phases=[("ideas", FROZEN_AT, FROZEN_AT + 3 * DAY)]  # 10:00 UTC = 12:00 in Berlin (CEST)
    )
    html = _html(client.get(f"/processes/{process.id}", headers={"Accept-Language": "de"}))
    assert '<time datetime="2026-05-04T10:00:00+00:00">04.05.2026, 12:00</time>' in html
    assert '<time datetime="2026-05-07T10:00:00+00:00">07.05.2026, 12:00</time>' in html


def test_what_you_can_do_now_lists_the_actions_of_the_current_phase(client, make_process, clock):
    process = make_process(phases=THREE_PHASES)
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    now = _now_section(html)
    assert "Submit your own ideas." in now
    assert "Support the ideas you want to see realised." in now
    assert "Discuss the ideas in the comments." in now
    assert "Answer the survey." not in now
    assert "please sign in or register" in now
    assert "Next: Supporting from" in now


def test_what_you_can_do_now_between_two_phases(client, make_process, clock):
    process = make_process(
        phases=[
            ("survey", FROZEN_AT - 9 * DAY, FROZEN_AT - 2 * DAY),
            ("comment", FROZEN_AT + 2 * DAY, FROZEN_AT + 9 * DAY),
        ]
    )
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    assert "Nothing is open at the moment. The next phase, Commenting on a draft, starts on" in (
        _now_section(html)
    )
    assert [s for s, *_ in _timeline(html)] == ["after", "before"]
    assert 'aria-current="step"' not in html
    assert 'id="surveys-heading"' in html and 'id="drafts-heading"' in html
    assert 'id="ideas-heading"' not in html


def test_signed_in_citizens_are_not_asked_to_sign_in(client, make_process, make_user, clock):
    process = make_process(phases=THREE_PHASES)
    client.login(make_user("citizen"))
    now = _now_section(_html(client.get(f"/processes/{process.id}", headers=EN)))
    assert "Submit your own ideas." in now
    assert "please sign in" not in now


def test_archived_process_page_opens_nothing(client, make_process, clock):
    process = make_process(status="archived", phases=THREE_PHASES)
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    assert "This participation has been archived." in _now_section(html)
    assert "Submit your own ideas." not in html
    assert 'aria-current="step"' not in html
    assert [s for s, *_ in _timeline(html)] == ["closed", "closed", "closed"]


def test_process_page_shows_facts_and_sanitised_description(client, make_process, session, clock):
    process = make_process(
        title="Mobilstationen in Wattenscheid", district="wattenscheid", moderation="pre"
    )
    process.description = "<p>Mehr <strong>Bus</strong> und Bahn</p>"
    session.flush()
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    assert "<h1>Mobilstationen in Wattenscheid</h1>" in html
    assert "<p>Mehr <strong>Bus</strong> und Bahn</p>" in html
    assert "Wattenscheid" in html
    assert "Pre-moderation: new content waits for approval" in html
    assert 'href="/organisations/bogestra">BOGESTRA</a>' in html
    assert 'href="/themes/mobilitaet-umwelt"' in html
    assert "style=" not in html


def test_process_page_in_german_shows_german_theme_names(client, make_process, clock):
    process = make_process()
    html = _html(client.get(f"/processes/{process.id}", headers={"Accept-Language": "de"}))
    assert '<html lang="de">' in html
    assert "Nachhaltige Mobilität und Umweltschutz" in html


def test_process_title_is_escaped(client, make_process, clock):
    process = make_process(title="<script>alert(1)</script> Beteiligung")
    html = _html(client.get(f"/processes/{process.id}", headers=EN))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Beteiligung" in html


def test_readable_address_renders_and_outdated_slugs_redirect(client, make_process, clock):
    process = make_process(title="Lesbar")
    html = _html(client.get(f"/processes/{process.id}/{process.slug}", headers=EN))
    assert "<h1>Lesbar</h1>" in html
    assert f'rel="canonical" href="http://localhost/processes/{process.id}"' in html
    old = client.get(f"/processes/{process.id}/alter-name")
    assert old.status_code == 301
    assert old.headers["Location"].endswith(f"/processes/{process.id}/{process.slug}")


@pytest.mark.parametrize("path", ["/processes/999999", "/processes/999999/slug", "/processes/abc"])
def test_unknown_processes_are_404(client, path):
    assert client.get(path).status_code == 404


# role → sees a draft of BOGESTRA
DRAFT_VISIBILITY = {
    "visitor": False,
    "citizen": False,
    "moderator_other": False,
    "innovation": False,
    "moderator_own": True,
    "admin": True,
}


@pytest.mark.parametrize(("role", "visible"), list(DRAFT_VISIBILITY.items()))
def test_drafts_are_404_except_for_their_managers(
    client, make_process, make_user, clock, role, visible
):
    process = make_process(title="Entwurf", status="draft", organisation="bogestra")
    if role != "visitor":
        base_role = role.split("_")[0]
        orgs = {"moderator_own": ("bogestra",), "moderator_other": ("usb",)}.get(role, ())
        client.login(make_user(base_role, organisations=orgs))
    for path in (f"/processes/{process.id}", f"/processes/{process.id}/{process.slug}"):
        response = client.get(path, headers=EN)
        assert response.status_code == (200 if visible else 404)
        if visible:
            assert "This participation is a draft." in response.get_data(as_text=True)


def test_process_page_query_count_does_not_grow_with_phases(
    client, make_process, count_queries, clock
):
    few = make_process(phases=THREE_PHASES[:1])
    many = make_process(
        phases=[("ideas", FROZEN_AT + n * DAY, FROZEN_AT + (n + 1) * DAY) for n in range(-4, 8)]
    )
    client.get(f"/processes/{few.id}")
    with count_queries() as one:
        client.get(f"/processes/{few.id}")
    with count_queries() as twelve:
        html = _html(client.get(f"/processes/{many.id}"))
    assert len(_timeline(html)) == 12
    assert twelve.count == one.count
