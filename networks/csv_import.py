"""Import school boards and schools from CSV files, as DUO lists or Excel exports provide them.

A file is read and every row checked first; only when no row has an error is anything written, in one
transaction. So a file with one bad row changes nothing, and the person importing sees every problem at once.

Formats (UTF-8 with or without BOM, comma or semicolon as delimiter, the first line a header):

    boards:  number,name,city
    schools: brin,name,city,region,board_number,levels

Boards are matched by number and schools by BRIN code: existing rows are updated, others created.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Board, Region, School

BOARD_COLUMNS = ["number", "name", "city"]
SCHOOL_COLUMNS = ["brin", "name", "city", "region", "board_number", "levels"]
DELIMITERS = [",", ";"]
LEVEL_SEPARATORS = re.compile(r"[|\s]+")
LEVELS = [level.value for level in School.Level]


@dataclass
class RowError:
    """A problem in the file: `line` is None for the file as a whole, `column` None for the whole line."""

    line: int | None
    message: str
    column: str | None = None

    def __str__(self):
        if self.line is None:
            return self.message
        if self.column is None:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)d, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did. With errors, nothing was saved and `created` and `updated` are empty."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def count(self):
        return len(self.created) + len(self.updated)


def import_boards(file):
    """Create or update school boards from a `number,name,city` CSV file (a binary file object).

    Side effects: when the whole file is valid, saves its boards in one transaction; otherwise saves nothing.
    """
    result = ImportResult()
    rows = _read_rows(file, BOARD_COLUMNS, result)
    existing = Board.objects.in_bulk({values["number"] for _line, values in rows}, field_name="number")

    first_line_of = {}
    boards = []
    for line, values in rows:
        number = values["number"]
        if _is_duplicate(number, "number", line, first_line_of, result):
            continue
        board = existing.get(number) or Board(number=number)
        board.name = values["name"]
        board.city = values["city"]
        _full_clean(board, line, result, columns={"number": "number", "name": "name", "city": "city"})
        boards.append(board)
    return _save(boards, result)


def import_schools(file):
    """Create or update schools from a `brin,name,city,region,board_number,levels` CSV file (a binary file object).

    `region` is a region's name or slug; `board_number` an existing board's number, or empty for none;
    `levels` lists pro, vmbo, havo or vwo separated by `|` or spaces, or is empty.
    Side effects: when the whole file is valid, saves its schools in one transaction; otherwise saves nothing.
    """
    result = ImportResult()
    rows = _read_rows(file, SCHOOL_COLUMNS, result)
    regions = {}
    for region in Region.objects.all():
        regions[region.name.casefold()] = region
        regions[region.slug.casefold()] = region
    region_names = ", ".join(sorted({region.name for region in regions.values()}))
    boards = Board.objects.in_bulk({values["board_number"] for _line, values in rows}, field_name="number")
    existing = School.objects.in_bulk({values["brin"].upper() for _line, values in rows}, field_name="brin")

    first_line_of = {}
    schools = []
    for line, values in rows:
        brin = values["brin"].upper()
        if _is_duplicate(brin, "brin", line, first_line_of, result):
            continue
        school = existing.get(brin) or School(brin=brin)
        school.name = values["name"]
        school.city = values["city"]

        if not values["region"]:
            result.errors.append(RowError(line, _("This field cannot be blank."), "region"))
        elif values["region"].casefold() not in regions:
            message = _("There is no region “%(region)s”. The regions are: %(names)s.")
            result.errors.append(
                RowError(line, message % {"region": values["region"], "names": region_names}, "region")
            )
        else:
            school.region = regions[values["region"].casefold()]

        number = values["board_number"]
        if number and number not in boards:
            message = _("There is no school board with number “%(number)s”. Import the boards first.")
            result.errors.append(RowError(line, message % {"number": number}, "board_number"))
        else:
            school.board = boards.get(number)

        levels = [level.casefold() for level in LEVEL_SEPARATORS.split(values["levels"]) if level]
        for level in levels:
            if level not in LEVELS:
                message = _("Unknown level “%(level)s”: use pro, vmbo, havo or vwo.")
                result.errors.append(RowError(line, message % {"level": level}, "levels"))
        school.levels = [level for level in LEVELS if level in levels]

        _full_clean(
            school,
            line,
            result,
            columns={"brin": "brin", "name": "name", "city": "city", "region": "region", "board": "board_number"},
            # A new school without a known region has had that reported above.
            exclude=["region"] if school.region_id is None else None,
        )
        schools.append(school)
    return _save(schools, result)


def _read_rows(file, columns, result):
    """The data rows as (line number, {column: stripped value}) after checking the header.

    Problems go to `result.errors`: rows with the wrong number of columns are left out of the rows; after a
    problem with the file as a whole (encoding, header, no rows) there are no rows.
    """
    data = file.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        result.errors.append(RowError(line, message))
        return []
    if "\x00" in text:
        # PostgreSQL stores no NUL character; a file with them is usually saved as UTF-16.
        line = text[: text.index("\x00")].count("\n") + 1
        message = _("The file contains a NUL character. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        result.errors.append(RowError(line, message))
        return []
    if not text.strip():
        result.errors.append(RowError(None, _("The file is empty.")))
        return []

    first_line = text.splitlines()[0]
    delimiter = _detect_delimiter(first_line, columns)
    if delimiter is None:
        message = _("The first line must be the header “%(expected)s” (with commas or semicolons), not “%(found)s”.")
        result.errors.append(RowError(1, message % {"expected": ",".join(columns), "found": first_line.strip()}))
        return []

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    rows = []
    end = reader.line_num
    try:
        for cells in reader:
            # A quoted value may span lines: a row is reported by the line it starts on.
            line, end = end + 1, reader.line_num
            values = [cell.strip() for cell in cells]
            # Excel writes empty cells to the right of the data; empty lines separate nothing.
            while len(values) > len(columns) and not values[-1]:
                values.pop()
            if not any(values):
                continue
            if len(values) != len(columns):
                message = _("Expected %(expected)d columns (%(columns)s), found %(found)d.") % {
                    "expected": len(columns),
                    "columns": ",".join(columns),
                    "found": len(values),
                }
                result.errors.append(RowError(line, message))
                continue
            rows.append((line, dict(zip(columns, values, strict=True))))
    except csv.Error as error:
        result.errors.append(RowError(end + 1, _("This is not valid CSV: %(error)s") % {"error": error}))
        return []
    if not rows and not result.errors:
        result.errors.append(RowError(None, _("The file has a header but no rows.")))
    return rows


def _detect_delimiter(first_line, columns):
    """The delimiter with which the first line reads as the expected header, ignoring case and spaces."""
    for delimiter in DELIMITERS:
        header = [name.strip().casefold() for name in next(csv.reader([first_line], delimiter=delimiter), [])]
        while len(header) > len(columns) and not header[-1]:
            header.pop()
        if header == columns:
            return delimiter
    return None


def _is_duplicate(key, column, line, first_line_of, result):
    if not key:
        return False  # full_clean reports the empty key
    if key in first_line_of:
        message = _("“%(key)s” already appears on line %(line)d.") % {"key": key, "line": first_line_of[key]}
        result.errors.append(RowError(line, message, column))
        return True
    first_line_of[key] = line
    return False


def _full_clean(instance, line, result, *, columns, exclude=None):
    """Validate with the model's own rules, reporting each message under the file's column name."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = None if field_name == NON_FIELD_ERRORS else columns.get(field_name, field_name)
            result.errors.extend(RowError(line, message, column) for message in messages)


def _save(instances, result):
    if result.errors:
        result.errors.sort(key=lambda error: error.line or 0)
        return result
    try:
        with transaction.atomic():
            for instance in instances:
                (result.updated if instance.pk else result.created).append(instance)
                instance.save()
    except IntegrityError:
        # Someone saved the same board number or BRIN code between our check and our write.
        result.created, result.updated = [], []
        result.errors.append(RowError(None, _("The data changed during the import; nothing was saved. Try again.")))
    return result
