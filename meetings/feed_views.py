"""The personal calendar feed: one secret address per person that calendar programs subscribe to.

Calendar programs cannot log in, so the secret token in the address identifies the person. Whoever has
the address sees the meetings of that person's networks; resetting the token makes old addresses stop
working.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members import services as member_services
from members.models import User
from networks.models import Network

from .calendar import calendar_for
from .models import Meeting

# Older meetings only make the file longer: calendar programs keep what they already have.
FEED_HISTORY = timedelta(days=183)


@require_safe
def personal_feed(request, token):
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    # Cancelled meetings stay in, with STATUS:CANCELLED, so calendars remove the event they already have.
    meetings = (
        Meeting.objects.filter(
            network__in=Network.objects.of_member(user), starts_at__gte=timezone.now() - FEED_HISTORY
        )
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    response = HttpResponse(calendar_for(meetings, name="Leernetwerken"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="leernetwerken.ics"'
    response["Cache-Control"] = "private, max-age=900"
    # The address is a secret: keep it out of search engines and out of Referer headers.
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def reset_feed(request):
    member_services.reset_calendar_token(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar address has been changed. Add the new address to your calendar program; "
            "the old one no longer works."
        ),
    )
    return redirect(reverse("members:profile") + "#calendar")
