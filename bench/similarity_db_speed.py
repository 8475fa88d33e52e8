"""Speed and size of the similar-idea index in the database (SQLite file or PostgreSQL).

Usage:
  python bench/similarity_db_speed.py [--ideas 100000] [--queries 300] [--seed 7]
      [--database URL] [--reuse]

Fills a database of its own with N synthetic ideas (the generator of
bench/similarity_speed.py, in 50 processes), builds the index with ``reindex_all()``,
then times ``suggest()`` for queries of the kind the idea form sends (a title, half of
them with a description), across all processes and within one, and the upkeep the
signal receivers do (re-index an edited idea, remove a hidden one). Prints p50/p95/max
and the size of the index tables. Target: < 50 ms per query at 100,000 ideas.

The database is wiped first (SQLite: the file; PostgreSQL: its public schema), so give
it a database of its own, e.g. ``postgresql://postgres@127.0.0.1:5432/engage_simdb``.
``--reuse`` keeps a database built by an earlier run with the same --ideas and --seed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from similarity_speed import make_idea  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from engage import create_app  # noqa: E402
from engage.config import TestConfig  # noqa: E402
from engage.extensions import db  # noqa: E402

PROCESSES = 50
TABLES = ("ideas", "processes", "similarity_terms", "similarity_ideas", "similarity_postings")
CHUNK = 5000


def build(n: int, seed: int) -> None:
    """A fresh schema with reference data, processes and ``n`` published ideas, indexed."""
    from engage.ideas.models import Idea
    from engage.ideas.similarity_store import reindex_all
    from engage.organisations.models import Organisation
    from engage.processes.models import Process
    from engage.site.seed import seed_reference_data
    from engage.themes.models import Theme

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()
    seed_reference_data()
    theme = db.session.scalars(select(Theme)).first()
    organisation = db.session.scalars(select(Organisation)).first()
    for k in range(PROCESSES):
        db.session.add(
            Process(
                title=f"Beteiligung {k}",
                slug=f"bench-{k}",
                summary="Bench",
                description="",
                theme=theme,
                organisation=organisation,
                status="published",
                moderation="post",
            )
        )
    db.session.flush()
    process_ids = list(db.session.scalars(select(Process.id).order_by(Process.id)))
    rng = random.Random(seed)
    started = time.perf_counter()
    for start in range(0, n, CHUNK):
        rows = []
        for k in range(start, min(n, start + CHUNK)):
            title, body = make_idea(rng)
            rows.append(
                {
                    "process_id": process_ids[k % PROCESSES],
                    "title": title[:120],
                    "body_source": body,
                    "body": f"<p>{body}</p>",
                    "status": "published",
                }
            )
        db.session.execute(insert(Idea), rows)
    db.session.commit()
    print(f"inserted {n} ideas in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    indexed = reindex_all()
    db.session.commit()
    print(f"reindex_all: {indexed} ideas in {time.perf_counter() - started:.1f} s")


def analyse_tables() -> None:
    """Statistics for the planner, as autovacuum / a maintenance job would keep them."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in TABLES:
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def sizes() -> list[tuple[str, float]]:
    """(table or index, MiB) of the index tables."""
    names = [
        "similarity_postings",
        "ix_similarity_postings_term",
        "similarity_ideas",
        "similarity_terms",
    ]
    out = []
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            for name in names:
                size = conn.execute(text("SELECT pg_relation_size(:n)"), {"n": name}).scalar()
                out.append((name, size / 2**20))
            total = conn.execute(
                text("SELECT pg_total_relation_size('similarity_postings')")
            ).scalar()
            out.append(("similarity_postings with its indexes", total / 2**20))
        else:
            try:
                rows = conn.execute(
                    text("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
                ).all()
            except Exception:
                rows = []
            found = dict(rows)
            for name in names:
                if name in found:
                    out.append((name, found[name] / 2**20))
            path = db.engine.url.database
            out.append(("whole database file", os.path.getsize(path) / 2**20))
    return out


def percentiles(name: str, times: list[float]) -> float:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{name}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms ({len(times)} runs)"
    )
    return p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database",
        default=f"sqlite:///{Path(tempfile.gettempdir()) / 'engage-similarity-bench.db'}",
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already built database")
    args = parser.parse_args(argv)

    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": args.database})
    app = create_app(config)
    with app.app_context():
        from engage.ideas.models import Idea
        from engage.ideas.similarity_store import (
            SimilarityIdea,
            SimilarityPosting,
            SimilarityTerm,
            index_idea,
            refresh_norms,
            remove_idea,
            suggest,
        )

        print(f"database: {db.engine.dialect.name} ({db.engine.url.render_as_string()})")
        reuse = False
        if args.reuse:
            try:
                reuse = db.session.scalar(select(func.count(SimilarityIdea.idea_id))) == args.ideas
            except Exception:
                db.session.rollback()
        if not reuse:
            build(args.ideas, args.seed)
        analyse_tables()
        postings = db.session.scalar(select(func.count()).select_from(SimilarityPosting))
        terms = db.session.scalar(select(func.count(SimilarityTerm.id)))
        print(
            f"index: {args.ideas} ideas, {postings:,} postings "
            f"({postings / args.ideas:.0f} per idea), {terms:,} terms"
        )
        for name, mib in sizes():
            print(f"  {name}: {mib:.1f} MiB")

        qrng = random.Random(args.seed + 1)
        queries = []
        for _ in range(args.queries):
            title, body = make_idea(qrng)
            queries.append((title, body if qrng.random() < 0.5 else ""))
        process_ids = list(db.session.scalars(select(SimilarityIdea.process_id).distinct()))
        suggest(*queries[0])  # warm-up: statements compiled, caches filled
        db.session.rollback()

        results: dict[str, list[float]] = {}
        found = 0
        for k, (title, body) in enumerate(queries):
            for scope, process_id in (
                ("all processes", None),
                ("one process", process_ids[k % len(process_ids)]),
            ):
                started, cpu = time.perf_counter(), time.process_time()
                hits = suggest(title, body, process_id=process_id, limit=5)
                wall = (time.perf_counter() - started) * 1000
                results.setdefault(f"{scope}, wall-clock", []).append(wall)
                results.setdefault(f"{scope}, CPU time of this process", []).append(
                    (time.process_time() - cpu) * 1000
                )
                found += bool(hits)
            db.session.rollback()  # a request ends its transaction
        p95 = max(
            percentiles(f"suggest(), {scope}", times)
            for scope, times in results.items()
            if "wall" in scope
        )
        for scope, times in results.items():
            if "CPU" in scope:
                percentiles(f"suggest(), {scope}", times)
        print(f"  queries with at least one suggestion: {found / (2 * len(queries)):.0%}")

        # Upkeep: what the receivers do on an edit (re-index) and on hiding (remove).
        ideas = list(db.session.scalars(select(Idea).order_by(Idea.id).limit(100)))
        edits, removals = [], []
        for idea in ideas:
            idea.title, body = make_idea(qrng)
            idea.body = f"<p>{body}</p>"
            db.session.flush()
            started = time.perf_counter()
            index_idea(idea)
            edits.append((time.perf_counter() - started) * 1000)
        for idea in ideas:
            started = time.perf_counter()
            remove_idea(idea.id)
            removals.append((time.perf_counter() - started) * 1000)
        db.session.rollback()  # leave the database as built
        percentiles("re-index an edited idea", edits)
        percentiles("remove an idea", removals)
        started = time.perf_counter()
        refreshed = refresh_norms()
        print(f"refresh_norms(): {refreshed} ideas in {time.perf_counter() - started:.1f} s")
        db.session.rollback()
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0 if p95 < 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
