"""Fixtures of the moderation tests; modules take them with ``from moderation_fixtures import *``.

(Not a conftest.py: a second module named ``conftest`` would shadow tests/conftest.py.)"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from engage.ideas import operations as idea_ops
from engage.moderation.models import ModerationLogEntry

__all__ = [
    "_request_context",
    "author",
    "citizens",
    "client",
    "log_entries",
    "make_idea",
    "moderator",
    "other_moderator",
    "other_process",
    "process",
]


@pytest.fixture(autouse=True)
def _request_context(app, session, clock):
    """Operations speak to people: their messages need a request (locale); English here."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def client(app):
    """The suite's client, asking for English pages."""
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


@pytest.fixture
def process(make_process):
    """A BOGESTRA process (post-moderated, ideas phase running) under the mobility theme."""
    return make_process(organisation="bogestra")


@pytest.fixture
def other_process(make_process):
    """A process of the Stadtwerke, same theme."""
    return make_process(organisation="stadtwerke")


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", organisations=("bogestra",), name="Mona Moderatorin")


@pytest.fixture
def other_moderator(make_user):
    return make_user("moderator", organisations=("stadtwerke",), name="Otto Stadtwerke")


@pytest.fixture
def author(make_user):
    return make_user(name="Erika Mustermann")


@pytest.fixture
def citizens(make_user):
    """``citizens(n)``: n new confirmed citizens."""
    return lambda n: [make_user() for _ in range(n)]


@pytest.fixture
def make_idea(session, author, process):
    counter = itertools.count(1)

    def factory(title=None, *, user=None, body="Eine gute Idee für die Stadt.", **kw):
        target = kw.pop("process", process)
        idea = idea_ops.submit_idea(
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
def log_entries(session):
    """``log_entries(action=None)``: the log entries, oldest first."""

    def get(action=None):
        stmt = select(ModerationLogEntry).order_by(ModerationLogEntry.id)
        if action:
            stmt = stmt.where(ModerationLogEntry.action == action)
        return list(session.scalars(stmt))

    return get
