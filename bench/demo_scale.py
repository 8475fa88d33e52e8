"""Time ``flask --app engage demo`` at city scale on a fresh SQLite file and on PostgreSQL.

Usage:
  python bench/demo_scale.py [--ideas 100000] [--supports 1000000] [--comments 200000]
      [--users 20000] [--responses 50000] [--seed 2026] [--backend sqlite|postgresql|both]
      [--sqlite PATH] [--postgresql URL]

For each backend the database is made fresh (SQLite: the file is deleted; PostgreSQL: the
database is dropped and created again, so give it one of its own), the schema is built with
``flask db upgrade`` — or, while ``migrations/versions`` is still empty, with ``create_all()``,
which also runs the full-text DDL of :mod:`engage.ideas.search` — then the demo command runs in
a child process. Prints wall time, peak memory (max RSS of the child), the command's summary
and a consistency check (row counts, counters equal the rows, search finds demo ideas).
Target: 100,000 ideas, 1,000,000 supports, 200,000 comments within 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "engage"]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/engage_demoscale_bench"

CHECK = """
from sqlalchemy import func, select, text
from engage import create_app
from engage.extensions import db
from engage.ideas.models import Comment, Idea, Support
from engage.ideas.search import search_ideas
app = create_app()
with app.app_context():
    s = db.session
    ideas = s.scalar(select(func.count(Idea.id)))
    supports = s.scalar(select(func.count(Support.id)))
    comments = s.scalar(select(func.count(Comment.id)))
    counted = s.scalar(select(func.sum(Idea.supports_count))) or 0
    wrong = s.scalar(text(
        "select count(*) from ideas i where supports_count <> "
        "(select count(*) from supports s where s.idea_id = i.id)"))
    responses = s.scalar(text("select count(*) from survey_responses"))
    wrong_c = s.scalar(text(
        "select count(*) from ideas i where comments_count <> (select count(*) from comments c "
        "where c.idea_id = i.id and c.deleted_dt is null and c.hidden_dt is null)"))
    found = s.scalar(search_ideas(select(func.count(Idea.id)), "Fahrradbügel"))
    print(f"check: ideas {ideas:,}, supports {supports:,} (counters sum {counted:,}), "
          f"comments {comments:,}, survey responses {responses:,}; "
          f"ideas with a wrong supports_count {wrong}, "
          f"comments_count {wrong_c}; search 'Fahrradbügel' finds {found:,}")
"""

SCHEMA = """
from engage import create_app
from engage.extensions import db
app = create_app()
with app.app_context():
    db.create_all()
"""


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ENGAGE_DATABASE_URL"] = url
    env.setdefault("ENGAGE_SECRET_KEY", "bench-demo-scale")
    return env


def _fresh(backend: str, url: str) -> None:
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _schema(url: str) -> str:
    versions = ROOT / "migrations" / "versions"
    if any(versions.glob("*.py")):
        subprocess.run([*FLASK, "db", "upgrade"], cwd=ROOT, env=_env(url), check=True)
        return "flask db upgrade"
    subprocess.run([sys.executable, "-c", SCHEMA], cwd=ROOT, env=_env(url), check=True)
    return "create_all (no migration yet)"


def run(backend: str, url: str, args: argparse.Namespace) -> None:
    print(f"=== {backend}: {url}", flush=True)
    _fresh(backend, url)
    how = _schema(url)
    command = [
        *FLASK,
        "demo",
        "--seed",
        str(args.seed),
        "--users",
        str(args.users),
        "--ideas",
        str(args.ideas),
        "--supports",
        str(args.supports),
        "--comments",
        str(args.comments),
        "--responses",
        str(args.responses),
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=_env(url), stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if not line.startswith("  ")]
    print("\n".join(lines[:8]))
    print(
        f"RESULT {backend}: schema by {how}; exit {child.returncode}; wall {wall:.1f} s; "
        f"peak memory {usage.ru_maxrss / 1024:.0f} MB; "
        f"cpu user {usage.ru_utime:.1f} s, sys {usage.ru_stime:.1f} s",
        flush=True,
    )
    subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=_env(url), check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sqlite", default="/tmp/engage_demo_scale.sqlite")  # noqa: S108
    parser.add_argument("--postgresql", default=DEFAULT_PG)
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        run("sqlite", f"sqlite:///{args.sqlite}", args)
    if args.backend in ("postgresql", "both"):
        run("postgresql", args.postgresql, args)


if __name__ == "__main__":
    main()
