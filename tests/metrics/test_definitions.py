"""Every figure is registered once, with a name, a label and a one-line definition in English and Dutch."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from metrics import registry
from metrics.definitions import MEMBERS
from metrics.registry import Metric, Unit


def test_the_figures_the_pages_show_are_registered():
    names = [metric.name for metric in registry.all_metrics()]
    assert {"members", "schools_reached", "attendance_rate"} <= set(names)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("metric", registry.all_metrics(), ids=lambda metric: metric.name)
def test_every_figure_has_a_name_both_labels_and_a_definition(metric):
    assert metric.name.isidentifier()  # it becomes a column on annotated querysets
    assert metric.unit in Unit.values
    assert isinstance(metric.higher_is_better, bool)
    with translation.override("en"):
        english = (str(metric.label), str(metric.definition))
    with translation.override("nl"):
        dutch = (str(metric.label), str(metric.definition))
    assert all(english) and all(dutch)
    assert dutch[0] != english[0], f"no Dutch label for {metric.name}"
    assert dutch[1] != english[1], f"no Dutch definition for {metric.name}"
    # One line in plain words: a sentence, not a paragraph.
    assert "\n" not in english[1] and len(english[1]) < 200


def test_a_second_figure_with_a_taken_name_is_refused():
    twin = Metric(
        name="members",
        label=MEMBERS.label,
        definition=MEMBERS.definition,
        unit=MEMBERS.unit,
        higher_is_better=True,
        rows=MEMBERS.rows,
        value=MEMBERS.value,
    )
    with pytest.raises(ImproperlyConfigured):
        registry.register(twin)
    assert registry.get("members") is MEMBERS


def test_an_unknown_figure_names_the_known_ones():
    with pytest.raises(LookupError, match="schools_reached"):
        registry.get("member_count")


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [("members", 1240, "1.240"), ("attendance_rate", 2 / 3, "67%"), ("attendance_rate", None, "\u2013")],
)
def test_a_figure_is_shown_in_dutch_notation(name, value, shown):
    with translation.override("nl"):
        assert registry.get(name).format(value) == shown
