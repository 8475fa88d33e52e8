"""Read-side queries for the home page and the site pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.extensions import db
from engage.processes.models import Process, ProcessStatus
from engage.site.models import SitePage
from engage.themes.models import Theme


def home_overview() -> dict:
    """The five themes with their running processes (phases loaded in the same round trip)."""
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    processes = db.session.scalars(
        select(Process)
        .where(Process.status == ProcessStatus.PUBLISHED)
        .options(selectinload(Process.phases), selectinload(Process.organisation))
        .order_by(Process.created_dt.desc())
    ).all()
    by_theme: dict[int, list[Process]] = {theme.id: [] for theme in themes}
    for process in processes:
        by_theme.setdefault(process.theme_id, []).append(process)
    return {"themes": themes, "processes_by_theme": by_theme}


def site_page(slug: str) -> SitePage | None:
    return db.session.scalar(select(SitePage).where(SitePage.slug == slug))
