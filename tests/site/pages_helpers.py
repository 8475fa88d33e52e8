"""Commit isolation for the site tests (language switch, demo command), until conftest's
``session`` binds to the test's connection (see the lead's note on conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(name="session")
def isolated_session(session):
    """Conftest's ``session``, made to really run on the test's connection.

    Flask-SQLAlchemy's ``Session.get_bind`` ignores the session's ``bind`` and returns the
    engine, so conftest's session commits for real and the outer rollback undoes nothing. The
    session is rebuilt with a ``get_bind`` that honours ``bind``: commits become savepoints.
    Import it into a test module (``from pages_helpers import isolated_session``) to override there.
    """
    from flask_sqlalchemy.session import Session as FlaskSession
    from sqlalchemy.engine import Connection

    from engage.extensions import db

    connection = db.session.session_factory.kw.get("bind")
    if not isinstance(connection, Connection) or db.session.get_bind() is connection:
        yield session  # nothing to repair (or already repaired in conftest)
        return

    class BoundSession(FlaskSession):
        def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
            return bind if bind is not None else self.bind

    db.session.remove()
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": BoundSession}
    )
    yield db.session  # conftest's teardown removes it and restores the original
