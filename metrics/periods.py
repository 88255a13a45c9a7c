"""The school year, the period the dashboards count in: 1 August to 31 July.

A figure of a school year is read at one moment, `as_of`: the last day of the year, or today while the
year runs. Figures of a state (who takes part, which phase a network is in) are the state on that day;
figures of events (meetings held, evaluations) count the events from the first day up to that day.
A school year that has not begun has no figures: `is_future` says so, and every figure is empty.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

FIRST_MONTH = 8  # August
# The earliest school year anyone can ask for: the portal holds nothing older.
EARLIEST = 2000

_PATTERN = re.compile(r"^(\d{4})(?:[-/](\d{4}))?$")


@dataclass(frozen=True, order=True)
class SchoolYear:
    start_year: int  # the year in which it begins: 2026 is the school year 2026-2027
    # Read no later than this day: the previous year of a running one is read up to the same day a year
    # earlier, so that four months are compared with four months, not with a whole year.
    until: date | None = None

    @classmethod
    def of(cls, day):
        """The school year `day` falls in."""
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls):
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text):
        """ "2026-2027" or "2026" -> SchoolYear(2026); ValueError with a message for anything else."""
        match = _PATTERN.match((text or "").strip())
        if not match:
            raise ValueError(_("Give a school year as 2026-2027."))
        start = int(match.group(1))
        if match.group(2) and int(match.group(2)) != start + 1:
            raise ValueError(_("A school year runs from one year into the next, such as 2026-2027."))
        if not EARLIEST <= start <= 9998:
            raise ValueError(_("There are no figures for that school year."))
        return cls(start)

    @property
    def key(self):
        """ "2026_2027": usable in a column name."""
        suffix = f"_until_{self.until:%m%d}" if self.is_partial else ""
        return f"{self.start_year}_{self.start_year + 1}{suffix}"

    def __str__(self):
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def label(self):
        """ "2025-2026", or "2025-2026 up to 30 November" for the part of a year compared with a running one."""
        if self.is_partial:
            return format_lazy(_("{year} up to {day}"), year=str(self), day=date_format(self.until, "j F"))
        return str(self)

    @property
    def is_partial(self):
        """Read up to a day before its end while it is over: the year before a running one."""
        return self.until is not None and self.until < self.last_day

    @property
    def first_day(self):
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def last_day(self):
        return date(self.start_year + 1, FIRST_MONTH, 1) - timedelta(days=1)

    @property
    def as_of(self):
        """The day its figures are read: the last day, or today while the year runs (before the first day
        for a year that has not begun, so that nothing counts)."""
        return min(self.last_day, timezone.localdate(), self.until or self.last_day)

    @property
    def is_future(self):
        return self.first_day > timezone.localdate()

    @property
    def is_running(self):
        return self.first_day <= timezone.localdate() <= self.last_day

    def previous(self):
        """The year before, to compare with: up to the same day a year earlier while this one runs."""
        if not self.is_running:
            return SchoolYear(self.start_year - 1)
        today = timezone.localdate()
        try:
            same_day = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            same_day = today.replace(year=today.year - 1, day=28)
        return SchoolYear(self.start_year - 1, until=same_day)

    # Moments, for DateTimeFields: from the start of the first day to the end of `as_of`, local time.
    @property
    def starts(self):
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def ends(self):
        """The first moment after the period: the day after `as_of`, at midnight."""
        return timezone.make_aware(datetime.combine(self.as_of + timedelta(days=1), time.min))

    def months(self):
        """The first day of each month of the year, August to July."""
        return [
            date(self.start_year + (m < FIRST_MONTH), m, 1) for m in (*range(FIRST_MONTH, 13), *range(1, FIRST_MONTH))
        ]
