"""Password reset by e-mail: same answer for every address, expiring single-use links."""

from __future__ import annotations

from datetime import timedelta

from account_helpers import (
    NEW_PASSWORD,
    csrf_free,
    english,
    only_link,
    path_of,
    refuse_mail,
    totp_code,
)
from conftest import PASSWORD
from sqlalchemy import select

from engage.accounts.models import AuditEvent
from engage.accounts.passwords import authenticate


def _request(client, email):
    return client.post_form("/account/reset", {"email": email})


def _set(client, link, password=NEW_PASSWORD, repeat=None):
    return client.post_form(
        path_of(link), {"password": password, "password_repeat": repeat or password}
    )


def test_reset_request_answers_the_same_for_known_and_unknown(client, make_user, mailbox):
    english(client)
    make_user(email="acc-reset-known@example.org")
    known = _request(client, "acc-reset-known@example.org")
    unknown = _request(client, "acc-reset-unknown@example.org")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert "/account/reset/" in mailbox.body(mailbox.to("acc-reset-known@example.org")[0])
    body = mailbox.body(mailbox.to("acc-reset-unknown@example.org")[0])
    assert "/account/reset/" not in body and "there is no account" in body


def test_reset_sets_the_password_ends_other_sessions_and_signs_in(
    client, anon, session, make_user, mailbox
):
    user = make_user(email="acc-reset@example.org")
    anon.login(user)  # another device, signed in before
    assert anon.get("/account/").status_code == 200
    version = user.session_version

    _request(client, "acc-reset@example.org")
    link = only_link(mailbox, "acc-reset@example.org", "/account/reset/")
    form = client.get(path_of(link))
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.get_data(as_text=True)
    response = _set(client, link)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/")
    assert client.get("/account/").status_code == 200  # signed in here

    session.refresh(user)
    assert user.session_version == version + 1
    assert authenticate("acc-reset@example.org", NEW_PASSWORD) is user
    assert authenticate("acc-reset@example.org", PASSWORD) is None
    assert anon.get("/account/").status_code == 302  # the other device is signed out
    events = session.scalars(select(AuditEvent.event).where(AuditEvent.subject_id == user.id))
    assert "password_reset" in list(events)

    # Used once: the link is dead now, and nothing changes.
    english(client)
    again = _set(client, link, "Another-Fine-Password-9")
    assert again.status_code == 400
    assert "It may have been used already" in again.get_data(as_text=True)
    assert authenticate("acc-reset@example.org", NEW_PASSWORD) is user


def test_expired_reset_link_changes_nothing(client, session, make_user, mailbox, clock, app):
    english(client)
    user = make_user(email="acc-reset-late@example.org")
    _request(client, user.email)
    link = only_link(mailbox, user.email, "/account/reset/")
    clock.advance(timedelta(seconds=app.config["RESET_LINK_MAX_AGE"] + 1))
    assert "The link has expired" in client.get(path_of(link)).get_data(as_text=True)
    response = _set(client, link)
    assert response.status_code == 400
    assert authenticate(user.email, PASSWORD) is user


def test_tampered_reset_link_changes_nothing(client, make_user, mailbox):
    user = make_user(email="acc-reset-tamper@example.org")
    _request(client, user.email)
    link = only_link(mailbox, user.email, "/account/reset/")
    response = _set(client, link[:-3] + "abc")
    assert response.status_code == 400
    assert authenticate(user.email, PASSWORD) is user


def test_new_password_follows_the_rules(client, make_user, mailbox):
    english(client)
    user = make_user(email="acc-reset-rules@example.org")
    _request(client, user.email)
    link = only_link(mailbox, user.email, "/account/reset/")
    for password, message in [
        ("short", "at least 10 characters"),
        ("password123", "too common"),
        ("my-acc-reset-rules-pw", "must not contain your e-mail address"),
    ]:
        response = _set(client, link, password)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert authenticate(user.email, PASSWORD) is user
    # The link still works after refused attempts.
    assert _set(client, link).status_code == 303


def test_reset_confirms_an_unconfirmed_address(client, session, make_user, mailbox):
    user = make_user(email="acc-reset-unconfirmed@example.org", confirmed=False)
    _request(client, user.email)
    link = only_link(mailbox, user.email, "/account/reset/")
    assert _set(client, link).status_code == 303
    session.refresh(user)
    assert user.email_confirmed_dt is not None
    assert client.get("/account/").status_code == 200


def test_reset_with_second_factor_still_asks_for_the_code(
    client, session, make_user, mailbox, clock
):
    user = make_user("moderator", email="acc-reset-staff@example.org", organisations=("bogestra",))
    _request(client, user.email)
    link = only_link(mailbox, user.email, "/account/reset/")
    response = _set(client, link)
    assert response.headers["Location"].endswith("/account/login/code")
    assert client.get("/account/").status_code == 302  # not signed in yet
    response = client.post_form("/account/login/code", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 303
    assert client.get("/account/").status_code == 200


def test_mail_failure_on_reset_looks_the_same_for_every_address(
    client, make_user, app, monkeypatch
):
    refuse_mail(app, monkeypatch)
    english(client)
    make_user(email="acc-reset-nomail@example.org")
    known = _request(client, "acc-reset-nomail@example.org")
    unknown = _request(client, "acc-reset-nomail-x@example.org")
    assert known.status_code == unknown.status_code == 503
    assert "could not send the e-mail" in known.get_data(as_text=True)
    assert csrf_free(known.get_data(as_text=True)).replace("nomail@", "Y@") == csrf_free(
        unknown.get_data(as_text=True)
    ).replace("nomail-x@", "Y@")


def test_reset_request_needs_csrf(client, make_user, mailbox):
    make_user(email="acc-reset-csrf@example.org")
    response = client.post("/account/reset", data={"email": "acc-reset-csrf@example.org"})
    assert response.status_code == 400
    assert len(mailbox) == 0
