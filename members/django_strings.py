"""Django's own messages that appear on our pages, in the informal Dutch ("je") of the rest of the portal.

Django's Dutch catalog says "u" and "uw" (password help texts and errors on the password change, reset
and invitation pages). The same msgids in our locale/nl catalog win over Django's, because
LOCALE_PATHS is merged last. They are listed here only so that `make messages` keeps those entries;
nothing imports this module but the test that checks the overrides (tests/test_dutch_wording.py).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.contrib.auth.forms.PasswordChangeForm
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    # django.contrib.auth.password_validation: help texts under every new-password field
    gettext_noop("Your password can’t be too similar to your other personal information."),  # noqa: RUF001 (Django's own msgid)
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001 (Django's own msgid)
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001 (Django's own msgid)
    # django.contrib.auth.models (the admin's user page)
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    # django.forms.formsets
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. "
        "You may need to file a bug report if the issue persists."
    ),
]

PLURAL_MESSAGES = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
