"""Forms of the administration: users, organisations, themes, legal pages, filters."""

from __future__ import annotations

import re

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError
from wtforms.widgets import CheckboxInput, ListWidget

from engage.accounts.models import ROLE_LABELS, Role
from engage.core.forms import BaseForm
from engage.processes.forms import options

COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
DESCRIPTION_MAX = 5_000
PAGE_SOURCE_MAX = 100_000


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the forms macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# --- colours ---------------------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable_colour(form, field) -> None:
    """A ``#rrggbb`` colour with at least 4.5:1 contrast against white."""
    value = (field.data or "").strip()
    if not COLOUR_PATTERN.match(value):
        raise FieldError(_("Please enter a colour as # followed by six hexadecimal digits."))
    ratio = contrast_ratio(value)
    if ratio < MIN_CONTRAST:
        raise FieldError(
            _(
                "This colour has a contrast of only %(ratio)s:1 against white. "
                "Text and lines in it need at least 4.5:1 to stay readable; "
                "please choose a darker colour.",
                ratio=format_decimal(ratio, "0.##"),
            )
        )
    field.data = value.lower()


def slug_format(form, field) -> None:
    if field.data and not SLUG_PATTERN.match(field.data):
        raise FieldError(
            _("Please use only lower-case letters, digits and single hyphens between them.")
        )


# --- users -----------------------------------------------------------------------------------


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(ROLE_LABELS[role])) for role in Role]


class UserFilterForm(BaseForm):
    """The search above the user list (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("E-mail or name"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = options([("", _("All roles")), *role_choices()])


class UserForm(BaseForm):
    role = RadioField(_l("Role"), validators=[InputRequired(_l("Please choose a role."))])
    all_organisations = BooleanField(_l("Moderator of all organisations"))
    organisations = MultiCheckboxField(_l("Organisations"), coerce=int)

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = options(role_choices())
        self.organisations.choices = options((o.id, o.name) for o in organisations)


# --- organisations, themes, pages ------------------------------------------------------------


class OrganisationForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=120)]
    )
    slug = StringField(
        _l("Short name in addresses"),
        validators=[
            DataRequired(_l("Please enter a short name.")),
            Length(min=2, max=60),
            slug_format,
        ],
    )
    description_de = TextAreaField(
        _l("Description (German)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    website = StringField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=200),
            URL(message=_l("Please enter a full web address starting with https://.")),
        ],
    )
    position = IntegerField(
        _l("Position in lists"),
        default=0,
        validators=[InputRequired(_l("Please enter a number.")), NumberRange(min=0, max=1000)],
    )

    def validate_website(self, field) -> None:
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise FieldError(_("Please enter a full web address starting with https://."))


class ThemeForm(BaseForm):
    name_de = StringField(
        _l("Name (German)"), validators=[DataRequired(_l("Please enter a name.")), Length(max=120)]
    )
    name_en = StringField(
        _l("Name (English)"),
        validators=[DataRequired(_l("Please enter a name.")), Length(max=120)],
    )
    description_de = TextAreaField(
        _l("Description (German)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    color = StringField(
        _l("Colour"),
        validators=[DataRequired(_l("Please enter a colour.")), Length(max=7), readable_colour],
    )
    position = IntegerField(
        _l("Position"),
        validators=[InputRequired(_l("Please enter a number.")), NumberRange(min=1, max=100)],
    )


class SitePageForm(BaseForm):
    title_de = StringField(
        _l("Title (German)"),
        validators=[DataRequired(_l("Please enter a title.")), Length(max=160)],
    )
    title_en = StringField(
        _l("Title (English)"),
        validators=[DataRequired(_l("Please enter a title.")), Length(max=160)],
    )
    source_de = TextAreaField(
        _l("Text (German)"),
        validators=[DataRequired(_l("Please enter the text.")), Length(max=PAGE_SOURCE_MAX)],
    )
    source_en = TextAreaField(
        _l("Text (English)"), validators=[Optional(), Length(max=PAGE_SOURCE_MAX)]
    )


# --- audit log -------------------------------------------------------------------------------


class AuditFilterForm(BaseForm):
    """The filter above the audit log (GET, no CSRF)."""

    class Meta:
        csrf = False

    event = SelectField(_l("Event"), validators=[Optional()])
    user = StringField(_l("Person (e-mail or number)"), validators=[Optional(), Length(max=254)])

    def __init__(self, *args, events=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event.choices = options([("", _("All events")), *[(e, e) for e in events]])
