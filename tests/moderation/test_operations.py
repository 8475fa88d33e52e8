"""Moderation operations: each action's effect, its log entry and its signal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from moderation_fixtures import *  # noqa: F403
from sqlalchemy import select

from engage.ideas import operations as idea_ops
from engage.ideas import signals as idea_signals
from engage.ideas.models import Flag, IdeaStatus
from engage.moderation import operations as ops
from engage.moderation import signals
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.organisations.models import Organisation


@pytest.fixture
def received():
    """Signals received during the test: list of (name, kwargs)."""
    got = []
    receivers = []
    for sig in (
        idea_signals.idea_status_changed,
        idea_signals.content_hidden,
        signals.content_restored,
        signals.idea_merged,
        signals.idea_assigned,
        signals.flags_decided,
    ):

        def receiver(sender, _name=sig.name, **kw):
            got.append((_name, kw))

        sig.connect(receiver)
        receivers.append((sig, receiver))
    yield got
    for sig, receiver in receivers:
        sig.disconnect(receiver)


def test_approve_publishes_a_pending_idea(
    make_process, make_idea, moderator, log_entries, received
):
    pre = make_process(moderation="pre")
    idea = make_idea(process=pre)
    assert idea.status == IdeaStatus.PENDING
    ops.approve_idea(moderator, idea)
    assert idea.status == IdeaStatus.PUBLISHED and idea.published_dt is not None
    [entry] = log_entries("approve")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (moderator.id, "idea", idea.id)
    assert entry.organisation_id == pre.organisation_id
    assert tuple(n for n, _ in received if n == "idea-status-changed") == ("idea-status-changed",)
    with pytest.raises(ops.ModerationError):
        ops.approve_idea(moderator, idea)  # no longer pending


def test_hide_requires_a_reason_and_tells_the_author(make_idea, moderator, log_entries, received):
    idea = make_idea()
    for reason in ("", "   ", None):
        with pytest.raises(ops.ModerationError) as error:
            ops.hide(moderator, idea, reason)
        assert "reason" in error.value.errors
    assert idea.status == IdeaStatus.PUBLISHED and log_entries() == []
    with pytest.raises(ops.ModerationError):
        ops.hide(moderator, idea, "x" * 1001)

    ops.hide(moderator, idea, "Werbung")
    assert idea.status == IdeaStatus.HIDDEN
    assert idea.history[-1].note == "Werbung" and idea.history[-1].actor_id == moderator.id
    [entry] = log_entries("hide")
    assert entry.reason == "Werbung" and entry.details["status_before"] == "published"
    hidden = [kw for n, kw in received if n == "content-hidden"]
    assert hidden and hidden[0]["reason"] == "Werbung" and hidden[0]["target"] is idea
    assert hidden[0]["actor"] is moderator


def test_restore_returns_to_the_earlier_status(make_idea, moderator, log_entries, received):
    idea = make_idea()
    ops.answer_idea(moderator, idea, "under_review", "Wir prüfen das.")
    ops.hide(moderator, idea, "Beleidigend")
    ops.restore(moderator, idea, "Nach Prüfung in Ordnung")
    assert idea.status == IdeaStatus.UNDER_REVIEW
    [entry] = log_entries("restore")
    assert entry.reason == "Nach Prüfung in Ordnung"
    assert [n for n, _ in received].count("moderation-content-restored") == 1
    with pytest.raises(ops.ModerationError):
        ops.restore(moderator, idea)  # not hidden


def test_hide_and_restore_a_comment_keep_the_counter(make_idea, moderator, citizens, log_entries):
    idea = make_idea()
    [c] = citizens(1)
    comment = idea_ops.add_comment(c, idea, "Ihr seid alle doof.")
    assert idea.comments_count == 1
    ops.hide(moderator, comment, "Beleidigung")
    assert comment.is_hidden and idea.comments_count == 0
    ops.restore(moderator, comment)
    assert comment.is_visible and idea.comments_count == 1
    assert [e.action for e in log_entries()] == ["hide", "restore"]
    assert log_entries()[0].target_type == "comment"
    assert log_entries()[0].details["idea_id"] == idea.id


def test_answer_with_status_is_in_the_history(make_idea, moderator, log_entries, received):
    idea = make_idea()
    ops.answer_idea(moderator, idea, "accepted", "Wir setzen das 2027 um.")
    assert idea.status == IdeaStatus.ACCEPTED
    change = idea.history[-1]
    assert change.is_official_answer and change.note == "Wir setzen das 2027 um."
    [entry] = log_entries("status")
    assert entry.details == {"status_before": "published", "status_after": "accepted"}
    assert received[-1][1]["change"] is change

    ops.answer_idea(moderator, idea, "", "Ergänzung: Baubeginn im Frühjahr.")
    assert idea.status == IdeaStatus.ACCEPTED and idea.history[-1].is_official_answer
    assert len(log_entries("answer")) == 1


@pytest.mark.parametrize(
    ("status", "answer", "field"),
    [
        ("accepted", "", "answer"),
        ("hidden", "Text", "status"),  # not a status set with an answer
        ("bundled", "Text", "status"),
        ("nonsense", "Text", "status"),
        ("implemented", "Text", "status"),  # published -> implemented is not allowed
    ],
)
def test_answer_refusals_change_nothing(make_idea, moderator, log_entries, status, answer, field):
    idea = make_idea()
    with pytest.raises(ops.ModerationError) as error:
        ops.answer_idea(moderator, idea, status, answer)
    assert field in error.value.errors
    assert idea.status == IdeaStatus.PUBLISHED and log_entries() == []


def _flags(session, idea):
    return list(session.scalars(select(Flag).where(Flag.target_id == idea.id).order_by(Flag.id)))


def test_dismiss_flags_restores_an_item_hidden_by_flags(
    app, session, make_idea, moderator, citizens, log_entries, received
):
    app.config["FLAG_HIDE_THRESHOLD"] = 2
    try:
        idea = make_idea()
        for c in citizens(2):
            idea_ops.flag(c, idea, "spam")
        assert idea.status == IdeaStatus.HIDDEN
        assert ops.dismiss_flags(moderator, idea, "Kein Spam") == 2
    finally:
        app.config.pop("FLAG_HIDE_THRESHOLD")
    assert idea.status == IdeaStatus.PUBLISHED
    assert {f.status for f in _flags(session, idea)} == {"dismissed"}
    assert all(f.decided_by_id == moderator.id for f in _flags(session, idea))
    [entry] = log_entries("dismiss_flags")
    assert entry.details == {"count": 2, "restored": True}
    assert log_entries("restore")
    decided = [kw for n, kw in received if n == "moderation-flags-decided"]
    assert decided[0]["outcome"] == "dismissed" and decided[0]["count"] == 2


def test_dismiss_keeps_an_item_a_moderator_hid(session, make_idea, moderator, citizens):
    idea = make_idea()
    [c] = citizens(1)
    idea_ops.flag(c, idea, "spam")
    ops.hide(moderator, idea, "Spam")  # upholds the open flag
    assert {f.status for f in _flags(session, idea)} == {"upheld"}
    [c2] = citizens(1)
    with pytest.raises(ops.ModerationError):
        ops.dismiss_flags(moderator, idea)  # nothing open
    assert idea.status == IdeaStatus.HIDDEN
    assert c2 is not None


def test_uphold_flags_hides_with_reason(session, make_idea, moderator, citizens, log_entries):
    idea = make_idea()
    for c in citizens(2):
        idea_ops.flag(c, idea, "insulting")
    with pytest.raises(ops.ModerationError) as error:
        ops.uphold_flags(moderator, idea, "")
    assert "reason" in error.value.errors
    assert ops.uphold_flags(moderator, idea, "Beleidigend") == 2
    assert idea.status == IdeaStatus.HIDDEN
    assert {f.status for f in _flags(session, idea)} == {"upheld"}
    assert [e.action for e in log_entries()] == ["hide", "uphold_flags"]


def test_assign_and_overdue_and_answered(
    session, clock, make_idea, moderator, log_entries, received
):
    idea = make_idea()
    bogestra = session.scalar(select(Organisation).where(Organisation.slug == "bogestra"))
    stadtwerke = session.scalar(select(Organisation).where(Organisation.slug == "stadtwerke"))
    today = ops.today()
    with pytest.raises(ops.ModerationError) as error:
        ops.assign_idea(moderator, idea, bogestra, today - timedelta(days=1))
    assert "due_date" in error.value.errors
    with pytest.raises(ops.ModerationError):
        ops.assign_idea(moderator, idea, None, today)
    assignment = ops.assign_idea(moderator, idea, bogestra, today + timedelta(days=7))
    assert not assignment.is_overdue(today)
    clock.advance(timedelta(days=8))
    assert assignment.is_overdue(ops.today())
    # Assigning again moves it; the log keeps both.
    ops.assign_idea(moderator, idea, stadtwerke, ops.today())
    assert (
        session.scalar(select(Assignment).where(Assignment.idea_id == idea.id)).organisation_id
        == stadtwerke.id
    )
    first, second = log_entries("assign")
    assert first.details["assigned_organisation_id"] == bogestra.id
    assert second.details["previous_organisation_id"] == bogestra.id
    assert [n for n, _ in received].count("moderation-idea-assigned") == 2

    ops.answer_idea(moderator, idea, "under_review", "Die Stadtwerke prüfen das.")
    session.refresh(assignment)
    assert assignment.answered_dt == clock.now()
    clock.advance(timedelta(days=30))
    assert not assignment.is_overdue(ops.today())


def test_bulk_hide_and_approve(make_process, make_idea, moderator, citizens, log_entries):
    spam = [make_idea(f"Billige Kredite sofort hier Nummer {i}") for i in range(3)]
    [c] = citizens(1)
    comment = idea_ops.add_comment(c, spam[0], "Jetzt klicken!")
    with pytest.raises(ops.ModerationError) as error:
        ops.bulk_action(moderator, [*spam, comment], "hide", "")
    assert "reason" in error.value.errors
    assert ops.bulk_action(moderator, [*spam, comment], "hide", "Spam-Welle") == 4
    assert all(i.status == IdeaStatus.HIDDEN for i in spam) and comment.is_hidden
    entries = log_entries("hide")
    assert len(entries) == 4 and {e.reason for e in entries} == {"Spam-Welle"}
    # Already hidden: skipped.
    assert ops.bulk_action(moderator, spam, "hide", "Noch einmal") == 0

    pre = make_process(moderation="pre")
    pending = [make_idea(process=pre) for _ in range(2)]
    assert ops.bulk_action(moderator, [*pending, spam[0]], "approve") == 2
    assert all(i.status == IdeaStatus.PUBLISHED for i in pending)
    assert len(log_entries("approve")) == 2


def test_bulk_refuses_everything_if_one_item_is_foreign(
    make_idea, other_process, moderator, log_entries
):
    mine = make_idea()
    foreign = make_idea(process=other_process)
    with pytest.raises(ops.ModerationError) as error:
        ops.bulk_action(moderator, [mine, foreign], "hide", "Spam")
    assert error.value.status == 403
    assert mine.status == foreign.status == IdeaStatus.PUBLISHED and log_entries() == []


@pytest.mark.parametrize("role", ["innovation", "citizen", "foreign"])
def test_others_cannot_moderate(make_user, make_idea, other_moderator, role):
    idea = make_idea()
    user = other_moderator if role == "foreign" else make_user(role)
    for action in (
        lambda: ops.hide(user, idea, "x"),
        lambda: ops.answer_idea(user, idea, "accepted", "x"),
        lambda: ops.bulk_action(user, [idea], "hide", "x"),
    ):
        with pytest.raises(ops.ModerationError) as error:
            action()
        assert error.value.status == 403
    assert idea.status == IdeaStatus.PUBLISHED


def test_log_is_append_only(session, make_idea, moderator):
    idea = make_idea()
    ops.hide(moderator, idea, "Spam")
    session.flush()
    entry = session.scalar(select(ModerationLogEntry))
    entry.reason = "anders"
    with pytest.raises(ValueError, match="append-only"):
        session.flush()
    session.rollback()
