"""What the models of every app share."""

from types import MappingProxyType

from django.utils import translation
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """`get_FOO_display()` from a table made once per field and language, first among a model's bases.

    Django's own builds a dict of the field's choices on every call, hashing each lazily translated label
    on the way (a translation each): 21 calls were 8 % of the network page (bench/profile_page.py). Here
    the labels are translated once per language, so each call still gives the reader's language. Choices
    given as a callable (the mail kinds, which apps register) are read afresh each time, as Django does.
    """

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))


def choice_label(field, value):
    """The label of `value` among the choices of `field`, in the active language: what `get_FOO_display()`
    gives."""
    return choice_labels(field).get(make_hashable(value), force_str(value, strings_only=True))


def choice_labels(field):
    """{value: label} of the choices of `field` in the active language, for a page that read many values
    without their model objects (`values_list`). Read-only: every caller shares it."""
    if isinstance(field.choices, CallableChoiceIterator):
        return _translated_labels(field)
    tables = field.__dict__.setdefault("_labels_by_language", {})
    language = translation.get_language()
    labels = tables.get(language)
    if labels is None:
        labels = tables[language] = MappingProxyType(_translated_labels(field))
    return labels


def _translated_labels(field):
    return {make_hashable(choice): force_str(label, strings_only=True) for choice, label in field.flatchoices}
