"""Charts drawn on the server as SVG: no script, no CDN, printable, and readable without colour (every bar
carries its number as text, stacked parts differ in pattern as well as colour, and a table with the same
numbers sits beside each chart). This module works out the geometry; templates/dashboards/_chart_*.html
draw it.
"""

from dataclasses import dataclass

# Layout, in SVG user units (the SVG scales to its container).
WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 70
BAR_HEIGHT = 22
GAP = 8

# Fills that differ in lightness and in pattern, in the order of the parts (see static/css: .chart-fill-N).
FILLS = 6


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number shown at the end of the bar
    y: int
    width: float
    fill: int


def bars(parts, *, shown):
    """Horizontal bars for the parts of a breakdown: `shown(part)` -> (value for the length, text)."""
    values = [shown(part) for part in parts]
    largest = max((value for value, _text in values), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    result = [
        Bar(
            label=str(part.label),
            text=text,
            y=index * (BAR_HEIGHT + GAP),
            width=round(room * (value or 0) / largest, 1),
            fill=index % FILLS,
        )
        for index, (part, (value, text)) in enumerate(zip(parts, values, strict=True))
    ]
    return {"bars": result, "height": len(result) * (BAR_HEIGHT + GAP), "label_width": LABEL_WIDTH, "width": WIDTH}


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: int
    count: int
    label: str


def stacked(rows, *, kinds):
    """One horizontal bar per row, split into `kinds` [(key, label)]: rows are (label, {key: count})."""
    largest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    drawn = []
    for index, (label, counts) in enumerate(rows):
        x = LABEL_WIDTH
        segments = []
        for number, (key, kind_label) in enumerate(kinds):
            count = counts.get(key, 0)
            width = round(room * count / largest, 1)
            if count:
                segments.append(Segment(x=x, width=width, fill=number % FILLS, count=count, label=str(kind_label)))
            x += width
        drawn.append(
            {"label": label, "y": index * (BAR_HEIGHT + GAP), "segments": segments, "total": sum(counts.values())}
        )
    legend = [{"label": str(label), "fill": number % FILLS} for number, (_key, label) in enumerate(kinds)]
    return {
        "rows": drawn,
        "legend": legend,
        "height": len(drawn) * (BAR_HEIGHT + GAP),
        "label_width": LABEL_WIDTH,
        "width": WIDTH,
    }


def columns(months, *, series):
    """Columns per month for each of `series` [(key, label)], side by side: months are dicts with a
    "month" (a date) and a count per key."""
    height = 160
    largest = max((month[key] for month in months for key, _label in series), default=0) or 1
    slot = (WIDTH - 40) / max(len(months), 1)
    column = slot / (len(series) + 1)
    drawn = []
    for index, month in enumerate(months):
        bars_ = []
        for number, (key, label) in enumerate(series):
            value = month[key]
            bar_height = round(height * value / largest, 1)
            bars_.append(
                {
                    "x": round(40 + index * slot + number * column, 1),
                    "y": round(height - bar_height + 10, 1),
                    "height": bar_height,
                    "width": round(column, 1),
                    "value": value,
                    "fill": number % FILLS,
                    "label": str(label),
                }
            )
        drawn.append({"month": month["month"], "x": round(40 + index * slot + slot / 2 - column / 2, 1), "bars": bars_})
    return {
        "months": drawn,
        "legend": [{"label": str(label), "fill": number % FILLS} for number, (_key, label) in enumerate(series)],
        "height": height + 40,
        "base": height + 10,
        "largest": largest,
        "width": WIDTH,
    }
