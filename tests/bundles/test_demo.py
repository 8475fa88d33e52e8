"""The demo step: bundles in every status, decisions and projects with updates."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.bundles.models import Bundle, BundleItem, Decision, Project, ProjectUpdate
from engage.site import demo


def test_demo_has_bundles_decisions_and_projects(app, session, clock):
    demo.DemoBuilder(seed=7, users=60, ideas=150, supports=400, comments=50).run()
    statuses = set(session.scalars(select(Bundle.status)))
    assert statuses == {"draft", "submitted", "decided"}
    outcomes = set(session.scalars(select(Decision.outcome)))
    assert outcomes == {"project", "rejected", "deferred"}
    assert session.scalar(select(func.count()).select_from(Project)) == 1
    assert session.scalar(select(func.count()).select_from(ProjectUpdate)) == 2
    kinds = set(session.scalars(select(BundleItem.kind)))
    assert kinds == {"idea", "survey", "draft_comment"}
