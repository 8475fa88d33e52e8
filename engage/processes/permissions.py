"""Named predicates about processes: who may see and manage them, who may take part now.

Participation combines the person (a confirmed, signed-in account of any role takes part as a
citizen) with the process (published) and its current phase (whose kind allows the action).
:func:`participation_denial` says *why not*, so that pages and the API can show a clear,
localised message instead of failing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import format_date, format_time
from flask_babel import gettext as _

from engage.accounts.permissions import (
    can_moderate_organisation,
    is_signed_in,
)
from engage.core import clock
from engage.processes import phases as actions
from engage.processes.models import Process, ProcessStatus


def can_view_process(user: Any, process: Process) -> bool:
    """Published and archived processes: everyone; drafts: their moderators and admins."""
    return process.status != ProcessStatus.DRAFT or can_manage_process(user, process)


def can_manage_process(user: Any, process: Process) -> bool:
    """Edit the process and its phases: moderators of its organisation and admins."""
    return can_moderate_organisation(user, process.organisation_id)


def can_create_process(user: Any, organisation: Any) -> bool:
    """Create a process owned by ``organisation``: its moderators and admins."""
    return can_moderate_organisation(user, organisation)


class Denial(str):
    """Why an action is refused: a localised message with a machine-readable ``reason``.

    ``reason`` is one of ``sign_in``, ``confirm_email``, ``not_open``, ``not_started``,
    ``ended`` (other areas add their own); ``status`` is the HTTP status the API answers with
    (401, 403 or 409 unless given).
    """

    reason: str
    status: int

    def __new__(cls, message: str, reason: str, status: int | None = None) -> Denial:
        obj = super().__new__(cls, message)
        obj.reason = reason
        obj.status = status or {"sign_in": 401, "confirm_email": 403, "not_open": 403}.get(
            reason, 409
        )
        return obj


def _phase_window(process: Process, action: str, at: datetime) -> tuple[datetime | None, bool]:
    """The start of the next phase allowing ``action`` and whether an earlier one allowed it."""
    upcoming = [
        p.start_dt for p in process.phases if p.start_dt > at and p.kind_class.allows(action)
    ]
    ended = any(p.end_dt <= at and p.kind_class.allows(action) for p in process.phases)
    return (min(upcoming) if upcoming else None), ended


def _refusal(
    user: Any, process: Process, action: str, anonymous_allowed: bool, at: datetime
) -> tuple[str, datetime | None] | None:
    """The reason code (and the next start, for ``not_started``), or ``None`` if allowed.

    The process and its phase are checked before the person, so that a visitor learns that a
    phase has ended rather than being asked to sign in for nothing.
    """
    if process.status != ProcessStatus.PUBLISHED:
        return "not_open", None
    if not process.allows(action, at):
        next_start, ended = _phase_window(process, action, at)
        if next_start is not None:
            return "not_started", next_start
        return ("ended" if ended else "not_open"), None
    if anonymous_allowed:
        return None
    if user is None or getattr(user, "is_anonymous", True) or getattr(user, "is_deleted", False):
        return "sign_in", None
    if not is_signed_in(user):
        return "confirm_email", None
    return None


def participation_denial(
    user: Any,
    process: Process,
    action: str,
    *,
    anonymous_allowed: bool = False,
    at: datetime | None = None,
) -> Denial | None:
    """``None`` when ``user`` may do ``action`` in ``process`` now, else why not (localised)."""
    refusal = _refusal(user, process, action, anonymous_allowed, at or clock.now())
    if refusal is None:
        return None
    reason, next_start = refusal
    if reason == "not_started":
        message = _(
            "This phase has not started yet. It starts on %(start)s.",
            start=f"{format_date(next_start, 'medium')}, {format_time(next_start, 'short')}",
        )
    elif reason == "ended":
        message = _("This phase has ended.")
    elif reason == "sign_in":
        message = _("Please sign in to take part.")
    elif reason == "confirm_email":
        message = _("Please confirm your e-mail address to take part.")
    else:
        message = _("This participation is not open for this.")
    return Denial(message, reason)


def can_participate(
    user: Any,
    process: Process,
    action: str,
    *,
    anonymous_allowed: bool = False,
    at: datetime | None = None,
) -> bool:
    """Whether ``user`` may do ``action`` (a constant of engage.processes.phases) now."""
    return _refusal(user, process, action, anonymous_allowed, at or clock.now()) is None


def can_submit_idea(user: Any, process: Process) -> bool:
    return can_participate(user, process, actions.SUBMIT_IDEA)


def can_support(user: Any, process: Process) -> bool:
    return can_participate(user, process, actions.SUPPORT)


def can_comment(user: Any, process: Process) -> bool:
    return can_participate(user, process, actions.COMMENT)


def can_answer_survey(user: Any, process: Process, anonymous_allowed: bool = False) -> bool:
    """Answer a survey; visitors too when the survey allows anonymous answers."""
    return can_participate(
        user, process, actions.ANSWER_SURVEY, anonymous_allowed=anonymous_allowed
    )


def can_comment_draft(user: Any, process: Process) -> bool:
    return can_participate(user, process, actions.COMMENT_DRAFT)
