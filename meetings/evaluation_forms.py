"""The evaluation form: three questions in under a minute, and an optional comment. The service
(meetings/evaluations.py) checks the scores again; this form says what is missing before it is asked."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import limit_length

from .evaluations import SCORES
from .models import EVALUATION_COMMENT_LIMIT

SCORE_MESSAGES = {
    "required": _("Choose a score from 1 to 5."),
    "invalid_choice": _("Choose a score from 1 to 5."),
}


def _score_field(label, help_text):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[(str(score), str(score)) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=SCORE_MESSAGES,
    )


def _yes(value):
    return value == "yes"


class EvaluationForm(forms.Form):
    overall = _score_field(_("How was this meeting, all in all?"), _("1 = poor, 5 = excellent."))
    useful = _score_field(_("How useful was it for my school?"), _("1 = not at all, 5 = very useful."))
    will_try = forms.TypedChoiceField(
        label=_("I will try something from it at my school."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say yes or no: will you try something from it?"),
            "invalid_choice": _("Say yes or no: will you try something from it?"),
        },
    )
    comment = forms.CharField(
        label=_("Are we getting wiser, in a way that suits us? (optional)"),
        help_text=_("Your comment is shown without your name."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["comment"], EVALUATION_COMMENT_LIMIT)
        # The answers side by side: five small choices in a row are read and clicked in a moment.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has its token
        self.helper.layout = Layout(
            InlineRadios("overall"), InlineRadios("useful"), InlineRadios("will_try"), "comment"
        )
