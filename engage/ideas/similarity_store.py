"""The similar-idea index in the database: stored features, exact counters, SQL queries.

Every public idea (:attr:`Idea.is_public`: published, under review, bundled, accepted,
rejected or implemented, and not merged into another) is indexed; pending, withdrawn and
hidden ideas and merged duplicates are not. Rejected and implemented ideas stay suggestible:
a citizen learns from them what became of the same proposal before.

Tables (``similarity_*``):

* :class:`SimilarityTerm` — the vocabulary with each term's document frequency, a counter
  changed in the same transaction as the idea. The empty term ``""`` is in every indexed
  idea, so its counter is the number of indexed ideas.
* :class:`SimilarityPosting` — ``(idea_id, term_id, weight)``: the idea's features from
  :func:`~engage.ideas.similarity.analyze`, each weight divided by the idea's plain length.
* :class:`SimilarityIdea` — one row per indexed idea: process, plain length, a fingerprint
  of the indexed text (an unchanged text is not indexed again) and the idea's tf-idf norm.

The norm is the one value that depends on the other ideas (through idf). It is computed
when the idea is indexed, together with the collection size at that moment, and every
change of the index recomputes up to :data:`NORM_REFRESH_BATCH` norms that were computed
at a size more than :data:`NORM_DRIFT` away from the current one — so all norms follow the
collection as it grows, at a small fixed cost per change. :func:`refresh_norms` recomputes
them all (``flask --app engage ideas reindex-similarity --norms-only``).

:func:`suggest` takes the steps of the in-memory reference
(:class:`~engage.ideas.similarity.SimilarityIndex`) in SQL that SQLite and PostgreSQL share:
one lookup of the query's terms (document frequencies; a second one for the spellings of
unknown words), one aggregate over the postings of the rarest query terms that
pre-selects :data:`~engage.ideas.similarity.RESCORE_CANDIDATES` ideas, and one aggregate
over those ideas' postings of all query terms that scores them. With fresh norms the
scores are those of the in-memory index (a test checks it on the dev set).
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    bindparam,
    case,
    cast,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from engage.core.models import UTCDateTime, utcnow
from engage.extensions import db
from engage.ideas import signals
from engage.ideas.models import PUBLIC_STATUSES, Idea
from engage.ideas.similarity import (
    MAX_QUERY_TERMS,
    MAX_TERM_LENGTH,
    RESCORE_CANDIDATES,
    SUGGESTION_THRESHOLD,
    analyze,
    combined_score,
    idf,
    plain_length,
    query_vector,
    resolve_query,
    walk_order,
)
from engage.moderation import signals as moderation_signals
from engage.processes.models import Process

__all__ = [
    "SimilarityIdea",
    "SimilarityPosting",
    "SimilarityTerm",
    "index_idea",
    "is_suggestible",
    "refresh_norms",
    "register_cli",
    "reindex_all",
    "remove_idea",
    "suggest",
    "suggest_ideas",
    "sync_idea",
]

DOCUMENTS = ""  # the term every indexed idea has: its counter is the number of ideas
#: A norm computed at a collection size more than this share away from the current one
#: is recomputed ...
NORM_DRIFT = 0.05
#: ... up to this many with every change of the index.
NORM_REFRESH_BATCH = 100
CHUNK = 2000  # ideas per batch when rebuilding
ANALYZED_TABLES = (
    "ideas",
    "processes",
    "similarity_terms",
    "similarity_ideas",
    "similarity_postings",
)


# --- models -----------------------------------------------------------------------------------


class SimilarityTerm(db.Model):
    """A term of the similar-idea index and the number of indexed ideas that have it."""

    __tablename__ = "similarity_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(
        String(MAX_TERM_LENGTH), unique=True
    )  # stem, compound part or ~concept; "" counts the indexed ideas
    df: Mapped[int] = mapped_column(Integer, default=0)  # indexed ideas with this term


class SimilarityIdea(db.Model):
    """An idea in the similar-idea index (only public ideas are in it)."""

    __tablename__ = "similarity_ideas"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )  # the idea's process, for suggestions within one process
    length: Mapped[float] = mapped_column(Float)  # sqrt(sum of squared feature weights)
    norm2: Mapped[float] = mapped_column(
        Float, default=0.0
    )  # sum of (posting weight × idf)², with the idf of a collection of norm_n ideas
    norm_n: Mapped[int] = mapped_column(
        Integer, default=0, index=True
    )  # indexed ideas when norm2 was computed (stale ones are found by it)
    fingerprint: Mapped[str] = mapped_column(String(32))  # hash of the indexed text
    indexed_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SimilarityPosting(db.Model):
    """One feature of an indexed idea: its weight divided by the idea's plain length."""

    __tablename__ = "similarity_postings"
    __table_args__ = (
        # Candidates by term, read from the index alone (weight included).
        Index("ix_similarity_postings_term", "term_id", "idea_id", "weight"),
        {"sqlite_with_rowid": False},  # SQLite: the rows are the primary key's b-tree
    )

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("similarity_ideas.idea_id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("similarity_terms.id", ondelete="CASCADE"), primary_key=True
    )
    weight: Mapped[float] = mapped_column(Float)  # feature weight / SimilarityIdea.length


# Norms are recomputed in SQL with ln(). SQLite builds without the math functions (before
# 3.35, or compiled without them) get Python's; PostgreSQL has it built in.
@event.listens_for(Engine, "connect")
def _sqlite_math(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    try:
        dbapi_connection.execute("SELECT ln(2.0)").fetchone()
    except sqlite3.OperationalError:
        dbapi_connection.create_function("ln", 1, math.log, deterministic=True)


# --- keeping the index current ----------------------------------------------------------------


def is_suggestible(idea: Idea) -> bool:
    """Whether an idea belongs in the index: public and not merged into another."""
    return idea.is_public


def _fingerprint(process_id: int, title: str, body: str) -> str:
    text = f"{process_id}\x00{title}\x00{body}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _dialect_insert(model):
    """``INSERT`` of the session's dialect (for ``ON CONFLICT``)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(model)


def _count_terms(terms: Iterable[str], delta: int) -> dict[str, tuple[int, int]]:
    """Add ``delta`` to the counters of ``terms`` (created if missing): ``term -> (id, df)``.

    One statement, in the order of the terms: concurrent transactions lock the counters in
    the same order and cannot deadlock on them.
    """
    stmt = _dialect_insert(SimilarityTerm).values(
        [{"term": term, "df": max(delta, 0)} for term in sorted(terms)]
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[SimilarityTerm.term], set_={"df": SimilarityTerm.df + delta}
    ).returning(SimilarityTerm.id, SimilarityTerm.term, SimilarityTerm.df)
    return {term: (term_id, df) for term_id, term, df in db.session.execute(stmt)}


def index_idea(idea: Idea) -> bool:
    """Put an idea's current text into the index (replacing an older one); ``True`` if done.

    Does not check whether the idea is public (see :func:`sync_idea`); an idea whose text
    has no features (only stop words) is left out.
    """
    fingerprint = _fingerprint(idea.process_id, idea.title, idea.body)
    current = db.session.scalar(
        select(SimilarityIdea.fingerprint).where(SimilarityIdea.idea_id == idea.id)
    )
    if current == fingerprint:
        return False
    if current is not None:
        remove_idea(idea.id, refresh=False)
    features = analyze(idea.title, idea.body)
    if not features:
        return False
    counted = _count_terms([DOCUMENTS, *features], +1)
    n = counted[DOCUMENTS][1]
    length = plain_length(features)
    norm2 = sum((w / length * idf(counted[t][1], n)) ** 2 for t, w in features.items())
    db.session.execute(
        insert(SimilarityIdea).values(
            idea_id=idea.id,
            process_id=idea.process_id,
            length=length,
            norm2=norm2,
            norm_n=n,
            fingerprint=fingerprint,
            indexed_dt=utcnow(),
        )
    )
    db.session.execute(
        insert(SimilarityPosting),
        [
            {"idea_id": idea.id, "term_id": counted[term][0], "weight": weight / length}
            for term, weight in features.items()
        ],
    )
    _refresh_stale_norms(n)
    return True


def remove_idea(idea_id: int, *, refresh: bool = True) -> bool:
    """Take an idea out of the index; ``True`` if it was in it."""
    terms = list(
        db.session.scalars(
            select(SimilarityTerm.term)
            .join(SimilarityPosting, SimilarityPosting.term_id == SimilarityTerm.id)
            .where(SimilarityPosting.idea_id == idea_id)
        )
    )
    removed = db.session.execute(
        delete(SimilarityIdea)
        .where(SimilarityIdea.idea_id == idea_id)
        .returning(SimilarityIdea.idea_id),
        execution_options={"synchronize_session": False},
    ).first()
    if removed is None:
        return False
    db.session.execute(
        delete(SimilarityPosting).where(SimilarityPosting.idea_id == idea_id),
        execution_options={"synchronize_session": False},
    )
    counted = _count_terms([DOCUMENTS, *terms], -1)
    if refresh:
        _refresh_stale_norms(counted[DOCUMENTS][1])
    return True


def sync_idea(idea: Idea) -> None:
    """Index a suggestible idea with its current text, remove any other one."""
    if is_suggestible(idea):
        index_idea(idea)
    else:
        remove_idea(idea.id)


def _on_idea_changed(sender: Any, idea: Idea | None = None, **extra: Any) -> None:
    """Receiver of the ideas signals: the index follows the idea in the same transaction."""
    if idea is not None and idea.id is not None:
        sync_idea(idea)


# Submitted (published at once or pending), edited, status changed (approved, withdrawn,
# hidden, restored, decided), hidden (by flags or a moderator), restored, merged into another
# idea. Suggestions skip ideas that are not public anyway (see :func:`suggest`), so an
# operation that sends none of these cannot make the index suggest a hidden idea.
for _signal in (
    signals.idea_submitted,
    signals.idea_edited,
    signals.idea_status_changed,
    signals.content_hidden,
    moderation_signals.content_restored,
    moderation_signals.idea_merged,
):
    _signal.connect(_on_idea_changed)


# --- norms ------------------------------------------------------------------------------------


def _norms_update(n: int, which=None):
    """``UPDATE`` of the norms of the ideas ``which`` selects (all if None) with the document
    frequencies of now (``n`` ideas): ``UPDATE … FROM`` one aggregate over their postings, a
    plan every database gets right even without statistics."""
    P, T = SimilarityPosting, SimilarityTerm
    # Double precision throughout (PostgreSQL would divide an integer as numeric, slowly).
    term_idf = func.ln(literal(n + 1.0, Float) / cast(T.df + 1, Float)) + 1.0
    sums = (
        select(P.idea_id, func.sum(P.weight * P.weight * term_idf * term_idf).label("norm2"))
        .join(T, T.id == P.term_id)
        .group_by(P.idea_id)
    )
    if which is not None:
        sums = sums.where(P.idea_id.in_(which))
    sums = sums.subquery("sums")
    return (
        update(SimilarityIdea)
        .values(norm2=sums.c.norm2, norm_n=n)
        .where(SimilarityIdea.idea_id == sums.c.idea_id)
    )


def _stale(n: int):
    low, high = n / (1 + NORM_DRIFT), n * (1 + NORM_DRIFT)
    return select(SimilarityIdea.idea_id).where(
        or_(SimilarityIdea.norm_n < low, SimilarityIdea.norm_n > high)
    )


def _refresh_stale_norms(n: int) -> None:
    """Recompute the norms of up to :data:`NORM_REFRESH_BATCH` ideas whose are stale."""
    if n > 0:
        db.session.execute(
            _norms_update(n, _stale(n).limit(NORM_REFRESH_BATCH)),
            execution_options={"synchronize_session": False},
        )


def refresh_norms(*, stale_only: bool = False) -> int:
    """Recompute the ideas' norms with the document frequencies of now; how many.

    ``stale_only``: only those computed at a collection size more than :data:`NORM_DRIFT`
    away from the current one. One statement; the caller commits.
    """
    n = db.session.scalar(select(SimilarityTerm.df).where(SimilarityTerm.term == DOCUMENTS))
    if not n:
        return 0
    stmt = _norms_update(n, _stale(n) if stale_only else None)
    result = db.session.execute(stmt, execution_options={"synchronize_session": False})
    return result.rowcount


def reindex_all(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the public ideas; the number of ideas indexed.

    For the maintenance command and after bulk loads that bypass the operations (demo
    data). Runs in the caller's transaction (it flushes; the caller commits).
    ``progress(n)`` is told every ``n`` ideas done.
    """
    db.session.flush()
    for model in (SimilarityPosting, SimilarityIdea, SimilarityTerm):
        db.session.execute(delete(model), execution_options={"synchronize_session": False})
    public = (
        select(Idea.id, Idea.process_id, Idea.title, Idea.body)
        .where(Idea.status.in_(PUBLIC_STATUSES), Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    )
    indexed = 0
    last_id = 0
    term_ids: dict[str, int] = {}
    while True:
        rows = db.session.execute(public.where(Idea.id > last_id).limit(CHUNK)).all()
        if not rows:
            break
        last_id = rows[-1].id
        batch = [(row, analyze(row.title, row.body)) for row in rows]
        batch = [(row, features) for row, features in batch if features]
        new_terms = sorted({t for _, f in batch for t in f} - term_ids.keys())
        if new_terms:
            db.session.execute(
                insert(SimilarityTerm.__table__), [{"term": t, "df": 0} for t in new_terms]
            )
            found = db.session.execute(
                select(SimilarityTerm.term, SimilarityTerm.id).where(
                    SimilarityTerm.term.in_(new_terms)
                )
            ).all()
            term_ids.update((term, term_id) for term, term_id in found)
        now = utcnow()
        ideas_rows, postings = [], []
        for row, features in batch:
            length = plain_length(features)
            ideas_rows.append(
                {
                    "idea_id": row.id,
                    "process_id": row.process_id,
                    "length": length,
                    "norm2": 0.0,  # computed below, once the counters are known
                    "norm_n": 0,
                    "fingerprint": _fingerprint(row.process_id, row.title, row.body),
                    "indexed_dt": now,
                }
            )
            postings.extend(
                {"idea_id": row.id, "term_id": term_ids[t], "weight": w / length}
                for t, w in features.items()
            )
        if ideas_rows:
            # Core inserts (no ORM bookkeeping per row): millions of postings for large sites.
            db.session.execute(insert(SimilarityIdea.__table__), ideas_rows)
            db.session.execute(insert(SimilarityPosting.__table__), postings)
        indexed += len(ideas_rows)
        if progress is not None:
            progress(len(rows))
    # The counters, once at the end: postings per term, and the empty term counts the ideas.
    per_term = (
        select(func.count())
        .where(SimilarityPosting.term_id == SimilarityTerm.id)
        .correlate(SimilarityTerm)
        .scalar_subquery()
    )
    db.session.execute(
        update(SimilarityTerm).values(df=per_term), execution_options={"synchronize_session": False}
    )
    db.session.execute(insert(SimilarityTerm).values(term=DOCUMENTS, df=indexed))
    # Fresh statistics for the query planner after a bulk load (both databases know ANALYZE);
    # the suggestions read the ideas and processes too.
    for table in ANALYZED_TABLES:
        db.session.execute(text(f"ANALYZE {table}"))
    refresh_norms()
    db.session.flush()
    return indexed


# --- suggestions ------------------------------------------------------------------------------


class _Lookup:
    """Term ids and document frequencies of the indexed terms a query needs."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df: dict[str, int] = {}
        self.n = 0  # indexed ideas

    def __call__(self, terms: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        rows = db.session.execute(
            select(SimilarityTerm.term, SimilarityTerm.id, SimilarityTerm.df).where(
                SimilarityTerm.term.in_(sorted(terms | {DOCUMENTS})), SimilarityTerm.df > 0
            )
        )
        for term, term_id, df in rows:
            if term == DOCUMENTS:
                self.n = df
            elif term in terms:
                self.ids[term] = term_id
                self.df[term] = found[term] = df
        return found


def _padded(n: int) -> int:
    """Rows of a query table for ``n`` terms: one of a few sizes, so few statement shapes."""
    for size in (4, 8, 16, 32, 64):
        if n <= size:
            return size
    return MAX_QUERY_TERMS


def _query_table(size: int):
    """A CTE ``q(t, f)`` of ``size`` rows of bound parameters ``q_t{i}``, ``q_f{i}``.

    ``t`` a term id, ``f`` the query's tf-idf weight × idf (times a posting's weight: its
    share of the dot product). A ``UNION ALL`` of one-row ``SELECT``s rather than
    ``VALUES``: its compiled form is cached (the values are bound at execution), and SQLite
    and PostgreSQL read it alike. Unused rows get term id 0, which no term has.
    """
    rows = [
        select(
            bindparam(f"q_t{i}", type_=Integer).label("t"),
            bindparam(f"q_f{i}", type_=Float).label("f"),
        )
        for i in range(size)
    ]
    return union_all(*rows).cte("q")


@lru_cache(maxsize=64)
def _preselect_stmt(size: int, by_process: bool, excluding: bool):
    """The best candidates by their share of the dot product over the walked terms."""
    q = _query_table(size)
    P = SimilarityPosting
    stmt = select(P.idea_id).join(q, q.c.t == P.term_id)
    if by_process:
        # The process's ideas, once (a materialised CTE: PostgreSQL would otherwise look each
        # posting's idea up, or plan a parallel query for it).
        ideas = (
            select(SimilarityIdea.idea_id)
            .where(SimilarityIdea.process_id == bindparam("process_id"))
            .cte("process_ideas")
            .prefix_with("MATERIALIZED")
        )
        stmt = stmt.join(ideas, ideas.c.idea_id == P.idea_id)
    stmt = (
        stmt.group_by(P.idea_id)
        .order_by(func.sum(P.weight * q.c.f).desc(), P.idea_id)
        .limit(RESCORE_CANDIDATES)
    )
    if excluding:
        stmt = stmt.where(P.idea_id.not_in(bindparam("exclude", expanding=True)))
    return stmt


@lru_cache(maxsize=16)
def _score_stmt(size: int):
    """The candidates' shares of the query terms, with their norms; public ideas only.

    Driven by the candidates' ids (primary keys), so every database reads a few index
    entries per candidate. A posting's query values come from ``CASE`` expressions over the
    bound ``x_t{i}`` (term ids) and ``x_f``/``x_i``/``x_q{i}``: the query's tf-idf weight ×
    idf, idf², and the query's squared weight (a join with a table of them is slower on
    SQLite, which scans such a table for every posting).
    """
    from engage.ideas.queries import PUBLIC_PROCESS_STATUSES

    P, S = SimilarityPosting, SimilarityIdea

    def per_term(name: str):
        return case(
            *[
                (P.term_id == bindparam(f"x_t{i}", type_=Integer), bindparam(f"x_{name}{i}"))
                for i in range(size)
            ],
            else_=0.0,
        )

    candidates = bindparam("candidates", expanding=True)
    # Public ideas of public processes, not merged — also when a change reached the index
    # through no signal. A semi-join driven by the candidates' primary keys, so that no
    # database starts from the processes or the statuses of all ideas.
    public = select(Idea.id).where(
        Idea.id.in_(candidates),
        Idea.status.in_(PUBLIC_STATUSES),
        Idea.merged_into_id.is_(None),
        Idea.process_id.in_(select(Process.id).where(Process.status.in_(PUBLIC_PROCESS_STATUSES))),
    )
    return (
        select(
            S.idea_id,
            S.length,
            S.norm2,
            func.sum(P.weight * per_term("f")).label("dot"),
            func.sum(P.weight * P.weight * per_term("i")).label("d_shared"),
            func.sum(per_term("q")).label("q_shared"),
        )
        .join(P, P.idea_id == S.idea_id)
        .where(
            S.idea_id.in_(candidates),
            S.idea_id.in_(public),
            P.term_id.in_(bindparam("query_ids", expanding=True)),
        )
        .group_by(S.idea_id, S.length, S.norm2)
    )


def suggest(
    title: str,
    body: str = "",
    *,
    process_id: int | None = None,
    limit: int = 5,
    exclude_ids: Iterable[int] = (),
    threshold: float | None = None,
) -> list[tuple[int, float]]:
    """Ideas like a text: ``(idea id, score in 0..1)`` at or above the threshold, best first.

    ``threshold`` defaults to :data:`~engage.ideas.similarity.SUGGESTION_THRESHOLD` (0 gives a
    plain ranking). Three or four statements whatever the size of the index: the query's
    terms (and the spellings of unknown words), the pre-selection over the rarest terms, the
    scores of the best candidates. Only public ideas of public processes are suggested,
    even if the index missed a change.
    """
    if threshold is None:
        threshold = SUGGESTION_THRESHOLD
    features = analyze(title, body)
    if limit < 1 or not features:
        return []
    lookup = _Lookup()
    resolved, unmatched = resolve_query(features, lookup)
    n = lookup.n
    if not resolved or n == 0:
        return []
    qv, q_norm2 = query_vector(resolved, unmatched, lookup.df, n)
    terms = sorted(qv)
    idfs = {t: idf(lookup.df[t], n) for t in terms}

    # Pre-selection: share of the dot product over the rarest terms, each idea's weights
    # divided by its plain length.
    walked = walk_order({t: lookup.df[t] for t in terms})
    size = _padded(len(walked))
    params: dict[str, Any] = {}
    for i in range(size):
        t = walked[i] if i < len(walked) else None
        params[f"q_t{i}"] = lookup.ids[t] if t else 0
        params[f"q_f{i}"] = qv[t] * idfs[t] if t else 0.0
    exclude = sorted({int(i) for i in exclude_ids})
    if process_id is not None:
        params["process_id"] = process_id
    if exclude:
        params["exclude"] = exclude
    stmt = _preselect_stmt(size, process_id is not None, bool(exclude))
    candidates = list(db.session.scalars(stmt, params))
    if not candidates:
        return []

    # Scores of the candidates over all query terms.
    size = _padded(len(terms))
    params = {"candidates": candidates, "query_ids": [lookup.ids[t] for t in terms]}
    for i in range(size):
        t = terms[i] if i < len(terms) else None
        params[f"x_t{i}"] = lookup.ids[t] if t else 0
        params[f"x_f{i}"] = qv[t] * idfs[t] if t else 0.0
        params[f"x_i{i}"] = idfs[t] ** 2 if t else 0.0
        params[f"x_q{i}"] = qv[t] ** 2 if t else 0.0
    results = []
    for row in db.session.execute(_score_stmt(size), params):
        # The stored weights are divided by the idea's plain length: scale them back.
        k = row.length
        score = combined_score(
            k * row.dot, q_norm2, k * k * row.norm2, row.q_shared, k * k * row.d_shared
        )
        score = round(score, 4)
        if score >= threshold:
            results.append((row.idea_id, score))
    results.sort(key=lambda r: (-r[1], r[0]))
    return results[:limit]


def suggest_ideas(
    title: str,
    body: str = "",
    *,
    process: Process | int | None = None,
    limit: int = 5,
    exclude: Iterable[Idea | int] = (),
    threshold: float | None = None,
) -> list[tuple[Idea, float]]:
    """Public ideas like a text, with their scores, best first — for pages.

    Authors, tags and processes (with their themes) are loaded with them (four queries
    more, whatever the number). ``process`` limits the suggestions to one process;
    ``exclude`` leaves out ideas (the idea a page shows).
    """
    from engage.ideas.queries import public_ideas

    process_id = process.id if isinstance(process, Process) else process
    exclude_ids = [e.id if isinstance(e, Idea) else int(e) for e in exclude]
    scored = suggest(
        title,
        body,
        process_id=process_id,
        limit=limit,
        exclude_ids=exclude_ids,
        threshold=threshold,
    )
    if not scored:
        return []
    ideas = {
        idea.id: idea
        for idea in db.session.scalars(
            public_ideas()
            .where(Idea.id.in_([i for i, _ in scored]))
            .options(
                selectinload(Idea.author),
                selectinload(Idea.tags),
                selectinload(Idea.process).selectinload(Process.theme),
            )
        )
    }
    return [(ideas[i], score) for i, score in scored if i in ideas]


# --- demo data and command line ---------------------------------------------------------------


def _public_count() -> int:
    return (
        db.session.scalar(
            select(func.count(Idea.id)).where(
                Idea.status.in_(PUBLIC_STATUSES), Idea.merged_into_id.is_(None)
            )
        )
        or 0
    )


def _demo_step(builder) -> None:
    """Demo data is inserted in bulk, past the operations: index it once at the end."""
    with builder.progress(_public_count(), "Similar-idea index") as bar:
        reindex_all(progress=bar.update)


def _register_demo_step() -> None:
    from engage.site.demo import demo_step

    demo_step(900, "similarity_index")(_demo_step)


_register_demo_step()


@click.command("reindex-similarity")
@click.option(
    "--norms-only",
    is_flag=True,
    help="Only recompute the ideas' norms with today's term frequencies (fast).",
)
def reindex_similarity_command(norms_only: bool) -> None:
    """Rebuild the similar-idea index from all public ideas."""
    if norms_only:
        count = refresh_norms()
        db.session.commit()
        click.echo(f"Recomputed the norms of {count} ideas.")
        return
    with click.progressbar(length=_public_count(), label="Indexing ideas") as bar:
        indexed = reindex_all(progress=bar.update)
    db.session.commit()
    terms = db.session.scalar(select(func.count(SimilarityTerm.id)).where(SimilarityTerm.df > 0))
    click.echo(f"Indexed {indexed} public ideas with {max((terms or 1) - 1, 0)} terms.")


def register_cli(app) -> None:
    """Add ``reindex-similarity`` to the ``ideas`` command group (created if missing)."""
    group = app.cli.commands.get("ideas")
    if group is None:
        group = AppGroup("ideas", help="Manage ideas.")
        app.cli.add_command(group)
    group.add_command(reindex_similarity_command)
