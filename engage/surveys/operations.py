"""Write-side use cases of surveys: build (survey, questions, choices), publish, answer.

Every operation validates, changes and flushes — it never commits (the view, API endpoint or
demo commits once).  Refusals raise :class:`SurveyError` with a localised message per field,
so web forms and the API show them where they belong.

Results stay comparable: once a published survey has responses it is *locked* — questions can
no longer be deleted or change their kind, choices can no longer be removed or reordered (their
wording can be corrected), ranking questions get no new choices, required-ness, minimum and
maximum stay, and new questions must be optional (they are marked ``added_after_publish``).

One response per account (or per browser, for anonymous answers) is kept by unique constraints
in the database; :func:`submit_response` turns the loser of a race into an update of the
winner's response and locks that row while it replaces the answers, so concurrent submissions
never leave two responses or a mix of answers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, exists, insert, select
from sqlalchemy.exc import IntegrityError

from engage.accounts import audit
from engage.accounts.permissions import is_signed_in
from engage.core import clock
from engage.core.text import normalize_line, normalize_text, render_markdown
from engage.extensions import db
from engage.processes.models import Process
from engage.processes.permissions import Denial
from engage.surveys import permissions
from engage.surveys.models import (
    CHOICE_TEXT_MAX,
    CHOICES_MAX,
    CHOICES_MIN,
    HELP_TEXT_MAX,
    INTRODUCTION_MAX,
    LONG_TEXT_MAX,
    OTHER_KINDS,
    OTHER_TEXT_MAX,
    QUESTION_TEXT_MAX,
    QUESTIONS_MAX,
    RANKING_CHOICES_MAX,
    SCALE_LABEL_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
    TITLE_MAX,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SurveyError(Exception):
    """A refused operation: a localised message, messages per field, the API's status.

    For the builder, ``errors`` maps form field names (``title``, ``text``, ``choices`` …) to a
    message; for answers it maps question ids (as strings) to the message at that question.
    Refusals that concern no single field (phase closed, survey locked) have only ``message``.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Mapping[str, str] | None = None,
        status: int = 422,
        code: str = "invalid_input",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})
        self.status = status
        self.code = code

    @classmethod
    def from_denial(cls, denial: Denial) -> SurveyError:
        return cls(str(denial), status=denial.status, code=denial.reason)


def _invalid(errors: dict[str, str]) -> SurveyError:
    return SurveyError(_("Please correct the marked fields."), errors=errors)


def _locked(message: str, field_name: str | None = None) -> SurveyError:
    errors = {field_name: message} if field_name else {}
    return SurveyError(message, errors=errors, status=409, code="survey_locked")


# --- the survey ---------------------------------------------------------------------------------


def has_responses(survey: Survey) -> bool:
    """Whether anyone has answered ``survey`` yet."""
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey.id))))


def is_locked(survey: Survey) -> bool:
    """Published with responses: only what keeps the results comparable may change."""
    return survey.status == SurveyStatus.PUBLISHED and has_responses(survey)


@dataclass
class SurveyInput:
    title: str
    introduction_source: str
    anonymous_allowed: bool


def validate_survey_input(title: Any, introduction: Any, anonymous_allowed: Any) -> SurveyInput:
    """Check and normalise a survey's own fields; raise :class:`SurveyError` per field."""
    errors: dict[str, str] = {}
    title = title if isinstance(title, str) else ""
    introduction = introduction if isinstance(introduction, str) else ""
    if _CONTROL.search(title):
        errors["title"] = _("The title contains characters that are not allowed.")
    if _CONTROL.search(introduction.replace("\r", "").replace("\t", " ")):
        errors["introduction"] = _("The introduction contains characters that are not allowed.")
    clean_title = normalize_line(title)
    clean_intro = normalize_text(introduction).strip()
    if "title" not in errors:
        if not clean_title:
            errors["title"] = _("Please give the survey a title.")
        elif len(clean_title) > TITLE_MAX:
            errors["title"] = _("The title can have at most %(max)d characters.", max=TITLE_MAX)
    if "introduction" not in errors and len(clean_intro) > INTRODUCTION_MAX:
        errors["introduction"] = _(
            "The introduction can have at most %(max)d characters; it has %(count)d.",
            max=INTRODUCTION_MAX,
            count=len(clean_intro),
        )
    if errors:
        raise _invalid(errors)
    return SurveyInput(clean_title, clean_intro, bool(anonymous_allowed))


def _apply_survey_input(survey: Survey, data: SurveyInput) -> None:
    survey.title = data.title
    survey.introduction_source = data.introduction_source
    survey.introduction = render_markdown(data.introduction_source)
    survey.anonymous_allowed = data.anonymous_allowed


def create_survey(actor: Any, process: Process, data: SurveyInput) -> Survey:
    """A new draft survey of ``process``."""
    survey = Survey(process=process, status=SurveyStatus.DRAFT, results_public=False)
    _apply_survey_input(survey, data)
    db.session.add(survey)
    db.session.flush()
    audit.record("survey_created", actor=actor, survey=survey.id, process=process.id)
    return survey


def update_survey(actor: Any, survey: Survey, data: SurveyInput) -> None:
    """Change title, introduction and whether visitors may answer anonymously."""
    _apply_survey_input(survey, data)
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record("survey_changed", actor=actor, survey=survey.id)


def delete_survey(actor: Any, survey: Survey) -> None:
    """Delete a survey nobody has answered yet (answered surveys stay for the record)."""
    if has_responses(survey):
        raise _locked(_("This survey has answers already, so it cannot be deleted."))
    survey_id, process_id = survey.id, survey.process_id
    db.session.delete(survey)
    db.session.flush()
    audit.record("survey_deleted", actor=actor, survey=survey_id, process=process_id)


def publication_problems(survey: Survey) -> list[str]:
    """What keeps ``survey`` from being published (empty when it is ready)."""
    problems = []
    if not survey.questions:
        problems.append(_("Add at least one question."))
    for number, question in enumerate(survey.questions, start=1):
        kind = question.kind_enum
        if kind.has_choices and len(question.choices) < CHOICES_MIN:
            problems.append(_("Question %(num)d needs at least two choices.", num=number))
    return problems


def publish_survey(actor: Any, survey: Survey) -> None:
    """Make a draft public (it can be answered while a survey phase runs)."""
    if survey.status == SurveyStatus.PUBLISHED:
        return
    problems = publication_problems(survey)
    if problems:
        raise SurveyError(" ".join(problems), status=409, code="not_ready")
    survey.status = SurveyStatus.PUBLISHED
    survey.published_dt = survey.published_dt or clock.now()
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record("survey_published", actor=actor, survey=survey.id)


def set_results_public(actor: Any, survey: Survey, public: bool) -> None:
    """Publish (or withdraw) the results; the public sees them once the survey phase is over."""
    if survey.status != SurveyStatus.PUBLISHED and public:
        raise SurveyError(
            _("Publish the survey before you publish its results."), status=409, code="not_ready"
        )
    if survey.results_public == public:
        return
    survey.results_public = public
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record(
        "survey_results_published" if public else "survey_results_withdrawn",
        actor=actor,
        survey=survey.id,
    )


# --- questions ----------------------------------------------------------------------------------


@dataclass
class QuestionInput:
    kind: QuestionKind
    text: str
    help_text: str = ""
    required: bool = False
    choices: list[str] = field(default_factory=list)
    min_choices: int | None = None
    max_choices: int | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""
    allow_other: bool = False


def split_choices(raw: str | Iterable[str] | None) -> list[str]:
    """Choices from a text with one choice per line (or a list); blank lines are dropped."""
    if raw is None:
        return []
    lines = normalize_text(raw).split("\n") if isinstance(raw, str) else [str(x) for x in raw]
    return [line for line in (normalize_line(x) for x in lines) if line]


def _small_int(raw: Any) -> int | None:
    """An optional whole number from a form or JSON; ValueError for anything else."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, int):
        number = raw
    else:
        text = str(raw).strip()
        if not re.fullmatch(r"[0-9]{1,4}", text):
            raise ValueError("not a number")
        number = int(text)
    if not 0 <= number <= 9999:
        raise ValueError("out of range")
    return number


def validate_question_input(
    *,
    kind: Any,
    text: Any,
    help_text: Any = "",
    required: Any = False,
    choices: Any = None,
    min_choices: Any = None,
    max_choices: Any = None,
    scale_min_label: Any = "",
    scale_max_label: Any = "",
    allow_other: Any = False,
) -> QuestionInput:
    """Check and normalise a question; raise :class:`SurveyError` naming every bad field."""
    errors: dict[str, str] = {}
    try:
        kind_enum = QuestionKind(kind)
    except ValueError:
        raise _invalid({"kind": _("Please choose a kind of question.")}) from None

    def line(name: str, value: Any, maximum: int) -> str:
        value = value if isinstance(value, str) else ""
        if _CONTROL.search(value):
            errors[name] = {
                "text": _("The question contains characters that are not allowed."),
                "help_text": _("The explanation contains characters that are not allowed."),
            }.get(name) or _("The label contains characters that are not allowed.")
            return ""
        clean = normalize_line(value)
        if len(clean) > maximum:
            limit = format_decimal(maximum)
            errors[name] = {
                "text": _("The question can have at most %(max)s characters.", max=limit),
                "help_text": _("The explanation can have at most %(max)s characters.", max=limit),
            }.get(name) or _("The label can have at most %(max)s characters.", max=limit)
        return clean

    clean_text = line("text", text, QUESTION_TEXT_MAX)
    if "text" not in errors and not clean_text:
        errors["text"] = _("Please write the question.")
    clean_help = line("help_text", help_text, HELP_TEXT_MAX)

    data = QuestionInput(kind=kind_enum, text=clean_text, help_text=clean_help)
    data.required = bool(required)

    if kind_enum.has_choices:
        raw = choices if isinstance(choices, str | list | tuple) else ""
        if any(_CONTROL.search(str(c)) for c in ([raw] if isinstance(raw, str) else raw)):
            errors["choices"] = _("The choices contain characters that are not allowed.")
        names = split_choices(raw)
        limit = RANKING_CHOICES_MAX if kind_enum == QuestionKind.RANKING else CHOICES_MAX
        folded = [n.casefold() for n in names]
        if "choices" in errors:
            pass
        elif len(names) < CHOICES_MIN:
            errors["choices"] = _("Please give at least two choices, one per line.")
        elif len(names) > limit:
            errors["choices"] = _("Please give at most %(max)d choices.", max=limit)
        elif any(len(n) > CHOICE_TEXT_MAX for n in names):
            errors["choices"] = _(
                "Each choice can have at most %(max)d characters.", max=CHOICE_TEXT_MAX
            )
        elif len(set(folded)) != len(folded):
            errors["choices"] = _("Each choice can appear only once.")
        data.choices = names

    if kind_enum in OTHER_KINDS:
        data.allow_other = bool(allow_other)

    if kind_enum == QuestionKind.MULTIPLE:
        try:
            data.min_choices = _small_int(min_choices)
        except ValueError:
            errors["min_choices"] = _("Please give a whole number.")
        try:
            data.max_choices = _small_int(max_choices)
        except ValueError:
            errors["max_choices"] = _("Please give a whole number.")
        options = len(data.choices) + (1 if data.allow_other else 0)
        low, high = data.min_choices, data.max_choices
        bad_low = low is not None and "choices" not in errors and low > options
        if "min_choices" not in errors and bad_low:
            errors["min_choices"] = _("There are only %(num)d options to choose from.", num=options)
        if "max_choices" not in errors and high is not None:
            if high < 1:
                errors["max_choices"] = _("Please allow at least one choice.")
            elif low is not None and "min_choices" not in errors and high < low:
                errors["max_choices"] = _("The maximum cannot be smaller than the minimum.")
        if data.max_choices is not None and data.max_choices >= options and "choices" not in errors:
            data.max_choices = None  # "all of them"
        if data.min_choices is not None and data.min_choices <= 1:
            data.min_choices = None  # one is the least an answer has anyway

    if kind_enum == QuestionKind.SCALE:
        data.scale_min_label = line("scale_min_label", scale_min_label, SCALE_LABEL_MAX)
        data.scale_max_label = line("scale_max_label", scale_max_label, SCALE_LABEL_MAX)
        if "scale_min_label" not in errors and not data.scale_min_label:
            errors["scale_min_label"] = _("Please say what 1 means.")
        if "scale_max_label" not in errors and not data.scale_max_label:
            errors["scale_max_label"] = _("Please say what 5 means.")

    if errors:
        raise _invalid(errors)
    return data


def _set_choices(question: Question, names: list[str]) -> None:
    """Rename choices in place by position, add new ones at the end, drop surplus ones."""
    for position, name in enumerate(names):
        if position < len(question.choices):
            question.choices[position].text = name
            question.choices[position].position = position
        else:
            question.choices.append(Choice(text=name, position=position))
    del question.choices[len(names) :]


def _apply_question_input(question: Question, data: QuestionInput) -> None:
    question.kind = data.kind.value
    question.text = data.text
    question.help_text = data.help_text
    question.required = data.required
    question.min_choices = data.min_choices
    question.max_choices = data.max_choices
    question.scale_min_label = data.scale_min_label
    question.scale_max_label = data.scale_max_label
    question.allow_other = data.allow_other
    _set_choices(question, data.choices if data.kind.has_choices else [])


def add_question(actor: Any, survey: Survey, data: QuestionInput) -> Question:
    """Add a question at the end; once answers exist, only optional ones."""
    if len(survey.questions) >= QUESTIONS_MAX:
        raise SurveyError(
            _("A survey can have at most %(max)d questions.", max=QUESTIONS_MAX),
            status=409,
            code="too_many_questions",
        )
    locked = is_locked(survey)
    if locked and data.required:
        raise _locked(
            _(
                "People have answered this survey already, so new questions must be optional: "
                "earlier respondents could not answer them."
            ),
            "required",
        )
    question = Question(position=len(survey.questions), added_after_publish=locked)
    _apply_question_input(question, data)
    survey.questions.append(question)
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record("survey_question_added", actor=actor, survey=survey.id, question=question.id)
    return question


def _check_locked_change(question: Question, data: QuestionInput) -> None:
    """The changes a locked survey refuses, each with its reason at its field."""
    errors: dict[str, str] = {}
    if data.kind.value != question.kind:
        errors["kind"] = _(
            "People have answered this survey already, so the kind of a question cannot change."
        )
    else:
        if data.required and not question.required:
            errors["required"] = _(
                "People have answered this survey already, so an optional question cannot "
                "become required."
            )
        if data.kind.has_choices:
            if len(data.choices) < len(question.choices):
                errors["choices"] = _(
                    "People have answered this survey already, so choices cannot be removed. "
                    "You can correct their wording or add new ones at the end."
                )
            elif data.kind == QuestionKind.RANKING and len(data.choices) > len(question.choices):
                errors["choices"] = _(
                    "People have answered this survey already, so a ranking cannot get new "
                    "choices: earlier rankings would be incomplete."
                )
        if data.kind == QuestionKind.MULTIPLE:
            if data.min_choices != question.min_choices:
                errors["min_choices"] = _(
                    "People have answered this survey already, so the minimum cannot change."
                )
            if data.max_choices != question.max_choices:
                errors["max_choices"] = _(
                    "People have answered this survey already, so the maximum cannot change."
                )
        if question.offers_other and not data.allow_other:
            errors["allow_other"] = _(
                "People have answered this survey already, so the answer "
                "\u201cother\u201d cannot be removed."
            )
    if errors:
        raise SurveyError(
            _(
                "This change is not possible any more: %(reason)s",
                reason=next(iter(errors.values())),
            ),
            errors=errors,
            status=409,
            code="survey_locked",
        )


def update_question(actor: Any, question: Question, data: QuestionInput) -> None:
    """Change a question; a locked survey only takes changes that keep results comparable."""
    survey = question.survey
    if is_locked(survey):
        _check_locked_change(question, data)
    _apply_question_input(question, data)
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record("survey_question_changed", actor=actor, survey=survey.id, question=question.id)


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(survey.questions):
        question.position = position


def delete_question(actor: Any, question: Question) -> None:
    """Delete a question of a survey nobody has answered yet."""
    survey = question.survey
    if is_locked(survey):
        raise _locked(
            _(
                "People have answered this survey already, so its questions cannot be "
                "deleted. You can add optional questions."
            )
        )
    question_id = question.id
    survey.questions.remove(question)
    db.session.delete(question)
    _renumber(survey)
    survey.updated_dt = clock.now()
    db.session.flush()
    audit.record("survey_question_deleted", actor=actor, survey=survey.id, question=question_id)


def move_question(actor: Any, question: Question, direction: str) -> bool:
    """Move a question one place ``up`` or ``down``; False when it is at that end already."""
    survey = question.survey
    questions = list(survey.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= other < len(questions):
        return False
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    survey.questions.sort(key=lambda q: q.position)
    survey.updated_dt = clock.now()
    db.session.flush()
    return True


# --- answering ----------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    """One question's raw answer, from the web form or the API (validated by the operation).

    ``ranks`` are ``(choice_id, rank)`` pairs, so that a choice given twice can be refused.
    """

    choice_ids: list[Any] = field(default_factory=list)
    other: bool = False
    other_text: Any = ""
    text: Any = ""
    value: Any = None
    ranks: list[tuple[Any, Any]] = field(default_factory=list)


class _Bad(Exception):
    """One question's answer is invalid (the message is shown at the question)."""


def _as_id(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _Bad(_("This is not one of the choices of this question."))
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if not re.fullmatch(r"[0-9]{1,10}", text):
        raise _Bad(_("This is not one of the choices of this question."))
    return int(text)


def _choice_ids(question: Question, raw: list[Any]) -> list[int]:
    ids = [_as_id(x) for x in raw]
    valid = {c.id for c in question.choices}
    if any(i not in valid for i in ids):
        raise _Bad(_("This is not one of the choices of this question."))
    if len(set(ids)) != len(ids):
        raise _Bad(_("Each choice can be chosen only once."))
    return ids


def _clean_text(raw: Any, *, multiline: bool, maximum: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise _Bad(_("Please answer with a text."))
    if _CONTROL.search(raw):
        raise _Bad(_("Your answer contains characters that are not allowed."))
    clean = normalize_text(raw).strip() if multiline else normalize_line(raw)
    if len(clean) > maximum:
        raise _Bad(
            _(
                "Your answer can have at most %(max)d characters; it has %(count)d.",
                max=maximum,
                count=len(clean),
            )
        )
    return clean


def _other_rows(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    if not answer.other:
        return []
    if not question.offers_other:
        raise _Bad(_("This question has no answer \u201cother\u201d."))
    text = _clean_text(answer.other_text, multiline=False, maximum=OTHER_TEXT_MAX)
    if not text:
        raise _Bad(_("Please say what you mean by \u201cother\u201d."))
    return [{"choice_id": None, "text": text, "value": None, "rank": None}]


def _choice_rows(ids: list[int]) -> list[dict[str, Any]]:
    return [{"choice_id": i, "text": None, "value": None, "rank": None} for i in ids]


def _single(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    ids = _choice_ids(question, answer.choice_ids)
    if len(ids) + (1 if answer.other else 0) > 1:
        raise _Bad(_("Please choose only one answer."))
    rows = _choice_rows(ids) + _other_rows(question, answer)
    if not rows and question.required:
        raise _Bad(_("Please choose an answer."))
    return rows


def _multiple(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    ids = _choice_ids(question, answer.choice_ids)
    rows = _choice_rows(ids) + _other_rows(question, answer)
    count = len(rows)
    fewest, most = question.fewest, question.most
    if count == 0 and not question.required:
        return rows
    if count < fewest:
        raise _Bad(
            ngettext(
                "Please choose at least %(num)d answer.",
                "Please choose at least %(num)d answers.",
                fewest,
            )
        )
    if count > most:
        raise _Bad(
            ngettext(
                "Please choose at most %(num)d answer.",
                "Please choose at most %(num)d answers.",
                most,
            )
        )
    return rows


def _text(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    long = question.kind_enum == QuestionKind.LONG_TEXT
    text = _clean_text(
        answer.text, multiline=long, maximum=LONG_TEXT_MAX if long else SHORT_TEXT_MAX
    )
    if not text:
        if question.required:
            raise _Bad(_("Please answer this question."))
        return []
    return [{"choice_id": None, "text": text, "value": None, "rank": None}]


def _scale(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    raw = answer.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if question.required:
            raise _Bad(
                _("Please choose a value from %(low)d to %(high)d.", low=SCALE_MIN, high=SCALE_MAX)
            )
        return []
    value = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", raw):
        value = int(raw)
    if value is None or not SCALE_MIN <= value <= SCALE_MAX:
        raise _Bad(
            _("Please choose a value from %(low)d to %(high)d.", low=SCALE_MIN, high=SCALE_MAX)
        )
    return [{"choice_id": None, "text": None, "value": value, "rank": None}]


def _ranking(question: Question, answer: AnswerInput) -> list[dict[str, Any]]:
    pairs = [
        (cid, rank)
        for cid, rank in answer.ranks
        if not (rank is None or (isinstance(rank, str) and not rank.strip()))
    ]
    n = len(question.choices)
    if not pairs:
        if question.required:
            raise _Bad(_("Please put all the options in order."))
        return []
    ids = _choice_ids(question, [cid for cid, _rank in pairs])
    ranks = []
    for _cid, raw in pairs:
        if isinstance(raw, int) and not isinstance(raw, bool):
            ranks.append(raw)
        elif isinstance(raw, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", raw):
            ranks.append(int(raw))
        else:
            raise _Bad(_("Please use the positions 1 to %(num)d.", num=n))
    if any(not 1 <= r <= n for r in ranks):
        raise _Bad(_("Please use the positions 1 to %(num)d.", num=n))
    if len(set(ranks)) != len(ranks):
        raise _Bad(_("Each position can be used only once."))
    if len(ids) != n:
        raise _Bad(_("Please give every option a position."))
    return [
        {"choice_id": cid, "text": None, "value": None, "rank": rank}
        for cid, rank in zip(ids, ranks, strict=True)
    ]


_VALIDATORS = {
    QuestionKind.SINGLE: _single,
    QuestionKind.MULTIPLE: _multiple,
    QuestionKind.SHORT_TEXT: _text,
    QuestionKind.LONG_TEXT: _text,
    QuestionKind.SCALE: _scale,
    QuestionKind.RANKING: _ranking,
}


def validate_answers(
    survey: Survey, answers: Mapping[int, AnswerInput]
) -> dict[int, list[dict[str, Any]]]:
    """The answer rows per question id; :class:`SurveyError` with a message per question.

    Questions not in ``answers`` count as unanswered (an error where they are required);
    answers to questions of another survey are refused.
    """
    errors: dict[str, str] = {}
    questions = {q.id: q for q in survey.questions}
    for question_id in answers:
        if question_id not in questions:
            errors[str(question_id)] = _("This survey has no such question.")
    rows: dict[int, list[dict[str, Any]]] = {}
    for question in survey.questions:
        answer = answers.get(question.id) or AnswerInput()
        try:
            rows[question.id] = _VALIDATORS[question.kind_enum](question, answer)
        except _Bad as bad:
            errors[str(question.id)] = str(bad)
    if errors:
        raise SurveyError(_("Please correct the marked answers."), errors=errors)
    return rows


def anonymous_key(survey_id: int, browser_id: str) -> str:
    """The stored key of a browser's anonymous response: not linkable across surveys."""
    return hashlib.sha256(f"engage-survey:{survey_id}:{browser_id}".encode()).hexdigest()


def _find_response(
    survey: Survey, user_id: int | None, key: str | None, *, lock: bool = False
) -> Response | None:
    stmt = select(Response).where(Response.survey_id == survey.id)
    stmt = (
        stmt.where(Response.user_id == user_id)
        if user_id
        else stmt.where(Response.anonymous_key == key)
    )
    if lock:
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt.execution_options(populate_existing=True))


def submit_response(
    survey: Survey,
    user: Any,
    answers: Mapping[int, AnswerInput],
    *,
    browser_id: str | None = None,
) -> tuple[Response, bool]:
    """Answer ``survey`` (or change the answers given before); returns (response, created).

    ``user`` is a signed-in account or ``None`` for a visitor, who needs ``browser_id`` (the
    random id kept in their session) and a survey that allows anonymous answers.
    """
    account = user if is_signed_in(user) else None
    denial = permissions.answer_denial(account, survey)
    if denial is not None:
        raise SurveyError.from_denial(denial)
    if account is None and not browser_id:
        raise SurveyError(_("Please sign in to take part."), status=401, code="sign_in")
    rows = validate_answers(survey, answers)

    user_id = account.id if account is not None else None
    key = None if account is not None else anonymous_key(survey.id, browser_id or "")
    now = clock.now()
    response = _find_response(survey, user_id, key, lock=True)
    created = False
    if response is None:
        candidate = Response(
            survey_id=survey.id, user_id=user_id, anonymous_key=key, created_dt=now, updated_dt=now
        )
        try:
            with db.session.begin_nested():
                db.session.add(candidate)
                db.session.flush()
        except IntegrityError:
            # Another request of the same person won the race: change its response instead.
            response = _find_response(survey, user_id, key, lock=True)
            if response is None:  # pragma: no cover - the constraint guarantees a row
                raise
        else:
            response, created = candidate, True
    if not created:
        db.session.execute(delete(Answer).where(Answer.response_id == response.id))
        response.updated_dt = now
    values = [
        {"response_id": response.id, "question_id": question_id, **row}
        for question_id, question_rows in rows.items()
        for row in question_rows
    ]
    if values:
        db.session.execute(insert(Answer), values)
    db.session.flush()
    return response, created
