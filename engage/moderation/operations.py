"""Write-side use cases of moderation: approve, hide, restore, status change with an official
answer, decide flags, assign, merge duplicates, and bulk actions against spam waves.

Every operation checks the actor's permission, validates, changes, flushes, writes one
moderation log entry per item (:func:`engage.moderation.log.log_action`) and sends a signal —
it never commits. Refusals raise :class:`ModerationError` with the field at fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import exists, func, literal, select, true, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from engage.accounts.models import User
from engage.core import clock
from engage.core.text import normalize_text
from engage.extensions import db
from engage.ideas import signals as idea_signals
from engage.ideas.models import (
    PUBLIC_STATUSES,
    Comment,
    Flag,
    FlagStatus,
    FlagTarget,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Support,
)
from engage.moderation import permissions, signals
from engage.moderation.log import log_action
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.organisations.models import Organisation

BERLIN = ZoneInfo("Europe/Berlin")
REASON_MAX = 1000
ANSWER_MAX = 5000
# Statuses a moderator sets with an official answer (others follow from other actions).
ANSWER_STATUSES = (
    IdeaStatus.UNDER_REVIEW,
    IdeaStatus.ACCEPTED,
    IdeaStatus.REJECTED,
    IdeaStatus.IMPLEMENTED,
)
BULK_MAX = 200


class ModerationError(Exception):
    """A refused moderation action: a localised message, per-field messages, an HTTP status."""

    def __init__(
        self, message: str, *, field: str | None = None, status: int = 422, code: str = "invalid"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = {field: message} if field else {}
        self.status = status
        self.code = code


def today() -> date:
    """The current date in Bochum (due dates are days there)."""
    return clock.now().astimezone(BERLIN).date()


def _require(allowed: bool) -> None:
    if not allowed:
        raise ModerationError(_("You cannot moderate this content."), status=403, code="forbidden")


def _text(value: Any, field: str, *, required: bool, maximum: int, message: str) -> str:
    text = normalize_text(value if isinstance(value, str) else "").strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise ModerationError(_("The text contains characters that are not allowed."), field=field)
    if required and not text:
        raise ModerationError(message, field=field)
    if len(text) > maximum:
        raise ModerationError(
            _("This text can have at most %(max)d characters.", max=maximum), field=field
        )
    return text


def clean_reason(reason: Any, *, required: bool = True) -> str:
    """A reason as the log and the author see it: required for hiding, at most 1,000 chars."""
    return _text(
        reason,
        "reason",
        required=required,
        maximum=REASON_MAX,
        message=_("Please give a reason: the author is told why."),
    )


def _org_id(target: Idea | Comment) -> int | None:
    """The organisation owning the process of the idea, or of the comment's idea or draft."""
    if isinstance(target, Idea):
        return target.process.organisation_id
    return permissions.comment_organisation_id(target)


def _idea_of(target: Idea | Comment) -> Idea | None:
    """The idea itself or the comment's idea; None for a comment on a draft paragraph."""
    return target if isinstance(target, Idea) else target.idea


def _where(target: Idea | Comment) -> dict[str, Any]:
    """Log details saying where a comment stands: its idea, or its draft and paragraph."""
    if isinstance(target, Idea):
        return {}
    if target.idea_id is not None:
        return {"idea_id": target.idea_id}
    paragraph = target.paragraph
    return {"draft_id": paragraph.version.draft_id, "paragraph_id": paragraph.id}


def _draft_of(target: Idea | Comment) -> Any:
    if isinstance(target, Comment) and target.paragraph is not None:
        return target.paragraph.version.draft
    return None


def _kind(target: Idea | Comment) -> str:
    return FlagTarget.IDEA.value if isinstance(target, Idea) else FlagTarget.COMMENT.value


def _adjust_comments(idea: Idea, delta: int) -> None:
    """Atomically move an idea's visible-comment counter and load the new value."""
    value = db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(comments_count=Idea.comments_count + delta, updated_dt=Idea.updated_dt)
        .returning(Idea.comments_count),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    set_committed_value(idea, "comments_count", value)


def _decide_open_flags(actor: User | None, target: Idea | Comment, status: FlagStatus) -> int:
    """Close the item's open flags as dismissed or upheld; the number closed."""
    result = db.session.execute(
        update(Flag)
        .where(
            Flag.target_type == _kind(target),
            Flag.target_id == target.id,
            Flag.status == FlagStatus.OPEN.value,
        )
        .values(
            status=status.value,
            decided_dt=clock.now(),
            decided_by_id=actor.id if actor is not None else None,
        ),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0


def _status_changed(sender: str, idea: Idea, change: IdeaStatusChange, actor: User) -> None:
    db.session.flush()
    idea_signals.idea_status_changed.send(sender, idea=idea, change=change, actor=actor)


# --- approve, hide, restore -------------------------------------------------------------------


def approve_idea(actor: User, idea: Idea) -> IdeaStatusChange:
    """Pre-moderation: a pending idea is published."""
    _require(permissions.can_moderate_idea(actor, idea))
    if idea.status != IdeaStatus.PENDING:
        raise ModerationError(
            _("Only ideas awaiting moderation can be approved."), status=409, code="not_pending"
        )
    now = clock.now()
    change = idea.change_status(IdeaStatus.PUBLISHED, actor=actor, at=now)
    log_action(actor, "approve", "idea", idea.id, organisation_id=_org_id(idea))
    _status_changed("approve_idea", idea, change, actor)
    return change


def hide(actor: User, target: Idea | Comment, reason: Any) -> None:
    """Hide an idea or comment with a reason its author is told; its open flags are upheld."""
    _require(permissions.can_moderate_item(actor, target))
    text = clean_reason(reason)
    idea = _idea_of(target)
    if isinstance(target, Idea):
        if target.status == IdeaStatus.HIDDEN:
            raise ModerationError(_("This idea is already hidden."), status=409, code="hidden")
        if not target.can_change_to(IdeaStatus.HIDDEN):  # pragma: no cover - all statuses can
            raise ModerationError(_("This idea cannot be hidden."), status=409, code="state")
        before = target.status
        change = target.change_status(IdeaStatus.HIDDEN, actor=actor, note=text, at=clock.now())
        details = {"status_before": before}
    else:
        if target.is_deleted:
            raise ModerationError(
                _("This comment was deleted by its author."), status=409, code="deleted"
            )
        if target.is_hidden:
            raise ModerationError(_("This comment is already hidden."), status=409, code="hidden")
        target.hidden_dt = clock.now()
        db.session.flush()
        if idea is not None:  # draft paragraphs count their visible comments when read
            _adjust_comments(idea, -1)
        change = None
        details = _where(target)
    upheld = _decide_open_flags(actor, target, FlagStatus.UPHELD)
    if upheld:
        details["flags_upheld"] = upheld
    log_action(
        actor,
        "hide",
        _kind(target),
        target.id,
        organisation_id=_org_id(target),
        reason=text,
        **details,
    )
    if change is not None:
        _status_changed("hide", target, change, actor)
    db.session.flush()
    idea_signals.content_hidden.send(
        "hide", target=target, idea=idea, draft=_draft_of(target), reason=text, actor=actor
    )


def restore(actor: User, target: Idea | Comment, reason: Any = "") -> None:
    """Show a hidden idea or comment again (the idea returns to its earlier status)."""
    _require(permissions.can_moderate_item(actor, target))
    text = clean_reason(reason, required=False)
    idea = _idea_of(target)
    details: dict[str, Any] = {}
    change = None
    if isinstance(target, Idea):
        if target.status != IdeaStatus.HIDDEN:
            raise ModerationError(_("This idea is not hidden."), status=409, code="not_hidden")
        change = target.restore(actor=actor, note=text or None, at=clock.now())
        details["status_after"] = target.status
    else:
        if not target.is_hidden:
            raise ModerationError(_("This comment is not hidden."), status=409, code="not_hidden")
        target.hidden_dt = None
        db.session.flush()
        if idea is not None and not target.is_deleted:
            _adjust_comments(idea, +1)
        details.update(_where(target))
    dismissed = _decide_open_flags(actor, target, FlagStatus.DISMISSED)
    if dismissed:
        details["flags_dismissed"] = dismissed
    log_action(
        actor,
        "restore",
        _kind(target),
        target.id,
        organisation_id=_org_id(target),
        reason=text,
        **details,
    )
    if change is not None:
        _status_changed("restore", target, change, actor)
    db.session.flush()
    signals.content_restored.send(
        "restore", target=target, idea=idea, draft=_draft_of(target), actor=actor, reason=text
    )


# --- flags ------------------------------------------------------------------------------------


def _hidden_by_flags(target: Idea | Comment) -> bool:
    """Whether the item is hidden because of flags (not by a moderator)."""
    if isinstance(target, Idea):
        if target.status != IdeaStatus.HIDDEN or not target.history:
            return False
        last = target.history[-1]
        return last.status == IdeaStatus.HIDDEN and last.actor_id is None
    if not target.is_hidden:
        return False
    by_moderator = db.session.scalar(
        select(
            exists().where(
                ModerationLogEntry.action == "hide",
                ModerationLogEntry.target_type == "comment",
                ModerationLogEntry.target_id == target.id,
                ModerationLogEntry.created_dt >= target.hidden_dt,
            )
        )
    )
    return not by_moderator


def open_flag_count(target: Idea | Comment) -> int:
    return (
        db.session.scalar(
            select(func.count(Flag.id)).where(
                Flag.target_type == _kind(target),
                Flag.target_id == target.id,
                Flag.status == FlagStatus.OPEN.value,
            )
        )
        or 0
    )


def dismiss_flags(actor: User, target: Idea | Comment, reason: Any = "") -> int:
    """Nothing wrong: close the open flags; an item hidden only by flags is shown again."""
    _require(permissions.can_moderate_item(actor, target))
    text = clean_reason(reason, required=False)
    idea = _idea_of(target)
    restore_it = _hidden_by_flags(target)
    count = _decide_open_flags(actor, target, FlagStatus.DISMISSED)
    if not count:
        raise ModerationError(_("There are no open reports."), status=409, code="no_flags")
    log_action(
        actor,
        "dismiss_flags",
        _kind(target),
        target.id,
        organisation_id=_org_id(target),
        reason=text,
        count=count,
        restored=restore_it,
    )
    if restore_it:
        restore(actor, target, text)
    db.session.flush()
    signals.flags_decided.send(
        "dismiss_flags", target=target, idea=idea, actor=actor, outcome="dismissed", count=count
    )
    return count


def uphold_flags(actor: User, target: Idea | Comment, reason: Any) -> int:
    """The reports are right: the item is hidden (reason required) and its flags upheld."""
    _require(permissions.can_moderate_item(actor, target))
    text = clean_reason(reason)
    idea = _idea_of(target)
    count = open_flag_count(target)
    if not count:
        raise ModerationError(_("There are no open reports."), status=409, code="no_flags")
    visible = target.status != IdeaStatus.HIDDEN if isinstance(target, Idea) else target.is_visible
    if visible:
        hide(actor, target, text)  # upholds the open flags and logs the hiding
    else:
        _decide_open_flags(actor, target, FlagStatus.UPHELD)
    log_action(
        actor,
        "uphold_flags",
        _kind(target),
        target.id,
        organisation_id=_org_id(target),
        reason=text,
        count=count,
    )
    db.session.flush()
    signals.flags_decided.send(
        "uphold_flags", target=target, idea=idea, actor=actor, outcome="upheld", count=count
    )
    return count


# --- status and official answer ---------------------------------------------------------------


def answer_idea(actor: User, idea: Idea, status: Any, answer: Any) -> IdeaStatusChange:
    """An official answer, with a new status (under review, accepted, rejected, implemented)
    or keeping the current one (``status`` empty); shown in the idea's history."""
    _require(permissions.can_moderate_idea(actor, idea))
    if idea.merged_into_id is not None:
        raise ModerationError(
            _("This idea was merged into another one. Please answer there."),
            status=409,
            code="merged",
        )
    text = _text(
        answer,
        "answer",
        required=True,
        maximum=ANSWER_MAX,
        message=_("Please write the official answer."),
    )
    new = None
    if status:
        try:
            new = IdeaStatus(status)
        except ValueError:
            new = None
        if new not in ANSWER_STATUSES:
            raise ModerationError(_("Please choose one of the offered statuses."), field="status")
    before = idea.status
    if new is None or new == idea.status:
        change = idea.answer(text, actor=actor)
        change.created_dt = clock.now()
    else:
        if not idea.can_change_to(new):
            raise ModerationError(
                _(
                    "An idea that is “%(current)s” cannot become “%(new)s”.",
                    current=idea.status_enum.label,
                    new=new.label,
                ),
                field="status",
            )
        change = idea.change_status(new, actor=actor, note=text, official=True, at=clock.now())
    log_action(
        actor,
        "answer" if before == idea.status else "status",
        "idea",
        idea.id,
        organisation_id=_org_id(idea),
        reason=text,
        status_before=before,
        status_after=idea.status,
    )
    _status_changed("answer_idea", idea, change, actor)
    return change


def _mark_answered(sender: Any, idea: Idea | None = None, change: Any = None, **extra: Any) -> None:
    """Receiver: an official answer (from any area) answers the idea's assignment."""
    if idea is None or change is None or not getattr(change, "is_official_answer", False):
        return
    db.session.execute(
        update(Assignment)
        .where(Assignment.idea_id == idea.id, Assignment.answered_dt.is_(None))
        .values(answered_dt=change.created_dt or clock.now()),
        execution_options={"synchronize_session": "fetch"},
    )


idea_signals.idea_status_changed.connect(_mark_answered)


# --- assignments ------------------------------------------------------------------------------


def assign_idea(
    actor: User, idea: Idea, organisation: Organisation | None, due_date: date | None
) -> Assignment:
    """Route an idea to the organisation that must answer it, by a due date (not in the past)."""
    _require(permissions.can_moderate_idea(actor, idea))
    if organisation is None:
        raise ModerationError(_("Please choose an organisation."), field="organisation")
    if due_date is None:
        raise ModerationError(_("Please give a due date."), field="due_date")
    if due_date < today():
        raise ModerationError(_("The due date cannot be in the past."), field="due_date")
    assignment = db.session.scalar(select(Assignment).where(Assignment.idea_id == idea.id))
    previous = None
    if assignment is None:
        assignment = Assignment(idea_id=idea.id)
        db.session.add(assignment)
    else:
        previous = {
            "previous_organisation_id": assignment.organisation_id,
            "previous_due_date": assignment.due_date.isoformat(),
        }
    assignment.organisation_id = organisation.id
    assignment.due_date = due_date
    assignment.assigned_by_id = actor.id
    assignment.answered_dt = None
    assignment.created_dt = clock.now()
    db.session.flush()
    log_action(
        actor,
        "assign",
        "idea",
        idea.id,
        organisation_id=_org_id(idea),
        assigned_organisation_id=organisation.id,
        due_date=due_date.isoformat(),
        **(previous or {}),
    )
    signals.idea_assigned.send("assign_idea", idea=idea, assignment=assignment, actor=actor)
    return assignment


# --- merge ------------------------------------------------------------------------------------


@dataclass
class MergeResult:
    moved: int  # supports that moved to the target
    duplicates: int  # supporters of both: counted once
    source_count: int
    target_count: int


def merge_denial(actor: User, source: Idea, target: Idea) -> ModerationError | None:
    """Why ``source`` cannot be merged into ``target``, or ``None``."""
    if not permissions.can_merge(actor, source, target):
        return ModerationError(_("You cannot moderate both ideas."), status=403, code="forbidden")
    if source.id == target.id:
        return ModerationError(_("An idea cannot be merged into itself."), field="target")
    if source.merged_into_id is not None:
        return ModerationError(
            _("This idea has already been merged into another one."), status=409, code="merged"
        )
    if target.merged_into_id is not None:
        return ModerationError(
            _(
                "Idea no. %(id)d has itself been merged into idea no. %(into)d. Please merge "
                "into that one.",
                id=target.id,
                into=target.merged_into_id,
            ),
            field="target",
        )
    if target.status not in PUBLIC_STATUSES:
        return ModerationError(_("Ideas can only be merged into a published idea."), field="target")
    if source.process.theme_id != target.process.theme_id:
        return ModerationError(
            _("Ideas can only be merged within the same lead theme."), field="target"
        )
    return None


def merge_ideas(actor: User, source: Idea, target: Idea, reason: Any = "") -> MergeResult:
    """Merge the duplicate ``source`` into ``target``, also after supports were given.

    Set-based in one transaction: supports of the source's supporters who do not support the
    target yet (and did not write it) are inserted for the target, the source's supports are
    deleted, and both counters are recomputed from the rows. The source keeps its comments
    and stays readable with a link to the target; it leaves lists and suggestions.
    """
    denial = merge_denial(actor, source, target)
    if denial is not None:
        raise denial
    text = clean_reason(reason, required=False)
    # Lock both ideas (in id order): supports and other merges of them wait for this one.
    db.session.execute(
        select(Idea.id)
        .where(Idea.id.in_([source.id, target.id]))
        .order_by(Idea.id)
        .with_for_update()
    )
    other = aliased(Support)
    keep = ~exists().where(other.idea_id == target.id, other.user_id == Support.user_id)
    not_author = Support.user_id != target.author_id if target.author_id is not None else true()
    rows = select(literal(target.id), Support.user_id, Support.created_dt).where(
        Support.idea_id == source.id, keep, not_author
    )
    moved = len(
        db.session.execute(
            _dialect_insert(Support)
            .from_select(["idea_id", "user_id", "created_dt"], rows)
            .on_conflict_do_nothing()
            .returning(Support.user_id)
        ).all()
    )
    removed = (
        db.session.execute(
            Support.__table__.delete().where(Support.__table__.c.idea_id == source.id)
        ).rowcount
        or 0
    )
    counted = select(func.count(Support.id)).where(Support.idea_id == Idea.id).scalar_subquery()
    counts = dict(
        db.session.execute(
            update(Idea)
            .where(Idea.id.in_([source.id, target.id]))
            .values(supports_count=counted, updated_dt=Idea.updated_dt)
            .returning(Idea.id, Idea.supports_count),
            execution_options={"synchronize_session": False},
        ).all()
    )
    set_committed_value(source, "supports_count", counts[source.id])
    set_committed_value(target, "supports_count", counts[target.id])

    now = clock.now()
    source.merged_into_id = target.id
    source.merged_into = target
    source.history.append(
        IdeaStatusChange(
            status=source.status,
            note=text or _("Merged into the idea “%(title)s”.", title=target.title),
            actor_id=actor.id,
            created_dt=now,
        )
    )
    target.history.append(
        IdeaStatusChange(
            status=target.status,
            note=_("The idea “%(title)s” was merged into this one.", title=source.title),
            actor_id=actor.id,
            created_dt=now,
        )
    )
    db.session.flush()
    _remove_from_suggestions(source)
    result = MergeResult(
        moved=moved,
        duplicates=removed - moved,
        source_count=counts[source.id],
        target_count=counts[target.id],
    )
    log_action(
        actor,
        "merge",
        "idea",
        source.id,
        organisation_id=_org_id(source),
        reason=text,
        into=target.id,
        into_organisation_id=_org_id(target),
        supports_moved=moved,
        supports_not_moved=removed - moved,
        target_supports=counts[target.id],
    )
    signals.idea_merged.send(
        "merge_ideas", idea=source, into=target, actor=actor, moved=moved, reason=text
    )
    return result


def _dialect_insert(model):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _remove_from_suggestions(idea: Idea) -> None:
    """The merged duplicate leaves the similar-idea index in the same transaction."""
    try:
        from engage.ideas.similarity_store import remove_idea
    except ImportError:  # pragma: no cover - the index is optional
        return
    remove_idea(idea.id)


# --- bulk -------------------------------------------------------------------------------------

BULK_ACTIONS = ("hide", "approve")


def bulk_action(
    actor: User, targets: Iterable[Idea | Comment], action: str, reason: Any = ""
) -> int:
    """One action on many items (a spam wave): hide with one reason, or approve.

    Every item must be one the actor moderates (otherwise nothing is done); items the action
    does not apply to (already hidden, not pending) are skipped. The number changed.
    """
    items = list(targets)
    if action not in BULK_ACTIONS:
        raise ModerationError(_("Please choose an action."), field="action")
    if not items:
        raise ModerationError(_("Please select at least one item."), field="items")
    if len(items) > BULK_MAX:
        raise ModerationError(
            _("Please select at most %(max)d items at once.", max=BULK_MAX), field="items"
        )
    for item in items:
        _require(permissions.can_moderate_item(actor, item))
    text = clean_reason(reason, required=action == "hide")
    done = 0
    for item in items:
        if action == "hide":
            hidden = (
                item.status == IdeaStatus.HIDDEN if isinstance(item, Idea) else not item.is_visible
            )
            if not hidden:
                hide(actor, item, text)
                done += 1
        elif isinstance(item, Idea) and item.status == IdeaStatus.PENDING:
            approve_idea(actor, item)
            done += 1
    return done
