"""Load benchmark: engage at city scale under gunicorn as in production, driven by ``wrk``.

Usage:
  python bench/load.py [--backend sqlite|postgresql|both] [--sqlite PATH] [--postgresql URL]
      [--duration 15] [--connections 16] [--citizens 2000] [--port 5090] [--rebuild]

For each backend:

1. The database (default ``/tmp/bench-load.sqlite`` and ``engage_bench`` on the local
   PostgreSQL) is reused when it holds the demo at city scale, else built by
   ``bench/demo_scale.py`` (``flask demo`` with 100,000 ideas, 1,000,000 supports, 200,000
   comments, 20,000 citizens and 50,000 survey responses: 2.5 to 4 minutes). ``--rebuild``
   forces a fresh one.
2. ``--citizens`` citizens get an API token each (named ``bench-load``; the previous run's
   are deleted), and a list of (citizen, idea) pairs that are not yet supported is written
   into a ``wrk`` Lua script, so that every ``PUT /api/v1/ideas/{id}/support`` adds a support.
3. A bare Flask "hello" app (``bench/hello.py``) and then engage are served by gunicorn with
   the settings of ``make serve`` (``--workers 2 --threads 4``); engage in production
   configuration (``ENGAGE_ENV=production``, a secret key, ``ENGAGE_ALLOW_SQLITE_IN_PRODUCTION=1``
   for SQLite) with ``ENGAGE_RATELIMIT_ENABLED=0``: the benchmark comes from one address and
   would otherwise measure the rate limiter's 429 answers instead of the pages.
4. ``wrk`` (Debian package ``wrk``) runs ``--connections`` connections on 2 threads for
   ``--duration`` seconds against each URL after a short warm-up; a Lua ``done`` hook prints
   requests per second and the latency percentiles. Every page is fetched once before and
   must answer 200 with content.
5. Afterwards: the RSS of the gunicorn workers, and the supports check (every idea's
   ``supports_count`` equals its rows; the supports added equal the successful PUTs).

Prints one table per backend and the targets of issue #8 (pages at >= 25 % of bare Flask and
p99 < 100 ms at 16 connections, >= 200 support writes per second on PostgreSQL, workers under
150 MB). The machine is shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import demo_scale  # noqa: E402

DEFAULT_SQLITE = "/tmp/bench-load.sqlite"  # noqa: S108
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/engage_bench"
SCALE = {
    "ideas": 100_000,
    "supports": 1_000_000,
    "comments": 200_000,
    "users": 20_000,
    "responses": 50_000,
    "seed": 2026,
}
TOKEN_NAME = "bench-load"  # noqa: S105 - the tokens' label, not a secret
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4"]
WRK = shutil.which("wrk") or "/usr/bin/wrk"

# Prints one JSON line at the end of a wrk run; shared by every script.
LUA_DONE = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"status_errors": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""

# PUT /api/v1/ideas/{id}/support with the bearer token of many citizens: each wrk thread walks
# its own slice of the (token, idea) pairs, so every request is a new support.
LUA_SUPPORT = """
local counter = 1
local threads = {}
setup = function(thread)
  thread:set("index", counter)
  counter = counter + 1
end
init = function(args)
  local share = math.floor(#pair_idea / nthreads)
  first = (index - 1) * share + 1
  last = first + share - 1
  pos = first
end
request = function()
  local i = pos
  pos = pos + 1
  if pos > last then pos = first end
  return wrk.format("PUT", "/api/v1/ideas/" .. pair_idea[i] .. "/support",
    {["Authorization"] = "Bearer " .. tokens[pair_token[i]], ["Accept"] = "application/json"})
end
"""


@dataclass
class Result:
    name: str
    rps: float
    p50: float  # milliseconds
    p95: float
    p99: float
    errors: int
    requests: int


# --- the database -----------------------------------------------------------------------------


def _engine(url: str):
    from sqlalchemy import create_engine

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url)


def _scale_present(url: str) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            ideas = conn.scalar(text("select count(*) from ideas"))
            responses = conn.scalar(text("select count(*) from survey_responses"))
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()
    return ideas >= SCALE["ideas"] and responses >= SCALE["responses"]


def ensure_database(backend: str, url: str, rebuild: bool) -> None:
    if not rebuild and _scale_present(url):
        print(f"reusing {url} (demo at city scale present); migrating it to the head", flush=True)
        subprocess.run(
            [*demo_scale.FLASK, "db", "upgrade"],
            cwd=ROOT,
            env=demo_scale._env(url),
            check=True,
            capture_output=True,
        )
        return
    demo_scale.run(backend, url, argparse.Namespace(**SCALE))


def _app(url: str):
    from engage import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-load"})


def prepare(url: str, citizens: int, pairs_wanted: int) -> dict:
    """Pick the pages' targets, make API tokens and the unsupported (citizen, idea) pairs."""
    from sqlalchemy import delete, func, insert, select

    from engage.accounts.models import ApiToken, Role, User
    from engage.accounts.tokens import TOKEN_PREFIX, hash_token
    from engage.extensions import db
    from engage.ideas import permissions
    from engage.ideas.models import PUBLIC_STATUSES, Comment, Idea, Support

    app = _app(url)
    with app.test_request_context():
        s = db.session
        public = [st.value if hasattr(st, "value") else st for st in PUBLIC_STATUSES]
        process_id = s.scalar(
            select(Idea.process_id)
            .where(Idea.status.in_(public), Idea.merged_into_id.is_(None))
            .group_by(Idea.process_id)
            .order_by(func.count(Idea.id).desc())
            .limit(1)
        )
        visible = func.count(Comment.id)
        discussed = s.execute(
            select(Comment.idea_id, visible)
            .join(Idea, Idea.id == Comment.idea_id)
            .where(
                Comment.deleted_dt.is_(None),
                Comment.hidden_dt.is_(None),
                Idea.status.in_(public),
                Idea.merged_into_id.is_(None),
            )
            .group_by(Comment.idea_id)
            .having(visible >= 50)
            .order_by(visible, Comment.idea_id)
            .limit(1)
        ).first()
        if discussed is None:
            raise SystemExit("no public idea with 50 comments: the demo is too small")
        users = list(
            s.scalars(
                select(User)
                .where(User.role == Role.CITIZEN.value, User.email.like("%@%demo%"))
                .order_by(User.id)
                .limit(citizens * 2)
            )
        )
        # Ideas open for supports (phase, status, no support limit), by a sample citizen.
        probe = users[0]
        targets = []
        for (pid,) in s.execute(select(Idea.process_id).group_by(Idea.process_id)).all():
            candidates = s.scalars(
                select(Idea)
                .where(Idea.process_id == pid, Idea.status == "published")
                .where(Idea.merged_into_id.is_(None), Idea.author_id != probe.id)
                .order_by(Idea.id)
                .limit(60)
            ).all()
            if candidates and not candidates[0].process.support_limit:
                targets += [i for i in candidates if permissions.support_denial(probe, i) is None]
            if len(targets) >= 60:
                break
        targets = targets[:60]
        if not targets:
            raise SystemExit("no idea open for supports in the demo")
        users = users[:citizens]
        target_ids = [i.id for i in targets]
        authors = {(i.author_id, i.id) for i in targets}
        taken = set(
            s.execute(
                select(Support.user_id, Support.idea_id).where(
                    Support.idea_id.in_(target_ids), Support.user_id.in_([u.id for u in users])
                )
            ).all()
        )
        s.execute(delete(ApiToken).where(ApiToken.name == TOKEN_NAME))
        plaintexts = [TOKEN_PREFIX + secrets.token_urlsafe(32) for _ in users]
        s.execute(
            insert(ApiToken),
            [
                {
                    "user_id": u.id,
                    "name": TOKEN_NAME,
                    "token_hash": hash_token(t),
                    "prefix": t[: len(TOKEN_PREFIX) + 6],
                }
                for u, t in zip(users, plaintexts, strict=True)
            ],
        )
        s.commit()
        pairs = []
        for idea_id in target_ids:  # idea-major: the writes spread over every citizen
            for n, user in enumerate(users):
                if (user.id, idea_id) not in taken and (user.id, idea_id) not in authors:
                    pairs.append((n + 1, idea_id))
            if len(pairs) >= pairs_wanted:
                break
        # Shuffled: concurrent requests hit different ideas and citizens, now and then the same.
        random.Random(8).shuffle(pairs)
        supports_before = s.scalar(select(func.count(Support.id)))
        db.engine.dispose()
    return {
        "process": process_id,
        "idea": discussed[0],
        "idea_comments": discussed[1],
        "tokens": plaintexts,
        "pairs": pairs,
        "targets": target_ids,
        "supports_before": supports_before,
    }


def verify_supports(url: str) -> tuple[int, int, int]:
    """(supports rows, sum of the counters, ideas whose counter differs from their rows)."""
    from sqlalchemy import text

    engine = _engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(text("select count(*) from supports"))
        counted = conn.scalar(text("select coalesce(sum(supports_count), 0) from ideas"))
        wrong = conn.scalar(
            text(
                "select count(*) from ideas i where supports_count <> "
                "(select count(*) from supports s where s.idea_id = i.id)"
            )
        )
    engine.dispose()
    return rows, counted, wrong


# --- serving and measuring --------------------------------------------------------------------


class Server:
    """gunicorn in a child process, stopped with the benchmark."""

    def __init__(
        self, app: str, port: int, env: dict[str, str], log: Path, ready: str = "/"
    ) -> None:
        self.port = port
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [*GUNICORN, "--bind", f"127.0.0.1:{port}", app],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=60).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer; see {log}")

    def workers_rss_mb(self) -> list[float]:
        rss = []
        for stat in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in stat.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue
            if int(fields.get("PPid", "0").strip()) == self.proc.pid:
                rss.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(rss)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def check_page(port: int, path: str) -> int:
    """Fetch until both workers serve it from the cache (at most 20 times): must be 200 with
    a body (no redirect, no error page). Sequential, so that the first renderings do not pile
    up behind each other as they would under ``wrk``."""
    hits = 0
    for _ in range(20):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            if response.status != 200 or response.url != request.full_url or len(body) < 5:
                raise SystemExit(f"{path}: {response.status} {response.url} ({len(body)} bytes)")
            hits = hits + 1 if response.headers.get("X-Page-Cache") == "hit" else 0
        if hits >= 4 or response.headers.get("X-Page-Cache") is None:
            break
    return len(body)


def wrk(port: int, path: str, script: Path, args: argparse.Namespace, duration: float) -> Result:
    out = subprocess.run(
        [
            WRK,
            "-t2",
            f"-c{args.connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    data = json.loads(line.removeprefix("WRK "))
    return Result(
        name=path,
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50=data["p50"] / 1000,
        p95=data["p95"] / 1000,
        p99=data["p99"] / 1000,
        errors=data["status_errors"] + data["socket_errors"],
        requests=data["requests"],
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_backend(backend: str, url: str, args: argparse.Namespace, work: Path) -> None:
    print(f"\n=== {backend}: {url}", flush=True)
    ensure_database(backend, url, args.rebuild)
    pairs_wanted = int(args.duration * 3000)
    prep = prepare(url, args.citizens, pairs_wanted)
    plain = work / "plain.lua"
    plain.write_text(LUA_DONE)
    support = work / "support.lua"
    support.write_text(
        "tokens = {"
        + ",".join(f'"{t}"' for t in prep["tokens"])
        + "}\npair_token = {"
        + ",".join(str(t) for t, _ in prep["pairs"])
        + "}\npair_idea = {"
        + ",".join(str(i) for _, i in prep["pairs"])
        + "}\nnthreads = 2\n"
        + LUA_SUPPORT
        + LUA_DONE
    )
    env = dict(os.environ)
    env.update(
        {
            "ENGAGE_ENV": "production",
            "ENGAGE_SECRET_KEY": "bench-load-" + secrets.token_hex(8),
            "ENGAGE_DATABASE_URL": url,
            "ENGAGE_ALLOW_SQLITE_IN_PRODUCTION": "1",
            "ENGAGE_RATELIMIT_ENABLED": "0",
        }
    )
    print(f"load average before: {load_average()}", flush=True)

    hello = Server("hello:app", args.port + 1, {**env, "PYTHONPATH": str(BENCH)}, work / "h.log")
    try:
        check_page(hello.port, "/")
        wrk(hello.port, "/", plain, args, 2)
        bare = wrk(hello.port, "/", plain, args, args.duration)
        bare.name = 'bare Flask "hello"'
    finally:
        hello.stop()

    pages = [
        ("home", "/"),
        ("idea list (newest)", f"/processes/{prep['process']}/ideas"),
        ("idea list (most supported)", f"/processes/{prep['process']}/ideas?sort=supports"),
        ("idea list (search)", f"/processes/{prep['process']}/ideas?q=Fahrrad"),
        (f"idea with {prep['idea_comments']} comments", f"/ideas/{prep['idea']}"),
        ("GET /api/v1/ideas", "/api/v1/ideas"),
    ]
    results: list[Result] = []
    server = Server("wsgi:app", args.port, env, work / "engage.log", ready="/themes.css")
    try:
        for label, path in pages if not args.writes_only else []:
            size = check_page(server.port, path)
            wrk(server.port, path, plain, args, 2)  # warm-up: caches, pools, imports
            result = wrk(server.port, path, plain, args, args.duration)
            result.name = label
            results.append(result)
            print(
                f"  {label:<30} {path:<40} {size / 1024:6.0f} KiB  {result.rps:7.0f} req/s",
                flush=True,
            )
        before = verify_supports(url)[0]
        writes = wrk(server.port, "/api/v1/ideas", support, args, args.duration)
        writes.name = "PUT /api/v1/ideas/{id}/support"
        results.append(writes)
        rss = server.workers_rss_mb()
    finally:
        server.stop()
    rows, counted, wrong = verify_supports(url)
    added = rows - before
    ok_writes = writes.requests - writes.errors
    print(f"load average after: {load_average()}", flush=True)

    print(
        f"\n{backend} — {args.connections} connections, {args.duration:.0f} s each, "
        f"gunicorn --workers 2 --threads 4"
    )
    print(f"{'':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'errors':>8}")
    for r in [bare, *results]:
        ratio = r.rps / bare.rps if bare.rps else 0
        print(
            f"{r.name:<34}{r.rps:>8.0f}{r.p50:>9.1f}{r.p95:>9.1f}{r.p99:>9.1f}"
            f"{ratio:>8.0%} {r.errors:>7}"
        )
    print(f"worker memory (RSS after the run): {', '.join(f'{m:.0f} MB' for m in rss)}")
    print(
        f"supports: {added:,} added by {ok_writes:,} successful PUTs; rows {rows:,}, "
        f"counters sum {counted:,}, ideas with a wrong count {wrong}"
    )
    print("targets:")
    for r in results[:-1]:
        ok = r.rps >= 0.25 * bare.rps and r.p99 < 100 and r.errors == 0
        print(
            f"  {'ok  ' if ok else 'MISS'} {r.name}: {r.rps / bare.rps:.0%} of bare "
            f"(>= 25 %), p99 {r.p99:.0f} ms (< 100 ms)"
        )
    # Exact: every idea's counter equals its rows. (The supports added may exceed the PUTs
    # wrk counted by the few still in flight when it stopped.)
    exact = wrong == 0 and rows == counted and added >= ok_writes
    write_ok = writes.rps >= 200 or backend != "postgresql"
    print(
        f"  {'ok  ' if write_ok and exact else 'MISS'} support writes: {writes.rps:.0f}/s "
        f"({'>= 200/s on PostgreSQL' if backend == 'postgresql' else 'no target on SQLite'}), "
        f"counts {'exact' if exact else 'NOT exact'}"
    )
    print(
        f"  {'ok  ' if rss and max(rss) < 150 else 'MISS'} worker memory: "
        f"max {max(rss, default=0):.0f} MB (< 150 MB)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sqlite", default=DEFAULT_SQLITE)
    parser.add_argument("--postgresql", default=DEFAULT_PG)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--port", type=int, default=5090)
    parser.add_argument("--rebuild", action="store_true", help="Build the database afresh.")
    parser.add_argument("--writes-only", action="store_true", help="Only the support writes.")
    parser.add_argument("--work", default="/tmp/bench-load-work", help="Scripts and logs.")  # noqa: S108
    args = parser.parse_args()
    if not Path(WRK).exists():
        raise SystemExit("wrk is missing: apt-get install wrk")
    print(f"machine: {os.cpu_count()} cores; load average {load_average()}")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.backend in ("sqlite", "both"):
        run_backend("sqlite", f"sqlite:///{args.sqlite}", args, work)
    if args.backend in ("postgresql", "both"):
        run_backend("postgresql", args.postgresql, args, work)


if __name__ == "__main__":
    main()
