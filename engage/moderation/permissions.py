"""Named predicates of moderation: who may open the queue and act on which item.

Moderators act for their organisations' processes (or all, with ``all_organisations``),
administrators everywhere; the Innovation Unit and citizens do not moderate.
"""

from __future__ import annotations

from typing import Any

from engage.accounts.permissions import (
    can_moderate_anything,
    can_moderate_organisation,
    moderated_organisation_ids,
)
from engage.ideas.models import Comment, Idea
from engage.ideas.permissions import can_moderate_idea

__all__ = [
    "can_merge",
    "can_moderate_comment",
    "can_moderate_idea",
    "can_moderate_item",
    "can_read_moderation_log",
    "can_use_moderation",
    "comment_organisation_id",
    "moderated_organisation_ids",
]


def can_use_moderation(user: Any) -> bool:
    """The queue, the log and the clusters: moderators of at least one organisation, admins."""
    return can_moderate_anything(user)


def can_read_moderation_log(user: Any) -> bool:
    """The log (scoped to the organisations the person moderates)."""
    return can_moderate_anything(user)


def comment_organisation_id(comment: Comment) -> int | None:
    """The organisation owning the process of the comment's idea or draft paragraph."""
    if comment.idea is not None:
        return comment.idea.process.organisation_id
    if comment.paragraph is not None:
        return comment.paragraph.version.draft.process.organisation_id
    return None


def can_moderate_comment(user: Any, comment: Comment) -> bool:
    """Moderators of the organisation owning the process of the comment's idea or draft
    paragraph, and admins."""
    organisation_id = comment_organisation_id(comment)
    return organisation_id is not None and can_moderate_organisation(user, organisation_id)


def can_moderate_item(user: Any, item: Idea | Comment) -> bool:
    """Either kind of item."""
    if isinstance(item, Idea):
        return can_moderate_idea(user, item)
    return can_moderate_comment(user, item)


def can_merge(user: Any, source: Idea, target: Idea) -> bool:
    """Merging touches both ideas: the person must moderate both."""
    return can_moderate_idea(user, source) and can_moderate_idea(user, target)


def can_assign_to(user: Any, idea: Idea, organisation: Any) -> bool:
    """Route an idea the person moderates to any organisation (the responsible one)."""
    return can_moderate_idea(user, idea) and organisation is not None


def can_moderate_org(user: Any, organisation: Any) -> bool:
    return can_moderate_organisation(user, organisation)
