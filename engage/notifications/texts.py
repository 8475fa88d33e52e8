"""The words of a notification, rendered in the current locale from its kind and params."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from engage.notifications.models import Kind, Notification


@dataclass
class Text:
    title: str
    body: str


def _status_label(key: str) -> str:
    from engage.ideas.models import IdeaStatus

    try:
        return IdeaStatus(key).label
    except ValueError:
        return key


def _outcome_label(key: str) -> str:
    from engage.bundles.models import Outcome

    try:
        return Outcome(key).label
    except ValueError:
        return key


def _project_status_label(key: str) -> str:
    from engage.bundles.models import ProjectStatus

    try:
        return ProjectStatus(key).label
    except ValueError:
        return key


def _comment_outcome_label(key: str) -> str:
    from engage.drafts.models import Outcome

    try:
        return Outcome(key).label
    except ValueError:
        return key


def render(notification: Notification) -> Text:
    """Title and body of ``notification`` in the current locale."""
    p = notification.params or {}
    kind = notification.kind
    title = str(p.get("idea_title", ""))
    if kind == Kind.IDEA_STATUS:
        if p.get("official"):
            head = _("Official answer on your idea “%(title)s”", title=title)
        else:
            head = _(
                "Your idea “%(title)s” has a new status: %(status)s",
                title=title,
                status=_status_label(p.get("status", "")),
            )
        return Text(head, str(p.get("note") or ""))
    if kind == Kind.COMMENT_REPLY:
        return Text(
            _(
                "%(name)s replied to your comment on “%(title)s”",
                name=p.get("name", ""),
                title=title,
            ),
            str(p.get("text") or ""),
        )
    if kind == Kind.MODERATION:
        comment = p.get("target") == "comment"
        if p.get("action") == "restored":
            head = (
                _("Your comment on “%(title)s” is visible again", title=title)
                if comment
                else _("Your idea “%(title)s” is visible again", title=title)
            )
        else:
            head = (
                _("Your comment on “%(title)s” was hidden by a moderator", title=title)
                if comment
                else _("Your idea “%(title)s” was hidden by a moderator", title=title)
            )
        reason = p.get("reason") or ""
        if reason == "flags":
            body = _("It was reported several times and is hidden until a moderator decides.")
        else:
            body = _("Reason: %(reason)s", reason=reason) if reason else ""
        return Text(head, body)
    if kind == Kind.IDEA_MERGED:
        return Text(
            _(
                "Your idea “%(title)s” was merged into “%(into)s”",
                title=title,
                into=p.get("into_title", ""),
            ),
            _("Its supports now count for the idea it was merged into."),
        )
    if kind == Kind.BUNDLE_DECISION:
        outcome = _outcome_label(p.get("outcome", ""))
        if p.get("role") == "author":
            head = _("Decision on your idea “%(title)s”: %(outcome)s", title=title, outcome=outcome)
        elif p.get("role") == "commenter":
            head = _(
                "Decision on your comment on the draft “%(title)s”: %(outcome)s",
                title=title,
                outcome=outcome,
            )
        else:
            head = _(
                "Decision on the idea “%(title)s” you support: %(outcome)s",
                title=title,
                outcome=outcome,
            )
        body = _(
            "The Innovation Unit decided on the bundle “%(bundle)s”. Its reasons: %(rationale)s",
            bundle=p.get("bundle_title", ""),
            rationale=p.get("rationale", ""),
        )
        return Text(head, body)
    if kind == Kind.PROJECT_UPDATE:
        head = _("News on the project “%(project)s”", project=p.get("project_title", ""))
        body = str(p.get("text") or "")
        if p.get("status"):
            body = (
                _(
                    "The project's status is now: %(status)s.",
                    status=_project_status_label(p["status"]),
                )
                + "\n\n"
                + body
            )
        return Text(head, body)
    if kind == Kind.COMMENT_RESPONSE:
        head = _(
            "Your comment on the draft “%(draft)s” was handled: %(outcome)s",
            draft=p.get("draft_title", ""),
            outcome=_comment_outcome_label(p.get("outcome", "")),
        )
        return Text(head, _("Reasons: %(rationale)s", rationale=p.get("rationale", "")))
    return Text(kind, "")
