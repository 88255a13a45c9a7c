"""What the models of every app share."""

from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """`get_FOO_display()` from a table made once per field, first among a model's bases.

    Django's own builds a dict of the field's choices on every call, hashing each lazily translated label
    on the way (a translation each): 21 calls were 8 % of the network page (bench/profile_page.py).
    The labels stay lazy in the table, so each call still gives the reader's language. Choices given as a
    callable (the mail kinds, which apps register) are read afresh each time, as Django does.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:
            labels = {make_hashable(choice): label for choice, label in field.flatchoices}
            if not isinstance(field.choices, CallableChoiceIterator):
                field.__dict__["_labels_by_value"] = labels
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
