"""Read-side queries for the organisation pages."""

from __future__ import annotations

from sqlalchemy import select

from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.queries import Lifecycle, lifecycle_counts


def organisations_with_counts() -> list[tuple[Organisation, dict[Lifecycle, int]]]:
    """Every partner organisation in order, with the counts of its public processes."""
    organisations = db.session.scalars(
        select(Organisation).order_by(Organisation.position, Organisation.name)
    ).all()
    counts = lifecycle_counts(by="organisation")
    empty = dict.fromkeys(Lifecycle, 0)
    return [(org, counts.get(org.id, empty)) for org in organisations]


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def safe_website(url: str | None) -> str | None:
    """The website if it is an http(s) address, else None (never a javascript: link)."""
    url = (url or "").strip()
    if url.lower().startswith(("https://", "http://")) and " " not in url:
        return url
    return None
