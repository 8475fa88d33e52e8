"""Read side of moderation: the queue's tabs, an item's moderation view, duplicates,
clusters of related ideas, and the moderation log — each scoped to the organisations a
person moderates (``None`` = all) with a fixed number of queries per page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, false, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from engage.accounts.models import User
from engage.core.pagination import Page, paginate
from engage.drafts.models import Draft, DraftParagraph, DraftVersion
from engage.extensions import db
from engage.ideas.models import (
    PUBLIC_STATUSES,
    Comment,
    Flag,
    FlagStatus,
    Idea,
    IdeaStatus,
)
from engage.moderation.models import Assignment, ModerationLogEntry
from engage.organisations.models import Organisation
from engage.processes.models import Process
from engage.themes.models import Theme

Scope = set[int] | None  # organisation ids; None = every organisation

TABS = ("pending", "flagged", "newest", "overdue")


def _in_scope(scope: Scope, process_id: int | None = None):
    """Condition on ``Process`` (joined) for the scope and the optional process filter."""
    conditions = []
    if scope is not None:
        conditions.append(Process.organisation_id.in_(sorted(scope)) if scope else false())
    if process_id is not None:
        conditions.append(Process.id == process_id)
    return and_(*conditions) if conditions else literal(True)


def processes_in_scope(scope: Scope) -> list[Process]:
    """The processes whose content a person moderates (for the queue's filter)."""
    return list(
        db.session.scalars(
            select(Process).where(_in_scope(scope)).order_by(Process.title, Process.id)
        )
    )


def _idea_options():
    return (
        selectinload(Idea.author),
        selectinload(Idea.process).selectinload(Process.organisation),
    )


def _comment_options():
    """A comment with its author and its idea or draft paragraph (version, draft, process)."""
    return (
        selectinload(Comment.author),
        selectinload(Comment.idea).options(*_idea_options()),
        selectinload(Comment.paragraph)
        .selectinload(DraftParagraph.version)
        .selectinload(DraftVersion.draft)
        .selectinload(Draft.process)
        .selectinload(Process.organisation),
    )


def _join_paragraph_process(stmt):
    """Join a statement over ``Comment`` to the process of the comment's draft paragraph."""
    return (
        stmt.join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .join(Process, Process.id == Draft.process_id)
    )


def comment_draft(comment: Comment) -> Draft | None:
    """The draft a paragraph comment belongs to (None for idea comments)."""
    return comment.paragraph.version.draft if comment.paragraph is not None else None


# --- the queue --------------------------------------------------------------------------------


def pending_ideas(scope: Scope, process_id: int | None, page: int, per_page: int) -> Page:
    """Ideas awaiting pre-moderation, oldest first."""
    stmt = (
        select(Idea)
        .join(Process, Process.id == Idea.process_id)
        .where(Idea.status == IdeaStatus.PENDING.value, _in_scope(scope, process_id))
        .options(*_idea_options())
        .order_by(Idea.created_dt, Idea.id)
    )
    return paginate(stmt, page, per_page)


class _ItemContext:
    """What an item of the queue belongs to: its idea, or a draft paragraph and its draft."""

    item: Idea | Comment
    idea: Idea | None

    @property
    def paragraph(self) -> DraftParagraph | None:
        return getattr(self.item, "paragraph", None)

    @property
    def draft(self) -> Draft | None:
        return self.paragraph.version.draft if self.paragraph is not None else None

    @property
    def process(self) -> Process:
        return self.idea.process if self.idea is not None else self.draft.process


@dataclass
class FlaggedItem(_ItemContext):
    """An idea or comment (on an idea or a draft paragraph) with its open flags, grouped by
    reason; ``idea`` is None for a paragraph comment."""

    kind: str  # "idea" or "comment"
    item: Idea | Comment
    idea: Idea | None
    open_count: int
    first_dt: datetime
    flags: list[Flag] = field(default_factory=list)

    @property
    def reason_counts(self) -> list[tuple[str, int]]:
        counts = Counter(f.reason_label for f in self.flags)
        return counts.most_common()

    @property
    def texts(self) -> list[str]:
        return [f.text for f in self.flags if f.text]


def _flag_targets(scope: Scope, process_id: int | None):
    on_ideas = (
        select(
            Flag.target_type.label("kind"),
            Flag.target_id.label("target_id"),
            func.count(Flag.id).label("n"),
            func.min(Flag.created_dt).label("first_dt"),
        )
        .join(Idea, and_(Flag.target_type == "idea", Idea.id == Flag.target_id))
        .join(Process, Process.id == Idea.process_id)
        .where(Flag.status == FlagStatus.OPEN.value, _in_scope(scope, process_id))
        .group_by(Flag.target_type, Flag.target_id)
    )
    on_comments = (
        select(
            Flag.target_type.label("kind"),
            Flag.target_id.label("target_id"),
            func.count(Flag.id).label("n"),
            func.min(Flag.created_dt).label("first_dt"),
        )
        .join(Comment, and_(Flag.target_type == "comment", Comment.id == Flag.target_id))
        .join(Idea, Idea.id == Comment.idea_id)
        .join(Process, Process.id == Idea.process_id)
        .where(Flag.status == FlagStatus.OPEN.value, _in_scope(scope, process_id))
        .group_by(Flag.target_type, Flag.target_id)
    )
    on_paragraph_comments = (
        _join_paragraph_process(
            select(
                Flag.target_type.label("kind"),
                Flag.target_id.label("target_id"),
                func.count(Flag.id).label("n"),
                func.min(Flag.created_dt).label("first_dt"),
            ).join(Comment, and_(Flag.target_type == "comment", Comment.id == Flag.target_id))
        )
        .where(Flag.status == FlagStatus.OPEN.value, _in_scope(scope, process_id))
        .group_by(Flag.target_type, Flag.target_id)
    )
    return union_all(on_ideas, on_comments, on_paragraph_comments).subquery("flagged")


def flagged_items(scope: Scope, process_id: int | None, page: int, per_page: int) -> Page:
    """Items with open flags, the most reported first; each with its open flags."""
    targets = _flag_targets(scope, process_id)
    stmt = select(targets).order_by(
        targets.c.n.desc(), targets.c.first_dt, targets.c.kind, targets.c.target_id
    )
    result = paginate(stmt, page, per_page, scalars=False)
    rows = result.items
    idea_ids = [r.target_id for r in rows if r.kind == "idea"]
    comment_ids = [r.target_id for r in rows if r.kind == "comment"]
    ideas, comments = _load_items(idea_ids, comment_ids)
    flags: dict[tuple[str, int], list[Flag]] = {}
    if rows:
        for flag in db.session.scalars(
            select(Flag)
            .where(
                Flag.status == FlagStatus.OPEN.value,
                or_(
                    and_(Flag.target_type == "idea", Flag.target_id.in_(idea_ids or [-1])),
                    and_(Flag.target_type == "comment", Flag.target_id.in_(comment_ids or [-1])),
                ),
            )
            .order_by(Flag.created_dt, Flag.id)
        ):
            flags.setdefault((flag.target_type, flag.target_id), []).append(flag)
    items = []
    for r in rows:
        item = ideas.get(r.target_id) if r.kind == "idea" else comments.get(r.target_id)
        if item is None:  # pragma: no cover - deleted between the two queries
            continue
        idea = item if r.kind == "idea" else item.idea  # None: a draft paragraph comment
        items.append(
            FlaggedItem(r.kind, item, idea, r.n, r.first_dt, flags.get((r.kind, r.target_id), []))
        )
    result.items = items
    return result


def _load_items(idea_ids: list[int], comment_ids: list[int]) -> tuple[dict, dict]:
    """Ideas and comments by id, with what the queue shows (two queries at most)."""
    ideas = (
        {
            i.id: i
            for i in db.session.scalars(
                select(Idea).where(Idea.id.in_(idea_ids)).options(*_idea_options())
            )
        }
        if idea_ids
        else {}
    )
    comments = (
        {
            c.id: c
            for c in db.session.scalars(
                select(Comment).where(Comment.id.in_(comment_ids)).options(*_comment_options())
            )
        }
        if comment_ids
        else {}
    )
    return ideas, comments


@dataclass
class NewItem(_ItemContext):
    kind: str
    item: Idea | Comment
    idea: Idea | None  # None: a draft paragraph comment
    created_dt: datetime


def newest_items(scope: Scope, process_id: int | None, page: int, per_page: int) -> Page:
    """The newest ideas and comments (any status), newest first: recent activity."""
    ideas = (
        select(
            literal("idea").label("kind"),
            Idea.id.label("item_id"),
            Idea.created_dt.label("created_dt"),
        )
        .join(Process, Process.id == Idea.process_id)
        .where(_in_scope(scope, process_id))
    )
    comments = (
        select(
            literal("comment").label("kind"),
            Comment.id.label("item_id"),
            Comment.created_dt.label("created_dt"),
        )
        .join(Idea, Idea.id == Comment.idea_id)
        .join(Process, Process.id == Idea.process_id)
        .where(_in_scope(scope, process_id), Comment.deleted_dt.is_(None))
    )
    paragraph_comments = _join_paragraph_process(
        select(
            literal("comment").label("kind"),
            Comment.id.label("item_id"),
            Comment.created_dt.label("created_dt"),
        )
    ).where(_in_scope(scope, process_id), Comment.deleted_dt.is_(None))
    both = union_all(ideas, comments, paragraph_comments).subquery("newest")
    stmt = select(both).order_by(both.c.created_dt.desc(), both.c.kind, both.c.item_id.desc())
    result = paginate(stmt, page, per_page, scalars=False)
    loaded_ideas, loaded_comments = _load_items(
        [r.item_id for r in result.items if r.kind == "idea"],
        [r.item_id for r in result.items if r.kind == "comment"],
    )
    items = []
    for r in result.items:
        item = loaded_ideas.get(r.item_id) if r.kind == "idea" else loaded_comments.get(r.item_id)
        if item is not None:
            items.append(
                NewItem(r.kind, item, item if r.kind == "idea" else item.idea, item.created_dt)
            )
    result.items = items
    return result


def _assignment_scope(scope: Scope):
    """Assignments of the person's processes, or routed to the person's organisations."""
    if scope is None:
        return literal(True)
    if not scope:
        return false()
    ids = sorted(scope)
    return or_(Assignment.organisation_id.in_(ids), Process.organisation_id.in_(ids))


def _overdue_stmt(scope: Scope, process_id: int | None, today: date):
    return (
        select(Assignment)
        .join(Idea, Idea.id == Assignment.idea_id)
        .join(Process, Process.id == Idea.process_id)
        .where(
            Assignment.answered_dt.is_(None),
            Assignment.due_date < today,
            Idea.merged_into_id.is_(None),
            _assignment_scope(scope),
            _in_scope(None, process_id),
        )
    )


def overdue_assignments(
    scope: Scope, process_id: int | None, today: date, page: int, per_page: int
) -> Page:
    """Assignments past their due date without an official answer, the oldest due first."""
    stmt = (
        _overdue_stmt(scope, process_id, today)
        .options(
            selectinload(Assignment.organisation),
            selectinload(Assignment.idea).options(*_idea_options()),
        )
        .order_by(Assignment.due_date, Assignment.id)
    )
    return paginate(stmt, page, per_page)


def tab_counts(scope: Scope, process_id: int | None, today: date) -> dict[str, int]:
    """How many items each tab holds (one statement)."""
    pending = (
        select(func.count(Idea.id))
        .join(Process, Process.id == Idea.process_id)
        .where(Idea.status == IdeaStatus.PENDING.value, _in_scope(scope, process_id))
        .scalar_subquery()
    )
    flagged = select(func.count()).select_from(_flag_targets(scope, process_id)).scalar_subquery()
    overdue = (
        select(func.count())
        .select_from(_overdue_stmt(scope, process_id, today).subquery())
        .scalar_subquery()
    )
    row = db.session.execute(select(pending, flagged, overdue)).one()
    return {"pending": row[0], "flagged": row[1], "overdue": row[2]}


# --- one item ---------------------------------------------------------------------------------


def get_idea(idea_id: int) -> Idea | None:
    """An idea with what its moderation view shows."""
    return db.session.scalar(
        select(Idea)
        .where(Idea.id == idea_id)
        .options(
            *_idea_options(),
            selectinload(Idea.process).selectinload(Process.theme),
            selectinload(Idea.merged_into),
            selectinload(Idea.history),
        )
    )


def get_comment(comment_id: int) -> Comment | None:
    """A comment on an idea or a draft paragraph, with what its moderation view shows."""
    return db.session.scalar(
        select(Comment).where(Comment.id == comment_id).options(*_comment_options())
    )


def open_flags(kind: str, target_id: int) -> list[Flag]:
    return list(
        db.session.scalars(
            select(Flag)
            .where(
                Flag.target_type == kind,
                Flag.target_id == target_id,
                Flag.status == FlagStatus.OPEN.value,
            )
            .order_by(Flag.created_dt, Flag.id)
        )
    )


def assignment_for(idea_id: int) -> Assignment | None:
    return db.session.scalar(
        select(Assignment)
        .where(Assignment.idea_id == idea_id)
        .options(selectinload(Assignment.organisation))
    )


def merged_duplicates(idea_id: int) -> list[Idea]:
    """Ideas that were merged into this one."""
    return list(
        db.session.scalars(select(Idea).where(Idea.merged_into_id == idea_id).order_by(Idea.id))
    )


def likely_duplicates(idea: Idea, limit: int = 5) -> list[tuple[Idea, float]]:
    """Public ideas of the same theme that say much the same (candidates for a merge).

    Uses the similar-idea index in the database; where it is not available, an in-memory
    index over the idea's process.
    """
    theme_id = idea.process.theme_id
    try:
        from engage.ideas.similarity_store import suggest_ideas
    except ImportError:  # pragma: no cover - fallback while the index is not installed
        return _duplicates_in_memory(idea, limit)
    found = suggest_ideas(idea.title, idea.body, limit=limit * 3, exclude=[idea])
    return [(i, s) for i, s in found if i.process.theme_id == theme_id][:limit]


def _duplicates_in_memory(idea: Idea, limit: int) -> list[tuple[Idea, float]]:
    from engage.ideas.similarity import SimilarityIndex

    candidates = {
        i.id: i
        for i in db.session.scalars(
            select(Idea).where(
                Idea.process_id == idea.process_id,
                Idea.status.in_(PUBLIC_STATUSES),
                Idea.merged_into_id.is_(None),
                Idea.id != idea.id,
            )
        )
    }
    index = SimilarityIndex()
    for i in candidates.values():
        index.add(i.id, i.title, i.body)
    return [(candidates[i], s) for i, s in index.query(idea.title, idea.body, limit=limit)]


# --- clusters ---------------------------------------------------------------------------------

CLUSTER_IDEAS_MAX = 400  # the theme's most recent public ideas considered
CLUSTER_NEIGHBOURS = 8


@dataclass
class Cluster:
    ideas: list[Idea]
    score: float  # mean similarity of the links that joined it

    @property
    def supports(self) -> int:
        return sum(i.supports_count for i in self.ideas)


def theme_clusters(theme: Theme, scope: Scope, threshold: float | None = None) -> list[Cluster]:
    """Groups of related public ideas of a theme: connected components of the pairs whose
    similarity reaches the threshold (computed here, in memory, over the theme's most recent
    :data:`CLUSTER_IDEAS_MAX` public ideas of the processes the person moderates)."""
    from engage.ideas.similarity import SUGGESTION_THRESHOLD, SimilarityIndex

    threshold = SUGGESTION_THRESHOLD if threshold is None else threshold
    ideas = list(
        db.session.scalars(
            select(Idea)
            .join(Process, Process.id == Idea.process_id)
            .where(
                Process.theme_id == theme.id,
                Idea.status.in_(PUBLIC_STATUSES),
                Idea.merged_into_id.is_(None),
                _in_scope(scope),
            )
            .options(*_idea_options())
            .order_by(Idea.created_dt.desc(), Idea.id.desc())
            .limit(CLUSTER_IDEAS_MAX)
        )
    )
    index = SimilarityIndex()
    for idea in ideas:
        index.add(idea.id, idea.title, idea.body)
    parent = {i.id: i.id for i in ideas}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: dict[int, list[float]] = {}
    for idea in ideas:
        for other, score in index.query(
            idea.title, idea.body, limit=CLUSTER_NEIGHBOURS, exclude=[idea.id], threshold=threshold
        ):
            a, b = find(idea.id), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
            links.setdefault(idea.id, []).append(score)
    groups: dict[int, list[Idea]] = {}
    for idea in ideas:
        groups.setdefault(find(idea.id), []).append(idea)
    clusters = []
    for members in groups.values():
        if len(members) < 2:
            continue
        scores = [s for m in members for s in links.get(m.id, [])]
        members.sort(key=lambda i: (-i.supports_count, i.id))
        clusters.append(Cluster(members, round(sum(scores) / len(scores), 3) if scores else 0.0))
    clusters.sort(key=lambda c: (-len(c.ideas), -c.supports, c.ideas[0].id))
    return clusters


# --- the log ----------------------------------------------------------------------------------


@dataclass
class LogFilter:
    action: str = ""
    actor: str = ""  # e-mail address or display name, partial
    organisation_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def log_entries(scope: Scope, filters: LogFilter, page: int, per_page: int) -> Page:
    """Log entries of the person's organisations (admins: all), newest first."""
    stmt = select(ModerationLogEntry).options(selectinload(ModerationLogEntry.actor))
    if scope is not None:
        stmt = stmt.where(
            ModerationLogEntry.organisation_id.in_(sorted(scope)) if scope else false()
        )
    if filters.action:
        stmt = stmt.where(ModerationLogEntry.action == filters.action)
    if filters.actor:
        pattern = f"%{filters.actor.lower()}%"
        stmt = stmt.join(User, User.id == ModerationLogEntry.actor_id).where(
            or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern))
        )
    if filters.organisation_id is not None:
        stmt = stmt.where(ModerationLogEntry.organisation_id == filters.organisation_id)
    if filters.target_type:
        stmt = stmt.where(ModerationLogEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        stmt = stmt.where(ModerationLogEntry.target_id == filters.target_id)
    if filters.since is not None:
        stmt = stmt.where(ModerationLogEntry.created_dt >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(ModerationLogEntry.created_dt < filters.until)
    stmt = stmt.order_by(ModerationLogEntry.created_dt.desc(), ModerationLogEntry.id.desc())
    return paginate(stmt, page, per_page)


def log_actions() -> list[str]:
    """The actions that occur in the log (for the filter)."""
    return list(
        db.session.scalars(
            select(ModerationLogEntry.action).distinct().order_by(ModerationLogEntry.action)
        )
    )


def organisations(scope: Scope) -> list[Organisation]:
    stmt = select(Organisation).order_by(Organisation.name)
    if scope is not None:
        stmt = stmt.where(Organisation.id.in_(sorted(scope)) if scope else false())
    return list(db.session.scalars(stmt))


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))


def get_theme(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def get_ideas(ids: list[int]) -> list[Idea]:
    return list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)).options(*_idea_options())))


def get_comments(ids: list[int]) -> list[Comment]:
    return list(
        db.session.scalars(select(Comment).where(Comment.id.in_(ids)).options(*_comment_options()))
    )
