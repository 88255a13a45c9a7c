"""common.fragments.data_key: the key of a kept part of a page changes with every value the page is made from,
and only with those."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from common.fragments import data_key, keep_parts
from metrics import health
from networks.models import Network
from networks.permissions import ACCESS_COLUMNS, NETWORK
from tests.factories import NetworkFactory

MOMENT = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)


def test_the_same_data_gives_the_same_key_and_any_difference_another():
    page = {"title": "Intervisie", "starts_at": MOMENT, "rows": [(1, "Anna", True), (2, "Bram", None)], "n": 3}
    assert data_key(page) == data_key({**page, "rows": [(1, "Anna", True), (2, "Bram", None)]})
    different = [
        {**page, "title": "Intervisie "},
        {**page, "starts_at": MOMENT + timedelta(microseconds=1)},
        {**page, "starts_at": MOMENT.replace(tzinfo=None)},
        {**page, "rows": [(1, "Anna", True), (2, "Bram", False)]},
        {**page, "rows": [(1, "Anna", True)]},
        {**page, "n": 3.0},
        {**page, "n": True},
        {**page, "extra": None},
    ]
    keys = {data_key(page)} | {data_key(changed) for changed in different}
    assert len(keys) == len(different) + 1


def test_a_lazy_text_counts_as_its_text_in_the_active_language():
    label = gettext_lazy("Meetings")
    with translation.override("nl"):
        dutch = data_key({"label": label})
        assert dutch == data_key({"label": "Bijeenkomsten"})
    with translation.override("en"):
        assert data_key({"label": label}) != dutch


def test_a_model_row_counts_with_its_annotations_and_the_rows_read_with_it(db):
    network = NetworkFactory()
    read = Network.objects.select_related("region", "theme").get(pk=network.pk)
    key = data_key(read)
    assert key == data_key(Network.objects.select_related("region", "theme").get(pk=network.pk))
    read.region.name = "Andere regio"  # a row read with it
    assert data_key(read) != key
    annotated = Network.objects.select_related("region", "theme").get(pk=network.pk)
    annotated.phase_label = "Vormend"  # what a view adds
    assert data_key(annotated) != key


def test_left_out_columns_do_not_count_so_readers_with_the_same_page_share_it(db, coordinator, member, network):
    as_coordinator, as_member = NETWORK.get(coordinator, network.slug), NETWORK.get(member, network.slug)
    assert as_coordinator.access_role != as_member.access_role
    assert data_key(as_coordinator) != data_key(as_member)
    assert data_key(as_coordinator, leave_out=ACCESS_COLUMNS) == data_key(as_member, leave_out=ACCESS_COLUMNS)
    changed = NETWORK.get(member, network.slug)
    changed.learning_question = "Anders?"
    assert data_key(changed, leave_out=ACCESS_COLUMNS) != data_key(as_member, leave_out=ACCESS_COLUMNS)


def test_dataclasses_and_objects_that_say_what_they_are_made_of_count_by_their_data():
    assert data_key(health.Health(health.Status.HEALTHY)) != data_key(health.Health(health.Status.AT_RISK))

    class People:
        def __init__(self, rows):
            self.rows = rows

        def fragment_data(self):
            return self.rows

    assert data_key(People([(1, "Anna")])) == data_key(People([(1, "Anna")]))
    assert data_key(People([(1, "Anna")])) != data_key(People([(1, "Bram")]))


@pytest.mark.expected_error_log
def test_a_value_of_unknown_kind_is_never_keyed_by_its_address_and_its_page_is_not_kept(caplog):
    @dataclass
    class Known:
        value: int

    class Unknown:
        pass

    assert data_key(Known(1)) != data_key(Known(2))
    unknown = {"x": [Unknown()]}
    first, second = data_key(unknown), data_key(unknown)
    assert first != second  # a key no other page has: rendered afresh each time
    assert [record.levelname for record in caplog.records] == ["ERROR", "ERROR"]
    assert "Unknown" in caplog.records[0].exc_text


def test_keep_parts_puts_the_reader_s_own_values_only_in_the_form_key():
    def keys(mine, **extra):
        ctx = {"title": "Intervisie", "mine": mine, **extra}
        keep_parts(ctx, own=("mine", "not there"), also=(True,))
        assert ctx["mine"] == mine  # still in the context, for the template
        return ctx["page_key"], ctx["form_key"]

    (page, form), (page_other, form_other) = keys("yes"), keys("no")
    assert page == page_other and form != form_other  # two readers share the page's other parts
    assert keys("yes", title="Anders")[0] != page
    ctx = {"title": "Intervisie"}
    keep_parts(ctx, also=(False,))
    assert ctx["page_key"] != page  # `also`: what the template shows from outside its context
