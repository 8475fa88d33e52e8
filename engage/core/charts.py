"""Small server-side SVG charts, rendered inline into pages (no JavaScript, no external files).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` and uses presentation
attributes only (``fill=``, ``font-size=`` …), never ``style=``, so it passes the platform's
Content-Security-Policy.  Colours meet WCAG 2.1 AA: text is near-black on white (16:1), bars are
dark blue (7.5:1 against white, far above the 3:1 that graphics need).  A chart never stands
alone: the page shows an HTML table with the same figures next to it.

Callers pass numbers *and* the text to show for them (``value_label``), so that formatting and
language stay with the caller; this module depends on nothing else of the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
BAR = "#00549a"
TRACK = "#e8edf2"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
LABEL_MAX = 90  # characters of a label inside the chart (the table shows all of it)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and how the value is shown (e.g. "42 (35 %)")."""

    label: str
    value: float
    value_label: str


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    """A coordinate without needless decimals."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" focusable="false" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    max_value: float | None = None,
    width: int = 640,
) -> Markup:
    """Horizontal bars, each with its label above and its value label after the bar.

    ``max_value`` is the value of a full-length bar (default: the largest value); a light track
    behind each bar shows the full length, e.g. 100 % of the respondents.
    """
    pad, row, bar_height, value_space = 8, 50, 20, 130
    plot = width - 2 * pad - value_space
    top = max([b.value for b in bars] + [max_value or 0, 0]) or 1
    height = pad * 2 + row * max(len(bars), 1)
    parts = _open(chart_id, width, height, title, description)
    for index, bar in enumerate(bars):
        y = pad + index * row
        length = plot * max(bar.value, 0) / top
        parts.append(
            f'<text x="{pad}" y="{y + 15}" font-size="14" fill="{TEXT}">'
            f"{escape(_short(bar.label))}</text>"
        )
        parts.append(
            f'<rect x="{pad}" y="{y + 22}" width="{_number(plot)}" height="{bar_height}" '
            f'fill="{TRACK}"/>'
        )
        if length > 0:
            parts.append(
                f'<rect x="{pad}" y="{y + 22}" width="{_number(max(length, 2))}" '
                f'height="{bar_height}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{_number(pad + plot + 8)}" y="{y + 37}" font-size="14" '
            f'font-weight="600" fill="{TEXT}">{escape(bar.value_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def distribution_chart(
    columns: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    low_label: str = "",
    high_label: str = "",
    width: int = 640,
) -> Markup:
    """Vertical columns for the values of a scale (1 … 5), with labelled ends below the axis.

    Each column's ``label`` is written under it (the value, e.g. "1"); ``value_label`` above it
    (e.g. "12 (24 %)"); ``low_label`` and ``high_label`` say what the two ends mean.
    """
    pad, top_space, plot_height = 8, 28, 170
    ends = bool(low_label or high_label)
    height = top_space + plot_height + 30 + (26 if ends else 0) + pad
    axis_y = top_space + plot_height
    count = max(len(columns), 1)
    slot = (width - 2 * pad) / count
    column_width = slot * 0.55
    top = max([c.value for c in columns] + [0]) or 1
    parts = _open(chart_id, width, height, title, description)
    for index, column in enumerate(columns):
        centre = pad + slot * index + slot / 2
        bar_height = plot_height * max(column.value, 0) / top
        if bar_height > 0:
            parts.append(
                f'<rect x="{_number(centre - column_width / 2)}" '
                f'y="{_number(axis_y - max(bar_height, 2))}" width="{_number(column_width)}" '
                f'height="{_number(max(bar_height, 2))}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{_number(centre)}" y="{_number(axis_y - bar_height - 8)}" font-size="14" '
            f'font-weight="600" text-anchor="middle" fill="{TEXT}">'
            f"{escape(column.value_label)}</text>"
        )
        parts.append(
            f'<text x="{_number(centre)}" y="{axis_y + 22}" font-size="15" '
            f'text-anchor="middle" fill="{TEXT}">{escape(_short(column.label, 20))}</text>'
        )
    parts.append(
        f'<line x1="{pad}" y1="{axis_y}" x2="{width - pad}" y2="{axis_y}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    if ends:
        y = axis_y + 48
        parts.append(
            f'<text x="{pad}" y="{y}" font-size="14" fill="{MUTED}">'
            f"{escape(_short(low_label, 40))}</text>"
        )
        parts.append(
            f'<text x="{width - pad}" y="{y}" font-size="14" text-anchor="end" fill="{MUTED}">'
            f"{escape(_short(high_label, 40))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


SECOND = "#b35900"  # orange, 4.6:1 against white: the second series of a comparison


@dataclass(frozen=True)
class Pair:
    """Two values for one label, e.g. share of participants and share of the population."""

    label: str
    first: float
    second: float
    first_label: str
    second_label: str


def paired_bar_chart(
    pairs: Sequence[Pair],
    *,
    title: str,
    description: str,
    chart_id: str,
    legend: tuple[str, str],
    max_value: float | None = None,
    width: int = 640,
) -> Markup:
    """Two horizontal bars per label (dark blue and orange, told apart by a legend too)."""
    pad, row, bar_height, value_space, legend_height = 8, 66, 16, 130, 28
    plot = width - 2 * pad - value_space
    values = [p.first for p in pairs] + [p.second for p in pairs]
    top = max([*values, max_value or 0, 0]) or 1
    height = pad * 2 + legend_height + row * max(len(pairs), 1)
    parts = _open(chart_id, width, height, title, description)
    for index, (name, colour) in enumerate(zip(legend, (BAR, SECOND), strict=True)):
        x = pad + index * (width // 2)
        parts.append(f'<rect x="{x}" y="{pad + 2}" width="14" height="14" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 20}" y="{pad + 14}" font-size="14" fill="{TEXT}">'
            f"{escape(_short(name, 40))}</text>"
        )
    for index, pair in enumerate(pairs):
        y = pad + legend_height + index * row
        parts.append(
            f'<text x="{pad}" y="{y + 14}" font-size="14" fill="{TEXT}">'
            f"{escape(_short(pair.label))}</text>"
        )
        for offset, value, label, colour in (
            (20, pair.first, pair.first_label, BAR),
            (40, pair.second, pair.second_label, SECOND),
        ):
            length = plot * max(value, 0) / top
            parts.append(
                f'<rect x="{pad}" y="{y + offset}" width="{_number(plot)}" '
                f'height="{bar_height}" fill="{TRACK}"/>'
            )
            if length > 0:
                parts.append(
                    f'<rect x="{pad}" y="{y + offset}" width="{_number(max(length, 2))}" '
                    f'height="{bar_height}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{_number(pad + plot + 8)}" y="{y + offset + 13}" font-size="13" '
                f'fill="{TEXT}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def column_series_chart(
    columns: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    width: int = 640,
    label_every: int | None = None,
) -> Markup:
    """Many narrow columns over time (e.g. one per week); every n-th column is labelled below
    the axis, the highest value at the top left. The table beside it has every value."""
    pad, top_space, plot_height, axis_space = 8, 24, 150, 40
    height = top_space + plot_height + axis_space
    axis_y = top_space + plot_height
    count = max(len(columns), 1)
    slot = (width - 2 * pad) / count
    column_width = max(slot * 0.7, 1)
    top = max([c.value for c in columns] + [0]) or 1
    every = label_every or max(1, -(-count // 8))
    parts = _open(chart_id, width, height, title, description)
    peak = max(columns, key=lambda c: c.value, default=None)
    if peak is not None:
        parts.append(
            f'<text x="{pad}" y="{top_space - 8}" font-size="13" fill="{MUTED}">'
            f"{escape(_short(peak.value_label, 60))}</text>"
        )
    for index, column in enumerate(columns):
        x = pad + slot * index + (slot - column_width) / 2
        bar_height = plot_height * max(column.value, 0) / top
        if bar_height > 0:
            parts.append(
                f'<rect x="{_number(x)}" y="{_number(axis_y - max(bar_height, 1))}" '
                f'width="{_number(column_width)}" height="{_number(max(bar_height, 1))}" '
                f'fill="{BAR}"/>'
            )
        if index % every == 0:
            parts.append(
                f'<text x="{_number(x)}" y="{axis_y + 18}" font-size="12" fill="{TEXT}">'
                f"{escape(_short(column.label, 12))}</text>"
            )
    parts.append(
        f'<line x1="{pad}" y1="{axis_y}" x2="{width - pad}" y2="{axis_y}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
