"""The filters of the dashboards. Choices come from lists the page has read anyway (regions, themes), so
the form adds no queries; an unknown value gets a message in the filter, not an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lifecycle.models import Decision
from metrics import health
from metrics.periods import SchoolYear
from networks.models import Phase

from .rollups import FIRST_YEAR


def school_year_choices(current):
    """From the first year the rollup keeps to the next one. Others may still be asked for in the address
    (a year to come shows empty figures; an older one is computed on the spot)."""
    years = [SchoolYear(start) for start in range(current.start_year + 1, FIRST_YEAR - 1, -1)]
    return [(str(year), str(year)) for year in years]


class FilterForm(forms.Form):
    year = forms.CharField(label=_("School year"), required=False, max_length=20, widget=forms.Select)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices])

    def __init__(self, data, *, regions, themes, fixed_region=None):
        super().__init__(data)
        self.regions = {region.slug: region for region in regions}
        self.themes = {theme.slug: theme for theme in themes}
        current = SchoolYear.current()
        choices = school_year_choices(current)
        asked = (data or {}).get("year")
        if asked and asked not in dict(choices):
            choices.append((asked, asked))  # shown as asked; clean_year says whether it is one
        self.fields["year"].widget.choices = choices
        self.fields["year"].initial = str(current)
        self.fields["region"].choices = [("", _("All regions")), *((r.slug, r.name) for r in regions)]
        self.fields["theme"].choices = [("", _("All themes")), *((t.slug, t.name) for t in themes)]
        self.fields["region"].error_messages["invalid_choice"] = _("There is no region called “%(value)s”.")
        self.fields["theme"].error_messages["invalid_choice"] = _("There is no theme called “%(value)s”.")
        self.fields["phase"].error_messages["invalid_choice"] = _("There is no phase called “%(value)s”.")
        if fixed_region is not None:
            del self.fields["region"]

    def clean_year(self):
        text = self.cleaned_data["year"]
        if not text:
            return SchoolYear.current()
        try:
            return SchoolYear.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error.args[0])) from None

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])

    def clean_theme(self):
        return self.themes.get(self.cleaned_data["theme"])


class NetworkListForm(FilterForm):
    """The list of networks behind a figure: the dashboard's filters, and what the figure narrows to."""

    outcome = forms.ChoiceField(
        label=_("Outcome after support"), required=False, choices=[("", _("Any")), *Decision.Outcome.choices]
    )
    intention = forms.ChoiceField(
        label=_("What became of the intention"),
        required=False,
        choices=[("", _("Any")), *Decision.FollowUp.choices, ("open", _("Not known yet"))],
    )
    health = forms.ChoiceField(label=_("Health"), required=False, choices=[("", _("Any")), *health.Status.choices])
    started = forms.BooleanField(label=_("Started in the school year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("outcome", "intention", "health"):
            self.fields[name].error_messages["invalid_choice"] = _("“%(value)s” is not one of the choices.")
