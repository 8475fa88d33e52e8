"""Localised error pages and JSON errors; never a bare 500."""

import pytest

from engage import create_app
from engage.config import TestConfig


def test_404_page_is_localised(client):
    german = client.get("/nirgendwo", headers={"Accept-Language": "de"})
    english = client.get("/nowhere", headers={"Accept-Language": "en"})
    assert german.status_code == english.status_code == 404
    assert "Seite nicht gefunden" in german.get_data(as_text=True)
    assert "Page not found" in english.get_data(as_text=True)


def test_api_errors_have_the_json_shape(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"]["code"] == "not_found"
    assert body["error"]["message"]
    assert body["error"]["fields"] == {}


def test_unexpected_exception_renders_friendly_500():
    app = create_app(type("Cfg", (TestConfig,), {"PROPAGATE_EXCEPTIONS": False}))

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaputt")

    response = app.test_client().get("/boom", headers={"Accept-Language": "de"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Etwas ist schiefgelaufen" in html
    assert "kaputt" not in html


def test_database_away_answers_503_with_a_friendly_page():
    app = create_app(
        type(
            "Cfg",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:9/unreachable",
                "PROPAGATE_EXCEPTIONS": False,
            },
        )
    )
    response = app.test_client().get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_error_pages_have_the_site_layout(client, lang):
    html = client.get("/missing", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert 'href="#main"' in html  # skip link
