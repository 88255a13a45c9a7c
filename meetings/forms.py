from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.forms import limit_length

from .models import AGENDA_LIMIT, NOTE_BODY_LIMIT, Meeting, Note, Rsvp


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as read on a Dutch clock, with a clear answer on the two days the clocks change.

    Django refuses both with one generic message. A time in the hour skipped when the clocks go forward
    (last Sunday of March, 02:00-03:00) does not exist: say so and offer the same moment an hour later.
    A time in the hour that happens twice when they go back (last Sunday of October) is taken as the
    first of the two, summer time, as calendar programs do.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            wall = error.params["datetime"]  # the naive time Django could not place
        zone = timezone.get_current_timezone()
        first = wall.replace(tzinfo=zone, fold=0)
        on_the_clock = first.astimezone(UTC).astimezone(zone)
        if on_the_clock.replace(tzinfo=None) == wall:
            return first
        raise ValidationError(
            _(
                "On %(date)s the clocks go forward an hour, so %(time)s does not exist that day. "
                "Choose %(later)s or another time."
            ),
            code="nonexistent_time",
            params={
                "date": date_format(wall, "l j F Y"),
                "time": wall.strftime("%H:%M"),
                "later": on_the_clock.strftime("%H:%M"),
            },
        )


class MeetingForm(forms.ModelForm):
    work_forms = forms.TypedMultipleChoiceField(
        label=_("Work forms"), choices=Meeting.WorkForm.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "agenda",
            "guest_speakers",
            "work_forms",
            "homework",
            "capacity",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "homework": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "starts_at": _("Dutch time (Europe/Amsterdam)."),
            "agenda": _("Markdown: **bold**, *italic*, lists with -, links."),
            "homework": _("Markdown: **bold**, *italic*, lists with -, links."),
        }
        field_classes = {"starts_at": WallClockDateTimeField, "ends_at": WallClockDateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("agenda", "homework"):
            limit_length(self.fields[name], AGENDA_LIMIT)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), max_length=300)


class RsvpForm(forms.Form):
    # Validates the answer. The meeting page shows its fields without making a form (views._answer_fields).
    answer = forms.ChoiceField(label=_("Will you come?"), choices=Rsvp.Answer.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=300, required=False)


class NoteForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, TXT, PNG or JPG, at most 20 MB."),
    )

    class Meta:
        model = Note
        fields = ["title", "body", "is_confidential"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"], NOTE_BODY_LIMIT)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200)
