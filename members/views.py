from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .forms import LoginForm, OutboxPasswordResetForm, ProfileForm
from .models import User
from .throttle import login_throttle

login = auth_views.LoginView.as_view(
    template_name="members/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
)
logout = auth_views.LogoutView.as_view()

password_reset = auth_views.PasswordResetView.as_view(
    form_class=OutboxPasswordResetForm,
    template_name="members/password_reset_form.html",
    success_url=reverse_lazy("members:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html")


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")
    # Logged in at once: someone who keeps guessing the password could otherwise hold the account's login
    # throttle shut again before its owner gets to the login page.
    post_reset_login = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever holds the mailbox may log in again at once, however often others tried to guess.
        login_throttle().forget_account(form.user.email)
        return response


password_reset_confirm = _PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="members/password_reset_complete.html"
)


class _PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "members/password_change.html"
    success_url = reverse_lazy("members:profile")
    success_message = gettext_lazy("Your password has been changed.")


password_change = _PasswordChangeView.as_view()


@login_required
def profile(request):
    # A fresh copy: a rejected form must not leave half-changed values on request.user.
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=User.objects.get(pk=request.user.pk)
    )
    if request.method == "POST" and form.is_valid():
        user = services.update_profile(user=request.user, **form.cleaned_data)
        translation.activate(user.language)
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:profile")
    feed_url = settings.SITE_URL + reverse("meetings:feed", kwargs={"token": request.user.calendar_token})
    ctx = {
        "form": form,
        "feed_url": feed_url,
        # webcal:// makes the browser hand the address to the calendar program, which subscribes to it.
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
    }
    return render(request, "members/profile.html", ctx)


@require_POST
def set_language(request):
    """The language switch. Remembered on the account when logged in, else in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            services.set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 60 * 60,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
        )
    return response
