"""The figures of the dashboards on a small country built here: two regions, three networks over two
school years that are over, people in more than one network, someone who left, meetings and attendance,
networks moved through their phases by the lifecycle services. Each figure is read as staff read it (the
card on the page, the JSON) and where useful from the dashboards' own function."""

from datetime import date, timedelta

import pytest
from django.utils import timezone as django_timezone

from lifecycle import services
from metrics.periods import SchoolYear
from networks.models import Membership
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    RegionFactory,
    SchoolFactory,
    ThemeFactory,
)

from .conftest import (
    COORDINATOR,
    card_value,
    dashboard_for,
    decide,
    figure_on,
    history_moved_to,
    moment_in,
    opened_in,
    parts,
    to_deciding,
    years_ago,
)

LAST = years_ago(1)
BEFORE = years_ago(2)


@pytest.fixture
def country(db):
    """Noordwest: "Lerende cultuur Noord" and "HRM Noord"; Zuid: "Lerende cultuur Zuid"; all opened early
    in the year before last. A person takes part in both Noordwest networks; someone in Zuid left during
    last year. People at the end of last year: 6 (7 the year before); schools 3 (4 the year before)."""
    noordwest = RegionFactory(name="Noordwest", slug="noordwest")
    zuid = RegionFactory(name="Zuid", slug="zuid")
    culture = ThemeFactory(name="Lerende cultuur")
    hrm = ThemeFactory(name="Strategisch HRM")
    a = opened_in(NetworkFactory(name="Lerende cultuur Noord", region=noordwest, theme=culture), BEFORE)
    b = opened_in(NetworkFactory(name="HRM Noord", region=noordwest, theme=hrm), BEFORE)
    c = opened_in(NetworkFactory(name="Lerende cultuur Zuid", region=zuid, theme=culture), BEFORE)
    first, second = SchoolFactory(region=noordwest), SchoolFactory(region=noordwest)
    third, fourth = SchoolFactory(region=zuid), SchoolFactory(region=zuid)
    joined = BEFORE.first_day + timedelta(days=5)

    def join(network, school, **fields):
        return MembershipFactory(network=network, school=school, joined_on=joined, **fields)

    one = join(a, first, committed_to_attend=True)
    two = join(a, first, committed_to_attend=True)
    shared = join(a, second)
    join(b, second, user=shared.user)  # the same person in a second network: counted once
    join(b, second)
    join(c, third)
    join(c, None)  # someone without a school adds no school
    join(c, fourth, left_on=LAST.first_day + timedelta(days=40))  # left during last year
    return {"a": a, "b": b, "c": c, "a_members": [one, two, shared], "noordwest": noordwest, "zuid": zuid}


def page(client, **query):
    response = client.get("/dashboards/", query)
    assert response.status_code == 200
    return response.text


def test_people_taking_part_are_counted_once_across_their_networks(login, country, dashboard_staff):
    text = page(login(dashboard_staff), year=str(LAST))
    assert figure_on(text, "members") == "6"
    found = dashboard_for(LAST)
    assert card_value(found, "members") == 6
    noordwest, zuid = found["regions"]
    assert noordwest["region"].name == "Noordwest"
    assert noordwest["values"][4].figure.name == "members" and noordwest["values"][4].value == 4
    assert zuid["values"][4].value == 2


def test_someone_who_left_counts_for_the_years_before_not_for_the_year_they_left(login, country, dashboard_staff):
    client = login(dashboard_staff)
    assert figure_on(page(client, year=str(LAST)), "members") == "6"
    assert figure_on(page(client, year=str(BEFORE)), "members") == "7"
    payload = client.get("/dashboards/figures.json", {"year": str(LAST)}).json()
    members = next(figure for figure in payload["figures"] if figure["name"] == "members")
    assert (members["value"], members["previous_year_value"]) == (6, 7)


def test_schools_reached_are_distinct_schools(login, country, dashboard_staff):
    client = login(dashboard_staff)
    assert figure_on(page(client, year=str(LAST)), "schools_reached") == "3"
    assert figure_on(page(client, year=str(BEFORE)), "schools_reached") == "4"
    assert figure_on(page(client, year=str(LAST), region="noordwest"), "schools_reached") == "2"


def test_meetings_held_and_planned_count_in_the_school_year_of_their_date(login, country, dashboard_staff):
    a, c = country["a"], country["c"]
    MeetingFactory(network=a, status="held", starts_at=moment_in(BEFORE, 60))
    MeetingFactory(network=c, status="held", starts_at=moment_in(BEFORE, 200))
    MeetingFactory(network=a, status="held", starts_at=moment_in(LAST, 60))
    MeetingFactory(network=a, status="planned", starts_at=moment_in(LAST, 90))  # never recorded
    MeetingFactory(network=c, status="cancelled", starts_at=moment_in(LAST, 120), cancel_reason="Ziek.")
    text = page(login(dashboard_staff), year=str(LAST))
    assert figure_on(text, "meetings_held") == "1"
    assert figure_on(text, "meetings_planned") == "1"
    found = dashboard_for(LAST)
    assert card_value(found, "meetings_held", earlier=True) == 2
    held_per_month = {month["month"]: month["meetings_held"] for month in found["months"]}
    assert held_per_month[(LAST.first_day + timedelta(days=60)).replace(day=1)] == 1
    assert sum(held_per_month.values()) == 1


def test_attendance_rate_is_the_share_present_of_the_lists_of_held_meetings(login, country, dashboard_staff):
    one, two, shared = country["a_members"]
    meeting = MeetingFactory(network=country["a"], status="held", starts_at=moment_in(LAST, 60))
    AttendanceFactory(meeting=meeting, membership=one, present=True)
    AttendanceFactory(meeting=meeting, membership=two, present=False)
    AttendanceFactory(meeting=meeting, membership=shared, present=True)
    # A planned meeting's list does not count.
    AttendanceFactory(
        meeting=MeetingFactory(network=country["a"], status="planned", starts_at=moment_in(LAST, 90)),
        membership=two,
        present=False,
    )
    text = page(login(dashboard_staff), year=str(LAST))
    assert figure_on(text, "attendance_rate") == "67%"
    assert figure_on(text, "committed_present") == "50%"  # one and two committed; one came
    assert card_value(dashboard_for(LAST), "attendance_rate") == pytest.approx(2 / 3)
    assert figure_on(page(login(dashboard_staff), year=str(BEFORE)), "attendance_rate") == "\u2013"


def test_outcomes_after_support_are_shares_of_the_networks_that_decided(login, region, dashboard_staff):
    for outcome in ("continue", "continue", "stop", "intend"):
        decide(NetworkFactory(region=region), outcome, dashboard_staff)
    NetworkFactory(region=region)  # still forming: not among those that decided
    payload = login(dashboard_staff).get("/dashboards/figures.json").json()
    outcomes = next(b for b in payload["breakdowns"] if b["name"] == "outcomes")
    shares = {part["key"]: (part["count"], part["share"]) for part in outcomes["parts"]}
    assert shares == {"continue": (2, 0.5), "stop": (1, 0.25), "intend": (1, 0.25)}
    text = page(login(dashboard_staff))
    assert figure_on(text, "networks") == "5"
    found = dashboard_for(SchoolYear.current())
    assert sum(parts(found, "outcomes").values()) == 4
    assert parts(found, "intentions") == {"continued": 0, "stopped": 0, "open": 1}


def test_an_intention_that_came_true_counts_as_continued(login, region, dashboard_staff):
    network = decide(NetworkFactory(region=region), "intend", dashboard_staff)
    coordinator = Membership.objects.current().get(network=network, role="coordinator").user
    services.answer_follow_up(network=network, by=coordinator, actors=COORDINATOR, continued=True)
    found = dashboard_for(SchoolYear.current())
    assert parts(found, "outcomes")["intend"] == 1  # the intention stays what was decided
    assert parts(found, "intentions") == {"continued": 1, "stopped": 0, "open": 0}
    listing = login(dashboard_staff).get("/dashboards/networks/", {"intention": "continued"})
    assert [row["state"].pk for row in listing.context["rows"]] == [network.pk]


def test_the_phase_of_a_past_year_is_read_from_the_phase_history(login, region, dashboard_staff):
    """A network that went self-directed this year was deciding at the end of last year; one whose
    supported phase began last year and that decides now was facilitated then."""
    went_self_directed = opened_in(NetworkFactory(name="Nu zelfsturend", region=region), BEFORE)
    coordinator = to_deciding(went_self_directed, dashboard_staff)
    history_moved_to(went_self_directed, moment_in(LAST, 100))
    services.record_outcome(
        network=went_self_directed, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="member"
    )
    deciding_now = opened_in(NetworkFactory(name="Nu aan het beslissen", region=region), BEFORE)
    to_deciding(deciding_now, dashboard_staff)
    from lifecycle.models import PhaseChange

    PhaseChange.objects.filter(network=deciding_now, target="facilitated").update(changed_at=moment_in(LAST, 50))
    opened_in(NetworkFactory(name="Pas geopend", region=region), SchoolYear.current(), days=0)

    last = dashboard_for(LAST)
    assert {key: count for key, count in parts(last, "phases").items() if count} == {
        "deciding": 1,
        "facilitated": 1,
    }
    before = dashboard_for(BEFORE)
    assert {key: count for key, count in parts(before, "phases").items() if count} == {"forming": 2}
    now = dashboard_for(SchoolYear.current())
    assert {key: count for key, count in parts(now, "phases").items() if count} == {
        "self_directed": 1,
        "deciding": 1,
        "forming": 1,
    }
    client = login(dashboard_staff)
    listing = client.get("/dashboards/networks/", {"year": str(LAST), "phase": "deciding"})
    assert [row["state"].name for row in listing.context["rows"]] == ["Nu zelfsturend"]
    assert figure_on(page(client, year=str(LAST), phase="facilitated"), "networks") == "1"


def test_theme_shares_are_the_networks_per_theme_over_all_networks(login, country, dashboard_staff):
    payload = login(dashboard_staff).get("/dashboards/figures.json", {"year": str(LAST)}).json()
    themes = next(b for b in payload["breakdowns"] if b["name"] == "themes")
    shares = {part["label"]: (part["count"], part["share"]) for part in themes["parts"]}
    assert shares == {"Lerende cultuur": (2, pytest.approx(2 / 3)), "Strategisch HRM": (1, pytest.approx(1 / 3))}
    text = page(login(dashboard_staff), year=str(LAST))
    assert "67%" in text and "33%" in text


def test_a_theme_filter_counts_only_that_themes_networks(login, country, dashboard_staff):
    text = page(login(dashboard_staff), year=str(LAST), theme="strategisch-hrm")
    assert figure_on(text, "networks") == "1"
    assert figure_on(text, "members") == "2"  # the shared person and their colleague


# --- The year compared with ------------------------------------------------------------------------


class _Clock:
    """django.utils.timezone as metrics.periods sees it, on a fixed day."""

    def __init__(self, today):
        self.today = today

    def localdate(self, value=None, timezone=None):
        return self.today if value is None else django_timezone.localdate(value, timezone)

    def __getattr__(self, name):
        return getattr(django_timezone, name)


@pytest.fixture
def on_15_february_2026(monkeypatch):
    """The school years read as on 15 February 2026: 2025-2026 runs, compared with 2024-2025 up to
    15 February 2025."""
    monkeypatch.setattr("metrics.periods.timezone", _Clock(date(2026, 2, 15)))
    assert str(SchoolYear.current()) == "2025-2026"
    return SchoolYear.current()


def test_a_running_year_is_compared_with_the_same_part_of_the_year_before(
    login, region, on_15_february_2026, dashboard_staff
):
    earlier, later = SchoolYear(2024), SchoolYear(2025)
    opened_early = opened_in(NetworkFactory(region=region), earlier, days=31)  # 1 September 2024
    opened_in(NetworkFactory(region=region), earlier, days=212)  # 1 March 2025: after 15 February
    opened_in(NetworkFactory(region=region), later, days=61)  # 1 October 2025
    MeetingFactory(network=opened_early, status="held", starts_at=moment_in(earlier, 61))
    MeetingFactory(network=opened_early, status="held", starts_at=moment_in(earlier, 243))  # 1 April 2025
    MeetingFactory(network=opened_early, status="held", starts_at=moment_in(later, 61))
    MembershipFactory(network=opened_early, joined_on=date(2025, 1, 10))
    MembershipFactory(network=opened_early, joined_on=date(2025, 5, 1))

    found = dashboard_for(on_15_february_2026)
    assert found["selection"].previous == SchoolYear(2024, until=date(2025, 2, 15))
    assert (card_value(found, "networks"), card_value(found, "networks", earlier=True)) == (3, 1)
    assert (card_value(found, "networks_started"), card_value(found, "networks_started", earlier=True)) == (1, 1)
    assert (card_value(found, "meetings_held"), card_value(found, "meetings_held", earlier=True)) == (1, 1)
    assert (card_value(found, "members"), card_value(found, "members", earlier=True)) == (2, 1)
    # The whole of 2024-2025, asked for on its own, is compared with all of 2023-2024.
    whole = dashboard_for(earlier)
    assert card_value(whole, "networks") == 2 and card_value(whole, "meetings_held") == 2

    payload = login(dashboard_staff).get("/dashboards/figures.json").json()
    assert payload["filters"]["school_year"] == "2025-2026"
    assert payload["filters"]["as_of"] == "2026-02-15"
    networks = next(figure for figure in payload["figures"] if figure["name"] == "networks")
    assert (networks["value"], networks["previous_year_value"]) == (3, 1)


def test_the_change_against_the_year_before_is_shown_beside_each_figure(login, country, dashboard_staff):
    response = login(dashboard_staff).get("/dashboards/", {"year": str(LAST)})
    members = response.context["card_values"]["members"]
    assert (members.value, members.earlier, members.change, members.change_is_good) == (6, 7, "-1", False)
    card = response.text.split('id="card-members"')[1].split("</section>")[0]
    assert "-1" in card and "change-bad" in card and str(BEFORE) in card


# --- One number everywhere --------------------------------------------------------------------------


@pytest.fixture
def crowd(network, coordinator, member):
    """As in tests/metrics/test_same_figures_everywhere.py: 6 people now, 2 schools reached; besides, a held
    meeting this school year with 2 of 3 present."""
    school = Membership.objects.get(user=member).school
    second = SchoolFactory(region=network.region)
    colleague = MembershipFactory(network=network, school=school)
    MembershipFactory(network=network, school=second)
    MembershipFactory(network=network, school=second)
    MembershipFactory(network=network, school=None)
    MembershipFactory(
        network=network,
        school=SchoolFactory(region=network.region),
        joined_on=django_timezone.localdate() - timedelta(days=400),
        left_on=django_timezone.localdate() - timedelta(days=1),
    )
    meeting = MeetingFactory(network=network, held=True)
    for membership, came in (
        (Membership.objects.get(user=member), True),
        (colleague, True),
        (Membership.objects.get(user=coordinator), False),
    ):
        AttendanceFactory(meeting=meeting, membership=membership, present=came)
    return {"members": 6, "schools_reached": 2, "attendance_rate": pytest.approx(2 / 3)}


def test_a_network_has_the_same_figures_on_its_page_its_region_and_the_dashboards(login, network, crowd, member, staff):
    insider = login(member).get(f"/networks/{network.slug}/").context["figures"]
    region_page = login(staff).get(f"/regions/{network.region.slug}/").context["figures"]
    listing = login(staff).get("/dashboards/networks/")
    (row,) = listing.context["rows"]
    in_list = {value.figure.name: value.value for value in row["values"]}
    region_dashboard = login(staff).get(f"/dashboards/regions/{network.region.slug}/")
    cards = {name: value.value for name, value in region_dashboard.context["card_values"].items()}
    national = login(staff).get("/dashboards/")
    (region_row,) = national.context["regions"]
    in_table = {value.figure.name: value.value for value in region_row["values"]}
    payload = login(staff).get("/dashboards/figures.json").json()
    in_json = {figure["name"]: figure["value"] for figure in payload["figures"]}

    for name in ("members", "schools_reached", "attendance_rate"):
        expected = crowd[name]
        assert insider[name] == expected, name
        assert in_list[name] == expected, name
        assert cards[name] == expected, name
        assert in_table[name] == expected, name
        assert in_json[name] == expected, name
    assert region_page == {"members": 6, "schools_reached": 2}
    assert figure_on(region_dashboard.text, "members") == "6"
    assert figure_on(national.text, "attendance_rate") == "67%"


def test_the_network_list_download_carries_the_figures_of_the_list(login, network, crowd, staff):
    from .conftest import csv_rows

    client = login(staff)
    header, row = csv_rows(client.get("/dashboards/networks.csv"))
    (shown,) = client.get("/dashboards/networks/").context["rows"]
    figures = dict(zip(header, row, strict=True))
    for value in shown["values"]:
        heading = f"{value.figure.label} (%)" if value.figure.unit == "share" else str(value.figure.label)
        if value.figure.unit == "share":
            assert figures[heading] == "66,7"
        else:
            assert figures[heading] == str(value.value)


def summary(found):
    """What a dashboard shows, as plain values: cards (both years), breakdowns, regions, months."""
    return {
        "cards": {value.figure.name: (value.value, value.earlier) for value in found["cards"]},
        "breakdowns": {
            name: [(part.key, part.count, part.earlier_count) for part in found[name]]
            for name in ("phases", "themes", "outcomes", "intentions")
        },
        "regions": [
            (row["region"].slug, [(value.value, value.earlier) for value in row["values"]]) for row in found["regions"]
        ],
        "months": found["months"],
    }


@pytest.mark.parametrize("year", [LAST, BEFORE, SchoolYear.current()], ids=str)
def test_the_rollup_holds_the_figures_the_page_computes_itself(country, dashboard_staff, year):
    from dashboards import rollups

    one, two, _shared = country["a_members"]
    meeting = MeetingFactory(network=country["a"], status="held", starts_at=moment_in(LAST, 60))
    AttendanceFactory(meeting=meeting, membership=one, present=True)
    AttendanceFactory(meeting=meeting, membership=two, present=False)
    decide(country["b"], "intend", dashboard_staff)
    computed = dashboard_for(year)
    assert computed["from_rollup"] is False
    rollups.refresh()
    kept = dashboard_for(year)
    assert kept["from_rollup"] is True
    assert summary(kept) == summary(computed)
