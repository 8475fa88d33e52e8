"""Read-side queries of ideas, shared by the pages, the API and (later) reports.

Public lists show only :data:`~engage.ideas.models.PUBLIC_STATUSES` of public processes and
never merged duplicates. Counts come from the ideas' counters; authors, tags and processes are
loaded with the page, so the number of queries of a page does not grow with the data.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, Select, cast, false, func, literal, or_, select
from sqlalchemy.orm import selectinload

from engage.core.pagination import Page, paginate
from engage.core.text import normalize_line
from engage.extensions import db
from engage.ideas.models import (
    PUBLIC_STATUSES,
    Comment,
    Idea,
    Support,
    Tag,
    idea_tags,
)
from engage.ideas.search import search_ideas
from engage.processes.models import Process, ProcessStatus

SORTS = ("newest", "supports", "comments", "random")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
COMMENT_THREADS_PER_PAGE = 20
SIMILAR_LIMIT = 5

PUBLIC_PROCESS_STATUSES = (ProcessStatus.PUBLISHED, ProcessStatus.ARCHIVED)

# A prime just below 2**31: (id * a + b) mod M permutes ids; a and b come from the seed.
_RANDOM_MODULUS = 2_147_483_647


def _id(value: Any) -> int | None:
    if value is None:
        return None
    return value if isinstance(value, int) else value.id


def new_random_seed() -> int:
    """A seed for the ``random`` order, kept per visitor (in the session)."""
    return secrets.randbelow(2**62)


def random_order(seed: int):
    """A deterministic shuffle of ideas by ``seed`` that SQLite and PostgreSQL compute alike."""
    seed = abs(int(seed))
    a = 1 + seed % (_RANDOM_MODULUS - 1)
    b = (seed // (_RANDOM_MODULUS - 1)) % _RANDOM_MODULUS
    return (cast(Idea.id, BigInteger) * literal(a, BigInteger) + literal(b, BigInteger)) % literal(
        _RANDOM_MODULUS, BigInteger
    )


def public_ideas() -> Select:
    """Ideas everyone may see: public status, not merged, in a published or archived process."""
    return (
        select(Idea)
        .join(Process, Process.id == Idea.process_id)
        .where(
            Idea.status.in_(PUBLIC_STATUSES),
            Idea.merged_into_id.is_(None),
            Process.status.in_(PUBLIC_PROCESS_STATUSES),
        )
    )


def filter_ideas(
    stmt: Select,
    *,
    process: Any = None,
    theme: Any = None,
    district: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    q: str | None = None,
) -> Select:
    """Apply the filters of the idea lists to ``stmt`` (which selects from ideas ⋈ processes)."""
    if process is not None:
        stmt = stmt.where(Idea.process_id == _id(process))
    if theme is not None:
        stmt = stmt.where(Process.theme_id == _id(theme))
    if district:
        stmt = stmt.where(Idea.district == district)
    if status:
        stmt = (
            stmt.where(Idea.status == status) if status in PUBLIC_STATUSES else stmt.where(false())
        )
    tag = normalize_line(tag or "").lower()
    q = normalize_line(q or "")
    if tag:
        tagged = (
            select(idea_tags.c.idea_id)
            .join(Tag, Tag.id == idea_tags.c.tag_id)
            .where(Tag.name == tag)
        )
        stmt = stmt.where(Idea.id.in_(tagged))
    if q:
        stmt = search_ideas(stmt, q)
    return stmt


def order_ideas(stmt: Select, sort: str = "newest", seed: int | None = None) -> Select:
    """Order by ``newest``, ``supports``, ``comments`` or ``random`` (stable for one seed)."""
    if sort == "supports":
        return stmt.order_by(Idea.supports_count.desc(), Idea.created_dt.desc(), Idea.id.desc())
    if sort == "comments":
        return stmt.order_by(Idea.comments_count.desc(), Idea.created_dt.desc(), Idea.id.desc())
    if sort == "random":
        return stmt.order_by(random_order(seed or 0), Idea.id)
    return stmt.order_by(Idea.created_dt.desc(), Idea.id.desc())


def list_ideas(
    *,
    process: Any = None,
    theme: Any = None,
    district: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    q: str | None = None,
    sort: str = "newest",
    seed: int | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    max_per_page: int = MAX_PER_PAGE,
) -> Page:
    """One page of public ideas, filtered and sorted; authors, tags and processes loaded."""
    per_page = min(max(int(per_page), 1), max_per_page)
    page = max(int(page), 1)
    stmt = filter_ideas(
        public_ideas(),
        process=process,
        theme=theme,
        district=district,
        status=status,
        tag=tag,
        q=q,
    )
    stmt = order_ideas(stmt, sort if sort in SORTS else "newest", seed).options(
        selectinload(Idea.author),
        selectinload(Idea.tags),
        selectinload(Idea.process).selectinload(Process.theme),
    )
    return paginate(stmt, page, per_page)


def count_public_ideas(process_ids: Iterable[int]) -> dict[int, int]:
    """Public ideas per process, in one query (for process cards and the API's ideas_count)."""
    ids = list(process_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Idea.process_id, func.count(Idea.id))
        .where(
            Idea.process_id.in_(ids),
            Idea.status.in_(PUBLIC_STATUSES),
            Idea.merged_into_id.is_(None),
        )
        .group_by(Idea.process_id)
    )
    counts = dict.fromkeys(ids, 0)
    counts.update({pid: n for pid, n in rows})  # noqa: C416 (a Result has .keys())
    return counts


def latest_ideas(limit: int = 6) -> list[Idea]:
    """The newest public ideas across all processes (home page)."""
    return list(
        db.session.scalars(
            order_ideas(public_ideas(), "newest")
            .limit(limit)
            .options(
                selectinload(Idea.author),
                selectinload(Idea.tags),
                selectinload(Idea.process).selectinload(Process.theme),
            )
        )
    )


def tags_in_use(process: Any = None, limit: int = 50) -> list[str]:
    """Tag names of public ideas (of one process), most used first; for the filter form."""
    stmt = (
        select(Tag.name, func.count(idea_tags.c.idea_id).label("n"))
        .join(idea_tags, idea_tags.c.tag_id == Tag.id)
        .join(Idea, Idea.id == idea_tags.c.idea_id)
        .where(Idea.status.in_(PUBLIC_STATUSES), Idea.merged_into_id.is_(None))
        .group_by(Tag.name)
        .order_by(func.count(idea_tags.c.idea_id).desc(), Tag.name)
        .limit(limit)
    )
    if process is not None:
        stmt = stmt.where(Idea.process_id == _id(process))
    return [name for name, _ in db.session.execute(stmt)]


# --- one idea ---------------------------------------------------------------------------------


def idea_for_page(idea_id: int) -> Idea | None:
    """One idea (any status; the view decides who sees it) with all its page needs loaded."""
    return db.session.scalar(
        select(Idea)
        .where(Idea.id == idea_id)
        .options(
            selectinload(Idea.author),
            selectinload(Idea.tags),
            selectinload(Idea.history),
            selectinload(Idea.merged_into),
            selectinload(Idea.process).selectinload(Process.phases),
            selectinload(Idea.process).selectinload(Process.theme),
            selectinload(Idea.process).selectinload(Process.organisation),
        )
    )


def supported_ids(user: Any, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas ``user`` supports (one query; empty for visitors)."""
    ids = list(idea_ids)
    if not ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            select(Support.idea_id).where(Support.user_id == user.id, Support.idea_id.in_(ids))
        )
    )


@dataclass
class Thread:
    """A comment with its replies (each a thread too), as shown on the idea page."""

    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def comment_threads(
    idea: Idea, page: int = 1, per_page: int = COMMENT_THREADS_PER_PAGE
) -> tuple[Page, list[Thread]]:
    """One page of top-level comments (oldest first) with all their replies."""
    roots_page, roots, _threads = threads_where(Comment.idea_id == idea.id, page, per_page)
    return roots_page, roots


def threads_where(
    place: Any, page: int, per_page: int, thread: type[Thread] = Thread
) -> tuple[Page, list[Thread], dict[int, Thread]]:
    """One page of the top-level comments of one place (``place``: the condition that picks
    an idea's or a draft paragraph's comments), oldest first, with all their replies.

    Three queries and their author loads, whatever the size of the discussion: the page of
    top-level comments (plus its count), and every reply below them in one go. Returns the
    page, its threads and every thread by comment id.
    """
    roots_stmt = (
        select(Comment)
        .where(place, Comment.parent_id.is_(None))
        .order_by(Comment.created_dt, Comment.id)
        .options(selectinload(Comment.author))
    )
    roots_page = paginate(roots_stmt, page, per_page)
    root_ids = [c.id for c in roots_page.items]
    threads = {c.id: thread(c) for c in roots_page.items}
    if root_ids:
        level_one = select(Comment.id).where(Comment.parent_id.in_(root_ids))
        replies = db.session.scalars(
            select(Comment)
            .where(
                place,
                or_(Comment.parent_id.in_(root_ids), Comment.parent_id.in_(level_one)),
            )
            .order_by(Comment.depth, Comment.created_dt, Comment.id)
            .options(selectinload(Comment.author))
        ).all()
        for reply in replies:  # parents come first (ordered by depth)
            child = thread(reply)
            threads[reply.id] = child
            parent = threads.get(reply.parent_id)
            if parent is not None:
                parent.replies.append(child)
    return roots_page, [threads[i] for i in root_ids], threads


def comment_in_idea(idea: Idea, comment_id: Any) -> Comment | None:
    """A comment of ``idea`` by a (possibly malformed) id from a form or query string."""
    try:
        cid = int(comment_id)
    except (TypeError, ValueError):
        return None
    if not 0 < cid < 2**31:
        return None
    comment = db.session.get(Comment, cid)
    return comment if comment is not None and comment.idea_id == idea.id else None


# --- similar ideas ----------------------------------------------------------------------------


def similar_ideas_for(
    title: str, body: str | None, process: Any, *, exclude_id: int | None = None
) -> list[Idea]:
    """Public ideas of ``process`` like a new idea's text (at most five, best first), from the
    German similar-idea index (``engage.ideas.similarity_store``)."""
    from engage.ideas.similarity_store import suggest_ideas

    if not (title or "").strip() and not (body or "").strip():
        return []
    return [
        idea
        for idea, _score in suggest_ideas(
            title or "",
            body or "",
            process=process,
            limit=SIMILAR_LIMIT,
            exclude=[exclude_id] if exclude_id else (),
        )
    ]
