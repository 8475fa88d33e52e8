"""Read-side queries for the home page, the theme stylesheet and the site pages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engage.bundles.queries import home_outcomes
from engage.core.pagination import Page
from engage.extensions import db
from engage.ideas.queries import latest_ideas
from engage.processes.queries import running_by_theme
from engage.site.models import SitePage
from engage.themes.models import Theme

HOME_PROCESSES_PER_THEME = 3

# Only these reach the stylesheet: a slug and a colour can never break out of their rule.
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


HOME_NEWEST_IDEAS = 6


def home_overview() -> dict:
    """The themes, each with its first running processes and how many run in all.

    A fixed number of queries (themes, ranked processes, their phases and organisations),
    however many processes there are.
    """
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    running = running_by_theme(limit_per_theme=HOME_PROCESSES_PER_THEME)
    return {
        "themes": themes,
        "running_by_theme": running,
        "newest_ideas": _as_page(latest_ideas(limit=HOME_NEWEST_IDEAS)),
        # Filled by the bundles and projects areas: decided bundles and projects.
        "outcomes": home_outcomes(),
    }


def _as_page(items: list) -> Page:
    return Page(items=items, page=1, per_page=max(len(items), 1), total=len(items))


@dataclass
class ThemeStylesheet:
    css: str
    etag: str
    last_modified: datetime | None


def theme_stylesheet() -> ThemeStylesheet:
    """``.theme-<slug> { --theme-color: … }`` for every theme, with its validators."""
    rows = db.session.execute(
        select(Theme.slug, Theme.color, Theme.updated_dt).order_by(Theme.position, Theme.id)
    ).all()
    lines = ["/* Theme colours, from the themes the administrators edit. */"]
    for slug, color, _updated in rows:
        if _SLUG.match(slug or "") and _COLOR.match(color or ""):
            lines.append(f".theme-{slug} {{ --theme-color: {color.lower()}; }}")
    css = "\n".join(lines) + "\n"
    last_modified = max((row[2] for row in rows if row[2] is not None), default=None)
    etag = hashlib.sha256(css.encode()).hexdigest()[:32]
    return ThemeStylesheet(css=css, etag=etag, last_modified=last_modified)


def site_page(slug: str) -> SitePage | None:
    return db.session.scalar(select(SitePage).where(SitePage.slug == slug))
