"""The evaluation of a meeting: the form behind the link in the follow-up mail (no login: the signed
token says who answers), the same form from the meeting page, and the results for the network's
coordinators and facilitator, per meeting and over time. The figures come from metrics/definitions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members.models import User
from metrics import registry as metrics
from networks.models import Network
from networks.permissions import get_network_for_user, network_query

from . import evaluations
from .evaluation_forms import EvaluationForm
from .models import Meeting
from .permissions import get_meeting_for_user, meeting_query

FIGURES = ("evaluation_count", "evaluation_overall", "evaluation_useful", "evaluation_will_try")
# The results pages read the figures with the meeting or network and its reader's access: one query.
RESULTS_QUERY = meeting_query(columns=lambda _user_id: metrics.columns(Meeting, *FIGURES))
NETWORK_RESULTS_QUERY = network_query(columns=lambda _user_id: metrics.columns(Network, *FIGURES))
PAGE = "meetings/evaluation.html"


def _evaluation_page(request, meeting, user, ctx):
    """GET and HEAD show the form, or why it is not open; POST saves. Returns a response, or None when
    the evaluation was saved (the caller says thank you its own way)."""
    ctx = {**ctx, "meeting": meeting, "network": meeting.network, "closes_at": evaluations.closes_at(meeting)}
    problem = evaluations.evaluation_refusal(meeting=meeting, user=user)
    if problem:
        return render(request, PAGE, {**ctx, "problem": problem}, status=410)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, PAGE, {**ctx, "form": form})
    if not form.is_valid():
        return render(request, PAGE, {**ctx, "form": form}, status=400)
    try:
        evaluations.evaluate_meeting(meeting=meeting, user=user, **form.cleaned_data)
    except ValidationError as error:
        return render(request, PAGE, {**ctx, "problem": error.messages[0]}, status=410)
    return None


@never_cache  # personal (who answers, which meeting) and carries a CSRF token
@require_http_methods(["GET", "HEAD", "OPTIONS", "POST"])
def evaluation_link(request, token):
    """The evaluation link in the follow-up mail. Opening it changes nothing (mail scanners open every
    link); only the form's button saves."""
    if request.method == "OPTIONS":
        response = HttpResponse()
        response["Allow"] = "GET, HEAD, OPTIONS, POST"
        return response
    opened = evaluations.open_evaluation_token(token)
    meeting = user = None
    if opened is not None:
        meeting = Meeting.objects.select_related("network").filter(pk=opened[0]).first()
        user = User.objects.filter(pk=opened[1]).first()
    if meeting is None or user is None:
        return render(request, PAGE, {"problem": "invalid"}, status=404)
    response = _evaluation_page(request, meeting, user, {"person": user})
    if response is None:
        return render(request, PAGE, {"meeting": meeting, "network": meeting.network, "done": True})
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evaluate(request, pk):
    """The same form, from the meeting page, for a logged-in person who was there."""
    meeting, _access = get_meeting_for_user(request.user, pk)
    response = _evaluation_page(request, meeting, request.user, {"person": None})
    if response is None:
        messages.success(request, _("Thank you: your evaluation has been saved, without your name."))
        return redirect(meeting)
    return response


@login_required
def results(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk, query=RESULTS_QUERY)
    if not evaluations.can_see_results(access):
        raise PermissionDenied
    figures = metrics.read(meeting, *FIGURES)
    enough = figures["evaluation_count"] >= evaluations.RESULTS_FROM
    ctx = {
        "meeting": meeting,
        "network": meeting.network,
        "figures": figures,
        "enough": enough,
        "results_from": evaluations.RESULTS_FROM,
        # Comments only with the figures: two comments of three people who came point at them.
        "comments": evaluations.comments_of(meeting) if enough else [],
        "closes_at": evaluations.closes_at(meeting),
    }
    return render(request, "meetings/evaluation_results.html", ctx)


@login_required
def network_results(request, slug):
    """The evaluations of a network's held meetings over time, and over all of them."""
    network, access = get_network_for_user(request.user, slug, query=NETWORK_RESULTS_QUERY)
    if not access.can_see_inside:
        raise Http404
    if not evaluations.can_see_results(access):
        raise PermissionDenied
    meetings = metrics.annotate(
        network.meetings.filter(status=Meeting.Status.HELD).order_by("-starts_at"), *FIGURES
    ).only("pk", "network_id", "number", "title", "starts_at", "ends_at", "status")
    ctx = {
        "network": network,
        "figures": metrics.read(network, *FIGURES),
        "meetings": list(meetings),
        "results_from": evaluations.RESULTS_FROM,
    }
    return render(request, "meetings/evaluation_network.html", ctx)
