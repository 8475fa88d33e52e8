"""Read-side queries for the theme pages."""

from __future__ import annotations

from sqlalchemy import select

from engage.extensions import db
from engage.processes.queries import Lifecycle, lifecycle_counts
from engage.themes.models import Theme


def themes_with_counts() -> list[tuple[Theme, dict[Lifecycle, int]]]:
    """Every theme in order, with how many of its public processes run, are upcoming, ended."""
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    counts = lifecycle_counts(by="theme")
    empty = dict.fromkeys(Lifecycle, 0)
    return [(theme, counts.get(theme.id, empty)) for theme in themes]


def theme_by_slug(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))
