"""CSV and JSON from the same figures as the pages.

CSV: UTF-8 with a byte order mark, so that Excel reads the accents; semicolons, as Dutch Excel expects;
streamed row by row. A cell that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab
or a carriage return) gets a leading apostrophe: a network called "=HYPERLINK(...)" stays text.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils.formats import number_format

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
