"""Full-text search over ideas: SQLite FTS5 (embedded) and PostgreSQL German text search.

One interface, :func:`search_ideas`, filters any ``select(Idea)`` by a visitor's words.

* **SQLite**: an external-content FTS5 table ``ideas_fts`` over ``title`` and ``body_source``,
  kept current by triggers (the counters' updates do not touch it). The visitor's words are
  quoted (no FTS syntax can be injected), stemmed with the Snowball German stemmer where it is
  installed, and matched as prefixes, so "Radwege" also finds "Radweg" and "Radwegen".
* **PostgreSQL**: ``to_tsvector('german', title || ' ' || body_source)`` with a GIN expression
  index; the query is ``websearch_to_tsquery('german', q)`` (German stemming and stop words,
  and the familiar "quoted phrase" / -minus syntax).

The DDL is kept in module constants so that the Alembic migration can execute the very same
statements (``op.execute(stmt)`` for each, guarded by the dialect); for ``db.create_all()`` the
statements are attached to the ``ideas`` table as ``after_create`` / ``before_drop`` listeners.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, Integer, Select, column, event, func, literal_column, text

from engage.core.text import normalize_line

# --- SQLite FTS5 ------------------------------------------------------------------------------

SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS ideas_fts USING fts5("
    "title, body_source, content='ideas', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_ai AFTER INSERT ON ideas BEGIN "
    "INSERT INTO ideas_fts(rowid, title, body_source) "
    "VALUES (new.id, new.title, new.body_source); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_ad AFTER DELETE ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_source) "
    "VALUES ('delete', old.id, old.title, old.body_source); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_au AFTER UPDATE OF title, body_source ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_source) "
    "VALUES ('delete', old.id, old.title, old.body_source); "
    "INSERT INTO ideas_fts(rowid, title, body_source) "
    "VALUES (new.id, new.title, new.body_source); END",
    # Index rows that existed before the table (a migration on a filled database).
    "INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')",
)
SQLITE_FTS_DROP = (
    "DROP TRIGGER IF EXISTS ideas_fts_ai",
    "DROP TRIGGER IF EXISTS ideas_fts_ad",
    "DROP TRIGGER IF EXISTS ideas_fts_au",
    "DROP TABLE IF EXISTS ideas_fts",
)

# --- PostgreSQL -------------------------------------------------------------------------------

# The indexed expression; queries use the identical text so the planner picks the index.
POSTGRES_TSVECTOR = (
    "to_tsvector('german'::regconfig, coalesce(ideas.title, '') || ' ' || "
    "coalesce(ideas.body_source, ''))"
)
POSTGRES_FTS_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_ideas_fulltext ON ideas USING gin ("
    "(to_tsvector('german'::regconfig, coalesce(title, '') || ' ' || "
    "coalesce(body_source, ''))))",
)
POSTGRES_FTS_DROP = ("DROP INDEX IF EXISTS ix_ideas_fulltext",)

MAX_QUERY_WORDS = 12
MAX_QUERY_LENGTH = 200


def attach_search_ddl(table) -> None:
    """Create (and drop) the search structures together with the ``ideas`` table."""
    for statement in SQLITE_FTS_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in SQLITE_FTS_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))
    for statement in POSTGRES_FTS_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))


# --- querying ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _stemmer():
    try:
        import snowballstemmer
    except ImportError:  # pragma: no cover - plain prefix search without it
        return None
    return snowballstemmer.stemmer("german")


_STEMMER = _stemmer()


def query_words(q: str | None) -> list[str]:
    """The words of a visitor's query, lower case, at most :data:`MAX_QUERY_WORDS`."""
    words = _WORD.findall((q or "")[:MAX_QUERY_LENGTH].lower())
    return [w for w in words if not w.isdigit() or len(w) > 1][:MAX_QUERY_WORDS]


def fts5_query(q: str | None) -> str | None:
    """A safe FTS5 MATCH expression: every word quoted, stemmed, matched as a prefix."""
    terms = []
    for word in query_words(q):
        stem = _STEMMER.stemWord(word) if _STEMMER is not None else word
        if len(stem) < 3:
            stem = word
        terms.append('"' + stem.replace('"', "") + '"*')
    return " AND ".join(terms) or None


def search_ideas(stmt: Select, q: str | None, *, dialect: str | None = None) -> Select:
    """``stmt`` (a select over ``Idea``) restricted to ideas matching ``q``; unchanged if empty."""
    from engage.extensions import db
    from engage.ideas.models import Idea

    q = normalize_line(q or "")[:MAX_QUERY_LENGTH]  # no NUL or other control characters
    if not query_words(q):
        return stmt
    dialect = dialect or db.session.get_bind().dialect.name
    if dialect == "postgresql":
        query = func.websearch_to_tsquery(literal_column("'german'::regconfig"), q)
        return stmt.where(literal_column(POSTGRES_TSVECTOR).op("@@")(query))
    match = fts5_query(q)
    ids = (
        text("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH :fts_query")
        .bindparams(fts_query=match)
        .columns(column("rowid", Integer))
    )
    return stmt.where(Idea.id.in_(ids))
