"""Registration, e-mail confirmation and the resend flow, through the web pages and real SMTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from account_helpers import (
    csrf_free,
    english,
    only_link,
    path_of,
    refuse_mail,
    register_form,
)
from conftest import PASSWORD
from sqlalchemy import func, select

from engage.accounts.models import AuditEvent, User


def _users(session, email: str) -> list[User]:
    return list(session.scalars(select(User).where(func.lower(User.email) == email.lower())))


def _events(session, event: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == event)))


def test_register_confirm_and_sign_in(client, session, mailbox):
    english(client)
    response = client.post_form("/account/register", register_form("Erika@Example.org"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/check-mail?reason=register")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please open the link in it to confirm your address" in page

    [user] = _users(session, "erika@example.org")
    assert user.email == "erika@example.org"  # stored in lower case
    assert user.display_name == "Erika Musterfrau"
    assert user.email_confirmed_dt is None
    assert user.password_hash != PASSWORD and user.password_hash.startswith("scrypt:")
    assert [e.subject_id for e in _events(session, "registered")] == [user.id]

    # Not confirmed yet: signing in fails with the generic message.
    response = client.post_form(
        "/account/login", {"email": "erika@example.org", "password": PASSWORD}
    )
    assert "has not been confirmed yet" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # not signed in

    link = only_link(mailbox, "erika@example.org", "/account/confirm/")
    [mail] = mailbox.to("erika@example.org")
    assert mail["Subject"] == "Please confirm your e-mail address"
    assert link.startswith("http://localhost/account/confirm/")
    response = client.get(path_of(link))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/login")
    session.refresh(user)
    assert user.email_confirmed_dt is not None
    assert len(_events(session, "email_confirmed")) == 1

    response = client.post_form(
        "/account/login", {"email": "ERIKA@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 303
    profile = client.get("/account/")
    assert profile.status_code == 200
    assert "erika@example.org" in profile.get_data(as_text=True)
    assert any("remember_token=" in h for h in response.headers.getlist("Set-Cookie"))
    assert [e.subject_id for e in _events(session, "login")] == [user.id]

    # The link again: nothing changes, a clear message.
    again = client.get(path_of(link), follow_redirects=True)
    assert "already been confirmed" in again.get_data(as_text=True)
    assert len(_events(session, "email_confirmed")) == 1


def test_mail_is_written_in_the_language_of_the_page(client, session, mailbox):
    client.post_form(
        "/account/register", register_form("sprache@example.org"), headers={"Accept-Language": "en"}
    )
    [user] = _users(session, "sprache@example.org")
    assert user.locale == "en"
    [mail] = mailbox.to("sprache@example.org")
    assert mail["Subject"] == "Please confirm your e-mail address"
    assert "Hello Erika Musterfrau," in mailbox.body(mail)


def test_registering_a_known_address_looks_the_same_and_notifies_the_owner(
    client, session, mailbox, make_user
):
    english(client)
    owner = make_user(email="owner@example.org", name="Owner Person", locale="en")
    fresh = client.post_form("/account/register", register_form("someone-new@example.org"))
    known = client.post_form(
        "/account/register", register_form("OWNER@example.org", display_name="Intruder")
    )
    assert known.status_code == fresh.status_code == 303
    assert known.headers["Location"] == fresh.headers["Location"]
    assert len(_users(session, "owner@example.org")) == 1
    session.refresh(owner)
    assert owner.display_name == "Owner Person"  # unchanged

    [notice] = mailbox.to("owner@example.org")
    body = mailbox.body(notice)
    assert "tried to register" in body
    assert "/account/login" in body and "/account/reset" in body
    assert "/account/confirm/" not in body


def test_registering_again_while_unconfirmed_sends_a_new_confirmation(client, session, mailbox):
    client.post_form("/account/register", register_form("twice@example.org"))
    client.post_form("/account/register", register_form("twice@example.org"))
    assert len(_users(session, "twice@example.org")) == 1
    messages = mailbox.to("twice@example.org")
    assert len(messages) == 2
    assert all(mailbox.links(m) and "/account/confirm/" in mailbox.links(m)[0] for m in messages)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "a" * 290 + "@example.org"}, "at most 254 characters"),
        ({"email": "not-an-address"}, "valid e-mail address"),
        ({"email": ""}, "enter your e-mail address"),
        ({"display_name": "x" * 61}, "between 2 and 60 characters"),
        ({"display_name": "x"}, "between 2 and 60 characters"),
        ({"display_name": "   "}, "between 2 and 60 characters"),
        ({"password": "short", "password_repeat": "short"}, "at least 10 characters"),
        ({"password": "x" * 129, "password_repeat": "x" * 129}, "at most 128 characters"),
        ({"password": "1234567890", "password_repeat": "1234567890"}, "too common"),
        ({"password": "passwort2024!", "password_repeat": "passwort2024!"}, "too common"),
        ({"password": "Sonnenschein", "password_repeat": "Sonnenschein"}, "too common"),
        (
            {"password": "my-NEWPERSON-account", "password_repeat": "my-NEWPERSON-account"},
            "must not contain your e-mail address",
        ),
        ({"password_repeat": PASSWORD + "x"}, "do not match"),
        ({"consent": None}, "agree to the privacy policy"),
    ],
)
def test_bad_registration_input_is_refused_at_the_field(
    client, session, mailbox, overrides, message
):
    data = {**register_form("newperson@example.org"), **overrides}
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post_form("/account/register", data, headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    assert _users(session, "newperson@example.org") == []
    assert len(mailbox) == 0


def test_short_local_part_is_not_checked(client, session):
    # "ab" is too short to be meaningful inside a password.
    response = client.post_form("/account/register", register_form("ab@example.org"))
    assert response.status_code == 303
    assert len(_users(session, "ab@example.org")) == 1


def test_nul_bytes_do_not_break_registration(client, session):
    response = client.post_form(
        "/account/register",
        register_form("nul\x00@example.org", display_name="Nul\x00 Byte"),
    )
    assert response.status_code in (200, 303)
    for user in session.scalars(select(User)):
        assert "\x00" not in (user.email or "") + user.display_name


def test_missing_csrf_token_is_refused_and_nothing_is_created(client, session, mailbox):
    data = register_form("csrf@example.org")
    response = client.post("/account/register", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert _users(session, "csrf@example.org") == []
    assert len(mailbox) == 0


def test_mail_failure_is_reported_and_changes_nothing(client, session, app, monkeypatch):
    refuse_mail(app, monkeypatch)
    response = client.post_form(
        "/account/register", register_form("nomail@example.org"), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 503
    assert "could not send the e-mail" in response.get_data(as_text=True)
    assert _users(session, "nomail@example.org") == []


def test_mail_failure_looks_the_same_for_known_addresses(
    client, session, make_user, app, monkeypatch
):
    refuse_mail(app, monkeypatch)
    make_user(email="known@example.org")
    unknown = client.post_form(
        "/account/register", register_form("unknown@example.org"), headers={"Accept-Language": "en"}
    )
    known = client.post_form(
        "/account/register", register_form("known@example.org"), headers={"Accept-Language": "en"}
    )
    assert known.status_code == unknown.status_code == 503
    assert csrf_free(known.get_data(as_text=True)).replace("known@", "X@") == csrf_free(
        unknown.get_data(as_text=True)
    ).replace("unknown@", "X@")


def test_expired_confirmation_link_changes_nothing(client, session, mailbox, clock, app):
    client.post_form("/account/register", register_form("late@example.org"))
    link = only_link(mailbox, "late@example.org", "/account/confirm/")
    clock.advance(timedelta(seconds=app.config["CONFIRM_LINK_MAX_AGE"] + 1))
    response = client.get(path_of(link), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The link has expired" in html
    assert "Nothing has been changed" in html
    [user] = _users(session, "late@example.org")
    assert user.email_confirmed_dt is None


def test_confirmation_link_is_still_good_just_before_it_expires(
    client, session, mailbox, clock, app
):
    client.post_form("/account/register", register_form("intime@example.org"))
    link = only_link(mailbox, "intime@example.org", "/account/confirm/")
    clock.advance(timedelta(seconds=app.config["CONFIRM_LINK_MAX_AGE"] - 60))
    assert client.get(path_of(link)).status_code == 303
    [user] = _users(session, "intime@example.org")
    assert user.email_confirmed_dt is not None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(".")[0],
        lambda token: "x" * 600,
    ],
)
def test_tampered_confirmation_link_changes_nothing(client, session, mailbox, tamper):
    client.post_form("/account/register", register_form("tamper@example.org"))
    link = only_link(mailbox, "tamper@example.org", "/account/confirm/")
    token = link.rsplit("/", 1)[1]
    response = client.get(f"/account/confirm/{tamper(token)}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The link is not valid" in response.get_data(as_text=True)
    [user] = _users(session, "tamper@example.org")
    assert user.email_confirmed_dt is None


def test_a_reset_link_is_no_confirmation_link(client, session, mailbox, make_user):
    make_user(email="mixed@example.org", confirmed=False)
    client.post_form("/account/reset", {"email": "mixed@example.org"})
    link = only_link(mailbox, "mixed@example.org", "/account/reset/")
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/account/confirm/{token}").status_code == 400


def test_resend_confirmation_answers_the_same_for_every_address(
    client, session, mailbox, make_user
):
    english(client)
    make_user(email="pending@example.org", confirmed=False)
    make_user(email="done@example.org")
    answers = [
        client.post_form("/account/confirm", {"email": address})
        for address in ("pending@example.org", "done@example.org", "nobody@example.org")
    ]
    assert {a.status_code for a in answers} == {303}
    assert {a.headers["Location"] for a in answers} == {"/account/check-mail?reason=confirm"}
    assert "/account/confirm/" in mailbox.body(mailbox.to("pending@example.org")[0])
    assert "/account/confirm/" not in mailbox.body(mailbox.to("done@example.org")[0])
    assert "there is no account" in mailbox.body(mailbox.to("nobody@example.org")[0])


def test_signed_in_people_are_sent_from_register_to_their_profile(client, make_user):
    client.login(make_user())
    response = client.get("/account/register")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/")
