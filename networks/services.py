"""Changes to networks and to who takes part in them. Each function lists its side effects.

Functions raise ValidationError with a message for the person who asked when a rule says no; views
show that message and change nothing.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mail import outbox
from members.models import User

from .mails import NetworkMail
from .models import Invitation, JoinRequest, Membership, Network

INVITATION_SALT = "networks.invitation"


# --- Networks -------------------------------------------------------------------------------------


def _unique_slug(name, network_id=None):
    base = slugify(name)[:160] or "netwerk"
    slug, n = base, 1
    while Network.objects.filter(slug=slug).exclude(pk=network_id).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_network(*, creator, **fields):
    """Start a network; whoever creates it becomes its first coordinator.

    Side effects: one network, one coordinator membership.
    """
    network = Network(created_by=creator, **fields)
    for attempt in range(3):
        network.slug = _unique_slug(network.name)
        network.full_clean()
        try:
            with transaction.atomic():
                network.save()
            break
        except IntegrityError:
            # Someone saved a network a moment after full_clean looked. Looking again sees it: the
            # same name gets the message the form gives; only the same slug, the next free one.
            if attempt == 2:
                raise
    Membership.objects.create(network=network, user=creator, role=Membership.Role.COORDINATOR)
    return network


def update_network(*, network, **fields):
    """Save the network's description, start document and roadmap. Side effects: the network row."""
    for name, value in fields.items():
        setattr(network, name, value)
    network.full_clean()
    network.save()
    return network


# --- Memberships ----------------------------------------------------------------------------------


def _keep_a_coordinator(membership):
    """A network is never left without a coordinator: someone must be able to invite and plan."""
    if membership.role != Membership.Role.COORDINATOR:
        return
    others = Membership.objects.coordinators().filter(network_id=membership.network_id).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("A network needs at least one coordinator. Make someone else coordinator first."))


def _lock_network(network_id):
    # Two coordinators stepping down at once must not both see the other as the one who stays.
    Network.objects.select_for_update().filter(pk=network_id).first()


@transaction.atomic
def change_role(*, membership, role):
    """Give a current member another role. Side effects: the membership row."""
    _lock_network(membership.network_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != membership.role:
        _keep_a_coordinator(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def end_membership(*, membership):
    """Someone leaves or is removed; the membership stays as history with its end date.

    Side effects: sets `left_on` on the membership.
    """
    _lock_network(membership.network_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        return membership
    _keep_a_coordinator(membership)
    membership.left_on = max(timezone.localdate(), membership.joined_on)
    membership.save(update_fields=["left_on"])
    return membership


def _join(*, network, user, role, school=None, committed_to_attend=False):
    """The one way into a network. Returns the current membership, new or existing."""
    existing = Membership.objects.current_of(user, network).first()
    if existing:
        return existing
    membership = Membership(
        network=network, user=user, role=role, school=school, committed_to_attend=committed_to_attend
    )
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # The person joined another way at the same moment (accepted an invitation while a
        # coordinator accepted their request): they are a member, which is what both wanted.
        existing = Membership.objects.current_of(user, network).first()
        if existing is None:
            raise
        return existing
    return membership


# --- Invitations ----------------------------------------------------------------------------------


@dataclass
class InvitationOutcome:
    invited: list = field(default_factory=list)
    already_members: list = field(default_factory=list)
    already_invited: list = field(default_factory=list)


def invitation_token(invitation):
    return signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT)


def invitation_path(*, invitation, send_count):
    """The link of the `send_count`-th mail of invitation `invitation` (an id), made when it is sent.

    Once the invitation was sent again, an earlier mail carries a link that says it was replaced,
    as the link made when that mail was queued would. None when the invitation is gone.
    """
    found = Invitation.objects.filter(pk=invitation).first()
    if found is None:
        return None
    nonce = found.nonce if found.send_count == send_count else ""
    return reverse("networks:invitation", kwargs={"token": signing.dumps([found.pk, nonce], salt=INVITATION_SALT)})


def _queue_invitation_mail(invitation):
    recipient = User.objects.filter(email__iexact=invitation.email).first() or invitation.email
    outbox.queue_mail(
        kind=NetworkMail.INVITATION,
        recipient=recipient,
        about=invitation,
        occasion=str(invitation.send_count),  # not the nonce: the outbox keeps nothing of the link
        template="invitation",
        context={"invitation": invitation, "network": invitation.network, "inviter": invitation.invited_by},
        links={
            "link": outbox.SecretLink(
                "networks.invitation", {"invitation": invitation.pk, "send_count": invitation.send_count}
            )
        },
    )


@transaction.atomic
def invite_people(*, network, inviter, emails, role):
    """Invite addresses to the network, each with a signed link valid for 14 days.

    Current members and addresses with a pending invitation get no new mail; the outcome says who.
    Side effects: one invitation and one outbox row per newly invited address.
    """
    if network.is_stopped:
        raise ValidationError(_("This network has stopped; it invites no one any more."))
    outcome = InvitationOutcome()
    members = {
        email.lower()
        for email in Membership.objects.current().filter(network=network).values_list("user__email", flat=True)
    }
    pending = {
        email.lower()
        for email in network.invitations.filter(status=Invitation.Status.PENDING).values_list("email", flat=True)
    }
    for email in dict.fromkeys(address.strip().lower() for address in emails):
        if email in members:
            outcome.already_members.append(email)
        elif email in pending:
            outcome.already_invited.append(email)
        else:
            try:
                with transaction.atomic():  # another coordinator invited the same address a moment ago
                    invitation = Invitation.objects.create(network=network, email=email, role=role, invited_by=inviter)
            except IntegrityError:
                outcome.already_invited.append(email)
                continue
            _queue_invitation_mail(invitation)
            outcome.invited.append(email)
    return outcome


@transaction.atomic
def resend_invitation(*, invitation):
    """Send a fresh link (valid 14 days from now); earlier links stop working.

    Side effects: new nonce and send time on the invitation, one outbox row.
    """
    invitation = Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation was already accepted or revoked."))
    if invitation.network.is_stopped:
        raise ValidationError(_("This network has stopped; it invites no one any more."))
    invitation.nonce = Invitation._meta.get_field("nonce").get_default()
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["nonce", "sent_at", "send_count"])
    _queue_invitation_mail(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation):
    """Withdraw a pending invitation; its link shows that it was withdrawn. Side effects: the row."""
    invitation = Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation was already accepted or revoked."))
    if invitation.network.is_stopped:
        raise ValidationError(_("This network has stopped; it invites no one any more."))
    invitation.status = Invitation.Status.REVOKED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    return invitation


class InvitationProblem:
    INVALID = "invalid"
    EXPIRED = "expired"
    REPLACED = "replaced"
    REVOKED = "revoked"
    USED = "used"


def open_invitation(token):
    """(invitation, problem) for an invitation link; problem is None when the link can be used."""
    max_age = timezone.timedelta(days=Invitation.VALID_DAYS)
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return None, InvitationProblem.EXPIRED
    except (signing.BadSignature, ValueError, TypeError):
        return None, InvitationProblem.INVALID
    invitation = Invitation.objects.select_related("network", "invited_by").filter(pk=pk).first()
    if invitation is None:
        return None, InvitationProblem.INVALID
    if invitation.status == Invitation.Status.ACCEPTED:
        return invitation, InvitationProblem.USED
    if invitation.status == Invitation.Status.REVOKED:
        return invitation, InvitationProblem.REVOKED
    if nonce != invitation.nonce:
        return invitation, InvitationProblem.REPLACED
    if invitation.is_expired:
        return invitation, InvitationProblem.EXPIRED
    return invitation, None


@transaction.atomic
def accept_invitation(*, invitation, user, school=None, committed_to_attend=False):
    """`user` joins the network in the invited role.

    Side effects: one membership (none if already a member), the invitation marked accepted.
    """
    invitation = Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING or invitation.is_expired or invitation.network.is_stopped:
        raise ValidationError(_("This invitation can no longer be used."))
    membership = _join(
        network=invitation.network,
        user=user,
        role=invitation.role,
        school=school,
        committed_to_attend=committed_to_attend,
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "decided_at"])
    return membership


@transaction.atomic
def register_through_invitation(*, invitation, full_name, password, job_role, language, school, committed_to_attend):
    """Create the account of a new person at the invited address and let them join.

    Side effects: one user, one membership, the invitation marked accepted.
    """
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("There is already an account with this email address. Log in to accept."))
    try:
        user = User.objects.create_user(
            invitation.email, password, full_name=full_name, job_role=job_role, language=language
        )
    except IntegrityError as error:  # the same person submitting twice at once
        raise ValidationError(_("There is already an account with this email address. Log in to accept.")) from error
    membership = accept_invitation(
        invitation=invitation, user=user, school=school, committed_to_attend=committed_to_attend
    )
    return user, membership


# --- Requests to join -----------------------------------------------------------------------------


@transaction.atomic
def request_to_join(*, network, user, school, motivation):
    """Ask to join a listed network; its coordinators get a mail.

    Side effects: one join request, one outbox row per coordinator.
    """
    if not network.is_listed or network.is_stopped:
        raise ValidationError(_("This network does not take requests to join."))
    if Membership.objects.current_of(user, network).exists():
        raise ValidationError(_("You are already a member of this network."))
    if network.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError(_("You already asked to join this network; the coordinators will answer soon."))
    try:
        with transaction.atomic():  # a double click: the second request meets the unique index
            join_request = JoinRequest.objects.create(network=network, user=user, school=school, motivation=motivation)
    except IntegrityError as error:
        raise ValidationError(
            _("You already asked to join this network; the coordinators will answer soon.")
        ) from error
    coordinators = User.objects.filter(
        memberships__network=network,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__left_on__isnull=True,
    )
    for coordinator in coordinators:
        outbox.queue_mail(
            kind=NetworkMail.JOIN_REQUEST,
            recipient=coordinator,
            about=join_request,
            template="join_request",
            context={
                "join_request": join_request,
                "network": network,
                "link": reverse("networks:members", kwargs={"slug": network.slug}),
            },
        )
    return join_request


@transaction.atomic
def decide_join_request(*, join_request, decided_by, accept):
    """Accept (the person joins as a participant) or decline; the person gets a mail either way.

    Side effects: the request row, a membership when accepted, one outbox row.
    """
    # Only the request's row: locking the person's row too (as select_related would) deadlocks with
    # their own invitation being accepted at the same moment, whose membership checks that row.
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",)).select_related("network", "user").get(pk=join_request.pk)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    if accept and join_request.network.is_stopped:
        raise ValidationError(_("This network has stopped; it takes no new members."))
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        _join(
            network=join_request.network,
            user=join_request.user,
            role=Membership.Role.MEMBER,
            school=join_request.school,
        )
    outbox.queue_mail(
        kind=NetworkMail.JOIN_DECISION,
        recipient=join_request.user,
        about=join_request,
        template="join_decision",
        context={
            "join_request": join_request,
            "network": join_request.network,
            "accepted": accept,
            "link": join_request.network.get_absolute_url(),
        },
    )
    return join_request
