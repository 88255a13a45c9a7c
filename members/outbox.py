"""The outbox: every mail the portal sends is an OutgoingMail row first.

- `queue_mail` renders a mail in the recipient's language and writes its row inside the caller's
  transaction; after commit it asks Celery to send it.
- `deliver` claims a row with a conditional UPDATE (only one worker can move it from queued to
  sending), sends it over SMTP and records the outcome. Transient SMTP errors put the row back with a
  growing delay; permanent ones, or too many attempts, mark it failed.
- `sweep` hands due rows to Celery again: rows whose task never reached the broker, rows waiting
  out a back-off, and rows left in `sending` by a worker that died.

Links that act for their recipient (a password reset, an invitation, the answer buttons) are never
stored. The caller passes them as `SecretLink`s (a builder's name and the ids it needs); the row keeps
a placeholder in its bodies and the ids in `links`, and `deliver` makes the links at send time with
the builders the apps register in their AppConfig.ready(). So whoever reads the outbox (an admin with
"view outgoing mail", a database dump) finds no link that works, and the outbox imports nothing from
the apps above it.
"""

import contextlib
import contextvars
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from .models import OutgoingMail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt; the last one repeats until MAIL_MAX_ATTEMPTS.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
# A row still `sending` this long after its claim belongs to a worker that died mid-task.
STALE_CLAIM_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
SWEEP_BATCH = 500


@dataclass(frozen=True)
class SecretLink:
    """A link that acts for the recipient, made only when the mail is sent.

    `builder` names a function registered with `register_link_builder`; `args` are the keyword
    arguments it gets (ids and other plain values, stored as JSON; never the secret itself).
    """

    builder: str
    args: dict = field(default_factory=dict)


class LinkUnavailable(Exception):
    """A link of a queued mail cannot be made any more (e.g. its account was deleted)."""


_link_builders = {}


def register_link_builder(name, build):
    """Let `deliver` make the links of `SecretLink(name, args)`: `build(**args)` returns the path
    (without the site address, which the templates put in front), or None when the object behind
    the link is gone. Apps register their builders in AppConfig.ready()."""
    _link_builders[name] = build


def render_mail(template, context, language):
    """Subject, text body and HTML body of `emails/<template>*`, rendered in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    # A subject is one line: templates may wrap, mail headers may not.
    return " ".join(subject.split()), text.strip() + "\n", html


_suppressed = contextvars.ContextVar("outbox_suppressed", default=False)


@contextlib.contextmanager
def suppressed():
    """Queue no mail inside the block: `queue_mail` writes no row and returns None. Only for writing a
    past that is news to nobody (`demo.loader` moves 45 networks through the lifecycle services)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def queue_mail(*, kind, recipient, about, template, context=None, occasion="", attachments=(), links=None):
    """Write the outbox row for one mail and send it once the current transaction commits.

    `recipient` is a User (the mail is rendered in their language) or a plain address (rendered in
    Dutch). `links` maps context names to `SecretLink`s: the template prints a placeholder there and
    the link is made at send time (a dotted name, "answer_links.yes", sets a key of a dict in the
    context). Returns the row; when an identical mail (same kind, about, occasion and recipient) was
    already queued, returns that row and queues nothing.

    Side effects: one OutgoingMail row; after commit, one Celery task. Nothing inside `suppressed()`.
    """
    if _suppressed.get():
        return None
    user = recipient if hasattr(recipient, "email") else None
    address = user.email if user else recipient.strip().lower()
    language = user.language if user else settings.LANGUAGE_CODE
    context = {"recipient": user, **(context or {})}
    stored_links = _placeholders(context, links or {})
    subject, text, html = render_mail(template, context, language)
    # A link the template does not show (the answer buttons of a cancellation) is not made.
    stored_links = {
        name: link for name, link in stored_links.items() if link["placeholder"] in text or link["placeholder"] in html
    }
    mail, created = OutgoingMail.objects.get_or_create(
        kind=kind,
        about_type=ContentType.objects.get_for_model(about),
        about_id=str(about.pk),
        occasion=occasion,
        recipient=address,
        defaults={
            "user": user,
            "language": language,
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "attachments": list(attachments),
            "links": stored_links,
        },
    )
    if created:
        transaction.on_commit(lambda: dispatch(mail.pk))
    return mail


def _placeholders(context, links):
    """Put a placeholder into `context` for every secret link; return what rebuilds each of them.

    The placeholder carries a random part, so text that people wrote (a meeting title) cannot
    contain one by chance or on purpose.
    """
    marker = secrets.token_hex(8)
    stored = {}
    for name, link in links.items():
        if link.builder not in _link_builders:
            raise ValueError(f"No link builder {link.builder!r} is registered.")
        placeholder = f"[secret-link:{marker}:{name}]"
        *outer, last = name.split(".")
        target = context
        for part in outer:  # a copy: the caller's dict may serve the next recipient
            inner = dict(target.get(part) or {})
            target[part] = inner
            target = inner
        target[last] = placeholder
        stored[name] = {"builder": link.builder, "args": dict(link.args), "placeholder": placeholder}
    return stored


def _bodies_with_links(mail):
    """The text and HTML bodies of `mail` with every secret link made now."""
    text, html = mail.body_text, mail.body_html
    for name, link in mail.links.items():
        build = _link_builders.get(link["builder"])
        path = build(**link["args"]) if build else None
        if path is None:
            raise LinkUnavailable(f"The link {name!r} ({link['builder']}) cannot be made any more.")
        text = text.replace(link["placeholder"], path)
        html = html.replace(link["placeholder"], escape(path))
    return text, html


# After the broker failed once, this process leaves it alone for a while: a form that queues forty mails
# would otherwise wait forty timeouts for a Redis that hangs (and end in the web server's timeout). The
# rows wait in the outbox and the sweeper sends them; a worker's sweep also goes through here.
BROKER_BACKOFF_SECONDS = 30
_broker_unavailable_until = 0.0


def dispatch(mail_id):
    """Ask Celery to send one row. When the broker is down the row waits for the sweeper."""
    global _broker_unavailable_until
    from .tasks import send_outgoing_mail

    if time.monotonic() < _broker_unavailable_until:
        logger.info("Outgoing mail %s left for the sweeper: the broker failed a moment ago.", mail_id)
        return
    try:
        send_outgoing_mail.delay(mail_id)
    except Exception as exc:  # kombu and redis raise many types; all mean "not queued now"
        _broker_unavailable_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Outgoing mail %s not handed to the broker (%s); the sweeper will send it.", mail_id, exc)


def forget_broker_failure():
    """Try the broker again at the next mail (tests, and a worker that knows the broker is back)."""
    global _broker_unavailable_until
    _broker_unavailable_until = 0.0


def deliver(mail_id):
    """Send one queued row over SMTP if it is due and nobody else claimed it. Safe to run twice."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutgoingMail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return  # sent, failed, not due yet, claimed by another worker, or gone
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        _send_over_smtp(mail)
    except Exception as exc:
        _record_failure(mail, exc)
        return
    OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.SENDING).update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def sweep():
    """Return the ids of rows that are due, after putting stale claims back in the queue."""
    now = timezone.now()
    OutgoingMail.objects.filter(status=OutgoingMail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER).update(
        status=OutgoingMail.Status.QUEUED, last_error="The worker stopped while sending."
    )
    OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, attempts__gte=settings.MAIL_MAX_ATTEMPTS).update(
        status=OutgoingMail.Status.FAILED
    )
    return list(
        OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def _send_over_smtp(mail):
    body_text, body_html = _bodies_with_links(mail)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        headers={
            # Stable per row: should a mail ever go out twice (a worker dying between the SMTP
            # server's "OK" and our update), mail clients can recognise the copy.
            "Message-ID": f"<outbox-{mail.pk}.{int(mail.created_at.timestamp())}@{_mail_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": mail.language,
        },
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def _mail_domain():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "leernetwerk.local"


def is_transient(exc):
    """True for SMTP failures worth another try: 4xx replies, dropped or refused connections."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, OSError))


def _record_failure(mail, exc):
    error = f"{type(exc).__name__}: {exc}"[:2000]
    attempts = mail.attempts
    if is_transient(exc) and attempts < settings.MAIL_MAX_ATTEMPTS:
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.SENDING).update(
            status=OutgoingMail.Status.QUEUED, next_attempt_at=timezone.now() + delay, last_error=error
        )
        logger.warning("Outgoing mail %s: attempt %s failed (%s); retry in %s.", mail.pk, attempts, error, delay)
        return
    OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.SENDING).update(
        status=OutgoingMail.Status.FAILED, last_error=error
    )
    if isinstance(exc, (smtplib.SMTPException, OSError, LinkUnavailable)):
        logger.warning("Outgoing mail %s failed for good after %s attempts: %s", mail.pk, attempts, error)
    else:
        logger.error("Outgoing mail %s failed with an unexpected error: %s", mail.pk, error, exc_info=exc)


def requeue(mail_ids):
    """Give failed rows a fresh set of attempts (the admin's "send again"). Returns how many."""
    return (
        OutgoingMail.objects.filter(pk__in=mail_ids)
        .filter(Q(status=OutgoingMail.Status.FAILED) | Q(status=OutgoingMail.Status.QUEUED))
        .update(status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error="")
    )
