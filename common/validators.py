"""Validators shared by the apps (a model field's validator is named by this path in migrations)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


@deconstructible
class MaxTextLengthValidator(MaxLengthValidator):
    """A cap on a free text that people type, with a message that gives both numbers as people write them
    (100.000, not 100000). Models put it on TextFields, whose max_length Django enforces only in forms."""

    message = _("This text is too long: it has %(length)s characters, and at most %(limit)s fit. Please shorten it.")

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code="max_length",
                params={
                    "length": number_format(length, force_grouping=True),
                    "limit": number_format(self.limit_value, force_grouping=True),
                },
            )
