"""The second factor: set-up with QR code, sign-in in two steps, replays refused."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from account_helpers import (
    english,
    totp_code,
)
from conftest import PASSWORD
from sqlalchemy import select

from engage.accounts.models import AuditEvent


def _events(session, user, event):
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == user.id, AuditEvent.event == event)
        )
    )


def _password_step(client, user, **extra):
    return client.post_form("/account/login", {"email": user.email, "password": PASSWORD, **extra})


def _secret_from_page(html: str) -> str:
    match = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert match, "no secret on the page"
    return match.group(1).replace(" ", "")


def test_citizen_sets_up_the_second_factor(client, session, make_user, clock):
    english(client)
    user = make_user(email="acc-totp-setup@example.org")
    client.login(user)
    page = client.get("/account/two-factor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    img = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert img and "QR code" in img.group(2)
    assert base64.b64decode(img.group(1)).lstrip().startswith(b"<svg")
    secret = _secret_from_page(html)
    assert len(secret) == 32
    assert 'autocomplete="one-time-code"' in html
    # The secret is not stored before it is confirmed; reloading keeps the same one.
    session.refresh(user)
    assert user.totp_secret is None
    assert _secret_from_page(client.get("/account/two-factor").get_data(as_text=True)) == secret

    wrong = client.post_form("/account/two-factor", {"code": "000000"})
    assert "This code is not correct" in wrong.get_data(as_text=True)
    session.refresh(user)
    assert not user.has_totp

    response = client.post_form("/account/two-factor", {"code": totp_code(secret)})
    assert response.status_code == 303
    session.refresh(user)
    assert user.has_totp and user.totp_secret == secret
    assert len(_events(session, user, "totp_enabled")) == 1


def test_sign_in_with_second_factor_and_replay_refused(app, session, make_user, clock):
    user = make_user("moderator", email="acc-totp-login@example.org", organisations=("bogestra",))
    first = app.test_client()
    response = _password_step(first, user, next="/account/tokens")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/login/code")
    assert first.get("/account/").status_code == 302  # not signed in after the password alone

    code = totp_code(user.totp_secret)
    response = first.post_form("/account/login/code", {"code": code[:3] + " " + code[3:]})
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/tokens"
    assert first.get("/account/").status_code == 200
    [login] = _events(session, user, "login")
    assert login.details["second_factor"] is True

    # Someone who saw password and code cannot use the same code again.
    second = app.test_client()
    english(second)
    _password_step(second, user)
    replay = second.post_form("/account/login/code", {"code": code})
    assert replay.status_code == 200
    assert "already been used" in replay.get_data(as_text=True)
    assert second.get("/account/").status_code == 302
    assert _events(session, user, "login_failed")[-1].details["reason"] == "second_factor"

    # The next time step's code works.
    clock.advance(timedelta(seconds=30))
    response = second.post_form("/account/login/code", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 303
    assert second.get("/account/").status_code == 200


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (1, True), (2, False)])
def test_codes_are_valid_one_step_either_side(client, make_user, clock, offset, accepted):
    user = make_user("admin", email=f"acc-totp-window{offset}@example.org")
    _password_step(client, user)
    response = client.post_form(
        "/account/login/code", {"code": totp_code(user.totp_secret, offset)}
    )
    assert (response.status_code == 303) is accepted


def test_code_step_expires_and_counts_wrong_codes(client, make_user, clock):
    user = make_user("innovation", email="acc-totp-tries@example.org")
    _password_step(client, user)
    # Malformed input is answered at the field and is not counted.
    assert client.post_form("/account/login/code", {"code": "12345x"}).status_code == 200
    for _ in range(4):
        assert client.post_form("/account/login/code", {"code": "000000"}).status_code == 200
    # The fifth wrong code: back to the password.
    response = client.post_form("/account/login/code", {"code": "000000"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/login")
    assert client.get("/account/login/code").status_code == 303
    # And a pending sign-in is forgotten after a few minutes.
    _password_step(client, user)
    clock.advance(timedelta(minutes=6))
    response = client.post_form("/account/login/code", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/login")
    assert client.get("/account/").status_code == 302


def test_code_step_without_password_step_sends_to_sign_in(client):
    response = client.get("/account/login/code")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/login")


def test_staff_is_forced_to_set_up_and_then_signs_in_with_the_code(app, session, make_user, clock):
    user = make_user("moderator", email="acc-totp-forced@example.org", totp=False)
    client = app.test_client()
    assert _password_step(client, user).status_code == 303
    for path in ("/", "/account/", "/account/tokens"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/account/two-factor")
    html = client.get("/account/two-factor").get_data(as_text=True)
    secret = _secret_from_page(html)
    assert client.post_form("/account/two-factor", {"code": totp_code(secret)}).status_code == 303
    assert client.get("/account/").status_code == 200

    # Staff cannot switch it off while it is required.
    assert client.post_form("/account/two-factor/disable", {"code": "123456"}).status_code == 403
    session.refresh(user)
    assert user.has_totp

    # The next sign-in asks for the code.
    other = app.test_client()
    clock.advance(timedelta(seconds=60))
    response = _password_step(other, user)
    assert response.headers["Location"].endswith("/account/login/code")


def test_citizen_switches_the_second_factor_off_with_a_code(client, session, make_user, clock):
    english(client)
    user = make_user(email="acc-totp-off@example.org", totp=True)
    client.login(user)
    html = client.get("/account/two-factor").get_data(as_text=True)
    assert "Switch off" in html
    wrong = client.post_form("/account/two-factor/disable", {"code": "000000"})
    assert "This code is not correct" in wrong.get_data(as_text=True)
    session.refresh(user)
    assert user.has_totp
    response = client.post_form(
        "/account/two-factor/disable", {"code": totp_code(user.totp_secret)}
    )
    assert response.status_code == 303
    session.refresh(user)
    assert not user.has_totp and user.totp_secret is None
    assert len(_events(session, user, "totp_disabled")) == 1
    # Signing in is one step again.
    client.logout()
    assert _password_step(client, user).headers["Location"] == "/"


def test_totp_forms_need_csrf(client, session, make_user, clock):
    user = make_user(email="acc-totp-csrf@example.org", totp=True)
    client.login(user)
    response = client.post(
        "/account/two-factor/disable", data={"code": totp_code(user.totp_secret)}
    )
    assert response.status_code == 400
    session.refresh(user)
    assert user.has_totp
