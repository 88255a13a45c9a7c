"""Charts drawn on the server as SVG: no script, no CDN, printable, and readable without colour (every bar
carries its number as text, parts differ in pattern or lightness as well as hue, and a table with the same
numbers sits beside each chart). This module works out the geometry; templates/dashboards/_chart_*.html
draw it.

The charts are drawn at the width of a phone (WIDTH user units, shown at most that many pixels wide), so
that on a 390 px screen the text shrinks to no less than about 12 px instead of to 7 px as a wide chart
would; labels stand above their bar, where a long one ("Begeleid door een procesbegeleider") has the whole
width. Legends are HTML lists beside the SVG, which wrap instead of running off its edge.
"""

from dataclasses import dataclass

# Layout, in SVG user units; one unit is one CSS pixel up to WIDTH (static/css: .chart).
WIDTH = 400
VALUE_WIDTH = 56  # room after the longest bar for its number ("100%", "12345")
LABEL_LINE = 20  # a label above its bar
BAR_HEIGHT = 18
GAP = 12
LABEL_CHARS = 50  # what fits on WIDTH at the chart's font size; longer labels are cut (the table has them whole)
CHAR_WIDTH = 8  # a generous average width of a character, for labels beside a bar

# Fills that differ in lightness and in pattern, in the order of the parts (see static/css: .chart-fill-N).
FILLS = 6
DARK_FILLS = {0}  # the numbers inside these are white


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number shown at the end of the bar
    y: int  # top of the label line; the bar is LABEL_LINE below
    width: float
    fill: int


def bars(parts, *, shown):
    """Horizontal bars for the parts of a breakdown, each under its label: `shown(part)` -> (value for the
    length, text)."""
    values = [shown(part) for part in parts]
    largest = max((value for value, _text in values), default=0) or 1
    room = WIDTH - VALUE_WIDTH
    step = LABEL_LINE + BAR_HEIGHT + GAP
    result = [
        Bar(
            label=str(part.label),
            text=text,
            y=index * step,
            width=round(room * (value or 0) / largest, 1),
            fill=index % FILLS,
        )
        for index, (part, (value, text)) in enumerate(zip(parts, values, strict=True))
    ]
    return {
        "bars": result,
        "height": max(len(result) * step - GAP, 0),
        "width": WIDTH,
        "bar_y": LABEL_LINE,
        "bar_height": BAR_HEIGHT,
        "label_chars": LABEL_CHARS,
    }


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: int
    count: int
    label: str
    dark: bool


def _label_width(labels):
    """Room for labels beside the bars: the longest, within a third of the chart."""
    longest = max((len(label) for label in labels), default=0)
    return min(WIDTH // 3, longest * CHAR_WIDTH + 8)


def stacked(rows, *, kinds):
    """One horizontal bar per row, split into `kinds` [(key, label)]: rows are (label, {key: count}). Row
    labels (region names) stand beside the bar; the total follows it."""
    largest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    label_width = _label_width([label for label, _counts in rows])
    room = WIDTH - label_width - VALUE_WIDTH
    drawn = []
    for index, (label, counts) in enumerate(rows):
        x = label_width
        segments = []
        for number, (key, kind_label) in enumerate(kinds):
            count = counts.get(key, 0)
            width = round(room * count / largest, 1)
            if count:
                fill = number % FILLS
                segments.append(
                    Segment(x=x, width=width, fill=fill, count=count, label=str(kind_label), dark=fill in DARK_FILLS)
                )
            x += width
        drawn.append(
            {
                "label": label,
                "y": index * (BAR_HEIGHT + GAP),
                "segments": segments,
                "total": sum(counts.values()),
                "end": round(x, 1),
            }
        )
    legend = [{"label": str(label), "fill": number % FILLS} for number, (_key, label) in enumerate(kinds)]
    return {
        "rows": drawn,
        "legend": legend,
        "height": max(len(drawn) * (BAR_HEIGHT + GAP) - GAP, 0),
        "label_width": label_width,
        "bar_height": BAR_HEIGHT,
        "width": WIDTH,
    }


MONTH_LABEL_WIDTH = 84  # "sep 2026", "Aug 2026"
SERIES_BAR = 13
SERIES_GAP = 2
SERIES_VALUE_WIDTH = 96  # "1234 planned": the number says its series, so the bars need no colour


def columns(months, *, series):
    """The months of the school year, one row each with a bar per series in `series` [(key, label)] and its
    number: months are dicts with a "month" (a date) and a count per key. Rows rather than upright columns,
    because 24 numbers side by side do not fit on a phone, and a month's numbers must stay readable."""
    largest = max((month[key] for month in months for key, _label in series), default=0) or 1
    room = WIDTH - MONTH_LABEL_WIDTH - SERIES_VALUE_WIDTH
    step = len(series) * (SERIES_BAR + SERIES_GAP) - SERIES_GAP + GAP
    drawn = []
    for index, month in enumerate(months):
        bars_ = []
        for number, (key, label) in enumerate(series):
            value = month[key]
            bars_.append(
                {
                    "y": number * (SERIES_BAR + SERIES_GAP),
                    "width": round(room * value / largest, 1),
                    "value": value,
                    "fill": number % FILLS,
                    "label": str(label),
                }
            )
        # A month without meetings gets one 0, not a 0 per series.
        empty = not any(bar["value"] for bar in bars_)
        drawn.append({"month": month["month"], "y": index * step, "bars": bars_, "empty": empty})
    return {
        "months": drawn,
        "legend": [{"label": str(label), "fill": number % FILLS} for number, (_key, label) in enumerate(series)],
        "height": max(len(drawn) * step - GAP, 0),
        "label_width": MONTH_LABEL_WIDTH,
        "bar_height": SERIES_BAR,
        "middle": (len(series) * (SERIES_BAR + SERIES_GAP) - SERIES_GAP) / 2,
        "width": WIDTH,
    }
