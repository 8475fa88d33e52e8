"""Who may read the reports, and which organisations' figures they see.

The Innovation Unit and administrators see everything; moderators see the figures of the
processes of their organisations (all, with ``all_organisations``); citizens and visitors
nothing. Open data is public and needs no predicate.
"""

from __future__ import annotations

from typing import Any

from engage.accounts.models import Role
from engage.accounts.permissions import is_signed_in, moderated_organisation_ids


def can_read_reports(user: Any) -> bool:
    """The Innovation Unit, administrators, and moderators of at least one organisation."""
    if not is_signed_in(user):
        return False
    if user.role in {Role.INNOVATION, Role.ADMIN}:
        return True
    if user.role == Role.MODERATOR:
        ids = moderated_organisation_ids(user)
        return ids is None or bool(ids)
    return False


def report_scope(user: Any) -> frozenset[int] | None:
    """The organisations whose figures ``user`` sees; None: all (check can_read_reports first)."""
    if is_signed_in(user) and user.role in {Role.INNOVATION, Role.ADMIN}:
        return None
    ids = moderated_organisation_ids(user)
    return None if ids is None else frozenset(ids)


def can_edit_district_populations(user: Any) -> bool:
    """The population table is a site setting: administrators only."""
    return is_signed_in(user) and user.role == Role.ADMIN


def can_read_bundle_dossier(user: Any, bundle: Any) -> bool:
    """The bundle dossier: Innovation Unit and admins; moderators of the bundle's organisation."""
    if not can_read_reports(user):
        return False
    scope = report_scope(user)
    return scope is None or bundle.organisation_id in scope
