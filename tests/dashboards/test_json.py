"""The figures as JSON for whoever builds on them: each figure with its definition (label, definition,
unit, whether higher is better), its value and that of the year before; the filters it was computed for;
and when it was computed."""

from datetime import datetime

import pytest
from django.utils import translation

from metrics import registry
from metrics.periods import SchoolYear
from tests.factories import MembershipFactory, NetworkFactory, ThemeFactory

from .conftest import dashboard_for, opened_in, years_ago

LAST = years_ago(1)


@pytest.fixture
def two_networks(network, coordinator, member):
    opened_in(network, years_ago(2))
    other = opened_in(NetworkFactory(region=network.region, theme=ThemeFactory(name="Strategisch HRM")), LAST)
    MembershipFactory(network=other, joined_on=LAST.first_day)
    return network, other


def test_every_figure_comes_with_its_definition_value_and_previous_year(login, two_networks, staff):
    response = login(staff).get("/dashboards/figures.json", {"year": str(LAST)})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    payload = response.json()
    found = dashboard_for(LAST)
    assert [figure["name"] for figure in payload["figures"]] == [value.figure.name for value in found["cards"]]
    with translation.override("nl"):  # the staff member reads Dutch
        for figure in payload["figures"]:
            metric = registry.get(figure["name"])
            assert set(figure) == {
                "name",
                "label",
                "definition",
                "unit",
                "higher_is_better",
                "value",
                "previous_year_value",
            }
            assert figure["label"] == str(metric.label)
            assert figure["definition"] == str(metric.definition)
            assert figure["unit"] == metric.unit
            assert figure["higher_is_better"] is metric.higher_is_better
            assert figure["value"] == found["card_values"][figure["name"]].value
            assert figure["previous_year_value"] == found["card_values"][figure["name"]].earlier
    by_name = {figure["name"]: figure for figure in payload["figures"]}
    assert (by_name["networks"]["value"], by_name["networks"]["previous_year_value"]) == (2, 1)
    assert (by_name["networks_started"]["value"], by_name["networks_started"]["previous_year_value"]) == (1, 1)
    assert (by_name["members"]["value"], by_name["members"]["previous_year_value"]) == (1, 0)


def test_the_json_says_for_which_filters_and_when_it_was_computed(login, two_networks, staff):
    query = {"year": str(LAST), "region": "noordwest", "theme": "strategisch-hrm", "phase": "forming"}
    payload = login(staff).get("/dashboards/figures.json", query).json()
    expected = {
        "school_year": str(LAST),
        "previous_school_year": str(years_ago(2)),
        "as_of": LAST.last_day.isoformat(),
        "region": "noordwest",
        "theme": "strategisch-hrm",
        "phase": "forming",
    }
    assert expected.items() <= payload["filters"].items()
    computed_at = datetime.fromisoformat(payload["computed_at"])
    assert computed_at.tzinfo is not None
    by_name = {figure["name"]: figure["value"] for figure in payload["figures"]}
    assert by_name["networks"] == 1


def test_without_filters_the_json_is_for_the_running_year_everywhere(login, two_networks, staff):
    payload = login(staff).get("/dashboards/figures.json").json()
    current = SchoolYear.current()
    assert payload["filters"]["school_year"] == str(current)
    assert payload["filters"]["as_of"] == current.as_of.isoformat()
    assert (payload["filters"]["region"], payload["filters"]["theme"], payload["filters"]["phase"]) == (
        None,
        None,
        None,
    )
    assert payload["health"] is not None and {"definition", "counts", "at_risk"} <= set(payload["health"])


def test_the_breakdowns_carry_their_definition_and_both_years(login, two_networks, staff):
    payload = login(staff).get("/dashboards/figures.json", {"year": str(LAST)}).json()
    assert [breakdown["name"] for breakdown in payload["breakdowns"]] == ["phases", "themes", "outcomes", "intentions"]
    with translation.override("nl"):
        for breakdown in payload["breakdowns"]:
            assert breakdown["definition"] == str(registry.get(breakdown["name"]).definition)
            for part in breakdown["parts"]:
                assert {"count", "share", "previous_year_count", "previous_year_share"} <= set(part)
    phases = {part["key"]: part for part in payload["breakdowns"][0]["parts"]}
    assert (phases["forming"]["count"], phases["forming"]["previous_year_count"]) == (2, 1)


def test_the_region_rows_of_the_json_carry_the_same_definitions(login, two_networks, staff):
    payload = login(staff).get("/dashboards/figures.json", {"year": str(LAST)}).json()
    (row,) = payload["regions"]
    assert row["region"] == "noordwest"
    networks = next(figure for figure in row["figures"] if figure["name"] == "networks")
    assert (networks["value"], networks["previous_year_value"]) == (2, 1)
    assert set(networks) >= {"label", "definition", "unit", "higher_is_better"}
