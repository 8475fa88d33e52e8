"""Receivers that turn the areas' signals into notifications, in the same transaction."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from engage.accounts.models import User
from engage.bundles import signals as bundle_signals
from engage.bundles.models import Bundle, BundleItem, project_bundles
from engage.drafts import signals as draft_signals
from engage.extensions import db
from engage.ideas import signals as idea_signals
from engage.ideas.models import Comment, Idea, IdeaStatus, Support
from engage.moderation import signals as moderation_signals
from engage.notifications.models import Kind
from engage.notifications.operations import notify

EXCERPT = 300


def url_for(endpoint: str, _anchor: str = "", **values: Any) -> str:
    """A site path; works outside requests too (demo, CLI), unlike flask.url_for."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return path + (f"#{_anchor}" if _anchor else "")


def _idea_link(idea: Idea, anchor: str = "") -> str:
    return url_for("ideas.detail", _anchor=anchor, idea_id=idea.id)


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def _actor_id(kwargs: dict[str, Any], change: Any = None) -> int | None:
    actor = kwargs.get("actor")
    if actor is not None:
        return actor.id
    return getattr(change, "actor_id", None)


@idea_signals.idea_status_changed.connect
def on_status_changed(sender: Any, idea: Idea, change: Any, **kwargs: Any) -> None:
    """Status change or official answer on my idea (not my own action; hiding, restoring and
    decisions have their own kinds)."""
    if sender in {"hide", "restore", "decide_bundle", "flag"} or idea.author_id is None:
        return
    if change.status == IdeaStatus.HIDDEN or _actor_id(kwargs, change) == idea.author_id:
        return
    notify(
        _user(idea.author_id),
        Kind.IDEA_STATUS,
        {
            "idea_title": idea.title,
            "status": change.status,
            "note": (change.note or "")[:2000],
            "official": bool(change.is_official_answer),
        },
        _idea_link(idea, "history"),
    )


@idea_signals.comment_added.connect
def on_comment_added(sender: Any, comment: Comment, idea: Idea, **kwargs: Any) -> None:
    """A reply to my comment (not to myself)."""
    if comment.parent_id is None:
        return
    parent = db.session.get(Comment, comment.parent_id)
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return
    author = _user(comment.author_id)
    notify(
        _user(parent.author_id),
        Kind.COMMENT_REPLY,
        {
            "idea_title": idea.title,
            "name": author.public_name if author else "",
            "text": comment.body[:EXCERPT],
        },
        _idea_link(idea, f"comment-{comment.id}"),
    )


def _moderated(
    target: Any,
    idea: Idea | None,
    action: str,
    reason: str,
    actor_id: int | None,
    draft: Any = None,
) -> None:
    """Hidden or restored: the author hears it, with a link to the idea or draft paragraph."""
    is_comment = isinstance(target, Comment)
    author_id = target.author_id
    if author_id is None or author_id == actor_id:
        return
    if idea is not None:
        title = idea.title
        link = _idea_link(idea, f"comment-{target.id}" if is_comment else "")
    elif draft is not None and is_comment and target.paragraph_id is not None:
        title = draft.title
        link = url_for(
            "drafts.paragraph",
            _anchor=f"comment-{target.id}",
            draft_id=draft.id,
            paragraph_id=target.paragraph_id,
        )
    else:  # pragma: no cover - every comment has an idea or a paragraph
        return
    notify(
        _user(author_id),
        Kind.MODERATION,
        {
            "idea_title": title,
            "target": "comment" if is_comment else "idea",
            "action": action,
            "reason": (reason or "")[:2000],
        },
        link,
    )


@idea_signals.content_hidden.connect
def on_content_hidden(
    sender: Any, target: Any, idea: Idea | None, reason: str = "", **kwargs: Any
) -> None:
    _moderated(target, idea, "hidden", reason, _actor_id(kwargs), kwargs.get("draft"))


@draft_signals.comment_hidden.connect
def on_draft_comment_hidden(
    sender: Any, comment: Comment, draft: Any, reason: str = "", **kwargs: Any
) -> None:
    """A paragraph comment hidden by reports: its author is told, as for idea comments."""
    _moderated(comment, None, "hidden", reason, None, draft)


@moderation_signals.content_restored.connect
def on_content_restored(
    sender: Any, target: Any, idea: Idea | None, reason: str = "", **kwargs: Any
) -> None:
    _moderated(target, idea, "restored", reason, _actor_id(kwargs), kwargs.get("draft"))


@moderation_signals.idea_merged.connect
def on_idea_merged(sender: Any, idea: Idea, into: Idea, **kwargs: Any) -> None:
    if idea.author_id is None or idea.author_id == _actor_id(kwargs):
        return
    notify(
        _user(idea.author_id),
        Kind.IDEA_MERGED,
        {"idea_title": idea.title, "into_title": into.title},
        _idea_link(into),
    )


def _authors_and_supporters(idea_ids: list[int]) -> dict[int, tuple[str, int]]:
    """user id → (role, idea id): authors first, then supporters; one entry per person."""
    people: dict[int, tuple[str, int]] = {}
    if not idea_ids:
        return people
    for idea_id, author_id in db.session.execute(
        select(Idea.id, Idea.author_id).where(Idea.id.in_(idea_ids), Idea.author_id.is_not(None))
    ):
        people.setdefault(author_id, ("author", idea_id))
    for idea_id, user_id in db.session.execute(
        select(Support.idea_id, Support.user_id)
        .where(Support.idea_id.in_(idea_ids))
        .order_by(Support.idea_id, Support.user_id)
    ):
        people.setdefault(user_id, ("supporter", idea_id))
    return people


@bundle_signals.bundle_decided.connect
def on_bundle_decided(sender: Any, bundle: Bundle, decision: Any, **kwargs: Any) -> None:
    """The authors and supporters of the bundle's ideas, and the authors of its draft
    comments, hear of the decision (once each)."""
    ideas = {item.idea.id: item.idea for item in bundle.items if item.idea and item.idea.is_public}
    people = _authors_and_supporters(list(ideas))
    titles = {("idea", idea_id): idea.title for idea_id, idea in ideas.items()}
    for item in bundle.items:  # the authors of bundled draft comments (once each)
        comment = item.comment
        if comment is None or not comment.is_visible or comment.author_id is None:
            continue
        titles[("draft", comment.id)] = comment.paragraph.version.draft.title
        people.setdefault(comment.author_id, ("commenter", comment.id))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(people)))}
    for user_id, (role, target_id) in sorted(people.items()):
        if user_id == decision.decided_by_id:
            continue
        notify(
            users.get(user_id),
            Kind.BUNDLE_DECISION,
            {
                "idea_title": titles[("draft" if role == "commenter" else "idea", target_id)],
                "role": role,
                "bundle_title": bundle.title,
                "outcome": decision.outcome,
                "rationale": decision.rationale[:2000],
            },
            url_for("bundles.detail", bundle_id=bundle.id, _anchor="decision"),
        )


@bundle_signals.project_updated.connect
def on_project_updated(sender: Any, project: Any, update: Any, **kwargs: Any) -> None:
    idea_ids = list(
        db.session.scalars(
            select(BundleItem.idea_id)
            .join(project_bundles, project_bundles.c.bundle_id == BundleItem.bundle_id)
            .where(project_bundles.c.project_id == project.id, BundleItem.idea_id.is_not(None))
        )
    )
    people = _authors_and_supporters(sorted(set(idea_ids)))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(people)))}
    for user_id in sorted(people):
        if user_id == update.author_id:
            continue
        notify(
            users.get(user_id),
            Kind.PROJECT_UPDATE,
            {
                "project_title": project.title,
                "text": update.text[: EXCERPT * 3],
                "status": update.status_to or "",
            },
            url_for("bundles.project", project_id=project.id, _anchor="updates"),
        )


@draft_signals.comment_response_published.connect
def on_comment_response(sender: Any, comment: Comment, response: Any, **kwargs: Any) -> None:
    """How my comment on a draft was handled (sent when the response table is published)."""
    from engage.drafts.models import DraftParagraph, DraftVersion

    if comment.author_id is None:
        return
    paragraph = db.session.get(DraftParagraph, comment.paragraph_id)
    version = db.session.get(DraftVersion, paragraph.version_id) if paragraph else None
    if version is None:
        return
    notify(
        _user(comment.author_id),
        Kind.COMMENT_RESPONSE,
        {
            "draft_title": version.draft.title,
            "outcome": response.outcome,
            "rationale": (response.rationale or "")[:2000],
        },
        url_for("drafts.responses", draft_id=version.draft_id),
    )
