"""Read side of accounts: tokens, users and audit events for pages and the CLI."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.accounts.models import ApiToken, OrganisationMembership, User
from engage.core.pagination import Page, paginate
from engage.extensions import db


def tokens_of(user: User, page: int = 1, per_page: int = 50) -> Page:
    """The user's API tokens, newest first."""
    stmt = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_dt.desc(), ApiToken.id.desc())
    )
    return paginate(stmt, page, per_page)


def token_of(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens, or None (someone else's counts as missing)."""
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )


def users_for_listing(role: str | None = None) -> list[User]:
    """All accounts with their organisations, for the operator's ``users list``."""
    stmt = (
        select(User)
        .options(selectinload(User.memberships).selectinload(OrganisationMembership.organisation))
        .order_by(User.id)
    )
    if role:
        stmt = stmt.where(User.role == role)
    return list(db.session.scalars(stmt))


def tokens_for_listing(user: User | None = None) -> list[ApiToken]:
    """API tokens with their owners, for the operator's ``tokens list``."""
    stmt = select(ApiToken).options(selectinload(ApiToken.user)).order_by(ApiToken.id)
    if user is not None:
        stmt = stmt.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(stmt))
