"""Results of a survey, counted by the database: a fixed number of aggregate queries.

Figures per question (``respondents`` = the responses that answered that question):

* **single / multiple choice** — count per choice and its *share of the respondents to the
  question* (for multiple choice the shares add up to more than 100 %); the answer "other"
  is counted the same way, and its texts are listed.
* **scale (1–5)** — count and share per value, and the mean of the given values.
* **ranking** — Borda points: with *n* choices, rank 1 earns *n − 1* points, rank 2 earns
  *n − 2* … and the last rank 0; a choice's points are the sum over all rankings
  (``count × n − sum of its ranks``).  Also its mean rank and how often it came first.
* **short / long text** — the number of answers and the latest few; the full list is paginated
  and searchable (:func:`text_answers`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.surveys.models import (
    OTHER_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
)

LATEST_TEXTS = 3  # free texts shown with the results; the rest on their own page


@dataclass
class ChoiceFigure:
    id: int | None  # None for "other"
    text: str
    count: int
    share: float  # of the respondents to the question, 0..1


@dataclass
class ScaleFigure:
    value: int
    count: int
    share: float


@dataclass
class RankFigure:
    id: int
    text: str
    points: int  # Borda points
    mean_rank: float | None
    first: int  # how often ranked first
    count: int  # rankings that include it


@dataclass
class QuestionResult:
    question: Question
    number: int  # 1, 2, 3 … as the survey shows it
    respondents: int
    choices: list[ChoiceFigure] = field(default_factory=list)
    other: ChoiceFigure | None = None
    scale: list[ScaleFigure] = field(default_factory=list)
    mean: float | None = None
    ranking: list[RankFigure] = field(default_factory=list)
    max_points: int = 0  # the most points a choice could have earned
    text_count: int = 0  # free-text answers (or texts of "other")
    latest_texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> QuestionKind:
        return self.question.kind_enum

    @property
    def lists_texts(self) -> bool:
        return self.text_count > 0


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    last_response: datetime | None = None


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def survey_results(survey: Survey) -> SurveyResults:
    """Every question's figures (seven queries, whatever the number of responses)."""
    questions = list(survey.questions)
    ids = [q.id for q in questions]
    by_kind: dict[QuestionKind, list[int]] = defaultdict(list)
    for q in questions:
        by_kind[q.kind_enum].append(q.id)
    choice_ids = by_kind[QuestionKind.SINGLE] + by_kind[QuestionKind.MULTIPLE]

    total, last = db.session.execute(
        select(func.count(), func.max(Response.created_dt)).where(Response.survey_id == survey.id)
    ).one()
    respondents: dict[int, int] = {}
    chosen: dict[tuple[int, int], int] = {}
    texts: dict[int, int] = {}
    scale: dict[tuple[int, int], int] = {}
    ranks: dict[tuple[int, int], tuple[int, int, int]] = {}
    latest: dict[int, list[str]] = defaultdict(list)
    if ids and total:
        respondents = dict(
            db.session.execute(
                select(Answer.question_id, func.count(func.distinct(Answer.response_id)))
                .where(Answer.question_id.in_(ids))
                .group_by(Answer.question_id)
            ).all()
        )
        if choice_ids:
            chosen = {
                (qid, cid): n
                for qid, cid, n in db.session.execute(
                    select(Answer.question_id, Answer.choice_id, func.count())
                    .where(Answer.question_id.in_(choice_ids), Answer.choice_id.isnot(None))
                    .group_by(Answer.question_id, Answer.choice_id)
                )
            }
        texts = dict(
            db.session.execute(
                select(Answer.question_id, func.count())
                .where(
                    Answer.question_id.in_(ids),
                    Answer.choice_id.is_(None),
                    Answer.text.isnot(None),
                )
                .group_by(Answer.question_id)
            ).all()
        )
        if by_kind[QuestionKind.SCALE]:
            scale = {
                (qid, value): n
                for qid, value, n in db.session.execute(
                    select(Answer.question_id, Answer.value, func.count())
                    .where(
                        Answer.question_id.in_(by_kind[QuestionKind.SCALE]),
                        Answer.value.isnot(None),
                    )
                    .group_by(Answer.question_id, Answer.value)
                )
            }
        if by_kind[QuestionKind.RANKING]:
            ranks = {
                (qid, cid): (n, int(rank_sum or 0), int(firsts or 0))
                for qid, cid, n, rank_sum, firsts in db.session.execute(
                    select(
                        Answer.question_id,
                        Answer.choice_id,
                        func.count(),
                        func.sum(Answer.rank),
                        func.sum(case((Answer.rank == 1, 1), else_=0)),
                    )
                    .where(
                        Answer.question_id.in_(by_kind[QuestionKind.RANKING]),
                        Answer.rank.isnot(None),
                    )
                    .group_by(Answer.question_id, Answer.choice_id)
                )
            }
        if texts:
            latest = _latest_texts(list(texts))

    results = []
    for number, q in enumerate(questions, start=1):
        answered = respondents.get(q.id, 0)
        result = QuestionResult(question=q, number=number, respondents=answered)
        kind = q.kind_enum
        result.text_count = texts.get(q.id, 0)
        result.latest_texts = latest.get(q.id, [])
        if kind in OTHER_KINDS:
            result.choices = [
                ChoiceFigure(c.id, c.text, chosen.get((q.id, c.id), 0), 0.0) for c in q.choices
            ]
            for figure in result.choices:
                figure.share = _share(figure.count, answered)
            if q.offers_other or result.text_count:
                result.other = ChoiceFigure(
                    None, "", result.text_count, _share(result.text_count, answered)
                )
        elif kind == QuestionKind.SCALE:
            counts = {v: scale.get((q.id, v), 0) for v in range(SCALE_MIN, SCALE_MAX + 1)}
            given = sum(counts.values())
            result.scale = [ScaleFigure(v, n, _share(n, given)) for v, n in counts.items()]
            if given:
                result.mean = sum(v * n for v, n in counts.items()) / given
        elif kind == QuestionKind.RANKING:
            n_choices = len(q.choices)
            result.max_points = answered * max(n_choices - 1, 0)
            figures = []
            for position, c in enumerate(q.choices):
                count, rank_sum, firsts = ranks.get((q.id, c.id), (0, 0, 0))
                figures.append(
                    (
                        position,
                        RankFigure(
                            id=c.id,
                            text=c.text,
                            points=count * n_choices - rank_sum,
                            mean_rank=(rank_sum / count) if count else None,
                            first=firsts,
                            count=count,
                        ),
                    )
                )
            figures.sort(key=lambda item: (-item[1].points, item[0]))
            result.ranking = [figure for _position, figure in figures]
        results.append(result)
    return SurveyResults(survey=survey, responses=total or 0, questions=results, last_response=last)


def _latest_texts(question_ids: list[int]) -> dict[int, list[str]]:
    """The newest few texts per question, in one query (a window function)."""
    numbered = (
        select(
            Answer.question_id.label("qid"),
            Answer.text.label("text"),
            Answer.id.label("aid"),
            func.row_number()
            .over(partition_by=Answer.question_id, order_by=Answer.id.desc())
            .label("n"),
        )
        .where(
            Answer.question_id.in_(question_ids),
            Answer.choice_id.is_(None),
            Answer.text.isnot(None),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(numbered.c.qid, numbered.c.text)
        .where(numbered.c.n <= LATEST_TEXTS)
        .order_by(numbered.c.qid, numbered.c.aid.desc())
    )
    latest: dict[int, list[str]] = defaultdict(list)
    for qid, text in rows:
        latest[qid].append(text)
    return latest


def _like_pattern(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_answers(question: Question, *, q: str | None, page: int, per_page: int) -> Page:
    """The free texts of ``question`` (or its texts of "other"), newest first, searchable."""
    stmt = (
        select(Answer.text)
        .where(
            Answer.question_id == question.id,
            Answer.choice_id.is_(None),
            Answer.text.isnot(None),
        )
        .order_by(Answer.id.desc())
    )
    if q:
        stmt = stmt.where(Answer.text.ilike(_like_pattern(q), escape="\\"))
    return paginate(stmt, page, per_page)


# --- the responses, one row each (for the exports) ---------------------------------------------


@dataclass
class ExportColumn:
    question: Question
    number: int
    other: bool = False  # the texts of "other" of a choice question


def export_columns(survey: Survey) -> list[ExportColumn]:
    """One column per question, and one more for the texts of "other" where it is offered."""
    columns = []
    for number, q in enumerate(survey.questions, start=1):
        columns.append(ExportColumn(q, number))
        if q.offers_other:
            columns.append(ExportColumn(q, number, other=True))
    return columns


def response_rows(survey: Survey, columns: list[ExportColumn]) -> Iterator[list[Any]]:
    """Each response as ``[running number, created, cell per column]``, oldest first.

    No account, name or browser key leaves: the running number identifies a row. The rows are
    streamed from the database in batches, so memory does not grow with the responses.
    """
    choice_text = {c.id: c.text for q in survey.questions for c in q.choices}
    choice_position = {c.id: c.position for q in survey.questions for c in q.choices}
    kinds = {q.id: q.kind_enum for q in survey.questions}
    stmt = (
        select(
            Response.id,
            Response.created_dt,
            Answer.question_id,
            Answer.choice_id,
            Answer.text,
            Answer.value,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey.id)
        .order_by(Response.created_dt, Response.id, Answer.rank, Answer.id)
        .execution_options(yield_per=1000)
    )

    def build(number: int, created: datetime, parts: dict[int, dict[str, Any]]) -> list[Any]:
        row: list[Any] = [number, created]
        for column in columns:
            part = parts.get(column.question.id, {})
            kind = kinds[column.question.id]
            if column.other:
                row.append(part.get("other", ""))
            elif kind in OTHER_KINDS:
                chosen = sorted(part.get("choices", []), key=lambda cid: choice_position[cid])
                row.append("; ".join(choice_text[cid] for cid in chosen))
            elif kind == QuestionKind.RANKING:
                row.append(" > ".join(choice_text[cid] for cid in part.get("choices", [])))
            elif kind == QuestionKind.SCALE:
                row.append(part.get("value"))
            else:
                row.append(part.get("text", ""))
        return row

    number = 0
    current: int | None = None
    created: datetime | None = None
    parts: dict[int, dict[str, Any]] = {}
    for response_id, created_dt, qid, cid, text, value in db.session.execute(stmt):
        if response_id != current:
            if current is not None and created is not None:
                yield build(number, created, parts)
            number += 1
            current, created, parts = response_id, created_dt, {}
        if qid is None or qid not in kinds:
            continue
        part = parts.setdefault(qid, {})
        if cid is not None and cid in choice_text:
            part.setdefault("choices", []).append(cid)
        elif value is not None:
            part["value"] = value
        elif text is not None:
            part["other" if kinds[qid] in OTHER_KINDS else "text"] = text
    if current is not None and created is not None:
        yield build(number, created, parts)
