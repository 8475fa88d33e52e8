"""GET /themes and GET /organisations: order, localisation, links, pagination."""

from __future__ import annotations

import pytest
from api_helpers import API, ApiClient

THEMES = [
    ("infrastruktur", "Zukunftsfähige Infrastruktur", "Future-proof infrastructure"),
    ("stadtmanagement", "Intelligentes Stadtmanagement", "Intelligent city management"),
    ("gesellschaft", "Digitale Gesellschaft", "Digital society"),
    (
        "mobilitaet-umwelt",
        "Nachhaltige Mobilität und Umweltschutz",
        "Sustainable mobility and environmental protection",
    ),
    (
        "wirtschaft-wissenschaft",
        "Innovative Wirtschaft und Wissenschaft",
        "Innovative economy and science",
    ),
]


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


@pytest.mark.parametrize(
    ("lang", "column"), [("de", 1), ("en", 2), ("de-DE,de;q=0.9", 1), ("en-GB", 2)]
)
def test_the_five_themes_in_order_in_the_callers_language(api, lang, column):
    response = api.get("/themes", lang=lang)
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 5 and body["page"] == 1 and body["per_page"] == 20
    assert [(t["slug"], t["name"]) for t in body["items"]] == [(t[0], t[column]) for t in THEMES]
    assert [t["position"] for t in body["items"]] == [1, 2, 3, 4, 5]
    first = body["items"][0]
    assert first["url"] == "http://localhost/themes/infrastruktur"
    assert first["color"].startswith("#") and len(first["color"]) == 7
    assert first["description"]


def test_theme_descriptions_follow_the_language(api):
    german = api.get("/themes", lang="de").get_json()["items"][0]["description"]
    english = api.get("/themes", lang="en").get_json()["items"][0]["description"]
    assert german != english


def test_organisations_in_their_order_with_links(api):
    response = api.get("/organisations")
    body = response.get_json()
    assert body["total"] == 10
    slugs = [o["slug"] for o in body["items"]]
    assert slugs[0] == "stadt-bochum" and slugs[4] == "bogestra" and slugs[-1] == "ihk"
    bogestra = body["items"][4]
    assert bogestra["name"] == "BOGESTRA"
    assert bogestra["url"] == "http://localhost/organisations/bogestra"
    assert set(bogestra) == {"id", "slug", "name", "description", "website", "url"}


def test_pagination_of_a_list(api):
    pages = [api.get(f"/organisations?per_page=4&page={n}").get_json() for n in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [4, 4, 2, 0]
    assert all(p["total"] == 10 and p["per_page"] == 4 for p in pages)
    slugs = [o["slug"] for p in pages for o in p["items"]]
    assert len(set(slugs)) == 10


def test_empty_parameters_mean_the_defaults(api):
    body = api.get("/themes?page=&per_page=").get_json()
    assert body["page"] == 1 and body["per_page"] == 20


def test_unknown_parameters_are_ignored(api):
    assert api.get("/themes?_=12345").status_code == 200


def test_reading_needs_no_token_and_may_be_cached(api):
    response = api.get("/themes")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response.headers["Vary"]
