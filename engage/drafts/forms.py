"""Forms of the drafts area; the rules live in the operations, the forms carry the input.

Paragraph comments reuse the ideas' comment, reply, edit and flag forms.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from engage.core.forms import BaseForm
from engage.ideas.forms import MarkRequired, RawStringField, RawTextAreaField

from .models import CHANGE_NOTE_MAX, RATIONALE_MAX, SOURCE_MAX, TITLE_MAX, Outcome


class DraftForm(BaseForm):
    title = RawStringField(
        _l("Title"), validators=[MarkRequired()], render_kw={"maxlength": TITLE_MAX}
    )
    source = RawTextAreaField(
        _l("Text of the draft"),
        validators=[MarkRequired()],
        render_kw={"rows": 20, "maxlength": SOURCE_MAX},
    )


class VersionForm(DraftForm):
    change_note = RawTextAreaField(
        _l("What has changed (shown to readers)"),
        render_kw={"rows": 3, "maxlength": CHANGE_NOTE_MAX},
    )


class ResponseForm(BaseForm):
    outcome = RadioField(
        _l("How was the comment handled?"),
        choices=[],
        validators=[MarkRequired()],
        validate_choice=False,
    )
    rationale = RawTextAreaField(
        _l("Reason"),
        validators=[MarkRequired()],
        render_kw={"rows": 4, "maxlength": RATIONALE_MAX},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, o.label) for o in Outcome]
