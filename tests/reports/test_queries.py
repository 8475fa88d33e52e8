"""Every figure of the engagement report against the hand-counted world of report_fixtures."""

from __future__ import annotations

from datetime import date

import pytest
from report_fixtures import *  # noqa: F403

from engage.reports.models import DEFAULT_POPULATION
from engage.reports.queries import ReportFilter, engagement_report

APRIL = {"start": date(2026, 4, 20), "end": date(2026, 4, 30)}


@pytest.fixture(autouse=True)
def _request_context(app, session):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def totals(**kw):
    return engagement_report(ReportFilter(**kw)).totals


def test_totals_whole_city(world):
    assert totals() == {
        "participants": 4,
        "ideas": 5,
        "supports": 3,
        "comments": 3,
        "survey_responses": 2,
        "draft_comments": 1,
    }


def test_totals_respect_each_filter(world):
    p1 = {"participants": 3, "ideas": 3, "supports": 2, "comments": 2}
    p1 |= {"survey_responses": 2, "draft_comments": 0}
    p2 = {"participants": 3, "ideas": 2, "supports": 1, "comments": 1}
    p2 |= {"survey_responses": 0, "draft_comments": 1}
    assert totals(theme_id=world.p1.theme_id) == p1
    assert totals(process_id=world.p1.id) == p1
    assert totals(organisation_id=world.bogestra.id) == p1
    assert totals(organisation_ids=frozenset({world.bogestra.id})) == p1
    assert totals(theme_id=world.p2.theme_id) == p2
    assert totals(organisation_id=world.stadtwerke.id) == p2
    # Both: theme of P1 and organisation of P2 select nothing.
    assert totals(theme_id=world.p1.theme_id, organisation_id=world.stadtwerke.id) == dict.fromkeys(
        p1, 0
    )
    assert totals(**APRIL) == {
        "participants": 4,
        "ideas": 4,  # i5 (March) is outside
        "supports": 3,
        "comments": 3,
        "survey_responses": 2,
        "draft_comments": 1,
    }
    # One day, Bochum's 27 April: i2 (26 April 22:30 UTC) counts, nothing else happened.
    one_day = totals(start=date(2026, 4, 27), end=date(2026, 4, 27))
    assert one_day["ideas"] == 1 and one_day["participants"] == 1
    assert totals(start=date(2026, 4, 26), end=date(2026, 4, 26))["ideas"] == 0


def test_weekly_series_in_bochum_weeks(world):
    report = engagement_report(ReportFilter(**APRIL))
    weeks = {w.start: w for w in report.weekly}
    assert list(weeks) == [date(2026, 4, 20), date(2026, 4, 27)]
    w1, w2 = weeks[date(2026, 4, 20)], weeks[date(2026, 4, 27)]
    assert (w1.ideas, w1.supports, w1.comments, w1.survey_responses, w1.draft_comments) == (
        1,
        2,
        1,
        1,
        0,
    )
    assert w1.participants == 3  # a, b, d
    assert (w2.ideas, w2.supports, w2.comments, w2.survey_responses, w2.draft_comments) == (
        3,
        1,
        2,
        1,
        1,
    )
    assert w2.participants == 4
    whole = engagement_report(ReportFilter()).weekly
    # From i5's week (2 March) to W2, empty weeks included.
    assert whole[0].start == date(2026, 3, 2) and whole[-1].start == date(2026, 4, 27)
    assert len(whole) == 9
    assert sum(w.ideas for w in whole) == 5


def test_funnel(world):
    assert engagement_report(ReportFilter()).funnel == {
        "submitted": 5,
        "published": 4,
        "bundled": 1,
        "decided": 2,
        "implemented": 1,
    }
    assert engagement_report(ReportFilter(**APRIL)).funnel == {
        "submitted": 4,
        "published": 3,
        "bundled": 1,
        "decided": 1,
        "implemented": 1,
    }
    assert engagement_report(ReportFilter(process_id=world.p2.id)).funnel == {
        "submitted": 2,
        "published": 1,
        "bundled": 0,
        "decided": 1,
        "implemented": 0,
    }


def test_top_ideas(world):
    i = world.ideas
    assert [t.id for t in engagement_report(ReportFilter()).top_ideas] == [
        i["i1"].id,
        i["i5"].id,
        i["i2"].id,
    ]
    top = engagement_report(ReportFilter(**APRIL)).top_ideas
    assert [t.id for t in top] == [i["i1"].id, i["i2"].id]  # hidden and pending left out
    assert top[0].supports == 2 and top[0].process_title == "Radverkehr in Bochum"


def test_districts_against_population(world):
    report = engagement_report(ReportFilter())
    rows = {d.district: d for d in report.districts}
    population = sum(DEFAULT_POPULATION.values())
    assert rows["mitte"].participants == 1 and rows["nord"].participants == 1
    assert rows[None].participants == 2  # c without consent, d without district
    assert rows["ost"].participants == 0 and rows["ost"].participant_share == 0
    assert rows["mitte"].participant_share == 0.5
    assert rows["mitte"].population == DEFAULT_POPULATION["mitte"]
    assert rows["mitte"].population_share == DEFAULT_POPULATION["mitte"] / population
    assert rows["mitte"].representativeness == round(
        0.5 / (DEFAULT_POPULATION["mitte"] / population), 2
    )
    assert rows["nord"].representativeness == round(
        0.5 / (DEFAULT_POPULATION["nord"] / population), 2
    )
    assert rows["ost"].representativeness == 0
    # P2: d (unknown), a (mitte), b (nord, draft comment).
    p2 = {
        d.district: d.participants
        for d in engagement_report(ReportFilter(process_id=world.p2.id)).districts
    }
    assert p2 == {
        "mitte": 1,
        "nord": 1,
        None: 1,
        "ost": 0,
        "sued": 0,
        "suedwest": 0,
        "wattenscheid": 0,
    }


def test_moderation_figures(world):
    m = engagement_report(ReportFilter()).moderation
    assert m.flags == {"total": 3, "open": 1, "upheld": 1, "dismissed": 1}
    assert (m.hidden_ideas, m.hidden_comments, m.hidden_items) == (1, 1, 2)
    assert m.first_action_items == 3  # i3 4 h, c2 8 h, i4 2 h; the system's entry ignored
    assert m.median_first_action_seconds == 4 * 3600
    # Most overdue first, then in the organisations' order (Stadtwerke before BOGESTRA).
    assert [(o.organisation_id, o.overdue) for o in m.overdue] == [
        (world.stadtwerke.id, 1),
        (world.bogestra.id, 1),
    ]
    assert {o.organisation_id: o.overdue for o in m.overdue} == {
        world.bogestra.id: 1,
        world.stadtwerke.id: 1,
    }
    assert m.overdue_total == 2

    p1 = engagement_report(ReportFilter(process_id=world.p1.id)).moderation
    assert p1.flags == {"total": 2, "open": 1, "upheld": 1, "dismissed": 0}
    assert (p1.hidden_ideas, p1.hidden_comments) == (1, 1)
    assert p1.first_action_items == 2 and p1.median_first_action_seconds == 6 * 3600
    assert {o.organisation_id: o.overdue for o in p1.overdue} == {world.bogestra.id: 1}

    sw = engagement_report(ReportFilter(organisation_id=world.stadtwerke.id)).moderation
    assert sw.flags == {"total": 1, "open": 0, "upheld": 0, "dismissed": 1}
    assert (sw.hidden_ideas, sw.hidden_comments) == (0, 0)
    assert sw.first_action_items == 1 and sw.median_first_action_seconds == 2 * 3600
    assert {o.organisation_id: o.overdue for o in sw.overdue} == {world.stadtwerke.id: 1}

    scoped = engagement_report(ReportFilter(organisation_ids=frozenset({world.bogestra.id})))
    assert scoped.moderation.overdue_total == 1 and scoped.moderation.flags["total"] == 2

    march = engagement_report(
        ReportFilter(start=date(2026, 3, 1), end=date(2026, 3, 31))
    ).moderation
    assert march.flags["total"] == 0 and march.hidden_items == 0
    assert march.first_action_items == 0 and march.median_first_action_seconds is None
    assert march.overdue_total == 2  # the state now: the date range does not apply


def test_report_as_plain_data(world):
    data = engagement_report(ReportFilter(process_id=world.p1.id, **APRIL)).to_dict()
    assert data["filter"] == {"process": world.p1.id, "from": "2026-04-20", "to": "2026-04-30"}
    assert data["totals"]["ideas"] == 3
    assert data["weekly"][0]["week_start"] == "2026-04-20"
    assert data["moderation"]["overdue_total"] == 1


def test_query_count_does_not_grow_with_data(world, count_queries, session, make_user):
    from engage.ideas.models import Support

    with count_queries() as before:
        engagement_report(ReportFilter())
    for _n in range(5):
        user = make_user()
        session.add(Support(idea_id=world.ideas["i2"].id, user_id=user.id))
    session.flush()
    with count_queries() as after:
        report = engagement_report(ReportFilter())
    assert report.totals["supports"] == 8
    assert after.count == before.count
