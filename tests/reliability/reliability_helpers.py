"""Databases of their own for the reliability tests, which commit for real, restart apps and
run servers: a SQLite file in the test's folder, or a PostgreSQL database named after the
suite's (``<name>_<suffix>``) that the test creates and drops again.
"""

from __future__ import annotations

import hashlib
import os
import socket
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from engage import create_app
from engage.config import TestConfig
from engage.extensions import db


def pg_url_or_skip() -> str:
    url = os.environ.get("ENGAGE_TEST_DATABASE_URL")
    if not url:
        pytest.skip("needs PostgreSQL: set ENGAGE_TEST_DATABASE_URL; .ci/run sets it")
    return url


@contextmanager
def own_database(backend: str, suffix: str, tmp_path):
    """The URL of an empty database of this test's own, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{suffix}.db'}"
        return
    base = make_url(pg_url_or_skip())
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # one database per xdist worker
    name = "_".join(part for part in (base.database, worker, suffix) if part)
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(url: str, **overrides):
    """An app on ``url`` with the test configuration."""
    config = type("ReliabilityConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})
    return create_app(config)


def migrate_and_seed(app) -> None:
    from flask_migrate import upgrade

    from engage.site.seed import seed_reference_data

    with app.app_context():
        upgrade()
        seed_reference_data()
        db.session.commit()
        db.session.remove()


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows (order-independent); on PostgreSQL also
    every sequence's position, so that new rows after a restore get fresh ids."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    result: dict[str, tuple[int, str]] = {}
    try:
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 — names from the catalog
                digests = sorted(hashlib.sha256(repr(tuple(r)).encode()).hexdigest() for r in rows)
                result[table] = (len(rows), hashlib.sha256("".join(digests).encode()).hexdigest())
            if conn.dialect.name == "postgresql":
                for name, last in conn.execute(
                    text("SELECT sequencename, last_value FROM pg_sequences")
                ):
                    result[f"sequence {name}"] = (last or 0, "")
    finally:
        engine.dispose()
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
