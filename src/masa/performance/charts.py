"""Server-rendered SVG line charts for the performance pages: no JavaScript, no chart library.

One small chart per indicator: the partnership's value, the statistical neighbours' mean and
England as lines, the target as a dashed line, the years along the bottom. A year without a
figure is a gap in the line, never a zero. Each line differs from the others by its dash and
its marker shape as well as its colour (WCAG 1.4.1), and every colour has a contrast of at
least 3:1 against white (WCAG 1.4.11). The SVG scales with its container (viewBox, width 100%)
down to 320 CSS pixels; the page puts the same numbers in a table after it.

Only SVG presentation attributes are used (the CSP allows no inline style).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from masa.performance.dashboard import Series, YearRow, number_text
from masa.performance.models import Unit

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 14, 34
MAX_X_LABELS = 7


@dataclass(frozen=True)
class LineStyle:
    key: str
    label: str
    colour: str
    dash: str  # stroke-dasharray; "" for a solid line
    width: float
    marker: str  # circle, square, triangle, diamond


PARTNERSHIP = LineStyle("value", "The partnership", "#1d70b8", "", 3, "circle")
NEIGHBOURS = LineStyle("sn_mean", "Statistical neighbours' mean", "#912b88", "8 4", 2, "square")
ENGLAND = LineStyle("england", "England", "#0b0c0c", "2 4", 2, "triangle")
TARGET = LineStyle("target", "Target", "#505a5f", "10 5", 1.5, "diamond")
STYLES = (PARTNERSHIP, NEIGHBOURS, ENGLAND, TARGET)


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of a #rrggbb colour against white."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: SafeString


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: SafeString
    legend: list[LegendEntry]
    drawn: bool  # False when there was nothing to draw


def _value(row: YearRow, key: str) -> Decimal | None:
    if key == "value":
        return row.value.value
    if key == "sn_mean":
        return row.sn_mean
    if key == "england":
        return row.england.value
    return row.target


def nice_ceiling(top: float) -> tuple[float, float]:
    """An axis maximum at or above `top`, and a tick step giving at most 5 intervals."""
    if top <= 0:
        return 1.0, 0.25
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * power
        if step * 5 >= top:
            break
    ceiling = math.ceil(top / step) * step
    return ceiling, step


def _tick_text(value: float, unit: str) -> str:
    shown = Decimal(str(round(value, 4)))
    return number_text(shown, Unit.COUNT if unit == Unit.DAYS else unit)


def _marker(shape: str, x: float, y: float, style: LineStyle) -> str:
    common = f'fill="{style.colour}" stroke="{style.colour}"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {common}/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {common}/>'
    if shape == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" '
            f"{common}/>"
        )
    return (
        f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} '
        f'L{x - 5:.1f} {y:.1f} Z" fill="#ffffff" stroke="{style.colour}" stroke-width="1.5"/>'
    )


def _line_attributes(style: LineStyle) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (
        f'fill="none" stroke="{style.colour}" stroke-width="{style.width}"'
        f' stroke-linejoin="round" stroke-linecap="round"{dash}'
    )


def swatch(style: LineStyle) -> SafeString:
    """A small picture of the line and its marker, for the HTML legend (hidden from screen
    readers: the legend's words say it)."""
    return mark_safe(  # noqa: S308 - built from constants only
        '<svg class="masa-chart-legend__swatch" viewBox="0 0 36 12" width="36" height="12" '
        'aria-hidden="true" focusable="false">'
        f'<line x1="2" y1="6" x2="34" y2="6" {_line_attributes(style)}/>'
        f"{_marker(style.marker, 18, 6, style)}</svg>"
    )


def line_chart(series: Series, *, area_name: str) -> Chart:
    """The chart of one indicator's series."""
    indicator = series.indicator
    chart_id = f"chart-{indicator.code}"
    rows: Sequence[YearRow] = series.rows
    first, last = (rows[0].label, rows[-1].label) if rows else ("", "")
    title = f"{indicator.title}: {area_name}"
    if rows:
        title += f", {first} to {last}" if first != last else f", {first}"
    # England's count is the whole country's, on another scale from one authority's: for a
    # count it is in the table, not on the chart.
    plotted = [PARTNERSHIP, NEIGHBOURS]
    if indicator.unit != Unit.COUNT:
        plotted.append(ENGLAND)
    if any(row.target is not None for row in rows):
        plotted.append(TARGET)
    legend = [
        LegendEntry(area_name if style is PARTNERSHIP else style.label, swatch(style))
        for style in plotted
    ]

    values = [
        float(value)
        for row in rows
        for style in plotted
        if (value := _value(row, style.key)) is not None
    ]
    description = _describe(series, area_name)
    if not values:
        return Chart(chart_id, title, description, mark_safe(""), legend, drawn=False)

    top = max(values)
    ceiling, step = nice_ceiling(top * 1.05)
    if indicator.unit == Unit.PERCENT and top <= 100 and ceiling > 100:
        ceiling, step = 100.0, 20.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(index: int) -> float:
        if len(rows) == 1:
            return LEFT + plot_w / 2
        return LEFT + index * plot_w / (len(rows) - 1)

    def y_of(value: float) -> float:
        return TOP + plot_h - (value / ceiling) * plot_h

    parts = [
        f'<svg id="{chart_id}" class="masa-line-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    # Grid lines and the y axis's labels.
    ticks = round(ceiling / step)
    for index in range(ticks + 1):
        tick = index * step
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{"#0b0c0c" if index == 0 else "#b1b4b6"}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#0b0c0c">{escape(_tick_text(tick, indicator.unit))}</text>'
        )
    # The years along the bottom (every nth when there are many).
    every = max(1, math.ceil(len(rows) / MAX_X_LABELS))
    for index, row in enumerate(rows):
        if index % every and index != len(rows) - 1:
            continue
        short = f"{(row.year - 1) % 100:02d}/{row.year % 100:02d}"
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" fill="#0b0c0c">{short}</text>'
        )
    # The lines, target first so the partnership's line is drawn on top.
    for style in (TARGET, ENGLAND, NEIGHBOURS, PARTNERSHIP):
        if style not in plotted:
            continue
        points = [
            (x_of(index), y_of(float(value)))
            if (value := _value(row, style.key)) is not None
            else None
            for index, row in enumerate(rows)
        ]
        parts.extend(_segments(points, style))
    parts.append("</svg>")
    return Chart(
        chart_id,
        title,
        description,
        mark_safe("".join(parts)),  # noqa: S308 - numbers and escaped text only
        legend,
        drawn=True,
    )


def _segments(points: list[tuple[float, float] | None], style: LineStyle) -> list[str]:
    """The line through consecutive points, broken where a year has no figure; a marker on
    every point. A target on its own (one year) is drawn as a short dashed bar."""
    drawn: list[str] = []
    run: list[tuple[float, float]] = []
    step = WIDTH / 12

    def flush() -> None:
        if len(run) >= 2:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(run)
            )
            drawn.append(f'<path d="{path}" {_line_attributes(style)}/>')
        elif len(run) == 1 and style is TARGET:
            x, y = run[0]
            drawn.append(
                f'<path d="M{x - step / 2:.1f} {y:.1f} L{x + step / 2:.1f} {y:.1f}" '
                f"{_line_attributes(style)}/>"
            )
        run.clear()

    for point in points:
        if point is None:
            flush()
        else:
            run.append(point)
    flush()
    for point in points:
        if point is not None:
            drawn.append(_marker(style.marker, point[0], point[1], style))
    return drawn


def _describe(series: Series, area_name: str) -> str:
    """A sentence or two for screen readers: the trend and the latest year's comparison."""
    rows = series.rows
    if not rows:
        return "There are no figures for this indicator yet."
    available = [row for row in rows if row.value.available]
    if not available:
        return (
            f"There is no figure for {area_name} between {rows[0].label} and {rows[-1].label}; "
            "the table below gives the reasons."
        )
    latest = available[-1]
    words = [f"{area_name}: {latest.value.text} in {latest.label}"]
    if len(available) > 1:
        earliest = available[0]
        words[0] += f", from {earliest.value.text} in {earliest.label}"
    if latest.sn_mean is not None:
        words.append(f"statistical neighbours' mean {latest.sn_mean_cell.text}")
    if latest.england.available and series.indicator.unit != Unit.COUNT:
        words.append(f"England {latest.england.text}")
    if latest.target is not None:
        words.append(f"target {latest.target_text}")
    gaps = len(rows) - len(available)
    text = "; ".join(words) + "."
    if gaps:
        text += f" {gaps} of the {len(rows)} years have no figure; the table gives the reasons."
    return text
