"""Forms of moderation: actions (POST, CSRF) and the filters of the queue and the log (GET)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from engage.core.forms import BaseForm
from engage.moderation.operations import ANSWER_MAX, ANSWER_STATUSES, REASON_MAX
from engage.processes.forms import options

_REASON_REQUIRED = _l("Please give a reason: the author is told why.")


class ActionForm(BaseForm):
    """An action without input (approve): only the CSRF token."""


class HideForm(BaseForm):
    """Hide an item, or uphold its reports: the reason is required and shown to its author."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_REASON_REQUIRED), Length(max=REASON_MAX)],
    )


class NoteForm(BaseForm):
    """Restore an item or dismiss its reports, with an optional note for the log."""

    reason = TextAreaField(_l("Note"), validators=[Optional(), Length(max=REASON_MAX)])


class AnswerForm(BaseForm):
    """An official answer, optionally with a new status."""

    status = SelectField(_l("New status"), validators=[Optional()])
    answer = TextAreaField(
        _l("Official answer"),
        validators=[
            DataRequired(message=_l("Please write the official answer.")),
            Length(max=ANSWER_MAX),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = options(
            [("", _("Keep the current status")), *[(s.value, s.label) for s in ANSWER_STATUSES]]
        )


class AssignForm(BaseForm):
    """Route an idea to the organisation responsible for answering it."""

    organisation = SelectField(
        _l("Responsible organisation"),
        coerce=int,
        validators=[InputRequired(message=_l("Please choose an organisation."))],
    )
    due_date = DateField(
        _l("Official answer due by"),
        validators=[InputRequired(message=_l("Please give a due date."))],
    )

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = options([(o.id, o.name) for o in organisations])


class MergeForm(BaseForm):
    """Merge this idea (a duplicate) into another one."""

    target = IntegerField(
        _l("Number of the idea to merge into"),
        validators=[
            InputRequired(message=_l("Please give the number of an idea.")),
            NumberRange(min=1, max=2**31 - 1, message=_l("Please give the number of an idea.")),
        ],
    )
    # Its own id: the idea page also shows the hide (or restore) form, whose field is "reason".
    reason = TextAreaField(
        _l("Note for the history"),
        validators=[Optional(), Length(max=REASON_MAX)],
        id="merge-reason",
    )


class BulkForm(BaseForm):
    """One action on the items selected in the queue."""

    items = SelectMultipleField(_l("Selected items"), validate_choice=False)
    action = RadioField(
        _l("Action"),
        validators=[InputRequired(message=_l("Please choose an action."))],
    )
    reason = TextAreaField(
        _l("Reason (required for hiding)"), validators=[Optional(), Length(max=REASON_MAX)]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = options(
            [("hide", _("Hide the selected items")), ("approve", _("Approve the selected ideas"))]
        )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.action.data == "hide" and not (self.reason.data or "").strip():
            self.reason.errors = [
                *self.reason.errors,
                _("Please give a reason: the authors are told why."),
            ]
            ok = False
        if not self.targets():
            self.items.errors = [*self.items.errors, _("Please select at least one item.")]
            ok = False
        return ok

    def targets(self) -> list[tuple[str, int]]:
        """The selected items as (kind, id); malformed values are left out."""
        out = []
        for value in self.items.data or []:
            kind, _sep, number = str(value).partition(":")
            if kind in ("idea", "comment") and number.isdigit() and len(number) < 10:
                out.append((kind, int(number)))
        return list(dict.fromkeys(out))


class QueueFilterForm(BaseForm):
    """The process filter above the queue (GET, no CSRF)."""

    class Meta:
        csrf = False

    # Not "process": that name is a method of WTForms' Form.
    participation = SelectField(_l("Participation"), coerce=str, validators=[Optional()])

    def __init__(self, *args, processes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participation.choices = options(
            [("", _("All participations")), *[(str(p.id), p.title) for p in processes]]
        )


class LogFilterForm(BaseForm):
    """The filter above the moderation log (GET, no CSRF)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    actor = StringField(_l("Moderator (name or e-mail)"), validators=[Optional(), Length(max=254)])
    organisation = SelectField(_l("Organisation"), validators=[Optional()])
    target_type = SelectField(_l("Kind of item"), validators=[Optional()])
    target_id = IntegerField(
        _l("Item number"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until (inclusive)"), validators=[Optional()])

    def __init__(self, *args, actions=(), organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = options(
            [("", _("All actions")), *[(a, ACTION_LABELS.get(a, a)) for a in actions]]
        )
        self.organisation.choices = options(
            [("", _("All organisations")), *[(str(o.id), o.name) for o in organisations]]
        )
        self.target_type.choices = options(
            [("", _("All kinds")), ("idea", _("Idea")), ("comment", _("Comment"))]
        )


ACTION_LABELS = {
    "approve": _l("Approved"),
    "hide": _l("Hidden"),
    "restore": _l("Restored"),
    "status": _l("Status changed"),
    "answer": _l("Official answer"),
    "assign": _l("Assigned"),
    "merge": _l("Merged"),
    "dismiss_flags": _l("Reports dismissed"),
    "uphold_flags": _l("Reports upheld"),
}
