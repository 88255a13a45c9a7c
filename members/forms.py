from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User
from .throttle import login_throttle, password_reset_throttle


class LoginForm(AuthenticationForm):
    """Email and password. A wrong password and an unknown address get the same answer."""

    error_messages = {
        "invalid_login": _("This email address and password do not match an account. Check both and try again."),
        "inactive": _("This email address and password do not match an account. Check both and try again."),
        "throttled": _(
            "Too many failed attempts to log in. Wait a quarter of an hour and try again, or reset your password."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label=_("Email address"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
        )

    def clean(self):
        email = self.cleaned_data.get("username")
        if email and self.cleaned_data.get("password"):
            throttle = login_throttle()
            if not throttle.attempt(self.request, email):
                raise ValidationError(self.error_messages["throttled"], code="throttled")
            super().clean()  # a wrong password raises, and the attempt stays counted
            throttle.succeeded(self.request, email)
        return self.cleaned_data


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, throttled per address, handing the address to a worker.

    It never tells whether an account exists: the page after it is the same either way, and so is
    the work (the throttle is counted by the typed address and the client, and the account is
    looked up and mailed in a worker), so the response time does not tell either.
    """

    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if password_reset_throttle().attempt(request, email):
            services.request_password_reset(email=email)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_role", "language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class AdminLoginForm(LoginForm):
    """The admin's login: the portal's form (same messages, same throttle), for admins only."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(
                _("This account has no access to the admin. Log in to the portal instead."), code="invalid_login"
            )
