"""Configuration from ENGAGE_* variables and the production safety checks."""

import pytest

from engage import create_app
from engage.config import ConfigError, _instance_secret


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.setenv("ENGAGE_DATABASE_URL", "postgresql://db.example/engage")
    monkeypatch.delenv("ENGAGE_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="ENGAGE_SECRET_KEY"):
        create_app()


def test_production_refuses_sqlite_unless_allowed(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("ENGAGE_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="ENGAGE_DATABASE_URL"):
        create_app()
    monkeypatch.setenv("ENGAGE_DATABASE_URL", "sqlite:///tmp/x.db")
    with pytest.raises(ConfigError, match="SQLite"):
        create_app()
    monkeypatch.setenv("ENGAGE_ALLOW_SQLITE_IN_PRODUCTION", "1")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///tmp/x.db"


def test_production_cookies_are_secure_and_postgres_url_uses_psycopg(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ENGAGE_DATABASE_URL", "postgres://u@db.example/engage")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/engage"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_environment_values_are_typed(monkeypatch):
    monkeypatch.setenv("ENGAGE_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("ENGAGE_MAIL_PORT", "2525")
    monkeypatch.setenv("ENGAGE_MAIL_USE_TLS", "true")
    monkeypatch.setenv("ENGAGE_REDIS_URL", "redis://cache.example:6379/0")
    app = create_app()
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["MAIL_USE_TLS"] is True
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://cache.example:6379/0"
    assert app.config["ENV"] == "development"


def test_unreadable_environment_value_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("ENGAGE_MAIL_PORT", "twenty-five")
    with pytest.raises(ConfigError, match="ENGAGE_MAIL_PORT"):
        create_app()


def test_development_secret_key_is_generated_once_and_private(tmp_path):
    first = _instance_secret(tmp_path)
    second = _instance_secret(tmp_path)
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_sqlite_runs_in_wal_mode_with_busy_timeout(app):
    from sqlalchemy import text

    from engage.extensions import db

    if app.backend != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
