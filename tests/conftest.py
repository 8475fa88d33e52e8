"""Shared fixtures: one app per backend and session, a rolled-back database per test,
factories, a signed-in client helper, a frozen clock, a local SMTP server, a query counter.

The whole suite runs on SQLite and, when ``ENGAGE_TEST_DATABASE_URL`` names one, on
PostgreSQL (tests are parametrised by the ``app`` fixture: ``test_x[sqlite]``,
``test_x[postgresql]``).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as _FlaskSession
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event, text

from engage import create_app
from engage.config import TestConfig
from engage.core import clock as clock_module
from engage.extensions import db, limiter

# The shared helper modules of each test folder (api_helpers, idea_fixtures, …) and this file
# are imported by name from the test modules.
_TESTS = os.path.dirname(os.path.abspath(__file__))
for _folder in sorted({_TESTS, *(entry.path for entry in os.scandir(_TESTS) if entry.is_dir())}):
    if _folder not in sys.path and not _folder.endswith("__pycache__"):
        sys.path.append(_folder)

# Browser fixtures (live_server, chromium, page) for tests/browser.
pytest_plugins = ["browser_helpers"]

BACKENDS = ("sqlite", "postgresql")
FROZEN_AT = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # a Monday morning
PASSWORD = "Bochum-Glueckauf-2026"


# --- order under pytest-xdist -------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``make test`` runs ``--dist worksteal``) every worker starts with its
    share of the browser journeys, which take up to two minutes each, and then runs its part of
    the rest in the usual order. ``worksteal`` first hands each of the N workers one contiguous
    slice of the list (about a 1/N each) and later moves tests from the end of a busy worker's
    slice to an idle one, so a slice's first tests stay where they are. Without this order the
    journeys ran one after another on one worker at the end of the suite."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
    if workers < 2:
        return
    slow = [item for item in items if item.path.parent.name == "browser"]
    if not slow:
        return
    rest = [item for item in items if item.path.parent.name != "browser"]
    shares = [slow[index::workers] for index in range(workers)]
    ordered: list = []
    remaining = len(items)
    for index, share in enumerate(shares):
        size = remaining // (workers - index)  # what worksteal sends this worker at first
        take = max(size - len(share), 0)
        ordered += share + rest[:take]
        rest = rest[take:]
        remaining -= len(share) + take
    items[:] = ordered + rest


# --- local SMTP server -----------------------------------------------------------------------


class _MailHandler:
    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        msg.envelope_to = list(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(msg)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _MailHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


class Mailbox(list):
    """Mails received by the local SMTP server during one test."""

    def to(self, address: str) -> list:
        return [m for m in self if address in m.envelope_to]

    @staticmethod
    def body(msg) -> str:
        part = msg.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def links(self, msg) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", self.body(msg))


@pytest.fixture
def mailbox(smtp_server):
    handler, _ = smtp_server
    with handler.lock:
        handler.messages.clear()
    box = Mailbox()

    class _Live(Mailbox):
        def __iter__(self):
            return iter(list(handler.messages))

        def __len__(self):
            return len(handler.messages)

        def __getitem__(self, item):
            return list(handler.messages)[item]

    box = _Live()
    return box


# --- the app -----------------------------------------------------------------------------------


def _database_url(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'engage-test.db'}"
    url = os.environ.get("ENGAGE_TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "PostgreSQL run skipped: set ENGAGE_TEST_DATABASE_URL "
            "(e.g. postgresql://postgres@127.0.0.1:5432/test); .ci/run sets it"
        )
    return worker_database(url)


def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database (``<name>_gw0``, …),
    created beside the configured one; without xdist the configured database itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def build_schema() -> None:
    """The schema as the migrations build it, then the reference data."""
    from engage.site.seed import seed_reference_data

    _reset_schema()
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    if any(versions.glob("*.py")):
        from flask_migrate import upgrade

        upgrade()
    else:
        db.create_all()
    seed_reference_data()
    db.session.commit()
    db.session.remove()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory, smtp_server):
    backend = request.param
    url = _database_url(backend, tmp_path_factory)
    _, smtp_port = smtp_server
    config = type(
        "SuiteConfig",
        (TestConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
        },
    )
    application = create_app(config)
    application.backend = backend
    application.test_client_class = EngageClient
    with application.app_context():
        build_schema()
    yield application
    with application.app_context():
        db.engine.dispose()


class _BoundSession(_FlaskSession):
    """Flask-SQLAlchemy's get_bind ignores the session's own bind; the test's connection wins."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@pytest.fixture
def session(app):
    """The test's database session, inside a transaction that is rolled back afterwards.

    Views commit as usual; with ``join_transaction_mode="create_savepoint"`` those commits
    release savepoints of the outer transaction, which the fixture rolls back.
    """
    ctx = app.app_context()
    ctx.push()
    connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _BoundSession}
    )
    limiter.reset()
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        if outer.is_active:
            outer.rollback()
        connection.close()
        clock_module.install(app, clock_module.SystemClock())
        ctx.pop()


@pytest.fixture(autouse=True)
def _database(request):
    """Every test that uses the app gets the rolled-back session, asked for or not."""
    if "app" in request.fixturenames:
        request.getfixturevalue("session")
    yield


@pytest.fixture
def clock(app):
    """A frozen clock at :data:`FROZEN_AT`; ``clock.set(dt)`` / ``clock.advance(delta)``."""
    frozen = clock_module.FrozenClock(FROZEN_AT)
    clock_module.install(app, frozen)
    return frozen


# --- client ------------------------------------------------------------------------------------


class EngageClient(FlaskClient):
    """A test client that can produce valid CSRF tokens and sign people in."""

    def open(self, *args, **kwargs):
        # The test's own app context is reused by every request (Flask pushes a new one only
        # when none is active), so clear ``g`` to keep per-request caches (locale, current
        # user) from leaking from one request into the next, as in production.
        _clear_g()
        try:
            return super().open(*args, **kwargs)
        finally:
            _clear_g()

    def csrf_token(self) -> str:
        app = self.application
        with self.session_transaction() as sess:
            raw = sess.get("csrf_token")
            if not raw:
                import hashlib

                raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 (as Flask-WTF)
                sess["csrf_token"] = raw
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=payload, **kwargs)

    def login(self, user) -> EngageClient:
        """Sign ``user`` in directly (past password and second factor)."""
        with self.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
        return self

    def logout(self) -> None:
        with self.session_transaction() as sess:
            sess.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def anon(app):
    """A second, anonymous client."""
    return app.test_client()


def _clear_g() -> None:
    from flask import g, has_app_context

    if has_app_context():
        g.__dict__.clear()


# --- factories ---------------------------------------------------------------------------------

_counter = itertools.count(1)


@pytest.fixture
def make_user(session):
    from werkzeug.security import generate_password_hash

    from engage.accounts.models import OrganisationMembership, User
    from engage.organisations.models import Organisation

    hashed = generate_password_hash(PASSWORD)

    def factory(
        role: str = "citizen",
        *,
        email: str | None = None,
        name: str | None = None,
        password: str | None = None,
        confirmed: bool = True,
        organisations: tuple[str, ...] = (),
        totp: bool | None = None,
        **fields,
    ):
        n = next(_counter)
        user = User(
            email=(email or f"person{n}@example.org").lower(),
            display_name=name or f"Person {n}",
            password_hash=generate_password_hash(password) if password else hashed,
            role=role,
            email_confirmed_dt=clock_module.now() if confirmed else None,
            **fields,
        )
        if totp if totp is not None else role != "citizen":
            import pyotp

            user.totp_secret = pyotp.random_base32()
            user.totp_enabled_dt = clock_module.now()
        session.add(user)
        for slug in organisations:
            org = session.query(Organisation).filter_by(slug=slug).one()
            session.add(OrganisationMembership(user=user, organisation=org))
        session.flush()
        return user

    return factory


@pytest.fixture
def make_process(session):
    from engage.organisations.models import Organisation
    from engage.processes.models import Phase, Process
    from engage.themes.models import Theme

    def factory(
        *,
        title: str | None = None,
        theme: str = "mobilitaet-umwelt",
        organisation: str = "bogestra",
        status: str = "published",
        moderation: str = "post",
        phases=None,
        **fields,
    ):
        """``phases``: list of (kind, start, end); default one ideas phase around FROZEN_AT."""
        n = next(_counter)
        process = Process(
            title=title or f"Beteiligung Nummer {n}",
            slug=f"beteiligung-{n}",
            summary="Eine Beteiligung für Tests.",
            description="<p>Beschreibung</p>",
            theme=session.query(Theme).filter_by(slug=theme).one(),
            organisation=session.query(Organisation).filter_by(slug=organisation).one(),
            status=status,
            moderation=moderation,
            **fields,
        )
        if phases is None:
            phases = [("ideas", FROZEN_AT - timedelta(days=7), FROZEN_AT + timedelta(days=21))]
        for position, (kind, start, end) in enumerate(phases):
            process.phases.append(Phase(kind=kind, start_dt=start, end_dt=end, position=position))
        session.add(process)
        session.flush()
        return process

    return factory


# --- query counting ----------------------------------------------------------------------------


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as q: ...`` then ``q.count`` (SAVEPOINT bookkeeping excluded)."""

    @contextmanager
    def counter():
        result = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                result.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield result
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter
