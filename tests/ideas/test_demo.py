"""Demo ideas at any scale: counts, counters equal rows, statuses, history, search, determinism."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from conftest import FROZEN_AT
from sqlalchemy import func, select

from engage.accounts.models import User
from engage.core.text import render_markdown
from engage.ideas import demo as ideas_demo
from engage.ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Support,
)
from engage.ideas.search import search_ideas
from engage.processes.models import Process
from engage.site import demo

OWN_STEPS = ("ideas", "similarity_index")


@pytest.fixture
def only_ideas_steps(monkeypatch):
    """Run the builder with the ideas step (and the similar-idea index) only."""
    monkeypatch.setattr(demo, "_extra_steps", [s for s in demo._extra_steps if s[1] in OWN_STEPS])


def _build(**options) -> demo.DemoReport:
    return demo.DemoBuilder(**options).run()


def _fingerprint(session) -> tuple:
    ideas = session.execute(
        select(
            Idea.id,
            Idea.title,
            Idea.status,
            Idea.supports_count,
            Idea.comments_count,
            Idea.district,
            Idea.created_dt,
        ).order_by(Idea.id)
    ).all()
    position = {row.id: n for n, row in enumerate(ideas)}
    supports = session.execute(
        select(Support.idea_id, User.email, Support.created_dt).join(
            User, User.id == Support.user_id
        )
    ).all()
    return (
        [tuple(row[1:]) for row in ideas],
        sorted((position[i], email, at) for i, email, at in supports),
    )


def _run_and_undo(session, **options) -> tuple:
    nested = session.begin_nested()
    _build(**options)
    result = _fingerprint(session)
    nested.rollback()
    session.expire_all()
    return result


def test_allocate_is_exact_and_respects_caps():
    counts = ideas_demo._allocate(100, [5.0, 1.0, 1.0, 0.0], [30, 100, 100, 100])
    assert sum(counts) == 100 and counts[0] == 30 and counts[3] == 0
    assert ideas_demo._allocate(10, [1.0, 1.0], [3, 4]) == [3, 4]  # what fits
    assert ideas_demo._allocate(7, [1.0, 1.0, 1.0], [9, 9, 9]) in ([3, 2, 2], [2, 3, 2])


def test_citizens_needed_scales_with_supports():
    assert ideas_demo.citizens_needed(0, 100) == 0
    assert ideas_demo.citizens_needed(500, 0) == 0
    assert ideas_demo.citizens_needed(1_000_000, 100_000) == 20_000
    assert ideas_demo.citizens_needed(2000, 150) == 40
    assert ideas_demo.citizens_needed(600, 30) == 60


def test_small_demo_is_consistent(session, clock, only_ideas_steps):
    report = _build(seed=3, users=80, ideas=400, supports=4000, comments=800)
    now = FROZEN_AT

    # Counts are exactly what was asked for.
    assert session.scalar(select(func.count(Idea.id))) == 400
    assert session.scalar(select(func.count(Support.id))) == 4000
    assert session.scalar(select(func.count(Comment.id))) == 800
    assert any(note.startswith("Ideas: 400 ") for note in report.notes)

    ideas = session.scalars(select(Idea).order_by(Idea.id)).all()
    processes = {p.id: p for p in session.scalars(select(Process))}

    # Counters equal the rows.
    supports = Counter(session.scalars(select(Support.idea_id)))
    visible = Counter(
        session.scalars(
            select(Comment.idea_id).where(Comment.deleted_dt.is_(None), Comment.hidden_dt.is_(None))
        )
    )
    for idea in ideas:
        assert idea.supports_count == supports[idea.id], idea.id
        assert idea.comments_count == visible[idea.id], idea.id

    # One support per citizen and idea, never the author's own, limits respected.
    pairs = session.execute(select(Support.idea_id, Support.user_id)).all()
    assert len(pairs) == len(set(pairs))
    authors = {i.id: i.author_id for i in ideas}
    assert all(authors[idea_id] != user_id for idea_id, user_id in pairs)
    status_of = {i.id: i.status for i in ideas}
    assert all(status_of[idea_id] != "pending" for idea_id, _user in pairs)
    for process in processes.values():
        if process.support_limit:
            used = Counter(
                user
                for idea_id, user in pairs
                if next(i for i in ideas if i.id == idea_id).process_id == process.id
            )
            assert used and max(used.values()) <= process.support_limit

    # Every status; pending only under pre-moderation; history ends in the status.
    statuses = Counter(i.status for i in ideas)
    assert set(statuses) == {s.value for s in IdeaStatus}
    assert statuses["published"] > len(ideas) / 3
    history: dict[int, list[IdeaStatusChange]] = {}
    for change in session.scalars(
        select(IdeaStatusChange).order_by(IdeaStatusChange.created_dt, IdeaStatusChange.id)
    ):
        history.setdefault(change.idea_id, []).append(change)
    for idea in ideas:
        process = processes[idea.process_id]
        changes = history[idea.id]
        assert changes[-1].status == idea.status
        assert all(a.created_dt <= b.created_dt for a, b in itertools.pairwise(changes))
        assert changes[-1].created_dt <= now
        ideas_phase = next(p for p in process.phases if p.kind == "ideas")
        assert ideas_phase.start_dt <= idea.created_dt <= min(ideas_phase.end_dt, now)
        assert process.status != "draft"
        if idea.status == "pending":
            assert process.moderation == "pre"
            assert idea.published_dt is None and len(changes) == 1
        else:
            assert idea.published_dt is not None and idea.published_dt <= now
            if process.moderation == "pre" and idea.origin == "web":
                assert [c.status for c in changes[:2]] == ["pending", "published"]
        if idea.status == "hidden":
            assert idea.status_before_hidden == "published"
        if idea.status in ("accepted", "rejected", "implemented", "bundled"):
            assert any(c.is_official_answer and c.note for c in changes)
        # Sanitised HTML is exactly what the operations would have stored.
        assert idea.body == render_markdown(idea.body_source)
        assert 10 <= len(idea.title) <= 120
        assert len(idea.tags) <= 5

    # Comments nest up to depth 2 inside one idea, replies after their parent.
    comments = {c.id: c for c in session.scalars(select(Comment))}
    for comment in comments.values():
        assert 0 <= comment.depth <= 2
        assert comment.created_dt <= now
        if comment.parent_id is not None:
            parent = comments[comment.parent_id]
            assert parent.idea_id == comment.idea_id and parent.depth + 1 == comment.depth
            assert parent.created_dt <= comment.created_dt
            for gone in (parent.deleted_dt, parent.hidden_dt):
                assert gone is None or gone >= comment.created_dt
        if comment.deleted_dt is not None:
            assert comment.body == ""
    assert any(c.depth == 2 for c in comments.values())

    # Open flags for the moderation queue; an idea hidden by flags has three.
    open_flags = session.scalars(select(Flag).where(Flag.status == "open")).all()
    assert {f.target_type for f in open_flags} == {"idea", "comment"}
    hidden_by_flags = [
        i for i in ideas if i.status == "hidden" and history[i.id][-1].actor_id is None
    ]
    for idea in hidden_by_flags:
        flags = [f for f in open_flags if f.target_type == "idea" and f.target_id == idea.id]
        assert len(flags) == 3 and idea.author_id not in {f.user_id for f in flags}

    # Search finds the demo ideas (FTS triggers on SQLite, the expression index on PostgreSQL).
    found = session.scalars(search_ideas(select(Idea.id), "Mobilstation")).all()
    assert found
    titles = {i.id: i.title + i.body_source for i in ideas}
    assert all("obilstation" in titles[i] for i in found)


def test_new_ideas_get_ids_after_the_demo(session, clock, only_ideas_steps, make_user):
    _build(seed=4, users=20, ideas=40, supports=200, comments=60)
    last = session.scalar(select(func.max(Idea.id)))
    process = session.scalar(
        select(Process).where(Process.title == "Mobilstationen in Wattenscheid")
    )
    idea = Idea(process=process, title="Noch eine Idee dazu", body_source="", body="")
    session.add(idea)
    session.flush()
    assert idea.id > last  # PostgreSQL's sequence was moved past the explicit ids


def test_same_seed_same_data_other_seed_other_data(session, clock, only_ideas_steps):
    options = {"users": 40, "ideas": 120, "supports": 900, "comments": 200}
    first = _run_and_undo(session, seed=9, **options)
    second = _run_and_undo(session, seed=9, **options)
    other = _run_and_undo(session, seed=10, **options)
    assert first == second
    assert len(first[0]) == 120 and len(first[1]) == 900
    assert [row[0] for row in first[0]] != [row[0] for row in other[0]]


def test_similar_idea_index_covers_the_public_demo_ideas(session, clock, only_ideas_steps):
    store = pytest.importorskip("engage.ideas.similarity_store")
    _build(seed=5, users=30, ideas=80, supports=300, comments=50)
    public = session.scalar(
        select(func.count(Idea.id)).where(
            Idea.status.in_([s.value for s in IdeaStatus if s.is_public])
        )
    )
    assert public and session.scalar(select(func.count(store.SimilarityIdea.idea_id))) == public


def test_too_few_citizens_caps_the_supports_and_says_so(session, clock, only_ideas_steps):
    report = _build(seed=6, users=3, ideas=30, supports=5000, comments=10)
    made = session.scalar(select(func.count(Support.id)))
    assert 0 < made < 5000
    assert any("supports fit" in note for note in report.notes)


def test_no_ideas_without_the_option(session, clock, only_ideas_steps):
    _build(seed=7, users=5)
    assert session.scalar(select(func.count(Idea.id))) == 0


# --- the command ---------------------------------------------------------------------------------


def test_command_default_gives_a_small_demo(app, session, clock):
    result = app.test_cli_runner().invoke(args=["demo", "--seed", "8"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Ideas: 150 (" in result.output
    assert "supports: 2,000; comments: 400" in result.output
    assert session.scalar(select(func.count(Idea.id))) >= 150
    assert session.scalar(select(func.count(Support.id))) >= 2000


def test_command_raises_the_citizens_for_many_supports(app, session, clock, only_ideas_steps):
    result = app.test_cli_runner().invoke(
        args=["demo", "--users", "0", "--ideas", "30", "--supports", "600", "--comments", "0"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "600 supports on 30 ideas need at least 60 citizens: creating 60 instead of 0." in (
        result.output
    )
    assert session.scalar(select(func.count(Support.id))) == 600
    assert session.scalar(select(func.count(Comment.id))) == 0


@pytest.mark.parametrize("args", [["--ideas", "-1"], ["--supports", "x"], ["--comments", "-5"]])
def test_command_rejects_bad_counts(app, session, args):
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 2
    assert session.scalar(select(func.count(Idea.id))) == 0


def test_ideas_are_dated_before_now(session, clock, only_ideas_steps):
    clock.set(FROZEN_AT + timedelta(hours=5))
    _build(seed=2, users=20, ideas=60, supports=100, comments=40)
    latest = session.scalar(select(func.max(Idea.created_dt)))
    assert latest <= FROZEN_AT + timedelta(hours=5)
    assert session.scalar(select(func.max(Support.created_dt))) <= FROZEN_AT + timedelta(hours=5)
