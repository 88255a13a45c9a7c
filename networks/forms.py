import re

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

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
    )


class JoinRequestForm(forms.Form):
    school = school_field()
    motivation = forms.CharField(
        label=_("Why would you like to join?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words for the coordinators: your role, your question, what you bring."),
    )


class AcceptInvitationForm(forms.Form):
    school = school_field()
    committed_to_attend = forms.BooleanField(
        label=_("I intend to attend every meeting"),
        required=False,
        help_text=_("A learning network works best when the same people come every time."),
    )


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
