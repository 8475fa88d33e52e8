"""Numbers on the idea page and in its hints follow the page's language (no numbers written
into the messages)."""

from __future__ import annotations

import pytest

from engage.ideas import operations as ops


@pytest.fixture
def idea(app, session, make_process, make_user, clock):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        process = make_process()
        idea = ops.submit_idea(
            make_user(),
            process,
            "Ein Platz mit Schatten am Rathaus",
            "Mehr Bäume auf dem Platz.",
            lat=51.481234,
            lon=7.2201,
        )
        session.flush()
    return idea


@pytest.mark.parametrize(
    ("language", "lat", "lon", "limit"),
    [
        ("de", "51,48123", "7,22010", "2.000"),
        ("en", "51.48123", "7.22010", "2,000"),
    ],
)
def test_coordinates_and_limits_in_the_page_language(
    app, client, idea, make_user, language, lat, lon, limit
):
    client.login(make_user())
    with app.app_context():  # a fresh ``g``, as every request has outside the tests
        html = client.get(f"/ideas/{idea.id}", headers={"Accept-Language": language}).get_data(
            as_text=True
        )
    assert lat in html and lon in html
    assert f"at most {limit} characters" in html or f"höchstens {limit} Zeichen" in html
