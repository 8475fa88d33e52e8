"""Write-side use cases of processes and their phases: validate, change, flush — never commit.

Permission checks happen in the views and the API (engage.processes.permissions); these
functions guard the data: known values, lengths, phase windows that end after they start and
never overlap.  Bad input raises :class:`InvalidInput` with a message per field.
"""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context
from flask_babel import format_date, format_time
from flask_babel import gettext as _

from engage.core.districts import DISTRICTS
from engage.core.text import normalize_line, normalize_text, render_markdown, slugify
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes import phases as phase_kinds
from engage.processes.models import Moderation, Phase, Process, ProcessStatus
from engage.themes.models import Theme

TITLE_MAX = 160
SUMMARY_MAX = 400
DESCRIPTION_MAX = 20_000
PHASE_TITLE_MAX = 120
PHASE_DESCRIPTION_MAX = 2_000
SUPPORT_LIMIT_MAX = 1_000


class InvalidInput(ValueError):
    """The input was refused; ``fields`` maps field names to localised messages."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def _when(value: datetime) -> str:
    """A moment as the pages show it ("May 4, 2026, 12:00 PM"); ISO outside requests."""
    if not has_request_context():
        return value.isoformat()
    return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"


def _check_process(
    *,
    title: str,
    summary: str,
    description: str,
    theme: Theme | None,
    organisation: Organisation | None,
    district: str | None,
    moderation: str,
    support_limit: int | None,
    status: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Please enter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title may have at most %(max)d characters.", max=TITLE_MAX)
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = _("The summary may have at most %(max)d characters.", max=SUMMARY_MAX)
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _(
            "The description may have at most %(max)d characters.", max=DESCRIPTION_MAX
        )
    if theme is None:
        errors["theme"] = _("Please choose a theme.")
    if organisation is None:
        errors["organisation"] = _("Please choose an organisation.")
    if district is not None and district not in DISTRICTS:
        errors["district"] = _("Please choose one of the districts.")
    if moderation not in set(Moderation):
        errors["moderation"] = _("Please choose how contributions are moderated.")
    if support_limit is not None and not 1 <= support_limit <= SUPPORT_LIMIT_MAX:
        errors["support_limit"] = _(
            "The limit must be between 1 and %(max)d.", max=SUPPORT_LIMIT_MAX
        )
    if status not in set(ProcessStatus):
        errors["status"] = _("Please choose a status.")
    return errors


def _apply(process: Process, **values) -> None:
    values["title"] = normalize_line(values["title"])
    values["summary"] = normalize_line(values["summary"])
    values["description"] = normalize_text(values["description"]).strip()
    values["district"] = values["district"] or None
    errors = _check_process(**values)
    if errors:
        raise InvalidInput(errors)
    process.title = values["title"]
    process.slug = slugify(values["title"])
    process.summary = values["summary"]
    process.description = render_markdown(values["description"], rich=True)
    process.theme = values["theme"]
    process.organisation = values["organisation"]
    process.district = values["district"]
    process.moderation = values["moderation"]
    process.support_limit = values["support_limit"]
    process.status = values["status"]


def create_process(
    *,
    title: str,
    summary: str,
    description: str,
    theme: Theme | None,
    organisation: Organisation | None,
    district: str | None = None,
    moderation: str = Moderation.POST,
    support_limit: int | None = None,
    status: str = ProcessStatus.DRAFT,
) -> Process:
    """A new process; ``description`` is Markdown, stored as sanitised HTML."""
    process = Process()
    _apply(
        process,
        title=title,
        summary=summary,
        description=description,
        theme=theme,
        organisation=organisation,
        district=district,
        moderation=moderation,
        support_limit=support_limit,
        status=status,
    )
    db.session.add(process)
    db.session.flush()
    return process


def update_process(
    process: Process,
    *,
    title: str,
    summary: str,
    description: str,
    theme: Theme | None,
    organisation: Organisation | None,
    district: str | None = None,
    moderation: str = Moderation.POST,
    support_limit: int | None = None,
    status: str = ProcessStatus.DRAFT,
) -> Process:
    """Change a process's fields (all of them, as the edit form sends them)."""
    _apply(
        process,
        title=title,
        summary=summary,
        description=description,
        theme=theme,
        organisation=organisation,
        district=district,
        moderation=moderation,
        support_limit=support_limit,
        status=status,
    )
    db.session.flush()
    return process


def _check_phase(
    process: Process,
    phase: Phase | None,
    *,
    kind: str,
    title: str,
    description: str,
    start_dt: datetime | None,
    end_dt: datetime | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in phase_kinds.kinds():
        errors["kind"] = _("Please choose a kind of phase.")
    if len(title) > PHASE_TITLE_MAX:
        errors["title"] = _("The title may have at most %(max)d characters.", max=PHASE_TITLE_MAX)
    if len(description) > PHASE_DESCRIPTION_MAX:
        errors["description"] = _(
            "The description may have at most %(max)d characters.", max=PHASE_DESCRIPTION_MAX
        )
    if start_dt is None or start_dt.tzinfo is None:
        errors["start_dt"] = _("Please enter when the phase starts.")
    if end_dt is None or end_dt.tzinfo is None:
        errors["end_dt"] = _("Please enter when the phase ends.")
    if errors.keys() & {"start_dt", "end_dt"}:
        return errors
    if end_dt <= start_dt:
        errors["end_dt"] = _("The end must be after the start.")
        return errors
    for other in process.phases:
        if other is phase:
            continue
        if start_dt < other.end_dt and other.start_dt < end_dt:
            field = "start_dt" if other.start_dt <= start_dt < other.end_dt else "end_dt"
            errors[field] = _(
                "This phase overlaps with the phase “%(name)s” (%(start)s to %(end)s). "
                "Phases of a process must not overlap.",
                name=other.name,
                start=_when(other.start_dt),
                end=_when(other.end_dt),
            )
            break
    return errors


def _renumber(process: Process) -> None:
    """Positions follow the calendar, so lists and timelines read in order."""
    for position, phase in enumerate(sorted(process.phases, key=lambda p: p.start_dt)):
        phase.position = position


def add_phase(
    process: Process,
    *,
    kind: str,
    title: str = "",
    description: str = "",
    start_dt: datetime | None,
    end_dt: datetime | None,
) -> Phase:
    """Add a phase to ``process``; its window must end after it starts and not overlap."""
    title, description = normalize_line(title), normalize_text(description).strip()
    errors = _check_phase(
        process,
        None,
        kind=kind,
        title=title,
        description=description,
        start_dt=start_dt,
        end_dt=end_dt,
    )
    if errors:
        raise InvalidInput(errors)
    phase = Phase(kind=kind, title=title, description=description, start_dt=start_dt, end_dt=end_dt)
    process.phases.append(phase)
    _renumber(process)
    db.session.flush()
    return phase


def update_phase(
    phase: Phase,
    *,
    kind: str,
    title: str = "",
    description: str = "",
    start_dt: datetime | None,
    end_dt: datetime | None,
) -> Phase:
    """Change a phase's kind, texts and window under the same rules as :func:`add_phase`."""
    title, description = normalize_line(title), normalize_text(description).strip()
    errors = _check_phase(
        phase.process,
        phase,
        kind=kind,
        title=title,
        description=description,
        start_dt=start_dt,
        end_dt=end_dt,
    )
    if errors:
        raise InvalidInput(errors)
    phase.kind = kind
    phase.title = title
    phase.description = description
    phase.start_dt = start_dt
    phase.end_dt = end_dt
    _renumber(phase.process)
    db.session.flush()
    return phase


def delete_phase(phase: Phase) -> None:
    """Remove a phase from its process."""
    process = phase.process
    process.phases.remove(phase)
    _renumber(process)
    db.session.flush()
