"""What the models of every app share."""

import functools

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """`get_FOO_display()` from a table made once per field, first among a model's bases.

    Django's own builds a dict of the field's choices on every call, hashing each lazily translated label
    on the way (a translation each): 21 calls were 8 % of the network page (bench/profile_page.py).
    The labels stay lazy in the table, so each call still gives the reader's language.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def _labels(field):
    return {make_hashable(value): label for value, label in field.flatchoices}
