"""Bad input of any kind gets a 4xx in the error shape, never a 500; limits and headers."""

from __future__ import annotations

import json

import pytest
from api_helpers import API, ApiClient, error_of
from conftest import PASSWORD
from sqlalchemy import func, select

from engage.accounts.models import ApiToken
from engage.accounts.tokens import create_api_token


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


def token_count(session) -> int:
    return session.scalar(select(func.count()).select_from(ApiToken))


def post_raw(api, data, content_type="application/json", **kwargs):
    return api.request("POST", "/tokens", data=data, content_type=content_type, **kwargs)


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 400, "invalid_json"),
        (b"{", 400, "invalid_json"),
        (b"{'email': 'single quotes'}", 400, "invalid_json"),
        (b'{"email": "a@example.org", "password": "\xff\xfe\xfa"}', 400, "invalid_json"),
        (b"\xff\xfe\x00\x00garbage", 400, "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "invalid_json"),
        (b'{"expires_days": ' + b"9" * 5000 + b"}", 400, "invalid_json"),
        (b"[]", 422, "invalid"),
        (b'"just a string"', 422, "invalid"),
        (b"null", 422, "invalid"),
        (b"42", 422, "invalid"),
        (b'{"email": "a@example.org", "password": NaN}', 422, "invalid"),
        (b'{"email": "a@example.org", "password": "x", "expires_days": 1e999}', 422, "invalid"),
        (b'{"email": {"$ne": null}, "password": {"$ne": null}}', 422, "invalid"),
    ],
)
def test_malformed_json(api, session, data, status, code):
    before = token_count(session)
    response = post_raw(api, data)
    assert response.status_code == status
    assert error_of(response)["code"] == code
    assert token_count(session) == before


def test_a_body_that_is_not_an_object_is_named(api):
    error = error_of(post_raw(api, b"[]", lang="en"))
    assert error["fields"] == {"_schema": ["Please send a JSON object."]}


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
    ],
)
def test_bodies_must_be_json(api, session, make_user, content_type):
    user = make_user()
    data = json.dumps({"email": user.email, "password": PASSWORD})
    response = post_raw(api, data, content_type=content_type)
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert token_count(session) == 0


def test_no_body_and_no_content_type_is_415(api):
    response = api.request("POST", "/tokens")
    assert response.status_code == 415


def test_json_with_charset_is_json(api, make_user):
    user = make_user()
    data = json.dumps({"email": user.email, "password": PASSWORD}).encode()
    assert post_raw(api, data, "application/json; charset=utf-8").status_code == 201


def test_too_large_bodies_are_413(api, app):
    data = b'{"email": "' + b"a" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = post_raw(api, data)
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_over_long_fields_are_422_with_a_localised_message(api):
    body = {"email": "a@example.org", "password": "x" * 5000, "name": "n" * 500}
    error = error_of(api.post("/tokens", json_body=body, lang="en"))
    assert error["fields"] == {
        "password": ["Please give between 1 and 1024 characters."],
        "name": ["Please give between 1 and 80 characters."],
    }


def test_unknown_fields_are_refused(api):
    error = error_of(
        api.post(
            "/tokens",
            json_body={"email": "a@example.org", "password": "x", "admin": True},
            lang="en",
        )
    )
    assert error["fields"] == {"admin": ["This field is not known."]}


def test_errors_in_german(api):
    response = api.request("POST", "/tokens", lang="de")
    assert response.status_code == 415
    assert error_of(response)["message"] == "Bitte senden Sie JSON."
    assert error_of(api.get("/me", lang="de"))["code"] == "unauthorized"
    assert error_of(api.get("/processes?per_page=0", lang="de"))["message"] == (
        "Bitte korrigieren Sie die markierten Felder."
    )


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_wrong_methods_are_405(api, method):
    response = api.client.open(f"{API}/themes", method=method)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_head_and_options_work(api):
    assert api.client.head(f"{API}/themes").status_code == 200
    assert api.client.options(f"{API}/themes").status_code == 200


def test_cache_headers(api, session, make_user):
    user = make_user()
    _row, token = create_api_token(user, "t", 30)
    session.flush()
    assert api.get("/themes").headers["Cache-Control"] == "public, max-age=60"
    assert api.get("/themes", token=token).headers["Cache-Control"] == "no-store"
    assert api.get("/processes?page=0").headers["Cache-Control"] == "no-store"
    assert api.get("/me", token=token).headers["Cache-Control"] == "no-store"
    response = api.post("/tokens", json_body={"email": user.email, "password": PASSWORD})
    assert response.headers["Cache-Control"] == "no-store"
    assert "Accept-Language" in response.headers["Vary"]


def test_rate_limit_for_the_whole_api(api, app, session, make_user):
    user = make_user()
    _row, token = create_api_token(user, "t", 30)
    session.flush()
    old = app.config["RATELIMIT_API"]
    app.config["RATELIMIT_API"] = "3 per minute"
    try:
        # One budget for all endpoints of the API, per address without a token ...
        assert api.get("/themes").status_code == 200
        assert api.get("/organisations").status_code == 200
        assert api.get("/processes").status_code == 200
        limited = api.get("/themes")
        assert limited.status_code == 429
        assert error_of(limited)["code"] == "too_many_requests"
        assert "Retry-After" in limited.headers
        # ... and an invalid token buys no fresh budget ...
        assert api.get("/themes", token="eng_made-up").status_code == 429
        # ... while a valid token has its own.
        assert api.get("/me", token=token).status_code == 200
        assert api.get("/themes", token=token).status_code == 200
        assert api.get("/tokens", token=token).status_code == 200
        assert api.get("/me", token=token).status_code == 429
    finally:
        app.config["RATELIMIT_API"] = old


def test_rate_limit_on_token_creation(api, app, session, make_user):
    user = make_user()
    old = app.config["RATELIMIT_TOKENS"]
    app.config["RATELIMIT_TOKENS"] = "2 per minute"
    try:
        wrong = {"email": user.email, "password": "wrong-wrong-wrong"}
        assert api.post("/tokens", json_body=wrong).status_code == 401
        assert api.post("/tokens", json_body=wrong).status_code == 401
        right = {"email": user.email, "password": PASSWORD}
        response = api.post("/tokens", json_body=right)
        assert response.status_code == 429
        assert error_of(response)["code"] == "too_many_requests"
        assert token_count(session) == 0
        assert api.get("/themes").status_code == 200  # other endpoints keep their budget
    finally:
        app.config["RATELIMIT_TOKENS"] = old


def test_405_names_the_allowed_methods(api, client):
    response = api.client.open(f"{API}/themes", method="TRACE")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert {"GET", "HEAD", "OPTIONS"} <= {m.strip() for m in response.headers["Allow"].split(",")}
    page = client.put("/account/login")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"]


@pytest.mark.parametrize(
    "path",
    [
        "/processes?page=99999999999999999999999",
        "/processes?page=-1",
        "/processes?per_page=-5",
        "/ideas?page=9223372036854775808",
        "/ideas?q=%00",
        "/ideas?q=%FF%FE",
        "/ideas?process=-1",
        "/ideas?process=99999999999999999999",
        "/ideas/similar?text=%00%00%00",
        "/ideas/-1",
        "/ideas/0",
        "/ideas/99999999999999999999",
        "/ideas/1%00",
        "/processes/-7",
        "/surveys/99999999999999999999/results",
    ],
)
def test_hostile_query_values_and_ids_are_4xx(api, path):
    response = api.client.get(f"{API}{path}")
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert error_of(response)["code"] in {"invalid", "not_found", "bad_request"}


def test_an_empty_query_value_counts_as_absent(api):
    document = api.client.get(f"{API}/openapi.json").get_json()
    page = next(p for p in document["paths"]["/themes"]["get"]["parameters"] if p["name"] == "page")
    assert page["allowEmptyValue"] is True
    assert api.get("/themes?page=&per_page=2").get_json()["page"] == 1


def test_query_strings_that_are_not_utf8_are_400_on_pages_too(client):
    assert client.get("/processes/?q=%FF%FE").status_code == 400
    assert client.get("/processes/?q=%C3%A4").status_code == 200  # ä
