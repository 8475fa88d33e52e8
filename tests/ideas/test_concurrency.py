"""Supports under real concurrency (PostgreSQL): every counter equals its rows.

The other tests run inside one rolled-back transaction; here threads with their own
connections race each other, so the data is committed and removed afterwards.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from engage.core import clock
from engage.extensions import db

THREADS = 3  # people, each acting twice at once: 6 connections (the pool has 10)


@pytest.fixture
def engine_session(app, monkeypatch):
    if app.backend != "postgresql":
        pytest.skip("needs a server database with concurrent writers")
    scoped = db._make_scoped_session({})  # sessions on the app's engine, one per app context
    monkeypatch.setattr(db, "session", scoped)
    yield scoped
    scoped.remove()


def test_parallel_supports_are_counted_exactly(app, engine_session):
    from engage.accounts.models import User
    from engage.ideas import operations as ops
    from engage.ideas.models import Idea, IdeaStatus, Support
    from engage.organisations.models import Organisation
    from engage.processes.models import Phase, Process
    from engage.themes.models import Theme

    s = engine_session
    now = clock.now()
    users = [
        User(email=f"race{n}@example.org", display_name=f"Race {n}", email_confirmed_dt=now)
        for n in range(THREADS)
    ]
    process = Process(
        title="Wettlauf",
        slug="wettlauf",
        theme=s.scalars(select(Theme)).first(),
        organisation=s.scalars(select(Organisation)).first(),
        status="published",
    )
    process.phases.append(
        Phase(kind="ideas", start_dt=now - timedelta(days=1), end_dt=now + timedelta(days=1))
    )
    s.add_all([*users, process])
    s.flush()
    idea = Idea(
        process=process, title="Eine umkämpfte Idee", body_source="x", body="x", status="pending"
    )
    idea.change_status(IdeaStatus.PUBLISHED)
    s.add(idea)
    s.commit()
    idea_id, user_ids = idea.id, [u.id for u in users]
    errors: list[BaseException] = []

    def race(user_id: int, action, barrier: threading.Barrier) -> None:
        """In its own app context and connection: load, wait for the others, act, commit."""
        try:
            with app.test_request_context():
                try:
                    person = db.session.get(User, user_id)
                    target = db.session.get(Idea, idea_id)
                    _ = target.process.phases  # loaded before the race
                    barrier.wait(timeout=20)
                    action(person, target)
                    db.session.commit()
                finally:
                    db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    def run_all(action) -> None:
        barrier = threading.Barrier(THREADS * 2)
        # Every person twice, at the same moment.
        threads = [
            threading.Thread(target=race, args=(uid, action, barrier)) for uid in user_ids * 2
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)

    try:
        run_all(ops.support_idea)
        assert errors == []
        s.expire_all()
        rows = s.scalar(select(func.count()).where(Support.idea_id == idea_id))
        assert rows == THREADS
        assert s.get(Idea, idea_id).supports_count == THREADS

        run_all(ops.withdraw_support)
        assert errors == []
        s.expire_all()
        assert s.scalar(select(func.count()).where(Support.idea_id == idea_id)) == 0
        assert s.get(Idea, idea_id).supports_count == 0
    finally:
        s.rollback()
        s.execute(delete(Idea).where(Idea.id == idea_id))
        s.execute(delete(Process).where(Process.id == process.id))
        s.execute(delete(User).where(User.id.in_(user_ids)))
        s.commit()
