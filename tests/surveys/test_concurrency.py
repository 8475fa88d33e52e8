"""One response per person under concurrency, on PostgreSQL with real commits.

The test session of tests/conftest.py wraps everything in one rolled-back transaction; a real
race needs connections of its own.  These tests swap in an ordinary scoped session (each thread
gets its own session through its own app context), commit for real, and delete what they made
afterwards.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from survey_fixtures import FROZEN_AT

from engage.accounts.models import AuditEvent, User
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.models import Phase, Process
from engage.surveys import operations as ops
from engage.surveys.models import Answer, Response, Survey
from engage.surveys.operations import AnswerInput
from engage.themes.models import Theme

pytestmark = pytest.mark.postgresql


@contextmanager
def real_sessions(app):
    """Swap the test's rolled-back session for ordinary sessions that commit for real."""
    if app.backend != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers anyway)")
    test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = test_session


@pytest.fixture
def committed(app, clock):
    """A process in its survey phase, a published one-question survey, one citizen — committed."""
    with real_sessions(app) as session:
        user = User(
            email=f"race-{time.time_ns()}@example.org",
            display_name="Race",
            email_confirmed_dt=FROZEN_AT,
        )
        process = Process(
            title="Wettlauf",
            slug="wettlauf",
            theme=session.scalar(select(Theme).limit(1)),
            organisation=session.scalar(select(Organisation).limit(1)),
            status="published",
        )
        process.phases.append(
            Phase(
                kind="survey",
                start_dt=FROZEN_AT - timedelta(days=1),
                end_dt=FROZEN_AT + timedelta(days=1),
            )
        )
        session.add_all([user, process])
        session.flush()
        with app.test_request_context():
            survey = ops.create_survey(None, process, ops.SurveyInput("Wettlauf", "", False))
            ops.add_question(
                None,
                survey,
                ops.validate_question_input(kind="scale", text="Wie?", required=True,
                                            scale_min_label="a", scale_max_label="b"),
            )  # fmt: skip
            ops.publish_survey(None, survey)
        session.commit()
        ids = {"user": user.id, "survey": survey.id, "process": process.id}
        try:
            yield ids
        finally:
            session.rollback()
            session.execute(
                delete(AuditEvent).where(AuditEvent.details["survey"].as_integer() == ids["survey"])
            )
            session.execute(delete(Process).where(Process.id == ids["process"]))
            session.execute(delete(User).where(User.id == ids["user"]))
            session.commit()


def _submit(app, ids: dict, value: int, *, before_commit=None, results: list, errors: list):
    """One request's work in its own thread: own app context, own session, real commit."""
    try:
        with app.app_context(), app.test_request_context():
            survey = db.session.get(Survey, ids["survey"])
            user = db.session.get(User, ids["user"])
            question_id = survey.questions[0].id
            _response, created = ops.submit_response(
                survey, user, {question_id: AnswerInput(value=value)}
            )
            if before_commit is not None:
                before_commit()
            db.session.commit()
            results.append((value, created))
            db.session.remove()
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)


def _state(app, ids) -> tuple[int, list[int]]:
    with app.app_context():
        session = db._make_scoped_session({})
        try:
            count = session.scalar(
                select(func.count())
                .select_from(Response)
                .where(Response.survey_id == ids["survey"])
            )
            values = session.scalars(
                select(Answer.value).join(Response).where(Response.survey_id == ids["survey"])
            ).all()
            return count, sorted(values)
        finally:
            session.remove()


def test_the_loser_of_a_race_changes_the_winners_response(app, committed):
    """A inserts and waits before committing; B's insert blocks on the unique index, fails
    once A commits, and becomes an update of A's response."""
    results: list = []
    errors: list = []
    flushed, release = threading.Event(), threading.Event()

    def hold() -> None:
        flushed.set()
        release.wait(10)

    first = threading.Thread(
        target=_submit,
        args=(app, committed, 2),
        kwargs={"before_commit": hold, "results": results, "errors": errors},
    )
    second = threading.Thread(
        target=_submit, args=(app, committed, 5), kwargs={"results": results, "errors": errors}
    )
    first.start()
    assert flushed.wait(10)
    second.start()
    time.sleep(0.5)  # B is now waiting for A's row lock on the unique index
    assert results == []
    release.set()
    first.join(10)
    second.join(10)
    assert errors == []
    assert sorted(results) == [(2, True), (5, False)]
    assert _state(app, committed) == (1, [5])


def test_many_simultaneous_submissions_leave_one_response(app, committed):
    results: list = []
    errors: list = []
    barrier = threading.Barrier(8)

    def go(value: int) -> None:
        barrier.wait(10)
        _submit(app, committed, value, results=results, errors=errors)

    threads = [threading.Thread(target=go, args=(1 + n % 5,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(results) == 8
    assert sum(1 for _value, created in results if created) == 1
    count, values = _state(app, committed)
    assert count == 1 and len(values) == 1  # exactly one answer survives, never a mix
