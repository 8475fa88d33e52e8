"""Signing in and out: one answer for every failure, safe redirects, rate limits, audit."""

from __future__ import annotations

import re

import pytest
from account_helpers import csrf_free, english
from conftest import PASSWORD
from sqlalchemy import select

from engage.accounts.models import AuditEvent


def _events(session, event: str) -> list[AuditEvent]:
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.event == event).order_by(AuditEvent.id))
    )


def _login(client, email, password=PASSWORD, **extra):
    return client.post_form("/account/login", {"email": email, "password": password, **extra})


def test_sign_in_and_out(client, session, make_user):
    user = make_user(email="acc-inout@example.org")
    response = _login(client, "acc-inout@example.org")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get("/account/").status_code == 200
    session.refresh(user)
    assert user.last_login_dt is not None
    assert not any("remember_token=" in h for h in response.headers.getlist("Set-Cookie"))

    # Signing out is a POST with CSRF protection.
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/").status_code == 200
    assert client.get("/account/logout").status_code == 405
    response = client.post_form("/account/logout")
    assert response.status_code == 303
    assert client.get("/account/").status_code == 302
    assert [e.subject_id for e in _events(session, "logout")] == [user.id]
    assert [e.subject_id for e in _events(session, "login")] == [user.id]


def test_wrong_password_and_unknown_address_get_the_same_answer(client, session, make_user):
    english(client)
    user = make_user(email="acc-known@example.org")
    wrong = _login(client, "acc-known@example.org", "Not-the-password-123")
    unknown = _login(client, "acc-nobody@example.org", "Not-the-password-123")
    assert wrong.status_code == unknown.status_code == 200
    wrong_html = csrf_free(wrong.get_data(as_text=True)).replace("acc-known@", "X@")
    unknown_html = csrf_free(unknown.get_data(as_text=True)).replace("acc-nobody@", "X@")
    assert wrong_html == unknown_html
    assert "The e-mail address or the password is wrong" in wrong_html
    assert "/account/reset" in wrong_html and "/account/confirm" in wrong_html
    assert client.get("/account/").status_code == 302

    failed = _events(session, "login_failed")
    assert [e.subject_id for e in failed] == [user.id, None]
    assert failed[0].details["reason"] == "password"
    assert failed[1].details["reason"] == "unknown_email"
    # The unknown address is not stored in clear text.
    assert "acc-nobody" not in str(failed[1].details)
    assert re.fullmatch(r"[0-9a-f]{16}", failed[1].details["email_hash"])


def test_unconfirmed_account_cannot_sign_in(client, session, make_user):
    english(client)
    user = make_user(email="acc-unconfirmed@example.org", confirmed=False)
    response = _login(client, "acc-unconfirmed@example.org")
    assert "has not been confirmed yet" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302
    [event] = _events(session, "login_failed")
    assert event.subject_id == user.id and event.details["reason"] == "unconfirmed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "a" * 300 + "@example.org"}, "at most 254 characters"),
        ({"email": "no-at-sign"}, "valid e-mail address"),
        # NUL bytes are dropped from the address; the password is taken as typed.
        (
            {"email": "nul\x00@exa\x00mple.org", "password": "x\x00y"},
            "The e-mail address or the password is wrong",
        ),
        ({"password": ""}, "enter your password"),
        ({"password": "p" * 1025}, "at most 1024 characters"),
    ],
)
def test_malformed_sign_in_input_is_answered_at_the_field(
    client, session, make_user, data, message
):
    english(client)
    make_user(email="acc-malformed@example.org")
    response = client.post_form(
        "/account/login", {"email": "acc-malformed@example.org", "password": PASSWORD, **data}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/tokens", "/account/tokens"),
        ("/processes?theme=x", "/processes?theme=x"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_next_only_leads_to_local_paths(client, make_user, next_url, expected):
    make_user(email="acc-next@example.org")
    response = _login(client, "acc-next@example.org", next=next_url)
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_login_page_carries_next_from_the_query(client):
    html = client.get("/account/login?next=/account/tokens").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account/tokens"' in html
    html = client.get("/account/login?next=https://evil.example/").get_data(as_text=True)
    assert 'name="next" type="hidden" value=""' in html


def test_protected_page_sends_visitors_to_sign_in_and_back(client, make_user):
    make_user(email="acc-back@example.org")
    response = client.get("/account/tokens")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/account/login?next=")
    next_url = client.get(location).get_data(as_text=True)
    assert 'value="/account/tokens' in next_url
    response = _login(client, "acc-back@example.org", next="/account/tokens")
    assert response.headers["Location"] == "/account/tokens"


def test_too_many_sign_in_attempts_are_refused(client, app, make_user):
    english(client)
    make_user(email="acc-limit@example.org")
    allowed = int(app.config["RATELIMIT_LOGIN"].split(" ")[0])
    for _ in range(allowed):
        assert _login(client, "acc-limit@example.org", "wrong-password-1").status_code == 200
    response = _login(client, "acc-limit@example.org")
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)
    # The form itself stays readable.
    assert client.get("/account/login").status_code == 200


def test_staff_without_second_factor_must_set_it_up(client, make_user):
    staff = make_user("moderator", email="acc-staff-no2fa@example.org", totp=False)
    response = _login(client, staff.email)
    assert response.status_code == 303
    # Signed in, but every page leads to the second-factor set-up until it is done.
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor")
    assert client.get("/account/two-factor").status_code == 200


def test_unknown_address_costs_a_password_check_too(client, make_user, monkeypatch):
    """Both failures hash a password, so their timing does not tell them apart."""
    from engage.accounts import passwords

    calls: list[str] = []
    original = passwords.check_password_hash
    monkeypatch.setattr(
        passwords,
        "check_password_hash",
        lambda hashed, password: calls.append(hashed) or original(hashed, password),
    )
    user = make_user(email="acc-timing@example.org")
    _login(client, "acc-timing@example.org", "Wrong-password-42")
    _login(client, "acc-timing-unknown@example.org", "Wrong-password-42")
    assert calls == [user.password_hash, passwords._DUMMY_HASH]
