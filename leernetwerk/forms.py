"""Helpers for showing a service's ValidationError to the person, shared by the apps."""

from django.contrib import messages


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
