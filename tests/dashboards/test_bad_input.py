"""What the dashboards do with filters they cannot use: an unknown region, theme or phase, or a school year
that is not one, gets a message beside the filter and no figures (never an error page); a school year to
come is a year without figures; an empty selection downloads as a header alone; a network whose name a
spreadsheet would run as a formula stays text in the CSV."""

import json

import pytest

from tests.factories import MembershipFactory, NetworkFactory, ThemeFactory

from .conftest import BOM, csv_rows, csv_text, figure_on

PAGES = ["/dashboards/", "/dashboards/regions/noordwest/", "/dashboards/networks/"]
UNKNOWN = [("region", "atlantis"), ("theme", "sterrenkunde"), ("phase", "slapend")]
# The Dutch word each message names the filter by.
DUTCH_NOUN = {"region": "regio", "theme": "thema", "phase": "fase"}


def errors_of(response):
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("path", "field", "value"),
    # A region's dashboard has no region filter: its region is in the address.
    [
        (path, field, value)
        for path in PAGES
        for field, value in UNKNOWN
        if not (path == PAGES[1] and field == "region")
    ],
)
def test_an_unknown_filter_value_gets_a_message_and_no_figures(login, network, staff, path, field, value):
    response = login(staff).get(path, {field: value})
    assert response.status_code == 200
    assert field in errors_of(response)
    assert f'id="id_{field}-error"' in response.text
    assert value in response.text  # the message names what was asked for
    assert "data-figure=" not in response.text
    assert network.name not in response.text


@pytest.mark.parametrize(("field", "value"), UNKNOWN)
def test_the_message_about_an_unknown_filter_value_is_dutch(login, network, staff, field, value):
    response = login(staff).get("/dashboards/", {field: value})
    message = " ".join(errors_of(response)[field])
    assert value in message
    assert DUTCH_NOUN[field] in message.lower(), message
    assert "There is no" not in message


@pytest.mark.parametrize("year", ["abc", "2024-2026", "20", "1999-2000", "2024/2023", "'; DROP TABLE"])
@pytest.mark.parametrize("path", PAGES)
def test_a_year_that_is_not_a_school_year_gets_a_message_and_no_figures(login, network, staff, path, year):
    response = login(staff).get(path, {"year": year})
    assert response.status_code == 200
    assert "year" in errors_of(response)
    assert 'id="id_year-error"' in response.text
    assert "data-figure=" not in response.text


def test_the_message_about_a_school_year_is_dutch(login, network, staff):
    message = " ".join(errors_of(login(staff).get("/dashboards/", {"year": "abc"}))["year"])
    assert "schooljaar" in message.lower(), message
    assert "Give a school year" not in message


@pytest.mark.parametrize("path", ["/dashboards/", "/dashboards/regions/noordwest/"])
def test_a_school_year_to_come_shows_empty_figures(login, network, coordinator, member, staff, path):
    response = login(staff).get(path, {"year": "2099-2100"})
    assert response.status_code == 200
    assert not errors_of(response)
    assert response.context["selection"].year.is_future
    for card in response.context["cards"]:
        assert figure_on(response.text, card.figure.name) in ("0", "\u2013")
    assert all(part.count == 0 for part in response.context["phases"])
    assert response.context["health"] is None


def test_a_school_year_to_come_says_it_has_not_begun(login, network, staff):
    text = login(staff).get("/dashboards/", {"year": "2099-2100"}).text
    assert "2099-2100" in text
    assert "has not begun" not in text
    assert "niet begonnen" in text


def test_a_school_year_to_come_lists_no_networks_and_its_download_is_a_header(login, network, staff):
    client = login(staff)
    assert client.get("/dashboards/networks/", {"year": "2099-2100"}).context["total"] == 0
    assert len(csv_rows(client.get("/dashboards/networks.csv", {"year": "2099-2100"}))) == 1
    payload = client.get("/dashboards/figures.json", {"year": "2099-2100"}).json()
    assert {figure["value"] for figure in payload["figures"]} <= {0, None}
    assert payload["meetings_per_month"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"theme": "sterrenkunde"}, "theme"),
        ({"phase": "slapend"}, "phase"),
        ({"year": "abc"}, "year"),
    ],
)
def test_the_json_with_a_filter_it_cannot_use_is_400_with_the_errors(login, network, staff, query, field):
    response = login(staff).get("/dashboards/figures.json", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field] and all(isinstance(message, str) and message for message in errors[field])


@pytest.mark.parametrize("path", ["/dashboards/regions.csv", "/dashboards/networks.csv"])
def test_a_download_with_a_filter_it_cannot_use_is_refused_not_an_error_page(login, network, staff, path):
    response = login(staff).get(path, {"theme": "sterrenkunde"})
    assert response.status_code == 400
    assert not response.streaming
    assert "sterrenkunde" in response.text


def test_the_network_list_of_a_theme_without_networks_downloads_as_its_header(login, network, staff):
    ThemeFactory(name="Burgerschap")
    response = login(staff).get("/dashboards/networks.csv", {"theme": "burgerschap"})
    text = csv_text(response)
    assert text.startswith(BOM)
    assert text.count("\r\n") == 1  # one line: the header
    rows = csv_rows(login(staff).get("/dashboards/networks.csv", {"theme": "burgerschap"}))
    assert len(rows) == 1 and len(rows[0]) > 5


def test_the_csv_is_utf8_with_a_byte_order_mark_and_semicolons(login, network, coordinator, staff):
    response = login(staff).get("/dashboards/networks.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="leernetwerken-netwerken-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    header, row = raw.decode("utf-8").removeprefix(BOM).splitlines()[:2]
    assert header.count(";") >= 8 and "," not in header.replace(", ", "")
    assert row.startswith(f"{network.name};Noordwest;")


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def test_a_network_named_like_a_formula_stays_text_in_the_csv(login, region, staff):
    for index, name in enumerate(FORMULAS):
        NetworkFactory(name=name, slug=f"formule-{index}", region=region)
    names = [row[0] for row in csv_rows(login(staff).get("/dashboards/networks.csv"))[1:]]
    assert sorted(names) == sorted("'" + name for name in FORMULAS)


def test_names_of_coordinators_and_themes_like_formulas_stay_text_in_the_csv(login, region, staff):
    network = NetworkFactory(name="Gewoon netwerk", region=region, theme=ThemeFactory(name="@Thema", slug="thema"))
    MembershipFactory(network=network, role="coordinator", school=None, user__full_name="=Jan")
    header, row = csv_rows(login(staff).get("/dashboards/networks.csv"))
    assert row[header.index("Thema") if "Thema" in header else 2] == "'@Thema"
    assert row[-2] == "'=Jan"


def test_the_region_table_downloads_with_the_same_bom_and_separator(login, network, staff):
    rows = csv_rows(login(staff).get("/dashboards/regions.csv"))
    assert [row[0] for row in rows[1:]] == ["Noordwest"]
    assert all(len(row) == len(rows[0]) for row in rows)


def test_an_address_full_of_rubbish_is_never_an_error_page(login, network, staff):
    client = login(staff)
    for query in (
        {"year": "9999-10000"},
        {"year": "0000"},
        {"year": "\uff12\uff10\uff12\uff14-\uff12\uff10\uff12\uff15"},  # full-width digits
        {"page": "-1"},
        {"page": "twee"},
        {"started": "perhaps"},
        {"outcome": "maybe"},
        {"health": "<script>"},
        {"region": ["noordwest", "zuid"]},
    ):
        for path in [*PAGES, "/dashboards/figures.json"]:
            response = client.get(path, query)
            assert response.status_code in (200, 400), (path, query, response.status_code)
            if path.endswith(".json"):
                json.loads(response.content)


@pytest.mark.parametrize("number", ["0", "99999"])
def test_a_page_number_beyond_the_network_list_shows_a_page_of_it_not_an_error(login, network, staff, number):
    response = login(staff).get("/dashboards/networks/", {"page": number})
    assert response.status_code == 200
    assert network.name in response.text


def test_a_school_year_longer_than_any_is_refused_with_a_message(login, network, staff):
    response = login(staff).get("/dashboards/", {"year": "2026-2027" + " " * 10 + "9" * 5000})
    assert response.status_code == 200
    assert 'data-figure="' not in response.text
    assert "tekens" in response.text  # Django's Dutch "at most 20 characters"
