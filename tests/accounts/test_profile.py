"""The account pages: profile, password change, API tokens, data export, deletion."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from account_helpers import (
    NEW_PASSWORD,
    english,
)
from conftest import PASSWORD
from flask_babel import force_locale
from sqlalchemy import select

from engage.accounts import operations
from engage.accounts.models import ApiToken, AuditEvent, OrganisationMembership, User
from engage.accounts.passwords import authenticate
from engage.accounts.tokens import hash_token, user_for_token


def _events(session, user, event):
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == user.id, AuditEvent.event == event)
        )
    )


def _profile(**overrides):
    data = {"display_name": "Neuer Name", "locale": "de"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- profile -----------------------------------------------------------------------------------


def test_profile_page_shows_the_account_and_links(client, make_user):
    english(client)
    user = make_user(email="acc-profile@example.org", name="Profile Person")
    client.login(user)
    html = client.get("/account/").get_data(as_text=True)
    assert "acc-profile@example.org" in html
    assert 'value="Profile Person"' in html
    for path in (
        "/account/password",
        "/account/two-factor",
        "/account/tokens",
        "/account/data",
        "/account/delete",
    ):
        assert f'href="{path}"' in html


def test_profile_saves_name_and_language(client, session, make_user):
    user = make_user(email="acc-profile-save@example.org")
    client.login(user)
    response = client.post_form("/account/", _profile(display_name="  Ruhr   Pott  ", locale="en"))
    assert response.status_code == 303
    session.refresh(user)
    assert user.display_name == "Ruhr Pott"
    assert user.locale == "en"
    page = client.get("/account/")
    assert '<html lang="en">' in page.get_data(as_text=True)
    with client.session_transaction() as sess:
        assert sess["lang"] == "en"


def test_optional_profile_needs_consent_and_withdrawal_clears_it(client, session, make_user):
    user = make_user(email="acc-profile-consent@example.org")
    client.login(user)
    # Without consent, district and age bracket are not stored.
    client.post_form("/account/", _profile(district="ost", age_bracket="30_44"))
    session.refresh(user)
    assert (user.district, user.age_bracket, user.profile_consent_dt) == (None, None, None)

    client.post_form(
        "/account/", _profile(profile_consent="y", district="ost", age_bracket="30_44")
    )
    session.refresh(user)
    assert (user.district, user.age_bracket) == ("ost", "30_44")
    assert user.profile_consent_dt is not None
    html = client.get("/account/").get_data(as_text=True)
    assert '<option selected value="ost">' in html
    assert len(_events(session, user, "profile_consent_given")) == 1

    client.post_form("/account/", _profile(district="ost", age_bracket="30_44"))
    session.refresh(user)
    assert (user.district, user.age_bracket, user.profile_consent_dt) == (None, None, None)
    assert len(_events(session, user, "profile_consent_withdrawn")) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": "x" * 61}, "between 2 and 60 characters"),
        ({"display_name": "\x00\x00"}, "between 2 and 60 characters"),
        ({"locale": "fr"}, "Not a valid choice"),
        ({"profile_consent": "y", "district": "paris"}, "Not a valid choice"),
        ({"profile_consent": "y", "age_bracket": "99_plus"}, "Not a valid choice"),
    ],
)
def test_bad_profile_input_changes_nothing(client, session, make_user, overrides, message):
    english(client)
    user = make_user(email="acc-profile-bad@example.org", name="Stays The Same")
    client.login(user)
    response = client.post_form("/account/", _profile(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    session.refresh(user)
    assert user.display_name == "Stays The Same"
    assert user.locale is None and user.district is None


def test_profile_needs_sign_in_and_csrf(client, session, make_user):
    assert client.get("/account/").status_code == 302
    user = make_user(email="acc-profile-csrf@example.org", name="Unchanged")
    client.login(user)
    assert client.post("/account/", data=_profile()).status_code == 400
    session.refresh(user)
    assert user.display_name == "Unchanged"


# --- password change ---------------------------------------------------------------------------


def test_password_change_keeps_this_session_and_ends_the_others(app, session, make_user, mailbox):
    user = make_user(email="acc-pw@example.org")
    here, there = app.test_client(), app.test_client()
    for client in (here, there):
        client.post_form("/account/login", {"email": user.email, "password": PASSWORD})
        assert client.get("/account/").status_code == 200

    response = here.post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert here.get("/account/").status_code == 200
    assert there.get("/account/").status_code == 302
    assert authenticate(user.email, NEW_PASSWORD) is user
    assert len(_events(session, user, "password_changed")) == 1
    assert len(mailbox.to(user.email)) == 1  # a notice to the owner


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"current_password": "wrong-one-123"}, "current password is not correct"),
        ({"password": "qwertzuiop", "password_repeat": "qwertzuiop"}, "too common"),
        ({"password_repeat": "something-else-1"}, "do not match"),
        ({"current_password": ""}, "enter your current password"),
    ],
)
def test_password_change_refuses_bad_input(client, session, make_user, data, message):
    english(client)
    user = make_user(email="acc-pw-bad@example.org")
    version = user.session_version
    client.login(user)
    payload = {
        "current_password": PASSWORD,
        "password": NEW_PASSWORD,
        "password_repeat": NEW_PASSWORD,
        **data,
    }
    response = client.post_form("/account/password", payload)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    session.refresh(user)
    assert user.session_version == version
    assert authenticate(user.email, PASSWORD) is user


# --- API tokens --------------------------------------------------------------------------------


def test_create_list_and_revoke_tokens(client, session, make_user, clock):
    english(client)
    user = make_user(email="acc-tokens@example.org")
    client.login(user)
    assert "You have no API tokens" in client.get("/account/tokens").get_data(as_text=True)

    response = client.post_form("/account/tokens", {"name": "Smart-City-App", "expires_days": "30"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    [token] = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
    start = html.index('id="new-token"')
    plaintext = html[start:].split('value="', 1)[1].split('"', 1)[0]
    assert plaintext.startswith("eng_") and hash_token(plaintext) == token.token_hash
    assert token.expires_dt == clock.now() + timedelta(days=30)
    assert user_for_token(plaintext) is user

    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "Smart-City-App" in listing and token.prefix in listing
    assert plaintext not in listing  # shown once only

    response = client.post_form(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 303
    session.refresh(token)
    assert token.revoked_dt is not None
    assert user_for_token(plaintext) is None
    assert "revoked on" in client.get("/account/tokens").get_data(as_text=True)
    assert {e.event for e in session.scalars(select(AuditEvent))} >= {
        "token_created",
        "token_revoked",
    }


def test_someone_elses_token_is_not_found(client, session, make_user):
    owner = make_user(email="acc-tokens-owner@example.org")
    token, _ = operations.create_token(owner, "Mine", 10)
    client.login(make_user(email="acc-tokens-other@example.org"))
    assert client.post_form(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert client.post_form("/account/tokens/999999/revoke").status_code == 404
    session.refresh(token)
    assert token.revoked_dt is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "expires_days": "30"}, "give the token a name"),
        ({"name": "x" * 81, "expires_days": "30"}, "at most 80 characters"),
        ({"name": "App", "expires_days": "0"}, "between 1 and 730"),
        ({"name": "App", "expires_days": "731"}, "between 1 and 730"),
        ({"name": "App", "expires_days": "zwei"}, "valid integer"),
        ({"name": "App", "expires_days": "9" * 40}, "between 1 and 730"),
    ],
)
def test_bad_token_input_creates_nothing(client, session, make_user, data, message):
    english(client)
    user = make_user(email="acc-tokens-bad@example.org")
    client.login(user)
    response = client.post_form("/account/tokens", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))) == []


def test_number_of_valid_tokens_is_limited(client, session, make_user):
    english(client)
    user = make_user(email="acc-tokens-many@example.org")
    for n in range(operations.MAX_ACTIVE_TOKENS):
        operations.create_token(user, f"t{n}", 5)
    client.login(user)
    response = client.post_form("/account/tokens", {"name": "one more", "expires_days": "5"})
    assert "Please revoke one you no longer need" in response.get_data(as_text=True)
    count = len(list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))))
    assert count == operations.MAX_ACTIVE_TOKENS


# --- download my data --------------------------------------------------------------------------


def test_data_export_contains_the_account_and_nothing_secret(client, session, make_user, clock):
    user = make_user(
        "moderator",
        email="acc-export@example.org",
        name="Export Person",
        organisations=("bogestra",),
        district="nord",
        age_bracket="45_59",
        profile_consent_dt=clock.now(),
    )
    _, plaintext = operations.create_token(user, "Export token", 30)
    client.login(user)
    response = client.get("/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=engage-data-2026-05-04.json"
    )
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == "acc-export@example.org"
    assert data["profile"]["display_name"] == "Export Person"
    assert data["profile"]["district"] == "nord"
    assert data["memberships"]["organisations"][0]["slug"] == "bogestra"
    assert data["api_tokens"][0]["name"] == "Export token"
    assert "token_created" in {e["event"] for e in data["account_events"]}
    text = response.get_data(as_text=True)
    for secret in (plaintext, user.password_hash, user.totp_secret):
        assert secret not in text
    assert "token_hash" not in text
    assert len(_events(session, user, "data_exported")) == 1


def test_other_areas_can_add_to_the_export(client, make_user, monkeypatch):
    monkeypatch.setattr(
        operations,
        "DATA_EXPORTERS",
        [*operations.DATA_EXPORTERS, lambda user: ("ideas", [{"title": "Mehr Bänke"}])],
    )
    client.login(make_user(email="acc-export-more@example.org"))
    data = json.loads(client.get("/account/data").get_data(as_text=True))
    assert data["ideas"] == [{"title": "Mehr Bänke"}]


# --- deleting the account ----------------------------------------------------------------------


def test_deleting_the_account_anonymises_it(client, session, make_user, monkeypatch):
    hooked: list[int] = []
    monkeypatch.setattr(operations, "ACCOUNT_DELETION_HOOKS", [lambda user: hooked.append(user.id)])
    user = make_user(
        "moderator",
        email="acc-delete@example.org",
        name="Going Away",
        organisations=("bogestra",),
        district="sued",
        locale="de",
    )
    operations.create_token(user, "gone soon", 30)
    client.login(user)
    assert client.get("/account/delete").status_code == 200

    response = client.post_form("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 303
    assert hooked == [user.id]
    session.expire_all()
    user = session.get(User, user.id)
    assert user.email is None and user.password_hash is None
    assert user.display_name == ""
    with force_locale("en"):
        assert user.public_name == "deleted account"
    assert user.deleted_dt is not None
    assert user.role == "citizen"
    assert (user.district, user.locale, user.totp_secret) == (None, None, None)
    assert list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))) == []
    assert (
        list(
            session.scalars(
                select(OrganisationMembership).where(OrganisationMembership.user_id == user.id)
            )
        )
        == []
    )
    assert len(_events(session, user, "account_deleted")) == 1

    # Signed out, and the address no longer signs in.
    assert client.get("/account/").status_code == 302
    response = client.post_form(
        "/account/login", {"email": "acc-delete@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/account/").status_code == 302
    assert authenticate("acc-delete@example.org", PASSWORD) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong-password-1", "confirm": "y"}, "password is not correct"),
        ({"password": PASSWORD}, "confirm that you want to delete"),
        ({"password": "", "confirm": "y"}, "enter your password"),
    ],
)
def test_deletion_needs_password_and_confirmation(client, session, make_user, data, message):
    english(client)
    user = make_user(email="acc-delete-bad@example.org")
    client.login(user)
    response = client.post_form("/account/delete", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    session.refresh(user)
    assert user.email == "acc-delete-bad@example.org" and user.deleted_dt is None


def test_deletion_needs_csrf(client, session, make_user):
    user = make_user(email="acc-delete-csrf@example.org")
    client.login(user)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 400
    session.refresh(user)
    assert user.deleted_dt is None


def test_the_last_administrator_cannot_delete_the_account(client, session, make_user):
    english(client)
    for admin in session.scalars(select(User).where(User.role == "admin")):
        admin.role = "citizen"
    user = make_user("admin", email="acc-delete-admin@example.org")
    client.login(user)
    response = client.post_form("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert "You are the last administrator" in response.get_data(as_text=True)
    session.refresh(user)
    assert user.deleted_dt is None
