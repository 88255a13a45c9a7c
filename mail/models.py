"""The outbox, what people want to receive, and the digest.

Every mail is an OutgoingMail row first (mail/outbox.py sends it). Some mails can be switched off: their
kind belongs to a Topic (mail/kinds.py), and a Preference says per person and topic whether such mails
come at once, in the weekly digest, or not at all. A mail bound for the digest is a DigestItem until the
digest goes out. Periodic tasks write a Heartbeat, so a beat that stopped shows on /healthz.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import ChoiceLabels

from . import kinds

LANGUAGES = [("nl", "Nederlands"), ("en", "English")]


class Topic(models.TextChoices):
    """What people may switch off. Invitations, meeting changes and decisions belong to no topic."""

    REMINDERS = "reminders", _("Reminders before a meeting")
    FOLLOW_UPS = "follow_ups", _("Follow-up after a meeting")
    EVALUATIONS = "evaluations", _("Evaluations of a meeting")
    NEW_NOTES = "new_notes", _("New session notes")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a weekly digest")
    OFF = "off", _("Not at all")


# What a person gets before they choose: every topic at once except new notes, which come often and
# wait for the weekly digest.
DEFAULT_DELIVERY = {
    Topic.REMINDERS: Delivery.IMMEDIATE,
    Topic.FOLLOW_UPS: Delivery.IMMEDIATE,
    Topic.EVALUATIONS: Delivery.IMMEDIATE,
    Topic.NEW_NOTES: Delivery.DIGEST,
}


class OutgoingMail(ChoiceLabels, models.Model):
    """One mail to one recipient: the outbox row that Celery sends (see mail/outbox.py).

    The row is written in the same transaction as the change that causes it, so a mail exists
    exactly when that change does. (kind, about, occasion, recipient) is unique: queueing the same
    mail twice finds the first row instead of writing a second.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("mail status", "Queued")
        SENDING = "sending", pgettext_lazy("mail status", "Sending")
        SENT = "sent", pgettext_lazy("mail status", "Sent")
        FAILED = "failed", pgettext_lazy("mail status", "Failed")
        # Taken back before it went: what it said no longer holds (the meeting moved or was cancelled).
        WITHDRAWN = "withdrawn", pgettext_lazy("mail status", "Withdrawn")

    # The kinds are declared by the apps that send them (mail/kinds.py).
    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices)
    # Set when people may switch this kind off: the mail then carries an unsubscribe link and headers.
    topic = models.CharField(_("topic"), max_length=20, choices=Topic, blank=True, default="")
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("about (type)"))
    about_id = models.CharField(_("about (id)"), max_length=64)
    about = GenericForeignKey("about_type", "about_id")
    # Tells apart mails of one kind about one object that are meant to go out more than once,
    # e.g. a password reset requested twice, or a meeting changed for the second time.
    occasion = models.CharField(_("occasion"), max_length=64, blank=True, default="")
    recipient = models.EmailField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mails",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content": ...}] with text content, e.g. calendar files.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Links that act for the recipient (reset a password, join a network, answer for them) are not
    # stored: the bodies hold a placeholder, and this holds what rebuilds each link at send time,
    # {"<name>": {"builder": ..., "args": {ids}, "placeholder": ...}}. So an admin who may read the
    # outbox, or a copy of the database, holds no link that works (see mail/outbox.py).
    links = models.JSONField(_("links"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at"]
        # The names date from when the outbox lived in the members app; renaming them buys nothing.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_type", "about_id", "occasion", "recipient"],
                name="members_outgoingmail_once_per_occasion",
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False)
                | (~models.Q(status="sent") & models.Q(sent_at__isnull=True)),
                name="members_outgoingmail_sent_at_iff_sent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="members_outgoingmail_due",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["about_type", "about_id"], name="mail_outgoingmail_about"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class Preference(ChoiceLabels, models.Model):
    """How one person wants the mails of one topic. No row: DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences", verbose_name=_("person")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="mail_preference_one_per_topic"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_topic_display()} → {self.get_delivery_display()}"


class DigestItem(ChoiceLabels, models.Model):
    """A mail that waits for the person's weekly digest: one line and a link, in their language.

    (kind, about, occasion, user) is unique, as for the outbox: the same news is listed once. An item
    whose `expires_at` passed before the digest went out (a reminder for a meeting that was held) is
    left out of it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("about (type)"))
    about_id = models.CharField(_("about (id)"), max_length=64)
    about = GenericForeignKey("about_type", "about_id")
    occasion = models.CharField(_("occasion"), max_length=64, blank=True, default="")
    # One line as the digest lists it (the mail's subject), and the page it links to: never a secret link.
    line = models.CharField(_("line"), max_length=255)
    path = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # The digest mail that listed it; empty while it waits.
    digest = models.ForeignKey(
        OutgoingMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("digest"),
    )

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_type", "about_id", "occasion", "user"], name="mail_digestitem_once"
            ),
        ]
        indexes = [
            models.Index(fields=["user"], name="mail_digestitem_waiting", condition=models.Q(digest__isnull=True)),
        ]

    def __str__(self):
        return self.line


class Heartbeat(models.Model):
    """When a periodic task last ran. /healthz reports a beat whose newest heartbeat is too old."""

    name = models.CharField(_("task"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.last_run_at:%Y-%m-%d %H:%M:%S}"
