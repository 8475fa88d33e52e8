"""The demo's surveys: every kind of question, a few hundred valid responses, deterministic."""

from __future__ import annotations

from sqlalchemy import func, select
from survey_fixtures import *  # noqa: F403

from engage.site import demo
from engage.surveys import operations as ops
from engage.surveys import permissions, queries, results
from engage.surveys.models import QuestionKind, Response, Survey


def _build(session, seed: int):
    nested = session.begin_nested()
    demo.DemoBuilder(seed=seed, users=30).run()
    surveys = list(session.scalars(select(Survey).order_by(Survey.id)))
    summary = []
    for survey in surveys:
        figures = results.survey_results(survey)
        summary.append(
            (
                survey.title,
                figures.responses,
                [
                    [f.count for f in r.choices]
                    + [f.count for f in r.scale]
                    + [f.points for f in r.ranking]
                    + [r.text_count]
                    for r in figures.questions
                ],
            )
        )
    return nested, surveys, summary


def test_demo_surveys_cover_every_kind_with_published_results(session, clock):
    nested, surveys, summary = _build(session, 7)
    try:
        assert len(surveys) == 4
        main = surveys[0]
        assert {q.kind for q in main.questions} == {k.value for k in QuestionKind}
        assert 6 <= len(main.questions) <= 8
        counts = {title: n for title, n, _figures in summary}
        assert counts[main.title] == 320 and sum(counts.values()) >= 450
        assert main.results_public and permissions.can_see_results(None, main)
        # Signed-in citizens and anonymous browsers both answered, each once.
        users = session.scalar(
            select(func.count(Response.user_id)).where(Response.survey_id == main.id)
        )
        assert users >= 30 and users < counts[main.title]  # the rest answered anonymously
        # Every stored response is a valid answer to its survey.
        for survey in surveys:
            for response in session.scalars(
                select(Response).where(Response.survey_id == survey.id).limit(40)
            ):
                ops.validate_answers(survey, queries.answers_as_input(response))
        running = next(s for s in surveys if s.title.startswith("Befragung für Gründer"))
        assert permissions.answering_ends(running.process) is not None
        assert not permissions.can_see_results(None, running)
    finally:
        nested.rollback()


def test_demo_surveys_are_the_same_for_one_seed(session, clock):
    first_nested, _surveys, first = _build(session, 11)
    first_nested.rollback()
    session.expire_all()
    second_nested, _surveys, second = _build(session, 11)
    second_nested.rollback()
    assert first == second


def test_demo_scales_the_survey_responses_to_the_total_asked(session, clock):
    from engage.surveys import demo as surveys_demo

    own = [spec["responses"] for spec in surveys_demo.SURVEYS]
    assert surveys_demo._response_counts(None) == own
    scaled = surveys_demo._response_counts(50_000)
    assert sum(scaled) == 50_000
    assert [n * 50_000 // sum(own) for n in own][1:] == scaled[1:]  # same proportions
    nested = session.begin_nested()
    try:
        demo.DemoBuilder(seed=3, users=400, ideas=0, responses=1060).run()
        counts = session.execute(
            select(Survey.title, func.count(Response.id))
            .join(Response, Response.survey_id == Survey.id)
            .group_by(Survey.title)
        ).all()
        assert sum(n for _title, n in counts) == 1060  # twice the demo's own 530
    finally:
        nested.rollback()
