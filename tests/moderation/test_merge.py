"""Merging duplicates: supports move without counting a citizen twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from moderation_fixtures import *  # noqa: F403
from sqlalchemy import func, select

from engage.ideas import operations as idea_ops
from engage.ideas.models import Idea, IdeaStatus, Support
from engage.ideas.queries import public_ideas
from engage.moderation import operations as ops
from engage.moderation import signals


def _supporters(session, idea):
    return set(session.scalars(select(Support.user_id).where(Support.idea_id == idea.id)))


def _rows(session, idea):
    return session.scalar(select(func.count(Support.id)).where(Support.idea_id == idea.id))


def test_merge_moves_supports_once(session, make_user, make_idea, moderator, citizens, log_entries):
    b_author = make_user(name="Bea Autorin")
    a = make_idea("Mehr Fahrradbügel am Bahnhof Wattenscheid")
    b = make_idea("Fahrradständer am Bahnhof Wattenscheid ausbauen", user=b_author)
    only_a, both, only_b = citizens(3)
    for user, idea in [(only_a, a), (both, a), (both, b), (only_b, b), (b_author, a)]:
        idea_ops.support_idea(user, idea)
    comment = idea_ops.add_comment(only_a, a, "Unbedingt, auch überdacht!")
    assert (a.supports_count, b.supports_count) == (3, 2)

    merged = []

    def receiver(sender, **kw):
        merged.append(kw)

    with signals.idea_merged.connected_to(receiver):
        result = ops.merge_ideas(moderator, a, b, "Gleiches Anliegen")

    # only_a moves; "both" is counted once; B's author does not support their own idea.
    assert _supporters(session, b) == {only_a.id, both.id, only_b.id}
    assert _supporters(session, a) == set()
    assert (result.moved, result.duplicates) == (1, 2)
    session.expire_all()
    a, b = session.get(Idea, a.id), session.get(Idea, b.id)
    assert b.supports_count == _rows(session, b) == 3
    assert a.supports_count == _rows(session, a) == 0
    # A stays readable with its comments and a link; it leaves the lists.
    assert a.merged_into_id == b.id and a.status == IdeaStatus.PUBLISHED
    assert comment.idea_id == a.id and a.comments_count == 1
    assert a.id not in set(session.scalars(public_ideas().with_only_columns(Idea.id)))
    assert a.history[-1].note == "Gleiches Anliegen"
    assert "merged into this one" in b.history[-1].note
    [entry] = log_entries("merge")
    assert entry.target_id == a.id and entry.details["into"] == b.id
    assert entry.details["supports_moved"] == 1 and entry.details["target_supports"] == 3
    assert merged and merged[-1]["idea"].id == a.id and merged[-1]["into"].id == b.id
    # Nobody can support the merged duplicate any more.
    [late] = citizens(1)
    with pytest.raises(idea_ops.IdeaError):
        idea_ops.support_idea(late, a)


def test_merge_without_supports_and_after_many(session, make_idea, moderator, citizens):
    a, b = make_idea(), make_idea()
    people = citizens(6)
    for person in people[:4]:
        idea_ops.support_idea(person, a)
    for person in people[2:]:
        idea_ops.support_idea(person, b)
    result = ops.merge_ideas(moderator, a, b)
    assert result.target_count == _rows(session, b) == 6
    assert result.source_count == 0


def test_merge_refusals(make_process, make_idea, moderator, log_entries):
    a, b, c = make_idea(), make_idea(), make_idea()
    with pytest.raises(ops.ModerationError) as error:
        ops.merge_ideas(moderator, a, a)
    assert "target" in error.value.errors
    ops.merge_ideas(moderator, b, c)
    with pytest.raises(ops.ModerationError) as error:  # into an idea merged elsewhere
        ops.merge_ideas(moderator, a, b)
    assert f"no. {c.id}" in error.value.message
    with pytest.raises(ops.ModerationError):  # a merged idea again
        ops.merge_ideas(moderator, b, a)
    other_theme = make_process(theme="gesellschaft", organisation="bogestra")
    d = make_idea(process=other_theme)
    with pytest.raises(ops.ModerationError) as error:
        ops.merge_ideas(moderator, a, d)
    assert "lead theme" in error.value.message
    ops.hide(moderator, c, "Spam")
    with pytest.raises(ops.ModerationError) as error:
        ops.merge_ideas(moderator, a, c)
    assert "published" in error.value.message
    assert len(log_entries("merge")) == 1


def test_merge_across_organisations_needs_both(make_idea, other_process, moderator, make_user):
    a = make_idea()
    b = make_idea(process=other_process)
    with pytest.raises(ops.ModerationError) as error:
        ops.merge_ideas(moderator, a, b)
    assert error.value.status == 403
    both = make_user("moderator", organisations=("bogestra", "stadtwerke"))
    ops.merge_ideas(both, a, b)  # same theme, different processes: allowed
    assert a.merged_into_id == b.id
