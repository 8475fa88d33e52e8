"""The idea endpoints of the API; every answer is checked against the OpenAPI document."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from idea_fixtures import *  # noqa: F403
from idea_fixtures import DAY, WINDOWS
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))
from api_helpers import API, ApiClient, error_of

from engage.accounts.tokens import create_api_token
from engage.ideas import operations as ops
from engage.ideas.models import Comment, Flag, Idea, IdeaStatus, Support

TITLE = "Mehr Fahrradbügel am Hauptbahnhof"


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


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def state(session) -> tuple[int, ...]:
    return tuple(count(session, m) for m in (Idea, Support, Comment, Flag))


def test_document_is_valid_and_has_the_idea_endpoints(api):
    from openapi_spec_validator import validate

    document = api.checker.document
    validate(document)
    for path in ("/ideas", "/ideas/{idea_id}", "/ideas/{idea_id}/support", "/flags"):
        assert path in document["paths"]
    assert set(document["paths"]["/ideas/{idea_id}/support"]) == {"put", "delete"}


def test_list_and_get(api, session, make_idea, citizen, token_for, make_process):
    idea = make_idea(TITLE, district="mitte", tags="rad, bahnhof", lat=51.48, lon=7.22)
    make_idea("Sitzbänke im Stadtpark aufstellen")
    make_idea("Wartende Idee im Vorab-Verfahren", process=make_process(moderation="pre"))
    ops.support_idea(citizen, idea)
    session.flush()
    body = api.get("/ideas?sort=supports&per_page=1").get_json()
    assert body["total"] == 2 and body["per_page"] == 1 and body["page"] == 1
    item = body["items"][0]
    assert item["id"] == idea.id and item["title"] == TITLE
    assert item["tags"] == ["bahnhof", "rad"] and item["district"] == "mitte"
    assert item["supports_count"] == 1 and item["supported"] is None
    assert item["author"] == {"display_name": "Erika Mustermann"}
    assert item["history"][0]["status"] == "published"
    assert item["url"] == f"http://localhost/ideas/{idea.id}"
    assert item["created_at"].endswith("+00:00")
    mine = api.get(f"/ideas/{idea.id}", token=token_for(citizen)).get_json()
    assert mine["supported"] is True and mine["lat"] == 51.48
    assert api.get("/ideas?q=Sitzbänke").get_json()["total"] == 1
    assert api.get(f"/ideas?process={idea.process_id}&district=mitte").get_json()["total"] == 1
    assert api.get("/ideas?theme=mobilitaet-umwelt&tag=rad").get_json()["total"] == 1


@pytest.mark.parametrize(
    "query, field",
    [
        ("sort=best", "sort"),
        ("status=pending", "status"),
        ("district=dortmund", "district"),
        ("process=999999", "process"),
        ("theme=nirgendwo", "theme"),
        ("per_page=100000", "per_page"),
        ("page=0", "page"),
        ("seed=-1", "seed"),
    ],
)
def test_bad_list_parameters_are_422_at_the_parameter(api, query, field):
    response = api.get(f"/ideas?{query}")
    assert response.status_code == 422 and field in error_of(response)["fields"]


def test_pending_and_hidden_ideas_are_404_for_others(api, session, make_idea, citizen, token_for):
    idea = make_idea(TITLE)
    idea.change_status(IdeaStatus.HIDDEN)
    session.flush()
    assert api.get(f"/ideas/{idea.id}").status_code == 404
    assert api.get(f"/ideas/{idea.id}", token=token_for(citizen)).status_code == 404
    assert api.get("/ideas/999999").status_code == 404


def test_submit_an_idea(api, session, citizen, token_for, process):
    response = api.post(
        "/ideas",
        token=token_for(citizen),
        json_body={
            "process_id": process.id,
            "title": TITLE,
            "body": "**Mehr** Bügel",
            "tags": ["Rad"],
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "published" and body["body"] == "<p><strong>Mehr</strong> Bügel</p>"
    idea = session.get(Idea, body["id"])
    assert idea.origin == "api" and idea.author_id == citizen.id


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "x" * 9}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"body": "x" * 5001}, "body"),
        ({"title": "Eine Idee mit\x00NUL"}, "title"),
        ({"district": "dortmund"}, "district"),
        ({"tags": ["a", "b1", "c2", "d3", "e4", "f5"]}, "tags"),
        ({"lat": 52.5, "lon": 13.4}, "lat"),
        ({"lat": 51.48}, "lon"),
        ({"unknown": 1}, "unknown"),
        ({"process_id": 999999}, "process_id"),
        ({"title": 5}, "title"),
    ],
)
def test_bad_ideas_are_422_at_the_field(api, session, citizen, token_for, process, changes, field):
    before = state(session)
    data = {"process_id": process.id, "title": TITLE, "body": "Text", **changes}
    response = api.post("/ideas", token=token_for(citizen), json_body=data)
    assert response.status_code == 422, response.get_json()
    assert field in error_of(response)["fields"]
    assert state(session) == before


def test_writing_needs_a_token(api, session, process, idea):
    before = state(session)
    assert (
        api.post(
            "/ideas", json_body={"process_id": process.id, "title": TITLE, "body": "x"}
        ).status_code
        == 401
    )
    assert api.request("PUT", f"/ideas/{idea.id}/support").status_code == 401
    assert api.post(f"/ideas/{idea.id}/comments", json_body={"body": "x"}).status_code == 401
    assert state(session) == before


def test_phase_closed_is_409(api, session, citizen, token_for, make_process, clock, make_user):
    process = make_process(phases=[("ideas", *WINDOWS["after"])])
    idea = Idea(process=process, author=make_user(), title=TITLE, body_source="x", body="x")
    session.add(idea)
    session.flush()
    token = token_for(citizen)
    response = api.post(
        "/ideas", token=token, json_body={"process_id": process.id, "title": TITLE, "body": "x"}
    )
    assert response.status_code == 409 and error_of(response)["code"] == "ended"
    assert api.request("PUT", f"/ideas/{idea.id}/support", token=token).status_code == 409
    assert (
        api.post(f"/ideas/{idea.id}/comments", token=token, json_body={"body": "x"}).status_code
        == 409
    )


def test_support_is_idempotent(api, session, idea, citizen, author, token_for):
    token = token_for(citizen)
    for _ in range(2):
        response = api.request("PUT", f"/ideas/{idea.id}/support", token=token)
        assert response.status_code == 200
        assert response.get_json() == {"supported": True, "supports_count": 1}
    assert count(session, Support) == 1
    for _ in range(2):
        response = api.delete(f"/ideas/{idea.id}/support", token=token)
        assert response.get_json() == {"supported": False, "supports_count": 0}
    response = api.request("PUT", f"/ideas/{idea.id}/support", token=token_for(author))
    assert response.status_code == 409 and error_of(response)["code"] == "own_idea"


def test_patch_by_author_and_refusal_for_others(api, session, idea, author, citizen, token_for):
    response = api.request(
        "PATCH",
        f"/ideas/{idea.id}",
        token=token_for(author),
        json_body={"title": "Ein neuer Titel für Bochum"},
    )
    assert response.status_code == 200
    assert response.get_json()["title"] == "Ein neuer Titel für Bochum"
    assert idea.body_source == "Am Bahnhof fehlen Abstellplätze."  # untouched
    response = api.request(
        "PATCH",
        f"/ideas/{idea.id}",
        token=token_for(citizen),
        json_body={"title": "Fremder Titel hier"},
    )
    assert response.status_code == 403 and idea.title == "Ein neuer Titel für Bochum"
    response = api.request(
        "PATCH", f"/ideas/{idea.id}", token=token_for(author), json_body={"title": "kurz"}
    )
    assert response.status_code == 422 and "title" in error_of(response)["fields"]


def test_comments_threaded(api, session, idea, citizen, author, token_for):
    token = token_for(citizen)
    top = api.post(f"/ideas/{idea.id}/comments", token=token, json_body={"body": "Gute Idee"})
    assert top.status_code == 201
    top_id = top.get_json()["id"]
    reply = api.post(
        f"/ideas/{idea.id}/comments",
        token=token_for(author),
        json_body={"body": "Danke", "parent_id": top_id},
    ).get_json()
    deeper = api.post(
        f"/ideas/{idea.id}/comments",
        token=token,
        json_body={"body": "Gern", "parent_id": reply["id"]},
    )
    too_deep = api.post(
        f"/ideas/{idea.id}/comments",
        token=token,
        json_body={"body": "Zu tief", "parent_id": deeper.get_json()["id"]},
    )
    assert too_deep.status_code == 422 and "parent_id" in error_of(too_deep)["fields"]
    unknown = api.post(
        f"/ideas/{idea.id}/comments", token=token, json_body={"body": "x", "parent_id": 999999}
    )
    assert unknown.status_code == 422
    with api.client.application.test_request_context():
        ops.delete_comment(citizen, session.get(Comment, top_id))
    session.flush()
    body = api.get(f"/ideas/{idea.id}/comments").get_json()
    assert body["total"] == 3
    first, second, third = body["items"]
    assert first["deleted"] is True and first["body"] == ""
    assert second["parent_id"] == top_id and second["body"] == "Danke" and second["depth"] == 1
    assert third["depth"] == 2 and third["author"] == {"display_name": "Max Muster"}
    assert (
        api.post(
            f"/ideas/{idea.id}/comments", token=token, json_body={"body": "x" * 2001}
        ).status_code
        == 422
    )


def test_flags(api, session, idea, citizen, author, token_for, make_user):
    token = token_for(citizen)
    response = api.post(
        "/flags",
        token=token,
        json_body={"target_type": "idea", "target_id": idea.id, "reason": "spam"},
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "open"
    again = api.post(
        "/flags",
        token=token,
        json_body={"target_type": "idea", "target_id": idea.id, "reason": "spam"},
    )
    assert again.status_code == 409 and error_of(again)["code"] == "already_flagged"
    other = api.post(
        "/flags",
        token=token_for(make_user()),
        json_body={"target_type": "idea", "target_id": idea.id, "reason": "other"},
    )
    assert other.status_code == 422 and "text" in error_of(other)["fields"]
    unknown = api.post(
        "/flags",
        token=token,
        json_body={"target_type": "comment", "target_id": 999999, "reason": "spam"},
    )
    assert unknown.status_code == 422 and "target_id" in error_of(unknown)["fields"]
    own = api.post(
        "/flags",
        token=token_for(author),
        json_body={"target_type": "idea", "target_id": idea.id, "reason": "spam"},
    )
    assert own.status_code == 409
    assert count(session, Flag) == 1


def test_process_ideas_count(api, session, make_idea, process, make_process):
    make_idea(TITLE)
    make_idea("Wartende Idee im Vorab-Verfahren", process=make_process(moderation="pre"))
    assert api.get(f"/processes/{process.id}").get_json()["ideas_count"] == 1


def test_list_queries_do_not_grow(api, session, make_idea, make_user, count_queries, clock):
    def run():
        with count_queries() as counter:
            assert api.get("/ideas?per_page=50").status_code == 200
        return counter.count

    for n in range(3):
        make_idea(f"Idee Nummer {n} für Bochum", tags=f"t{n}")
    small = run()
    for n in range(3, 30):
        make_idea(f"Idee Nummer {n} für Bochum", tags=f"t{n}", user=make_user())
    assert run() == small


def test_support_after_the_phase_is_409(api, idea, citizen, token_for, clock):
    clock.advance(30 * DAY)
    response = api.request("PUT", f"/ideas/{idea.id}/support", token=token_for(citizen))
    assert response.status_code == 409
