"""Showing figures in templates: `{{ value|figure:"attendance_rate" }}` formats a value by its unit, and
`{% how_we_count "members" "schools_reached" %}` puts the definitions beside the figures, in a <details>
that works without JavaScript."""

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation

from metrics import registry

register = template.Library()


@register.filter
def figure(value, name):
    return registry.get(name).format(value)


@register.simple_tag
def how_we_count(*names):
    """The definitions of the named figures. The same text for every reader of a language, so kept in the
    process's cache of page parts, as the navigation is (a dummy in DEBUG, where a changed template shows at once)."""
    key = f"how_we_count:{translation.get_language()}:{','.join(names)}"
    return caches["fragments"].get_or_set(key, lambda: _definitions(names), timeout=None)


def _definitions(names):
    return render_to_string("metrics/_how_we_count.html", {"figures": [registry.get(name) for name in names]})


@register.inclusion_tag("metrics/_figures.html")
def show_figures(values, *names):
    """The named figures from `values` ({name: value}, as `registry.for_object` gives), each with its
    label, and their definitions below."""
    shown = [registry.get(name) for name in names]
    return {"rows": [(metric, metric.format(values[metric.name])) for metric in shown], "figures": shown}
