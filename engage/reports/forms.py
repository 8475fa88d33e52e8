"""The report filter as given in a query string (dashboard form, exports, API, CLI).

``theme`` and ``organisation`` are slugs (or ids), ``process`` an id, ``from`` and ``to`` dates
(YYYY-MM-DD, days in Bochum, both inclusive). Problems come back per field, localised; a
moderator asking for another organisation's figures gets a field error (the API answers 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.extensions import db
from engage.organisations.models import Organisation
from engage.processes.models import Process
from engage.reports.queries import ReportFilter
from engage.themes.models import Theme

FIELDS = ("theme", "process", "organisation", "from", "to")


@dataclass
class ParsedFilter:
    filter: ReportFilter
    errors: dict[str, str] = field(default_factory=dict)
    out_of_scope: bool = False  # a moderator asked for an organisation that is not theirs
    theme: Theme | None = None
    process: Process | None = None
    organisation: Organisation | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def _lookup(model, value: str):
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return db.session.get(model, int(value))
    if hasattr(model, "slug") and model is not Process:
        return db.session.scalar(select(model).where(model.slug == value))
    return None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_filter(args: Mapping[str, Any], scope: frozenset[int] | None) -> ParsedFilter:
    """The filter of ``args``; invalid values are left out and reported in ``errors``."""
    errors: dict[str, str] = {}
    out_of_scope = False
    values = {key: str(args.get(key) or "") for key in FIELDS}

    theme = _lookup(Theme, values["theme"]) if values["theme"].strip() else None
    if values["theme"].strip() and theme is None:
        errors["theme"] = _("There is no such theme.")
    process = _lookup(Process, values["process"]) if values["process"].strip() else None
    if values["process"].strip() and process is None:
        errors["process"] = _("There is no such participation.")
    if process is not None and scope is not None and process.organisation_id not in scope:
        errors["process"] = _("You can read the reports of your organisations only.")
        out_of_scope, process = True, None
    organisation = (
        _lookup(Organisation, values["organisation"]) if values["organisation"].strip() else None
    )
    if values["organisation"].strip() and organisation is None:
        errors["organisation"] = _("There is no such organisation.")
    if organisation is not None and scope is not None and organisation.id not in scope:
        errors["organisation"] = _("You can read the reports of your organisations only.")
        out_of_scope, organisation = True, None

    start = end = None
    if values["from"].strip():
        start = _date(values["from"])
        if start is None:
            errors["from"] = _("Enter a date as YYYY-MM-DD, for example 2026-04-01.")
    if values["to"].strip():
        end = _date(values["to"])
        if end is None:
            errors["to"] = _("Enter a date as YYYY-MM-DD, for example 2026-06-30.")
    if start and end and end < start:
        errors["to"] = _("The end date must not be before the start date.")
        end = None

    report_filter = ReportFilter(
        theme_id=theme.id if theme else None,
        process_id=process.id if process else None,
        organisation_id=organisation.id if organisation else None,
        start=start,
        end=end,
        organisation_ids=scope,
    )
    return ParsedFilter(
        filter=report_filter,
        errors=errors,
        out_of_scope=out_of_scope,
        theme=theme,
        process=process,
        organisation=organisation,
    )
