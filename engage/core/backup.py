"""Backups of the whole database: SQLite through its online backup API, PostgreSQL through
``pg_dump`` (custom format) and ``pg_restore``.

A SQLite backup is a consistent copy taken while the platform keeps running; restoring one
copies it back page by page.  A PostgreSQL backup is ``pg_dump -Fc``; restoring it drops every
object first (``--clean --if-exists``) and runs in one transaction, so a failed restore changes
nothing.  Stop the app servers before a restore: they hold locks and cached sessions.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why and what to do."""


def backup(url: str, output: Path) -> None:
    """Write a backup of the database at ``url`` to ``output`` (replaced atomically)."""
    parsed = make_url(url)
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    # Written next to the target, then renamed: a half-written backup never has the name.
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    os.close(handle)
    try:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_backup(parsed, Path(partial))
        elif parsed.get_backend_name() == "postgresql":
            _pg_run("pg_dump", ["--format=custom", f"--file={partial}"], parsed)
        else:
            raise BackupError(f"No backup for the database {parsed.get_backend_name()!r}.")
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` by the backup in ``source``."""
    parsed = make_url(url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"The backup {source} does not exist.")
    with source.open("rb") as f:
        header = f.read(16)
    if parsed.get_backend_name() == "sqlite":
        if header != SQLITE_HEADER:
            raise BackupError(f"{source} is not a SQLite backup.")
        _sqlite_restore(parsed, source)
    elif parsed.get_backend_name() == "postgresql":
        if not header.startswith(PGDUMP_HEADER):
            raise BackupError(f"{source} is not a backup made by pg_dump --format=custom.")
        _pg_run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            parsed,
        )
    else:
        raise BackupError(f"No restore for the database {parsed.get_backend_name()!r}.")


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return url.database


def _sqlite_backup(url: URL, target: Path) -> None:
    path = _sqlite_path(url)
    if not os.path.exists(path):
        raise BackupError(f"The database file {path} does not exist.")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # the online backup API: consistent while others write
    finally:
        dst.close()
        src.close()


def _sqlite_restore(url: URL, source: Path) -> None:
    path = _sqlite_path(url)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        problem = src.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        src.close()
        raise BackupError(f"{source} is not a readable SQLite database ({exc}).") from exc
    if problem != "ok":
        src.close()
        raise BackupError(f"{source} is damaged: {problem}")
    dst = sqlite3.connect(path, timeout=30)
    try:
        src.backup(dst)  # replaces every page of the target under its write lock
    finally:
        dst.close()
        src.close()


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_run(tool: str, args: list[str], url: URL) -> None:
    binary = shutil.which(tool)
    if binary is None:
        raise BackupError(
            f"{tool} was not found. Install the PostgreSQL client tools of the server's major "
            "version (Debian: apt-get install postgresql-client)."
        )
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where ps shows it
    # libpq reads the same URL (host, port, user, database and options such as sslmode).
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603 — fixed binary, no shell
        [binary, f"--dbname={dsn}", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{tool} failed (exit {result.returncode}): {detail}")
