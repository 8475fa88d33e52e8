"""engage — the participation platform of Bochum's Smart-City programme."""

from __future__ import annotations

import contextlib
import logging
from importlib import import_module
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from engage.config import load_config
from engage.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

# Areas with models (imported so that SQLAlchemy and Alembic see every table) and the
# areas whose phases.py registers phase kinds.
MODEL_MODULES = (
    "engage.accounts.models",
    "engage.organisations.models",
    "engage.themes.models",
    "engage.processes.models",
    "engage.site.models",
    "engage.moderation.models",
    "engage.ideas.models",
    "engage.ideas.similarity_store",
    "engage.surveys.models",
    "engage.drafts.models",
    "engage.bundles.models",
    "engage.notifications.models",
    "engage.reports.models",
)
PHASE_MODULES = ("engage.ideas.phases", "engage.surveys.phases", "engage.drafts.phases")
BLUEPRINTS = (
    "engage.site.views",
    "engage.accounts.views",
    "engage.themes.views",
    "engage.organisations.views",
    "engage.processes.views",
    "engage.ideas.views",
    "engage.admin.views",
    "engage.surveys.views",
    "engage.drafts.views",
    "engage.moderation.views",
    "engage.api.views",
    "engage.bundles.views",
    "engage.notifications.views",
    "engage.reports.views",
)
CLI_GROUPS = (
    "engage.accounts.cli",
    "engage.site.cli",
    "engage.ideas.cli",
    "engage.ideas.similarity_store",  # after ideas.cli: adds to its "ideas" group
    "engage.notifications.cli",
    "engage.reports.cli",
    "engage.core.cli",  # backup, restore
)


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application; ``config`` is a config class or a dict of overrides."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    load_config(app, config)
    logging.basicConfig(level=logging.INFO if not app.testing else logging.WARNING)
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    for module in (*MODEL_MODULES, *PHASE_MODULES):
        import_module(module)

    from engage.core.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "translations"),
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from engage.core.errors import register_error_handlers
    from engage.core.security import register_security_headers
    from engage.site.templating import register_template_helpers

    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)

    from engage.accounts.auth import register_auth

    register_auth(app)

    for module in BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)
    for module in CLI_GROUPS:
        import_module(module).register_cli(app)

    from engage.core import pagecache

    pagecache.init_app(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: WAL for concurrent readers, a busy timeout, foreign keys enforced."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy manage transactions (BEGIN below), so savepoints work as documented.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    with contextlib.suppress(sqlite3.OperationalError):  # in-memory databases: own journal
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        # A request that writes takes the write lock at once (and waits for it up to the busy
        # timeout): a read transaction upgraded later fails at once with "database is locked"
        # when another writer committed in between (WAL snapshot), which under load is most.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _writing_request() else "BEGIN")


def _writing_request() -> bool:
    from flask import has_request_context, request

    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
