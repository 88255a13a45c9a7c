"""The outbox: every mail the portal sends is an OutgoingMail row first.

- `queue_mail` renders a mail in the recipient's language and writes its row inside the caller's
  transaction; after commit it asks Celery to send it.
- `deliver` claims a row with a conditional UPDATE (only one worker can move it from queued to
  sending), sends it over SMTP and records the outcome. Transient SMTP errors put the row back with a
  growing delay; permanent ones, or too many attempts, mark it failed.
- `sweep` hands due rows to Celery again: rows whose task never reached the broker, rows waiting
  out a back-off, and rows left in `sending` by a worker that died.

Mails of a kind that people may switch off (mail/kinds.py) follow the recipient's Preference: at once,
as a line in the weekly digest (a DigestItem), or not at all; those sent carry an unsubscribe link and
the List-Unsubscribe headers of RFC 8058. `queue_many` queues one mail to many people with one rendering
per language, and rows go to the workers in batches that each use one SMTP connection.

Links that act for their recipient (a password reset, an invitation, the answer buttons) are never
stored. The caller passes them as `SecretLink`s (a builder's name and the ids it needs); the row keeps
a placeholder in its bodies and the ids in `links`, and `deliver` makes the links at send time with
the builders the apps register in their AppConfig.ready(). So whoever reads the outbox (an admin with
"view outgoing mail", a database dump) finds no link that works, and the outbox imports nothing from
the apps above it.
"""

import contextlib
import contextvars
import functools
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field
from datetime import timedelta
from email.policy import Compat32
from email.utils import parseaddr
from urllib.parse import quote

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from . import kinds, mime, preferences
from .models import Delivery, DigestItem, OutgoingMail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt; the last one repeats until MAIL_MAX_ATTEMPTS.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
# A row still `sending` this long after its claim belongs to a worker that died mid-task.
STALE_CLAIM_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
SWEEP_BATCH = 500
# Rows one task sends over one SMTP connection: a connection per mail costs more than the mail.
SEND_BATCH = 50
# The Celery priorities of the send tasks (Redis: 0 first); the tasks that prepare mail have 6.
ONE_MAIL_PRIORITY = 0
BATCH_PRIORITY = 3


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
        if context.get("unsubscribe_url"):  # the HTML has it in emails/base.html's footer
            text = text.strip() + "\n\n-- \n" + render_to_string("emails/_unsubscribe.txt", context)
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


def queue_mail(
    *,
    kind,
    recipient,
    about,
    template,
    context=None,
    occasion="",
    attachments=(),
    links=None,
    digest_path="",
    expires_at=None,
):
    """Write the outbox row for one mail and send it once the current transaction commits.

    `recipient` is a User (the mail is rendered in their language) or a plain address (rendered in
    Dutch). `links` maps context names to `SecretLink`s: the template prints a placeholder there and
    the link is made at send time (a dotted name, "answer_links.yes", sets a key of a dict in the
    context). Returns the row; when an identical mail (same kind, about, occasion and recipient) was
    already queued, returns that row and queues nothing.

    When the kind belongs to a topic, the recipient's preference decides: switched off, nothing is
    queued; digest, a DigestItem waits for the weekly digest (`digest_path` is the page its line links
    to; after `expires_at` it is left out). Both return None.

    Side effects: one OutgoingMail row and, after commit, one Celery task; or one DigestItem; nothing
    inside `suppressed()`.
    """
    rows = queue_many(
        kind=kind,
        recipients=[recipient],
        about=about,
        template=template,
        context=context,
        occasion=occasion,
        attachments_for=lambda _recipient: attachments,
        links_for=(lambda _recipient: links) if links else None,
        digest_path=digest_path,
        expires_at=expires_at,
    )
    return rows[0] if rows else None


class _RecipientStandIn:
    """Renders in place of each recipient: their name is put in afterwards, so that one rendering per
    language serves everybody (the mail to 10,000 people is rendered twice, not 10,000 times)."""

    def __init__(self, marker):
        self.full_name = f"[recipient:{marker}:full_name]"
        self.short_name = f"[recipient:{marker}:short_name]"
        self.email = f"[recipient:{marker}:email]"

    def get_short_name(self):
        return self.short_name

    def get_full_name(self):
        return self.full_name

    def __str__(self):
        return self.full_name

    def fill(self, text, user, *, html):
        values = {
            self.full_name: user.full_name or user.email,
            self.short_name: user.get_short_name(),
            self.email: user.email,
        }
        for placeholder, value in values.items():
            text = text.replace(placeholder, escape(value) if html else value)
        return text


def queue_many(
    *,
    kind,
    recipients,
    about,
    template,
    context=None,
    occasion="",
    attachments_for=None,
    links_for=None,
    digest_path="",
    expires_at=None,
):
    """`queue_mail` for many recipients at once: one mail each, never one mail to all of them.

    The template is rendered once per language; each person's name and links are put in afterwards
    (`links_for(recipient)` returns their `SecretLink`s, `attachments_for(recipient)` their files).
    Returns the rows written now and those that were already there; people who switched the topic
    off or chose the digest get no row.

    Side effects: OutgoingMail rows (or DigestItems), and after commit, send tasks in batches.
    """
    if _suppressed.get():
        return []
    topic = kinds.topic_of(kind)
    about_type = ContentType.objects.get_for_model(about)
    recipients = list(recipients)
    deliveries = preferences.deliveries_for([r for r in recipients if hasattr(r, "email")], topic) if topic else {}
    marker = secrets.token_hex(8)
    rendered = {}  # language -> (subject, text, html, stored link templates, stand-in)
    rows, digest_items = [], []
    for recipient in recipients:
        user = recipient if hasattr(recipient, "email") else None
        delivery = deliveries.get(user.pk, Delivery.IMMEDIATE) if user else Delivery.IMMEDIATE
        if delivery == Delivery.OFF:
            continue
        language = user.language if user else settings.LANGUAGE_CODE
        person_links = dict((links_for(recipient) or {}) if links_for else {})
        if topic and user:
            person_links["unsubscribe_url"] = SecretLink("mail.unsubscribe", {"user": user.pk, "topic": topic})
        key = (language, user is not None, tuple(sorted(person_links)))
        if key not in rendered:
            stand_in = _RecipientStandIn(marker) if user else None
            page_context = {**(context or {}), "recipient": stand_in}
            stored = _placeholders(page_context, person_links, marker=marker)
            subject, text, html = render_mail(template, page_context, language)
            # A link the template does not show (the answer buttons of a cancellation) is not made.
            stored = {name: link for name, link in stored.items() if link["placeholder"] in text + html}
            rendered[key] = (subject, text, html, stored, stand_in)
        subject, text, html, stored, stand_in = rendered[key]
        if user:
            subject = stand_in.fill(subject, user, html=False)
            text, html = stand_in.fill(text, user, html=False), stand_in.fill(html, user, html=True)
        if delivery == Delivery.DIGEST:
            digest_items.append(
                DigestItem(
                    kind=kind,
                    about_type=about_type,
                    about_id=str(about.pk),
                    occasion=occasion,
                    user=user,
                    topic=topic,
                    line=subject,
                    path=digest_path,
                    expires_at=expires_at,
                )
            )
            continue
        rows.append(
            OutgoingMail(
                kind=kind,
                topic=topic or "",
                about_type=about_type,
                about_id=str(about.pk),
                occasion=occasion,
                recipient=user.email if user else recipient.strip().lower(),
                user=user,
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                attachments=list(attachments_for(recipient) if attachments_for else ()),
                links={name: {**link, "args": dict(person_links[name].args)} for name, link in stored.items()},
            )
        )
    # One insert for all; an item listed already (same kind, about, occasion, person) stays as it is.
    DigestItem.objects.bulk_create(digest_items, ignore_conflicts=True)
    if not rows:
        return []
    # The rows written now carry this time, so that only they are handed to the workers.
    stamp = timezone.now()
    for row in rows:
        row.created_at = row.next_attempt_at = stamp
    # Rows queued before (the same kind, about, occasion and recipient) stay as they are; the database's
    # unique constraint decides, also against a second worker doing the same at the same moment.
    OutgoingMail.objects.bulk_create(rows, ignore_conflicts=True)
    existing = list(
        OutgoingMail.objects.filter(
            kind=kind,
            about_type=about_type,
            about_id=str(about.pk),
            occasion=occasion,
            recipient__in=[row.recipient for row in rows],
        ).defer("body_text", "body_html", "attachments", "links")  # read again only by who needs them
    )
    waiting = [row.pk for row in existing if row.status == OutgoingMail.Status.QUEUED and row.created_at == stamp]
    if waiting:
        transaction.on_commit(lambda: dispatch_many(waiting))
    return existing


def withdraw(*, kinds, about, reason, occasions=None):
    """Take back the mails of `kinds` about `about` that have not gone out yet (optionally only those of
    `occasions`): queued rows become withdrawn with `reason`, waiting digest items are deleted. A row a
    worker is sending at this moment goes. Returns how many rows were withdrawn.

    Side effects: OutgoingMail rows withdrawn; DigestItems deleted."""
    about_type = ContentType.objects.get_for_model(about)
    rows = OutgoingMail.objects.filter(
        kind__in=kinds, about_type=about_type, about_id=str(about.pk), status=OutgoingMail.Status.QUEUED
    )
    items = DigestItem.objects.filter(
        kind__in=kinds, about_type=about_type, about_id=str(about.pk), digest__isnull=True
    )
    if occasions is not None:
        rows, items = rows.filter(occasion__in=occasions), items.filter(occasion__in=occasions)
    items.delete()
    return rows.update(status=OutgoingMail.Status.WITHDRAWN, last_error=reason[:2000])


def _placeholders(context, links, *, marker):
    """Put a placeholder into `context` for every secret link; return what rebuilds each of them.

    The placeholder carries a random part, so text that people wrote (a meeting title) cannot
    contain one by chance or on purpose.
    """
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
    """The text and HTML bodies of `mail` with every secret link made now, and the links by name."""
    text, html = mail.body_text, mail.body_html
    made = {}
    for name, link in mail.links.items():
        build = _link_builders.get(link["builder"])
        path = build(**link["args"]) if build else None
        if path is None:
            raise LinkUnavailable(f"The link {name!r} ({link['builder']}) cannot be made any more.")
        text = text.replace(link["placeholder"], path)
        html = html.replace(link["placeholder"], escape(path))
        made[name] = path
    return text, html, made


# After the broker failed once, this process leaves it alone for a while: a form that queues forty mails
# would otherwise wait forty timeouts for a Redis that hangs (and end in the web server's timeout). The
# rows wait in the outbox and the sweeper sends them; a worker's sweep also goes through here.
BROKER_BACKOFF_SECONDS = 30
_broker_unavailable_until = 0.0


def dispatch(mail_id):
    """Ask Celery to send one row. When the broker is down the row waits for the sweeper."""
    dispatch_many([mail_id])


def dispatch_many(mail_ids):
    """Ask Celery to send rows, SEND_BATCH per task. When the broker is down they wait for the sweeper."""
    global _broker_unavailable_until
    from .tasks import send_outgoing_mails

    mail_ids = list(mail_ids)
    if time.monotonic() < _broker_unavailable_until:
        logger.info("%s outgoing mails left for the sweeper: the broker failed a moment ago.", len(mail_ids))
        return
    # One mail (a password reset, an invitation) goes before the batches of a wave that may be waiting; both go
    # before the tasks that prepare mail (settings.CELERY_TASK_ROUTES). Redis hands out the lowest first.
    priority = ONE_MAIL_PRIORITY if len(mail_ids) == 1 else BATCH_PRIORITY
    for start in range(0, len(mail_ids), SEND_BATCH):
        batch = mail_ids[start : start + SEND_BATCH]
        try:
            send_outgoing_mails.apply_async((batch,), priority=priority)
        except Exception as exc:  # kombu and redis raise many types; all mean "not queued now"
            _broker_unavailable_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning(
                "%s outgoing mails not handed to the broker (%s); the sweeper will send them.",
                len(mail_ids) - start,
                exc,
            )
            return


def forget_broker_failure():
    """Try the broker again at the next mail (tests, and a worker that knows the broker is back)."""
    global _broker_unavailable_until
    _broker_unavailable_until = 0.0


def deliver(mail_id):
    """Send one queued row over SMTP if it is due and nobody else claimed it. Safe to run twice."""
    deliver_many([mail_id])


# The statements of every batch find their rows by primary key, whatever PostgreSQL's statistics say. A
# condition on the status lets it read them through the index of waiting mails instead (its condition names the
# statuses), which it prefers while its statistics are from a moment when few mails waited (a new outbox, a quiet
# night before 10,000 reminders), and then it reads every waiting row for each batch and each mail sent.
# - The claim: `(SELECT %s)` gives the status as a value PostgreSQL learns only when the statement runs, too late
#   for choosing that index.
# - Marking a mail sent, failed or waiting again, or giving it back: by its id and this task's claim. The task
#   is gone long before the sweeper takes its claim for stale (the hard time limit comes first), so the claim
#   is still this task's; and a row the sweeper had put back in the queue was sent all the same.
_CLAIM_SQL = f"""UPDATE {OutgoingMail._meta.db_table}
                    SET status = %s, claimed_at = %s, attempts = attempts + 1
                  WHERE id = ANY(%s) AND status = (SELECT %s) AND next_attempt_at <= %s
              RETURNING id"""
_SENT_SQL = f"""UPDATE {OutgoingMail._meta.db_table}
                   SET status = %s, sent_at = %s, last_error = ''
                 WHERE id = %s AND claimed_at = %s"""


def deliver_many(mail_ids):
    """Send the rows of `mail_ids` that are due and unclaimed over one SMTP connection. Safe to run twice:
    each row is claimed by one conditional UPDATE (queued -> sending), so two workers never both send it.
    Returns how many were sent."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, [OutgoingMail.Status.SENDING, now, list(mail_ids), OutgoingMail.Status.QUEUED, now])
        claimed = [row[0] for row in cursor.fetchall()]
    if not claimed:
        return 0  # sent, failed, not due yet, claimed by another worker, or gone
    sent = 0
    smtp = None
    mails = list(OutgoingMail.objects.filter(pk__in=claimed).order_by("pk"))
    try:
        for position, mail in enumerate(mails):
            try:
                if smtp is None:
                    smtp = get_connection()
                    try:
                        smtp.open()
                    except SoftTimeLimitExceeded:
                        raise
                    except Exception as exc:
                        # No server to talk to: the whole batch waits for its next attempt, rather than each
                        # mail waiting out the connection timeout in turn (past the task's time limit).
                        _hold_for_the_server(mails[position:], exc)
                        smtp = None
                        break
                _send_over_smtp(mail, smtp)
            except SoftTimeLimitExceeded:
                # Celery's time limit, not the mail's fault: whatever this task did not send goes back to the
                # queue as it was (the sweeper hands it out again), and the task stops.
                _release(mails[position:])
                raise
            except Exception as exc:
                _record_failure(mail, exc)
                if not isinstance(exc, (LinkUnavailable, smtplib.SMTPRecipientsRefused)):
                    smtp = _close_quietly(smtp)  # the connection may be broken: the next mail opens a new one
                continue
            # At once, mail by mail: a worker killed now has only this one mail in doubt.
            with connection.cursor() as cursor:
                cursor.execute(_SENT_SQL, [OutgoingMail.Status.SENT, timezone.now(), mail.pk, now])
            sent += 1
    finally:
        _close_quietly(smtp)
    return sent


def _claimed(mails):
    """The rows of `mails` as this task claimed them (see _CLAIM_SQL on why not by their status)."""
    return OutgoingMail.objects.filter(pk__in=[mail.pk for mail in mails], claimed_at=mails[0].claimed_at)


def _release(mails):
    """Put claimed rows back in the queue untouched (their claim did not count as an attempt)."""
    _claimed(mails).update(status=OutgoingMail.Status.QUEUED, attempts=F("attempts") - 1, claimed_at=None)


def _close_quietly(smtp):
    if smtp is not None:
        # A connection that broke cannot be closed politely; it is gone either way.
        with contextlib.suppress(Exception):
            smtp.close()
    return None


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


def _send_over_smtp(mail, smtp):
    body_text, body_html, made = _bodies_with_links(mail)
    headers = {
        # Stable per row: should a mail ever go out twice (a worker dying between the SMTP
        # server's "OK" and our update), mail clients can recognise the copy.
        "Message-ID": f"<outbox-{mail.pk}.{int(mail.created_at.timestamp())}@{_mail_domain()}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": mail.language,
    }
    if "unsubscribe_url" in made:
        headers.update(_unsubscribe_headers(made["unsubscribe_url"]))
    # Django's own SMTP backend only: a subclass may sign or throttle in _send, which this way would skip.
    if type(smtp) is SMTPBackend and not mail.attachments:
        # The common shape (mail/mime.py): the same bytes as below, for a third less work.
        message = mime.message_bytes(
            policy=_WIRE_POLICY,
            subject=mail.subject,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=mail.recipient,
            headers=headers,
            text=body_text,
            html=body_html,
        )
        if message is not None:
            smtp.connection.sendmail(
                mime.envelope_address(settings.DEFAULT_FROM_EMAIL), [mime.envelope_address(mail.recipient)], message
            )
            return
    message = _OutboxMessage(
        subject=mail.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        headers=headers,
        connection=smtp,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


class _ShortHeadersCompat32(Compat32):
    """Compat32 (the email package's policy for Django's messages) that writes a short plain-ASCII header as it
    is: what Compat32's folding (an email.header.Header per header, split and measured piece by piece) gives
    for it anyway, at a tenth of a millisecond less a mail. Anything else goes the long way."""

    def _written_as_is(self, name, value):
        return (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()  # no tab, no line break
            and len(name) + 2 + len(value) <= (self.max_line_length or 0)
        )

    def fold(self, name, value):
        if self._written_as_is(name, value):
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if self._written_as_is(name, value):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


_SHORT_HEADERS_COMPAT32 = _ShortHeadersCompat32()
# As Django's SMTP backend writes a message: as_bytes(linesep="\r\n").
_WIRE_POLICY = _SHORT_HEADERS_COMPAT32.clone(linesep="\r\n")


class _OutboxMessage(EmailMultiAlternatives):
    def message(self):
        message = super().message()
        message.policy = _SHORT_HEADERS_COMPAT32  # the generator writes every part with the top one's policy
        for part in message.walk():
            if part.is_multipart():
                # A boundary drawn here: the email package would otherwise draw one per part and search the whole
                # text for it with a freshly compiled expression. 128 random bits appear in no text by chance.
                part.set_boundary(f"=_{secrets.token_hex(16)}")
        return message


def _unsubscribe_headers(path):
    """RFC 2369 and RFC 8058: mail programs offer "unsubscribe" and POST to the https address themselves
    (no login, no CSRF token: the signed token in the address is the credential)."""
    targets = [f"<{settings.SITE_URL}{path}>"]
    if settings.MAIL_UNSUBSCRIBE_ADDRESS:
        token = path.rstrip("/").rpartition("/")[2]
        targets.append(f"<mailto:{settings.MAIL_UNSUBSCRIBE_ADDRESS}?subject={quote('unsubscribe ' + token)}>")
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _mail_domain():
    return _domain_of(settings.DEFAULT_FROM_EMAIL)


@functools.lru_cache(maxsize=8)  # parsed once per process, not per mail; keyed on the setting for tests
def _domain_of(address):
    return parseaddr(address)[1].rpartition("@")[2] or "leernetwerk.local"


def is_transient(exc):
    """True for SMTP failures worth another try: 4xx replies, dropped or refused connections."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, OSError))


# The start of `last_error` of a mail that waits because the mail server could not be used at all; /healthz
# reports those ("mail": "waiting").
SERVER_UNUSABLE = "Mail server unusable: "
# How long mails wait when the server refused the portal itself (a wrong password, TLS required): a
# setting to mend, after which they should go out soon.
REFUSED_BY_SERVER_RETRY = timedelta(minutes=5)


def _hold_for_the_server(mails, exc):
    """The mail server could not be reached or refused the portal before any mail was offered: not the mails'
    fault, so none of them fails for good, however long it lasts (an outage, a wrong password in
    EMAIL_URL). They wait, later each time for an outage and REFUSED_BY_SERVER_RETRY for a refusal, and are
    sent once the server takes them. A refusal is logged as an error: someone has to mend the settings."""
    error = f"{SERVER_UNUSABLE}{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    transient = is_transient(exc)
    waits = {}
    for mail in mails:
        delay = RETRY_DELAYS[min(mail.attempts, len(RETRY_DELAYS)) - 1] if transient else REFUSED_BY_SERVER_RETRY
        waits.setdefault(delay, []).append(mail)
    for delay, waiting in waits.items():
        _claimed(waiting).update(status=OutgoingMail.Status.QUEUED, next_attempt_at=now + delay, last_error=error)
    if transient:
        logger.warning("%s outgoing mails wait for the mail server (%s).", len(mails), error)
    else:
        logger.error(
            "The mail server refused the portal (%s): check EMAIL_URL. %s outgoing mails wait in the outbox "
            "and go out once the server accepts the portal again.",
            error,
            len(mails),
        )


def waiting_for_the_server():
    """True while mails wait because the mail server could not be used (for /healthz)."""
    return OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, last_error__startswith=SERVER_UNUSABLE
    ).exists()


def _record_failure(mail, exc):
    error = f"{type(exc).__name__}: {exc}"[:2000]
    attempts = mail.attempts
    if is_transient(exc) and attempts < settings.MAIL_MAX_ATTEMPTS:
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        _claimed([mail]).update(
            status=OutgoingMail.Status.QUEUED, next_attempt_at=timezone.now() + delay, last_error=error
        )
        logger.warning("Outgoing mail %s: attempt %s failed (%s); retry in %s.", mail.pk, attempts, error, delay)
        return
    _claimed([mail]).update(status=OutgoingMail.Status.FAILED, last_error=error)
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
