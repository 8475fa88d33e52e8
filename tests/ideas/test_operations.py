"""The write side of ideas: submitting, editing, supporting, commenting, flagging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from idea_fixtures import *  # noqa: F403
from idea_fixtures import DAY, FROZEN_AT, WINDOWS
from sqlalchemy import func, select

from engage.ideas import operations as ops
from engage.ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaRevision,
    IdeaStatus,
    IdeaStatusChange,
    Support,
    Tag,
)
from engage.ideas.operations import IdeaError

TITLE = "Mehr Fahrradbügel am Hauptbahnhof"
BODY = "Am Bahnhof fehlen **Abstellplätze** für Fahrräder."


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def published_idea(session, process, author, title=TITLE) -> Idea:
    """An idea put straight into the database (independent of the phase rules)."""
    idea = Idea(
        process=process,
        author=author,
        title=title,
        body_source="Text",
        body="<p>Text</p>",
        status="pending",
    )
    session.add(idea)
    idea.change_status(IdeaStatus.PUBLISHED)
    session.flush()
    return idea


# --- submitting ---------------------------------------------------------------------------------


def test_submit_in_post_moderation_publishes_with_history(session, author, process):
    idea = ops.submit_idea(
        author, process, f"  {TITLE}  ", BODY, district="wattenscheid", tags="Radverkehr; #Bahnhof"
    )
    assert idea.status == "published" and idea.published_dt == FROZEN_AT
    assert idea.title == TITLE
    assert idea.body == "<p>Am Bahnhof fehlen <strong>Abstellplätze</strong> für Fahrräder.</p>"
    assert idea.body_source == BODY
    assert [t.name for t in idea.tags] == ["bahnhof", "radverkehr"]
    assert [(h.status, h.actor_id) for h in idea.history] == [("published", author.id)]
    assert idea.origin == "web"


def test_submit_in_pre_moderation_waits(session, author, make_process, clock):
    process = make_process(moderation="pre")
    idea = ops.submit_idea(author, process, TITLE, BODY)
    assert idea.status == "pending" and idea.published_dt is None
    assert [h.status for h in idea.history] == ["pending"]


def test_tags_are_shared_between_ideas(session, author, process):
    ops.submit_idea(author, process, TITLE, BODY, tags=["Radverkehr"])
    ops.submit_idea(author, process, "Noch eine Idee zum Radverkehr", BODY, tags="radverkehr")
    assert session.scalars(select(Tag.name)).all() == ["radverkehr"]


LONG_TAGS = ",".join(f"tag{n}" for n in range(6))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "x" * 9}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "Eine Idee\x00 mit NUL-Byte"}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "Text mit\x00NUL"}, "body"),
        ({"district": "dortmund"}, "district"),
        ({"tags": LONG_TAGS}, "tags"),
        ({"tags": "a" * 31}, "tags"),
        ({"tags": "<script>"}, "tags"),
        ({"lat": 51.39, "lon": 7.2}, "lat"),
        ({"lat": 51.56, "lon": 7.2}, "lat"),
        ({"lat": 51.48, "lon": 7.36}, "lon"),
        ({"lat": 51.48, "lon": 7.09}, "lon"),
        ({"lat": 51.48}, "lon"),
        ({"lon": 7.2}, "lat"),
        ({"lat": float("nan"), "lon": 7.2}, "lat"),
        ({"lat": "abc", "lon": 7.2}, "lat"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(
    session, author, process, changes, field
):
    args = {"title": TITLE, "body": BODY, **changes}
    before = (count(session, Idea), count(session, Tag), count(session, IdeaStatusChange))
    with pytest.raises(IdeaError) as err:
        ops.submit_idea(author, process, **args)
    assert err.value.field == field and err.value.status == 422
    assert err.value.errors[field]  # a message for the person
    assert (count(session, Idea), count(session, Tag), count(session, IdeaStatusChange)) == before


def test_all_bad_fields_are_named_at_once(author, process):
    with pytest.raises(IdeaError) as err:
        ops.submit_idea(author, process, "kurz", "", district="x", lat=1, lon=2)
    assert set(err.value.errors) == {"title", "body", "district", "lat", "lon"}


def test_boundaries_are_accepted(author, process):
    idea = ops.submit_idea(
        author,
        process,
        "x" * 120,
        "y" * 5000,
        tags=",".join(f"t{n}" for n in range(5)),
        lat=51.55,
        lon=7.10,
    )
    assert len(idea.title) == 120 and len(idea.tags) == 5 and idea.lat == 51.55


# --- phase rules as a table ---------------------------------------------------------------------

ROLES = ("visitor", "unconfirmed", "citizen", "moderator", "admin")
ALLOWED_DURING = {"visitor": False, "unconfirmed": False}  # others: yes


def _person(role, make_user):
    if role == "visitor":
        return None
    if role == "unconfirmed":
        return make_user(confirmed=False)
    if role == "moderator":
        return make_user("moderator", organisations=("stadtwerke",))
    return make_user(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("when", ["before", "during", "after"])
@pytest.mark.parametrize("action", ["submit", "support", "comment", "flag"])
def test_phase_rules(session, make_user, make_process, clock, role, when, action):
    start, end = WINDOWS[when]
    process = make_process(phases=[("ideas", start, end)])
    other = make_user()
    idea = published_idea(session, process, other)
    person = _person(role, make_user)
    signed_in = ALLOWED_DURING.get(role, True)
    # Flags are not bound to a phase: harmful content can be reported at any time.
    expected = signed_in and (when == "during" or action == "flag")
    before = (count(session, Idea), count(session, Support), count(session, Comment))
    calls = {
        "submit": lambda: ops.submit_idea(person, process, TITLE, BODY),
        "support": lambda: ops.support_idea(person, idea),
        "comment": lambda: ops.add_comment(person, idea, "Gute Idee!"),
        "flag": lambda: ops.flag(person, idea, "spam"),
    }
    if expected:
        calls[action]()
        return
    with pytest.raises(IdeaError) as err:
        calls[action]()
    assert (count(session, Idea), count(session, Support), count(session, Comment)) == before
    assert count(session, Flag) == 0
    if not signed_in and action != "flag" and when != "during":
        assert err.value.status == 409  # the phase is named before asking to sign in
    elif not signed_in:
        assert err.value.status in (401, 403)
    else:
        assert err.value.status == 409
        assert err.value.code == ("not_started" if when == "before" else "ended")


def test_support_phase_allows_support_and_comments_but_no_new_ideas(
    session, author, citizen, make_process, clock
):
    process = make_process(phases=[("support", *WINDOWS["during"])])
    idea = published_idea(session, process, author)
    assert ops.support_idea(citizen, idea)
    ops.add_comment(citizen, idea, "Unterstütze ich.")
    with pytest.raises(IdeaError) as err:
        ops.submit_idea(citizen, process, TITLE, BODY)
    assert err.value.code == "not_open"  # no phase of this process collects ideas


def test_draft_process_takes_no_ideas(author, make_process, clock):
    process = make_process(status="draft")
    with pytest.raises(IdeaError) as err:
        ops.submit_idea(author, process, TITLE, BODY)
    assert err.value.code == "not_open"


# --- editing and withdrawing --------------------------------------------------------------------


def test_author_edits_while_the_phase_is_open_and_the_old_text_is_kept(session, idea, author):
    ops.edit_idea(author, idea, "Mehr Fahrradbügel am Bahnhof Wattenscheid", "Neu", tags="rad")
    assert idea.title == "Mehr Fahrradbügel am Bahnhof Wattenscheid"
    assert idea.body == "<p>Neu</p>" and idea.edited_dt == FROZEN_AT
    revision = session.scalars(select(IdeaRevision)).one()
    assert revision.title == TITLE and revision.body_source == "Am Bahnhof fehlen Abstellplätze."
    assert revision.editor_id == author.id
    assert [h.status for h in idea.history] == ["published"]  # the history is untouched


def test_unchanged_edit_records_nothing(session, idea, author):
    ops.edit_idea(author, idea, idea.title, idea.body_source)
    assert idea.edited_dt is None and count(session, IdeaRevision) == 0


@pytest.mark.parametrize(
    "who, when, allowed",
    [
        ("author", "during", True),
        ("author", "after", False),
        ("other", "during", False),
        ("own_moderator", "after", True),
        ("foreign_moderator", "during", False),
        ("admin", "after", True),
    ],
)
def test_who_may_edit(session, make_user, author, idea, clock, who, when, allowed):
    people = {
        "author": author,
        "other": make_user(),
        "own_moderator": make_user("moderator", organisations=("bogestra",)),
        "foreign_moderator": make_user("moderator", organisations=("stadtwerke",)),
        "admin": make_user("admin"),
    }
    if when == "after":
        clock.advance(timedelta(days=30))
    if allowed:
        ops.edit_idea(people[who], idea, "Ein ganz neuer Titel hier", "Neu")
        assert idea.title == "Ein ganz neuer Titel hier"
    else:
        with pytest.raises(IdeaError):
            ops.edit_idea(people[who], idea, "Ein ganz neuer Titel hier", "Neu")
        assert idea.title == TITLE and count(session, IdeaRevision) == 0


def test_author_cannot_edit_once_the_idea_is_being_handled(idea, author):
    idea.change_status(IdeaStatus.UNDER_REVIEW)
    with pytest.raises(IdeaError) as err:
        ops.edit_idea(author, idea, "Ein ganz neuer Titel hier", "Neu")
    assert err.value.status == 409 and idea.title == TITLE


def test_withdraw(session, idea, author, citizen):
    with pytest.raises(IdeaError) as err:
        ops.withdraw_idea(citizen, idea)
    assert err.value.status == 403 and idea.status == "published"
    ops.withdraw_idea(author, idea)
    assert idea.status == "withdrawn"
    assert [h.status for h in idea.history] == ["published", "withdrawn"]
    with pytest.raises(IdeaError):
        ops.withdraw_idea(author, idea)


# --- supports -----------------------------------------------------------------------------------


def supports(session, idea) -> int:
    return session.scalar(select(func.count()).where(Support.idea_id == idea.id))


def test_support_is_idempotent_and_counted_once(session, idea, citizen):
    assert ops.support_idea(citizen, idea) is True
    assert ops.support_idea(citizen, idea) is False
    assert idea.supports_count == 1 and supports(session, idea) == 1
    session.expire(idea)
    assert idea.supports_count == 1  # the database agrees
    assert ops.withdraw_support(citizen, idea) is True
    assert ops.withdraw_support(citizen, idea) is False
    assert idea.supports_count == 0 and supports(session, idea) == 0


def test_counter_follows_many_supporters(session, idea, make_user):
    people = [make_user() for _ in range(5)]
    for person in people:
        ops.support_idea(person, idea)
    ops.withdraw_support(people[0], idea)
    session.expire(idea)
    assert idea.supports_count == 4 == supports(session, idea)


def test_authors_cannot_support_their_own_idea(session, idea, author):
    with pytest.raises(IdeaError) as err:
        ops.support_idea(author, idea)
    assert err.value.code == "own_idea" and idea.supports_count == 0


@pytest.mark.parametrize("status", ["pending", "withdrawn", "hidden", "accepted", "rejected"])
def test_only_open_ideas_take_supports(session, idea, citizen, status):
    idea.status = status
    with pytest.raises(IdeaError) as err:
        ops.support_idea(citizen, idea)
    assert err.value.status == 409 and supports(session, idea) == 0


def test_support_limit_per_citizen_and_process(
    session, make_process, make_user, author, citizen, clock
):
    process = make_process(support_limit=2)
    ideas = [
        published_idea(session, process, author, f"Idee Nummer {n} für Bochum") for n in range(3)
    ]
    assert ops.support_idea(citizen, ideas[0]) and ops.support_idea(citizen, ideas[1])
    assert ops.support_idea(citizen, ideas[1]) is False  # idempotent, not refused
    with pytest.raises(IdeaError) as err:
        ops.support_idea(citizen, ideas[2])
    assert err.value.code == "support_limit" and "2" in err.value.message
    assert ideas[2].supports_count == 0
    ops.withdraw_support(citizen, ideas[0])
    assert ops.support_idea(citizen, ideas[2])
    # Supports of an idea that leaves the public are given back.
    ideas[1].change_status(IdeaStatus.HIDDEN)
    assert ops.support_idea(citizen, ideas[0])
    # Another process has its own budget.
    other = published_idea(session, make_process(support_limit=2), author)
    assert ops.support_idea(citizen, other)


# --- comments -----------------------------------------------------------------------------------


def test_comments_nest_three_levels(session, idea, citizen, author):
    top = ops.add_comment(citizen, idea, "Finde ich gut.")
    reply = ops.add_comment(author, idea, "Danke!", parent=top)
    deepest = ops.add_comment(citizen, idea, "Gern.", parent=reply)
    assert (top.depth, reply.depth, deepest.depth) == (0, 1, 2)
    with pytest.raises(IdeaError) as err:
        ops.add_comment(author, idea, "Noch tiefer", parent=deepest)
    assert err.value.field == "parent_id"
    assert idea.comments_count == 3 == count(session, Comment)


def test_reply_must_belong_to_the_same_idea(session, make_idea, idea, citizen):
    other = make_idea("Ein anderes Thema für Bochum")
    comment = ops.add_comment(citizen, other, "Dort.")
    with pytest.raises(IdeaError) as err:
        ops.add_comment(citizen, idea, "Hier.", parent=comment)
    assert err.value.field == "parent_id" and idea.comments_count == 0


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001, "mit\x00NUL"])
def test_bad_comment_is_refused(session, idea, citizen, body):
    with pytest.raises(IdeaError) as err:
        ops.add_comment(citizen, idea, body)
    assert err.value.field == "body"
    assert count(session, Comment) == 0 and idea.comments_count == 0


def test_comment_edit_window_is_fifteen_minutes(idea, citizen, author, clock):
    comment = ops.add_comment(citizen, idea, "Erste Fassung")
    with pytest.raises(IdeaError) as err:
        ops.edit_comment(author, comment, "Fremde Fassung")
    assert err.value.status == 403
    clock.advance(timedelta(minutes=14, seconds=59))
    ops.edit_comment(citizen, comment, "Zweite Fassung")
    assert comment.body == "Zweite Fassung" and comment.edited_dt == clock.now()
    clock.advance(timedelta(seconds=1))
    with pytest.raises(IdeaError) as err:
        ops.edit_comment(citizen, comment, "Dritte Fassung")
    assert err.value.status == 409 and comment.body == "Zweite Fassung"


def test_deleted_comment_leaves_a_placeholder(session, idea, citizen, author, make_user):
    top = ops.add_comment(citizen, idea, "Meine Meinung")
    reply = ops.add_comment(author, idea, "Antwort", parent=top)
    with pytest.raises(IdeaError):
        ops.delete_comment(author, top)
    ops.delete_comment(citizen, top)
    assert top.is_deleted and top.body == ""
    assert idea.comments_count == 1
    assert reply.parent_id == top.id and count(session, Comment) == 2  # the thread stays
    with pytest.raises(IdeaError):
        ops.add_comment(author, idea, "Noch eine Antwort", parent=top)
    moderator = make_user("moderator", organisations=("bogestra",))
    ops.delete_comment(moderator, reply)
    assert idea.comments_count == 0


# --- flags --------------------------------------------------------------------------------------


def test_flags_hide_an_idea_at_the_threshold(session, idea, make_user):
    people = [make_user() for _ in range(3)]
    ops.flag(people[0], idea, "spam")
    ops.flag(people[1], idea, "insulting")
    assert idea.status == "published"
    ops.flag(people[2], idea, "other", "Werbung für eine Firma")
    assert idea.status == "hidden" and idea.status_before_hidden == "published"
    change = idea.history[-1]
    assert change.status == "hidden" and change.actor_id is None
    assert count(session, Flag) == 3


def test_threshold_is_configurable(app, monkeypatch, idea, citizen):
    monkeypatch.setitem(app.config, "FLAG_HIDE_THRESHOLD", 1)
    ops.flag(citizen, idea, "spam")
    assert idea.status == "hidden"


def test_flags_hide_a_comment_and_its_count(session, idea, make_user, citizen):
    comment = ops.add_comment(citizen, idea, "Kauft bei uns!")
    for person in [make_user() for _ in range(3)]:
        ops.flag(person, comment, "spam")
    assert comment.hidden_dt == FROZEN_AT and idea.comments_count == 0


def test_one_open_flag_per_person(session, idea, citizen):
    ops.flag(citizen, idea, "spam")
    with pytest.raises(IdeaError) as err:
        ops.flag(citizen, idea, "insulting")
    assert err.value.code == "already_flagged" and count(session, Flag) == 1


@pytest.mark.parametrize(
    "reason, text, field",
    [
        ("other", "", "reason_text"),
        ("nonsense", "", "reason"),
        ("spam", "x" * 501, "text"),
        ("other", "a\x00b", "text"),
    ],
)
def test_bad_flags_are_refused(session, idea, citizen, reason, text, field):
    with pytest.raises(IdeaError) as err:
        ops.flag(citizen, idea, reason, text)
    assert err.value.field == field.replace("reason_text", "text")
    assert count(session, Flag) == 0


def test_own_content_cannot_be_flagged(session, idea, author):
    with pytest.raises(IdeaError):
        ops.flag(author, idea, "spam")
    assert count(session, Flag) == 0


def test_phase_ended_flags_still_work(session, idea, citizen, clock):
    clock.advance(30 * DAY)
    ops.flag(citizen, idea, "personal_data")
    assert count(session, Flag) == 1
