"""The cache of anonymous pages (engage/core/pagecache.py): hits, invalidation, who bypasses it."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from idea_fixtures import *  # noqa: F403

from engage.core import pagecache

EN = {"Accept-Language": "en"}
ZERO = "0 people support this idea."
ONE = "1 person supports this idea."


@pytest.fixture
def cache(app, session, tmp_path, monkeypatch):
    """The page cache switched on (in-process, generation file in tmp_path) for one test."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    monkeypatch.setitem(app.config, "PAGE_CACHE_GENERATION_FILE", str(tmp_path / "generation"))
    app.extensions.pop("engage_pagecache", None)
    yield pagecache.store_for(app)
    app.extensions.pop("engage_pagecache", None)


def _get(client, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 200
    return response.headers.get("X-Page-Cache"), response.get_data(as_text=True)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_anonymous_page_is_served_from_the_cache_until_a_support(
    cache, app, session, idea, citizen, anon
):
    path = f"/ideas/{idea.id}"
    assert _get(anon, path)[0] == "miss"
    state, page = _get(anon, path)
    assert state == "hit" and idea.title in page and ZERO in page

    supporter = app.test_client()
    supporter.login(citizen)
    response = supporter.post_form(f"/ideas/{idea.id}/support")
    assert response.status_code == 303 and idea.supports_count == 1

    state, page = _get(anon, path)
    assert state == "miss" and ONE in page and ZERO not in page


def test_a_citizen_never_gets_a_cached_page_and_sees_their_own_support(
    cache, client, session, idea, citizen, anon
):
    path = f"/ideas/{idea.id}"
    _get(anon, path)
    assert _get(anon, path)[0] == "hit"  # "0 people" is in the cache
    client.login(citizen)
    state, page = _get(client, path)
    assert state is None and ZERO in page
    assert client.post_form(f"/ideas/{idea.id}/support").status_code == 303
    state, page = _get(client, path)
    assert state is None and ONE in page and "You support this idea." in page


def test_api_list_is_invalidated_by_a_support_through_the_api(
    cache, app, session, idea, citizen, anon
):
    from engage.accounts.tokens import create_api_token

    _token, plaintext = create_api_token(citizen, "test")
    session.flush()
    anon.get("/api/v1/ideas")
    cached = anon.get("/api/v1/ideas")
    assert cached.headers["X-Page-Cache"] == "hit"
    assert cached.get_json()["items"][0]["supports_count"] == 0
    bearer = {"Authorization": f"Bearer {plaintext}"}
    response = app.test_client().put(f"/api/v1/ideas/{idea.id}/support", headers=bearer)
    assert response.status_code == 200 and response.get_json()["supports_count"] == 1
    own = app.test_client().get("/api/v1/ideas", headers=bearer)  # with a token: never cached
    assert "X-Page-Cache" not in own.headers and own.get_json()["items"][0]["supported"] is True
    fresh = anon.get("/api/v1/ideas")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert fresh.get_json()["items"][0]["supports_count"] == 1


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(cache, app, session, idea):
    first, second = app.test_client(), app.test_client()
    _state, page_one = _get(first, "/")
    state, page_two = _get(second, "/")
    assert state == "hit"
    assert _csrf(page_one) != _csrf(page_two)
    assert "engage-csrf" not in page_two
    # The language switch of the cached page works for the second visitor.
    response = second.post("/language", data={"csrf_token": _csrf(page_two), "lang": "en"})
    assert response.status_code in (302, 303)
    # Having chosen a language, they get the English page (cached separately by language).
    _state, page = _get(second, "/")
    assert 'lang="en"' in page


def test_pages_with_personal_session_state_are_not_shared(cache, session, process, idea, anon):
    path = f"/processes/{process.id}/ideas?sort=random"  # the order's seed lives in the session
    assert _get(anon, path)[0] is None
    assert _get(anon, path)[0] is None


def test_a_rolled_back_write_does_not_invalidate(cache, app, session, idea, anon):
    path = f"/ideas/{idea.id}"
    _get(anon, path)
    generation = cache.generation()
    with app.test_request_context():
        nested = session.begin_nested()
        idea.title = "Ein anderer Titel für die Idee"
        session.flush()
        nested.rollback()
    assert cache.generation() == generation
    assert _get(anon, path)[0] == "hit"


def test_local_generation_is_shared_by_the_workers_of_one_machine(tmp_path):
    worker_a = pagecache.LocalStore(tmp_path / "generation")
    worker_b = pagecache.LocalStore(tmp_path / "generation")
    worker_b.set(f"{worker_b.generation()}:de:/", ("text/html", b"old", []), 30)
    assert worker_b.get(f"{worker_b.generation()}:de:/") is not None
    worker_a.bump()
    assert worker_b.generation() == worker_a.generation() != "0"
    assert worker_b.get(f"{worker_b.generation()}:de:/") is None


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("ENGAGE_TEST_REDIS_URL"), reason="ENGAGE_TEST_REDIS_URL")
def test_redis_store_is_shared_by_instances(monkeypatch):
    monkeypatch.setattr(pagecache, "PREFIX", f"engage-test:{uuid.uuid4().hex}:")
    one = pagecache.RedisStore(os.environ["ENGAGE_TEST_REDIS_URL"])
    two = pagecache.RedisStore(os.environ["ENGAGE_TEST_REDIS_URL"])
    key = f"{one.generation()}:de:/ideas/1"
    one.set(key, ("text/html", b"<p>page</p>", [["X-Test", "1"]]), 30)
    assert two.get(key) == ("text/html", b"<p>page</p>", [["X-Test", "1"]])
    before = two.generation()
    one.bump()
    assert two.generation() != before
    assert two.get(f"{two.generation()}:de:/ideas/1") is None
    one.client.delete(pagecache.PREFIX + key, pagecache.PREFIX + "generation")
