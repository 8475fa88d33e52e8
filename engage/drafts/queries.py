"""Read side of drafts: pages, paragraph comment counts, threads, the response table.

Every function answers with a fixed number of queries, whatever the number of paragraphs,
versions or comments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from engage.core.pagination import Page, paginate
from engage.extensions import db
from engage.ideas.models import Comment
from engage.ideas.queries import Thread as IdeaThread
from engage.ideas.queries import threads_where
from engage.processes.models import Process

from .models import CommentResponse, Draft, DraftParagraph, DraftStatus, DraftVersion, Outcome

COMMENT_THREADS_PER_PAGE = 20
RESPONSES_PER_PAGE = 50
MOST_COMMENTED = 5


def _int_id(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _visible():
    return and_(Comment.deleted_dt.is_(None), Comment.hidden_dt.is_(None))


def draft_for_page(draft_id: Any) -> Draft | None:
    """A draft with its process (phases, theme, organisation) and current version loaded."""
    did = _int_id(draft_id)
    if did is None:
        return None
    return db.session.scalar(
        select(Draft)
        .where(Draft.id == did)
        .options(
            selectinload(Draft.process).selectinload(Process.phases),
            selectinload(Draft.process).selectinload(Process.theme),
            selectinload(Draft.process).selectinload(Process.organisation),
            selectinload(Draft.current_version),
        )
    )


def drafts_of_process(process: Process, include_unpublished: bool) -> list[Draft]:
    """The drafts of a process, oldest first, with their current versions (two queries)."""
    stmt = (
        select(Draft)
        .where(Draft.process_id == process.id)
        .order_by(Draft.created_dt, Draft.id)
        .options(selectinload(Draft.current_version))
    )
    if not include_unpublished:
        stmt = stmt.where(Draft.status == DraftStatus.PUBLISHED)
    return list(db.session.scalars(stmt))


def published_ids_by_process(process_ids: Iterable[int]) -> dict[int, list[int]]:
    """``{process_id: [draft ids]}`` of published drafts (one query), for the API."""
    ids = list(process_ids)
    result: dict[int, list[int]] = {pid: [] for pid in ids}
    if not ids:
        return result
    rows = db.session.execute(
        select(Draft.process_id, Draft.id)
        .where(Draft.process_id.in_(ids), Draft.status == DraftStatus.PUBLISHED)
        .order_by(Draft.process_id, Draft.id)
    )
    for pid, did in rows:
        result[pid].append(did)
    return result


def versions(draft: Draft, include_unpublished: bool = False) -> list[DraftVersion]:
    stmt = select(DraftVersion).where(DraftVersion.draft_id == draft.id)
    if not include_unpublished:
        stmt = stmt.where(DraftVersion.published_dt.is_not(None))
    return list(db.session.scalars(stmt.order_by(DraftVersion.number)))


def version_by_number(draft: Draft, number: Any) -> DraftVersion | None:
    n = _int_id(number)
    if n is None:
        return None
    return db.session.scalar(
        select(DraftVersion).where(DraftVersion.draft_id == draft.id, DraftVersion.number == n)
    )


def paragraphs_of(version: DraftVersion) -> list[DraftParagraph]:
    return list(
        db.session.scalars(
            select(DraftParagraph)
            .where(DraftParagraph.version_id == version.id)
            .order_by(DraftParagraph.position)
        )
    )


def paragraph_in_draft(draft: Draft, paragraph_id: Any) -> DraftParagraph | None:
    """A paragraph of any published version of ``draft`` (with its version loaded)."""
    pid = _int_id(paragraph_id)
    if pid is None:
        return None
    return db.session.scalar(
        select(DraftParagraph)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .where(DraftParagraph.id == pid, DraftVersion.draft_id == draft.id)
        .options(joinedload(DraftParagraph.version))
    )


@dataclass
class EarlierComments:
    """Comments on the predecessors of a paragraph in earlier versions."""

    count: int
    paragraph_id: int  # the latest earlier paragraph with comments (the link target)
    version_number: int


@dataclass
class ParagraphView:
    paragraph: DraftParagraph
    comments: int = 0
    earlier: EarlierComments | None = None


def paragraph_views(draft: Draft, version: DraftVersion) -> list[ParagraphView]:
    """The paragraphs of a version with their visible comment counts, and for each the
    comments on its predecessors in earlier versions (three queries)."""
    paragraphs = paragraphs_of(version)
    ids = [p.id for p in paragraphs]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            db.session.execute(
                select(Comment.paragraph_id, func.count(Comment.id))
                .where(Comment.paragraph_id.in_(ids), _visible())
                .group_by(Comment.paragraph_id)
            ).all()
        )
    earlier: dict[str, EarlierComments] = {}
    if version.number > 1 and ids:
        rows = db.session.execute(
            select(
                DraftParagraph.key,
                DraftParagraph.id,
                DraftVersion.number,
                func.count(Comment.id),
            )
            .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
            .join(Comment, Comment.paragraph_id == DraftParagraph.id)
            .where(
                DraftVersion.draft_id == draft.id,
                DraftVersion.number < version.number,
                DraftParagraph.key.in_({p.key for p in paragraphs}),
                _visible(),
            )
            .group_by(DraftParagraph.key, DraftParagraph.id, DraftVersion.number)
            .order_by(DraftVersion.number)
        ).all()
        for key, pid, number, n in rows:  # ascending: the latest earlier paragraph wins
            before = earlier.get(key)
            earlier[key] = EarlierComments((before.count if before else 0) + n, pid, number)
    return [ParagraphView(p, counts.get(p.id, 0), earlier.get(p.key)) for p in paragraphs]


@dataclass
class Commented:
    paragraph: DraftParagraph
    version_number: int
    comments: int


def most_commented(draft: Draft, limit: int = MOST_COMMENTED) -> list[Commented]:
    """The paragraphs (of any version) that drew the most visible comments (one query)."""
    rows = db.session.execute(
        select(DraftParagraph, DraftVersion.number, func.count(Comment.id).label("n"))
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .join(Comment, Comment.paragraph_id == DraftParagraph.id)
        .where(DraftVersion.draft_id == draft.id, _visible())
        .group_by(DraftParagraph.id, DraftVersion.number)
        .order_by(
            func.count(Comment.id).desc(), DraftVersion.number.desc(), DraftParagraph.position
        )
        .limit(limit)
    ).all()
    return [Commented(p, number, n) for p, number, n in rows]


def comment_total(draft: Draft) -> int:
    return (
        db.session.scalar(
            select(func.count(Comment.id))
            .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
            .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
            .where(DraftVersion.draft_id == draft.id, _visible())
        )
        or 0
    )


# --- threads ----------------------------------------------------------------------------------


@dataclass
class Thread(IdeaThread):
    """A paragraph comment with its replies, and how it was handled (the response table)."""

    response: CommentResponse | None = None


def comment_threads(
    paragraph: DraftParagraph,
    page: int = 1,
    per_page: int = COMMENT_THREADS_PER_PAGE,
    with_responses: bool = False,
) -> tuple[Page, list[Thread]]:
    """One page of top-level comments (oldest first) with all their replies (fixed queries),
    as idea comments are threaded; with their responses for the response table."""
    roots_page, roots, threads = threads_where(
        Comment.paragraph_id == paragraph.id, page, per_page, thread=Thread
    )
    if with_responses and threads:
        for response in db.session.scalars(
            select(CommentResponse).where(CommentResponse.comment_id.in_(list(threads)))
        ):
            threads[response.comment_id].response = response
    return roots_page, roots


def comment_in_paragraph(paragraph: DraftParagraph, comment_id: Any) -> Comment | None:
    cid = _int_id(comment_id)
    if cid is None:
        return None
    comment = db.session.get(Comment, cid)
    return comment if comment is not None and comment.paragraph_id == paragraph.id else None


def comment_with_draft(comment_id: Any) -> tuple[Comment, DraftParagraph, Draft] | None:
    """A paragraph comment with its paragraph and draft, or ``None`` (also for idea comments)."""
    cid = _int_id(comment_id)
    if cid is None:
        return None
    row = db.session.execute(
        select(Comment, DraftParagraph, DraftVersion.draft_id)
        .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .where(Comment.id == cid)
    ).first()
    if row is None:
        return None
    comment, paragraph, draft_id = row
    draft = draft_for_page(draft_id)
    return (comment, paragraph, draft) if draft is not None else None


def thread_page(comment: Comment) -> int:
    """The page of top-level threads on which ``comment`` appears."""
    root = comment
    while root.parent_id is not None and root.parent is not None:
        root = root.parent
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            Comment.paragraph_id == root.paragraph_id,
            Comment.parent_id.is_(None),
            (Comment.created_dt < root.created_dt)
            | ((Comment.created_dt == root.created_dt) & (Comment.id < root.id)),
        )
    )
    return (before or 0) // COMMENT_THREADS_PER_PAGE + 1


# --- the response table -----------------------------------------------------------------------

NO_RESPONSE = "none"  # outcome filter: comments still without a response (moderators)


@dataclass
class ResponseRow:
    comment: Comment
    paragraph: DraftParagraph
    version_number: int
    response: CommentResponse | None


def _table_stmt(draft: Draft) -> Select:
    return (
        select(Comment, DraftParagraph, DraftVersion.number, CommentResponse)
        .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .outerjoin(CommentResponse, CommentResponse.comment_id == Comment.id)
        .where(DraftVersion.draft_id == draft.id, _visible())
        .options(selectinload(Comment.author))
    )


def _filtered(stmt: Select, outcome: str | None, paragraph_id: int | None) -> Select:
    if outcome == NO_RESPONSE:
        stmt = stmt.where(CommentResponse.id.is_(None))
    elif outcome in {o.value for o in Outcome}:
        stmt = stmt.where(CommentResponse.outcome == outcome)
    if paragraph_id is not None:
        stmt = stmt.where(DraftParagraph.id == paragraph_id)
    return stmt.order_by(
        DraftVersion.number, DraftParagraph.position, Comment.created_dt, Comment.id
    )


def response_table(
    draft: Draft,
    *,
    outcome: str | None = None,
    paragraph_id: int | None = None,
    page: int = 1,
    per_page: int = RESPONSES_PER_PAGE,
) -> Page:
    """One page of the table's rows (every shown comment of every version), filtered."""
    stmt = _filtered(_table_stmt(draft), outcome, paragraph_id)
    result = paginate(stmt, page, per_page, scalars=False)
    result.items = [ResponseRow(c, p, n, r) for c, p, n, r in result.items]
    return result


def response_rows(
    draft: Draft, *, outcome: str | None = None, paragraph_id: int | None = None
) -> Iterator[ResponseRow]:
    """All rows of the table, filtered, streamed (exports)."""
    stmt = _filtered(_table_stmt(draft), outcome, paragraph_id)
    for c, p, n, r in db.session.execute(stmt.execution_options(yield_per=500)):
        yield ResponseRow(c, p, n, r)


def commented_paragraphs(draft: Draft) -> list[tuple[DraftParagraph, int]]:
    """Paragraphs with shown comments and their version number (the paragraph filter)."""
    rows = db.session.execute(
        select(DraftParagraph, DraftVersion.number)
        .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
        .where(
            DraftVersion.draft_id == draft.id,
            DraftParagraph.id.in_(select(Comment.paragraph_id).where(_visible())),
        )
        .order_by(DraftVersion.number, DraftParagraph.position)
    ).all()
    return [(p, n) for p, n in rows]


def unanswered_count(draft: Draft) -> int:
    stmt = _table_stmt(draft).where(CommentResponse.id.is_(None))
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def responded_comments(draft: Draft) -> list[tuple[Comment, CommentResponse]]:
    rows = db.session.execute(_table_stmt(draft).where(CommentResponse.id.is_not(None))).all()
    return [(c, r) for c, _p, _n, r in rows]


def outcome_counts(draft: Draft) -> dict[str, int]:
    """How many comments got each outcome (one query)."""
    return dict(
        db.session.execute(
            select(CommentResponse.outcome, func.count(CommentResponse.id))
            .join(Comment, Comment.id == CommentResponse.comment_id)
            .join(DraftParagraph, DraftParagraph.id == Comment.paragraph_id)
            .join(DraftVersion, DraftVersion.id == DraftParagraph.version_id)
            .where(DraftVersion.draft_id == draft.id, _visible())
            .group_by(CommentResponse.outcome)
        ).all()
    )


def response_for(comment: Comment) -> CommentResponse | None:
    return db.session.scalar(
        select(CommentResponse).where(CommentResponse.comment_id == comment.id)
    )
