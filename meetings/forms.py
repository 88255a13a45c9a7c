from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Meeting, Note, Rsvp


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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
        help_texts = {"starts_at": _("Dutch time (Europe/Amsterdam).")}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), max_length=300)


class RsvpForm(forms.Form):
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


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200)
