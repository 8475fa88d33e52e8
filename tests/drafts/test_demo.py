"""The demo step puts up a draft with two versions and comments for every comment phase."""

from sqlalchemy import func, select

import engage.drafts.demo  # noqa: F401  (registers the step until engage.site.demo imports it)
from engage.drafts import queries
from engage.drafts.models import Draft, DraftVersion
from engage.site import demo


def _summary(session):
    rows = []
    for draft in session.scalars(select(Draft).order_by(Draft.id)):
        versions = session.scalar(
            select(func.count(DraftVersion.id)).where(DraftVersion.draft_id == draft.id)
        )
        rows.append((draft.title, versions, queries.comment_total(draft)))
    return rows


def test_demo_drafts_have_versions_and_comments_and_are_deterministic(session, clock):
    nested = session.begin_nested()
    demo.DemoBuilder(seed=3, users=30).run()
    first = _summary(session)
    nested.rollback()
    nested = session.begin_nested()
    demo.DemoBuilder(seed=3, users=30).run()
    assert _summary(session) == first
    assert first and any(versions == 2 and comments > 0 for _t, versions, comments in first)
    nested.rollback()
