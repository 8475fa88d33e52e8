"""Forms of the survey builder. The rules live in the operations (one place for the web and the
API); the forms carry the input, mark required fields and show the operations' errors.

The answer form is not a WTForms class: its fields follow the survey's questions, so the view
reads them from the request (:func:`answers_from_form`) and the template renders them; CSRF is
checked by Flask-WTF's CSRFProtect for every POST."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from engage.core.forms import BaseForm
from engage.surveys.models import (
    CHOICE_TEXT_MAX,
    HELP_TEXT_MAX,
    INTRODUCTION_MAX,
    QUESTION_TEXT_MAX,
    SCALE_LABEL_MAX,
    TITLE_MAX,
    Question,
    QuestionKind,
    Survey,
)
from engage.surveys.operations import AnswerInput


class MarkRequired:
    """Marks a field as required (label, ``required`` attribute); the operation checks it."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class SurveyForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[MarkRequired()], render_kw={"maxlength": TITLE_MAX}
    )
    introduction = TextAreaField(
        _l("Introduction"), render_kw={"rows": 8, "maxlength": INTRODUCTION_MAX}
    )
    anonymous_allowed = BooleanField(_l("Visitors may answer without an account"))

    HINTS = {
        "title": _l("Shown above the questions and on the participation's page."),
        "introduction": _l(
            "What the survey is about, how long it takes and what happens with the answers. "
            "You can use **bold**, *italic*, lists and links."
        ),
        "anonymous_allowed": _l(
            "Each browser can then answer once without signing in. Signed-in people still "
            "answer once per account."
        ),
    }


class QuestionForm(BaseForm):
    kind = SelectField(_l("Kind of question"), validate_choice=False)
    text = StringField(
        _l("Question"), validators=[MarkRequired()], render_kw={"maxlength": QUESTION_TEXT_MAX}
    )
    help_text = StringField(_l("Explanation"), render_kw={"maxlength": HELP_TEXT_MAX})
    required = BooleanField(_l("An answer is required"))
    choices = TextAreaField(
        _l("Choices"),
        validators=[MarkRequired()],
        render_kw={"rows": 6, "maxlength": CHOICE_TEXT_MAX * 30 + 30},
    )
    allow_other = BooleanField(_l("Offer \u201cother\u201d with a text field"))
    min_choices = StringField(
        _l("At least this many choices"),
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "size": 4, "autocomplete": "off"},
    )
    max_choices = StringField(
        _l("At most this many choices"),
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "size": 4, "autocomplete": "off"},
    )
    scale_min_label = StringField(
        _l("What 1 means"),
        validators=[MarkRequired()],
        render_kw={"maxlength": SCALE_LABEL_MAX},
    )
    scale_max_label = StringField(
        _l("What 5 means"),
        validators=[MarkRequired()],
        render_kw={"maxlength": SCALE_LABEL_MAX},
    )

    HINTS = {
        "kind": _l("What kind of answer you ask for."),
        "help_text": _l("An optional sentence shown under the question."),
        "choices": _l("One choice per line."),
        "min_choices": _l("Leave empty for one."),
        "max_choices": _l("Leave empty for no limit."),
        "scale_min_label": _l("For example: not important at all."),
        "scale_max_label": _l("For example: very important."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, k.label) for k in QuestionKind]

    def load(self, question: Question) -> None:
        """Fill the form from a stored question (GET of the edit page)."""
        self.kind.data = question.kind
        self.text.data = question.text
        self.help_text.data = question.help_text
        self.required.data = question.required
        self.choices.data = "\n".join(c.text for c in question.choices)
        self.allow_other.data = question.allow_other
        self.min_choices.data = str(question.min_choices) if question.min_choices else ""
        self.max_choices.data = str(question.max_choices) if question.max_choices else ""
        self.scale_min_label.data = question.scale_min_label
        self.scale_max_label.data = question.scale_max_label

    def values(self) -> dict[str, Any]:
        """The fields as :func:`engage.surveys.operations.validate_question_input` takes them."""
        return {
            "kind": self.kind.data,
            "text": self.text.data or "",
            "help_text": self.help_text.data or "",
            "required": bool(self.required.data),
            "choices": self.choices.data or "",
            "allow_other": bool(self.allow_other.data),
            "min_choices": self.min_choices.data,
            "max_choices": self.max_choices.data,
            "scale_min_label": self.scale_min_label.data or "",
            "scale_max_label": self.scale_max_label.data or "",
        }


def apply_errors(form: BaseForm, errors: dict[str, str]) -> list[str]:
    """Put an operation's field errors on the form; returns the messages without a field."""
    rest = []
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            rest.append(message)
    return rest


# --- the answer form ----------------------------------------------------------------------------

OTHER = "other"  # the value of the "other" option


def field_name(question: Question) -> str:
    return f"q{question.id}"


def answers_from_form(survey: Survey, form: MultiDict) -> dict[int, AnswerInput]:
    """The posted answer form as raw answers per question (validated by the operation).

    Field names: ``q<id>`` (radio, checkboxes, text, scale), ``q<id>-other`` (the text of
    "other"), ``q<id>-c<choice id>`` (the position of a choice in a ranking).
    """
    answers: dict[int, AnswerInput] = {}
    for question in survey.questions:
        name = field_name(question)
        kind = question.kind_enum
        answer = AnswerInput()
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            values = [v for v in form.getlist(name) if v != ""]
            answer.other = OTHER in values
            answer.choice_ids = [v for v in values if v != OTHER]
            answer.other_text = form.get(f"{name}-other", "") if answer.other else ""
        elif kind.is_text:
            answer.text = form.get(name, "")
        elif kind == QuestionKind.SCALE:
            answer.value = form.get(name) or None
        elif kind == QuestionKind.RANKING:
            answer.ranks = [
                (choice.id, form.get(f"{name}-c{choice.id}", "")) for choice in question.choices
            ]
        answers[question.id] = answer
    return answers
