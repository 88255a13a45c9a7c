"""Meetings of a network, who said they would come, and who came.

Times are stored in UTC and shown in Europe/Amsterdam. `sequence` goes up with every change that
matters for a calendar (time, place, cancellation), so calendar programs replace the old event.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HttpsURLField(models.URLField):
    """A URL field whose form adds https:// when people leave out the scheme (meet.example.nl/abc)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(status=Meeting.Status.PLANNED, ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", pgettext_lazy("meeting status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    class WorkForm(models.TextChoices):
        INTERVISION = "intervision", _("Intervision")
        SWOT = "swot", _("SWOT analysis")
        CASE = "case", _("Case discussion")
        PRESENTATIONS = "presentations", _("Presentations")
        WORKSHOP = "workshop", _("Workshop")
        LECTURE = "lecture", _("Lecture")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("network")
    )
    number = models.PositiveSmallIntegerField(_("number in the series"))
    title = models.CharField(_("title or theme"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Address, or the school and room."))
    online_url = HttpsURLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    guest_speakers = models.CharField(_("guest speakers"), max_length=300, blank=True)
    work_forms = ArrayField(
        models.CharField(max_length=20, choices=WorkForm), verbose_name=_("work forms"), default=list, blank=True
    )
    homework = models.TextField(_("homework for the next meeting"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("A meeting has room for at least one person, or leave this empty."))],
        help_text=_("Leave empty when there is room for everyone."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["network", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="meetings_meeting_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place="", online_url=""),
                name="meetings_meeting_has_place_or_link",
                violation_error_message=_("Give a place, an online link, or both."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled", cancel_reason=""),
                name="meetings_meeting_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gt=0),
                name="meetings_meeting_capacity_positive",
                violation_error_message=_("A meeting has room for at least one person, or leave this empty."),
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    def get_work_forms_display(self):
        labels = dict(self.WorkForm.choices)
        return [labels.get(value, value) for value in self.work_forms]


class Rsvp(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", pgettext_lazy("rsvp", "Yes, I will come")
        NO = "no", pgettext_lazy("rsvp", "No, I cannot come")
        MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("person")
    )
    answer = models.CharField(_("answer"), max_length=5, choices=Answer)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # Set while a "yes" waits for a seat; the earliest moves up first when one frees.
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_rsvp_one_per_person"),
            models.CheckConstraint(
                condition=models.Q(waitlisted_at__isnull=True) | models.Q(answer="yes"),
                name="meetings_rsvp_only_yes_waits",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.meeting}: {self.answer}"

    @property
    def is_waitlisted(self):
        return self.waitlisted_at is not None


class Attendance(models.Model):
    """Who came, recorded after the meeting by its facilitator or a coordinator."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        "networks.Membership", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="meetings_attendance_once_per_member")
        ]

    def __str__(self):
        return f"{self.membership.user} @ {self.meeting}: {'present' if self.present else 'absent'}"


def note_file_path(instance, filename):
    # Stored under a generated name: the uploader's name never becomes a path on our disk.
    return f"notes/{instance.note.meeting.network_id}/{uuid.uuid4().hex}"


class Note(models.Model):
    """Session notes by a member. Every edit is kept as a revision; confidential notes (intervision)
    are shown only to the network's members, never in exports, digests, others' searches or staff views."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notes", verbose_name=_("meeting"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists with -, links."))
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("For intervision and personal cases: only members of this network ever see it."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:note", kwargs={"pk": self.pk})


class NoteRevision(models.Model):
    """A note as it was saved, by whom and when: notes are never lost and keep their history."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("note"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("edited by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    is_confidential = models.BooleanField(_("confidential"))
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("note revision")
        verbose_name_plural = _("note revisions")
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.note} ({self.saved_at:%Y-%m-%d %H:%M})"


class NoteFile(models.Model):
    ALLOWED_TYPES = {
        "application/pdf": "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/vnd.oasis.opendocument.text": "odt",
        "text/plain": "txt",
        "image/png": "png",
        "image/jpeg": "jpg",
    }
    MAX_SIZE = 20 * 1024 * 1024

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="files", verbose_name=_("note"))
    file = models.FileField(_("file"), upload_to=note_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, choices=[(t, t) for t in ALLOWED_TYPES])
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__lte=20 * 1024 * 1024), name="meetings_notefile_at_most_20_mb"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:note_file", kwargs={"pk": self.pk})
