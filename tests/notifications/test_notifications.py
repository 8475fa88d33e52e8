"""Notifications: recipients, immediate mails after the commit, digests, unsubscribe, settings."""

from __future__ import annotations

import pytest
from bundle_fixtures import *  # noqa: F403
from sqlalchemy import select

from engage.bundles import operations as ops
from engage.ideas import operations as idea_ops
from engage.notifications import mail as nmail
from engage.notifications import operations as nops
from engage.notifications.models import Kind, Mode, Notification


def notes_of(session, user) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)))


@pytest.fixture
def submitted(make_idea, make_bundle, moderator, supporter, make_user):
    idea = make_idea("Radweg an der Herner Straße")
    idea_ops.support_idea(supporter, idea)
    bundle = make_bundle([idea])
    ops.submit_bundle(moderator, bundle)
    return bundle


def test_decision_mails_author_and_supporters_after_commit(
    client, session, submitted, author, supporter, make_user, innovation, mailbox
):
    quiet = make_user(email="quiet@example.org")
    idea_ops.support_idea(quiet, submitted.items[0].idea)
    nops.set_mode(quiet.id, Kind.BUNDLE_DECISION, Mode.OFF)
    client.login(innovation)
    response = client.post_form(
        f"/bundles/{submitted.id}/decide", {"outcome": "rejected", "rationale": "Zu teuer."}
    )
    assert response.status_code == 303
    decision_mails = [m for m in mailbox if m["Subject"].startswith("Entscheidung zu")]
    assert sorted(m.envelope_to[0] for m in decision_mails) == sorted(
        [author.email, supporter.email]
    )
    (mine,) = [m for m in decision_mails if m.envelope_to == [author.email]]
    assert "Radweg an der Herner Straße" in mine["Subject"]
    # the earlier "passed on to the Innovation Unit" status change reaches the author too
    assert any("neuen Status" in m["Subject"] for m in mailbox.to(author.email))
    assert mailbox.to("quiet@example.org") == []
    assert "Zu teuer." in mailbox.body(mine)
    assert mine["List-Unsubscribe"].startswith("<http")
    assert mine["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notes_of(session, quiet) == []
    (note,) = notes_of(session, supporter)
    assert note.kind == "bundle_decision" and note.emailed_dt is not None
    assert note.params["role"] == "supporter"


def test_failing_smtp_keeps_notification_and_digest_retries(
    app, client, session, submitted, author, innovation, mailbox, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nobody listens
    client.login(innovation)
    response = client.post_form(
        f"/bundles/{submitted.id}/decide", {"outcome": "project", "rationale": "Machen wir."}
    )
    assert response.status_code == 303
    assert len(mailbox) == 0
    notes = notes_of(session, author)
    assert {n.kind for n in notes} == {"idea_status", "bundle_decision"}
    assert all(n.emailed_dt is None and n.mail_pending for n in notes)
    monkeypatch.undo()
    result = nmail.send_digests(Mode.DAILY)
    assert result["immediate"] == 3  # author twice, supporter once
    assert len(mailbox.to(author.email)) == 2
    assert nmail.send_digests(Mode.DAILY) == {"digests": 0, "immediate": 0, "failed": 0}
    assert len(mailbox.to(author.email)) == 2  # never twice


def test_daily_digest_sends_once(session, submitted, author, supporter, innovation, mailbox):
    nops.set_mode(author.id, Kind.BUNDLE_DECISION, Mode.DAILY)
    ops.decide_bundle(innovation, submitted, outcome="project", rationale="Ja.")
    project = submitted.projects[0]
    nops.set_mode(author.id, Kind.PROJECT_UPDATE, Mode.DAILY)
    ops.add_project_update(innovation, project, text="Los geht's.", status="running")
    session.flush()
    assert nmail.send_digests(Mode.WEEKLY)["digests"] == 0
    result = nmail.send_digests(Mode.DAILY)
    assert result["digests"] == 1
    (digest,) = [m for m in mailbox.to(author.email) if "tägliche Zusammenfassung" in m["Subject"]]
    body = mailbox.body(digest)
    assert "Radweg an der Herner Straße" in body and "Los geht's." in body
    assert "/notifications/unsubscribe/" in body
    sent = len(mailbox)
    assert nmail.send_digests(Mode.DAILY)["digests"] == 0
    assert len(mailbox) == sent


def test_unsubscribe_link_works_signed_out(anon, session, author):
    token = nmail.unsubscribe_token(author.id, [Kind.BUNDLE_DECISION])
    page = anon.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and author.id  # confirmation page, nothing changed yet
    from engage.notifications.queries import mode_for

    assert mode_for(author.id, Kind.BUNDLE_DECISION) is Mode.IMMEDIATE
    response = anon.post(
        f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert mode_for(author.id, Kind.BUNDLE_DECISION) is Mode.OFF
    assert mode_for(author.id, Kind.PROJECT_UPDATE) is Mode.IMMEDIATE
    assert anon.get("/notifications/unsubscribe/forged-token").status_code == 404
    assert anon.post(f"/notifications/unsubscribe/{token[:-2]}xx").status_code == 404


def test_page_mark_read_and_settings(client, session, author, supporter, make_idea, mailbox):
    idea = make_idea()
    top = idea_ops.add_comment(author, idea, "Gute Idee!")
    idea_ops.add_comment(supporter, idea, "Finde ich auch.", parent=top)
    session.flush()
    (note,) = notes_of(session, author)
    assert note.kind == "comment_reply"
    client.login(author)
    page = client.get("/").get_data(as_text=True)
    assert "(1 ungelesen)" in page and 'class="badge count" aria-hidden="true">1<' in page
    page = client.get("/notifications/").get_data(as_text=True)
    assert "replied to your comment" in page or "Antwort" in page or "Max Muster" in page
    client.login(supporter)
    assert client.post_form(f"/notifications/{note.id}/read").status_code == 404  # not theirs
    client.login(author)
    assert client.post(f"/notifications/{note.id}/read").status_code == 400  # CSRF
    assert note.read_dt is None
    assert client.post_form(f"/notifications/{note.id}/read").status_code == 303
    assert note.read_dt is not None

    response = client.post_form("/notifications/settings", {k.value: "weekly" for k in Kind})
    assert response.status_code == 303
    from engage.notifications.queries import preferences

    assert set(preferences(author.id).values()) == {Mode.WEEKLY}
    response = client.post_form("/notifications/settings", {"comment_reply": "sometimes"})
    assert response.status_code == 200
    assert preferences(author.id)[Kind.COMMENT_REPLY] is Mode.WEEKLY


def test_settings_need_sign_in(anon):
    assert anon.get("/notifications/settings").status_code == 302
    assert anon.get("/notifications/").status_code == 302


def test_own_action_and_switched_off_kinds_create_nothing(session, author, make_idea):
    idea = make_idea()
    top = idea_ops.add_comment(author, idea, "Erster Kommentar")
    idea_ops.add_comment(author, idea, "Ich antworte mir selbst.", parent=top)
    session.flush()
    assert notes_of(session, author) == []


def test_data_export_and_deletion(session, submitted, author, innovation):
    from engage.accounts.operations import ACCOUNT_DELETION_HOOKS, export_user_data

    ops.decide_bundle(innovation, submitted, outcome="rejected", rationale="Nein.")
    session.flush()
    data = export_user_data(author)
    kinds = [n["kind"] for n in data["notifications"]["items"]]
    assert kinds == ["idea_status", "bundle_decision"]
    for hook in ACCOUNT_DELETION_HOOKS:
        hook(author)
    assert notes_of(session, author) == []
