"""Read-side queries of the administration and the staff process editor.

Lists load what their rows show in the same round trips, so a page's number of queries does
not grow with the number of rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from engage.accounts.models import AuditEvent, OrganisationMembership, User
from engage.accounts.permissions import moderated_organisation_ids
from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.models import Process
from engage.site.models import LEGAL_SLUGS, SitePage
from engage.themes.models import Theme


def overview() -> dict[str, Any]:
    """Counts for the administration's start page."""
    by_role = dict(
        db.session.execute(
            select(User.role, func.count(User.id))
            .where(User.deleted_dt.is_(None))
            .group_by(User.role)
        ).all()
    )
    return {
        "users_by_role": by_role,
        "users": sum(by_role.values()),
        "organisations": db.session.scalar(select(func.count(Organisation.id))) or 0,
        "processes": db.session.scalar(select(func.count(Process.id))) or 0,
    }


def users_page(*, q: str = "", role: str = "", page: int = 1, per_page: int = 50) -> Page:
    """Accounts matching ``q`` (in e-mail or name) and ``role``, newest first."""
    stmt = select(User).options(
        selectinload(User.memberships).selectinload(OrganisationMembership.organisation)
    )
    if q:
        stmt = stmt.where(
            or_(
                User.email.icontains(q, autoescape=True),
                User.display_name.icontains(q, autoescape=True),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    stmt = stmt.order_by(User.created_dt.desc(), User.id.desc())
    return paginate(stmt, page, per_page)


def get_user(user_id: int) -> User | None:
    return db.session.scalar(
        select(User)
        .where(User.id == user_id)
        .options(selectinload(User.memberships).selectinload(OrganisationMembership.organisation))
    )


def organisations() -> list[Organisation]:
    return list(
        db.session.scalars(select(Organisation).order_by(Organisation.position, Organisation.name))
    )


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))


def site_pages() -> list[SitePage]:
    pages = {p.slug: p for p in db.session.scalars(select(SitePage))}
    return [pages[slug] for slug in LEGAL_SLUGS if slug in pages]


def site_page(slug: str) -> SitePage | None:
    if slug not in LEGAL_SLUGS:
        return None
    return db.session.scalar(select(SitePage).where(SitePage.slug == slug))


def audit_event_names() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.event).distinct().order_by(AuditEvent.event)))


def audit_page(*, event: str = "", person: str = "", page: int = 1, per_page: int = 50) -> Page:
    """Audit events, newest first, filtered by event name and by a person (actor or subject).

    ``person`` is an account number or (a part of) an e-mail address.
    """
    stmt = select(AuditEvent).options(joinedload(AuditEvent.actor), joinedload(AuditEvent.subject))
    if event:
        stmt = stmt.where(AuditEvent.event == event)
    if person:
        if person.isdigit():
            people = select(User.id).where(User.id == int(person))
        else:
            people = select(User.id).where(User.email.icontains(person, autoescape=True))
        stmt = stmt.where(or_(AuditEvent.actor_id.in_(people), AuditEvent.subject_id.in_(people)))
    stmt = stmt.order_by(AuditEvent.created_dt.desc(), AuditEvent.id.desc())
    return paginate(stmt, page, per_page)


def manageable_processes(user: Any, *, page: int = 1, per_page: int = 50) -> Page:
    """The processes ``user`` may manage (their organisations', all for admins), newest first."""
    stmt = select(Process).options(
        selectinload(Process.phases), joinedload(Process.organisation), joinedload(Process.theme)
    )
    ids = moderated_organisation_ids(user)
    if ids is not None:
        stmt = stmt.where(Process.organisation_id.in_(ids or {-1}))
    stmt = stmt.order_by(Process.created_dt.desc(), Process.id.desc())
    return paginate(stmt, page, per_page)


def get_process(process_id: int) -> Process | None:
    return db.session.scalar(
        select(Process)
        .where(Process.id == process_id)
        .options(selectinload(Process.phases), joinedload(Process.organisation))
    )


def organisations_for(user: Any) -> list[Organisation]:
    """The organisations ``user`` may create processes for."""
    ids = moderated_organisation_ids(user)
    stmt = select(Organisation).order_by(Organisation.position, Organisation.name)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(ids or {-1}))
    return list(db.session.scalars(stmt))
