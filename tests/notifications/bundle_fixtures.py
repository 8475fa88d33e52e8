"""Fixtures of the bundle and notification tests (``from bundle_fixtures import *``)."""

from __future__ import annotations

import pytest

from engage.bundles import operations as ops
from engage.ideas import operations as idea_ops
from engage.themes.models import Theme

__all__ = [
    "_request_context",
    "author",
    "innovation",
    "make_bundle",
    "make_idea",
    "moderator",
    "other_moderator",
    "process",
    "supporter",
    "theme_of",
]


@pytest.fixture(autouse=True)
def _request_context(app, session):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def author(make_user):
    return make_user(name="Erika Mustermann", email="erika@example.org")


@pytest.fixture
def supporter(make_user):
    return make_user(name="Max Muster", email="max@example.org")


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", organisations=("bogestra",), email="mod@example.org")


@pytest.fixture
def other_moderator(make_user):
    return make_user("moderator", organisations=("stadtwerke",), email="sw@example.org")


@pytest.fixture
def innovation(make_user):
    return make_user("innovation", email="iu@example.org")


@pytest.fixture
def process(make_process, clock):
    return make_process()


def theme_of(process) -> Theme:
    return process.theme


@pytest.fixture
def make_idea(session, author, process):
    counter = iter(range(1, 10_000))

    def factory(title=None, *, user=None, target=None, **kw):
        idea = idea_ops.submit_idea(
            user or author,
            target or process,
            title or f"Eine Idee für Bochum Nummer {next(counter)}",
            "Eine gute Idee.",
            **kw,
        )
        session.flush()
        return idea

    return factory


@pytest.fixture
def make_bundle(session, moderator, process):
    def factory(ideas=(), *, user=None, title="Mehr Platz für Räder", organisation=None):
        bundle = ops.create_bundle(
            user or moderator,
            title=title,
            theme=process.theme,
            organisation=organisation or process.organisation,
            summary="Ideen rund ums Rad.",
            recommendation="**Umsetzen**",
        )
        for idea in ideas:
            ops.add_idea(user or moderator, bundle, idea)
        session.flush()
        return bundle

    return factory
