"""Pages of the lifecycle: start support, stop, the quota, the decision after support, the members' views
on continuing, the follow-up of an intention; and what the network page shows of the phase
(`network_page_context`). Each change is one service call; the services check the rules again."""

import functools
from collections import Counter
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_error, show_service_error
from common.prepared import PreparedQuery
from networks.models import Membership, Phase
from networks.permissions import get_network_for_manager, get_network_for_user

from . import links, rules, services
from .forms import FollowUpForm, OutcomeForm, QuotaForm, StopForm, ViewForm
from .models import FOLLOW_UP_MONTHS, Decision, PhaseChange, QuotaChange, View
from .permissions import actors_of, may_see_views

# --- The network page -------------------------------------------------------------------------------


# The timeline on the network page, built and compiled once (common/prepared.py).
# What the history shows of each change, and of who made it only the name (not a whole person's row).
PHASE_CHANGES = PreparedQuery(
    PhaseChange,
    lambda network: (
        PhaseChange.objects.filter(network=network)
        .select_related("changed_by")
        .only("source", "target", "changed_at", "reason", "changed_by__full_name")
    ),
)


def network_page_context(user, network, access):
    """What networks/detail.html shows of the lifecycle. Queries: none in forming; the timeline (one
    query) later; the count of supported meetings in the supported phase; a member's own view while
    the network decides. None of them grows with the number of members or meetings."""
    ctx = {"phase_badge_class": "text-bg-dark" if network.is_stopped else "text-bg-light border"}
    if network.phase == Phase.FACILITATED:
        held, planned = services.supported_meetings(network)
        ctx["supported"] = {
            "held": held,
            "planned": planned,
            "quota": network.supported_meeting_quota,
            "current": min(held + 1, network.supported_meeting_quota),
        }
    if not access.can_see_inside:
        return ctx
    if network.phase != Phase.FORMING:  # no move leads back to forming: a forming network has no history
        ctx["phase_changes"] = PHASE_CHANGES.all(network=network.pk)
    actors = actors_of(user, access)
    targets = {move.target for move in rules.moves_open_to(network.phase, actors)}
    ctx["may_start_support"] = network.phase == Phase.FORMING and Phase.FACILITATED in targets
    ctx["may_stop"] = network.phase in (Phase.FORMING, Phase.FACILITATED, Phase.SELF_DIRECTED) and (
        Phase.STOPPED in targets
    )
    ctx["may_change_quota"] = rules.Actor.STAFF in actors and network.phase in (Phase.FORMING, Phase.FACILITATED)
    ctx["may_see_decision"] = may_see_views(access) and network.phase in (
        Phase.DECIDING,
        Phase.INTENDING,
        Phase.SELF_DIRECTED,
        Phase.STOPPED,
    )
    ctx["may_answer_follow_up"] = network.phase == Phase.INTENDING and bool(targets)
    if network.phase == Phase.DECIDING and access.is_member:
        if hasattr(network, "my_view_choice"):  # read with the network (lifecycle/columns.py)
            # Only what was read: not `answered_at`, whose default (now) would change the page's key each time.
            mine = (
                View(choice=network.my_view_choice, comment=network.my_view_comment, answered_at=None)
                if network.my_view_choice
                else None
            )
        else:
            mine = View.objects.filter(membership_id=access.membership_id).first()
        ctx["my_view"] = mine
        ctx["view_fields"] = _view_fields(mine)
    return ctx


def _view_fields(mine):
    """What lifecycle/_view_fields.html shows on the network page: ViewForm's fields (labels, choices, help)
    filled in with the member's view, without making a form and rendering it through crispy's templates,
    which cost a quarter of the network page. The form's own page (`view`) still renders and validates it."""
    return {
        **_view_form_texts(get_language()),
        "chosen": mine.choice if mine else None,
        "comment": mine.comment if mine else "",
    }


@functools.cache
def _view_form_texts(language):
    """ViewForm's texts in the active `language`, made once per language: a form costs 60 µs to make, and its
    texts depend on nothing else (its length limit is written in the language's number format)."""
    fields = ViewForm().fields
    comment = fields["comment"]
    return {
        "choice_label": str(fields["choice"].label),
        "choices": [(value, str(label)) for value, label in fields["choice"].choices],
        "comment_label": str(comment.label),
        "comment_help": str(comment.help_text),
        "comment_rows": comment.widget.attrs.get("rows"),
    }


def _refuse(access):
    """403 for those who see inside the network, 404 for everyone else (a guessed address reveals nothing)."""
    raise PermissionDenied if access.can_see_inside else Http404


# --- Moves by the coordinator -----------------------------------------------------------------------


@login_required
@require_POST
def start_support(request, slug):
    network, access = get_network_for_manager(request.user, slug)
    try:
        services.start_support(network=network, by=request.user, actors=actors_of(request.user, access))
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(
            request,
            _("The supported phase has started: the facilitator guides the next %(quota)s meetings.")
            % {"quota": network.supported_meeting_quota},
        )
    return redirect(network)


@login_required
def stop(request, slug):
    network, access = get_network_for_manager(request.user, slug)
    if network.phase == Phase.DECIDING:
        messages.info(request, _("The network is deciding whether to continue: record the outcome here."))
        return redirect("lifecycle:decision", slug=network.slug)
    if network.phase == Phase.INTENDING:
        messages.info(request, _("The network intends to continue: say here whether it did."))
        return redirect("lifecycle:follow_up", slug=network.slug)
    if network.is_stopped:
        messages.info(request, _("This network has already stopped."))
        return redirect(network)
    form = StopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stop(
                network=network,
                by=request.user,
                actors=actors_of(request.user, access),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The network has stopped; its notes stay readable."))
            return redirect(network)
    return render(request, "lifecycle/stop.html", {"network": network, "form": form})


@login_required
def quota(request, slug):
    """VO-raad staff only: the number of supported meetings of this network, and its history."""
    network, access = get_network_for_user(request.user, slug)
    if not request.user.is_association_staff:
        _refuse(access)
    form = QuotaForm(
        request.POST if request.method == "POST" else None, initial={"quota": network.supported_meeting_quota}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_quota(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("This network now has %(quota)s supported meetings.") % {"quota": form.cleaned_data["quota"]},
            )
            return redirect(network)
    held, planned = services.supported_meetings(network)
    ctx = {
        "network": network,
        "form": form,
        "held": held,
        "planned": planned,
        "may_change": network.phase in (Phase.FORMING, Phase.FACILITATED),
        "changes": list(QuotaChange.objects.filter(network=network).select_related("changed_by")),
    }
    return render(request, "lifecycle/quota.html", ctx)


# --- The decision after support ----------------------------------------------------------------------


def _views_per_school(network):
    """The current members grouped by school, each with their view (or None), the counts per choice and
    who has not answered yet. Two queries."""
    memberships = list(
        Membership.objects.current()
        .filter(network=network)
        .select_related("user", "school")
        .order_by(F("school__name").asc(nulls_last=True), "user__full_name")
    )
    views = {view.membership_id: view for view in View.objects.filter(network=network)}
    rows = [(membership, views.get(membership.pk)) for membership in memberships]
    counts = Counter(view.choice for _membership, view in rows if view)
    return {
        "by_school": [(school, list(group)) for school, group in groupby(rows, key=lambda row: row[0].school)],
        "counts": [(choice.label, counts[choice.value]) for choice in View.Choice],
        "not_answered": [membership for membership, view in rows if view is None],
        "answered_count": sum(counts.values()),
        "member_count": len(rows),
    }


@login_required
def decision(request, slug):
    """The members' views per school, and the outcome form for those who record it; read-only for the
    facilitator, and for everyone once the outcome is recorded."""
    network, access = get_network_for_user(request.user, slug)
    if not may_see_views(access):
        _refuse(access)
    actors = actors_of(request.user, access)
    decided = Decision.objects.filter(network=network).select_related("recorded_by").first()
    may_record = (
        network.phase == Phase.DECIDING
        and decided is None
        and any(move.target in rules.OUTCOME_PHASES.values() for move in rules.moves_open_to(network.phase, actors))
    )
    form = None
    if request.method == "POST":
        if decided is not None:
            messages.info(request, services.decided_message(decided))
            return redirect(network)
        if not may_record:
            if network.phase == Phase.DECIDING:
                raise PermissionDenied
            messages.error(request, _("This network is not deciding whether to continue now; nothing was recorded."))
            return redirect(network)
        form = OutcomeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_outcome(
                    network=network,
                    by=request.user,
                    actors=actors,
                    outcome=data["outcome"],
                    facilitation=data["facilitation"],
                    reason=data["reason"],
                    follow_up_months=data["follow_up_months"] or FOLLOW_UP_MONTHS,
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # decided by someone else a moment ago, or refused
                    show_service_error(request, error)
                    return redirect(network)
                add_service_error(form, error)
            else:
                messages.success(request, _("The outcome has been recorded; every member receives a mail."))
                return redirect("lifecycle:decision", slug=network.slug)
    elif may_record:
        form = OutcomeForm()
    ctx = {
        "network": network,
        "decided": decided,
        "form": form,
        "is_deciding": network.phase == Phase.DECIDING,
        **_views_per_school(network),
    }
    return render(request, "lifecycle/decision.html", ctx)


@login_required
@require_POST
def give_view(request, slug):
    """A member's view on continuing, from the network page."""
    network, access = get_network_for_user(request.user, slug)
    if not access.is_member:
        _refuse(access)
    form = ViewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(network)
    try:
        view = services.give_view(membership=access.membership, **form.cleaned_data)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(request, _("Your view has been saved: %(view)s.") % {"view": view.get_choice_display()})
    return redirect(network)


def _options_response():
    response = HttpResponse()
    response["Allow"] = "GET, HEAD, OPTIONS, POST"
    return response


@never_cache  # personal (whose view, which network) and carries a CSRF token
@require_http_methods(["GET", "HEAD", "OPTIONS", "POST"])
def view_link(request, token, choice):
    """The view buttons in the decision mail, no login needed: the signed token says whose view it is.

    Opening the link changes nothing (mail scanners open every link): the page shows the choice with
    one button that POSTs it. Works until the outcome is recorded, for current members only.
    """
    if request.method == "OPTIONS":
        return _options_response()
    membership_id = links.open_view_token(token)
    membership = (
        Membership.objects.select_related("network", "user").filter(pk=membership_id).first()
        if membership_id is not None and choice in View.Choice.values
        else None
    )
    if membership is None:
        return render(request, "lifecycle/view_link.html", {"problem": "invalid"}, status=404)
    network = membership.network
    ctx = {"network": network, "person": membership.user}
    problem = services.view_refusal(membership)
    if problem:
        return render(request, "lifecycle/view_link.html", {**ctx, "problem": problem}, status=410)
    if request.method == "POST":
        form = ViewForm(request.POST)
        if form.is_valid():
            try:
                view = services.give_view(membership=membership, **form.cleaned_data)
            except ValidationError as error:
                return render(request, "lifecycle/view_link.html", {**ctx, "problem": error.messages[0]}, status=410)
            return render(request, "lifecycle/view_link.html", {**ctx, "view": view})
        return render(request, "lifecycle/view_link.html", {**ctx, "form": form}, status=400)
    current = View.objects.filter(membership=membership).first()
    form = ViewForm(initial={"choice": choice, "comment": current.comment if current else ""})
    return render(request, "lifecycle/view_link.html", {**ctx, "form": form, "current": current})


# --- The intention, followed up ---------------------------------------------------------------------


@login_required
def follow_up(request, slug):
    """“Did the network continue?” for the coordinators of a network that intended to."""
    network, access = get_network_for_manager(request.user, slug)
    problem = services.follow_up_refusal(network)
    if problem:
        messages.info(request, problem)
        return redirect(network)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(
                network=network, by=request.user, actors=actors_of(request.user, access), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _follow_up_thanks(form.cleaned_data["continued"]))
            return redirect(network)
    decided = Decision.objects.filter(network=network).select_related("recorded_by").first()
    return render(request, "lifecycle/follow_up.html", {"network": network, "form": form, "decided": decided})


def _follow_up_thanks(continued):
    if continued:
        return _("Thank you: the network now continues on its own.")
    return _("Thank you: the network is recorded as stopped; its notes stay readable.")


@never_cache
@require_http_methods(["GET", "HEAD", "OPTIONS", "POST"])
def follow_up_link(request, token):
    """The link in the follow-up mail, no login needed: the signed token names the coordinator's
    membership. Opening it shows the question; only the page's button answers it."""
    if request.method == "OPTIONS":
        return _options_response()
    membership_id = links.open_follow_up_token(token)
    membership = (
        Membership.objects.select_related("network", "user").filter(pk=membership_id).first()
        if membership_id is not None
        else None
    )
    if membership is None:
        return render(request, "lifecycle/follow_up_link.html", {"problem": "invalid"}, status=404)
    network = membership.network
    ctx = {"network": network, "person": membership.user}
    if (
        membership.left_on is not None
        or membership.role != Membership.Role.COORDINATOR
        or not membership.user.is_active
    ):
        problem = _("Only a current coordinator of %(network)s can answer this question.") % {"network": network.name}
    else:
        problem = services.follow_up_refusal(network)
    if problem:
        return render(request, "lifecycle/follow_up_link.html", {**ctx, "problem": problem}, status=410)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "lifecycle/follow_up_link.html", {**ctx, "form": form}, status=400)
        try:
            services.answer_follow_up(
                network=network, by=membership.user, actors={rules.Actor.COORDINATOR}, **form.cleaned_data
            )
        except ValidationError as error:
            return render(request, "lifecycle/follow_up_link.html", {**ctx, "problem": error.messages[0]}, status=410)
        return render(
            request,
            "lifecycle/follow_up_link.html",
            {**ctx, "done": _follow_up_thanks(form.cleaned_data["continued"])},
        )
    return render(request, "lifecycle/follow_up_link.html", {**ctx, "form": form})
