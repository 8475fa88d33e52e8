"""The anonymised open-data export: what anyone may see on the platform, without any person.

Datasets: themes, public participations, public ideas with their counts, visible comments on
public ideas (text and time, never who wrote them) and the results of surveys whose results are
public (counts per choice, scale value and rank; free texts are left out because people may
write personal details into them). No e-mail address, display name, account id or IP address is
selected anywhere in this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.core.exports import csv_bytes
from engage.extensions import db
from engage.ideas.models import PUBLIC_STATUSES, Comment, Idea
from engage.organisations.models import Organisation
from engage.processes.models import Process, ProcessStatus
from engage.surveys.models import Answer, Choice, Question, Response, Survey, SurveyStatus
from engage.themes.models import Theme

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Stadt Bochum – engage Bochum",
}

DATASETS = {
    "themes": _l("Themes"),
    "processes": _l("Participations"),
    "ideas": _l("Ideas with their numbers of supports and comments"),
    "comments": _l("Comments on ideas, without their authors"),
    "survey_results": _l("Survey results (counts per answer)"),
}

HEADERS = {
    "themes": ["slug", "name_de", "name_en"],
    "processes": ["id", "slug", "title", "theme", "organisation", "status", "district"],
    "ideas": [
        "id",
        "process_id",
        "title",
        "status",
        "district",
        "submitted_on",
        "supports",
        "comments",
    ],
    "comments": ["id", "idea_id", "reply_to", "written_on", "text"],
    "survey_results": [
        "survey_id",
        "survey",
        "process_id",
        "question_no",
        "question",
        "kind",
        "choice",
        "value",
        "rank",
        "count",
    ],
}


def _public_processes():
    return select(Process.id).where(Process.status != ProcessStatus.DRAFT.value)


def _public_ideas():
    return select(Idea.id).where(
        Idea.status.in_([s.value for s in PUBLIC_STATUSES]),
        Idea.merged_into_id.is_(None),
        Idea.process_id.in_(_public_processes()),
    )


def _day(value) -> str | None:
    return value.date().isoformat() if value is not None else None


def rows(dataset: str) -> Iterator[list[Any]]:
    """The rows of one dataset, in the order of ``HEADERS[dataset]``."""
    if dataset == "themes":
        yield from (
            list(row)
            for row in db.session.execute(
                select(Theme.slug, Theme.name_de, Theme.name_en).order_by(Theme.position)
            )
        )
    elif dataset == "processes":
        query = (
            select(
                Process.id,
                Process.slug,
                Process.title,
                Theme.slug,
                Organisation.name,
                Process.status,
                Process.district,
            )
            .join(Theme, Theme.id == Process.theme_id)
            .join(Organisation, Organisation.id == Process.organisation_id)
            .where(Process.status != ProcessStatus.DRAFT.value)
            .order_by(Process.id)
        )
        yield from (list(row) for row in db.session.execute(query))
    elif dataset == "ideas":
        query = (
            select(
                Idea.id,
                Idea.process_id,
                Idea.title,
                Idea.status,
                Idea.district,
                Idea.created_dt,
                Idea.supports_count,
                Idea.comments_count,
            )
            .where(Idea.id.in_(_public_ideas()))
            .order_by(Idea.id)
        )
        for row in db.session.execute(query).yield_per(2000):
            values = list(row)
            values[5] = _day(values[5])
            yield values
    elif dataset == "comments":
        query = (
            select(Comment.id, Comment.idea_id, Comment.parent_id, Comment.created_dt, Comment.body)
            .where(
                Comment.idea_id.in_(_public_ideas()),
                Comment.deleted_dt.is_(None),
                Comment.hidden_dt.is_(None),
            )
            .order_by(Comment.id)
        )
        for row in db.session.execute(query).yield_per(2000):
            values = list(row)
            values[3] = _day(values[3])
            yield values
    elif dataset == "survey_results":
        yield from _survey_rows()
    else:
        raise KeyError(dataset)


def public_survey_ids() -> list[int]:
    """Surveys whose results everyone may see now (the survey area's own rule)."""
    from engage.surveys.permissions import can_see_results

    candidates = db.session.scalars(
        select(Survey).where(
            Survey.status == SurveyStatus.PUBLISHED.value, Survey.results_public.is_(True)
        )
    ).all()
    return [s.id for s in candidates if can_see_results(None, s)]


def _survey_rows() -> Iterator[list[Any]]:
    ids = public_survey_ids()
    if not ids:
        return
    query = (
        select(
            Survey.id,
            Survey.title,
            Survey.process_id,
            Question.position,
            Question.text,
            Question.kind,
            Choice.text,
            Answer.value,
            Answer.rank,
            func.count(Answer.id),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Survey, Survey.id == Question.survey_id)
        .outerjoin(Choice, Choice.id == Answer.choice_id)
        .where(
            Survey.id.in_(ids),
            (Answer.choice_id.is_not(None)) | (Answer.value.is_not(None)),
        )
        .group_by(
            Survey.id,
            Survey.title,
            Survey.process_id,
            Question.position,
            Question.text,
            Question.kind,
            Choice.position,
            Choice.text,
            Answer.value,
            Answer.rank,
        )
        .order_by(Survey.id, Question.position, Choice.position, Answer.value, Answer.rank)
    )
    for row in db.session.execute(query):
        values = list(row)
        values[3] = values[3] + 1  # questions are numbered from 1 for readers
        yield values


def csv_file(dataset: str) -> bytes:
    return csv_bytes(HEADERS[dataset], rows(dataset))


def json_file(dataset: str) -> bytes:
    header = HEADERS[dataset]
    document = {
        "dataset": dataset,
        "licence": LICENCE,
        "items": [dict(zip(header, row, strict=True)) for row in rows(dataset)],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def dataset_counts() -> dict[str, int]:
    """How many records each dataset has (one query)."""
    themes = select(func.count()).select_from(Theme).scalar_subquery()
    processes = (
        select(func.count())
        .select_from(Process)
        .where(Process.status != ProcessStatus.DRAFT.value)
        .scalar_subquery()
    )
    ideas = (
        select(func.count()).select_from(Idea).where(Idea.id.in_(_public_ideas())).scalar_subquery()
    )
    comments = (
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.idea_id.in_(_public_ideas()),
            Comment.deleted_dt.is_(None),
            Comment.hidden_dt.is_(None),
        )
        .scalar_subquery()
    )
    row = db.session.execute(select(themes, processes, ideas, comments)).one()
    return dict(
        zip(("themes", "processes", "ideas", "comments"), (int(v) for v in row), strict=True)
    )
