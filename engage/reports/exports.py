"""The engagement report as CSV, XLSX, JSON and PDF, and the bundle dossier (PDF).

Spreadsheets go through :mod:`engage.core.exports` (formula cells neutralised, header rows bold
and frozen). The PDFs are written with fpdf2 and DejaVu Sans (as the drafts' exports): a
document title, the language, an outline (bookmarks) per section, real text and tables, and the
same SVG charts as the dashboard, each with an alternative text.
"""

from __future__ import annotations

import html
import io
import json
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _

from engage.core import clock
from engage.core.exports import csv_bytes, neutralise, xlsx_bytes
from engage.reports.queries import EngagementReport
from engage.reports.sections import sections

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
# fpdf2 subsets the fonts with fontTools, which logs every table at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)
FORMATS = ("csv", "xlsx", "json", "pdf")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}
_SVG_TITLE = re.compile(r"<(title|desc)[^>]*>.*?</\1>", re.S)
_SVG_FONT = re.compile(r'font-family="[^"]*"')


def filename(extension: str, stem: str = "engagement-report") -> str:
    return f"{stem}-{clock.now().date().isoformat()}.{extension}"


def _scope_lines(report: EngagementReport, labels: dict[str, str] | None = None) -> list[str]:
    """What the report covers, in words (for the file heads)."""
    labels = labels or {}
    f = report.filter
    lines = [
        _("Theme: %(name)s", name=labels.get("theme") or _("all")),
        _("Participation: %(name)s", name=labels.get("process") or _("all")),
        _("Organisation: %(name)s", name=labels.get("organisation") or _("all")),
        _(
            "Period: %(start)s to %(end)s",
            start=format_date(f.start) if f.start else _("the beginning"),
            end=format_date(f.end) if f.end else _("today"),
        ),
    ]
    if f.organisation_ids is not None:
        lines.append(_("Limited to the organisations the reader moderates."))
    return lines


# --- spreadsheets and JSON -------------------------------------------------------------------


def csv_file(report: EngagementReport, labels: dict[str, str] | None = None) -> bytes:
    """All sections one below the other: a title row, the header, the rows, an empty row."""
    rows: list[list[Any]] = [[line] for line in _scope_lines(report, labels)]
    for section in sections(report, charts=False):
        rows.append([])
        rows.append([section.title])
        rows.append(list(section.header))
        rows.extend(section.rows)
    return csv_bytes([_("Engagement report")], rows)


def xlsx_file(report: EngagementReport, labels: dict[str, str] | None = None) -> bytes:
    """One worksheet per section (header bold and frozen), and one describing the scope."""
    parts = sections(report, charts=False)
    sheets = [
        (_("Scope"), [_("Engagement report")], [[line] for line in _scope_lines(report, labels)])
    ]
    widths = {_("Scope"): (70,)}
    for section in parts:
        sheets.append((section.title, section.header, section.rows))
        widths[section.title] = [max(12, min(60, len(str(h)) + 2)) for h in section.header]
    return xlsx_bytes(sheets, column_widths=widths)


def json_file(report: EngagementReport) -> bytes:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")


# --- PDF -------------------------------------------------------------------------------------


class _Pdf:
    """fpdf2 with DejaVu Sans when present (else Helvetica and Latin-1 text)."""

    def __init__(self, title: str) -> None:
        from fpdf import FPDF

        self.pdf = pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        folder = Path(current_app.config.get("PDF_FONT_DIR", DEFAULT_FONT_DIR))
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            self.family, self.unicode = "DejaVu", True
        else:
            self.family, self.unicode = "Helvetica", False
        pdf.set_title(self.text(title))
        pdf.set_lang(str(get_locale() or "de"))
        pdf.set_creator("engage Bochum")
        pdf.set_subject(self.text(title))
        pdf.set_section_title_styles(self._style(15), self._style(12))
        pdf.add_page()
        pdf.set_font(self.family, "", 10)

    def _style(self, size: float):
        from fpdf.fonts import TextStyle

        return TextStyle(font_family=self.family, font_style="B", font_size_pt=size, t_margin=4)

    def text(self, value: Any) -> str:
        value = "" if value is None else str(value)
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, level: int = 0) -> None:
        self.pdf.start_section(self.text(text), level=level)
        self.pdf.set_font(self.family, "", 10)

    def paragraph(self, text: str, *, size: float = 10, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(self.pdf.epw, size * 0.5, self.text(text))
        self.pdf.set_font(self.family, "", 10)
        self.pdf.ln(1)

    def chart(self, svg: Any, alt: str) -> None:
        source = _SVG_TITLE.sub("", str(svg))
        if self.unicode:
            source = _SVG_FONT.sub(f'font-family="{self.family}"', source)
        else:
            source = source.encode("latin-1", "replace").decode("latin-1")
        data = source.encode("utf-8")
        if self.pdf.will_page_break(60):
            self.pdf.add_page()
        self.pdf.image(io.BytesIO(data), w=min(self.pdf.epw, 170), alt_text=self.text(alt))
        self.pdf.ln(2)

    def table(self, header: list[str], rows: list[list[Any]]) -> None:
        self.pdf.set_font(self.family, "", 8)
        with self.pdf.table(
            first_row_as_headings=True, repeat_headings=1, line_height=4.5, text_align="LEFT"
        ) as table:
            row = table.row()
            for cell in header:
                row.cell(self.text(cell))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.text(_cell_text(value)))
        self.pdf.set_font(self.family, "", 10)
        self.pdf.ln(3)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _cell_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def pdf_file(report: EngagementReport, labels: dict[str, str] | None = None) -> bytes:
    """The report for a meeting: scope, then each section with its chart and its table."""
    labels = labels or {}
    subject = labels.get("process") or labels.get("theme") or _("Bochum")
    title = _("Engagement report: %(subject)s", subject=subject)
    doc = _Pdf(title)
    doc.paragraph(title, size=16, bold=True)
    for line in _scope_lines(report, labels):
        doc.paragraph(line, size=9)
    doc.paragraph(_("As of %(date)s", date=format_datetime(report.generated, "medium")), size=9)
    for section in sections(report):
        doc.heading(section.title)
        if section.chart is not None:
            doc.chart(
                section.chart,
                _("Chart: %(title)s. The table below has its figures.", title=section.title),
            )
        if section.note:
            doc.paragraph(section.note, size=8)
        if section.rows:
            doc.table(section.header, section.rows)
        else:
            doc.paragraph(_("No figures for this selection."), size=9)
    return doc.output()


# --- the bundle dossier ----------------------------------------------------------------------


def report_file(fmt: str, report: EngagementReport, labels: dict[str, str] | None = None) -> bytes:
    """The report in one of :data:`FORMATS` (the dashboard's downloads and the CLI)."""
    if fmt == "csv":
        return csv_file(report, labels)
    if fmt == "xlsx":
        return xlsx_file(report, labels)
    if fmt == "json":
        return json_file(report)
    return pdf_file(report, labels)


def item_description(item: Any) -> tuple[str, list[tuple[str, Any]]]:
    """A bundle item's heading and facts, for any kind: an idea in detail, other kinds by the
    object their ``kind`` names (its title or text), so that new kinds show without changes."""
    kind = str(item.kind)
    if kind == "idea" and getattr(item, "idea", None) is not None:
        idea = item.idea
        from engage.core.districts import DISTRICT_LABELS
        from engage.ideas.models import IdeaStatus

        return idea.title, [
            (_("Kind"), _("Idea")),
            (_("Participation"), idea.process.title),
            (_("Status"), IdeaStatus(idea.status).label),
            (_("Supports"), idea.supports_count),
            (_("Comments"), idea.comments_count),
            (_("District"), str(DISTRICT_LABELS.get(idea.district, "")) or "–"),
            (_("Submitted"), format_date(idea.created_dt)),
        ]
    target = _item_target(item)
    heading = ""
    for attribute in ("title", "text", "body", "name"):
        value = getattr(target, attribute, None) if target is not None else None
        if value:
            heading = str(value)
            break
    label = kind.replace("_", " ")
    try:
        from engage.bundles.models import ItemKind

        label = str(getattr(ItemKind(kind), "label", label))
    except ValueError:
        pass
    facts: list[tuple[str, Any]] = [(_("Kind"), label)]
    process = getattr(target, "process", None)
    if process is not None and getattr(process, "title", None):
        facts.append((_("Participation"), process.title))
    target_id = getattr(item, "target_id", None) or getattr(target, "id", None)
    if target_id is not None:
        facts.append((_("Number"), target_id))
    return heading or _("Item %(position)s", position=item.position), facts


def _item_target(item: Any) -> Any:
    """The object a bundle item points at: the relationship its kind names, else the first
    one that is set (so kinds added later show without changes here)."""
    from sqlalchemy import inspect

    target = getattr(item, str(item.kind), None)
    if target is not None and hasattr(target, "__table__"):
        return target
    for relationship in inspect(item).mapper.relationships:
        if relationship.key != "bundle":
            value = getattr(item, relationship.key, None)
            if value is not None:
                return value
    return None


def _plain(html_text: str) -> str:
    """Sanitised HTML as plain text for the PDF (paragraphs and list items on their own lines)."""
    text = re.sub(r"</(p|li|h[1-6])>|<br\s*/?>", "\n", html_text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def dossier_pdf(bundle: Any) -> bytes:
    """One bundle for a decision meeting: facts, summary, recommendation, figures, items."""
    from engage.bundles.queries import idea_districts, total_supports
    from engage.core.districts import DISTRICT_LABELS

    title = _("Bundle dossier: %(title)s", title=bundle.title)
    doc = _Pdf(title)
    doc.paragraph(title, size=16, bold=True)
    doc.paragraph(
        _(
            "Theme: %(theme)s · Organisation: %(organisation)s · Status: %(status)s",
            theme=bundle.theme.name,
            organisation=bundle.organisation.name,
            status=bundle.status_enum.label,
        ),
        size=9,
    )
    if bundle.submitted_dt:
        doc.paragraph(_("Submitted on %(date)s", date=format_date(bundle.submitted_dt)), size=9)
    doc.paragraph(_("As of %(date)s", date=format_datetime(clock.now(), "medium")), size=9)

    doc.heading(_("Summary"))
    doc.paragraph(bundle.summary or _("No summary."))
    doc.heading(_("Recommendation"))
    doc.paragraph(_plain(bundle.recommendation) or _("No recommendation."))

    doc.heading(_("Figures"))
    ideas = [item.idea for item in bundle.items if getattr(item, "idea", None) is not None]
    doc.table(
        [_("Figure"), _("Number")],
        [
            [_("Items"), len(bundle.items)],
            [_("Ideas"), len(ideas)],
            [_("Supports of its ideas"), total_supports(bundle)],
            [_("Comments on its ideas"), sum(i.comments_count for i in ideas)],
        ],
    )
    districts = idea_districts(bundle)
    if districts:
        doc.table(
            [_("District"), _("Ideas")],
            [[str(DISTRICT_LABELS.get(d, d)) if d else _("Unknown"), n] for d, n in districts],
        )

    doc.heading(_("Items"))
    if not bundle.items:
        doc.paragraph(_("This bundle has no items."))
    for number, item in enumerate(bundle.items, start=1):
        heading, facts = item_description(item)
        doc.paragraph(f"{number}. {heading}", size=11, bold=True)
        doc.table([_("Fact"), _("Value")], [[k, v] for k, v in facts])
        if item.note:
            doc.paragraph(_("Moderators' note: %(note)s", note=item.note), size=9)

    if bundle.decision is not None:
        doc.heading(_("Decision"))
        doc.paragraph(bundle.decision.outcome_enum.label, bold=True)
        doc.paragraph(bundle.decision.rationale)
    return doc.output()


__all__ = [
    "FORMATS",
    "MIMETYPES",
    "csv_file",
    "dossier_pdf",
    "filename",
    "json_file",
    "neutralise",
    "pdf_file",
    "xlsx_file",
]
