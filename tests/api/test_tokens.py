"""Tokens: created with e-mail and password (and TOTP for staff), used as Bearer, revoked."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from api_helpers import API, ApiClient, error_of
from conftest import FROZEN_AT, PASSWORD
from sqlalchemy import select

from engage.accounts.models import ApiToken, AuditEvent, User
from engage.accounts.tokens import create_api_token, hash_token


@pytest.fixture
def api(client):
    return ApiClient(client, client.get(f"{API}/openapi.json").get_json())


def create(api, email, password=PASSWORD, **fields):
    return api.post("/tokens", json_body={"email": email, "password": password, **fields})


def tokens_of(session, user) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))


def test_create_a_token_and_use_it(api, session, clock, make_user):
    user = make_user(name="Erika Musterfrau", email="erika@example.org", locale="de")
    response = create(api, "Erika@Example.org", name="Smart-City-App", expires_days=30)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["token"].startswith("eng_")
    assert body["name"] == "Smart-City-App"
    assert body["expires_at"] == (FROZEN_AT + timedelta(days=30)).isoformat()
    (row,) = tokens_of(session, user)
    assert row.id == body["id"]

    me = api.get("/me", token=body["token"])
    assert me.status_code == 200
    assert me.get_json() == {
        "id": user.id,
        "display_name": "Erika Musterfrau",
        "role": "citizen",
        "locale": "de",
    }
    assert me.headers["Cache-Control"] == "no-store"
    assert "Authorization" in me.headers["Vary"]


def test_tokens_are_hashed_at_rest(api, session, clock, make_user):
    user = make_user(email="hash@example.org")
    plaintext = create(api, "hash@example.org").get_json()["token"]
    (row,) = tokens_of(session, user)
    assert row.token_hash == hash_token(plaintext)
    assert plaintext not in {row.token_hash, row.prefix, row.name}
    assert plaintext.startswith(row.prefix) and len(row.prefix) < len(plaintext) // 3
    columns = session.execute(select(ApiToken.__table__)).all()
    assert not any(plaintext in str(value) for row in columns for value in row)
    audit = session.scalars(select(AuditEvent).where(AuditEvent.event == "token_created")).all()
    assert [a.subject_id for a in audit] == [user.id]


def test_default_expiry_and_name(api, app, clock, make_user):
    make_user(email="default@example.org")
    body = create(api, "default@example.org").get_json()
    assert body["name"] == "API"
    days = app.config["API_TOKEN_DEFAULT_DAYS"]
    assert body["expires_at"] == (FROZEN_AT + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("case", "email", "password"),
    [
        ("wrong password", "known@example.org", "not-the-password"),
        ("unknown e-mail", "unknown@example.org", PASSWORD),
        ("unconfirmed", "unconfirmed@example.org", PASSWORD),
        ("deleted", "deleted@example.org", PASSWORD),
    ],
)
def test_refusals_do_not_tell_who_has_an_account(api, session, make_user, case, email, password):
    make_user(email="known@example.org")
    make_user(email="unconfirmed@example.org", confirmed=False)
    make_user(email="deleted@example.org", deleted_dt=FROZEN_AT)
    reference = create(api, "unknown@example.org", "whatever")
    response = create(api, email, password)
    assert response.status_code == 401
    assert response.get_json() == reference.get_json()
    assert error_of(response)["code"] == "invalid_credentials"
    assert session.scalar(select(ApiToken.id)) is None


def test_refusals_are_audited_like_sign_ins(api, session, make_user):
    user = make_user()
    create(api, user.email, "wrong-wrong-wrong")
    create(api, "nobody@example.org")
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.event == "login_failed").order_by(AuditEvent.id)
    ).all()
    assert [(e.subject_id, e.details["reason"]) for e in events] == [
        (user.id, "password"),
        (None, "unknown_email"),
    ]
    assert "nobody@example.org" not in str(events[1].details)


def test_too_many_tokens_is_422(api, session, make_user, monkeypatch):
    from engage.accounts import operations

    monkeypatch.setattr(operations, "MAX_ACTIVE_TOKENS", 1)
    user = make_user()
    assert create(api, user.email).status_code == 201
    response = create(api, user.email)
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["name"]
    assert len(tokens_of(session, user)) == 1


def test_staff_need_their_totp(api, session, clock, make_user):
    moderator = make_user("moderator", email="mod@example.org", organisations=("bogestra",))
    code = pyotp.TOTP(moderator.totp_secret).at(FROZEN_AT)

    missing = create(api, "mod@example.org")
    assert missing.status_code == 401
    assert error_of(missing)["code"] == "totp_required"
    wrong = create(api, "mod@example.org", totp="000000" if code != "000000" else "111111")
    assert wrong.status_code == 401
    assert error_of(wrong)["code"] == "totp_required"
    # A wrong password with a right code is the generic refusal, not a hint about the code.
    wrong_password = create(api, "mod@example.org", "nope-nope-nope", totp=code)
    assert error_of(wrong_password)["code"] == "invalid_credentials"
    assert tokens_of(session, moderator) == []

    right = create(api, "mod@example.org", totp=code)
    assert right.status_code == 201
    assert api.get("/me", token=right.get_json()["token"]).get_json()["role"] == "moderator"
    replay = create(api, "mod@example.org", totp=code)  # the same code twice: refused
    assert replay.status_code == 401
    assert error_of(replay)["code"] == "totp_required"
    assert len(tokens_of(session, moderator)) == 1


def test_staff_without_second_factor_get_no_token(api, session, make_user):
    admin = make_user("admin", email="admin@example.org", totp=False)
    response = create(api, "admin@example.org")
    assert response.status_code == 403
    assert error_of(response)["code"] == "totp_setup_required"
    assert tokens_of(session, admin) == []


def test_citizens_need_no_totp(api, make_user):
    make_user(email="citizen@example.org")
    assert create(api, "citizen@example.org", totp="123456").status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "a@example.org"}, "password"),
        ({"email": "no-address", "password": PASSWORD}, "email"),
        ({"email": "a" * 250 + "@example.org", "password": PASSWORD}, "email"),
        ({"email": 12, "password": PASSWORD}, "email"),
        ({"email": "a@example.org", "password": "x" * 1025}, "password"),
        ({"email": "a@example.org", "password": ["x"]}, "password"),
        ({"email": "a@example.org", "password": "pw\u0000"}, "password"),
        ({"email": "a@example.org", "password": PASSWORD, "name": ""}, "name"),
        ({"email": "a@example.org", "password": PASSWORD, "name": "n" * 81}, "name"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": 0}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": -5}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": 731}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "name": "   "}, "name"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": 10**30}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": "30"}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": 1.5}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "expires_days": True}, "expires_days"),
        ({"email": "a@example.org", "password": PASSWORD, "totp": "12345"}, "totp"),
        ({"email": "a@example.org", "password": PASSWORD, "totp": "abcdef"}, "totp"),
        ({"email": "a@example.org", "password": PASSWORD, "role": "admin"}, "role"),
    ],
)
def test_malformed_bodies_are_422_at_the_field(api, session, make_user, body, field):
    make_user(email="a@example.org")
    response = api.post("/tokens", json_body=body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert session.scalar(select(ApiToken.id)) is None


def test_field_messages_are_localised(api):
    german = error_of(api.post("/tokens", json_body={}, lang="de"))
    english = error_of(api.post("/tokens", json_body={}, lang="en"))
    assert english["fields"] == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }
    assert german["message"] == "Bitte korrigieren Sie die markierten Felder."
    assert set(german["fields"]) == {"email", "password"}


def test_revoked_and_expired_tokens_are_refused(api, session, clock, make_user):
    user = make_user()
    _row, revoked = create_api_token(user, "revoked", 30)
    _row2, expiring = create_api_token(user, "expiring", 1)
    session.flush()
    assert api.get("/me", token=revoked).status_code == 200
    token_id = next(t.id for t in tokens_of(session, user) if t.name == "revoked")
    assert api.delete(f"/tokens/{token_id}", token=revoked).status_code == 204
    response = api.get("/me", token=revoked)
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]

    assert api.get("/me", token=expiring).status_code == 200
    clock.advance(timedelta(days=1))
    assert api.get("/me", token=expiring).status_code == 401
    # Public endpoints refuse an invalid token too, rather than answering as anonymous.
    assert api.get("/themes", token=expiring).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer eng_not-a-real-token",
        "Bearer " + "x" * 500,
        "bearer eng_not-a-real-token",
        "Bearer ",
    ],
)
def test_unknown_tokens_are_401(api, header):
    response = api.get("/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_other_schemes_are_not_tokens(api):
    response = api.get("/me", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert api.get("/themes", headers={"Authorization": "Basic dXNlcjpwdw=="}).status_code == 200


def test_the_session_cookie_is_ignored(api, client, make_user):
    user = make_user()
    client.login(user)
    response = api.get("/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert api.get("/tokens").status_code == 401


def test_list_own_tokens_without_secrets(api, session, clock, make_user):
    user, other = make_user(), make_user()
    _r, first = create_api_token(user, "Laptop", 30)
    clock.advance(timedelta(minutes=5))
    _row, second = create_api_token(user, "Telefon", None)
    create_api_token(other, "Fremd", 30)
    session.flush()
    response = api.get("/tokens", token=second)
    body = response.get_json()
    assert body["total"] == 2
    assert [t["name"] for t in body["items"]] == ["Telefon", "Laptop"]
    text = response.get_data(as_text=True)
    assert first not in text and second not in text
    newest = body["items"][0]
    assert newest["expires_at"] is None and newest["active"] is True
    assert newest["prefix"] == second[: len(newest["prefix"])]
    assert newest["last_used_at"] == clock.now().isoformat()  # touched by this very call


def test_revoke_only_own_tokens(api, session, make_user):
    user, other = make_user(), make_user()
    _r, mine = create_api_token(user, "mine", 30)
    theirs_row, theirs = create_api_token(other, "theirs", 30)
    session.flush()
    response = api.delete(f"/tokens/{theirs_row.id}", token=mine)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert api.get("/me", token=theirs).status_code == 200
    assert api.delete("/tokens/2147483647", token=mine).status_code == 404
    assert api.delete("/tokens/99999999999999", token=mine).status_code == 404
    assert api.delete(f"/tokens/{theirs_row.id}").status_code == 401  # no token at all


def test_revoking_is_idempotent_and_audited(api, session, make_user):
    user = make_user()
    row, _mine = create_api_token(user, "mine", 30)
    _r, spare = create_api_token(user, "spare", 30)
    session.flush()
    assert api.delete(f"/tokens/{row.id}", token=spare).status_code == 204
    assert api.delete(f"/tokens/{row.id}", token=spare).status_code == 204
    session.refresh(row)
    assert row.revoked_dt is not None
    events = session.scalars(select(AuditEvent).where(AuditEvent.event == "token_revoked")).all()
    assert len(events) == 1


def test_token_creation_needs_no_csrf_token_but_json(api, make_user):
    make_user(email="form@example.org")
    form = api.client.post(
        f"{API}/tokens", data={"email": "form@example.org", "password": PASSWORD}
    )
    assert form.status_code == 415
    assert error_of(form)["code"] == "unsupported_media_type"
    assert create(api, "form@example.org").status_code == 201


def test_deleted_user_tokens_stop_working(api, session, make_user):
    user = make_user()
    _r, token = create_api_token(user, "t", 30)
    session.flush()
    user.deleted_dt = FROZEN_AT
    session.flush()
    assert api.get("/me", token=token).status_code == 401
    assert session.get(User, user.id) is not None
