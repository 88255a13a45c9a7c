"""Showing figures in templates: `{{ value|figure:"attendance_rate" }}` formats a value by its unit, and
`{% how_we_count "members" "schools_reached" %}` puts the definitions beside the figures, in a <details>
that works without JavaScript."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from metrics import registry

register = template.Library()


@register.filter
def figure(value, name):
    return registry.get(name).format(value)


@register.simple_tag
def how_we_count(*names):
    """The definitions of the named figures. The same text for every reader of a language, so rendered once
    per process and language (outside DEBUG, where a changed template shows at once)."""
    if settings.DEBUG:
        return _definitions(names)
    return _definitions_once(names, translation.get_language())


def _definitions(names):
    return render_to_string("metrics/_how_we_count.html", {"figures": [registry.get(name) for name in names]})


@functools.lru_cache(maxsize=128)
def _definitions_once(names, _language):
    return _definitions(names)


@register.inclusion_tag("metrics/_figures.html")
def show_figures(values, *names):
    """The named figures from `values` ({name: value}, as `registry.for_object` gives), each with its
    label, and their definitions below."""
    shown = [registry.get(name) for name in names]
    return {"rows": [(metric, metric.format(values[metric.name])) for metric in shown], "figures": shown}
