"""GET /api/v1/ideas/similar: suggestions for a text, checked against the OpenAPI document."""

from __future__ import annotations

import pytest
from api_helpers import API, ApiClient, error_of
from idea_fixtures import *  # noqa: F403

from engage.accounts.tokens import create_api_token
from engage.ideas import operations
from engage.ideas.similarity import SUGGESTION_THRESHOLD

BACKGROUND = [
    ("Mehr Sitzbänke im Stadtpark", "Im Stadtpark fehlen Bänke zum Ausruhen."),
    ("Kostenloses WLAN in der Innenstadt", "Freies Internet für alle in der City."),
    ("Tempo 30 vor allen Grundschulen", "Autos fahren vor Schulen viel zu schnell."),
    ("Trinkbrunnen auf öffentlichen Plätzen", "Im Sommer braucht man Wasser unterwegs."),
]
QUERY = "Fahrradständer am Bahnhof\nWo soll man am Hauptbahnhof sein Rad abstellen?"


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


@pytest.fixture
def ideas(make_idea):
    for title, body in BACKGROUND:
        make_idea(title, body=body)
    bikes = make_idea("Mehr Fahrradbügel am Hauptbahnhof", body="Am Bahnhof fehlen Bügel.")
    return {"bikes": bikes}


def items(response) -> list[dict]:
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_suggestions_for_a_text(api, ideas, citizen):
    bikes = ideas["bikes"]
    operations.support_idea(citizen, bikes)
    found = items(api.get("/ideas/similar", query_string={"text": QUERY}))
    assert found[0] == {
        "id": bikes.id,
        "title": "Mehr Fahrradbügel am Hauptbahnhof",
        "score": found[0]["score"],
        "url": f"http://localhost/ideas/{bikes.id}",
        "process_id": bikes.process_id,
        "status": "published",
        "supports_count": 1,
    }
    scores = [item["score"] for item in found]
    assert scores == sorted(scores, reverse=True)
    assert all(SUGGESTION_THRESHOLD <= s <= 1 and round(s, 3) == s for s in scores)


def test_nothing_alike_gives_an_empty_list(api, ideas):
    assert items(api.get("/ideas/similar", query_string={"text": "Hundewiese im Westpark"})) == []


def test_only_public_ideas_are_suggested(api, ideas, author):
    operations.withdraw_idea(author, ideas["bikes"])
    found = items(api.get("/ideas/similar", query_string={"text": QUERY}))
    assert ideas["bikes"].id not in [item["id"] for item in found]


def test_process_and_limit(api, ideas, make_idea, make_process):
    other = make_process()
    there = make_idea("Fahrradbügel am Hauptbahnhof", body="Mehr Abstellplätze.", process=other)
    both = items(api.get("/ideas/similar", query_string={"text": QUERY, "limit": 20}))
    assert {ideas["bikes"].id, there.id} <= {item["id"] for item in both}
    one = items(api.get("/ideas/similar", query_string={"text": QUERY, "process": other.id}))
    assert [item["id"] for item in one] == [there.id]
    first = items(api.get("/ideas/similar", query_string={"text": QUERY, "limit": 1}))
    assert first == both[:1]


def test_a_draft_process_is_unknown_to_visitors_but_not_to_its_moderators(
    api, ideas, make_process, make_user, session
):
    draft = make_process(status="draft")
    response = api.get("/ideas/similar", query_string={"text": QUERY, "process": draft.id})
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"process"}
    moderator = make_user("moderator", organisations=("bogestra",))
    _row, token = create_api_token(moderator, "test", 30)
    session.flush()
    response = api.get(
        "/ideas/similar", query_string={"text": QUERY, "process": draft.id}, token=token
    )
    assert items(response) == []  # its ideas are not public yet


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "ab"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Rad\x00weg"}, "text"),
        ({"text": QUERY, "process": "abc"}, "process"),
        ({"text": QUERY, "process": "0"}, "process"),
        ({"text": QUERY, "process": "999999"}, "process"),
        ({"text": QUERY, "process": str(2**40)}, "process"),
        ({"text": QUERY, "limit": "0"}, "limit"),
        ({"text": QUERY, "limit": "21"}, "limit"),
        ({"text": QUERY, "limit": "fünf"}, "limit"),
    ],
)
def test_bad_parameters_are_422_at_the_parameter(api, ideas, params, field):
    response = api.get("/ideas/similar", query_string=params, lang="en")
    assert response.status_code == 422
    error = error_of(response)
    assert set(error["fields"]) == {field}


def test_messages_in_german(api, ideas):
    response = api.get("/ideas/similar", query_string={"text": "ab"}, lang="de")
    assert response.status_code == 422
    assert error_of(response)["fields"]["text"]


def test_the_longest_text_is_answered(api, ideas):
    text = "Fahrradbügel am Hauptbahnhof\n" + ("Mehr Abstellplätze für Räder. " * 200)[:4970]
    assert len(text) <= 5000
    found = items(api.get("/ideas/similar", query_string={"text": text}))
    assert found[0]["id"] == ideas["bikes"].id


def test_a_long_text_of_unknown_words_is_answered(api, ideas):
    text = " ".join(f"Quatschwort{i}" for i in range(600))[:5000]
    assert items(api.get("/ideas/similar", query_string={"text": text})) == []


def test_the_route_does_not_shadow_idea_ids(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/api/v1/ideas/similar", method="GET")[0] == "api.similar_ideas"
    _endpoint, args = adapter.match("/api/v1/ideas/similar", method="GET")
    assert args == {}


def test_the_document_describes_the_endpoint(api):
    document = api.client.get(f"{API}/openapi.json").get_json()
    operation = document["paths"]["/ideas/similar"]["get"]
    names = {p["name"]: p for p in operation["parameters"]}
    assert names["text"]["required"] is True
    assert names["text"]["schema"]["maxLength"] == 5000
    assert names["limit"]["schema"]["maximum"] == 20
    assert "422" in operation["responses"]
