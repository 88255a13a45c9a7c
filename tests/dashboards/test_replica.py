"""The read replica (common/replica.py): reads go to "replica" only inside a view that opts in with
`reads_from_replica` and only when such a database is configured; writes and migrations never go there.
Checked on the router itself: no query runs on the pretend replica."""

import pytest
from django.conf import settings
from django.test import override_settings

from common import replica
from common.replica import ReplicaRouter, reads_from_replica
from networks.models import Network

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def with_replica():
    return override_settings(DATABASES={**settings.DATABASES, "replica": {**settings.DATABASES["default"]}})


def inside_a_replica_view(decide):
    return reads_from_replica(lambda request: decide())(None)


def test_reads_go_to_the_replica_inside_a_dashboard_view_when_one_is_configured():
    router = ReplicaRouter()
    with with_replica():
        assert inside_a_replica_view(lambda: router.db_for_read(Network)) == "replica"


def test_reads_stay_on_the_primary_outside_such_a_view():
    router = ReplicaRouter()
    with with_replica():
        assert router.db_for_read(Network) is None
        inside_a_replica_view(lambda: None)
        assert router.db_for_read(Network) is None  # the view has returned


def test_reads_stay_on_the_primary_after_a_view_that_failed():
    router = ReplicaRouter()

    def fails(request):
        raise ValueError("the view failed")

    with with_replica():
        with pytest.raises(ValueError):
            reads_from_replica(fails)(None)
        assert router.db_for_read(Network) is None


def test_reads_stay_on_the_primary_when_no_replica_is_configured():
    assert "replica" not in settings.DATABASES
    assert inside_a_replica_view(lambda: ReplicaRouter().db_for_read(Network)) is None


def test_writes_go_to_the_primary_even_inside_a_dashboard_view():
    router = ReplicaRouter()
    with with_replica():
        assert inside_a_replica_view(lambda: router.db_for_write(Network)) is None


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "networks", "network") is False
    assert router.allow_migrate("default", "networks", "network") is True


def test_the_router_is_installed():
    assert "common.replica.ReplicaRouter" in settings.DATABASE_ROUTERS


def test_the_dashboard_reads_may_go_to_the_replica_and_no_other_page_s(login, monkeypatch, network, staff):
    """Which reads the router would send to a replica, watched during real requests (none is configured,
    so every query still runs on the primary)."""
    asked = []
    original = ReplicaRouter.db_for_read

    def watching(self, model, **hints):
        asked.append((model._meta.label, replica._on_replica.get()))
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", watching)
    client = login(staff)
    client.get("/")  # the session and the person, read before any view
    for path in ("/dashboards/", "/dashboards/networks/", "/dashboards/figures.json", "/dashboards/regions.csv"):
        asked.clear()
        assert client.get(path).status_code == 200
        assert any(label == "networks.Network" and on for label, on in asked), path
    asked.clear()
    assert client.get(f"/networks/{network.slug}/").status_code == 200
    assert asked and not any(on for _label, on in asked)
