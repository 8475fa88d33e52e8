"""A short-lived cache of computed reports, per worker process.

Computing the whole city's figures reads every activity; a reader who looks at the dashboard
and then downloads CSV, XLSX, JSON and PDF of the same selection gets them from one computation.
An entry lives ``REPORT_CACHE_SECONDS`` (default 300; 0 switches the cache off, as in the
tests); every report shows the time it was computed ("As of"). The key is the whole filter,
the reader's scope included, so a moderator never gets another scope's figures.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import current_app

from engage.reports.queries import EngagementReport, ReportFilter, engagement_report

MAX_ENTRIES = 64
_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[float, EngagementReport]] = OrderedDict()


def _seconds() -> float:
    return float(current_app.config.get("REPORT_CACHE_SECONDS") or 0)


def _key(f: ReportFilter) -> tuple:
    scope = tuple(sorted(f.organisation_ids)) if f.organisation_ids is not None else None
    return (
        current_app.config.get("SQLALCHEMY_DATABASE_URI"),
        f.theme_id,
        f.process_id,
        f.organisation_id,
        f.start,
        f.end,
        scope,
    )


def report(f: ReportFilter) -> EngagementReport:
    """The report for ``f``, from the cache while it is fresh."""
    ttl = _seconds()
    if ttl <= 0:
        return engagement_report(f)
    key, now = _key(f), time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and now - hit[0] < ttl:
            _entries.move_to_end(key)
            return hit[1]
    computed = engagement_report(f)
    with _lock:
        _entries[key] = (now, computed)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return computed


def clear() -> None:
    with _lock:
        _entries.clear()
