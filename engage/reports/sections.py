"""The report as sections (title, chart, table) shared by the dashboard, the exports and the PDF.

Each section has a header and rows of plain values (numbers stay numbers, so spreadsheets can
compute with them) and, where it helps, a server-side SVG chart of the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from engage.core.charts import Bar, Pair, bar_chart, column_series_chart, paired_bar_chart
from engage.core.districts import DISTRICT_LABELS
from engage.ideas.models import IdeaStatus
from engage.reports.queries import EngagementReport


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    chart: Markup | None = None
    note: str = ""


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _percent_label(value: float | None) -> str:
    return "–" if value is None else format_percent(value, "#,##0.0 %")


def kind_labels() -> dict[str, str]:
    return {
        "participants": _("Participants"),
        "ideas": _("Ideas"),
        "supports": _("Supports"),
        "comments": _("Comments"),
        "survey_responses": _("Survey responses"),
        "draft_comments": _("Draft comments"),
    }


def funnel_labels() -> dict[str, str]:
    return {
        "submitted": _("Submitted"),
        "published": _("Published"),
        "bundled": _("Bundled"),
        "decided": _("Decided"),
        "implemented": _("Implemented"),
    }


def median_hours(report: EngagementReport) -> float | None:
    seconds = report.moderation.median_first_action_seconds
    return None if seconds is None else round(seconds / 3600, 1)


def sections(report: EngagementReport, *, charts: bool = True) -> list[Section]:
    labels = kind_labels()
    result = []

    totals = Section(
        "totals",
        _("Totals"),
        [_("Figure"), _("Number")],
        [[labels[key], value] for key, value in report.totals.items()],
    )
    if charts:
        totals.chart = bar_chart(
            [Bar(labels[k], v, format_decimal(v)) for k, v in report.totals.items()],
            title=_("Totals"),
            description=_("Participants and activities in the selected range."),
            chart_id="chart-totals",
        )
    result.append(totals)

    weekly = Section(
        "weekly",
        _("Weekly"),
        [_("Week starting"), *labels.values()],
        [
            [w.start, w.participants, w.ideas, w.supports, w.comments, *w.extra()]
            for w in report.weekly
        ],
    )
    if charts and report.weekly:
        weekly.chart = column_series_chart(
            [
                Bar(
                    format_date(w.start, "dd.MM.yy"),
                    w.participants,
                    _(
                        "Most in one week: %(number)s participants",
                        number=format_decimal(max(x.participants for x in report.weekly)),
                    ),
                )
                for w in report.weekly
            ],
            title=_("Participants per week"),
            description=_("Distinct participants in each week (Monday to Sunday)."),
            chart_id="chart-weekly",
        )
    result.append(weekly)

    submitted = report.funnel["submitted"]
    stages = funnel_labels()
    funnel = Section(
        "funnel",
        _("Funnel"),
        [_("Stage"), _("Ideas"), _("Share of submitted ideas (%)")],
        [
            [stages[k], v, _pct(v / submitted) if submitted else None]
            for k, v in report.funnel.items()
        ],
    )
    if charts:
        funnel.chart = bar_chart(
            [
                Bar(
                    stages[k],
                    v,
                    f"{format_decimal(v)} ({_percent_label(v / submitted if submitted else None)})",
                )
                for k, v in report.funnel.items()
            ],
            title=_("From submission to implementation"),
            description=_("How many of the submitted ideas reached each stage."),
            chart_id="chart-funnel",
            max_value=submitted,
        )
    result.append(funnel)

    top = Section(
        "top_ideas",
        _("Top ideas"),
        [_("Rank"), _("Idea"), _("Participation"), _("Status"), _("Supports"), _("Comments")],
        [
            [rank, t.title, t.process_title, IdeaStatus(t.status).label, t.supports, t.comments]
            for rank, t in enumerate(report.top_ideas, start=1)
        ],
    )
    if charts and report.top_ideas:
        top.chart = bar_chart(
            [Bar(t.title, t.supports, format_decimal(t.supports)) for t in report.top_ideas],
            title=_("Top ideas by supports"),
            description=_("The public ideas with the most supports."),
            chart_id="chart-top",
        )
    result.append(top)

    districts = Section(
        "districts",
        _("Districts"),
        [
            _("District"),
            _("Participants"),
            _("Share of participants with a known district (%)"),
            _("Population"),
            _("Share of the population (%)"),
            _("Representativeness"),
        ],
        [
            [
                str(DISTRICT_LABELS[d.district]) if d.district else _("Unknown"),
                d.participants,
                _pct(d.participant_share),
                d.population,
                _pct(d.population_share),
                d.representativeness,
            ]
            for d in report.districts
        ],
        note=_(
            "Representativeness is a district's share of the participants divided by its share "
            "of the population: 1.0 means as many participants as its population suggests, "
            "below 1 fewer, above 1 more. Participants count by the district in their profile "
            "(only with their consent)."
        ),
    )
    if charts:
        known = [d for d in report.districts if d.district]
        districts.chart = paired_bar_chart(
            [
                Pair(
                    str(DISTRICT_LABELS[d.district]),
                    d.participant_share or 0,
                    d.population_share or 0,
                    _percent_label(d.participant_share),
                    _percent_label(d.population_share),
                )
                for d in known
            ],
            title=_("Participation by district against the population"),
            description=_(
                "For each district its share of the participants and its share of Bochum's "
                "population."
            ),
            chart_id="chart-districts",
            legend=(_("Share of participants"), _("Share of the population")),
        )
    result.append(districts)

    m = report.moderation
    hours = median_hours(report)
    result.append(
        Section(
            "moderation",
            _("Moderation"),
            [_("Figure"), _("Number")],
            [
                [_("Flags raised"), m.flags["total"]],
                [_("Flags open"), m.flags["open"]],
                [_("Flags upheld"), m.flags["upheld"]],
                [_("Flags dismissed"), m.flags["dismissed"]],
                [_("Hidden ideas"), m.hidden_ideas],
                [_("Hidden comments"), m.hidden_comments],
                [_("Median time to a first moderator action (hours)"), hours],
                [_("Items with a moderator action"), m.first_action_items],
                [_("Overdue official answers"), m.overdue_total],
            ],
        )
    )

    overdue = Section(
        "overdue",
        _("Overdue official answers"),
        [_("Organisation"), _("Overdue official answers")],
        [[row.organisation, row.overdue] for row in m.overdue],
    )
    if charts and m.overdue:
        overdue.chart = bar_chart(
            [Bar(row.organisation, row.overdue, format_decimal(row.overdue)) for row in m.overdue],
            title=_("Overdue official answers per organisation"),
            description=_("Ideas whose official answer is past its due date."),
            chart_id="chart-overdue",
        )
    result.append(overdue)
    return result
