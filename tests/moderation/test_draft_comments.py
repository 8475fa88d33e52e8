"""Comments on draft paragraphs in moderation: reported ones reach the queue of the draft's
organisation, the actions work on them and are logged, and nobody else can see or act."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import FROZEN_AT
from moderation_fixtures import *  # noqa: F403
from sqlalchemy import select

from engage.drafts import operations as draft_ops
from engage.drafts import queries as draft_queries
from engage.ideas import operations as idea_ops
from engage.ideas.models import Flag
from engage.moderation import operations as ops
from engage.moderation import queries
from engage.notifications.models import Notification

DAY = timedelta(days=1)
SOURCE = "# Ziele\n\nAbsatz eins über den Busverkehr.\n\nAbsatz zwei über Radwege in Bochum."


@pytest.fixture
def draft(make_process, moderator, session):
    process = make_process(
        organisation="bogestra", phases=[("comment", FROZEN_AT - DAY, FROZEN_AT + 10 * DAY)]
    )
    draft = draft_ops.create_draft(moderator, process, "Nahverkehrsplan 2030", SOURCE)
    draft_ops.publish_version(moderator, draft)
    session.flush()
    return draft


@pytest.fixture
def paragraph(draft):
    return next(p for p in draft_queries.paragraphs_of(draft.current_version) if p.number == 2)


@pytest.fixture
def reported(session, draft, paragraph, author, citizens):
    """A paragraph comment by ``author`` with one open report."""
    (reporter,) = citizens(1)
    comment = draft_ops.add_comment(author, draft, paragraph, "Beleidigender Unsinn zum Radweg")
    draft_ops.flag_comment(reporter, draft, comment, "insulting")
    session.flush()
    return comment


@pytest.fixture
def people(make_user, moderator, other_moderator):
    return {
        "moderator": moderator,
        "other_moderator": other_moderator,
        "admin": make_user("admin"),
        "innovation": make_user("innovation"),
        "citizen": make_user(),
    }


def _notifications(session, user):
    return list(
        session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def test_reported_paragraph_comment_is_in_the_flagged_tab(client, moderator, reported, draft):
    page = queries.flagged_items(
        {reported.paragraph.version.draft.process.organisation_id}, None, 1, 20
    )
    assert [(i.kind, i.item.id) for i in page.items] == [("comment", reported.id)]
    entry = page.items[0]
    assert entry.idea is None and entry.draft.id == draft.id and entry.open_count == 1
    assert entry.process.id == draft.process_id
    assert (
        queries.tab_counts({entry.process.organisation_id}, None, FROZEN_AT.date())["flagged"] == 1
    )

    client.login(moderator)
    html = client.get("/moderation/?tab=flagged").get_data(as_text=True)
    assert "Beleidigender Unsinn zum Radweg" in html
    assert "on paragraph 2 of the draft “Nahverkehrsplan 2030”" in html
    assert f"/moderation/comments/{reported.id}" in html
    assert "Insulting" in html
    newest = client.get("/moderation/?tab=newest").get_data(as_text=True)
    assert f"/moderation/comments/{reported.id}" in newest


def test_process_filter_applies_to_paragraph_comments(moderator, reported, make_process):
    other = make_process(organisation="bogestra")
    scope = {reported.paragraph.version.draft.process.organisation_id}
    assert queries.flagged_items(scope, other.id, 1, 20).total == 0
    draft_process = reported.paragraph.version.draft.process_id
    assert queries.flagged_items(scope, draft_process, 1, 20).total == 1


@pytest.mark.parametrize(
    ("who", "page", "listed"),
    [
        ("moderator", 200, True),
        ("admin", 200, True),
        ("other_moderator", 403, False),
        ("innovation", 403, False),
        ("citizen", 403, False),
        ("visitor", 302, False),
    ],
)
def test_who_may_see_a_paragraph_comment(client, people, reported, who, page, listed):
    if who != "visitor":
        client.login(people[who])
    assert client.get(f"/moderation/comments/{reported.id}").status_code == page
    queue = client.get("/moderation/?tab=flagged")
    shown = queue.status_code == 200 and "Beleidigender Unsinn" in queue.get_data(as_text=True)
    assert shown is listed


@pytest.mark.parametrize("who", ["other_moderator", "innovation", "citizen"])
def test_others_cannot_act_on_a_paragraph_comment(client, people, reported, log_entries, who):
    before = log_entries()
    client.login(people[who])
    for path, data in [
        (f"/moderation/comments/{reported.id}/hide", {"reason": "Spam"}),
        (f"/moderation/comments/{reported.id}/flags/dismiss", {"dismiss-reason": ""}),
        ("/moderation/bulk", {"items": f"comment:{reported.id}", "action": "hide", "reason": "x"}),
    ]:
        assert client.post_form(path, data).status_code == 403
    assert reported.is_visible and log_entries() == before
    with pytest.raises(ops.ModerationError):
        ops.hide(people[who], reported, "Spam")


def test_hide_and_restore_on_the_web(
    client, session, moderator, reported, draft, paragraph, author, log_entries
):
    client.login(moderator)
    html = client.get(f"/moderation/comments/{reported.id}").get_data(as_text=True)
    assert f"/drafts/{draft.id}/paragraphs/{paragraph.id}#comment-{reported.id}" in html
    r = client.post_form(f"/moderation/comments/{reported.id}/hide", {"reason": ""})
    assert r.status_code == 422 and reported.is_visible  # the reason is required

    r = client.post_form(f"/moderation/comments/{reported.id}/hide", {"reason": "Beleidigung"})
    assert r.status_code == 303 and reported.is_hidden
    (hide,) = log_entries("hide")
    assert (hide.target_type, hide.target_id, hide.reason) == (
        "comment",
        reported.id,
        "Beleidigung",
    )
    assert hide.organisation_id == draft.process.organisation_id
    assert hide.details["draft_id"] == draft.id and hide.details["paragraph_id"] == paragraph.id
    assert hide.details["flags_upheld"] == 1
    assert session.scalar(select(Flag.status).where(Flag.target_id == reported.id)) == "upheld"
    assert [
        v.comments
        for v in draft_queries.paragraph_views(draft, draft.current_version)
        if v.paragraph.id == paragraph.id
    ] == [0]
    (told,) = _notifications(session, author)
    assert told.params["action"] == "hidden" and told.params["reason"] == "Beleidigung"
    assert told.params["idea_title"] == "Nahverkehrsplan 2030"
    assert told.link == f"/drafts/{draft.id}/paragraphs/{paragraph.id}#comment-{reported.id}"

    r = client.post_form(f"/moderation/comments/{reported.id}/restore", {"reason": "Doch ok"})
    assert r.status_code == 303 and reported.is_visible
    (restore,) = log_entries("restore")
    assert restore.details["draft_id"] == draft.id
    assert _notifications(session, author)[-1].params["action"] == "restored"


def test_dismiss_reports_shows_a_comment_hidden_by_flags_again(
    client, session, moderator, draft, paragraph, author, citizens, log_entries, app
):
    app.config["FLAG_HIDE_THRESHOLD"] = 2
    comment = draft_ops.add_comment(author, draft, paragraph, "Ein harmloser Hinweis zum Radweg")
    for reporter in citizens(2):
        draft_ops.flag_comment(reporter, draft, comment, "spam")
    session.flush()
    assert comment.is_hidden  # hidden by the reports until a moderator decides
    assert _notifications(session, author)[-1].params["reason"] == "flags"

    client.login(moderator)
    r = client.post_form(
        f"/moderation/comments/{comment.id}/flags/dismiss", {"dismiss-reason": "Kein Spam"}
    )
    assert r.status_code == 303 and comment.is_visible
    assert [e.action for e in log_entries()][-2:] == ["dismiss_flags", "restore"]
    assert queries.flagged_items(None, None, 1, 20).total == 0


def test_bulk_hide_mixes_idea_and_paragraph_comments(
    client, moderator, reported, make_idea, citizens, log_entries
):
    idea = make_idea()
    (writer,) = citizens(1)
    idea_comment = idea_ops.add_comment(writer, idea, "Spam auf der Idee")
    client.login(moderator)
    r = client.post_form(
        "/moderation/bulk",
        {
            "items": [f"comment:{reported.id}", f"comment:{idea_comment.id}"],
            "action": "hide",
            "reason": "Spam-Welle",
            "tab": "flagged",
        },
    )
    assert r.status_code == 303
    assert reported.is_hidden and idea_comment.is_hidden
    assert sorted(e.target_id for e in log_entries("hide")) == sorted(
        [reported.id, idea_comment.id]
    )
