import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_calendar_token():
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # Addresses are stored in lower case: people type them in every case, and the login must
        # find them all. The unique constraint on Lower(email) also guards rows written elsewhere.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.alias(email_lower=Lower("email")).get(email_lower=self.normalize_email(email))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the portal. The email address is the login."""

    class JobRole(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        TEAM_LEADER = "team_leader", _("Team leader")
        SCHOOL_LEADER = "school_leader", _("School leader / director")
        BOARD_MEMBER = "board_member", _("Board member")
        HR_ADVISER = "hr_adviser", _("HR / P&O adviser")
        TEACHER_TRAINER = "teacher_trainer", _("Teacher trainer")
        OTHER = "other", pgettext_lazy("job role", "Other")

    class Language(models.TextChoices):
        # Each language is named in itself, so that people find their own in the list.
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    email = models.EmailField(
        _("email address"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("There is already an account with this email address.")},
    )
    full_name = models.CharField(_("full name"), max_length=150)
    job_role = models.CharField(_("job role"), max_length=20, choices=JobRole, default=JobRole.OTHER)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language,
        default=Language.DUTCH,
        help_text=_("The language of the portal and of the mails you receive."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin access"), default=False, help_text=_("May log in to the Django admin."))
    is_association_staff = models.BooleanField(
        _("VO-raad staff"),
        default=False,
        help_text=_("Staff of the VO-raad: may create and edit networks everywhere and see the national figures."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The secret in the address of the person's calendar feed; resetting it makes old addresses stop working.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="members_user_email_ci_unique",
                violation_error_message=_("There is already an account with this email address."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_absolute_url(self):
        return reverse("members:profile")


class OutgoingMail(models.Model):
    """One mail to one recipient: the outbox row that Celery sends (see members/outbox.py).

    The row is written in the same transaction as the change that causes it, so a mail exists
    exactly when that change does. (kind, about, occasion, recipient) is unique: queueing the same
    mail twice finds the first row instead of writing a second.
    """

    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("Password reset")
        INVITATION = "invitation", _("Invitation to a network")
        JOIN_REQUEST = "join_request", _("Request to join, to the coordinators")
        JOIN_DECISION = "join_decision", _("Decision on a request to join")
        MEETING_ANNOUNCEMENT = "meeting_announcement", _("Meeting announcement")
        MEETING_CHANGED = "meeting_changed", _("Meeting changed")
        MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
        MEETING_SEAT = "meeting_seat", _("A seat became free")
        LIFECYCLE_LAST_SUPPORTED = "lifecycle_last_supported", _("One supported meeting left")
        LIFECYCLE_DECISION = "lifecycle_decision", _("Time to decide whether to continue")
        LIFECYCLE_OUTCOME = "lifecycle_outcome", _("The decision after support")
        LIFECYCLE_FOLLOW_UP = "lifecycle_follow_up", _("Did the network continue?")
        LIFECYCLE_FOLLOW_UP_REMINDER = "lifecycle_follow_up_reminder", _("Did the network continue? (reminder)")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("mail status", "Queued")
        SENDING = "sending", pgettext_lazy("mail status", "Sending")
        SENT = "sent", pgettext_lazy("mail status", "Sent")
        FAILED = "failed", pgettext_lazy("mail status", "Failed")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("about (type)"))
    about_id = models.CharField(_("about (id)"), max_length=64)
    about = GenericForeignKey("about_type", "about_id")
    # Tells apart mails of one kind about one object that are meant to go out more than once,
    # e.g. a password reset requested twice, or a meeting changed for the second time.
    occasion = models.CharField(_("occasion"), max_length=64, blank=True, default="")
    recipient = models.EmailField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mails",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=2, choices=User.Language)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content": ...}] with text content, e.g. calendar files.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Links that act for the recipient (reset a password, join a network, answer for them) are not
    # stored: the bodies hold a placeholder, and this holds what rebuilds each link at send time,
    # {"<name>": {"builder": ..., "args": {ids}, "placeholder": ...}}. So an admin who may read the
    # outbox, or a copy of the database, holds no link that works (see members/outbox.py).
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
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class PasswordResetRequest(models.Model):
    """An address typed on the password-reset page, waiting for a worker to answer it.

    The page does the same work whether an account has that address or not (write this row), so its
    response time cannot tell; the worker looks the account up and queues the mail, then deletes the
    row. Rows left behind by a broker outage are picked up by the sweeper.
    """

    email = models.EmailField(_("email address"), max_length=254)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.email} ({self.requested_at:%Y-%m-%d %H:%M})"
