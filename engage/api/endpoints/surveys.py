"""``GET /surveys/{id}``, ``POST /surveys/{id}/responses``, ``GET /surveys/{id}/results`` and the
``surveys`` ids of a process.

Answering through the API needs a bearer token (one response per account; answering again
changes it).  Anonymous answers, where a survey allows them, are given on the web site: they
are tied to a browser, which an API client is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import jsonify, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate

from engage.api.auth import api_user, require_api_user
from engage.api.endpoints.processes import process_extra
from engage.api.errors import APIError, forbidden, invalid, not_found
from engage.api.schemas import MAX_ID, InputSchema, OutputSchema
from engage.api.spec import ERROR_RESPONSES, endpoint, tag
from engage.extensions import db
from engage.surveys import operations as ops
from engage.surveys import permissions as perms
from engage.surveys import queries, results
from engage.surveys.models import (
    LONG_TEXT_MAX,
    QUESTIONS_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
    Question,
    QuestionKind,
    Survey,
    SurveyStatus,
)

tag("surveys", "Surveys of the processes: questions, answering, aggregated results.")

KINDS = [k.value for k in QuestionKind]


@process_extra("surveys")
def survey_ids(process_ids: Sequence[int]) -> dict[int, list[int]]:
    """The published surveys of each process (one query for the whole page)."""
    return queries.published_ids_by_process(process_ids)


# --- shapes ------------------------------------------------------------------------------------


class ChoiceSchema(OutputSchema):
    id = fields.Integer()
    text = fields.String()


class QuestionSchema(OutputSchema):
    """A question; what an answer to it looks like follows from ``kind``."""

    id = fields.Integer()
    kind = fields.String(
        validate=validate.OneOf(KINDS),
        metadata={
            "description": "single (answer with `choice_ids`: one id, or `text` for "
            "\u201cother\u201d), multiple (`choice_ids`, plus `text` for \u201cother\u201d), "
            "short_text and long_text (`text`), scale (`value`), ranking (`ranking`: every "
            "choice id once, first place first)."
        },
    )
    text = fields.String()
    help_text = fields.String(metadata={"description": "An explanation, or an empty string."})
    required = fields.Boolean()
    choices = fields.List(fields.Nested(ChoiceSchema), metadata={"description": "In order."})
    min = fields.Integer(
        allow_none=True,
        metadata={
            "description": "single and multiple: the fewest choices of an answer "
            "(\u201cother\u201d counts as one); ranking: the number of choices (all are "
            "ranked); scale: the lowest value; text: null."
        },
    )
    max = fields.Integer(
        allow_none=True,
        metadata={
            "description": "single and multiple: the most choices of an answer; ranking: the "
            "number of choices; scale: the highest value; text: the most characters."
        },
    )
    allow_other = fields.Boolean(
        metadata={"description": "single and multiple: an answer \u201cother\u201d with a text."}
    )
    scale_min_label = fields.String(
        allow_none=True, metadata={"description": "scale: what the lowest value means."}
    )
    scale_max_label = fields.String(
        allow_none=True, metadata={"description": "scale: what the highest value means."}
    )


class SurveySchema(OutputSchema):
    """A survey with its questions."""

    id = fields.Integer()
    process_id = fields.Integer()
    title = fields.String()
    introduction = fields.String(metadata={"description": "Sanitised HTML."})
    anonymous_allowed = fields.Boolean(
        metadata={"description": "Visitors may answer on the web site without an account."}
    )
    status = fields.String(validate=validate.OneOf([s.value for s in SurveyStatus]))
    open = fields.Boolean(
        metadata={"description": "Whether the caller may answer now (a survey phase runs)."}
    )
    answers_until = fields.DateTime(
        allow_none=True,
        metadata={"description": "The end of the running survey phase, or null."},
    )
    answered = fields.Boolean(metadata={"description": "Whether the caller has answered."})
    results_public = fields.Boolean()
    results_available = fields.Boolean(
        metadata={"description": "Whether the caller may read `/surveys/{id}/results` now."}
    )
    questions = fields.List(fields.Nested(QuestionSchema))
    url = fields.String(metadata={"format": "uri", "description": "The survey's web page."})


class AnswerInSchema(InputSchema):
    """One question's answer; give the fields its kind takes (see Question.kind)."""

    question_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    choice_ids = fields.List(
        fields.Integer(strict=True), validate=validate.Length(max=100), load_default=list
    )
    text = fields.String(allow_none=True, load_default=None)
    value = fields.Integer(strict=True, allow_none=True, load_default=None)
    ranking = fields.List(
        fields.Integer(strict=True),
        validate=validate.Length(max=100),
        load_default=list,
        metadata={"description": "Choice ids, first place first."},
    )


class ResponseInSchema(InputSchema):
    """The caller's answers; questions left out count as unanswered."""

    answers = fields.List(
        fields.Nested(AnswerInSchema),
        required=True,
        validate=validate.Length(max=QUESTIONS_MAX),
    )


class SubmittedResponseSchema(OutputSchema):
    id = fields.Integer()
    survey_id = fields.Integer()
    created = fields.Boolean(metadata={"description": "A new response (201) or a changed one."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    answers_until = fields.DateTime(
        allow_none=True, metadata={"description": "Until when the answers can be changed."}
    )


class ChoiceResultSchema(OutputSchema):
    id = fields.Integer()
    text = fields.String()
    count = fields.Integer()
    share = fields.Float(metadata={"description": "Of the respondents to the question, 0 to 1."})


class OtherResultSchema(OutputSchema):
    count = fields.Integer()
    share = fields.Float()


class ScaleValueSchema(OutputSchema):
    value = fields.Integer()
    count = fields.Integer()
    share = fields.Float()


class RankResultSchema(OutputSchema):
    id = fields.Integer()
    text = fields.String()
    points = fields.Integer(
        metadata={
            "description": "Borda points: with n choices a first place earns n−1 points, "
            "the last none; summed over all rankings."
        }
    )
    mean_rank = fields.Float(allow_none=True)
    first = fields.Integer(metadata={"description": "How often it was ranked first."})


class QuestionResultSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(KINDS))
    text = fields.String()
    respondents = fields.Integer(metadata={"description": "Responses that answered it."})
    choices = fields.List(
        fields.Nested(ChoiceResultSchema), metadata={"description": "single and multiple."}
    )
    other = fields.Nested(
        OtherResultSchema,
        allow_none=True,
        metadata={"description": "The answer \u201cother\u201d, where offered."},
    )
    scale = fields.List(fields.Nested(ScaleValueSchema), metadata={"description": "scale."})
    mean = fields.Float(allow_none=True, metadata={"description": "scale: the mean value."})
    ranking = fields.List(
        fields.Nested(RankResultSchema), metadata={"description": "ranking, most points first."}
    )
    max_points = fields.Integer(metadata={"description": "ranking: the most points possible."})
    text_answers = fields.Integer(
        metadata={"description": "Free texts (text questions, or the texts of \u201cother\u201d)."}
    )


class SurveyResultsSchema(OutputSchema):
    survey_id = fields.Integer()
    title = fields.String()
    responses = fields.Integer()
    results_public = fields.Boolean()
    questions = fields.List(fields.Nested(QuestionResultSchema))


# --- helpers -----------------------------------------------------------------------------------


def _visible_survey(survey_id: int) -> Survey:
    survey = queries.survey_for_page(survey_id)
    if survey is None or not perms.can_view_survey(api_user(), survey):
        not_found()
    return survey


def _bounds(question: Question) -> tuple[int | None, int | None]:
    kind = question.kind_enum
    if kind == QuestionKind.SINGLE:
        return 1, 1
    if kind == QuestionKind.MULTIPLE:
        return question.fewest, question.most
    if kind == QuestionKind.RANKING:
        return len(question.choices), len(question.choices)
    if kind == QuestionKind.SCALE:
        return SCALE_MIN, SCALE_MAX
    return None, LONG_TEXT_MAX if kind == QuestionKind.LONG_TEXT else SHORT_TEXT_MAX


def _question(question: Question) -> dict[str, Any]:
    low, high = _bounds(question)
    scale = question.kind_enum == QuestionKind.SCALE
    return {
        "id": question.id,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text or "",
        "required": question.required,
        "choices": [{"id": c.id, "text": c.text} for c in question.choices],
        "min": low,
        "max": high,
        "allow_other": question.offers_other,
        "scale_min_label": question.scale_min_label if scale else None,
        "scale_max_label": question.scale_max_label if scale else None,
    }


# Which fields of an answer each kind takes.
_TAKES = {
    QuestionKind.SINGLE: {"choice_ids", "text"},
    QuestionKind.MULTIPLE: {"choice_ids", "text"},
    QuestionKind.SHORT_TEXT: {"text"},
    QuestionKind.LONG_TEXT: {"text"},
    QuestionKind.SCALE: {"value"},
    QuestionKind.RANKING: {"ranking"},
}


def _given(value: Any) -> bool:
    return value not in (None, "", [])


def _answers_from_body(survey: Survey, body: dict[str, Any]) -> dict[int, ops.AnswerInput]:
    """The body's answers per question; 422 for unknown, repeated or ill-fitting answers."""
    questions = {q.id: q for q in survey.questions}
    errors: dict[str, list[str]] = {}
    answers: dict[int, ops.AnswerInput] = {}
    for item in body["answers"]:
        qid = item["question_id"]
        key = f"answers.{qid}"
        question = questions.get(qid)
        if question is None:
            errors[key] = [_("This survey has no such question.")]
            continue
        if qid in answers:
            errors[key] = [_("This question is answered more than once.")]
            continue
        kind = question.kind_enum
        extra = [
            name
            for name in ("choice_ids", "text", "value", "ranking")
            if name not in _TAKES[kind] and _given(item.get(name))
        ]
        if extra:
            errors[key] = [
                _(
                    "This kind of question takes only: %(fields)s.",
                    fields=", ".join(sorted(_TAKES[kind])),
                )
            ]
            continue
        answer = ops.AnswerInput()
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            answer.choice_ids = list(item.get("choice_ids") or [])
            answer.other = _given(item.get("text"))
            answer.other_text = item.get("text") or ""
        elif kind.is_text:
            answer.text = item.get("text") or ""
        elif kind == QuestionKind.SCALE:
            answer.value = item.get("value")
        else:
            answer.ranks = [
                (cid, position) for position, cid in enumerate(item.get("ranking") or [], start=1)
            ]
        answers[qid] = answer
    if errors:
        invalid(errors)
    return answers


def _share(value: float) -> float:
    return round(value, 4)


# --- endpoints ---------------------------------------------------------------------------------


@endpoint(
    "GET",
    "/surveys/<int:survey_id>",
    summary="One survey",
    description="A published survey of a visible process with its questions and choices "
    "(drafts only for those who manage them; 404 for everybody else).",
    tags=("surveys",),
    response=SurveySchema,
)
def get_survey(survey_id: int) -> dict[str, Any]:
    survey = _visible_survey(survey_id)
    user = api_user()
    answered = user is not None and queries.find_response(survey, user, None) is not None
    return {
        "id": survey.id,
        "process_id": survey.process_id,
        "title": survey.title,
        "introduction": survey.introduction or "",
        "anonymous_allowed": survey.anonymous_allowed,
        "status": survey.status,
        "open": perms.can_answer(user, survey) if user is not None else False,
        "answers_until": perms.answering_ends(survey.process),
        "answered": answered,
        "results_public": survey.results_public,
        "results_available": perms.can_see_results(user, survey),
        "questions": [_question(q) for q in survey.questions],
        "url": url_for("surveys.detail", survey_id=survey.id, _external=True),
    }


def _responses_doc() -> dict[str, Any]:
    """201 for a new response, 200 for changed answers (the decorator documents one status)."""
    doc: dict[str, Any] = {
        "201": {
            "description": "The answers were saved as a new response.",
            "content": {"application/json": {"schema": SubmittedResponseSchema}},
        },
        "200": {
            "description": "The caller had answered before: the answers were changed.",
            "content": {"application/json": {"schema": SubmittedResponseSchema}},
        },
    }
    for code in (400, 401, 403, 404, 409, 413, 415, 422, 429):
        doc[str(code)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"}
    return doc


@endpoint(
    "POST",
    "/surveys/<int:survey_id>/responses",
    summary="Answer a survey",
    description="Saves the caller's answers while a survey phase runs (409 before and after "
    "it). One response per account: answering again replaces the earlier answers (200). "
    "Invalid answers are refused with 422 and `fields` named `answers.<question_id>`.",
    tags=("surveys",),
    auth="required",
    body=ResponseInSchema,
    response=SubmittedResponseSchema,
    status=201,
    errors=(403, 409),
    responses=_responses_doc(),
)
def answer_survey(survey_id: int, body: dict[str, Any]):
    user = require_api_user()
    survey = _visible_survey(survey_id)
    denial = perms.answer_denial(user, survey)
    if denial is not None:
        raise APIError(denial.status, str(denial), code=denial.reason)
    answers = _answers_from_body(survey, body)
    try:
        response, created = ops.submit_response(survey, user, answers)
    except ops.SurveyError as err:
        if err.errors:
            invalid({f"answers.{key}": [message] for key, message in err.errors.items()})
        raise APIError(err.status, err.message, code=err.code) from None
    db.session.commit()
    payload = SubmittedResponseSchema().dump(
        {
            "id": response.id,
            "survey_id": survey.id,
            "created": created,
            "created_at": response.created_dt,
            "updated_at": response.updated_dt,
            "answers_until": perms.answering_ends(survey.process),
        }
    )
    return jsonify(payload), 201 if created else 200


@endpoint(
    "GET",
    "/surveys/<int:survey_id>/results",
    summary="Aggregated results of a survey",
    description="Counts and shares per choice, scale distributions and means, ranking points "
    "(Borda count). For the survey's moderators, the Innovation Unit and admins at any time; "
    "for everybody once the results are published and the survey phase has ended (403 before).",
    tags=("surveys",),
    response=SurveyResultsSchema,
    errors=(403,),
)
def survey_results(survey_id: int) -> dict[str, Any]:
    survey = _visible_survey(survey_id)
    if not perms.can_see_results(api_user(), survey):
        forbidden(_("The results of this survey have not been published yet."))
    figures = results.survey_results(survey)
    questions = []
    for r in figures.questions:
        questions.append(
            {
                "id": r.question.id,
                "kind": r.question.kind,
                "text": r.question.text,
                "respondents": r.respondents,
                "choices": [
                    {"id": f.id, "text": f.text, "count": f.count, "share": _share(f.share)}
                    for f in r.choices
                ],
                "other": (
                    {"count": r.other.count, "share": _share(r.other.share)} if r.other else None
                ),
                "scale": [
                    {"value": f.value, "count": f.count, "share": _share(f.share)} for f in r.scale
                ],
                "mean": round(r.mean, 4) if r.mean is not None else None,
                "ranking": [
                    {
                        "id": f.id,
                        "text": f.text,
                        "points": f.points,
                        "mean_rank": round(f.mean_rank, 4) if f.mean_rank is not None else None,
                        "first": f.first,
                    }
                    for f in r.ranking
                ],
                "max_points": r.max_points,
                "text_answers": r.text_count,
            }
        )
    return {
        "survey_id": survey.id,
        "title": survey.title,
        "responses": figures.responses,
        "results_public": survey.results_public,
        "questions": questions,
    }
