"""``flask --app engage ideas import FILE --process ID``: ideas collected offline.

Workshops and paper forms produce ideas that should join the online ones. The file is CSV
(UTF-8, a header row with ``title`` and ``body``, optional ``district`` and ``tags`` separated
by ``;`` or ``,``) or JSON (a list of objects with the same keys). Every row is checked with
the same rules as the web form; if any row is bad, each problem is reported with its line
(CSV: the header is line 1; JSON: the item's position, counting from 1) and field, and
nothing of the file is imported.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from engage.core import clock
from engage.extensions import db
from engage.ideas.operations import IdeaError, IdeaInput, import_idea, validate_idea_input
from engage.processes.models import Process

FIELDS = ("title", "body", "district", "tags")
MAX_ROWS = 10_000


@dataclass
class Row:
    """One idea of the file and where it stands (for messages)."""

    where: str  # "line 3" or "item 2"
    values: dict[str, Any]
    problems: dict[str, str] = field(default_factory=dict)  # found while reading


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, header)."""


def read_csv(text: str) -> list[Row]:
    """Rows of a CSV text; each remembers the line on which it starts (header = line 1)."""
    # The delimiter is the one the header uses (column names contain none of them).
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("line 1: the file is empty") from None
    except csv.Error as exc:
        raise ImportFileError(f"line 1: {exc}") from exc
    names = [h.strip().lower() for h in header]
    missing = [f for f in ("title", "body") if f not in names]
    if missing:
        raise ImportFileError(
            f"line 1: the header needs the columns title and body (missing: {', '.join(missing)})"
        )
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if len(record) > len(names):
                extra = record[len(names) :]
                if any(cell.strip() for cell in extra):
                    raise ImportFileError(f"line {line}: more values than columns in the header")
            values = {n: (record[i] if i < len(record) else "") for i, n in enumerate(names)}
            rows.append(Row(f"line {line}", {k: values.get(k, "") for k in FIELDS}))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"line {line}: more than {MAX_ROWS} ideas in one file")
    except csv.Error as exc:
        raise ImportFileError(f"line {reader.line_num}: {exc}") from exc
    return rows


def read_json(text: str) -> list[Row]:
    """Items of a JSON list of objects; each remembers its position (counting from 1)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, list):
        raise ImportFileError("the file must contain a list of ideas")
    if len(data) > MAX_ROWS:
        raise ImportFileError(f"more than {MAX_ROWS} ideas in one file")
    rows = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportFileError(f"item {n}: each idea must be an object with title and body")
        row = Row(f"item {n}", {k: item.get(k) for k in FIELDS})
        tags = item.get("tags")
        if tags is not None and not (
            isinstance(tags, str)
            or (isinstance(tags, list) and all(isinstance(t, str) for t in tags))
        ):
            row.problems["tags"] = "keywords must be a text or a list of texts"
            row.values["tags"] = None
        rows.append(row)
    return rows


def read_file(path: Path, fmt: str | None = None) -> list[Row]:
    """The rows of a CSV or JSON file (by ``fmt`` or the file's extension)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(f"line {line}: the file is not UTF-8 encoded") from exc
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "csv")
    return read_json(text) if fmt == "json" else read_csv(text)


def validate_rows(rows: list[Row]) -> tuple[list[IdeaInput], list[str]]:
    """Every row checked with the web form's rules: the valid inputs and the problems."""
    inputs: list[IdeaInput] = []
    problems: list[str] = []
    for row in rows:
        v = row.values
        problems.extend(f"{row.where}: {f}: {message}" for f, message in row.problems.items())
        try:
            inputs.append(
                validate_idea_input(
                    v.get("title"),
                    v.get("body"),
                    v.get("district") or None,
                    v.get("tags") if v.get("tags") not in ("", None) else (),
                )
            )
        except IdeaError as err:
            for field, message in err.errors.items():
                problems.append(f"{row.where}: {field}: {message}")
    return inputs, problems


def register_cli(app) -> None:
    group = AppGroup("ideas", help="Ideas: import ideas collected offline.")

    @group.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--process", "process_id", type=int, required=True, help="Id of the process.")
    @click.option(
        "--note",
        default=None,
        help="Where the ideas come from, e.g. 'Workshop Wattenscheid, 12 May 2026'.",
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["csv", "json"]),
        default=None,
        help="Default: by extension.",
    )
    def import_command(file: Path, process_id: int, note: str | None, fmt: str | None) -> None:
        """Import ideas from a CSV or JSON FILE into a process; all or nothing."""
        process = db.session.get(Process, process_id)
        if process is None:
            raise click.ClickException(f"There is no process with the id {process_id}.")
        try:
            rows = read_file(file, fmt)
        except ImportFileError as exc:
            click.echo(f"{file.name}: {exc}", err=True)
            click.echo("Nothing was imported.", err=True)
            raise SystemExit(1) from exc
        inputs, problems = validate_rows(rows)
        if problems:
            for problem in problems:
                click.echo(f"{file.name}: {problem}", err=True)
            click.echo(f"Nothing was imported ({len(problems)} problem(s)).", err=True)
            raise SystemExit(1)
        origin_note = note or f"{file.name}, {clock.now():%Y-%m-%d}"
        try:
            for data in inputs:
                import_idea(process, data, note=origin_note)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        click.echo(f"Imported {len(inputs)} idea(s) into “{process.title}” (id {process.id}).")

    app.cli.add_command(group)
