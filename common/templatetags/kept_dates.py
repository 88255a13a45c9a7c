"""`|date` as Django's filter writes it, with each text kept once per process.

Writing a date costs 35-50 µs: the weekday and month names are translated and the format is read character
by character. The network page of a network in its second year shows a dozen (its meetings, its phase
history), on every request. What the filter writes for a date, or for an aware moment, depends only on the
value as the template engine hands it over (a moment already in the current time zone: `expects_localtime`),
its time zone, offset and zone name (a format may name them), the format and the language (the names, and the
formats of `DATE_FORMAT` and the like), so the text is kept under exactly those. Anything else (a naive moment,
a string, a lazy object) is written by Django's filter every time. Installed for every template as a builtin
that replaces Django's own filter (settings.TEMPLATES).
"""

import datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)  # a few hundred kilobytes a process; the least recently used text goes first
def _written(kind, value, zone, offset, zone_name, arg, language):
    # The arguments after `value` only key the text: Django's filter reads them itself, from the value and the
    # active language.
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    kind = type(value)
    if kind is datetime.datetime and value.tzinfo is None:
        # A naive moment is written in the current time zone, which it does not carry, and the two 02:30s of the
        # autumn night are equal to Python: Django's filter writes it each time.
        return defaultfilters.date(value, arg)
    if kind not in (datetime.datetime, datetime.date) or not (arg is None or isinstance(arg, str)):
        return defaultfilters.date(value, arg)
    if kind is datetime.date:
        return _written(kind, value, None, None, None, arg, get_language())
    # Two zones with the same offset are equal to Python whatever their names; the format may name them.
    return _written(kind, value, value.tzinfo, value.utcoffset(), value.tzname(), arg, get_language())


def forget_written_dates(**_kwargs):
    """Forget every kept text: a changed setting (DATE_FORMAT, the languages; tests) may change them."""
    _written.cache_clear()


setting_changed.connect(forget_written_dates, dispatch_uid="common.kept_dates.forget")
