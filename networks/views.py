from itertools import groupby
from operator import itemgetter

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_error, show_service_error
from common.fragments import keep_parts
from common.models import choice_labels
from common.prepared import PreparedQuery
from lifecycle import columns as lifecycle_columns
from lifecycle.permissions import may_see_health
from lifecycle.views import network_page_context
from meetings import services as meeting_services
from meetings.models import Meeting
from meetings.permissions import can_plan_meetings
from members.models import User
from metrics import health
from metrics import registry as metrics

from . import services
from .forms import (
    AcceptInvitationForm,
    DirectoryFilterForm,
    InvitationSignupForm,
    InviteForm,
    JoinRequestForm,
    NetworkForm,
    RoleForm,
)
from .models import Invitation, JoinRequest, Membership, Network, Region
from .permissions import (
    ACCESS_COLUMNS,
    can_create_network,
    get_network_for_manager,
    get_network_for_user,
    get_region,
    network_query,
    regions_for_new_networks,
)

# The figures on a network's card and page (templates/networks/_network_card.html, detail.html).
CARD_FIGURES = ("members", "schools_reached")
_JOB_ROLE = User._meta.get_field("job_role")
_ROLE = Membership._meta.get_field("role")


def _my_network_cards(user, now):
    # One row per network: both conditions in one filter() apply to the same membership (two filter() calls
    # would join twice), and the database keeps one current membership per person and network.
    next_meeting = Meeting.objects.filter(
        network=OuterRef("pk"), status=Meeting.Status.PLANNED, starts_at__gte=now
    ).order_by("starts_at")
    return (
        metrics.annotate(
            Network.objects.filter(memberships__user=user, memberships__left_on__isnull=True), *CARD_FIGURES
        )
        .annotate(my_role=F("memberships__role"), next_meeting_at=Subquery(next_meeting.values("starts_at")[:1]))
        .select_related("region", "theme")
        .order_by("name")
    )


# The home page's queries, built and compiled once (common/prepared.py): building them took twice as long as
# PostgreSQL took to run them.
MY_NETWORK_CARDS = PreparedQuery(Network, _my_network_cards)
MY_REGIONS = PreparedQuery(Region, lambda user: Region.objects.filter(coordinators=user).order_by("name"))
MY_PENDING_REQUESTS = PreparedQuery(
    JoinRequest,
    lambda user: (
        JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING)
        .select_related("network")
        .order_by("-created_at")
    ),
)


@login_required
def my_networks(request):
    """The home page: the networks someone takes part in, and what waits for them."""
    user = request.user
    networks = MY_NETWORK_CARDS.all(user=user.pk, now=timezone.now())
    if user.is_association_staff and not networks:
        # VO-raad staff who take part in no network have their work on the dashboards.
        return redirect("dashboards:national")
    roles = choice_labels(_ROLE)
    for network in networks:
        network.my_role = roles.get(network.my_role, network.my_role)
    regions = MY_REGIONS.all(user=user.pk)
    ctx = {
        "networks": networks,
        "can_create": user.is_association_staff or bool(regions),
        "regions": regions,
        "pending_requests": MY_PENDING_REQUESTS.all(user=user.pk),
    }
    return render(request, "networks/my_networks.html", ctx)


def directory(request):
    """Listed networks, for everyone, filtered by region and theme."""
    form = DirectoryFilterForm(request.GET or None)
    networks = (
        metrics.annotate(Network.objects.listed(), *CARD_FIGURES).select_related("region", "theme").order_by("name")
    )
    if form.is_valid():
        if form.cleaned_data["region"]:
            networks = networks.filter(region=form.cleaned_data["region"])
        if form.cleaned_data["theme"]:
            networks = networks.filter(theme=form.cleaned_data["theme"])
    page = Paginator(networks, 24).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "networks/directory.html", ctx)


def region(request, slug):
    region = get_region(slug)
    networks = metrics.annotate(Network.objects.visible_to(request.user).filter(region=region), *CARD_FIGURES)
    networks = list(networks.select_related("region", "theme").order_by("name"))
    coordinators = list(region.coordinators.all())
    if request.user.is_authenticated and (request.user.is_association_staff or request.user in coordinators):
        # Those who look after the region see how each network is doing (three queries for all of them).
        found = health.for_networks([network.pk for network in networks])
        for network in networks:
            network.health = found.get(network.pk)
    ctx = {
        "region": region,
        "networks": networks,
        "coordinators": coordinators,
        # The schools located in the region (reference data), whether or not anyone of them takes part.
        "schools_in_region": region.schools.count(),
        # Over all the region's networks, also those this person cannot see: a count names no one.
        "figures": metrics.for_object(region, *CARD_FIGURES),
        "can_create": regions_for_new_networks(request.user).filter(pk=region.pk).exists(),
    }
    return render(request, "networks/region.html", ctx)


@login_required
def create(request):
    if not can_create_network(request.user):
        raise PermissionDenied
    form = NetworkForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.create_network(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The network has been created. Invite its members now."))
            return redirect("networks:members", slug=network.slug)
    return render(request, "networks/network_form.html", {"form": form})


def _meeting_phase(meeting, now):
    if meeting.status == Meeting.Status.CANCELLED:
        return "cancelled", Meeting.Status.CANCELLED.label
    if meeting.status == Meeting.Status.HELD or meeting.ends_at < now:
        return "held", Meeting.Status.HELD.label
    if meeting.starts_at <= now:
        return "in_progress", pgettext("meeting phase", "In progress")
    return "upcoming", pgettext("meeting phase", "Upcoming")


# What the page's meeting lists show of each meeting; not the agenda and homework (in three forms each), which
# were most of the bytes read, and of the key the lists are kept under (templates/networks/detail.html).
MEETING_LIST_COLUMNS = ("pk", "title", "starts_at", "ends_at", "place", "status")


def _ahead_and_earlier(network, now):
    meetings = Meeting.objects.filter(network=network).only(*MEETING_LIST_COLUMNS)
    ahead = meetings.filter(ends_at__gte=now).order_by("starts_at")[:10]
    earlier = meetings.filter(ends_at__lt=now).order_by("-starts_at")[:5]
    return ahead.union(earlier, all=True)


# The network page's queries, built and compiled once (common/prepared.py).
AHEAD_AND_EARLIER = PreparedQuery(Meeting, _ahead_and_earlier)
# The current members as plain values: the page shows a few fields of each, and model objects for every
# membership, person and school took three times as long to make as the query took to run. The first columns
# are those the health signals read (`health.for_network(members=...)`).
MEMBER_PAGE_COLUMNS = (*health.MEMBER_COLUMNS, "role", "school__city", "user__full_name", "user__job_role")
CURRENT_MEMBERS = PreparedQuery(
    Membership,
    lambda network: (
        Membership.objects.current()
        .filter(network=network)
        .order_by(F("school__name").asc(nulls_last=True), "school_id", "user__full_name")
        .values_list(*MEMBER_PAGE_COLUMNS)
    ),
)


def _members_for_page(rows):
    """The rows of CURRENT_MEMBERS as the page shows them: dicts, whose keys a template reads faster than an
    object's attributes."""
    job_roles, roles = choice_labels(_JOB_ROLE), choice_labels(_ROLE)
    members = []
    for row in rows:
        column = dict(zip(MEMBER_PAGE_COLUMNS, row, strict=True))  # by name: the order is health's to choose
        members.append(
            {
                "name": column["user__full_name"],
                "job_role": job_roles.get(column["user__job_role"], column["user__job_role"]),
                "role": column["role"],
                "role_label": roles.get(column["role"], column["role"]),
                "committed": column["committed_to_attend"],
                "school_id": column["school_id"],
                "school": {"name": column["school__name"], "city": column["school__city"]}
                if column["school_id"]
                else None,
            }
        )
    return members


class _PeopleList:
    """The people list of a network page, worked out from the current member rows only when the list is
    rendered: it is usually kept (templates/networks/detail.html), under the rows."""

    def __init__(self, rows):
        self.rows = rows

    def fragment_data(self):  # what it is made from (common/fragments.py)
        return self.rows

    @cached_property
    def members(self):
        return _members_for_page(self.rows)

    @cached_property
    def by_school(self):
        schools = [list(people) for _school_id, people in groupby(self.members, key=itemgetter("school_id"))]
        return [(people[0]["school"], people) for people in schools]

    @cached_property
    def facilitators(self):
        return [m["name"] for m in self.members if m["role"] == Membership.Role.FACILITATOR]

    @cached_property
    def coordinators(self):
        return [m["name"] for m in self.members if m["role"] == Membership.Role.COORDINATOR]


def _meetings_for_network_page(network):
    """Each meeting once, labelled: those not yet over (in progress, upcoming, and cancelled ones whose
    date has not passed, so nobody misses a cancellation), then the latest that are over. One query
    (a union of the two) whatever the number of meetings."""
    now = timezone.now()
    meetings = AHEAD_AND_EARLIER.all(network=network.pk, now=now)
    ahead = sorted((m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at)
    earlier = sorted((m for m in meetings if m.ends_at < now), key=lambda m: m.starts_at, reverse=True)
    for meeting in ahead + earlier:
        meeting.phase, meeting.phase_label = _meeting_phase(meeting, now)
    return ahead, earlier


# The network with its reader's access, its figures, its supported meetings and the reader's view on
# continuing: one query.
DETAIL_QUERY = network_query(
    columns=lambda user_id: {
        **metrics.columns(Network, *CARD_FIGURES, "attendance_rate"),
        **lifecycle_columns.supported_meetings(),
        **lifecycle_columns.my_view(user_id),
    }
)


def detail(request, slug):
    network, access = get_network_for_user(request.user, slug, query=DETAIL_QUERY)
    ctx = {
        "network": network,
        "is_member": access.is_member,
        "inside": access.can_see_inside,
        "can_manage": access.can_manage,
        # The phase, the supported meetings, the timeline and the moves this person may make.
        **network_page_context(request.user, network, access),
    }
    if access.can_see_inside:
        ctx["can_plan"] = can_plan_meetings(access) and not network.is_stopped
        ctx["meetings_ahead"], ctx["earlier_meetings"] = _meetings_for_network_page(network)
        ctx["any_meeting_ahead"] = any(m.status != Meeting.Status.CANCELLED for m in ctx["meetings_ahead"])
        rows = CURRENT_MEMBERS.all(network=network.pk)
        ctx["people"] = _PeopleList(rows)
        ctx["figures"] = metrics.read(network, *CARD_FIGURES, "attendance_rate")
        if may_see_health(access):
            ctx["health"] = health.for_network(network, members=[row[: len(health.MEMBER_COLUMNS)] for row in rows])
    else:
        ctx["figures"] = metrics.read(network, *CARD_FIGURES)
        ctx["pending_request"] = (
            request.user.is_authenticated
            and network.join_requests.filter(user=request.user, status=JoinRequest.Status.PENDING).exists()
        )
    # The page's parts are kept under digests of all the above (templates/networks/detail.html): any change to
    # what they show makes a new key. So that readers who see the same page share its parts, the reader's access
    # columns are left out (the flags above say what they decide), and the reader's own view is only in the key
    # of the form that shows it.
    keep_parts(
        ctx,
        own=("my_view", "view_fields"),
        leave_out=(*ACCESS_COLUMNS, *lifecycle_columns.MY_VIEW_COLUMNS),
        also=(request.user.is_authenticated,),
    )
    return render(request, "networks/detail.html", ctx)


@login_required
def edit(request, slug):
    network, _access = get_network_for_manager(request.user, slug)
    form = NetworkForm(
        request.POST if request.method == "POST" else None,
        instance=Network.objects.get(pk=network.pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_network(network=network, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The network has been saved."))
            return redirect(network)
    return render(request, "networks/network_form.html", {"form": form, "network": network})


def _members_page(request, network, invite_form=None, status=200):
    ctx = {
        "network": network,
        "memberships": network.memberships.current()
        .select_related("user", "school")
        .order_by("role", "user__full_name"),
        "former": network.memberships.filter(left_on__isnull=False).select_related("user", "school")[:50],
        "invitations": network.invitations.filter(status=Invitation.Status.PENDING).select_related("invited_by"),
        "join_requests": network.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
            "user", "school"
        ),
        "invite_form": invite_form or InviteForm(),
        "roles": Membership.Role.choices,
    }
    return render(request, "networks/members.html", ctx, status=status)


@login_required
def members(request, slug):
    return _members_page(request, get_network_for_manager(request.user, slug)[0])


@login_required
@require_POST
def invite(request, slug):
    network, _access = get_network_for_manager(request.user, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, network, invite_form=form, status=400)
    try:
        outcome = services.invite_people(
            network=network, inviter=request.user, emails=form.cleaned_data["addresses"], role=form.cleaned_data["role"]
        )
    except ValidationError as error:  # a stopped network invites no one
        show_service_error(request, error)
        return redirect("networks:members", slug=network.slug)
    if outcome.invited:
        messages.success(request, _("Invitation sent to: %(addresses)s.") % {"addresses": ", ".join(outcome.invited)})
    if outcome.already_members:
        messages.info(
            request,
            _("Already a member, no invitation sent: %(addresses)s.")
            % {"addresses": ", ".join(outcome.already_members)},
        )
    if outcome.already_invited:
        messages.info(
            request,
            _("Already invited; use “send again” below if the mail got lost: %(addresses)s.")
            % {"addresses": ", ".join(outcome.already_invited)},
        )
    if form.invalid_addresses:
        messages.error(
            request,
            _("Not a valid email address, not invited: %(addresses)s.")
            % {"addresses": ", ".join(form.invalid_addresses)},
        )
    return redirect("networks:members", slug=network.slug)


def _invitation_action(request, slug, pk, action, success):
    network, _access = get_network_for_manager(request.user, slug)
    invitation = get_object_or_404(network.invitations, pk=pk)
    try:
        action(invitation=invitation)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(request, success % {"address": invitation.email})
    return redirect("networks:members", slug=network.slug)


@login_required
@require_POST
def resend_invitation(request, slug, pk):
    return _invitation_action(
        request, slug, pk, services.resend_invitation, _("A new invitation link was sent to %(address)s.")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def revoke_invitation(request, slug, pk):
    """GET asks to confirm, naming the address; only the POST of that page withdraws."""
    if request.method == "POST":
        return _invitation_action(
            request, slug, pk, services.revoke_invitation, _("The invitation to %(address)s was withdrawn.")
        )
    network, _access = get_network_for_manager(request.user, slug)
    invitation = get_object_or_404(network.invitations, pk=pk)
    if invitation.status != Invitation.Status.PENDING:
        messages.info(request, _("This invitation was already accepted or revoked."))
        return redirect("networks:members", slug=network.slug)
    address = invitation.email
    ctx = {
        "network": network,
        "heading": _("Withdraw the invitation to %(address)s?") % {"address": address},
        "explanation": _("The link in the mail to %(address)s stops working. You can invite this address again later.")
        % {"address": address},
        "button": _("Withdraw the invitation to %(address)s") % {"address": address},
    }
    return render(request, "networks/confirm.html", ctx)


@login_required
@require_POST
def change_role(request, slug, pk):
    network, _access = get_network_for_manager(request.user, slug)
    membership = get_object_or_404(network.memberships.current().select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
    else:
        try:
            services.change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            show_service_error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s now has the role: %(role)s.")
                % {
                    "name": membership.user.full_name,
                    "role": Membership.Role(form.cleaned_data["role"]).label,
                },
            )
    return redirect("networks:members", slug=network.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def remove_member(request, slug, pk):
    """GET asks to confirm, naming the person; only the POST of that page removes."""
    network, _access = get_network_for_manager(request.user, slug)
    membership = get_object_or_404(network.memberships.current().select_related("user"), pk=pk)
    if request.method != "POST":
        names = {"name": membership.user.full_name, "network": network.name}
        ctx = {
            "network": network,
            "heading": _("Remove %(name)s from %(network)s?") % names,
            "explanation": _(
                "%(name)s no longer sees the meetings and notes of %(network)s, and their answers to the "
                "coming meetings are withdrawn. What they wrote and their attendance stay. You can invite "
                "them again later."
            )
            % names,
            "button": _("Remove %(name)s") % names,
        }
        return render(request, "networks/confirm.html", ctx)
    try:
        meeting_services.end_membership(membership=membership)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(
            request, _("%(name)s is no longer a member; their history stays.") % {"name": membership.user.full_name}
        )
    return redirect("networks:members", slug=network.slug)


@login_required
@require_POST
def leave(request, slug):
    network, access = get_network_for_user(request.user, slug)
    if not access.is_member:
        return redirect(network)
    try:
        meeting_services.end_membership(membership=access.membership)
    except ValidationError as error:
        show_service_error(request, error)
        return redirect(network)
    messages.success(request, _("You have left %(network)s.") % {"network": network.name})
    return redirect("home")


@login_required
def join(request, slug):
    network, access = get_network_for_user(request.user, slug)
    if access.is_member:
        messages.info(request, _("You are already a member of this network."))
        return redirect(network)
    form = JoinRequestForm(request.POST if request.method == "POST" else None, region=network.region)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(network=network, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_error(request, error)
        else:
            messages.success(
                request, _("Your request has been sent to the coordinators. You will receive a mail with their answer.")
            )
        return redirect(network)
    return render(request, "networks/join.html", {"network": network, "form": form})


@login_required
@require_POST
def decide_join_request(request, slug, pk, accept):
    network, _access = get_network_for_manager(request.user, slug)
    join_request = get_object_or_404(network.join_requests.select_related("user"), pk=pk)
    try:
        meeting_services.decide_join_request(join_request=join_request, decided_by=request.user, accept=accept)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        message = _("%(name)s is now a member.") if accept else _("The request of %(name)s was declined.")
        messages.success(request, message % {"name": join_request.user.full_name})
    return redirect("networks:members", slug=network.slug)


def invitation(request, token):
    """The link in an invitation mail: join with an existing account, or create one."""
    invitation, problem = services.open_invitation(token)
    if problem:
        status = 404 if problem == services.InvitationProblem.INVALID else 410
        return render(
            request, "networks/invitation_problem.html", {"problem": problem, "invitation": invitation}, status=status
        )
    network = invitation.network
    ctx = {"invitation": invitation, "network": network}
    if request.user.is_authenticated:
        form = AcceptInvitationForm(request.POST if request.method == "POST" else None, region=network.region)
        if request.method == "POST" and form.is_valid():
            try:
                meeting_services.accept_network_invitation(
                    invitation=invitation, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                show_service_error(request, error)
            else:
                messages.success(request, _("Welcome to %(network)s!") % {"network": network.name})
                return redirect(network)
        ctx["form"] = form
        return render(request, "networks/invitation_accept.html", ctx)
    if User.objects.filter(email__iexact=invitation.email).exists():
        ctx["login_url"] = f"{reverse('members:login')}?next={request.path}"
        return render(request, "networks/invitation_login.html", ctx)
    form = InvitationSignupForm(
        request.POST if request.method == "POST" else None, email=invitation.email, region=network.region
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("full_name", "job_role", "school", "committed_to_attend")}
        try:
            user, _membership = meeting_services.register_through_invitation(
                invitation=invitation, password=form.cleaned_data["password1"], language=get_language(), **data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            login(request, user)
            messages.success(request, _("Welcome to %(network)s!") % {"network": network.name})
            return redirect(network)
    ctx["form"] = form
    return render(request, "networks/invitation_signup.html", ctx)
