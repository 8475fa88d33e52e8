"""The response table as CSV, XLSX (formula-safe, via :mod:`engage.core.exports`) and PDF.

The PDF is written with fpdf2 and embeds DejaVu Sans (Debian package ``fonts-dejavu-core``)
so that German and other non-Latin-1 text prints correctly; the font directory is the config
key ``PDF_FONT_DIR``. Without the font the core Helvetica is used and characters outside
Latin-1 are replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from engage.core import clock
from engage.core.exports import csv_bytes, xlsx_bytes

from .models import Draft, Outcome
from .queries import ResponseRow

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def filename(draft: Draft, extension: str) -> str:
    return f"draft-{draft.id}-responses-{clock.now().date().isoformat()}.{extension}"


def _header() -> list[str]:
    return [
        _("Version"),
        _("Paragraph"),
        _("Paragraph text"),
        _("Comment no."),
        _("Reply to"),
        _("Comment"),
        _("Written on"),
        _("Outcome"),
        _("Reason"),
        _("Answered on"),
    ]


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Berlin"))


def _rows(rows: Iterable[ResponseRow]) -> Iterator[list[Any]]:
    """Table rows; no author names (the published table names what was said, not who)."""
    zone = _zone()
    for row in rows:
        c, r = row.comment, row.response
        yield [
            row.version_number,
            row.paragraph.number,
            row.paragraph.text,
            c.id,
            c.parent_id,
            c.body,
            c.created_dt.astimezone(zone).replace(tzinfo=None),
            Outcome(r.outcome).label if r else "",
            r.rationale if r else "",
            r.responded_dt.astimezone(zone).replace(tzinfo=None) if r else None,
        ]


def csv_file(draft: Draft, rows: Iterable[ResponseRow]) -> bytes:
    return csv_bytes(_header(), _rows(rows))


def xlsx_file(draft: Draft, rows: Iterable[ResponseRow]) -> bytes:
    return xlsx_bytes(
        [(_("Response table"), _header(), _rows(rows))],
        column_widths={_("Response table"): (8, 9, 50, 10, 8, 60, 16, 16, 60, 16)},
    )


def _font(pdf) -> tuple[str, bool]:
    """Register DejaVu Sans if present; returns the family and whether it is Unicode."""
    folder = Path(current_app.config.get("PDF_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", True
    return "Helvetica", False


def pdf_file(draft: Draft, rows: Iterable[ResponseRow]) -> bytes:
    """A readable A4 report: one block per comment with its paragraph, outcome and reason."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    family, unicode_ok = _font(pdf)

    def text(value: Any) -> str:
        value = "" if value is None else str(value)
        return value if unicode_ok else value.encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(text(_("Response table: %(title)s", title=draft.title)))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(width, 8, text(_("Response table: %(title)s", title=draft.title)))
    pdf.set_font(family, "", 9)
    pdf.multi_cell(
        width,
        5,
        text(
            _(
                "%(process)s · as of %(date)s",
                process=draft.process.title,
                date=format_datetime(clock.now(), "medium"),
            )
        ),
    )
    pdf.ln(3)
    zone = _zone()
    count = 0
    for row in rows:
        count += 1
        c, r = row.comment, row.response
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(
            width,
            5,
            text(
                _(
                    "Version %(version)d, paragraph %(paragraph)s — comment %(id)d",
                    version=row.version_number,
                    paragraph=row.paragraph.number or "–",
                    id=c.id,
                )
            ),
        )
        pdf.set_font(family, "", 9)
        pdf.multi_cell(width, 4.5, text(_("Paragraph: %(text)s", text=row.paragraph.text)))
        when = format_datetime(c.created_dt.astimezone(zone), "medium")
        pdf.multi_cell(width, 4.5, text(_("Comment (%(date)s): %(text)s", date=when, text=c.body)))
        if r is not None:
            pdf.set_font(family, "B", 9)
            pdf.multi_cell(width, 4.5, text(_("Outcome: %(outcome)s", outcome=r.outcome_label)))
            pdf.set_font(family, "", 9)
            pdf.multi_cell(width, 4.5, text(_("Reason: %(text)s", text=r.rationale)))
        else:
            pdf.multi_cell(width, 4.5, text(_("No response yet.")))
        pdf.ln(3)
    if count == 0:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(width, 5, text(_("No comments match these filters.")))
    return bytes(pdf.output())
