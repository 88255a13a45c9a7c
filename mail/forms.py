from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Topic


class PreferencesForm(forms.Form):
    """One choice per topic: at once, in the weekly digest, or not at all."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for topic in Topic:
            self.fields[topic.value] = forms.ChoiceField(
                label=topic.label,
                choices=Delivery.choices,
                initial=current[topic],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose one of the options."),
                    "required": _("Choose one of the options."),
                },
            )
