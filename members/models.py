import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import ChoiceLabels


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


class User(ChoiceLabels, AbstractBaseUser, PermissionsMixin):
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
