"""The staff process editor: processes and phases, for moderators of the owner and admins."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _frozen(clock):
    """The default phase of make_process runs around FROZEN_AT."""


from datetime import UTC, datetime, timedelta  # noqa: E402

from conftest import FROZEN_AT  # noqa: E402

from engage.organisations.models import Organisation  # noqa: E402
from engage.processes import operations as ops  # noqa: E402
from engage.processes.models import Phase, Process  # noqa: E402
from engage.themes.models import Theme  # noqa: E402


def _id(session, model, slug):
    return session.query(model).filter_by(slug=slug).one().id


@pytest.fixture
def bogestra_moderator(client, make_user):
    user = make_user("moderator", organisations=("bogestra",), name="Bodo Bogestra")
    client.login(user)
    return user


@pytest.fixture
def valid(session):
    return {
        "title": "Neue Buslinien für Bochum",
        "summary": "Wo fehlen Busse? Sagen Sie es uns.",
        "description": "## Worum es geht\n\nWir planen **neue** Linien.",
        "theme": _id(session, Theme, "mobilitaet-umwelt"),
        "organisation": _id(session, Organisation, "bogestra"),
        "district": "",
        "moderation": "pre",
        "support_limit": "",
        "status": "draft",
    }


def _phase_form(**changes):
    data = {
        "kind": "ideas",
        "title": "",
        "description": "",
        "start_dt": "2026-06-01T09:00",
        "end_dt": "2026-06-15T18:00",
    }
    return {**data, **changes}


# --- the list --------------------------------------------------------------------------------


def test_list_shows_only_the_moderators_processes(client, bogestra_moderator, make_process):
    make_process(title="Bus und Bahn im Takt", organisation="bogestra", status="draft")
    make_process(title="Strom vom Dach", organisation="stadtwerke")
    html = client.get("/admin/processes/").get_data(as_text=True)
    assert "Bus und Bahn im Takt" in html
    assert "Strom vom Dach" not in html
    assert "You may manage 1 participation." in html
    assert "Collecting ideas" in html  # the current phase


def test_admin_lists_all_processes(client, make_user, make_process):
    client.login(make_user("admin"))
    make_process(title="Bus und Bahn im Takt", organisation="bogestra")
    make_process(title="Strom vom Dach", organisation="stadtwerke")
    html = client.get("/admin/processes/").get_data(as_text=True)
    assert "Bus und Bahn im Takt" in html and "Strom vom Dach" in html


def test_list_query_count_does_not_grow(client, bogestra_moderator, make_process, count_queries):
    make_process(organisation="bogestra")
    client.get("/admin/processes/")  # warm: the signed-in user's memberships are loaded once
    with count_queries() as few:
        client.get("/admin/processes/")
    for _ in range(8):
        make_process(organisation="bogestra")
    with count_queries() as many:
        client.get("/admin/processes/")
    assert many.count == few.count


# --- creating and editing processes ----------------------------------------------------------


def test_organisation_choices_are_the_moderators(session, client, bogestra_moderator):
    html = client.get("/admin/processes/new").get_data(as_text=True)
    assert f'<option value="{_id(session, Organisation, "bogestra")}">BOGESTRA</option>' in html
    assert "Stadtwerke Bochum" not in html


def test_create(session, client, bogestra_moderator, valid):
    response = client.post_form("/admin/processes/new", valid)
    assert response.status_code == 303
    process = session.query(Process).filter_by(title="Neue Buslinien für Bochum").one()
    assert response.headers["Location"].endswith(f"/admin/processes/{process.id}")
    assert process.slug == "neue-buslinien-fuer-bochum"
    assert (
        process.description
        == "<h2>Worum es geht</h2>\n<p>Wir planen <strong>neue</strong> Linien.</p>"
    )
    assert (process.moderation, process.status, process.district) == ("pre", "draft", None)
    assert process.organisation.slug == "bogestra"
    assert process.support_limit is None
    assert process.phases == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The participation has been created. Now add its phases." in page
    assert "This participation has no phases yet." in page


def test_create_with_all_options(session, client, bogestra_moderator, valid):
    data = {**valid, "district": "wattenscheid", "support_limit": "5", "status": "published"}
    client.post_form("/admin/processes/new", data)
    process = session.query(Process).filter_by(title="Neue Buslinien für Bochum").one()
    assert (process.district, process.support_limit, process.status) == (
        "wattenscheid",
        5,
        "published",
    )


def test_cannot_create_for_another_organisation(session, client, bogestra_moderator, valid):
    data = {**valid, "organisation": _id(session, Organisation, "stadtwerke")}
    response = client.post_form("/admin/processes/new", data)
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert session.query(Process).count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "T" * 161}, "title"),
        ({"summary": ""}, "summary"),
        ({"summary": "S" * 401}, "summary"),
        ({"description": "D" * 20_001}, "description"),
        ({"theme": "999999"}, "theme"),
        ({"theme": "abc"}, "theme"),
        ({"district": "bottrop"}, "district"),
        ({"moderation": "none"}, "moderation"),
        ({"support_limit": "0"}, "support_limit"),
        ({"support_limit": "1001"}, "support_limit"),
        ({"support_limit": "many"}, "support_limit"),
        ({"status": "deleted"}, "status"),
    ],
)
def test_bad_process_input_creates_nothing(
    session, client, bogestra_moderator, valid, changes, field
):
    response = client.post_form("/admin/processes/new", {**valid, **changes})
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert session.query(Process).count() == 0


def test_edit_prefills_and_saves(session, client, bogestra_moderator, make_process, valid):
    process = make_process(organisation="bogestra")
    process.description = "<p>Mit <em>Betonung</em></p>"
    html = client.get(f"/admin/processes/{process.id}").get_data(as_text=True)
    assert f'value="{process.title}"' in html
    assert "Mit *Betonung*</textarea>" in html
    response = client.post_form(
        f"/admin/processes/{process.id}", {**valid, "title": "Umbenannt", "status": "archived"}
    )
    assert response.status_code == 303
    session.refresh(process)
    assert (process.title, process.slug, process.status) == ("Umbenannt", "umbenannt", "archived")


def test_moderator_cannot_move_a_process_to_another_organisation(
    session, client, bogestra_moderator, make_process, valid
):
    process = make_process(organisation="bogestra")
    data = {**valid, "organisation": _id(session, Organisation, "stadtwerke")}
    response = client.post_form(f"/admin/processes/{process.id}", data)
    assert "Not a valid choice" in response.get_data(as_text=True)
    session.refresh(process)
    assert process.organisation.slug == "bogestra"


def test_moderator_of_all_and_admin_manage_any_process(session, client, make_user, make_process):
    process = make_process(organisation="stadtwerke")
    for person in (make_user("moderator", all_organisations=True), make_user("admin")):
        client.login(person)
        assert client.get(f"/admin/processes/{process.id}").status_code == 200


# --- the other organisation's process: 403 everywhere ----------------------------------------


@pytest.fixture
def stadtwerke_process(make_process):
    return make_process(title="Strom vom Dach", organisation="stadtwerke")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "/phases/new"),
        ("post", "/phases/new"),
        ("get", "/phases/{phase}"),
        ("post", "/phases/{phase}"),
        ("get", "/phases/{phase}/delete"),
        ("post", "/phases/{phase}/delete"),
    ],
)
def test_bogestra_moderator_gets_403_on_a_stadtwerke_process(
    session, client, bogestra_moderator, stadtwerke_process, valid, method, path
):
    process = stadtwerke_process
    phase = process.phases[0]
    url = f"/admin/processes/{process.id}" + path.format(phase=phase.id)
    if method == "get":
        response = client.get(url)
    else:
        data = {**valid, **_phase_form(), "organisation": _id(session, Organisation, "bogestra")}
        response = client.post_form(url, data)
    assert response.status_code == 403
    session.refresh(process)
    assert process.title == "Strom vom Dach"
    assert process.organisation.slug == "stadtwerke"
    assert [(p.kind, p.start_dt) for p in process.phases] == [("ideas", phase.start_dt)]


def test_drafts_of_others_are_not_revealed(client, bogestra_moderator, make_process):
    process = make_process(organisation="stadtwerke", status="draft", title="Geheimer Entwurf")
    response = client.get(f"/admin/processes/{process.id}")
    assert response.status_code == 403
    assert "Geheimer Entwurf" not in response.get_data(as_text=True)


# --- phases ----------------------------------------------------------------------------------


@pytest.fixture
def empty_process(make_process):
    return make_process(organisation="bogestra", phases=[])


def test_add_phase_converts_local_time_to_utc(session, client, bogestra_moderator, empty_process):
    response = client.post_form(
        f"/admin/processes/{empty_process.id}/phases/new",
        _phase_form(title="Ideen sammeln", description="Bis Mitte Juni."),
    )
    assert response.status_code == 303
    session.refresh(empty_process)
    [phase] = empty_process.phases
    assert phase.kind == "ideas"
    assert (phase.title, phase.description) == ("Ideen sammeln", "Bis Mitte Juni.")
    # Summer time in Bochum: UTC+2.
    assert phase.start_dt == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert phase.end_dt == datetime(2026, 6, 15, 16, 0, tzinfo=UTC)


def test_winter_time_is_utc_plus_one(session, client, bogestra_moderator, empty_process):
    client.post_form(
        f"/admin/processes/{empty_process.id}/phases/new",
        _phase_form(start_dt="2026-12-01T09:00", end_dt="2027-01-10 18:00"),
    )
    session.refresh(empty_process)
    [phase] = empty_process.phases
    assert phase.start_dt == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert phase.end_dt == datetime(2027, 1, 10, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_dt": "2026-05-31T09:00"}, "end_dt", "The end must be after the start."),
        ({"end_dt": "2026-06-01T09:00"}, "end_dt", "The end must be after the start."),
        ({"start_dt": ""}, "start_dt", "Please enter when the phase starts."),
        ({"end_dt": "tomorrow"}, "end_dt", "Not a valid datetime value."),
        ({"start_dt": "2026-02-30T09:00"}, "start_dt", "Not a valid datetime value."),
        (
            {"start_dt": "1999-06-01T09:00"},
            "start_dt",
            "Please enter a date between 2000 and 2100.",
        ),
        (
            {"start_dt": "2026-03-29T02:30"},
            "start_dt",
            "This time does not exist in Bochum because the clocks are put forward.",
        ),
        ({"kind": "party"}, "kind", "Not a valid choice"),
        ({"title": "T" * 121}, "title", "Field cannot be longer than 120 characters."),
        ({"description": "D" * 2001}, "description", "cannot be longer than 2000 characters"),
    ],
)
def test_bad_phase_input_adds_nothing(
    session, client, bogestra_moderator, empty_process, changes, field, message
):
    response = client.post_form(
        f"/admin/processes/{empty_process.id}/phases/new", _phase_form(**changes)
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    session.refresh(empty_process)
    assert empty_process.phases == []


def test_overlapping_phases_are_refused(session, client, bogestra_moderator, make_process):
    process = make_process(organisation="bogestra")  # ideas: FROZEN_AT - 7 d to + 21 d
    response = client.post_form(
        f"/admin/processes/{process.id}/phases/new",
        _phase_form(kind="survey", start_dt="2026-05-20T00:00", end_dt="2026-06-30T00:00"),
    )
    html = response.get_data(as_text=True)
    assert 'id="start_dt-error"' in html
    assert "This phase overlaps with the phase “Collecting ideas”" in html
    session.refresh(process)
    assert len(process.phases) == 1


def test_a_phase_around_another_is_refused_at_its_end(
    session, client, bogestra_moderator, make_process
):
    process = make_process(organisation="bogestra")
    response = client.post_form(
        f"/admin/processes/{process.id}/phases/new",
        _phase_form(kind="survey", start_dt="2026-04-01T00:00", end_dt="2026-07-01T00:00"),
    )
    assert 'id="end_dt-error"' in response.get_data(as_text=True)
    session.refresh(process)
    assert len(process.phases) == 1


def test_adjacent_phases_are_fine_and_ordered(session, client, bogestra_moderator, make_process):
    process = make_process(organisation="bogestra")
    ideas_start = process.phases[0].start_dt
    # A phase right before the ideas phase (ending when it starts: windows are half-open).
    before_local = (ideas_start - timedelta(days=7)).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    )
    start_local = ideas_start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    response = client.post_form(
        f"/admin/processes/{process.id}/phases/new",
        _phase_form(
            kind="survey",
            start_dt=before_local.strftime("%Y-%m-%dT%H:%M"),
            end_dt=start_local.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 303
    session.refresh(process)
    assert [(p.kind, p.position) for p in process.phases] == [("survey", 0), ("ideas", 1)]


def test_new_phase_form_suggests_the_time_after_the_last_phase(
    client, bogestra_moderator, make_process
):
    process = make_process(organisation="bogestra")
    html = client.get(f"/admin/processes/{process.id}/phases/new").get_data(as_text=True)
    end = FROZEN_AT + timedelta(days=21)  # 2026-05-25 10:00 UTC = 12:00 in Bochum
    assert end.day == 25
    assert 'value="2026-05-25T12:00"' in html


def test_edit_phase(session, client, bogestra_moderator, make_process):
    process = make_process(organisation="bogestra")
    phase = process.phases[0]
    html = client.get(f"/admin/processes/{process.id}/phases/{phase.id}").get_data(as_text=True)
    assert 'value="2026-04-27T12:00"' in html  # FROZEN_AT - 7 days, local time
    # Shrinking its own window does not count as an overlap with itself.
    response = client.post_form(
        f"/admin/processes/{process.id}/phases/{phase.id}",
        _phase_form(kind="support", start_dt="2026-04-28T12:00", end_dt="2026-05-20T12:00"),
    )
    assert response.status_code == 303
    session.refresh(phase)
    assert phase.kind == "support"
    assert phase.start_dt == datetime(2026, 4, 28, 10, 0, tzinfo=UTC)


def test_edit_phase_refuses_overlap(session, client, bogestra_moderator, make_process):
    start = FROZEN_AT + timedelta(days=30)
    process = make_process(
        organisation="bogestra",
        phases=[
            ("ideas", FROZEN_AT, start),
            ("survey", start, start + timedelta(days=10)),
        ],
    )
    survey = process.phases[1]
    response = client.post_form(
        f"/admin/processes/{process.id}/phases/{survey.id}",
        _phase_form(kind="survey", start_dt="2026-05-20T00:00", end_dt="2026-06-20T00:00"),
    )
    assert "overlaps with the phase “Collecting ideas”" in response.get_data(as_text=True)
    session.refresh(survey)
    assert survey.start_dt == start


def test_delete_phase(session, client, bogestra_moderator, make_process):
    start = FROZEN_AT + timedelta(days=30)
    process = make_process(
        organisation="bogestra",
        phases=[("ideas", FROZEN_AT, start), ("survey", start, start + timedelta(days=10))],
    )
    ideas = process.phases[0]
    url = f"/admin/processes/{process.id}/phases/{ideas.id}/delete"
    html = client.get(url).get_data(as_text=True)
    assert "Delete the phase “Collecting ideas”?" in html
    response = client.post_form(url)
    assert response.status_code == 303
    session.refresh(process)
    assert [(p.kind, p.position) for p in process.phases] == [("survey", 0)]
    assert session.get(Phase, ideas.id) is None


def test_phase_of_another_process_is_404(client, bogestra_moderator, make_process):
    mine = make_process(organisation="bogestra")
    other = make_process(organisation="bogestra")
    foreign = other.phases[0].id
    assert client.get(f"/admin/processes/{mine.id}/phases/{foreign}").status_code == 404
    assert (
        client.post_form(f"/admin/processes/{mine.id}/phases/{foreign}/delete").status_code == 404
    )
    assert client.get(f"/admin/processes/{mine.id}/phases/999999").status_code == 404


@pytest.mark.parametrize("path", ["/admin/processes/new", "{process}/phases/new", "{delete}"])
def test_missing_csrf_is_400(session, client, bogestra_moderator, make_process, valid, path):
    process = make_process(organisation="bogestra")
    phase = process.phases[0]
    url = path.format(
        process=f"/admin/processes/{process.id}",
        delete=f"/admin/processes/{process.id}/phases/{phase.id}/delete",
    )
    response = client.post(
        url, data={**valid, **_phase_form(start_dt="2027-01-01T00:00", end_dt="2027-02-01T00:00")}
    )
    assert response.status_code == 400
    session.refresh(process)
    assert len(process.phases) == 1
    assert session.query(Process).count() == 1


# --- the operations, as the API will call them -----------------------------------------------


def test_operations_validate_on_their_own(app, session, make_process):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        _check_operations(make_process, session)


def _check_operations(make_process, session):
    process = make_process(organisation="bogestra")
    with pytest.raises(ops.InvalidInput) as error:
        ops.add_phase(
            process,
            kind="unknown",
            start_dt=FROZEN_AT,
            end_dt=FROZEN_AT - timedelta(hours=1),
        )
    assert set(error.value.fields) == {"kind", "end_dt"}
    with pytest.raises(ops.InvalidInput) as error:
        ops.add_phase(process, kind="survey", start_dt=FROZEN_AT, end_dt=None)
    assert set(error.value.fields) == {"end_dt"}
    with pytest.raises(ops.InvalidInput) as error:
        ops.update_process(
            process,
            title="",
            summary="",
            description="",
            theme=None,
            organisation=process.organisation,
            moderation="sometimes",
            support_limit=0,
            status="gone",
        )
    assert set(error.value.fields) == {"title", "theme", "moderation", "support_limit", "status"}
    session.refresh(process)
    assert process.title.startswith("Beteiligung")
