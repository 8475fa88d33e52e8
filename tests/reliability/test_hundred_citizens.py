"""100 citizens at once on PostgreSQL: every support, comment and survey answer is stored
exactly once and every counter equals its rows.

Each citizen is a thread with its own app context and session that waits at a barrier and
then acts and commits for real (the connection pool makes the later ones queue, as a busy
server would).  The data is removed afterwards.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from engage.accounts.models import AuditEvent, User
from engage.extensions import db
from engage.ideas import operations as idea_ops
from engage.ideas.models import Comment, Idea, IdeaStatus, Support
from engage.organisations.models import Organisation
from engage.processes.models import Phase, Process
from engage.surveys import operations as survey_ops
from engage.surveys.models import Answer, Response, Survey
from engage.surveys.operations import AnswerInput
from engage.themes.models import Theme

pytestmark = pytest.mark.postgresql

CITIZENS = 100


@pytest.fixture
def crowd(app, clock):
    """100 confirmed citizens, a process collecting ideas with one published idea and one
    asking a published one-question survey — committed, and deleted afterwards."""
    if app.backend != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers anyway)")
    test_session = db.session
    db.session = db._make_scoped_session({})
    s = db.session
    now = clock.now()
    stamp = time.time_ns()
    try:
        users = [
            User(email=f"crowd{n}-{stamp}@example.org", display_name=f"Crowd {n}",
                 email_confirmed_dt=now)
            for n in range(CITIZENS)
        ]  # fmt: skip
        process, survey_process = (
            Process(
                title=f"Hundert auf einmal ({kind})",
                slug=f"hundert-{kind}-{stamp}",
                theme=s.scalar(select(Theme).limit(1)),
                organisation=s.scalar(select(Organisation).limit(1)),
                status="published",
                phases=[Phase(kind=kind, start_dt=now - timedelta(days=1),
                              end_dt=now + timedelta(days=1))],
            )
            for kind in ("ideas", "survey")
        )  # fmt: skip
        s.add_all([*users, process, survey_process])
        s.flush()
        idea = Idea(process=process, title="Eine beliebte Idee", body_source="x", body="x",
                    status="pending")  # fmt: skip
        idea.change_status(IdeaStatus.PUBLISHED)
        s.add(idea)
        with app.test_request_context():
            survey = survey_ops.create_survey(
                None, survey_process, survey_ops.SurveyInput("Hundert", "", False)
            )
            survey_ops.add_question(
                None,
                survey,
                survey_ops.validate_question_input(kind="scale", text="Wie?", required=True,
                                                   scale_min_label="a", scale_max_label="b"),
            )  # fmt: skip
            survey_ops.publish_survey(None, survey)
        s.commit()
        ids = {
            "users": [u.id for u in users],
            "idea": idea.id,
            "survey": survey.id,
            "question": survey.questions[0].id,
            "processes": [process.id, survey_process.id],
        }
        yield ids
    finally:
        s.rollback()
        if "ids" in locals():
            s.execute(
                delete(AuditEvent).where(AuditEvent.details["survey"].as_integer() == ids["survey"])
            )
            s.execute(delete(Process).where(Process.id.in_(ids["processes"])))
            s.execute(delete(User).where(User.id.in_(ids["users"])))
            s.commit()
        db.session.remove()
        db.session = test_session


def _all_at_once(app, user_ids: list[int], act) -> list[BaseException]:
    """Every citizen in their own thread, released together; ``act(user_id)`` then commits."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(user_ids))

    def run(user_id: int) -> None:
        try:
            barrier.wait(60)
            with app.test_request_context(headers={"Accept-Language": "en"}):
                try:
                    act(user_id)
                    db.session.commit()
                finally:
                    db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _count(model, *where) -> int:
    session = db._make_scoped_session({})
    try:
        return session.scalar(select(func.count()).select_from(model).where(*where))
    finally:
        session.remove()


def _idea(idea_id: int) -> tuple[int, int]:
    session = db._make_scoped_session({})
    try:
        idea = session.get(Idea, idea_id)
        return idea.supports_count, idea.comments_count
    finally:
        session.remove()


def test_hundred_citizens_support_comment_and_answer_at_once(app, crowd):
    users = crowd["users"]

    def support(user_id: int) -> None:
        idea_ops.support_idea(db.session.get(User, user_id), db.session.get(Idea, crowd["idea"]))

    assert _all_at_once(app, users, support) == []
    assert _count(Support, Support.idea_id == crowd["idea"]) == CITIZENS
    assert _idea(crowd["idea"])[0] == CITIZENS

    def comment(user_id: int) -> None:
        idea = db.session.get(Idea, crowd["idea"])
        idea_ops.add_comment(db.session.get(User, user_id), idea, f"Kommentar von {user_id}")

    assert _all_at_once(app, users, comment) == []
    assert _count(Comment, Comment.idea_id == crowd["idea"]) == CITIZENS
    assert _idea(crowd["idea"]) == (CITIZENS, CITIZENS)

    def answer(user_id: int) -> None:
        survey = db.session.get(Survey, crowd["survey"])
        survey_ops.submit_response(
            survey,
            db.session.get(User, user_id),
            {crowd["question"]: AnswerInput(value=1 + user_id % 5)},
        )

    assert _all_at_once(app, users, answer) == []
    assert _count(Response, Response.survey_id == crowd["survey"]) == CITIZENS
    answers = _count(Answer, Answer.response_id.in_(
        select(Response.id).where(Response.survey_id == crowd["survey"])
    ))  # fmt: skip
    assert answers == CITIZENS

    # Half of them withdraw their support at once, while the other half supports again.
    half = users[: CITIZENS // 2]

    def withdraw(user_id: int) -> None:
        idea_ops.withdraw_support(
            db.session.get(User, user_id), db.session.get(Idea, crowd["idea"])
        )

    def support_again(user_id: int) -> None:
        if user_id in half:
            withdraw(user_id)
        else:
            support(user_id)  # already supported: nothing changes

    assert _all_at_once(app, users, support_again) == []
    assert _count(Support, Support.idea_id == crowd["idea"]) == CITIZENS - len(half)
    assert _idea(crowd["idea"])[0] == CITIZENS - len(half)
