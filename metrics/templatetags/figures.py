"""Showing figures in templates: `{{ value|figure:"attendance_rate" }}` formats a value by its unit, and
`{% how_we_count "members" "schools_reached" %}` puts the definitions beside the figures, in a <details>
that works without JavaScript."""

from django import template

from metrics import registry

register = template.Library()


@register.filter
def figure(value, name):
    return registry.get(name).format(value)


@register.inclusion_tag("metrics/_how_we_count.html")
def how_we_count(*names):
    return {"figures": [registry.get(name) for name in names]}


@register.inclusion_tag("metrics/_figures.html")
def show_figures(values, *names):
    """The named figures from `values` ({name: value}, as `registry.for_object` gives), each with its
    label, and their definitions below."""
    shown = [registry.get(name) for name in names]
    return {"rows": [(metric, metric.format(values[metric.name])) for metric in shown], "figures": shown}
