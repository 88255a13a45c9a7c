from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import preferences, unsubscribe
from .forms import PreferencesForm
from .models import Delivery, Topic


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_page(request):
    """Which mails a person wants, per topic: at once, in the weekly digest, or not at all."""
    current = preferences.all_for(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for topic in Topic:
            if form.cleaned_data[topic.value] != current[topic]:
                preferences.set_delivery(user=request.user, topic=topic, delivery=form.cleaned_data[topic.value])
        messages.success(request, _("Your mail settings have been saved."))
        return redirect("mail:preferences")
    return render(request, "mail/preferences.html", {"form": form}, status=400 if form.is_bound else 200)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST without a session or CSRF token; the signed token is the credential
@require_http_methods(["GET", "HEAD", "OPTIONS", "POST"])
def unsubscribe_link(request, token):
    """The unsubscribe link of a mail, no login needed.

    GET and HEAD show a page with one button (mail scanners open every link, and must not switch
    anything off); POST, from that button or from the mail program's one-click unsubscribe
    (`List-Unsubscribe=One-Click`), switches the topic off for the person the token names.
    """
    if request.method == "OPTIONS":
        response = HttpResponse()
        response["Allow"] = "GET, HEAD, OPTIONS, POST"
        return response
    opened = unsubscribe.open_token(token)
    person = get_user_model().objects.filter(pk=opened[0]).first() if opened else None
    if person is None:
        return render(request, "mail/unsubscribe.html", {"problem": "invalid"}, status=404)
    topic = opened[1]
    context = {"person": person, "topic": topic}
    if request.method == "POST":
        preferences.set_delivery(user=person, topic=topic, delivery=Delivery.OFF)
        return render(request, "mail/unsubscribe.html", {**context, "done": True})
    current = preferences.delivery_for(person, topic)
    return render(request, "mail/unsubscribe.html", {**context, "already_off": current == Delivery.OFF})
