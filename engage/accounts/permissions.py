"""Named predicates about people: roles and the organisations a moderator may act for.

Views, templates and the API call the same functions, so a rule lives once. Every predicate
accepts ``None`` and the anonymous user of Flask-Login, and answers ``False`` for them.
"""

from __future__ import annotations

from typing import Any

from engage.accounts.models import Role


def is_signed_in(user: Any) -> bool:
    """A real, usable account: signed in, e-mail confirmed, not deleted."""
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and bool(getattr(user, "is_active", False))
    )


def _role(user: Any) -> str | None:
    return user.role if is_signed_in(user) else None


def is_staff(user: Any) -> bool:
    """Moderators, Innovation Unit and administrators."""
    return _role(user) in {Role.MODERATOR, Role.INNOVATION, Role.ADMIN}


def is_admin(user: Any) -> bool:
    """The platform operator."""
    return _role(user) == Role.ADMIN


def is_moderator(user: Any) -> bool:
    return _role(user) == Role.MODERATOR


def _organisation_id(organisation: Any) -> int | None:
    if organisation is None:
        return None
    if isinstance(organisation, int):
        return organisation
    return organisation.id


def can_moderate_organisation(user: Any, organisation: Any) -> bool:
    """Admins always; moderators for their organisations (or all, with ``all_organisations``)."""
    if is_admin(user):
        return True
    if not is_moderator(user):
        return False
    if user.all_organisations:
        return True
    organisation_id = _organisation_id(organisation)
    return organisation_id is not None and organisation_id in user.organisation_ids


def moderated_organisation_ids(user: Any) -> set[int] | None:
    """The ids of the organisations ``user`` moderates; ``None`` means all of them."""
    if is_admin(user) or (is_moderator(user) and user.all_organisations):
        return None
    if is_moderator(user):
        return set(user.organisation_ids)
    return set()


def can_moderate_anything(user: Any) -> bool:
    """Whether ``user`` moderates at least one organisation (the condition of a "Manage" link)."""
    ids = moderated_organisation_ids(user)
    return ids is None or bool(ids)


def can_read_reports(user: Any) -> bool:
    """Innovation Unit, administrators and moderators (moderators' scope is decided later)."""
    return _role(user) in {Role.INNOVATION, Role.ADMIN, Role.MODERATOR}


def can_manage_users(user: Any) -> bool:
    """Only administrators change roles and memberships."""
    return is_admin(user)
