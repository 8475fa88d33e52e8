"""Named predicates about ideas and comments, combining person, idea state and phase.

Each rule is written once as a ``*_denial`` function that returns ``None`` (allowed) or a
:class:`~engage.processes.permissions.Denial` — a localised message with a ``reason`` and the
HTTP ``status`` the API answers with. The ``can_*`` predicates used by views, templates and the
API are the same rules asked as yes/no; the operations raise the denial as an error.

The phase part comes from :func:`engage.processes.permissions.participation_denial`: a
confirmed, signed-in account of any role takes part as a citizen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from engage.accounts.permissions import can_moderate_organisation, is_signed_in
from engage.core import clock
from engage.ideas.models import (
    AUTHOR_EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    SUPPORTABLE_STATUSES,
    Comment,
    Idea,
    IdeaStatus,
)
from engage.processes import phases as actions
from engage.processes.models import Process
from engage.processes.permissions import Denial, can_view_process, participation_denial

# How long the author of a comment may still change it.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def _deny(message: str, reason: str, status: int) -> Denial:
    return Denial(message, reason, status)


def is_author(user: Any, item: Idea | Comment) -> bool:
    """Whether ``user`` (signed in) wrote ``item``."""
    return is_signed_in(user) and item.author_id is not None and item.author_id == user.id


def can_moderate_idea(user: Any, idea: Idea) -> bool:
    """Moderators of the organisation that owns the idea's process, and admins."""
    return can_moderate_organisation(user, idea.process.organisation_id)


# --- seeing ---------------------------------------------------------------------------------


def can_see_idea(user: Any, idea: Idea) -> bool:
    """Public statuses: everyone who may see the process; others: its author and moderators."""
    if not can_view_process(user, idea.process):
        return False
    if idea.status in PUBLIC_STATUSES:
        return True
    return is_author(user, idea) or can_moderate_idea(user, idea)


def can_see_comment_text(user: Any, comment: Comment, idea: Idea) -> bool:
    """A hidden comment's text: its author and the moderators; deleted text: nobody."""
    if comment.is_deleted:
        return False
    if comment.is_hidden:
        return is_author(user, comment) or can_moderate_idea(user, idea)
    return True


# --- ideas ------------------------------------------------------------------------------------


def submit_denial(user: Any, process: Process) -> Denial | None:
    return participation_denial(user, process, actions.SUBMIT_IDEA)


def can_submit(user: Any, process: Process) -> bool:
    return submit_denial(user, process) is None


def edit_denial(user: Any, idea: Idea) -> Denial | None:
    """Its author while ideas may be submitted and it is not yet being handled; moderators."""
    if can_moderate_idea(user, idea):
        return None
    if not is_signed_in(user):
        return participation_denial(None, idea.process, actions.SUBMIT_IDEA) or _deny(
            _("Please sign in to take part."), "sign_in", 401
        )
    if not is_author(user, idea):
        return _deny(_("Only its author can change this idea."), "not_author", 403)
    if idea.status not in AUTHOR_EDITABLE_STATUSES or idea.merged_into_id is not None:
        return _deny(_("This idea can no longer be changed."), "locked", 409)
    return participation_denial(user, idea.process, actions.SUBMIT_IDEA)


def can_edit_idea(user: Any, idea: Idea) -> bool:
    return edit_denial(user, idea) is None


def withdraw_denial(user: Any, idea: Idea) -> Denial | None:
    """Only its author, under the same conditions as editing (moderators hide instead)."""
    if not is_author(user, idea):
        if not is_signed_in(user):
            return _deny(_("Please sign in to take part."), "sign_in", 401)
        return _deny(_("Only its author can withdraw this idea."), "not_author", 403)
    if idea.status not in AUTHOR_EDITABLE_STATUSES or idea.merged_into_id is not None:
        return _deny(_("This idea can no longer be withdrawn."), "locked", 409)
    return participation_denial(user, idea.process, actions.SUBMIT_IDEA)


def can_withdraw(user: Any, idea: Idea) -> bool:
    return withdraw_denial(user, idea) is None


def support_denial(user: Any, idea: Idea) -> Denial | None:
    """Support (and withdraw a support): phase allows it, idea still open, not one's own.

    Authors cannot support their own idea: submitting it already says they want it, and an
    automatic "+1" would only make every count one larger without telling anyone anything.
    """
    denial = participation_denial(user, idea.process, actions.SUPPORT)
    if denial is not None:
        return denial
    if idea.status not in SUPPORTABLE_STATUSES or idea.merged_into_id is not None:
        return _deny(_("This idea can no longer be supported."), "not_supportable", 409)
    if is_author(user, idea):
        return _deny(_("You cannot support your own idea."), "own_idea", 409)
    return None


def can_support_idea(user: Any, idea: Idea) -> bool:
    return support_denial(user, idea) is None


def comment_denial(user: Any, idea: Idea) -> Denial | None:
    """Write a comment or reply: the phase allows discussion and the idea is public."""
    denial = participation_denial(user, idea.process, actions.COMMENT)
    if denial is not None:
        return denial
    if idea.merged_into_id is not None:
        return _deny(
            _("This idea was merged into another one. Please continue the discussion there."),
            "merged",
            409,
        )
    if idea.status not in PUBLIC_STATUSES:
        return _deny(_("This idea cannot be discussed."), "not_public", 409)
    return None


def can_comment_idea(user: Any, idea: Idea) -> bool:
    return comment_denial(user, idea) is None


# --- comments ---------------------------------------------------------------------------------


def comment_editable_until(comment: Comment) -> datetime:
    return comment.created_dt + COMMENT_EDIT_WINDOW


def author_edit_denial(user: Any, comment: Comment) -> Denial | None:
    """The comment rules for changing (ideas and drafts alike): its author, visible, within
    15 minutes of writing it. The caller adds the phase rule of its area."""
    if not is_author(user, comment):
        if not is_signed_in(user):
            return _deny(_("Please sign in to take part."), "sign_in", 401)
        return _deny(_("Only its author can change this comment."), "not_author", 403)
    if not comment.is_visible:
        return _deny(_("This comment can no longer be changed."), "locked", 409)
    if clock.now() >= comment_editable_until(comment):
        return _deny(
            _(
                "Comments can only be changed within %(num)s minutes of writing them.",
                num=format_decimal(int(COMMENT_EDIT_WINDOW.total_seconds() // 60)),
            ),
            "locked",
            409,
        )
    return None


def author_delete_denial(user: Any, comment: Comment) -> Denial | None:
    """The comment rules for deleting by its author (ideas and drafts alike)."""
    if not is_author(user, comment):
        if not is_signed_in(user):
            return _deny(_("Please sign in to take part."), "sign_in", 401)
        return _deny(_("Only its author can delete this comment."), "not_author", 403)
    if comment.is_deleted:
        return _deny(_("This comment has already been deleted."), "deleted", 409)
    return None


def comment_edit_denial(user: Any, comment: Comment, idea: Idea) -> Denial | None:
    """Its author, within 15 minutes of writing it and while the discussion is open."""
    return author_edit_denial(user, comment) or participation_denial(
        user, idea.process, actions.COMMENT
    )


def can_edit_comment(user: Any, comment: Comment, idea: Idea) -> bool:
    return comment_edit_denial(user, comment, idea) is None


def comment_delete_denial(user: Any, comment: Comment, idea: Idea) -> Denial | None:
    """Its author while the discussion is open; the idea's moderators at any time."""
    if can_moderate_idea(user, idea):
        return None
    return author_delete_denial(user, comment) or participation_denial(
        user, idea.process, actions.COMMENT
    )


def can_delete_comment(user: Any, comment: Comment, idea: Idea) -> bool:
    return comment_delete_denial(user, comment, idea) is None


# --- flags ------------------------------------------------------------------------------------


def flag_denial(user: Any, target: Idea | Comment, idea: Idea) -> Denial | None:
    """Report an idea or comment: any signed-in person, not their own, while it is shown.

    Reporting is not bound to a phase: harmful content must be reportable at any time.
    """
    if not is_signed_in(user):
        if user is not None and getattr(user, "is_authenticated", False):
            return _deny(
                _("Please confirm your e-mail address to take part."), "confirm_email", 403
            )
        return _deny(_("Please sign in to take part."), "sign_in", 401)
    if is_author(user, target):
        return _deny(_("You cannot report your own contribution."), "own", 409)
    shown = (
        target.is_visible
        if isinstance(target, Comment)
        else target.status in PUBLIC_STATUSES or target.status == IdeaStatus.PENDING
    )
    if not shown or not can_see_idea(user, idea):
        return _deny(_("This contribution is not shown any more."), "not_shown", 409)
    return None


def can_flag(user: Any, target: Idea | Comment, idea: Idea) -> bool:
    return flag_denial(user, target, idea) is None
