"""Spreadsheet exports (CSV and XLSX) that cannot smuggle formulas into Excel or LibreOffice.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by a spreadsheet ("CSV injection").  In CSV such text gets a leading
apostrophe (:func:`neutralise`); in XLSX every text is written as a string cell, which no
spreadsheet evaluates, and XlsxWriter's conversions of strings to formulas, numbers and links
are switched off.  Numbers, dates and booleans are written as such.

Rows may be any iterable, so callers can stream them from the database: :func:`iter_csv`
yields the file piece by piece, :func:`xlsx_bytes` writes with XlsxWriter's constant-memory
mode (row by row to a temporary file).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_ROWS = 500
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: Any) -> Any:
    """A CSV cell's value: texts that a spreadsheet would run as a formula get an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return neutralise(value)


def iter_csv(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True
) -> Iterator[bytes]:
    """The CSV file (UTF-8, comma-separated, RFC 4180 quoting) in pieces of a few hundred rows.

    ``bom`` starts the file with a byte-order mark, so that Excel recognises UTF-8.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(v) for v in header])
    prefix = "\ufeff" if bom else ""
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if count % CSV_CHUNK_ROWS == 0:
            yield (prefix + buffer.getvalue()).encode("utf-8")
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    yield (prefix + buffer.getvalue()).encode("utf-8")


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> bytes:
    """The whole CSV file at once (small exports, tests)."""
    return b"".join(iter_csv(header, rows, bom=bom))


def sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    clean = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "Sheet"
    return clean[:SHEET_NAME_MAX]


def _xlsx_text(value: str) -> str:
    return _XML_ILLEGAL.sub("", value)


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]],
    *,
    column_widths: dict[str, Sequence[float]] | None = None,
) -> bytes:
    """An XLSX workbook with one worksheet per ``(name, header, rows)``.

    Texts are always string cells (never formulas, numbers or links); datetimes are written as
    dates with a readable format (naive in the file: pass local times); the header row is bold
    and frozen.  ``column_widths`` maps a sheet name to widths in characters.
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    used: set[str] = set()
    for name, header, rows in sheets:
        title = sheet_name(name)
        n = 2
        while title.lower() in used:
            suffix = f" ({n})"
            title = sheet_name(name)[: SHEET_NAME_MAX - len(suffix)] + suffix
            n += 1
        used.add(title.lower())
        sheet = workbook.add_worksheet(title)
        for col, width in enumerate((column_widths or {}).get(name, ())):
            sheet.set_column(col, col, width)
        for col, value in enumerate(header):
            sheet.write_string(0, col, _xlsx_text(str(value)), bold)
        sheet.freeze_panes(1, 0)
        for row_index, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write_cell(sheet, row_index, col, value, when, day)
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row: int, col: int, value: Any, when, day) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, when)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), day)
    else:
        sheet.write_string(row, col, _xlsx_text(str(value)))
