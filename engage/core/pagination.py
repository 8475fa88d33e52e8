"""Pagination for pages and the API: bounded page sizes, a count from the same query."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import func, select

from engage.extensions import db

MAX_PAGE = 100_000


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clamp_page(
    page: Any, per_page: Any, *, default_per_page: int = 20, max_per_page: int = 100
) -> tuple[int, int]:
    """Read page numbers leniently for web pages: bad values fall back to the defaults."""
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    try:
        per_page = int(per_page)
    except (TypeError, ValueError):
        per_page = default_per_page
    return min(max(page, 1), MAX_PAGE), min(max(per_page, 1), max_per_page)


def paginate(stmt, page: int, per_page: int, *, scalars: bool = True) -> Page:
    """Run ``stmt`` for one page plus one COUNT over the same filter."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    query = stmt.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(query)
    items = list(result.scalars().unique() if scalars else result)
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
