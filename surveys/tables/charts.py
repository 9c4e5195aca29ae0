"""Bar charts of the figures as SVG geometry: one horizontal bar per category, label above and value beside
it, so the chart reads without colour; the template draws it and the data table follows it.

Widths are shares of the chart's width and the SVG has no viewBox, so text keeps its CSS size (13 px) at any
width instead of shrinking with the drawing: on a 390 px phone the labels stay readable. A long label is
wrapped onto lines short enough for a phone.
"""

import textwrap
from dataclasses import dataclass

from surveys.tables.base import published
from surveys.tables.export import format_value

WIDTH = 720
BAR_AREA = 560  # the longest bar; the rest of the width holds its value
LABEL_HEIGHT = 18
LABEL_LINE = 16  # each further line of a wrapped label
LABEL_CHARS = 42  # about 290 px of 13 px text: fits a 390 px screen beside the page margins
BAR_HEIGHT = 20
GAP = 14


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as printed
    width: float  # per cent of the chart's width
    label_y: int
    bar_y: int
    value_y: int
    label_lines: tuple[str, ...] = ()

    @property
    def more_lines(self) -> tuple[str, ...]:
        return self.label_lines[1:]


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    line_height: int = LABEL_LINE


def bar_chart(table: dict) -> BarChart:
    """Bars for the categories of a one-row or one-column table (Figur 3.1: rows; Figur 4.1: columns)."""
    if len(table["rows"]) == 1:
        labels, values = table["columns"], table["values"][0]
    else:
        labels, values = table["rows"], [row[0] for row in table["values"]]
    is_percent = published().get(table["table"], {}).get("unit") == "prosent"
    top = 100 if is_percent else max([v for v in values if v is not None] or [1]) or 1
    bars, y = [], 0
    for label, value in zip(labels, values, strict=True):
        width = 0 if value is None else 100 * BAR_AREA / WIDTH * value / top
        text = ".." if value is None else format_value(value) + (" %" if is_percent else "")
        lines = tuple(textwrap.wrap(str(label), LABEL_CHARS)) or ("",)
        bar_y = y + LABEL_HEIGHT + LABEL_LINE * (len(lines) - 1)
        bars.append(
            Bar(
                label=label,
                text=text,
                width=round(width, 2),
                label_y=y + 13,
                bar_y=bar_y,
                value_y=bar_y + 15,
                label_lines=lines,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return BarChart(bars=bars, width=WIDTH, height=max(y, 1), bar_height=BAR_HEIGHT)
