"""Links from a figure to the networks behind it: `{% networks_behind selection started="1" %}`."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def networks_behind(selection, **narrowing):
    """The address of the list of networks of `selection`, narrowed as the figure is."""
    return f"{reverse('dashboards:networks')}?{urlencode(selection.query(**narrowing))}"


@register.filter
def as_query(params):
    return urlencode(params)
