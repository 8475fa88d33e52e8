"""The demo step: reported and pending items, one merge, assignments (one overdue)."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.ideas.models import Flag, Idea, IdeaStatus, Support
from engage.moderation import operations as ops
from engage.moderation import queries
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.site.demo import DemoBuilder


def test_demo_step_creates_moderation_work(app, session, clock):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        report = DemoBuilder(users=12).run()
    assert "moderation" in report.steps
    merged = session.scalars(select(Idea).where(Idea.merged_into_id.isnot(None))).all()
    assert len(merged) == 1
    target = session.get(Idea, merged[0].merged_into_id)
    rows = session.scalar(select(func.count(Support.id)).where(Support.idea_id == target.id))
    assert target.supports_count == rows == 3  # one supporter of both counted once
    assert session.scalar(select(func.count(Flag.id)).where(Flag.status == "open")) == 4
    flagged = queries.flagged_items(None, None, 1, 20).items
    assert any(item.kind == "comment" and item.idea is None for item in flagged)
    assert session.scalar(select(func.count(Idea.id)).where(Idea.status == IdeaStatus.PENDING)) >= 1
    assignments = session.scalars(select(Assignment)).all()
    assert sum(a.is_overdue(ops.today()) for a in assignments) == 1 and len(assignments) == 2
    actions = set(session.scalars(select(ModerationLogEntry.action)))
    assert {"merge", "assign"} <= actions
