"""Computed reports are kept for REPORT_CACHE_SECONDS, per filter and reader's scope."""

from __future__ import annotations

import pytest

from engage.reports import cache
from engage.reports.queries import ReportFilter


@pytest.fixture
def caching(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_CACHE_SECONDS", 300)
    cache.clear()
    with app.test_request_context():
        yield
    cache.clear()


def test_the_same_selection_is_computed_once(caching, monkeypatch):
    calls = []
    real = cache.engagement_report
    monkeypatch.setattr(cache, "engagement_report", lambda f: calls.append(f) or real(f))
    first = cache.report(ReportFilter())
    assert cache.report(ReportFilter()) is first
    assert len(calls) == 1


def test_another_filter_or_scope_is_computed_anew(caching):
    whole = cache.report(ReportFilter())
    scoped = cache.report(ReportFilter(organisation_ids=frozenset({1})))
    assert scoped is not whole
    assert cache.report(ReportFilter(organisation_ids=frozenset({2}))) is not scoped


def test_switched_off_it_keeps_nothing(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_CACHE_SECONDS", 0)
    cache.clear()
    with app.test_request_context():
        assert cache.report(ReportFilter()) is not cache.report(ReportFilter())
