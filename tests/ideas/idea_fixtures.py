"""Fixtures of the ideas tests; test modules take them with ``from idea_fixtures import *``.

(Not a conftest.py: a second module named ``conftest`` would shadow tests/conftest.py for the
``from conftest import …`` lines of other test directories.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engage.ideas import operations

DAY = timedelta(days=1)
FROZEN_AT = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # as tests/conftest.py

# Phase windows relative to FROZEN_AT: the clock stands before, during or after the phase.
WINDOWS = {
    "before": (FROZEN_AT + 2 * DAY, FROZEN_AT + 9 * DAY),
    "during": (FROZEN_AT - 2 * DAY, FROZEN_AT + 9 * DAY),
    "after": (FROZEN_AT - 9 * DAY, FROZEN_AT - 2 * DAY),
}


__all__ = [
    "DAY",
    "FROZEN_AT",
    "WINDOWS",
    "_request_context",
    "author",
    "citizen",
    "idea",
    "make_idea",
    "process",
]


@pytest.fixture(autouse=True)
def _request_context(app, session):
    """Operations speak to people: their messages need a request (locale); English here."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def author(make_user):
    return make_user(name="Erika Mustermann")


@pytest.fixture
def citizen(make_user):
    return make_user(name="Max Muster")


@pytest.fixture
def process(make_process, clock):
    """A published, post-moderated process in its ideas phase (the clock is frozen)."""
    return make_process()


@pytest.fixture
def make_idea(session, author, process):
    """``make_idea(title=..., process=..., user=..., **fields)``: submitted via the operation."""

    counter = iter(range(1, 10_000))

    def factory(title: str | None = None, *, user=None, body: str = "Eine gute Idee.", **kw):
        target = kw.pop("process", process)
        idea = operations.submit_idea(
            user or author,
            target,
            title or f"Eine Idee für Bochum Nummer {next(counter)}",
            body,
            **kw,
        )
        session.flush()
        return idea

    return factory


@pytest.fixture
def idea(make_idea):
    return make_idea("Mehr Fahrradbügel am Hauptbahnhof", body="Am Bahnhof fehlen Abstellplätze.")
