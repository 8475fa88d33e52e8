"""Writing the account audit log (sign-ins, role and membership changes, tokens, deletions)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from engage.accounts.models import AuditEvent, User
from engage.extensions import db


def record(
    event: str, *, actor: User | None = None, subject: User | None = None, **details: Any
) -> AuditEvent:
    """Append one audit event to the session (committed with the action it belongs to)."""
    entry = AuditEvent(
        event=event,
        actor_id=actor.id if actor is not None else None,
        subject_id=subject.id if subject is not None else None,
        ip=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(entry)
    return entry
