"""Forms of the lifecycle pages: a member's view, the outcome of the decision, the follow-up of an
intention, stopping a network and its quota of supported meetings. The services check the same rules
again; these forms say what is missing before a service is asked."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import limit_length
from networks.models import MAX_SUPPORTED_MEETINGS

from .models import COMMENT_LIMIT, FOLLOW_UP_MONTHS, REASON_LIMIT, Decision, View


class ViewForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Should the network continue after the supported phase?"),
        choices=View.Choice.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["comment"], COMMENT_LIMIT)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did the network decide?"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    facilitation = forms.ChoiceField(
        label=_("Who facilitates from now on?"),
        help_text=_("Only when the network continues."),
        choices=Decision.Facilitation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required when the network stops. It is kept in the network's history."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    follow_up_months = forms.IntegerField(
        label=_("Ask again after how many months?"),
        help_text=_("Only for “we intend to continue”: the coordinator is then asked whether it did (1 to 24)."),
        min_value=1,
        max_value=24,
        initial=FOLLOW_UP_MONTHS,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["reason"], REASON_LIMIT)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Decision.Outcome.CONTINUE and not data.get("facilitation"):
            self.add_error("facilitation", _("Say who facilitates the network from now on."))
        if outcome == Decision.Outcome.STOP and not data.get("reason", "").strip() and "reason" not in self.errors:
            self.add_error("reason", _("Give the reason the network stops: it is kept in its history."))
        if (
            outcome == Decision.Outcome.INTEND
            and data.get("follow_up_months") is None
            and "follow_up_months" not in self.errors
        ):
            data["follow_up_months"] = FOLLOW_UP_MONTHS
        return data


class FollowUpForm(forms.Form):
    continued = forms.TypedChoiceField(
        label=_("Did the network continue?"),
        choices=[("yes", _("Yes, it continues on its own")), ("no", _("No, it has stopped"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["reason"], REASON_LIMIT)


class StopForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the network stop?"),
        help_text=_("It is kept in the network's history."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["reason"], REASON_LIMIT)


class QuotaForm(forms.Form):
    quota = forms.IntegerField(
        label=_("Number of supported meetings"),
        min_value=1,
        max_value=MAX_SUPPORTED_MEETINGS,
    )
    reason = forms.CharField(
        label=_("Why does this network get a different number?"),
        help_text=_("It is kept in the network's history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["reason"], REASON_LIMIT)
        self.fields["quota"].help_text = gettext("Between 1 and %(most)s.") % {"most": MAX_SUPPORTED_MEETINGS}
