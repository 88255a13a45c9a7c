"""Regions, themes, boards and schools (reference data), learning networks, and who takes part.

Memberships are never deleted: leaving sets `left_on`, so the history of who took part, from which
school and in which role, stays for the figures ("members", "schools reached"), which are defined once,
in metrics/definitions.py.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import ChoiceLabels
from common.reversing import reverse_kept

from .querysets import MembershipQuerySet, NetworkQuerySet

BRIN_PATTERN = r"^[0-9]{2}[A-Z]{2}$"
validate_brin = RegexValidator(
    BRIN_PATTERN, _("A BRIN code is two digits followed by two capital letters, for example 12AB.")
)


class Region(models.Model):
    """One of the eight regions of the VO-raad, with its regional coordinators."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_regions",
        verbose_name=_("regional coordinators"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_kept("networks:region", kwargs={"slug": self.slug})


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Board(models.Model):
    """A school board (schoolbestuur, bevoegd gezag)."""

    name = models.CharField(_("name"), max_length=200)
    number = models.CharField(
        _("board number"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{5}$", _("A board number has five digits."))],
        help_text=_("The five-digit number of the competent authority (bevoegd gezag)."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__regex=r"^[0-9]{5}$"), name="networks_board_number_format")
        ]

    def __str__(self):
        return self.name


class School(ChoiceLabels, models.Model):
    class Level(models.TextChoices):
        PRO = "pro", _("Practical education (pro)")
        VMBO = "vmbo", "vmbo"
        HAVO = "havo", "havo"
        VWO = "vwo", "vwo"

    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(
        _("BRIN code"),
        max_length=4,
        unique=True,
        validators=[validate_brin],
        error_messages={"unique": _("There is already a school with this BRIN code.")},
    )
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region"))
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="schools", verbose_name=_("board")
    )
    levels = ArrayField(
        models.CharField(max_length=4, choices=Level), verbose_name=_("levels"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name", "city"]
        constraints = [
            models.CheckConstraint(condition=models.Q(brin__regex=BRIN_PATTERN), name="networks_school_brin_format"),
            models.CheckConstraint(
                condition=models.Q(levels__contained_by=["pro", "vmbo", "havo", "vwo"]),
                name="networks_school_known_levels",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def clean_fields(self, exclude=None):
        # People type BRIN codes in lower case; normalise before the format check runs.
        self.brin = (self.brin or "").strip().upper()
        super().clean_fields(exclude)


class Phase(models.TextChoices):
    # The moves between phases, who may make them and what each does: lifecycle/rules.py. Only the
    # lifecycle services change a phase; forms and the admin cannot (the field is not editable).
    FORMING = "forming", _("Forming")
    FACILITATED = "facilitated", _("Supported by a facilitator")
    DECIDING = "deciding", _("Deciding whether to continue")
    INTENDING = "intending", _("Intends to continue")
    SELF_DIRECTED = "self_directed", _("Self-directed")
    STOPPED = "stopped", _("Stopped")


SUPPORTED_MEETINGS = 5  # the programme pays a facilitator for at most five meetings
MAX_SUPPORTED_MEETINGS = 12


class Network(ChoiceLabels, models.Model):
    """A learning network: representatives of five to ten schools who learn together."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        INTERNAL = "internal", _("Internal to one board")
        CROSS_REGIONAL = "cross_regional", _("Cross-regional")

    class Ambition(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual: each participant grows")
        SCHOOL = "school", _("School: each school changes")
        REGION = "region", _("Region: the schools change the region together")

    Phase = Phase

    class Cadence(models.TextChoices):
        WEEKS_4_6 = "weeks_4_6", _("Every 4 to 6 weeks")
        WEEKS_6_8 = "weeks_6_8", _("Every 6 to 8 weeks")
        QUARTERLY = "quarterly", _("3 to 4 times a year")
        OTHER = "other", pgettext_lazy("cadence", "Other")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="networks", verbose_name=_("region"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="networks", verbose_name=_("theme"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.REGIONAL)
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internal_networks",
        verbose_name=_("board"),
        help_text=_("For a network internal to one board: that board."),
    )
    learning_question = models.TextField(
        _("learning question"), help_text=_("What do we want to get wiser in, together?")
    )
    description = models.TextField(_("description"), blank=True)
    ambition = models.CharField(_("ambition"), max_length=20, choices=Ambition, default=Ambition.SCHOOL)
    # The start document: agreed at the start meeting, looked at again along the way.
    working_agreements = models.TextField(
        _("how we learn together"),
        blank=True,
        help_text=_("Working agreements: how often, where, which work forms, what we expect of each other."),
    )
    review_moments = models.TextField(
        _("when we look back"),
        blank=True,
        help_text=_("When we check content and process: are we getting wiser, in a way that suits us?"),
    )
    # The five steps of the Roadmap Strategisch HRM, filled in over time.
    roadmap_policy_theme = models.TextField(_("policy theme"), blank=True)
    roadmap_goal = models.TextField(_("goal"), blank=True)
    roadmap_kpis = models.TextField(_("KPIs"), blank=True)
    roadmap_conditions = models.TextField(_("conditions"), blank=True)
    roadmap_visible_change = models.TextField(_("visible change"), blank=True)
    cadence = models.CharField(_("planned cadence"), max_length=20, choices=Cadence, default=Cadence.WEEKS_6_8)
    is_listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Listed networks show a short public summary and accept requests to join."),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.FORMING, editable=False)
    # How many held meetings the programme's facilitator supports; VO-raad staff may raise it, with a reason.
    supported_meeting_quota = models.PositiveSmallIntegerField(
        _("supported meetings"), default=SUPPORTED_MEETINGS, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NetworkQuerySet.as_manager()

    ROADMAP_FIELDS = [
        "roadmap_policy_theme",
        "roadmap_goal",
        "roadmap_kpis",
        "roadmap_conditions",
        "roadmap_visible_change",
    ]

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "region",
                Lower("name"),
                name="networks_network_name_unique_in_region",
                violation_error_message=_("This region already has a network with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="internal", board__isnull=False) | ~models.Q(kind="internal"),
                name="networks_network_internal_has_board",
                violation_error_message=_("A network internal to one board needs that board."),
            ),
            models.CheckConstraint(condition=models.Q(phase__in=Phase.values), name="networks_network_known_phase"),
            models.CheckConstraint(
                condition=models.Q(supported_meeting_quota__gte=1, supported_meeting_quota__lte=MAX_SUPPORTED_MEETINGS),
                name="networks_network_quota_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_kept("networks:detail", kwargs={"slug": self.slug})

    @property
    def is_stopped(self):
        """A stopped network is read-only: its notes stay readable, nothing new is planned or written."""
        return self.phase == self.Phase.STOPPED

    @property
    def roadmap(self):
        """The roadmap steps as (label, text) pairs, in their order."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ROADMAP_FIELDS]


class Membership(ChoiceLabels, models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        FACILITATOR = "facilitator", _("Process facilitator")
        MEMBER = "member", _("Participant")

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("school"),
        help_text=_("The school this person represents in the network."),
    )
    committed_to_attend = models.BooleanField(_("committed to attend every meeting"), default=False)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(left_on__isnull=True),
                name="networks_membership_one_current_per_person",
                violation_error_message=_("This person is already a member of this network."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="networks_membership_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.network} ({self.get_role_display()})"

    @property
    def is_current(self):
        return self.left_on is None


def _new_nonce():
    return secrets.token_urlsafe(12)


class Invitation(ChoiceLabels, models.Model):
    """An invitation to one email address. Its link is signed and carries `nonce`: re-sending draws a
    new nonce, which makes every earlier link stop working."""

    VALID_DAYS = 14

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
        REVOKED = "revoked", pgettext_lazy("invitation status", "Revoked")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("network")
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role, default=Membership.Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    decided_at = models.DateTimeField(_("accepted or revoked at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "network",
                Lower("email"),
                condition=models.Q(status="pending"),
                name="networks_invitation_one_pending_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.network}"

    @property
    def expires_at(self):
        return self.sent_at + timezone.timedelta(days=self.VALID_DAYS)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class JoinRequest(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("join request status", "Waiting for a decision")
        ACCEPTED = "accepted", pgettext_lazy("join request status", "Accepted")
        DECLINED = "declined", pgettext_lazy("join request status", "Declined")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("person")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    motivation = models.TextField(_("why I would like to join"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status="pending"),
                name="networks_joinrequest_one_pending_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.network}"
