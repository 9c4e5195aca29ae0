"""The response rate over the season as SVG geometry: a step line of the share submitted per day, with the
deadline and the reminders marked; the template draws it and a sentence and table say the same in words."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from collection.dashboard import Progress
from collection.models import Season

WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 40  # room for the axis labels


@dataclass(frozen=True)
class Mark:
    x: float
    label: str


@dataclass(frozen=True)
class RateChart:
    width: int
    height: int
    points: str  # the polyline's points
    y_ticks: list[tuple[float, str]]  # (y, "50 %")
    deadline: Mark
    reminders: list[Mark]
    x_labels: list[Mark]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def rate_chart(season: Season, progress: Progress) -> RateChart:
    first, last = season.opens_on, season.closes_on
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(count: int) -> float:
        share = count / progress.total if progress.total else 0
        return round(TOP + plot_h * (1 - share), 1)

    points, previous = [], None
    for day, count in progress.days:
        if previous is not None and count != previous:
            points.append(f"{x(day)},{y(previous)}")  # a step: the level holds until the day it changes
        points.append(f"{x(day)},{y(count)}")
        previous = count
    return RateChart(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(points),
        y_ticks=[(round(TOP + plot_h * (1 - p / 100), 1), f"{p} %") for p in (0, 50, 100)],
        deadline=Mark(x(season.deadline), _short(season.deadline)),
        reminders=[Mark(x(r.due_on), _short(r.due_on)) for r in season.reminders.all() if first <= r.due_on <= last],
        x_labels=[Mark(x(first), _short(first)), Mark(x(last), _short(last))],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )


def _short(day: datetime.date) -> str:
    return date_format(day, "j.n.")
