"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from engage.extensions import db


def _include(obj, name, type_, reflected, compare_to):
    # Hand-written full-text search objects (see migrations/env.py).
    if type_ == "table" and name and "_fts" in name:
        return False
    return not (type_ == "index" and name == "ix_ideas_fulltext")


def test_migrated_schema_has_no_drift_from_the_models(app):
    # The suite's schema was built by `flask db upgrade` (see conftest.build_schema).
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _include}
        )
        assert compare_metadata(context, db.metadata) == []


def test_full_text_search_objects_exist(app):
    with db.engine.connect() as conn:
        if app.backend == "sqlite":
            tables = set(inspect(conn).get_table_names())
            assert "ideas_fts" in tables
        else:
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("ideas")}
            assert "ix_ideas_fulltext" in indexes
