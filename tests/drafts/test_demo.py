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


def test_demo_has_an_open_draft_and_one_with_a_published_response_table(session, clock):
    nested = session.begin_nested()
    report = demo.DemoBuilder(seed=7, users=30).run()
    processes = {p.id: p for p in report.processes}
    drafts = list(session.scalars(select(Draft).order_by(Draft.id)))
    ended = [d for d in drafts if d.responses_published]
    assert len(ended) == 1
    (done,) = ended
    assert processes[done.process_id].title.startswith("Lärmaktionsplan")
    assert processes[done.process_id].current_phase().kind == "evaluation"
    assert done.current_version.number == 2
    assert queries.comment_total(done) > 0 and queries.unanswered_count(done) == 0
    assert sum(queries.outcome_counts(done).values()) >= queries.comment_total(done)
    running = [
        d
        for d in drafts
        if (phase := processes[d.process_id].current_phase()) and phase.kind == "comment"
    ]
    assert running and all(
        not d.responses_published and queries.comment_total(d) > 0 for d in running
    )
    nested.rollback()
