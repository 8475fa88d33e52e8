"""Read-side queries of surveys that pages, the API and other areas share.

Every function answers with a fixed number of queries, whatever the number of surveys,
questions or responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from engage.accounts.models import User
from engage.accounts.operations import register_data_exporter
from engage.accounts.permissions import is_signed_in
from engage.extensions import db
from engage.processes.models import Process
from engage.surveys import permissions
from engage.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from engage.surveys.operations import AnswerInput, anonymous_key


def _survey_options():
    return (
        selectinload(Survey.process).selectinload(Process.phases),
        selectinload(Survey.process).selectinload(Process.theme),
        selectinload(Survey.process).selectinload(Process.organisation),
        selectinload(Survey.questions).selectinload(Question.choices),
    )


def survey_for_page(survey_id: int) -> Survey | None:
    """A survey with its process (phases, theme, organisation), questions and choices."""
    return db.session.scalar(
        select(Survey).where(Survey.id == survey_id).options(*_survey_options())
    )


def surveys_of_process(process: Process, *, drafts: bool = False) -> list[Survey]:
    """The surveys of ``process`` in the order they were created (drafts only if asked)."""
    stmt = select(Survey).where(Survey.process_id == process.id).order_by(Survey.id)
    if not drafts:
        stmt = stmt.where(Survey.status == SurveyStatus.PUBLISHED)
    return list(
        db.session.scalars(
            stmt.options(selectinload(Survey.questions).selectinload(Question.choices))
        )
    )


def response_counts(survey_ids: Sequence[int]) -> dict[int, int]:
    """The number of responses per survey (one GROUP BY)."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(Response.survey_id, func.count())
        .where(Response.survey_id.in_(list(survey_ids)))
        .group_by(Response.survey_id)
    )
    return {row[0]: row[1] for row in rows}


def published_ids_by_process(process_ids: Sequence[int]) -> dict[int, list[int]]:
    """The ids of the published surveys of each process (for the API's ``surveys`` field)."""
    result: dict[int, list[int]] = defaultdict(list)
    if not process_ids:
        return result
    rows = db.session.execute(
        select(Survey.process_id, Survey.id)
        .where(Survey.process_id.in_(list(process_ids)), Survey.status == SurveyStatus.PUBLISHED)
        .order_by(Survey.process_id, Survey.id)
    )
    for process_id, survey_id in rows:
        result[process_id].append(survey_id)
    return result


def find_response(survey: Survey, user: Any, browser_id: str | None) -> Response | None:
    """The response of a signed-in ``user``, or of the browser with ``browser_id``."""
    stmt = select(Response).where(Response.survey_id == survey.id)
    if is_signed_in(user):
        stmt = stmt.where(Response.user_id == user.id)
    elif browser_id:
        stmt = stmt.where(Response.anonymous_key == anonymous_key(survey.id, browser_id))
    else:
        return None
    return db.session.scalar(stmt)


def answered_survey_ids(user: Any, survey_ids: Sequence[int], browser_id: str | None) -> set[int]:
    """Which of ``survey_ids`` the person (or browser) has answered (one query)."""
    if not survey_ids:
        return set()
    stmt = select(Response.survey_id).where(Response.survey_id.in_(list(survey_ids)))
    if is_signed_in(user):
        stmt = stmt.where(Response.user_id == user.id)
    elif browser_id:
        keys = [anonymous_key(sid, browser_id) for sid in survey_ids]
        stmt = stmt.where(Response.anonymous_key.in_(keys))
    else:
        return set()
    return set(db.session.scalars(stmt))


def answers_as_input(response: Response | None) -> dict[int, AnswerInput]:
    """A stored response as the answers the form shows again (one query)."""
    if response is None:
        return {}
    answers: dict[int, AnswerInput] = {}
    rows = db.session.scalars(
        select(Answer).where(Answer.response_id == response.id).order_by(Answer.id)
    )
    for row in rows:
        answer = answers.setdefault(row.question_id, AnswerInput())
        if row.rank is not None:
            answer.ranks.append((row.choice_id, row.rank))
        elif row.choice_id is not None:
            answer.choice_ids.append(row.choice_id)
        elif row.value is not None:
            answer.value = row.value
        elif row.text is not None:
            # The text of "other" for choice questions, the answer itself for text questions.
            answer.other_text = row.text
            answer.text = row.text
            answer.other = True
    return answers


@dataclass
class SurveyCard:
    """A survey as the process page lists it, with what the visitor can do with it."""

    survey: Survey
    responses: int
    answered: bool
    can_answer: bool
    can_see_results: bool
    can_manage: bool
    answering_ends: datetime | None


@dataclass
class ProcessSurveys:
    """What the process page shows about surveys."""

    cards: list[SurveyCard]
    can_manage: bool


def process_surveys(process: Process, user: Any, browser_id: str | None) -> ProcessSurveys:
    """The surveys of ``process`` for its page (drafts for those who manage them)."""
    from engage.processes.permissions import can_manage_process

    manage = can_manage_process(user, process)
    surveys = surveys_of_process(process, drafts=manage)
    ids = [s.id for s in surveys]
    counts = response_counts(ids)
    answered = answered_survey_ids(user, ids, browser_id)
    ends = permissions.answering_ends(process)
    cards = [
        SurveyCard(
            survey=s,
            responses=counts.get(s.id, 0),
            answered=s.id in answered,
            can_answer=permissions.can_answer(user, s),
            can_see_results=permissions.can_see_results(user, s),
            can_manage=manage,
            answering_ends=ends,
        )
        for s in surveys
    ]
    return ProcessSurveys(cards=cards, can_manage=manage)


# --- the person's own data ----------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@register_data_exporter
def export_survey_responses(user: User) -> tuple[str, Any]:
    """The account holder's survey responses for the personal data export (GDPR Art. 15/20)."""
    responses = list(
        db.session.scalars(
            select(Response).where(Response.user_id == user.id).order_by(Response.id)
        )
    )
    if not responses:
        return "survey_responses", []
    surveys = {
        s.id: s
        for s in db.session.scalars(
            select(Survey).where(Survey.id.in_({r.survey_id for r in responses}))
        )
    }
    rows = db.session.execute(
        select(Answer.response_id, Question.text, Question.kind, Choice.text, Answer)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(Choice, Choice.id == Answer.choice_id)
        .where(Answer.response_id.in_([r.id for r in responses]))
        .order_by(Answer.response_id, Question.position, Answer.rank, Answer.id)
    )
    by_response: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for response_id, question_text, kind, choice_text, answer in rows:
        entry: dict[str, Any] = {"question": question_text, "kind": kind}
        if choice_text is not None:
            entry["choice"] = choice_text
        if answer.rank is not None:
            entry["rank"] = answer.rank
        if answer.value is not None:
            entry["value"] = answer.value
        if answer.text is not None:
            entry["text"] = answer.text
            if QuestionKind(kind).has_choices:
                entry["other"] = True
        by_response[response_id].append(entry)
    return "survey_responses", [
        {
            "survey": surveys[r.survey_id].title if r.survey_id in surveys else None,
            "survey_id": r.survey_id,
            "created_at": _iso(r.created_dt),
            "updated_at": _iso(r.updated_dt),
            "answers": by_response.get(r.id, []),
        }
        for r in responses
    ]
