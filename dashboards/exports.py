"""CSV and JSON from the same figures as the pages: they take what `figures.dashboard` and
`figures.network_rows` give the templates, and only lay it out otherwise.

CSV: UTF-8 with a byte order mark, so that Excel reads the accents; semicolons, as Dutch Excel expects;
streamed row by row. A cell that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab
or a carriage return) gets a leading apostrophe: a network called "=HYPERLINK(...)" stays text.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from metrics import registry as metrics
from metrics.registry import Unit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value):
    """A cell as text a spreadsheet will not run. Numbers stay numbers (a negative change is a number)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file that hands back what is written to it, for csv.writer in a streaming response."""

    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """A streamed CSV download of `header` and `rows` (an iterable of lists)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield BOM + writer.writerow([neutralise(cell) for cell in header])
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def figure_cell(figure, value):
    """A figure's value as a CSV cell in the reader's notation (a decimal comma in Dutch): a share as a
    percentage with one decimal, a score with one decimal, a count as it is; empty when unknown."""
    if value is None:
        return ""
    if figure.unit == Unit.SHARE:
        return number_format(round(value * 100, 1), decimal_pos=1)
    if figure.unit == Unit.SCORE:
        return number_format(value, decimal_pos=1)
    return value


def figure_heading(figure):
    """A column heading: the label, with the unit where the number alone does not say it."""
    if figure.unit == Unit.SHARE:
        return f"{figure.label} (%)"
    return str(figure.label)


def filename(kind, selection):
    return f"leernetwerken-{kind}-{selection.year}.csv"


def region_table(found, names):
    """(header, rows) of the table of regions of a national dashboard."""
    header = [_("Region"), *(figure_heading(metrics.get(name)) for name in names), _("At risk")]
    rows = (
        [
            row["region"].name,
            *(figure_cell(value.figure, value.value) for value in row["values"]),
            "" if row["at_risk"] is None else row["at_risk"],
        ]
        for row in found["regions"]
    )
    return header, rows


def network_list(rows, names):
    """(header, rows) of the list of networks behind a figure; of people, only coordinators and
    facilitators are named."""
    header = [
        _("Network"),
        _("Region"),
        _("Theme"),
        _("Phase"),
        _("Outcome after support"),
        _("Health"),
        *(figure_heading(metrics.get(name)) for name in names),
        _("Coordinators"),
        _("Process facilitators"),
    ]
    lines = (
        [
            row["state"].name,
            row["region"].name if row["region"] else "",
            row["theme"].name if row["theme"] else "",
            row["phase"],
            row["outcome"],
            row["health"].label if row["health"] else "",
            *(figure_cell(value.figure, value.value) for value in row["values"]),
            ", ".join(row["coordinators"]),
            ", ".join(row["facilitators"]),
        ]
        for row in rows
    )
    return header, lines


def _figure_json(value):
    figure = value.figure
    return {
        "name": figure.name,
        "label": str(figure.label),
        "definition": str(figure.definition),
        "unit": figure.unit,
        "higher_is_better": figure.higher_is_better,
        "value": value.value,
        "previous_year_value": value.earlier,
    }


def _breakdown_json(name, parts, key=str):
    figure = metrics.get(name)
    return {
        "name": name,
        "label": str(figure.label),
        "definition": str(figure.definition),
        "parts": [
            {
                "key": key(part),
                "label": str(part.label),
                "count": part.count,
                "share": part.share,
                "previous_year_count": part.earlier_count,
                "previous_year_share": part.earlier_share,
            }
            for part in parts
        ],
    }


def as_json(found):
    """The JSON endpoint's answer (README: "The JSON endpoint") from what `figures.dashboard` found."""
    selection = found["selection"]
    year, earlier = selection.years
    health = found["health"]
    return {
        "computed_at": found["computed_at"].isoformat(),
        "from_rollup": found["from_rollup"],
        "filters": {
            "school_year": str(year),
            "as_of": year.as_of.isoformat(),
            "previous_school_year": str(earlier),
            "previous_as_of": earlier.as_of.isoformat(),
            "region": selection.region.slug if selection.region else None,
            "theme": selection.theme.slug if selection.theme else None,
            "phase": selection.phase or None,
        },
        "figures": [_figure_json(value) for value in found["cards"]],
        "breakdowns": [
            _breakdown_json("phases", found["phases"], key=lambda part: str(part.key)),
            # Themes by their slug, as the filters name them (the parts know them by id).
            _breakdown_json("themes", found["themes"], key=lambda part: part.link["theme"]),
            _breakdown_json("outcomes", found["outcomes"], key=lambda part: str(part.key)),
            _breakdown_json("intentions", found["intentions"], key=lambda part: str(part.key)),
        ],
        "health": None
        if health is None
        else {
            "definition": str(metrics.get("health").definition),
            "counts": {status.value: count for status, count in health["counts"]},
            "at_risk": [
                {
                    "network": row["network"]["slug"],
                    "name": row["network"]["name"],
                    "reasons": [signal.name for signal in row["reasons"]],
                }
                for row in health["at_risk"]
            ],
            "at_risk_total": health["at_risk_total"],
        },
        "regions": [
            {
                "region": row["region"].slug,
                "name": row["region"].name,
                "figures": [_figure_json(value) for value in row["values"]],
                "at_risk": row["at_risk"],
            }
            for row in found.get("regions", [])
        ],
        "meetings_per_month": [
            {"month": month["month"].isoformat(), "held": month["meetings_held"], "planned": month["meetings_planned"]}
            for month in found["months"]
        ],
    }
