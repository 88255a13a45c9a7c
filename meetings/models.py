"""Meetings of a network, who said they would come, and who came.

Times are stored in UTC and shown in Europe/Amsterdam. `sequence` goes up with every change that
matters for a calendar (time, place, cancellation), so calendar programs replace the old event.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Concat, Left, Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import ChoiceLabels
from common.reversing import reverse_kept
from common.validators import MaxTextLengthValidator

from .markdown import render

# What people may type: enough for pages of notes, and each is rendered and indexed in well under a second.
NOTE_BODY_LIMIT = 100_000
AGENDA_LIMIT = 20_000
# Only the start of a text feeds its search vector and snippet. PostgreSQL refuses a tsvector over 1 MB
# (a 1.6 MB note once broke every search in its network); 100,000 characters stay far below that.
SEARCH_TEXT_LIMIT = 100_000
# Markers PostgreSQL puts around matches in snippets; the plain text that is searched never contains them.
MATCH_START, MATCH_END = "\x02", "\x03"
HEADLINE = {"config": "dutch", "start_sel": MATCH_START, "stop_sel": MATCH_END, "max_words": 35, "min_words": 15}
# A snippet counts words, and a note can be one "word" of 99,999 characters: cut it in the database, so that
# twenty results never carry megabytes.
SNIPPET_LIMIT = 400


class HttpsURLField(models.URLField):
    """A URL field whose form adds https:// when people leave out the scheme (meet.example.nl/abc)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(status=Meeting.Status.PLANNED, ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def search(self, text, *, networks):
        """Meetings of `networks` that match `text` (web search syntax, Dutch word forms), best first, with
        `rank` and a plain-text `snippet` of agenda and homework in which MATCH_START/MATCH_END mark the matches.

        Unlike notes, meetings keep no stored vector: a person's networks hold a few dozen of them, with at
        most AGENDA_LIMIT characters of agenda and of homework each, cheap to read at every search.
        """
        query = SearchQuery(text, config="dutch", search_type="websearch")
        document = SearchVector("title", weight="A", config="dutch") + SearchVector(
            "agenda_text", "homework_text", "guest_speakers", weight="B", config="dutch"
        )
        shown = Concat("agenda_text", models.Value("\n"), "homework_text", output_field=models.TextField())
        return (
            self.filter(network__in=networks)
            .annotate(document=document)
            .filter(document=query)
            .annotate(
                rank=SearchRank(models.F("document"), query),
                snippet=Left(SearchHeadline(shown, query, **HEADLINE), SNIPPET_LIMIT),
            )
            .select_related("network")
            .order_by("-rank", "-starts_at")
        )


class Meeting(ChoiceLabels, models.Model):
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
    agenda = models.TextField(
        _("agenda"), blank=True, max_length=AGENDA_LIMIT, validators=[MaxTextLengthValidator(AGENDA_LIMIT)]
    )
    guest_speakers = models.CharField(_("guest speakers"), max_length=300, blank=True)
    work_forms = ArrayField(
        models.CharField(max_length=20, choices=WorkForm), verbose_name=_("work forms"), default=list, blank=True
    )
    homework = models.TextField(
        _("homework for the next meeting"),
        blank=True,
        max_length=AGENDA_LIMIT,
        validators=[MaxTextLengthValidator(AGENDA_LIMIT)],
    )
    # Agenda and homework as the page shows them (sanitised HTML) and as mails, calendar files and search
    # read them (plain text), made from the Markdown whenever a service saves it: see `render_text`.
    agenda_html = models.TextField(editable=False, default="")
    agenda_text = models.TextField(editable=False, default="")
    homework_html = models.TextField(editable=False, default="")
    homework_text = models.TextField(editable=False, default="")
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
    # Planned while the network was in its supported phase: counts against its quota of supported
    # meetings once held (lifecycle/rules.py). Set when planned, by the lifecycle's answer to
    # `meetings.signals.planning_meeting`.
    is_supported = models.BooleanField(_("supported by the facilitator"), default=False, editable=False)
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
        return reverse_kept("meetings:detail", kwargs={"pk": self.pk})

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    def get_work_forms_display(self):
        labels = dict(self.WorkForm.choices)
        return [labels.get(value, value) for value in self.work_forms]

    def render_text(self):
        """Fill the stored HTML and plain text from agenda and homework (not saved here)."""
        self.agenda_html, self.agenda_text = render(self.agenda)
        self.homework_html, self.homework_text = render(self.homework)

    @property
    def agenda_as_html(self):
        return mark_safe(self.agenda_html)  # sanitised by nh3 when it was saved

    @property
    def homework_as_html(self):
        return mark_safe(self.homework_html)  # sanitised by nh3 when it was saved


class Rsvp(ChoiceLabels, models.Model):
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


class NoteQuerySet(models.QuerySet):
    def search(self, text, *, networks):
        """Notes of meetings of `networks` that match `text`, best first, with `rank` and a plain-text
        `snippet` in which MATCH_START/MATCH_END mark the matches. Confidential notes are among them: pass
        only networks the person is a member of."""
        query = SearchQuery(text, config="dutch", search_type="websearch")
        shown = Left("body_text", SEARCH_TEXT_LIMIT)
        return (
            self.filter(meeting__network__in=networks, search_vector=query)
            .annotate(
                rank=SearchRank(models.F("search_vector"), query),
                snippet=Left(SearchHeadline(shown, query, **HEADLINE), SNIPPET_LIMIT),
            )
            .select_related("meeting__network", "author")
            .order_by("-rank", "-created_at")
        )


class Note(models.Model):
    """Session notes by a member. Every edit is kept as a revision; confidential notes (intervision)
    are shown only to the network's members, never in exports, digests, others' searches or staff views."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notes", verbose_name=_("meeting"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        max_length=NOTE_BODY_LIMIT,
        validators=[MaxTextLengthValidator(NOTE_BODY_LIMIT)],
        help_text=_("Markdown: **bold**, *italic*, lists with -, links."),
    )
    # The text as the page shows it (sanitised HTML) and as search reads it (plain text), made from the
    # Markdown whenever a service saves it: see `render_text`.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("For intervision and personal cases: only members of this network ever see it."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), NOTE_BODY_LIMIT),
                name="meetings_note_body_length",
                violation_error_message=_("Notes hold at most 100,000 characters."),
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="meetings_note_search")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_kept("meetings:note", kwargs={"pk": self.pk})

    def render_text(self):
        """Fill the stored HTML and plain text from the Markdown (not saved here)."""
        self.body_html, self.body_text = render(self.body)

    @staticmethod
    def search_document():
        """What the stored search vector holds, from the row's own columns: the title first, then the
        start of the plain text. Services store it after saving: `.update(search_vector=...)`."""
        return SearchVector("title", weight="A", config="dutch") + SearchVector(
            Left("body_text", SEARCH_TEXT_LIMIT), weight="B", config="dutch"
        )

    @property
    def body_as_html(self):
        return mark_safe(self.body_html)  # sanitised by nh3 when it was saved


class NoteRevision(models.Model):
    """A note as it was saved, by whom and when: notes are never lost and keep their history."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("note"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("edited by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, default="")  # as the note's body_html when it was saved
    is_confidential = models.BooleanField(_("confidential"))
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("note revision")
        verbose_name_plural = _("note revisions")
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.note} ({self.saved_at:%Y-%m-%d %H:%M})"

    @property
    def body_as_html(self):
        return mark_safe(self.body_html)  # sanitised by nh3 when it was saved


class NoteFile(ChoiceLabels, models.Model):
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
        return reverse_kept("meetings:note_file", kwargs={"pk": self.pk})


# --- Reminders, follow-ups and evaluations ------------------------------------------------------------
# What is sent and to whom is decided by meetings/reminders.py and meetings/follow_ups.py; these rows
# say what the network asked for and what happened, so that staff can tell why a mail did or did not go.

# Reminders at most 60 days before a meeting: further ahead, a reminder reminds of nothing.
REMINDER_MAX_HOURS = 60 * 24


class ReminderRule(ChoiceLabels, models.Model):
    """A network's wish: "N hours before each meeting, remind those who ...". Every network starts
    with DEFAULT_REMINDER_RULES; its coordinators change them on one page."""

    class Audience(models.TextChoices):
        NOT_ANSWERED = "not_answered", _("Those who have not answered")
        COMING = "coming", _("Those who are coming")
        MAYBE = "maybe", _("Those who said maybe")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="reminder_rules", verbose_name=_("network")
    )
    hours_before = models.PositiveIntegerField(_("hours before the meeting"))
    audience = models.CharField(_("to"), max_length=20, choices=Audience)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["network", "-hours_before", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["network", "hours_before", "audience"], name="meetings_reminderrule_once"),
            models.CheckConstraint(
                condition=models.Q(hours_before__gte=1, hours_before__lte=REMINDER_MAX_HOURS),
                name="meetings_reminderrule_offset_in_range",
                violation_error_message=_("A reminder goes out between 1 hour and 60 days before the meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.hours_before} h, {self.get_audience_display()}"


# 7 days before to those who have not answered (with the answer buttons); 2 days before to those coming.
DEFAULT_REMINDER_RULES = [
    (7 * 24, ReminderRule.Audience.NOT_ANSWERED),
    (2 * 24, ReminderRule.Audience.COMING),
]


class Reminder(ChoiceLabels, models.Model):
    """One reminder of one meeting at one start time: due, sent, missed or dropped.

    Unique per meeting, offset, audience and start time: a reminder sent for a start time is never sent
    again for that time, also when the meeting moves away and back. When a meeting moves, its pending
    reminders for the old time are dropped and new ones made for the new time.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("reminder status", "Waiting")
        SENT = "sent", pgettext_lazy("reminder status", "Sent")
        MISSED = "missed", pgettext_lazy("reminder status", "Missed")
        DROPPED = "dropped", pgettext_lazy("reminder status", "Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("meeting"))
    # The rule as it was when the reminder was made: a rule changed later does not rewrite history.
    rule = models.ForeignKey(
        ReminderRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders", verbose_name=_("rule")
    )
    hours_before = models.PositiveIntegerField(_("hours before the meeting"))
    audience = models.CharField(_("to"), max_length=20, choices=ReminderRule.Audience)
    starts_at = models.DateTimeField(_("for the start at"))
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    # Why it was missed or dropped, in words for staff ("the meeting moved", "the worker was 5 hours late").
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("mails queued"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "hours_before", "audience", "starts_at"], name="meetings_reminder_once_per_start"
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], name="meetings_reminder_due", condition=models.Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.hours_before} h, {self.get_audience_display()} ({self.get_status_display()})"

    @classmethod
    def by_rule(cls, rule, meeting, **fields):
        """The (unsaved) reminder of `meeting` by `rule`: due `rule.hours_before` hours before the meeting's
        present start, which it keeps (a later move drops it and plans anew). `fields` set the rest."""
        return cls(
            meeting=meeting,
            rule=rule,
            hours_before=rule.hours_before,
            audience=rule.audience,
            starts_at=meeting.starts_at,
            due_at=meeting.starts_at - timedelta(hours=rule.hours_before),
            **fields,
        )


class FollowUp(models.Model):
    """The follow-up of one held meeting: when it went to those who came, and when the facilitator was
    asked for the notes (once, and once more three days later if they were still missing)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("meeting")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    notes_requested_at = models.DateTimeField(_("notes requested at"), null=True, blank=True)
    notes_request_repeated_at = models.DateTimeField(_("notes request repeated at"), null=True, blank=True)
    evaluation_reminded_at = models.DateTimeField(_("evaluation reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return str(self.meeting)


class EvaluationResponse(models.Model):
    """That a person evaluated a meeting (not what they said: that is an EvaluationAnswer, kept apart
    from names). One per person and meeting, by the database."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="evaluation_responses", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_evaluationresponse_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.meeting}"


EVALUATION_COMMENT_LIMIT = 2000


class EvaluationAnswer(models.Model):
    """What one person said about a meeting, without who said it (and without the time, which could
    tell): overall, useful for my school (1-5), "I will try something from it", a comment."""

    # Random, not a sequence: numbers handed out in order would line up with the order of the
    # EvaluationResponse rows (who answered), which are written in the same transaction.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="evaluation_answers", verbose_name=_("meeting")
    )
    overall = models.PositiveSmallIntegerField(_("overall"))
    useful = models.PositiveSmallIntegerField(_("useful for my school"))
    will_try = models.BooleanField(_("I will try something from it"))
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=EVALUATION_COMMENT_LIMIT,
        validators=[MaxTextLengthValidator(EVALUATION_COMMENT_LIMIT)],
    )

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5), name="meetings_evaluation_overall_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(useful__gte=1, useful__lte=5), name="meetings_evaluation_useful_1_5"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("comment"), EVALUATION_COMMENT_LIMIT),
                name="meetings_evaluation_comment_length",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.overall}/{self.useful}"
