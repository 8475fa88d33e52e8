"""Theme pages: the five lead themes and the participations under each."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from engage.processes.queries import LIFECYCLE_HEADINGS, grouped_processes
from engage.themes import queries

bp = Blueprint("themes", __name__, url_prefix="/themes")

# Per group (running, upcoming, finished) on a theme page; the rest via "show all".
GROUP_LIMIT = 10


@bp.get("/")
def index():
    return render_template("themes/index.html", themes=queries.themes_with_counts())


@bp.get("/<slug>")
def detail(slug: str):
    theme = queries.theme_by_slug(slug)
    if theme is None:
        abort(404)
    return render_template(
        "themes/detail.html",
        theme=theme,
        groups=grouped_processes(theme_id=theme.id, limit=GROUP_LIMIT),
        headings=LIFECYCLE_HEADINGS,
    )
