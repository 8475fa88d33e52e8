"""Configuration: class defaults, overridden by ``ENGAGE_*`` environment variables.

Every upper-case attribute of :class:`Config` can be set as ``ENGAGE_<NAME>``; the value is
parsed according to the type of the default.  A few keys have friendlier names
(``ENGAGE_DATABASE_URL``, ``ENGAGE_REDIS_URL``).  An optional ``instance/engage.cfg``
(Python syntax) is read before the environment.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

ALIASES = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
}


class ConfigError(RuntimeError):
    """The configuration is not safe to run with."""


class Config:
    ENV = "development"  # development | production | testing
    SECRET_KEY = ""
    SQLALCHEMY_DATABASE_URI = ""  # default: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    ALLOW_SQLITE_IN_PRODUCTION = False
    REDIS_URL = ""
    BASE_URL = ""  # e.g. https://engage.bochum.de, for links in mails sent outside a request

    # Mail: without MAIL_SERVER, mails are written to the log (development).
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False  # implicit TLS
    MAIL_TIMEOUT = 10
    MAIL_SENDER = "engage Bochum <engage@bochum.de>"

    # Accounts
    CONFIRM_LINK_MAX_AGE = 60 * 60 * 48  # seconds
    RESET_LINK_MAX_AGE = 60 * 60  # seconds
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    STAFF_2FA_REQUIRED = True
    CONTACT_EMAIL = "smartcity@bochum.de"

    # Rate limits (Flask-Limiter syntax)
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_REGISTER = "5 per minute;30 per hour"
    RATELIMIT_RESET = "5 per minute;20 per hour"
    RATELIMIT_TOKENS = "10 per minute"
    RATELIMIT_API = "300 per minute"
    RATELIMIT_POSTING = "30 per minute;300 per hour"  # ideas, comments, flags
    RATELIMIT_SURVEY_ANON = "10 per hour"  # anonymous survey answers per address
    RATELIMIT_ENABLED = True

    # Languages
    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    # Cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "engage_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)

    # Behind a reverse proxy: how many proxies set X-Forwarded-* (0: none trusted)
    PROXY_COUNT = 0
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    FLAG_HIDE_THRESHOLD = 3  # open flags that hide an item until a moderator decides

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    API_MAX_PER_PAGE = 100
    API_TOKEN_DEFAULT_DAYS = 365
    # Public pages for visitors who are not signed in are cached this long (0: off); any
    # writing commit invalidates them at once (engage/core/pagecache.py).
    PAGE_CACHE_SECONDS = 30
    PAGE_CACHE_GENERATION_FILE = ""  # without Redis; default: instance/page-cache.generation
    # Computed reports are kept this long per worker (0: off; engage/reports/cache.py).
    REPORT_CACHE_SECONDS = 300


class TestConfig(Config):
    ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SERVER = ""
    STAFF_2FA_REQUIRED = True
    SERVER_NAME = "localhost"
    BASE_URL = "http://localhost"
    PAGE_CACHE_SECONDS = 0  # tests/perf switch it on
    REPORT_CACHE_SECONDS = 0


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load_config(app, config: type | dict | None) -> None:
    """Fill ``app.config`` from the defaults, the instance file and ``ENGAGE_*`` variables."""
    base = Config
    overrides: dict[str, Any] = {}
    if isinstance(config, type):
        base = config
    elif isinstance(config, dict):
        overrides = config
    app.config.from_object(base)
    testing = issubclass(base, TestConfig) or overrides.get("TESTING")
    if not testing:
        app.config.from_pyfile("engage.cfg", silent=True)
        for key, raw in os.environ.items():
            if not key.startswith("ENGAGE_") or key.startswith("ENGAGE_TEST_"):
                continue
            name = key.removeprefix("ENGAGE_")
            name = ALIASES.get(name, name)
            default = getattr(Config, name, "")
            try:
                app.config[name] = _parse(raw, default)
            except ValueError as exc:
                raise ConfigError(f"{key}: cannot read {raw!r} ({exc})") from exc
    app.config.update(overrides)
    _finish(app)


def _finish(app) -> None:
    cfg = app.config
    instance = Path(app.instance_path)
    production = cfg["ENV"] == "production"
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        if production and not cfg["ALLOW_SQLITE_IN_PRODUCTION"]:
            raise ConfigError(
                "ENGAGE_DATABASE_URL is required in production "
                "(or set ENGAGE_ALLOW_SQLITE_IN_PRODUCTION=1)."
            )
        instance.mkdir(parents=True, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'engage.db'}"
    uri = cfg["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri.removeprefix("postgres://")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    cfg["SQLALCHEMY_DATABASE_URI"] = uri
    if production and uri.startswith("sqlite") and not cfg["ALLOW_SQLITE_IN_PRODUCTION"]:
        raise ConfigError(
            "SQLite is not for production: set ENGAGE_DATABASE_URL to PostgreSQL "
            "(or ENGAGE_ALLOW_SQLITE_IN_PRODUCTION=1)."
        )
    if not cfg.get("SECRET_KEY"):
        if production:
            raise ConfigError("ENGAGE_SECRET_KEY is required in production.")
        cfg["SECRET_KEY"] = _instance_secret(instance)
    if production:
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["REMEMBER_COOKIE_SECURE"] = True
        cfg.setdefault("PREFERRED_URL_SCHEME", "https")
    cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"] or "memory://"
    cfg["RATELIMIT_HEADERS_ENABLED"] = True
    cfg["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    if uri.startswith("postgresql"):
        options = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}
        options.update(cfg["SQLALCHEMY_ENGINE_OPTIONS"])
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _instance_secret(instance: Path) -> str:
    """A development secret key, generated once into ``instance/secret_key``."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
