"""Read-side queries for processes: public lists, filters and where a process stands in time.

A published process is *upcoming* before its first phase starts (or while it has no phases yet),
*running* from the start of its first phase to the end of its last one (gaps between phases
included) and *finished* afterwards; an archived process is always finished.  The same rule is
computed in SQL (for filters, counts and ordering) and in Python (for a loaded process).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from engage.core import clock
from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes import phases as phase_kinds
from engage.processes.models import Phase, Process, ProcessStatus
from engage.themes.models import Theme

PUBLIC_STATUSES = (ProcessStatus.PUBLISHED, ProcessStatus.ARCHIVED)


class Lifecycle(enum.StrEnum):
    RUNNING = "running"
    UPCOMING = "upcoming"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return str(LIFECYCLE_LABELS[self])


LIFECYCLE_LABELS = {
    Lifecycle.RUNNING: _l("Running"),
    Lifecycle.UPCOMING: _l("Upcoming"),
    Lifecycle.FINISHED: _l("Finished"),
}
# Headings of the grouped lists on theme and organisation pages.
LIFECYCLE_HEADINGS = {
    Lifecycle.RUNNING: _l("Running participations"),
    Lifecycle.UPCOMING: _l("Upcoming participations"),
    Lifecycle.FINISHED: _l("Finished participations"),
}
LIFECYCLE_ORDER = {Lifecycle.RUNNING: 0, Lifecycle.UPCOMING: 1, Lifecycle.FINISHED: 2}

# What participants may do, said as an invitation (see phases.ACTIONS).
ACTION_TEXTS = {
    phase_kinds.SUBMIT_IDEA: _l("Submit your own ideas."),
    phase_kinds.SUPPORT: _l("Support the ideas you want to see realised."),
    phase_kinds.COMMENT: _l("Discuss the ideas in the comments."),
    phase_kinds.ANSWER_SURVEY: _l("Answer the survey."),
    phase_kinds.COMMENT_DRAFT: _l("Comment on the draft paragraph by paragraph."),
    phase_kinds.SEE_RESULTS: _l("Read how the contributions are being evaluated."),
}


# --- where a process stands in time -----------------------------------------------------------


def lifecycle(process: Process, at: datetime | None = None) -> Lifecycle:
    """Running, upcoming or finished, for a process whose phases are loaded."""
    at = at or clock.now()
    if process.status == ProcessStatus.ARCHIVED:
        return Lifecycle.FINISHED
    if not process.phases:
        return Lifecycle.UPCOMING
    if min(p.start_dt for p in process.phases) > at:
        return Lifecycle.UPCOMING
    if max(p.end_dt for p in process.phases) <= at:
        return Lifecycle.FINISHED
    return Lifecycle.RUNNING


@dataclass
class ProcessMoment:
    """What a page says about a process now: its lifecycle, current and next phase, dates."""

    lifecycle: Lifecycle
    current: Phase | None
    next: Phase | None
    starts: datetime | None  # start of the first phase
    ends: datetime | None  # end of the last phase
    archived: bool

    @property
    def actions(self) -> list[str]:
        """The actions the current phase opens, in the platform's order (empty if none)."""
        if self.archived or self.current is None:
            return []
        return [a for a in phase_kinds.ACTIONS if self.current.kind_class.allows(a)]

    @property
    def action_texts(self) -> list[str]:
        return [str(ACTION_TEXTS[a]) for a in self.actions]


def moment(process: Process, at: datetime | None = None) -> ProcessMoment:
    """Where ``process`` (phases loaded) stands at ``at``; used by every public page."""
    at = at or clock.now()
    phases = list(process.phases)
    archived = process.status == ProcessStatus.ARCHIVED
    return ProcessMoment(
        lifecycle=lifecycle(process, at),
        current=None if archived else process.current_phase(at),
        next=None if archived else process.next_phase(at),
        starts=min((p.start_dt for p in phases), default=None),
        ends=max((p.end_dt for p in phases), default=None),
        archived=archived,
    )


def timeline(process: Process, at: datetime | None = None) -> list[tuple[Phase, str]]:
    """The phases in order, each with its state at ``at``: before, during or after.

    An archived process has no open phase: phases it did not reach are ``closed``.
    """
    at = at or clock.now()
    ordered = sorted(process.phases, key=lambda p: (p.start_dt, p.position, p.id or 0))
    archived = process.status == ProcessStatus.ARCHIVED
    states = []
    for phase in ordered:
        state = phase.state(at).value
        if archived and state != "after":
            state = "closed"
        states.append((phase, state))
    return states


# --- SQL side ---------------------------------------------------------------------------------


def _bounds():
    """Per process: start of the first and end of the last phase."""
    return (
        select(
            Phase.process_id.label("process_id"),
            func.min(Phase.start_dt).label("first_start"),
            func.max(Phase.end_dt).label("last_end"),
        )
        .group_by(Phase.process_id)
        .subquery("bounds")
    )


def _lifecycle_case(bounds, at: datetime):
    """The lifecycle rank (0 running, 1 upcoming, 2 finished) as an SQL expression."""
    at_param = literal(at, Phase.start_dt.type)
    return case(
        (Process.status == ProcessStatus.ARCHIVED, 2),
        (bounds.c.first_start.is_(None), 1),
        (bounds.c.first_start > at_param, 1),
        (bounds.c.last_end <= at_param, 2),
        else_=0,
    )


def _lifecycle_condition(bounds, status: Lifecycle, at: datetime):
    at_param = literal(at, Phase.start_dt.type)
    published = Process.status == ProcessStatus.PUBLISHED
    if status is Lifecycle.RUNNING:
        return and_(published, bounds.c.first_start <= at_param, bounds.c.last_end > at_param)
    if status is Lifecycle.UPCOMING:
        return and_(published, or_(bounds.c.first_start.is_(None), bounds.c.first_start > at_param))
    return or_(
        Process.status == ProcessStatus.ARCHIVED,
        and_(published, bounds.c.last_end <= at_param),
    )


def public_processes(
    *,
    theme_id: int | None = None,
    organisation_id: int | None = None,
    status: Lifecycle | None = None,
    at: datetime | None = None,
) -> Select:
    """Published and archived processes, filtered, running first, then upcoming, then finished.

    Running ones ending soonest first, upcoming ones starting soonest first, finished ones
    most recently ended first.
    Theme, organisation and phases are loaded with the page (no query per process).
    """
    at = at or clock.now()
    bounds = _bounds()
    rank = _lifecycle_case(bounds, at)
    stmt = (
        select(Process)
        .outerjoin(bounds, bounds.c.process_id == Process.id)
        .where(Process.status.in_(PUBLIC_STATUSES))
        .options(
            selectinload(Process.phases),
            selectinload(Process.theme),
            selectinload(Process.organisation),
        )
    )
    if theme_id is not None:
        stmt = stmt.where(Process.theme_id == theme_id)
    if organisation_id is not None:
        stmt = stmt.where(Process.organisation_id == organisation_id)
    if status is not None:
        stmt = stmt.where(_lifecycle_condition(bounds, status, at))
    running_end = case((rank == 0, bounds.c.last_end), else_=None)
    upcoming_start = case((rank == 1, bounds.c.first_start), else_=None)
    finished_end = case((rank == 2, bounds.c.last_end), else_=None)
    return stmt.order_by(
        rank,
        running_end.asc().nulls_last(),
        upcoming_start.asc().nulls_last(),
        finished_end.desc().nulls_last(),
        Process.id.desc(),
    )


def lifecycle_counts(
    *, by: str, at: datetime | None = None, only: int | None = None
) -> dict[int, dict[Lifecycle, int]]:
    """Counts of public processes per lifecycle, grouped by ``theme`` or ``organisation``."""
    at = at or clock.now()
    bounds = _bounds()
    column = Process.theme_id if by == "theme" else Process.organisation_id
    rank = _lifecycle_case(bounds, at).label("rank")
    stmt = (
        select(column, rank, func.count())
        .select_from(Process)
        .outerjoin(bounds, bounds.c.process_id == Process.id)
        .where(Process.status.in_(PUBLIC_STATUSES))
        .group_by(column, rank)
    )
    if only is not None:
        stmt = stmt.where(column == only)
    by_rank = {v: k for k, v in LIFECYCLE_ORDER.items()}
    counts: dict[int, dict[Lifecycle, int]] = {}
    for key, rank_value, count in db.session.execute(stmt):
        counts.setdefault(key, dict.fromkeys(Lifecycle, 0))[by_rank[int(rank_value)]] = count
    return counts


def running_by_theme(
    limit_per_theme: int = 3, at: datetime | None = None
) -> dict[int, tuple[list[Process], int]]:
    """Per theme: the first running processes (ending soonest first) and how many run in all.

    One query with a window function, plus the eager loads: independent of the data size.
    """
    at = at or clock.now()
    bounds = _bounds()
    running = _lifecycle_condition(bounds, Lifecycle.RUNNING, at)
    ranked = (
        select(
            Process.id.label("id"),
            func.row_number()
            .over(
                partition_by=Process.theme_id,
                order_by=(bounds.c.last_end.asc(), Process.id.asc()),
            )
            .label("rn"),
            func.count().over(partition_by=Process.theme_id).label("total"),
        )
        .join(bounds, bounds.c.process_id == Process.id)
        .where(running)
        .subquery("ranked")
    )
    rows = db.session.execute(
        select(Process, ranked.c.total)
        .join(ranked, ranked.c.id == Process.id)
        .where(ranked.c.rn <= limit_per_theme)
        .options(selectinload(Process.phases), selectinload(Process.organisation))
        .order_by(Process.theme_id, ranked.c.rn)
    ).all()
    result: dict[int, tuple[list[Process], int]] = {}
    for process, total in rows:
        processes, _ = result.get(process.theme_id, ([], 0))
        processes.append(process)
        result[process.theme_id] = (processes, total)
    return result


def grouped_processes(
    *,
    theme_id: int | None = None,
    organisation_id: int | None = None,
    limit: int = 10,
    at: datetime | None = None,
) -> dict[Lifecycle, tuple[list[Process], int]]:
    """The first ``limit`` processes of each lifecycle and each group's total (for "show all")."""
    at = at or clock.now()
    scope = {"theme_id": theme_id, "organisation_id": organisation_id}
    if theme_id is not None:
        counts = lifecycle_counts(by="theme", at=at, only=theme_id).get(theme_id, {})
    else:
        counts = lifecycle_counts(by="organisation", at=at, only=organisation_id).get(
            organisation_id, {}
        )
    groups: dict[Lifecycle, tuple[list[Process], int]] = {}
    for status in Lifecycle:
        total = counts.get(status, 0)
        items: list[Process] = []
        if total:
            stmt = public_processes(**scope, status=status, at=at).limit(limit)
            items = list(db.session.scalars(stmt).unique())
        groups[status] = (items, total)
    return groups


# --- filters of the process list --------------------------------------------------------------


@dataclass
class ProcessFilter:
    """The filters of the public process list, read leniently from the query string.

    Unknown values are dropped (and remembered in ``invalid``) instead of failing the page.
    """

    theme: Theme | None = None
    organisation: Organisation | None = None
    status: Lifecycle | None = None
    invalid: tuple[str, ...] = ()

    @classmethod
    def from_args(
        cls, args: Any, themes: list[Theme], organisations: list[Organisation]
    ) -> ProcessFilter:
        invalid = []
        theme_slug = (args.get("theme") or "").strip()
        theme = next((t for t in themes if t.slug == theme_slug), None)
        if theme_slug and theme is None:
            invalid.append("theme")
        org_slug = (args.get("organisation") or "").strip()
        organisation = next((o for o in organisations if o.slug == org_slug), None)
        if org_slug and organisation is None:
            invalid.append("organisation")
        raw_status = (args.get("status") or "").strip()
        status = Lifecycle(raw_status) if raw_status in {s.value for s in Lifecycle} else None
        if raw_status and status is None:
            invalid.append("status")
        return cls(theme, organisation, status, tuple(invalid))

    def args(self) -> dict[str, str]:
        """The query-string arguments that reproduce this filter (for pagination links)."""
        args = {}
        if self.theme:
            args["theme"] = self.theme.slug
        if self.organisation:
            args["organisation"] = self.organisation.slug
        if self.status:
            args["status"] = self.status.value
        return args

    @property
    def active(self) -> bool:
        return bool(self.theme or self.organisation or self.status)


def filtered_page(flt: ProcessFilter, page: int, per_page: int) -> Page:
    """One page of the public process list for ``flt``."""
    stmt = public_processes(
        theme_id=flt.theme.id if flt.theme else None,
        organisation_id=flt.organisation.id if flt.organisation else None,
        status=flt.status,
    )
    return paginate(stmt, page, per_page)


def all_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))


def all_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(select(Organisation).order_by(Organisation.position, Organisation.name))
    )


def process_for_page(process_id: int) -> Process | None:
    """One process with its theme, organisation and phases (any status; the view decides)."""
    return db.session.scalar(
        select(Process)
        .where(Process.id == process_id)
        .options(
            selectinload(Process.phases),
            selectinload(Process.theme),
            selectinload(Process.organisation),
        )
    )
