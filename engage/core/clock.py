"""The platform's clock: timezone-aware UTC, injectable so tests can stand anywhere in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that stands still until told otherwise (tests, demo data)."""

    def __init__(self, at: datetime) -> None:
        self.at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def advance(self, delta: timedelta) -> None:
        self.at += delta


_system = SystemClock()


def now() -> datetime:
    """Current time as aware UTC, from the app's clock when one is installed."""
    if has_app_context():
        clock = current_app.extensions.get("engage.clock")
        if clock is not None:
            return clock.now()
    return _system.now()


def install(app, clock) -> None:
    app.extensions["engage.clock"] = clock
