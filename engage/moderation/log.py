"""Writing the moderation log; every moderation and decision operation calls :func:`log_action`."""

from __future__ import annotations

from typing import Any

from engage.accounts.models import User
from engage.extensions import db
from engage.moderation.models import ModerationLogEntry


def log_action(
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int,
    *,
    organisation_id: int | None = None,
    reason: str = "",
    **details: Any,
) -> ModerationLogEntry:
    """Append one entry to the session; it is committed with the action it records."""
    entry = ModerationLogEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        organisation_id=organisation_id,
        reason=reason or "",
        details=details,
    )
    db.session.add(entry)
    return entry
