"""Forms of the ideas area. The rules themselves live in the operations (one place for the web,
the API and the import); the forms carry the input, mark required fields and show the
operations' errors at their fields (:func:`apply_errors`).

Text fields keep their raw input: the operations normalise it and refuse control characters
such as NUL at the field, instead of silently dropping them. (``keep_whitespace=True`` of the
base form would say the same, but it is lost after the first instance of a form — the base
form pops it from the shared unbound field — hence the ``Raw*`` fields below.)"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from engage.core.districts import district_choices
from engage.core.forms import BaseForm
from engage.core.i18n import lazy_number
from engage.ideas.models import (
    BODY_MAX,
    COMMENT_MAX,
    FLAG_TEXT_MAX,
    TAGS_MAX,
    TITLE_MAX,
    TITLE_MIN,
    FlagReason,
)


def _raw(filters) -> list:
    """The field's filters without the base form's normalising ``_strip``."""
    return [f for f in filters or () if getattr(f, "__module__", "") != "engage.core.forms"]


class RawStringField(StringField):
    def __init__(self, *args, filters=(), **kwargs) -> None:
        super().__init__(*args, filters=_raw(filters), **kwargs)


class RawTextAreaField(TextAreaField):
    def __init__(self, *args, filters=(), **kwargs) -> None:
        super().__init__(*args, filters=_raw(filters), **kwargs)


class MarkRequired:
    """Marks a field as required (label, ``required`` attribute); the operation checks it."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class IdeaForm(BaseForm):
    title = RawStringField(
        _l("Title"),
        validators=[MarkRequired()],
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"},
    )
    body = RawTextAreaField(
        _l("Description"),
        validators=[MarkRequired()],
        render_kw={"rows": 10, "maxlength": BODY_MAX},
    )
    district = SelectField(_l("District"), validate_choice=False)
    tags = RawStringField(_l("Keywords"), render_kw={"autocomplete": "off"})
    lat = RawStringField(
        _l("Latitude"),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    lon = RawStringField(
        _l("Longitude"),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )

    HINTS = {
        "title": _l(
            "Say in a few words what you propose (%(min)s to %(max)s characters).",
            min=lazy_number(TITLE_MIN),
            max=lazy_number(TITLE_MAX),
        ),
        "body": _l(
            "Describe your idea: what should change, where and why. You can use **bold**, "
            "*italic*, lists and links. At most %(max)s characters.",
            max=lazy_number(BODY_MAX),
        ),
        "district": _l("Where in Bochum does your idea apply?"),
        "tags": _l("Up to %(num)d keywords, separated by commas.", num=TAGS_MAX),
        "lat": _l("Decimal degrees, for example 51.4818."),
        "lon": _l("Decimal degrees, for example 7.2162."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.district.choices = district_choices(empty_label=_l("No particular district"))

    def values(self) -> dict:
        """The fields as the operations take them."""
        return {
            "title": self.title.data or "",
            "body": self.body.data or "",
            "district": self.district.data or None,
            "tags": self.tags.data or "",
            "lat": self.lat.data or None,
            "lon": self.lon.data or None,
        }


class CommentForm(BaseForm):
    body = RawTextAreaField(
        _l("Your comment"),
        validators=[MarkRequired()],
        render_kw={"rows": 4, "maxlength": COMMENT_MAX},
    )
    parent_id = HiddenField()


class ReplyForm(CommentForm):
    body = RawTextAreaField(
        _l("Your reply"),
        validators=[MarkRequired()],
        render_kw={"rows": 3, "maxlength": COMMENT_MAX},
    )


class EditCommentForm(BaseForm):
    body = RawTextAreaField(
        _l("Change your comment"),
        validators=[MarkRequired()],
        render_kw={"rows": 4, "maxlength": COMMENT_MAX},
    )


class FlagForm(BaseForm):
    reason = RadioField(
        _l("What is wrong with it?"),
        choices=[],
        validators=[MarkRequired()],
        validate_choice=False,
    )
    text = RawTextAreaField(
        _l("Explanation"),
        render_kw={"rows": 3, "maxlength": FLAG_TEXT_MAX},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = [(r.value, r.label) for r in FlagReason]


def apply_errors(form: BaseForm, errors: dict[str, str]) -> list[str]:
    """Put an operation's field errors on the form; returns the messages without a field."""
    rest = []
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors") and name != "parent_id":
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            rest.append(message)
    return rest
