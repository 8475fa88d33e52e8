"""The idea models: life cycle, constraints the database enforces, full-text structures."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text, update
from sqlalchemy.exc import IntegrityError

from engage.ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaStatus,
    InvalidTransition,
    Support,
)


@pytest.fixture
def idea(session, make_user, make_process):
    author = make_user()
    process = make_process()
    idea = Idea(
        process=process,
        author=author,
        title="Mehr Fahrradbügel am Hauptbahnhof",
        body_source="Am Bahnhof fehlen Abstellplätze.",
        body="<p>Am Bahnhof fehlen Abstellplätze.</p>",
    )
    session.add(idea)
    session.flush()
    return idea


def test_status_changes_follow_the_life_cycle_and_are_recorded(idea):
    idea.change_status(IdeaStatus.UNDER_REVIEW, note="Wir prüfen das.", official=True)
    idea.change_status(IdeaStatus.ACCEPTED)
    with pytest.raises(InvalidTransition):
        idea.change_status(IdeaStatus.PENDING)
    assert idea.status == "accepted"
    assert [h.status for h in idea.history] == ["under_review", "accepted"]
    assert idea.history[0].is_official_answer and idea.history[0].note == "Wir prüfen das."


def test_hidden_idea_is_restored_to_its_previous_status(idea):
    idea.change_status(IdeaStatus.UNDER_REVIEW)
    idea.change_status(IdeaStatus.HIDDEN)
    with pytest.raises(InvalidTransition):
        idea.change_status(IdeaStatus.PUBLISHED)
    idea.restore()
    assert idea.status == "under_review"
    with pytest.raises(InvalidTransition):
        idea.restore()


def test_withdrawn_is_final_except_for_hiding(idea):
    idea.change_status(IdeaStatus.WITHDRAWN)
    for status in IdeaStatus:
        assert idea.can_change_to(status) == (status is IdeaStatus.HIDDEN)


@pytest.mark.parametrize(
    "column, value",
    [("status", "deleted"), ("district", "dortmund"), ("origin", "fax"), ("lat", 51.5)],
)
def test_database_refuses_invalid_values(session, idea, column, value):
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(update(Idea).where(Idea.id == idea.id).values({column: value}))


def test_duplicate_support_is_refused_by_the_database(session, idea, make_user):
    user = make_user()
    session.execute(insert(Support).values(idea_id=idea.id, user_id=user.id))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(insert(Support).values(idea_id=idea.id, user_id=user.id))


def test_comment_depth_and_target_are_constrained(session, idea, make_user):
    user = make_user()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Comment(idea_id=idea.id, author_id=user.id, body="x", depth=3))
        session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Comment(idea_id=None, author_id=user.id, body="x", depth=0))
        session.flush()


def test_one_open_flag_per_person_and_item_but_decided_ones_do_not_count(session, idea, make_user):
    user = make_user()
    values = {"target_type": "idea", "target_id": idea.id, "user_id": user.id, "reason": "spam"}
    session.execute(insert(Flag).values(**values, status="dismissed"))
    session.execute(insert(Flag).values(**values, status="open"))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(insert(Flag).values(**values, status="open"))


def test_fulltext_structures_exist(session, app):
    if app.backend == "sqlite":
        names = session.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert {"ideas_fts", "ideas_fts_ai", "ideas_fts_au", "ideas_fts_ad"} <= set(names)
    else:
        names = session.execute(text("SELECT indexname FROM pg_indexes")).scalars().all()
        assert "ix_ideas_fulltext" in names
