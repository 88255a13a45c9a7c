"""Changes to people and their accounts. Each function lists its side effects."""

import hashlib

from django.db import transaction
from django.urls import reverse

from . import outbox
from .models import OutgoingMail, new_calendar_token


def update_profile(*, user, full_name, job_role, language):
    """Save a person's own name, job role and language.

    Side effects: updates the user row.
    """
    user.full_name = full_name
    user.job_role = job_role
    user.language = language
    user.full_clean()
    user.save(update_fields=["full_name", "job_role", "language"])
    return user


def set_language(*, user, language):
    """Remember the language a logged-in person picked in the language switch.

    Side effects: updates the user row.
    """
    user.language = language
    user.full_clean()
    user.save(update_fields=["language"])


def reset_calendar_token(*, user):
    """Give a person a new secret calendar address, for when the old one was shared or leaked.

    Side effects: updates the user row (`calendar_token`); the old feed address stops working at once.
    """
    user.calendar_token = new_calendar_token()
    user.full_clean()
    user.save(update_fields=["calendar_token"])
    return user


@transaction.atomic
def send_password_reset(*, user, uid, token):
    """Queue the password-reset mail with its one-time link.

    Side effects: one outbox row (one per token: asking twice in one second sends one mail).
    """
    link = reverse("members:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return outbox.queue_mail(
        kind=OutgoingMail.Kind.PASSWORD_RESET,
        recipient=user,
        about=user,
        # The row keeps a digest of the token, not the token: it names the occasion, nothing more.
        occasion=hashlib.sha256(token.encode()).hexdigest()[:32],
        template="password_reset",
        context={"reset_path": link},
    )
