"""Organisation pages: the partners of the Innovation Unit and their participations."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from engage.organisations import queries
from engage.processes.queries import LIFECYCLE_HEADINGS, grouped_processes

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

GROUP_LIMIT = 10


@bp.get("/")
def index():
    return render_template(
        "organisations/index.html", organisations=queries.organisations_with_counts()
    )


@bp.get("/<slug>")
def detail(slug: str):
    organisation = queries.organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        website=queries.safe_website(organisation.website),
        groups=grouped_processes(organisation_id=organisation.id, limit=GROUP_LIMIT),
        headings=LIFECYCLE_HEADINGS,
    )
