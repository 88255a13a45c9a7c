"""The school year the dashboards count in: 1 August to 31 July, read on its last day or today."""

from datetime import date
from unittest import mock

import pytest
from django.utils import translation

from metrics.periods import SchoolYear


def on(day):
    """Pretend today is `day` (only the school year's sense of today; the database is not involved)."""
    return mock.patch("metrics.periods.timezone.localdate", return_value=day)


@pytest.mark.parametrize(
    ("day", "start"),
    [(date(2026, 7, 31), 2025), (date(2026, 8, 1), 2026), (date(2026, 12, 31), 2026), (date(2027, 1, 1), 2026)],
)
def test_a_day_falls_in_the_school_year_that_began_on_the_last_first_of_august(day, start):
    assert SchoolYear.of(day) == SchoolYear(start)


@pytest.mark.parametrize("text", ["2026-2027", "2026/2027", "2026", " 2026-2027 "])
def test_a_school_year_is_read_from_how_people_write_it(text):
    assert SchoolYear.parse(text) == SchoolYear(2026)


@pytest.mark.parametrize("text", ["", "2026-2028", "twenty", "26-27", "1066-1067", "2026-2027; drop table"])
def test_what_is_not_a_school_year_is_refused_with_a_dutch_message(text):
    with translation.override("nl"):
        with pytest.raises(ValueError) as refused:
            SchoolYear.parse(text)
        # The message is lazy: it is put into words in the language active where it is shown.
        assert "schooljaar" in str(refused.value.args[0]).lower()


def test_a_past_year_is_read_on_its_last_day_and_compared_with_the_whole_year_before():
    with on(date(2026, 11, 30)):
        year = SchoolYear(2024)
        assert year.as_of == date(2025, 7, 31)
        assert not year.is_running and not year.is_future
        assert year.previous() == SchoolYear(2023)
        assert year.previous().as_of == date(2024, 7, 31)


def test_the_running_year_is_read_today_and_compared_with_the_same_part_of_the_year_before():
    with on(date(2026, 11, 30)):
        year = SchoolYear(2026)
        assert year.is_running and year.as_of == date(2026, 11, 30)
        before = year.previous()
        assert before.start_year == 2025 and before.as_of == date(2025, 11, 30)
        assert before.is_partial
        with translation.override("nl"):
            assert str(before.label) == "2025-2026 tot 30 november"
        # Its columns get a name of their own, so that it never mixes with the whole year 2025-2026.
        assert before.key != SchoolYear(2025).key


def test_on_29_february_the_year_before_is_read_up_to_28_february():
    with on(date(2028, 2, 29)):
        assert SchoolYear(2027).previous().as_of == date(2027, 2, 28)


def test_a_year_that_has_not_begun_counts_nothing():
    with on(date(2026, 11, 30)):
        year = SchoolYear(2027)
        assert year.is_future and not year.is_running
        assert year.starts >= year.ends  # no moment lies in it


def test_a_year_has_twelve_months_from_august():
    months = SchoolYear(2026).months()
    assert months[0] == date(2026, 8, 1) and months[-1] == date(2027, 7, 1) and len(months) == 12
