"""GET /processes and GET /processes/{id}: filters, phases, current phase, drafts, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_helpers import API, ApiClient, error_of
from conftest import FROZEN_AT

from engage.accounts.tokens import create_api_token

DAY = timedelta(days=1)


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


@pytest.fixture
def token_for(session):
    def make(user) -> str:
        _row, plaintext = create_api_token(user, "test", 30)
        session.flush()
        return plaintext

    return make


def three_phases():
    """ideas (past), support (now), evaluation (future) around FROZEN_AT."""
    return [
        ("ideas", FROZEN_AT - 20 * DAY, FROZEN_AT - 10 * DAY),
        ("support", FROZEN_AT - 10 * DAY, FROZEN_AT + 5 * DAY),
        ("evaluation", FROZEN_AT + 5 * DAY, FROZEN_AT + 30 * DAY),
    ]


def ids(response) -> set[int]:
    return {p["id"] for p in response.get_json()["items"]}


def test_a_process_with_its_phases(api, clock, make_process):
    process = make_process(title="Mehr Fahrradbügel", phases=three_phases(), district="mitte")
    response = api.get(f"/processes/{process.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == process.id
    assert body["title"] == "Mehr Fahrradbügel"
    assert body["summary"] == "Eine Beteiligung für Tests."
    assert body["theme"] == "mobilitaet-umwelt"
    assert body["organisation"] == "bogestra"
    assert body["status"] == "published"
    assert body["moderation"] == "post"
    assert body["district"] == "mitte"
    assert body["surveys"] == [] and body["drafts"] == [] and body["ideas_count"] == 0
    assert body["url"] == f"http://localhost/processes/{process.id}"
    assert [p["kind"] for p in body["phases"]] == ["ideas", "support", "evaluation"]
    first = body["phases"][0]
    assert first["start"] == (FROZEN_AT - 20 * DAY).isoformat()
    assert first["start"].endswith("+00:00")
    assert first["end"] == "2026-04-24T10:00:00+00:00"
    assert first["title"]  # the kind's name when the phase has no own title
    assert body["current_phase"]["kind"] == "support"
    assert body["current_phase"]["id"] == body["phases"][1]["id"]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (FROZEN_AT - 30 * DAY, None),  # before the first phase
        (FROZEN_AT - 20 * DAY, "ideas"),  # the start is inclusive
        (FROZEN_AT - 10 * DAY - timedelta(seconds=1), "ideas"),
        (FROZEN_AT - 10 * DAY, "support"),  # the end is exclusive
        (FROZEN_AT, "support"),
        (FROZEN_AT + 29 * DAY, "evaluation"),
        (FROZEN_AT + 30 * DAY, None),  # after the last phase
    ],
)
def test_current_phase_follows_the_clock(api, clock, make_process, at, expected):
    process = make_process(phases=three_phases())
    clock.set(at)
    for response in (api.get(f"/processes/{process.id}"), api.get("/processes")):
        body = response.get_json()
        item = (
            body if "items" not in body else next(p for p in body["items"] if p["id"] == process.id)
        )
        current = item["current_phase"]
        assert (current["kind"] if current else None) == expected


def test_a_gap_between_phases_has_no_current_phase(api, clock, make_process):
    process = make_process(
        phases=[
            ("ideas", FROZEN_AT - 10 * DAY, FROZEN_AT - DAY),
            ("survey", FROZEN_AT + DAY, FROZEN_AT + 10 * DAY),
        ]
    )
    assert api.get(f"/processes/{process.id}").get_json()["current_phase"] is None


def test_archived_processes_are_public_without_current_phase(api, clock, make_process):
    process = make_process(status="archived")
    body = api.get(f"/processes/{process.id}").get_json()
    assert body["status"] == "archived"
    assert body["current_phase"] is None


def test_filters(api, clock, make_process):
    bus = make_process(theme="mobilitaet-umwelt", organisation="bogestra")
    wlan = make_process(theme="infrastruktur", organisation="stadtwerke")
    old = make_process(theme="infrastruktur", organisation="bogestra", status="archived")
    draft = make_process(theme="infrastruktur", organisation="bogestra", status="draft")
    everything = ids(api.get("/processes"))
    assert {bus.id, wlan.id, old.id} <= everything
    assert draft.id not in everything
    assert ids(api.get("/processes?theme=infrastruktur")) == {wlan.id, old.id}
    assert ids(api.get("/processes?organisation=bogestra")) == {bus.id, old.id}
    assert ids(api.get("/processes?theme=infrastruktur&organisation=bogestra")) == {old.id}
    assert ids(api.get("/processes?status=archived")) == {old.id}
    assert ids(api.get("/processes?status=published")) == {bus.id, wlan.id}
    assert ids(api.get("/processes?theme=gesellschaft")) == set()
    assert ids(api.get("/processes?theme=&organisation=&status=")) == {bus.id, wlan.id, old.id}


def test_lifecycle_filter(api, clock, make_process):
    running = make_process()
    upcoming = make_process(phases=[("ideas", FROZEN_AT + DAY, FROZEN_AT + 9 * DAY)])
    finished = make_process(phases=[("ideas", FROZEN_AT - 9 * DAY, FROZEN_AT - DAY)])
    assert ids(api.get("/processes?lifecycle=running")) == {running.id}
    assert ids(api.get("/processes?lifecycle=upcoming")) == {upcoming.id}
    assert ids(api.get("/processes?lifecycle=finished")) == {finished.id}
    listed = [p["id"] for p in api.get("/processes").get_json()["items"]]
    assert listed == [running.id, upcoming.id, finished.id]  # running first


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("theme=nirgendwo", "theme"),
        ("organisation=nobody", "organisation"),
        ("status=draft", "status"),
        ("status=unknown", "status"),
        ("lifecycle=soon", "lifecycle"),
        ("theme=" + "x" * 500, "theme"),
        ("theme=%00", "theme"),
        ("organisation=bog%00estra", "organisation"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=100000", "per_page"),
        ("per_page=%00", "per_page"),
    ],
)
def test_bad_parameters_are_named(api, make_process, query, field):
    response = api.get(f"/processes?{query}")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert all(isinstance(m, str) and m for m in error["fields"][field])


def test_per_page_maximum_comes_from_the_configuration(app, api, make_process):
    for _ in range(3):
        make_process()
    old = app.config["API_MAX_PER_PAGE"]
    app.config["API_MAX_PER_PAGE"] = 2
    try:
        assert api.get("/processes?per_page=3").status_code == 422
        body = api.get("/processes?per_page=2").get_json()
    finally:
        app.config["API_MAX_PER_PAGE"] = old
    assert len(body["items"]) == 2 and body["total"] == 3
    assert api.get("/processes?per_page=100").status_code == 200


def test_messages_follow_the_language(api):
    german = error_of(api.get("/processes?page=abc", lang="de"))
    english = error_of(api.get("/processes?page=abc", lang="en"))
    assert german["message"] == "Bitte korrigieren Sie die markierten Felder."
    assert english["message"] == "Please correct the marked fields."
    assert english["fields"]["page"] == ["Please give a whole number."]


@pytest.mark.parametrize("process_id", ["0", "2147483648", "99999999999999999999999"])
def test_impossible_ids_are_404(api, process_id):
    response = api.get(f"/processes/{process_id}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("path", ["/processes/-1", "/processes/abc", "/processes/1.5", "/nothing"])
def test_paths_that_do_not_exist_are_404_json(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unknown_process_is_404(api, make_process):
    process = make_process()
    assert api.get(f"/processes/{process.id + 1000}").status_code == 404


def test_wrong_method_is_405_json(api, make_process):
    process = make_process()
    response = api.client.delete(f"{API}/processes/{process.id}")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


# Who sees a draft process of BOGESTRA (404 for everybody else, as for an unknown id).
DRAFT_VISIBILITY = [
    (None, (), 404),
    ("citizen", (), 404),
    ("moderator", ("stadtwerke",), 404),
    ("innovation", (), 404),
    ("moderator", ("bogestra",), 200),
    ("admin", (), 200),
]


@pytest.mark.parametrize(("role", "organisations", "status"), DRAFT_VISIBILITY)
def test_draft_processes(api, make_user, make_process, token_for, role, organisations, status):
    draft = make_process(status="draft", organisation="bogestra")
    token = token_for(make_user(role, organisations=organisations)) if role else None
    response = api.get(f"/processes/{draft.id}", token=token)
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["status"] == "draft"
        assert response.headers["Cache-Control"] == "no-store"
    else:
        assert error_of(response)["code"] == "not_found"
    # Never in the public list, not even for those who may see it.
    assert draft.id not in ids(api.get("/processes", token=token))


def test_query_count_does_not_grow_with_the_processes(
    api, session, clock, make_process, count_queries
):
    make_process(phases=three_phases())
    session.expire_all()
    with count_queries() as one:
        assert api.get("/processes").get_json()["total"] == 1
    for n in range(8):
        make_process(
            phases=three_phases(),
            theme=("infrastruktur", "gesellschaft")[n % 2],
            organisation=("stadtwerke", "usb", "bogestra")[n % 3],
        )
    session.expire_all()
    with count_queries() as nine:
        body = api.get("/processes").get_json()
    assert body["total"] == 9
    assert all(p["current_phase"]["kind"] == "support" for p in body["items"])
    assert nine.count == one.count
    # 5, plus one GROUP BY per figure an area registers (ideas_count, surveys, drafts): fixed.
    assert one.count <= 8, one.statements


def test_process_extra_hook_fills_the_figures(api, make_process, count_queries, monkeypatch):
    from engage.api.endpoints import processes as module

    seen = []

    def counts(process_ids):
        seen.append(list(process_ids))
        return {process_ids[0]: 7}

    monkeypatch.setitem(module._extras, "ideas_count", (counts, lambda: 0))
    first, second = make_process(), make_process()
    body = api.get("/processes").get_json()
    by_id = {p["id"]: p["ideas_count"] for p in body["items"]}
    assert len(seen) == 1  # one call per page, not one per process
    assert sorted(seen[0]) == sorted([first.id, second.id])
    assert sorted(by_id.values()) == [0, 7]
