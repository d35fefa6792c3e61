"""Geometry of the dashboards' small SVG charts (lines over days, bars per day), drawn by a
template: no JavaScript, no chart library, a few kilobytes per chart. Pure Python.

Every chart spans the whole date range, so a day without figures is a gap, not a squeeze.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 400, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 18, 10, 24  # margins for the axis labels
MAX_X_LABELS = 5


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the viewBox
    label: str


@dataclass
class Line:
    label: str
    css: str
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y …" per unbroken run
    dots: list[tuple[float, float]] = field(default_factory=list)  # a run of a single day


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line] = field(default_factory=list)
    guides: list[tuple[Tick, str]] = field(default_factory=list)  # (y and label, css class)
    bars: str = ""  # one SVG path with every bar
    empty: bool = True


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (an axis maximum)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (unreachable)


class _Frame:
    def __init__(self, start: dt.date, end: dt.date, y_max: float):
        self.start = start
        self.days = (end - start).days + 1
        self.right = WIDTH - RIGHT
        self.bottom = HEIGHT - BOTTOM
        self.step = (self.right - LEFT) / self.days
        self.y_max = y_max or 1

    def x(self, day: dt.date) -> float:
        return LEFT + ((day - self.start).days + 0.5) * self.step

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - TOP) * min(value, self.y_max) / self.y_max

    def chart(self, y_ticks: Sequence[float], label: Callable[[float], str], day_label) -> Chart:
        count = min(MAX_X_LABELS, self.days)
        picks = sorted({round(i * (self.days - 1) / max(count - 1, 1)) for i in range(count)})
        x_ticks = [
            Tick(
                round(self.x(self.start + dt.timedelta(days=i)), 1),
                day_label(self.start + dt.timedelta(days=i)),
            )
            for i in picks
        ]
        return Chart(
            width=WIDTH,
            height=HEIGHT,
            left=LEFT,
            right=self.right,
            top=TOP,
            bottom=self.bottom,
            x_ticks=x_ticks,
            y_ticks=[Tick(round(self.y(v), 1), label(v)) for v in y_ticks],
        )


def _buckets(start: dt.date, end: dt.date, size: int) -> list[list[dt.date]]:
    """The days from ``start`` to ``end`` cut into runs of ``size`` counted back from ``end``,
    so the latest week is whole (the first run may be shorter)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    head = len(days) % size
    runs = [days[:head]] if head else []
    return runs + [days[i : i + size] for i in range(head, len(days), size)]


def _day_label(day: dt.date) -> str:
    return f"{day.day}/{day.month}"


def line_chart(
    *,
    start: dt.date,
    end: dt.date,
    series: Sequence[tuple[str, str, dict[dt.date, float | None]]],
    y_max: float | None = None,
    y_label: Callable[[float], str] = _fmt,
    guides: Sequence[tuple[float, str, str]] = (),
    ticks: int = 4,
    bucket_days: int = 1,
) -> Chart:
    """Lines over the days from ``start`` to ``end``; ``series`` is (label, css class,
    {day: value}); a day (or bucket of ``bucket_days``) without a value breaks the line.
    ``guides`` are dashed levels (value, label, css class), e.g. a target."""
    values = [v for _, _, points in series for v in points.values() if v is not None]
    top = y_max if y_max is not None else nice_ceiling(max([*values, *(g[0] for g in guides), 1]))
    frame = _Frame(start, end, top)
    chart = frame.chart([top * i / ticks for i in range(ticks + 1)], y_label, _day_label)
    for label, css, points in series:
        line = Line(label, css)
        run: list[tuple[float, float]] = []
        for bucket in [*_buckets(start, end, bucket_days), None]:
            # A bucket (a day, or a week on a long range) shows its last known value.
            known = [(d, points[d]) for d in bucket or () if points.get(d) is not None]
            if known:
                day, value = known[-1]
                run.append((frame.x(day), frame.y(value)))
                continue
            if len(run) > 1:
                line.segments.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in run))
            elif run:
                line.dots.append(run[0])
            run = []
        chart.lines.append(line)
        chart.empty = chart.empty and not (line.segments or line.dots)
    chart.guides = [(Tick(round(frame.y(v), 1), label), css) for v, label, css in guides]
    return chart


def bar_chart(
    *,
    start: dt.date,
    end: dt.date,
    values: dict[dt.date, int],
    y_label: Callable[[float], str] = _fmt,
    ticks: int = 4,
    bucket_days: int = 1,
) -> Chart:
    """One bar per day (or per bucket of ``bucket_days``: their sum) from ``start`` to ``end``;
    nothing is drawn for 0."""
    sums = [
        (bucket[0], sum(values.get(day) or 0 for day in bucket))
        for bucket in _buckets(start, end, bucket_days)
    ]
    top = nice_ceiling(max([total for _, total in sums] + [1]))
    frame = _Frame(start, end, top)
    chart = frame.chart([top * i / ticks for i in range(ticks + 1)], y_label, _day_label)
    width = max(frame.step * bucket_days * 0.8, 0.6)
    commands = []
    for first, value in sums:
        if not value:
            continue
        x = frame.x(first) - frame.step / 2 + frame.step * bucket_days * 0.1
        commands.append(
            f"M{x:.1f} {frame.bottom:.1f}V{frame.y(value):.1f}h{width:.1f}V{frame.bottom:.1f}Z"
        )
    chart.bars = "".join(commands)
    chart.empty = not commands
    return chart
