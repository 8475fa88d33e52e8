"""Named predicates about drafts, their paragraph comments and the response table.

The comment rules are the ideas' rules (author, 15-minute edit window, placeholders, flags at
any time) asked of a paragraph instead of an idea; the phase part is the ``comment`` phase
(:data:`~engage.processes.phases.COMMENT_DRAFT`). As in the ideas area every rule is a
``*_denial`` returning ``None`` or a :class:`~engage.processes.permissions.Denial`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from engage.accounts.permissions import is_signed_in
from engage.core import clock
from engage.ideas.models import Comment
from engage.ideas.permissions import (
    author_delete_denial,
    author_edit_denial,
    is_author,
)
from engage.processes import phases as actions
from engage.processes.models import Process, ProcessStatus
from engage.processes.permissions import (
    Denial,
    can_manage_process,
    can_view_process,
    participation_denial,
)

from .models import Draft, DraftParagraph, ParagraphKind


def _deny(message: str, reason: str, status: int) -> Denial:
    return Denial(message, reason, status)


# --- drafts -----------------------------------------------------------------------------------


def can_manage_draft(user: Any, draft: Draft) -> bool:
    """Write versions, publish them, record and publish responses: the process's moderators."""
    return can_manage_process(user, draft.process)


def can_create_draft(user: Any, process: Process) -> bool:
    return can_manage_process(user, process) and process.status != ProcessStatus.ARCHIVED


def can_view_draft(user: Any, draft: Draft) -> bool:
    """Published drafts of visible processes: everyone; unpublished: their moderators."""
    if not can_view_process(user, draft.process):
        return False
    return draft.is_published or can_manage_draft(user, draft)


def publish_version_denial(user: Any, draft: Draft) -> Denial | None:
    """Publish a (new) version: its moderators, as long as the process is not archived."""
    if not can_manage_draft(user, draft):
        return _deny(_("Only the moderators of this participation can do this."), "forbidden", 403)
    if draft.process.status == ProcessStatus.ARCHIVED:
        return _deny(_("This participation has been archived."), "archived", 409)
    return None


def can_publish_version(user: Any, draft: Draft) -> bool:
    return publish_version_denial(user, draft) is None


def commenting_ended(process: Process, at: datetime | None = None) -> bool:
    """Whether a comment phase has ended and none runs or is still to come."""
    at = at or clock.now()
    kinds = [p for p in process.phases if p.kind_class.allows(actions.COMMENT_DRAFT)]
    return bool(kinds) and all(p.end_dt <= at for p in kinds)


def respond_denial(user: Any, draft: Draft) -> Denial | None:
    """Record how comments were handled: its moderators, once commenting has ended."""
    if not can_manage_draft(user, draft):
        return _deny(_("Only the moderators of this participation can do this."), "forbidden", 403)
    if not draft.is_published:
        return _deny(_("This draft has not been published."), "not_published", 409)
    if not commenting_ended(draft.process):
        return _deny(
            _("Responses can be recorded once the comment phase has ended."), "not_ended", 409
        )
    return None


def can_respond(user: Any, draft: Draft) -> bool:
    return respond_denial(user, draft) is None


def can_see_responses(user: Any, draft: Draft) -> bool:
    """The response table: everyone once published; its moderators while they write it."""
    if not can_view_draft(user, draft):
        return False
    return draft.responses_published or can_manage_draft(user, draft)


# --- paragraph comments -----------------------------------------------------------------------


def comment_denial(user: Any, draft: Draft, paragraph: DraftParagraph) -> Denial | None:
    """Comment on a paragraph: the comment phase runs, and it is a paragraph of the current
    version (earlier versions are kept for reading)."""
    if not draft.is_published:
        return _deny(_("This draft has not been published."), "not_published", 409)
    denial = participation_denial(user, draft.process, actions.COMMENT_DRAFT)
    if denial is not None:
        return denial
    if paragraph.version_id != draft.current_version_id:
        return _deny(
            _("This is an earlier version of the draft. Please comment on the current version."),
            "old_version",
            409,
        )
    if paragraph.kind != ParagraphKind.PARAGRAPH:
        return _deny(_("Headings cannot be commented on."), "heading", 409)
    return None


def can_comment_paragraph(user: Any, draft: Draft, paragraph: DraftParagraph) -> bool:
    return comment_denial(user, draft, paragraph) is None


def can_see_comment_text(user: Any, comment: Comment, draft: Draft) -> bool:
    """A hidden comment's text: its author and the moderators; deleted text: nobody."""
    if comment.is_deleted:
        return False
    if comment.is_hidden:
        return is_author(user, comment) or can_manage_draft(user, draft)
    return True


def comment_edit_denial(user: Any, comment: Comment, draft: Draft) -> Denial | None:
    """Its author, within 15 minutes of writing it and while the comment phase runs."""
    return author_edit_denial(user, comment) or participation_denial(
        user, draft.process, actions.COMMENT_DRAFT
    )


def can_edit_comment(user: Any, comment: Comment, draft: Draft) -> bool:
    return comment_edit_denial(user, comment, draft) is None


def comment_delete_denial(user: Any, comment: Comment, draft: Draft) -> Denial | None:
    """Its author while the comment phase runs; the draft's moderators at any time."""
    if can_manage_draft(user, draft):
        return None
    return author_delete_denial(user, comment) or participation_denial(
        user, draft.process, actions.COMMENT_DRAFT
    )


def can_delete_comment(user: Any, comment: Comment, draft: Draft) -> bool:
    return comment_delete_denial(user, comment, draft) is None


def flag_denial(user: Any, comment: Comment, draft: Draft) -> Denial | None:
    """Report a comment: any signed-in person, not their own, while it is shown (any time)."""
    if not is_signed_in(user):
        if user is not None and getattr(user, "is_authenticated", False):
            return _deny(
                _("Please confirm your e-mail address to take part."), "confirm_email", 403
            )
        return _deny(_("Please sign in to take part."), "sign_in", 401)
    if is_author(user, comment):
        return _deny(_("You cannot report your own contribution."), "own", 409)
    if not comment.is_visible or not can_view_draft(user, draft):
        return _deny(_("This contribution is not shown any more."), "not_shown", 409)
    return None


def can_flag(user: Any, comment: Comment, draft: Draft) -> bool:
    return flag_denial(user, comment, draft) is None
