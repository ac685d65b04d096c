"""A KPI's twelve months as an SVG line chart, drawn on the server so WeasyPrint renders it in
the PDF (no script runs there). Pure geometry: rollups in, coordinates and labels out; the
template `kpis/reports/history_chart.html` draws them.

As on the dashboard, a month not over yet is not drawn as a drop: the actual line stops at the
last whole month and a dashed line goes on to where the running month will end at this pace."""

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from network_animation.dates import month_label

from ..models import KpiDefinition, KpiRollup
from ..templatetags.kpi_format import kpi_value

WIDTH, HEIGHT = 600, 190
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 10, 26
TICKS = 4

type Point = tuple[float, float]


@dataclass
class HistoryChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    months: list[tuple[float, str]] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    actual: list[str] = field(default_factory=list)  # one polyline per unbroken run of months
    dots: list[Point] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    projected: str = ""
    running: Point | None = None
    running_label: str = ""


def history_chart(history: Sequence[KpiRollup], kpi: KpiDefinition) -> HistoryChart | None:
    """The months from the first rollup to the last, in place: a month without a figure
    leaves a gap rather than bringing its neighbours together."""
    if not history:
        return None
    months = _months(history[0].period_start, history[-1].period_start)
    by_month = {rollup.period_start: rollup for rollup in history}
    rows = [by_month.get(month) for month in months]
    running = history[-1] if history[-1].is_running else None
    actual = [r.value if r is not None and r is not running else None for r in rows]
    targets = [r.target if r is not None else None for r in rows]
    projection = running.projection if running is not None else None
    shown = [v for v in [*actual, *targets, projection] if v is not None]
    if not shown:
        return None
    low, high, step = _scale(min(shown), max(shown))
    x, y = _x_positions(len(months)), _y_position(low, high)
    chart = HistoryChart(
        months=[(x[i], month_label(month)) for i, month in enumerate(months)],
        ticks=[(y(v), kpi_value(v, kpi)) for v in _tick_values(low, high, step)],
        actual=_runs(x, actual, y),
        dots=[(x[i], y(v)) for i, v in enumerate(actual) if v is not None],
        target=_runs(x, targets, y),
    )
    if running is not None and projection is not None:
        chart.running = (x[-1], y(projection))
        chart.running_label = month_label(running.period_start)
        before = actual[-2] if len(actual) > 1 else None
        if before is not None:
            chart.projected = _polyline([(x[-2], y(before)), chart.running])
    return chart


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    index = first.year * 12 + first.month - 1
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(count)]


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """Axis bounds on round steps, from zero when every figure is positive."""
    low = min(low, 0.0)
    if high <= low:
        high = low + 1
    step = _nice_step((high - low) / TICKS)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _nice_step(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power)


def _tick_values(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


def _x_positions(count: int) -> list[float]:
    if count == 1:
        return [(LEFT + WIDTH - RIGHT) / 2]
    span = (WIDTH - RIGHT - LEFT) / (count - 1)
    return [round(LEFT + i * span, 1) for i in range(count)]


def _y_position(low: float, high: float) -> Callable[[float], float]:
    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - (value - low) / (high - low) * (HEIGHT - BOTTOM - TOP), 1)

    return y


def _runs(x: list[float], values: list[float | None], y: Callable[[float], float]) -> list[str]:
    """The points of each run of months with a figure: a month without one breaks the line."""
    runs: list[list[Point]] = [[]]
    for position, value in zip(x, values, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((position, y(value)))
    return [_polyline(run) for run in runs if run]


def _polyline(points: list[Point]) -> str:
    return " ".join(f"{px:g},{py:g}" for px, py in points)
