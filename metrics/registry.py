"""What a figure is, the register of all of them, and the ways a page reads one.

A figure is an aggregate over rows that belong to a network: current memberships, recorded attendance.
From that one definition come all its values:
- `annotate(queryset, *names)`: a column per figure on a queryset of networks, regions or meetings, each
  a correlated subquery, so figures over different rows never multiply each other's joins and a list
  costs one query whatever its length;
- `for_object(obj, *names)`: the figures of one network, region or meeting, in one query;
- `overall(*names)`: the figures over the whole country.
A region's value is the aggregate over the rows of its networks, not the sum of their values: a person
in two networks of a region is one participant of that region.

Health signals and dashboard figures register here as well; one that is not an aggregate over rows can
subclass `Metric` and override `subquery` and `compute_overall`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    SCHOOLS = "schools", _("schools")
    # A fraction from 0 to 1, shown as a percentage.
    SHARE = "share", _("share")


@dataclass(frozen=True)
class Metric:
    name: str  # a slug that is also the name of the column `annotate` adds
    label: Promise
    definition: Promise  # one line in plain words: how do we count this?
    unit: Unit
    higher_is_better: bool
    rows: Callable[[], models.QuerySet]  # the rows the figure is computed over
    value: Callable[[], models.Expression]  # the aggregate over those rows
    network: str = "network"  # the lookup from a row to its network
    meeting: str | None = None  # the lookup from a row to its meeting, for figures that exist per meeting
    empty: object = 0  # the figure when there are no rows; None means "not known yet" (a rate of nothing)

    def lookup_to(self, model):
        """The lookup from one of this figure's rows to an object of `model`."""
        label = model._meta.label
        if label == "networks.Network":
            return self.network
        if label == "networks.Region":
            return f"{self.network}__region"
        if label == "meetings.Meeting" and self.meeting:
            return self.meeting
        raise ValueError(f"The figure {self.name!r} has no value per {label}.")

    def subquery(self, model):
        """An expression for a queryset of `model` that gives each of its objects the figure."""
        lookup = self.lookup_to(model)
        rows = (
            self.rows()
            .filter(**{lookup: OuterRef("pk")})
            .order_by()
            .values(lookup)
            .annotate(figure=self.value())
            .values("figure")
        )
        if self.empty is None:
            return Subquery(rows)
        return Coalesce(Subquery(rows), Value(self.empty))

    def compute_overall(self):
        value = self.rows().order_by().aggregate(figure=self.value())["figure"]
        return self.empty if value is None else value

    def format(self, value):
        """The figure as a page shows it: a number in the language's notation, a share as a percentage."""
        if value is None:
            return "\u2013"  # an en dash: no figure yet
        if self.unit == Unit.SHARE:
            return f"{number_format(round(value * 100))}%"
        return number_format(value, force_grouping=True)


_REGISTRY: dict[str, Metric] = {}


def register(metric):
    """Add a figure to the register; each name once. Returns the figure, for a module-level name."""
    if not metric.name.isidentifier():
        raise ImproperlyConfigured(f"A figure's name must be usable as a column name: {metric.name!r}.")
    if metric.name in _REGISTRY:
        raise ImproperlyConfigured(f"The figure {metric.name!r} is defined twice.")
    _REGISTRY[metric.name] = metric
    return metric


def get(name):
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No figure is called {name!r}; known are: {', '.join(_REGISTRY)}.") from None


def all_metrics():
    """Every registered figure, in the order of registration."""
    return list(_REGISTRY.values())


def columns(model, *names):
    """{name: expression} of the named figures for a queryset of `model`, so a page that reads one
    object anyway gets its figures in the same query (read them back with `read`)."""
    return {name: get(name).subquery(model) for name in names}


def read(obj, *names):
    """{name: value} of the named figures annotated on `obj` by `columns`."""
    return {name: getattr(obj, name) for name in names}


def annotate(queryset, *names):
    """`queryset` (networks, regions or meetings) with one column per named figure."""
    return queryset.annotate(**columns(queryset.model, *names))


def for_object(obj, *names):
    """{name: value} of the named figures of one network, region or meeting, in one query."""
    model = type(obj)
    return annotate(model._default_manager.filter(pk=obj.pk), *names).values(*names).get()


def overall(*names):
    """{name: value} of the named figures over everything, one query per figure."""
    return {name: get(name).compute_overall() for name in names}
