"""The anonymised responses of a survey as CSV or XLSX: one row per response, one column per
question (and one for the texts of "other"), a running number instead of any account.

Choices of a multiple-choice answer are joined with "; ", a ranking is written best first as
"A > B > C", scale values are numbers.  Formula injection is neutralised by
:mod:`engage.core.exports`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from engage.core import clock
from engage.core.exports import iter_csv, xlsx_bytes
from engage.surveys.models import Survey
from engage.surveys.results import ExportColumn, export_columns, response_rows


def _header(columns: list[ExportColumn]) -> list[str]:
    header = [_("No."), _("Answered on")]
    for column in columns:
        label = f"{column.number}. {column.question.text}"
        header.append(_("%(question)s (other)", question=label) if column.other else label)
    return header


def _rows(survey: Survey, columns: list[ExportColumn]) -> Iterator[list[Any]]:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Berlin"))
    for row in response_rows(survey, columns):
        created = row[1]
        row[1] = created.astimezone(zone).date() if created is not None else None
        yield row


def filename(survey: Survey, extension: str) -> str:
    return f"survey-{survey.id}-responses-{clock.now().date().isoformat()}.{extension}"


def csv_stream(survey: Survey) -> Iterator[bytes]:
    """The CSV file in pieces (streamed from the database)."""
    columns = export_columns(survey)
    return iter_csv(_header(columns), _rows(survey, columns))


def xlsx_file(survey: Survey) -> bytes:
    """The XLSX workbook: the responses, and a sheet with the questions."""
    columns = export_columns(survey)
    header = _header(columns)
    questions_sheet = [
        [number, q.text, q.kind_enum.label, _("yes") if q.required else _("no")]
        for number, q in enumerate(survey.questions, start=1)
    ]
    responses_name = _("Responses")
    return xlsx_bytes(
        [
            (responses_name, header, _rows(survey, columns)),
            (
                _("Questions"),
                [_("No."), _("Question"), _("Kind"), _("Required")],
                questions_sheet,
            ),
        ],
        column_widths={responses_name: [6, 12] + [30] * len(columns)},
    )
