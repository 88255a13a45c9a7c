"""Changes to people and their accounts. Each function lists its side effects."""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mail import outbox

from .mails import MemberMail
from .models import PasswordResetRequest, User, UserManager, new_calendar_token

logger = logging.getLogger(__name__)
RESET_SWEEP_BATCH = 500


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
def request_password_reset(*, email):
    """Take in an address typed on the password-reset page; a worker answers it.

    The page does the same work whether an account has the address or not, so its response time
    does not tell: the account is looked up and the mail rendered by `answer_password_reset_request`
    in a worker. When the broker is down the row waits for the sweeper.
    Side effects: one PasswordResetRequest row; after commit, one Celery task.
    """
    reset_request = PasswordResetRequest(email=UserManager.normalize_email(email))
    reset_request.full_clean()
    reset_request.save()
    transaction.on_commit(lambda: _dispatch_password_reset(reset_request.pk))
    return reset_request


def _dispatch_password_reset(request_id):
    from .tasks import send_password_reset

    try:
        send_password_reset.delay(request_id)
    except Exception as exc:  # kombu and redis raise many types; all mean "not queued now"
        logger.warning("Password reset %s not handed to the broker (%s); the sweeper will answer it.", request_id, exc)


@transaction.atomic
def answer_password_reset_request(*, request_id):
    """Queue the reset mail for the account that has the requested address, if any; forget the request.

    Runs in a worker. The task and the sweeper may both get one request: the first locks and
    deletes the row, the other finds nothing. Returns the outbox row, or None.
    Side effects: deletes the request row; one outbox row when an active account with a usable
    password has the address.
    """
    reset_request = PasswordResetRequest.objects.select_for_update(skip_locked=True).filter(pk=request_id).first()
    if reset_request is None:
        return None
    reset_request.delete()
    user = User.objects.filter(email__iexact=reset_request.email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    return send_password_reset(user=user, occasion=str(request_id))


def pending_password_reset_requests():
    """Ids of password-reset requests no worker has answered (the broker was down), oldest first."""
    return list(PasswordResetRequest.objects.order_by("requested_at").values_list("pk", flat=True)[:RESET_SWEEP_BATCH])


@transaction.atomic
def send_password_reset(*, user, occasion):
    """Queue the password-reset mail. Its one-time link is made when the mail is sent, not stored.

    Side effects: one outbox row (one per occasion: a request answered twice sends one mail).
    """
    return outbox.queue_mail(
        kind=MemberMail.PASSWORD_RESET,
        recipient=user,
        about=user,
        occasion=occasion,
        template="password_reset",
        links={"reset_path": outbox.SecretLink("members.password_reset", {"user": user.pk})},
    )


def password_reset_path(*, user):
    """The reset link of account `user` (an id), made at send time; None when it cannot reset any more.

    A token made now is as good as one made when the mail was queued: it is valid for
    PASSWORD_RESET_TIMEOUT from now and stops working once the password changes.
    """
    account = User.objects.filter(pk=user, is_active=True).first()
    if account is None or not account.has_usable_password():
        return None
    return reverse(
        "members:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
