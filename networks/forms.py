import re

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from common.forms import limit_length
from members.models import User

from .models import Membership, Network, Region, School, Theme
from .permissions import regions_for_new_networks

START_FIELDS = [
    "name",
    "region",
    "theme",
    "kind",
    "board",
    "learning_question",
    "description",
    "ambition",
    "cadence",
    "is_listed",
]
DOCUMENT_FIELDS = ["working_agreements", "review_moments", *Network.ROADMAP_FIELDS]
# Caps on the free text people type: room for a real answer, never for a book.
TEXT_LIMITS = {
    "learning_question": 1_000,
    "description": 5_000,
    **dict.fromkeys(DOCUMENT_FIELDS, 5_000),
    "addresses": 20_000,
    "motivation": 2_000,
}


def limit_text_fields(form):
    for name, field in form.fields.items():
        if name in TEXT_LIMITS:
            limit_length(field, TEXT_LIMITS[name])


class NetworkForm(forms.ModelForm):
    """Creating a network asks for what a start meeting settles first; editing adds the start
    document and the roadmap, which a network fills in over time."""

    class Meta:
        model = Network
        fields = START_FIELDS + DOCUMENT_FIELDS
        widgets = {
            "learning_question": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in DOCUMENT_FIELDS},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            for name in DOCUMENT_FIELDS:
                del self.fields[name]
        regions = regions_for_new_networks(user)
        if self.instance.pk is not None:
            regions = Region.objects.filter(pk__in=regions) | Region.objects.filter(pk=self.instance.region_id)
        self.fields["region"].queryset = regions.distinct().order_by("name")
        self.fields["board"].queryset = self.fields["board"].queryset.order_by("name")
        self.fields["board"].help_text = _("Only for a network internal to one board.")
        limit_text_fields(self)

    def field_groups(self):
        """(heading, fields) per part of the page: what the network is, the start document, and the
        steps of the Roadmap; a new network has only the first part."""
        groups = [
            (_("About the network"), START_FIELDS),
            (_("Start document"), ["working_agreements", "review_moments"]),
            (_("Roadmap Strategisch HRM"), Network.ROADMAP_FIELDS),
        ]
        return [
            (heading, [self[name] for name in names if name in self.fields])
            for heading, names in groups
            if any(name in self.fields for name in names)
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Network.Kind.INTERNAL and not cleaned.get("board"):
            self.add_error("board", _("A network internal to one board needs that board."))
        return cleaned


class DirectoryFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        label=_("Region"),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        label=_("Theme"),
    )


def split_addresses(text):
    """Addresses separated by commas, semicolons, spaces or new lines; `Name <a@b.nl>` is fine too."""
    addresses = []
    for chunk in re.split(r"[,;\n]+", text or ""):
        named = re.search(r"<([^<>]+)>", chunk)
        addresses.extend([named.group(1).strip()] if named else chunk.split())
    return addresses


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or more addresses, separated by commas or on separate lines."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)

    def clean_addresses(self):
        valid, self.invalid_addresses = [], []
        for address in split_addresses(self.cleaned_data["addresses"]):
            try:
                validate_email(address)
            except ValidationError:
                self.invalid_addresses.append(address)
            else:
                valid.append(address.lower())
        if not valid:
            if self.invalid_addresses:
                raise ValidationError(
                    _("None of these is a valid email address: %(addresses)s"),
                    params={"addresses": ", ".join(self.invalid_addresses)},
                )
            raise ValidationError(_("Enter at least one email address."))
        return valid


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


def school_field(required=False):
    return forms.ModelChoiceField(
        School.objects.order_by("name", "city"),
        required=required,
        label=_("Your school"),
        help_text=_("The school you represent in this network."),
        empty_label=_("No school (for example a process facilitator)"),
        # Read by static/js/school-picker.js, which adds a field that filters the list as you type;
        # without JavaScript the list is a plain select, grouped by region below.
        widget=forms.Select(
            attrs={
                "data-filter-label": _("Filter the list by name or town"),
                "data-filter-count": _("Schools in the list: {count}"),
            }
        ),
    )


def offer_region_first(field, region):
    """Group the schools: those of the network's region first, where almost everyone finds theirs,
    then all the others (hundreds). One query; validation still goes through the field's queryset."""
    if region is None:
        return
    schools = [(school.pk, str(school), school.region_id) for school in field.queryset.only("name", "city", "region")]
    near = [(pk, label) for pk, label, region_id in schools if region_id == region.pk]
    others = [(pk, label) for pk, label, region_id in schools if region_id != region.pk]
    choices = [("", field.empty_label)]
    if near:
        choices.append((_("Schools in region %(region)s") % {"region": region.name}, near))
    if others:
        choices.append((_("Schools in other regions") if near else _("All schools"), others))
    field.choices = choices


class JoinRequestForm(forms.Form):
    school = school_field()
    motivation = forms.CharField(
        label=_("Why would you like to join?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words for the coordinators: your role, your question, what you bring."),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        offer_region_first(self.fields["school"], region)


class AcceptInvitationForm(forms.Form):
    school = school_field()
    committed_to_attend = forms.BooleanField(
        label=_("I intend to attend every meeting"),
        required=False,
        help_text=_("A learning network works best when the same people come every time."),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_region_first(self.fields["school"], region)


class InvitationSignupForm(SetPasswordMixin, AcceptInvitationForm):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    job_role = forms.ChoiceField(label=_("Job role"), choices=User.JobRole.choices)
    password1, password2 = SetPasswordMixin.create_password_fields()

    field_order = ["full_name", "job_role", "school", "password1", "password2", "committed_to_attend"]

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        self.validate_passwords()
        cleaned = super().clean()
        user = User(email=self.email, full_name=cleaned.get("full_name", ""))
        self.validate_password_for_user(user)
        return cleaned
