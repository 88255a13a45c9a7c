"""The signed links in lifecycle mails: a member's view on continuing, and the coordinator's answer to
the follow-up of an intention. Each names a membership; the link opens a page whose one button posts,
so a mail scanner that opens it changes nothing. Made when the mail is sent (the outbox keeps no link)."""

from django.core import signing
from django.urls import reverse

VIEW_SALT = "lifecycle.view"
FOLLOW_UP_SALT = "lifecycle.follow_up"


def view_path(*, membership, choice):
    token = signing.dumps(membership, salt=VIEW_SALT)
    return reverse("lifecycle:view_link", kwargs={"token": token, "choice": choice})


def follow_up_path(*, membership):
    return reverse("lifecycle:follow_up_link", kwargs={"token": signing.dumps(membership, salt=FOLLOW_UP_SALT)})


def _open(token, salt):
    try:
        membership_id = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return membership_id if isinstance(membership_id, int) else None


def open_view_token(token):
    """The membership id a view link was made for, or None when it was tampered with."""
    return _open(token, VIEW_SALT)


def open_follow_up_token(token):
    return _open(token, FOLLOW_UP_SALT)
