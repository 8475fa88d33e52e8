"""``GET /processes`` and ``GET /processes/{id}``: public processes with phases and current phase.

Figures that other areas own (``ideas_count``, ``surveys``, ``drafts``) come from providers
registered with :func:`process_extra`: each gets the ids of a whole page of processes and
answers with one query, so the number of queries does not grow with the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from engage.api.auth import api_user
from engage.api.errors import not_found
from engage.api.schemas import OutputSchema, PaginationQuery, Slug, localised, page_of
from engage.api.spec import endpoint, tag
from engage.core.districts import DISTRICTS
from engage.core.pagination import Page, paginate
from engage.organisations.models import Organisation
from engage.processes import queries
from engage.processes.models import Moderation, Process, ProcessStatus
from engage.processes.permissions import can_view_process
from engage.themes.models import Theme

tag("processes", "Participation processes (Beteiligungsverfahren) and their phases.")

# --- figures from other areas ------------------------------------------------------------------

ExtraProvider = Callable[[Sequence[int]], dict[int, Any]]
_extras: dict[str, tuple[ExtraProvider | None, Callable[[], Any]]] = {
    # name: (provider, default for processes the provider does not mention)
    "ideas_count": (None, lambda: 0),  # hook: the ideas area registers a COUNT per process
    "surveys": (None, list),  # hook: the surveys area registers the ids of their surveys
    "drafts": (None, list),  # hook: the drafts area registers the ids of their drafts
}


def process_extra(name: str) -> Callable[[ExtraProvider], ExtraProvider]:
    """Decorator: ``provider(process_ids) -> {process_id: value}`` fills field ``name``.

    The provider must answer with a fixed number of queries (one GROUP BY), whatever the number
    of ids.  Example, in ``engage/api/endpoints/ideas.py``::

        @process_extra("ideas_count")
        def ideas_counts(process_ids):
            return ideas_queries.public_counts_by_process(process_ids)
    """
    if name not in _extras:
        raise ValueError(f"unknown process field {name!r}")

    def decorator(provider: ExtraProvider) -> ExtraProvider:
        _extras[name] = (provider, _extras[name][1])
        return provider

    return decorator


def current_phase(process: Process) -> Any:
    """The phase running now; none for archived processes (as on the process page)."""
    if process.status == ProcessStatus.ARCHIVED:
        return None
    return process.current_phase()


def with_extras(processes: Sequence[Process]) -> list[dict[str, Any]]:
    """The processes with the figures of the other areas, ready for :class:`ProcessSchema`."""
    ids = [p.id for p in processes]
    figures = {
        name: (provider(ids) if provider is not None and ids else {})
        for name, (provider, _default) in _extras.items()
    }
    rows = []
    for process in processes:
        row: dict[str, Any] = {"process": process, "current_phase": current_phase(process)}
        for name, (_provider, default) in _extras.items():
            row[name] = figures[name].get(process.id, default())
        rows.append(row)
    return rows


# --- shapes ------------------------------------------------------------------------------------


class PhaseSchema(OutputSchema):
    """A time window of a process with a kind that says what participants may do."""

    id = fields.Integer()
    kind = fields.String(
        metadata={
            "description": "A registered phase kind: ideas, support, survey, comment, evaluation."
        }
    )
    title = fields.Function(
        lambda phase: phase.name,
        metadata={"type": "string", "description": "Its own title, else the kind's name."},
    )
    start = fields.DateTime(attribute="start_dt", metadata={"description": "Inclusive."})
    end = fields.DateTime(attribute="end_dt", metadata={"description": "Exclusive."})


class ProcessSchema(OutputSchema):
    """A participation process (public: published or archived)."""

    id = fields.Integer(attribute="process.id")
    slug = fields.String(attribute="process.slug")
    title = fields.String(attribute="process.title")
    summary = fields.String(attribute="process.summary", metadata={"description": "Plain text."})
    description = fields.String(
        attribute="process.description", metadata={"description": "Sanitised HTML."}
    )
    theme = fields.String(attribute="process.theme.slug", metadata={"description": "Theme slug."})
    organisation = fields.String(
        attribute="process.organisation.slug", metadata={"description": "Organisation slug."}
    )
    status = fields.String(
        attribute="process.status", validate=validate.OneOf([s.value for s in ProcessStatus])
    )
    moderation = fields.String(
        attribute="process.moderation",
        validate=validate.OneOf([m.value for m in Moderation]),
        metadata={"description": "pre: new content waits for approval; post: shown at once."},
    )
    district = fields.String(
        attribute="process.district",
        allow_none=True,
        validate=validate.OneOf(DISTRICTS),
        metadata={"description": "The district it is limited to, or null for all of Bochum."},
    )
    phases = fields.List(fields.Nested(PhaseSchema), attribute="process.phases")
    current_phase = fields.Nested(
        PhaseSchema,
        allow_none=True,
        metadata={"description": "The phase running now, or null (before, between or after)."},
    )
    surveys = fields.List(fields.Integer(), metadata={"description": "Ids of its surveys."})
    drafts = fields.List(fields.Integer(), metadata={"description": "Ids of its drafts."})
    ideas_count = fields.Integer(metadata={"description": "Its published ideas."})
    url = fields.Function(
        lambda row: url_for("processes.detail", process_id=row["process"].id, _external=True),
        metadata={"type": "string", "format": "uri", "description": "The process page."},
    )


class ProcessQuery(PaginationQuery):
    theme = Slug(
        Theme,
        error_messages={"unknown": localised(_l("There is no theme with this slug."))},
        metadata={"description": "Only processes under this theme (slug)."},
    )
    organisation = Slug(
        Organisation,
        error_messages={"unknown": localised(_l("There is no organisation with this slug."))},
        metadata={"description": "Only processes of this organisation (slug)."},
    )
    status = fields.String(
        validate=validate.OneOf([s.value for s in queries.PUBLIC_STATUSES]),
        metadata={"description": "published or archived."},
    )
    lifecycle = fields.String(
        validate=validate.OneOf([s.value for s in queries.Lifecycle]),
        metadata={
            "description": "running (between the start of its first and the end of its last "
            "phase), upcoming or finished."
        },
    )


# --- endpoints ---------------------------------------------------------------------------------


@endpoint(
    "GET",
    "/processes",
    summary="Public processes",
    description="Published and archived processes, running first, then upcoming, then "
    "finished; with their phases and the current phase.",
    tags=("processes",),
    query=ProcessQuery,
    response=page_of(ProcessSchema),
)
def list_processes(query: dict[str, Any]) -> Page:
    theme, organisation = query.get("theme"), query.get("organisation")
    lifecycle = query.get("lifecycle")
    stmt = queries.public_processes(
        theme_id=theme.id if theme else None,
        organisation_id=organisation.id if organisation else None,
        status=queries.Lifecycle(lifecycle) if lifecycle else None,
    )
    if query.get("status"):
        stmt = stmt.where(Process.status == query["status"])
    page = paginate(stmt, query["page"], query["per_page"])
    page.items = with_extras(page.items)
    return page


@endpoint(
    "GET",
    "/processes/<int:process_id>",
    summary="One process",
    description="Draft processes are visible only to those who may manage them (404 for "
    "everybody else).",
    tags=("processes",),
    response=ProcessSchema,
)
def get_process(process_id: int) -> dict[str, Any]:
    process = queries.process_for_page(process_id)
    if process is None or not can_view_process(api_user(), process):
        not_found()
    return with_extras([process])[0]
