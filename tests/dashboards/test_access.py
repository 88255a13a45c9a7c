"""Who opens which dashboard: VO-raad staff every page; a regional coordinator the pages of their own
region, and nothing of another; everyone else nothing (403); nobody logged in goes to the login page.
The dashboards only read: a POST is refused whoever sends it."""

import pytest

from tests.factories import NetworkFactory, RegionFactory
from tests.helpers import PERSONAS, client_for, is_login_redirect

from .conftest import DASHBOARD_PATHS, csv_rows

NO_DASHBOARD = {"coordinator", "facilitator", "member", "outsider"}
# The own region of each regional coordinator (the `network` fixture is in Noordwest).
OWN_REGION = {"regional_coordinator": "noordwest", "other_regional_coordinator": "oost"}
OTHER_REGION = {"regional_coordinator": "oost", "other_regional_coordinator": "noordwest"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", DASHBOARD_PATHS)
def test_staff_open_every_dashboard_and_people_without_a_region_are_refused(request, everyone, persona, path):
    address = path.format(region="noordwest")
    response = client_for(request, persona).get(address)
    if persona == "anonymous":
        assert is_login_redirect(response, address)
    elif persona == "staff":
        assert response.status_code == 200
    elif persona in NO_DASHBOARD:
        assert response.status_code == 403
    elif path == "/dashboards/":
        # A regional coordinator starts on the dashboard of their own region.
        assert response.status_code == 302
        assert response["Location"] == f"/dashboards/regions/{OWN_REGION[persona]}/"
    elif path == "/dashboards/regions/{region}/":
        assert response.status_code == (200 if OWN_REGION[persona] == "noordwest" else 403)
    else:
        # The network list, the glossary and the downloads cover their own region.
        assert response.status_code == 200


@pytest.mark.parametrize("persona", ["regional_coordinator", "other_regional_coordinator"])
def test_a_regional_coordinator_opens_the_dashboard_of_their_own_region(request, everyone, persona):
    client = client_for(request, persona)
    landing = client.get("/dashboards/", follow=True)
    assert landing.status_code == 200
    assert landing.redirect_chain == [(f"/dashboards/regions/{OWN_REGION[persona]}/", 302)]
    assert landing.context["region"].slug == OWN_REGION[persona]


@pytest.mark.parametrize("persona", ["regional_coordinator", "other_regional_coordinator"])
@pytest.mark.parametrize(
    "path",
    [
        "/dashboards/regions/{other}/",
        "/dashboards/networks/?region={other}",
        "/dashboards/regions.csv?region={other}",
        "/dashboards/networks.csv?region={other}",
        "/dashboards/figures.json?region={other}",
    ],
)
def test_a_regional_coordinator_is_refused_another_region_however_it_is_asked(request, everyone, persona, path):
    response = client_for(request, persona).get(path.format(other=OTHER_REGION[persona]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/dashboards/networks/?region=noordwest",
        "/dashboards/regions.csv?region=noordwest",
        "/dashboards/networks.csv?region=noordwest",
        "/dashboards/figures.json?region=noordwest",
    ],
)
def test_a_regional_coordinator_may_filter_on_their_own_region(login, everyone, regional_coordinator, path):
    assert login(regional_coordinator).get(path).status_code == 200


def test_a_regional_coordinator_sees_only_the_networks_of_their_region_without_a_filter(
    login, everyone, network, regional_coordinator
):
    elsewhere = NetworkFactory(name="Taalbeleid Zuid", region=RegionFactory(name="Zuid", slug="zuid"))
    client = login(regional_coordinator)
    names = [row[0] for row in csv_rows(client.get("/dashboards/networks.csv"))[1:]]
    assert network.name in names
    assert elsewhere.name not in names
    listing = client.get("/dashboards/networks/")
    assert network.name in listing.text
    assert elsewhere.name not in listing.text
    payload = client.get("/dashboards/figures.json").json()
    assert [row["region"] for row in payload["regions"]] == ["noordwest"]
    regions = [row[0] for row in csv_rows(client.get("/dashboards/regions.csv"))[1:]]
    assert regions == ["Noordwest"]


@pytest.mark.parametrize("path", DASHBOARD_PATHS)
def test_the_dashboards_refuse_a_post(login, everyone, staff, regional_coordinator, path):
    address = path.format(region="noordwest")
    assert login(staff).post(address, {"year": "2020-2021"}).status_code == 405
    assert login(regional_coordinator).post(address).status_code == 405


def test_an_unknown_region_dashboard_is_404(login, everyone, staff, regional_coordinator):
    assert login(staff).get("/dashboards/regions/bestaat-niet/").status_code == 404
    assert login(regional_coordinator).get("/dashboards/regions/bestaat-niet/").status_code == 404


def test_staff_without_a_network_land_on_the_national_dashboard_from_the_home_page(login, dashboard_staff):
    response = login(dashboard_staff).get("/", follow=True)
    assert response.redirect_chain == [("/dashboards/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/national.html"
    assert 'data-figure="networks"' in response.text


def test_a_regional_coordinator_s_json_counts_only_their_region_also_from_the_rollup(
    login, everyone, network, regional_coordinator
):
    """Without a region filter a regional coordinator's JSON covers their own region: computed now, and
    the same once beat has filled the rollup (whose cell for "all regions" is the whole country)."""
    from dashboards import rollups

    NetworkFactory(region=RegionFactory(name="Zuid", slug="zuid"))
    NetworkFactory(region=RegionFactory(name="Zuid", slug="zuid"))
    client = login(regional_coordinator)

    def networks_counted():
        payload = client.get("/dashboards/figures.json").json()
        return next(figure["value"] for figure in payload["figures"] if figure["name"] == "networks")

    assert networks_counted() == 1
    rollups.refresh()
    assert networks_counted() == 1
