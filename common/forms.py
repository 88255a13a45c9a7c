"""Helpers for forms, shared by the apps: showing a service's ValidationError, capping free text."""

from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .validators import MaxTextLengthValidator


def show_service_error(request, error):
    """A refusal outside a form (a button on a list, say): each message on the next page."""
    for message in error.messages:
        messages.error(request, message)


def add_service_error(form, error):
    """Show a service's ValidationError on the form: on the fields the form has, the rest above it.

    Services validate whole rows, so their errors may name fields that a form leaves out (the slug,
    who planned it); Django's add_error refuses those.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def limit_length(field, limit):
    """Cap the free text of `field` at `limit` characters, say so under the field, and refuse a longer
    text with a message that gives both numbers.

    Text areas get no maxlength attribute: a browser would cut a pasted text short without a word, and
    the person would lose the end of it unseen. The server refuses it and shows the whole text again.
    """
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxTextLengthValidator(limit))
    field.widget.attrs.pop("maxlength", None)
    cap = format_lazy(_("At most {limit} characters."), limit=number_format(limit, force_grouping=True))
    field.help_text = format_lazy("{} {}", field.help_text, cap) if field.help_text else cap
