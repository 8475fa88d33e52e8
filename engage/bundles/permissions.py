"""Who may build bundles, decide on them and manage the resulting projects."""

from __future__ import annotations

from typing import Any

from engage.accounts.models import Role
from engage.accounts.permissions import (
    can_moderate_anything,
    can_moderate_organisation,
    is_admin,
    is_moderator,
    is_signed_in,
)
from engage.bundles.models import Bundle, BundleStatus


def can_build_bundles(user: Any) -> bool:
    """Moderators of at least one organisation, and admins (not the Innovation Unit)."""
    return (is_moderator(user) or is_admin(user)) and can_moderate_anything(user)


def can_edit_bundle(user: Any, bundle: Bundle) -> bool:
    """Drafts only, by moderators of the bundle's organisation and admins."""
    return bundle.status == BundleStatus.DRAFT and can_moderate_organisation(
        user, bundle.organisation_id
    )


def can_view_bundle(user: Any, bundle: Bundle) -> bool:
    """Submitted and decided bundles are public; drafts only for those who may edit them."""
    if bundle.status != BundleStatus.DRAFT:
        return True
    return can_edit_bundle(user, bundle)


def is_innovation(user: Any) -> bool:
    """The Innovation Unit and admins: receive bundles, decide, manage projects."""
    return is_signed_in(user) and user.role in {Role.INNOVATION, Role.ADMIN}


def can_decide_bundle(user: Any, bundle: Bundle) -> bool:
    return is_innovation(user) and bundle.status == BundleStatus.SUBMITTED


def can_manage_projects(user: Any) -> bool:
    return is_innovation(user)


def can_add_idea(user: Any, bundle: Bundle, idea: Any) -> bool:
    """A public idea of the bundle's theme, from a process the user moderates."""
    return (
        can_edit_bundle(user, bundle)
        and idea.is_public
        and idea.process.theme_id == bundle.theme_id
        and can_moderate_organisation(user, idea.process.organisation_id)
    )


def can_add_survey(user: Any, bundle: Bundle, survey: Any) -> bool:
    """The results of a published survey of the bundle's theme, from a process the user
    moderates."""
    return (
        can_edit_bundle(user, bundle)
        and survey.status == "published"
        and survey.process.theme_id == bundle.theme_id
        and can_moderate_organisation(user, survey.process.organisation_id)
    )


def can_add_draft_comment(user: Any, bundle: Bundle, comment: Any) -> bool:
    """A shown comment on a paragraph of a published draft of the bundle's theme, from a
    process the user moderates."""
    paragraph = getattr(comment, "paragraph", None)
    if paragraph is None or not comment.is_visible:
        return False
    draft = paragraph.version.draft
    return (
        can_edit_bundle(user, bundle)
        and draft.is_published
        and draft.process.theme_id == bundle.theme_id
        and can_moderate_organisation(user, draft.process.organisation_id)
    )
