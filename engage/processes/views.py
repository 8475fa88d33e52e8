"""Public process pages: the filterable list and the process page with its phase timeline.

The staff editor for processes lives under /admin (engage.admin); this blueprint only reads.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from engage.core import clock
from engage.core.pagination import clamp_page
from engage.ideas import queries as idea_queries
from engage.processes import queries
from engage.processes.models import MODERATION_LABELS, Moderation, Process
from engage.processes.permissions import can_view_process

IDEA_PHASE_KINDS = {"ideas", "support", "evaluation"}  # phases whose page shows the ideas

bp = Blueprint("processes", __name__, url_prefix="/processes")

PER_PAGE = 12


@bp.app_template_global("process_moment")
def process_moment(process: Process) -> queries.ProcessMoment:
    """Where a process stands now (lifecycle, current and next phase) for any template."""
    return queries.moment(process)


@bp.get("/")
def index():
    themes = queries.all_themes()
    organisations = queries.all_organisations()
    flt = queries.ProcessFilter.from_args(request.args, themes, organisations)
    page, per_page = clamp_page(request.args.get("page"), PER_PAGE, default_per_page=PER_PAGE)
    result = queries.filtered_page(flt, page, per_page)
    return render_template(
        "processes/index.html",
        page=result,
        filter=flt,
        themes=themes,
        organisations=organisations,
        statuses=list(queries.Lifecycle),
    )


def _load_visible(process_id: int) -> Process:
    process = queries.process_for_page(process_id)
    if process is None or not can_view_process(current_user, process):
        abort(404)  # drafts stay invisible: 404, not 403
    return process


def _render_detail(process: Process):
    at = clock.now()
    moment = queries.moment(process, at)
    phase_kinds = {phase.kind for phase in process.phases}
    ideas_page = supported = None
    if phase_kinds & IDEA_PHASE_KINDS:
        ideas_page = idea_queries.list_ideas(process=process, per_page=6)
        supported = idea_queries.supported_ids(current_user, [i.id for i in ideas_page.items])
    return render_template(
        "processes/detail.html",
        process=process,
        moment=moment,
        timeline=queries.timeline(process, at),
        moderation_label=MODERATION_LABELS[Moderation(process.moderation)],
        phase_kinds=phase_kinds,
        ideas_page=ideas_page,
        supported=supported,
    )


@bp.get("/<int:process_id>")
def detail(process_id: int):
    return _render_detail(_load_visible(process_id))


@bp.get("/<int:process_id>/<slug>")
def detail_slug(process_id: int, slug: str):
    """The readable address: same page; an outdated slug redirects to the current one."""
    process = _load_visible(process_id)
    if slug != process.slug:
        return redirect(
            url_for("processes.detail_slug", process_id=process.id, slug=process.slug), code=301
        )
    return _render_detail(process)
