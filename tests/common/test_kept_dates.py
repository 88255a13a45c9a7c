"""`|date` writes what Django's filter writes, though ours keeps each text per process
(common/templatetags/kept_dates.py): rendered side by side with Django's engine, in both languages, in
several time zones, for the formats the templates use and the values a template may get."""

import datetime
import itertools
import zoneinfo

from django.template import Context, Engine, defaultfilters, engines
from django.test import override_settings
from django.utils import timezone, translation

from common.templatetags import kept_dates

OURS = engines["django"].engine
DJANGOS = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's filters, nothing of ours

FORMATS = [
    *['"l j F Y, H:i"', '"j F Y"', '"D j M"', '"H:i"', '"c"', '"e T O"', '"U r"', '"SHORT_DATE_FORMAT"'],
    *["", '_("D j M")'],
]
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
VALUES = [
    datetime.datetime(2026, 12, 8, 14, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 8, 15, 30, tzinfo=AMSTERDAM),  # the same moment
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),  # an hour before summer time
    datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC),  # an hour after
    datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),  # 02:30 in Amsterdam, the first time
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),  # 02:30 in Amsterdam, the second time
    datetime.datetime(2026, 12, 8, 15, 30),  # naive
    datetime.datetime(2026, 10, 25, 2, 30),  # naive, in the autumn night's repeated hour
    datetime.datetime(2026, 10, 25, 2, 30, fold=1),  # equal to the one before, to Python
    datetime.datetime(2026, 12, 8, 15, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1), "CET")),
    datetime.datetime(2026, 12, 8, 15, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),  # the same
    datetime.date(2026, 12, 8),
    datetime.date(2026, 12, 9),
    "2026-12-08",
    None,
    "",
]


def rendered(engine, source, value):
    try:
        return engine.from_string("{% load i18n %}" + source).render(Context({"value": value}))
    except TypeError as error:  # a time format for a date: both refuse it
        return type(error), str(error)


def test_our_date_filter_writes_what_djangos_writes():
    sources = ["{{ value|date }}" if not arg else f"{{{{ value|date:{arg} }}}}" for arg in FORMATS]
    zones = ["Europe/Amsterdam", "UTC", "America/Curacao"]
    # Twice over, in one process: the second round comes from what the first kept in each language and zone.
    for _round, language, zone, source, value in itertools.product(range(2), ["nl", "en"], zones, sources, VALUES):
        with translation.override(language), timezone.override(zone):
            assert rendered(OURS, source, value) == rendered(DJANGOS, source, value), (language, zone, source, value)


def test_called_from_python_it_writes_what_djangos_writes():
    """Without a template no value is turned into the current time zone first: two zones of one offset reach it."""
    formats = [None, "l j F Y, H:i", "e T O", "U r", "c", "SHORT_DATE_FORMAT"]
    for _round, language, value, arg in itertools.product(range(2), ["nl", "en"], VALUES, formats):
        with translation.override(language):
            try:
                expected = defaultfilters.date(value, arg)
            except TypeError:  # a time format for a date
                continue
            assert kept_dates.date(value, arg) == expected, (language, value, arg)


def test_the_same_moment_is_written_in_the_time_zone_of_the_request():
    moment = datetime.datetime(2026, 12, 8, 14, 30, tzinfo=datetime.UTC)
    written = []
    for zone in ("Europe/Amsterdam", "UTC", "Europe/Amsterdam"):
        with timezone.override(zone):
            written.append(rendered(OURS, '{{ value|date:"H:i T" }}', moment))
    assert written == ["15:30 CET", "14:30 UTC", "15:30 CET"]


def test_a_changed_setting_forgets_what_was_kept():
    rendered(OURS, "{{ value|date }}", datetime.date(2026, 12, 8))
    assert kept_dates._written.cache_info().currsize
    with override_settings(DATE_FORMAT="Y-m-d"):  # the language's formats, the time zone, the languages
        assert not kept_dates._written.cache_info().currsize


def test_a_page_that_writes_a_date_again_finds_it_kept():
    kept_dates.forget_written_dates()
    value = datetime.datetime(2026, 12, 8, 14, 30, tzinfo=datetime.UTC)
    for _ in range(3):
        rendered(OURS, '{{ value|date:"j F Y" }}', value)
    info = kept_dates._written.cache_info()
    assert (info.misses, info.hits) == (1, 2)
