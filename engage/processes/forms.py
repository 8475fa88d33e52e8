"""Staff forms for processes and their phases (the public pages have their own)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from engage.core.districts import district_choices
from engage.core.forms import BaseForm
from engage.processes import operations as ops
from engage.processes.models import MODERATION_LABELS, STATUS_LABELS, Moderation, ProcessStatus
from engage.processes.phases import kind_choices

try:  # WTForms 3.3 deprecates (value, label) tuples; 3.4 drops them.
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None


def options(pairs) -> list:
    """Choices for select, radio and checkbox fields from (value, label) pairs.

    Labels may be lazy strings: they are translated when the field is rendered.
    """
    if SelectChoice is None:  # pragma: no cover
        return list(pairs)
    return [SelectChoice(value=value, label=label) for value, label in pairs]


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def local_zone() -> ZoneInfo:
    """The platform's time zone (Europe/Berlin): staff enter local times."""
    name = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else "Europe/Berlin"
    return ZoneInfo(name)


def local_to_utc(value: datetime) -> datetime:
    """A naive local wall-clock time as aware UTC."""
    return value.replace(tzinfo=local_zone()).astimezone(UTC)


def utc_to_local(value: datetime) -> datetime:
    """An aware time as naive local wall-clock time, to fill a datetime-local input."""
    return value.astimezone(local_zone()).replace(tzinfo=None)


def exists_locally(value: datetime) -> bool:
    """False for wall-clock times skipped when summer time begins (e.g. 02:30 in late March)."""
    return utc_to_local(local_to_utc(value)) == value


class ProcessForm(BaseForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Please enter a title.")), Length(max=ops.TITLE_MAX)],
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(_l("Please enter a summary.")), Length(max=ops.SUMMARY_MAX)],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=ops.DESCRIPTION_MAX)]
    )
    theme = SelectField(_l("Theme"), coerce=int, validators=[InputRequired()])
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    district = SelectField(_l("District"), validators=[Optional()])
    moderation = RadioField(
        _l("Moderation"),
        choices=options((m.value, MODERATION_LABELS[m]) for m in Moderation),
        default=Moderation.POST.value,
        validators=[InputRequired(_l("Please choose how contributions are moderated."))],
    )
    support_limit = IntegerField(
        _l("Supports per citizen"),
        validators=[Optional(), NumberRange(min=1, max=ops.SUPPORT_LIMIT_MAX)],
    )
    status = RadioField(
        _l("Status"),
        choices=options((s.value, STATUS_LABELS[s]) for s in ProcessStatus),
        default=ProcessStatus.DRAFT.value,
        validators=[InputRequired(_l("Please choose a status."))],
    )

    def __init__(self, *args, themes=(), organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = options((t.id, t.name) for t in themes)
        self.organisation.choices = options((o.id, o.name) for o in organisations)
        self.district.choices = options(district_choices(empty_label=_l("The whole city")))


class PhaseForm(BaseForm):
    kind = SelectField(_l("Kind of phase"), validators=[InputRequired()])
    title = StringField(_l("Own title"), validators=[Optional(), Length(max=ops.PHASE_TITLE_MAX)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=ops.PHASE_DESCRIPTION_MAX)]
    )
    start_dt = DateTimeLocalField(
        _l("Start (local time in Bochum)"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(_l("Please enter when the phase starts."))],
    )
    end_dt = DateTimeLocalField(
        _l("End (local time in Bochum)"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(_l("Please enter when the phase ends."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = options(kind_choices())

    @staticmethod
    def _check_moment(field) -> None:
        value = field.data
        if value is None:
            return
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise FieldError(
                _(
                    "Please enter a date between %(first)d and %(last)d.",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                )
            )
        if not exists_locally(value):
            raise FieldError(
                _("This time does not exist in Bochum because the clocks are put forward.")
            )

    def validate_start_dt(self, field) -> None:
        self._check_moment(field)

    def validate_end_dt(self, field) -> None:
        self._check_moment(field)
        start = self.start_dt.data
        if start is not None and field.data is not None and field.data <= start:
            raise FieldError(_("The end must be after the start."))

    @property
    def start_utc(self) -> datetime | None:
        return local_to_utc(self.start_dt.data) if self.start_dt.data else None

    @property
    def end_utc(self) -> datetime | None:
        return local_to_utc(self.end_dt.data) if self.end_dt.data else None
