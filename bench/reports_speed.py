"""Time the reports at city scale: the dashboard, the JSON report and the PDF for the whole city.

Usage:
  python bench/reports_speed.py [--backend sqlite|postgresql|both] [--sqlite PATH]
      [--postgresql URL] [--runs 3] [--build]

Uses the demo database that ``bench/demo_scale.py`` builds (100,000 ideas, 1,000,000 supports,
200,000 comments, 50,000 survey responses); with ``--build`` it builds a missing one with that
script first (minutes). The schema is brought to the head (``flask db upgrade``) and the
reference data seeded (``flask seed``: the districts' population). A bench account of the
Innovation Unit (with a second factor, so that it may sign in) is added if missing.

Each figure is the wall time of a full request through the application (test client): the cold
one with the report cache emptied first (what the first reader waits), the warm one the median
of ``--runs`` repeated requests within ``REPORT_CACHE_SECONDS``. Targets: dashboard and JSON
under 1 s, PDF under 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "engage"]
DEFAULT_SQLITE = "/tmp/engage_demo_scale.sqlite"  # noqa: S108 - demo_scale.py's default
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/engage_demoscale_bench"

TIMING = r"""
import statistics, sys, time
from datetime import UTC, datetime
from engage import create_app
from engage.accounts.models import User
from engage.extensions import db
from engage.reports import cache

runs = int(sys.argv[1])
app = create_app({"RATELIMIT_ENABLED": False, "PAGE_CACHE_SECONDS": 0})
with app.app_context():
    user = db.session.scalar(db.select(User).where(User.email == "reports-bench@example.org"))
    if user is None:
        user = User(email="reports-bench@example.org", display_name="Reports bench",
                    role="innovation", email_confirmed_dt=datetime.now(UTC),
                    totp_secret="JBSWY3DPEHPK3PXP", totp_enabled_dt=datetime.now(UTC))
        db.session.add(user)
        db.session.commit()
    user_id = user.get_id()
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"] = user_id
    session["_fresh"] = True
for name, url in (
    ("dashboard", "/reports/"),
    ("JSON report", "/reports/export.json"),
    ("PDF report", "/reports/export.pdf"),
    ("dashboard, one theme and quarter",
     "/reports/?theme=mobilitaet-umwelt&from=2026-07-01&to=2026-09-30"),
):
    with app.app_context():
        cache.clear()
    started = time.perf_counter()
    response = client.get(url, headers={"Accept-Language": "de"})
    cold = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, headers={"Accept-Language": "de"})
        warm.append(time.perf_counter() - started)
    print(f"RESULT {name:34} cold {cold:7.2f} s   warm {statistics.median(warm):7.3f} s   "
          f"({len(response.data):,} bytes)", flush=True)
"""


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ENGAGE_DATABASE_URL"] = url
    env.setdefault("ENGAGE_SECRET_KEY", "bench-reports-speed")
    return env


def _exists(backend: str, url: str) -> bool:
    if backend == "sqlite":
        return Path(url.removeprefix("sqlite:///")).is_file()
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            return bool(conn.execute(text("select count(*) from ideas")).scalar())
    except Exception:
        return False


def run(backend: str, url: str, args: argparse.Namespace) -> None:
    print(f"=== {backend}: {url}", flush=True)
    if not _exists(backend, url):
        if not args.build:
            print(f"no demo database at {url}: build it with bench/demo_scale.py or --build")
            return
        option = "--sqlite" if backend == "sqlite" else "--postgresql"
        target = url.removeprefix("sqlite:///") if backend == "sqlite" else url
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "demo_scale.py"),
                "--backend",
                backend,
                option,
                target,
            ],
            cwd=ROOT,
            check=True,
        )
    for step in (["db", "upgrade"], ["seed"]):
        subprocess.run(
            [*FLASK, *step],
            cwd=ROOT,
            env=_env(url),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    subprocess.run(
        [sys.executable, "-c", TIMING, str(args.runs)], cwd=ROOT, env=_env(url), check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sqlite", default=DEFAULT_SQLITE)
    parser.add_argument("--postgresql", default=DEFAULT_PG)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="build a missing demo database")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        run("sqlite", f"sqlite:///{args.sqlite}", args)
    if args.backend in ("postgresql", "both"):
        run("postgresql", args.postgresql, args)


if __name__ == "__main__":
    main()
