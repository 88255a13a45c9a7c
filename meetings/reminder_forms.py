"""The form that adds a reminder rule: days and hours before the meeting, and to whom. The service
(`reminders.add_reminder_rule`) checks the same rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REMINDER_MAX_HOURS, ReminderRule

MAX_DAYS = REMINDER_MAX_HOURS // 24


class ReminderRuleForm(forms.Form):
    # No min_value/max_value: the browser would refuse a negative number in its own words (or not at
    # all without JavaScript); the clean methods below say what is wrong in ours.
    days = forms.IntegerField(label=_("Days before the meeting"), initial=2)
    hours = forms.IntegerField(
        label=_("And hours"), initial=0, required=False, help_text=_("0 to 23; for example 2 days and 3 hours.")
    )
    audience = forms.ChoiceField(label=_("Remind"), choices=ReminderRule.Audience.choices, widget=forms.RadioSelect)

    def __init__(self, *args, network, **kwargs):
        self.network = network
        super().__init__(*args, **kwargs)

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days < 0:
            raise forms.ValidationError(
                _("A reminder goes out before the meeting: the number of days cannot be negative.")
            )
        if days > MAX_DAYS:
            raise forms.ValidationError(_("A reminder goes out at most 60 days before the meeting."))
        return days

    def clean_hours(self):
        hours = self.cleaned_data["hours"] or 0
        if hours < 0:
            raise forms.ValidationError(_("The number of hours cannot be negative."))
        if hours > 23:
            raise forms.ValidationError(_("Give at most 23 hours; count whole days under days."))
        return hours

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        hours_before = data["days"] * 24 + data["hours"]
        if hours_before == 0:
            raise forms.ValidationError(
                _("A reminder at the start of the meeting reminds of nothing: give at least 1 hour.")
            )
        if hours_before > REMINDER_MAX_HOURS:
            raise forms.ValidationError(_("A reminder goes out at most 60 days before the meeting."))
        if ReminderRule.objects.filter(
            network=self.network, hours_before=hours_before, audience=data["audience"]
        ).exists():
            raise forms.ValidationError(_("This network already has this reminder."))
        data["hours_before"] = hours_before
        return data
