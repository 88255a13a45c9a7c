"""Every change of a network's phase, its quota, the members' views and the decision after support.

Each service locks the network row first (the same order as the meetings services: network, then its
meetings), checks the move against rules.py, stores it in the history and queues its mails. Two
coordinators recording the decision at once: the second waits for the lock, then finds the network
decided and is told what was decided.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mail import outbox
from meetings import services as meeting_services
from meetings.models import Meeting
from networks.models import MAX_SUPPORTED_MEETINGS, Membership, Network, Phase

from . import rules
from .mails import LifecycleMail
from .models import COMMENT_LIMIT, FOLLOW_UP_MONTHS, REASON_LIMIT, Decision, PhaseChange, QuotaChange, View

FOLLOW_UP_REMINDER_AFTER = datetime.timedelta(days=14)


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 August + 6 -> 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (following - datetime.timedelta(days=1)).day))


def _lock(network):
    return Network.objects.select_for_update().get(pk=network.pk)


def supported_meetings(network):
    """(held, planned) supported meetings of `network`: planned ones have not been cancelled or held.
    Read from the columns of `columns.supported_meetings` when the network was loaded with them."""
    if hasattr(network, "supported_held"):
        return network.supported_held, network.supported_planned
    counts = Meeting.objects.filter(network=network, is_supported=True).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
    )
    return counts["held"], counts["planned"]


def _check_length(text, limit, field):
    if len(text) > limit:
        raise ValidationError(
            {field: _("At most %(limit)s characters; this has %(count)s.") % {"limit": limit, "count": len(text)}}
        )


def _move(network, target, *, actors, by, reason=""):
    """Apply one move to the locked `network` and keep it in the history. Returns the move."""
    _check_length(reason.strip(), REASON_LIMIT, "reason")
    move = rules.check_move(network.phase, target, actors, reason)
    PhaseChange.objects.create(
        network=network, source=network.phase, target=target, changed_by=by, reason=reason.strip()
    )
    network.phase = target
    network.save(update_fields=["phase", "updated_at"])
    return move


def _current_members(network):
    return Membership.objects.current().filter(network=network).select_related("user", "school")


def _mail_members(network, kind, template, *, occasion="", context=None, links_for=None):
    for membership in _current_members(network):
        outbox.queue_mail(
            kind=kind,
            recipient=membership.user,
            about=network,
            occasion=occasion,
            template=template,
            context={"network": network, **(context or {})},
            links=links_for(membership) if links_for else None,
        )


# --- The supported phase ----------------------------------------------------------------------------


@transaction.atomic
def start_support(*, network, by, actors):
    """forming -> facilitated: the programme's facilitator guides the next meetings, up to the quota.

    Needs a current member in the facilitator role. Side effects: the phase, one history row; meetings
    already planned become supported ones.
    """
    network = _lock(network)
    rules.check_move(network.phase, Phase.FACILITATED, actors)
    if not Membership.objects.current().filter(network=network, role=Membership.Role.FACILITATOR).exists():
        raise ValidationError(_("Invite the facilitator (procesbegeleider) first: the supported phase needs one."))
    # Meetings planned while forming and not held yet are led by the facilitator too: they count.
    planned = Meeting.objects.filter(network=network, status=Meeting.Status.PLANNED)
    if planned.count() > network.supported_meeting_quota:
        raise ValidationError(
            _(
                "%(planned)s meetings are planned, more than the %(quota)s supported ones. "
                "Cancel some before the supported phase starts."
            )
            % {"planned": planned.count(), "quota": network.supported_meeting_quota}
        )
    planned.update(is_supported=True)
    _move(network, Phase.FACILITATED, actors=actors, by=by)
    return network


def check_planning(*, network, planned_by, **kwargs):
    """Receiver of `meetings.signals.planning_meeting`: in the supported phase a new meeting counts as
    supported, and is refused when all supported meetings are held or planned. `network` is locked."""
    if network.phase != Phase.FACILITATED:
        return False
    held, planned = supported_meetings(network)
    if not rules.may_plan_supported(network.phase, network.supported_meeting_quota, held + planned):
        raise ValidationError(
            _(
                "All %(quota)s supported meetings are used: %(held)s held and %(planned)s planned. "
                "After the last one the network decides whether to continue."
            )
            % {"quota": network.supported_meeting_quota, "held": held, "planned": planned}
        )
    return True


def on_meeting_held(*, meeting, recorded_by, **kwargs):
    """Receiver of `meetings.signals.meeting_held`: with one supported meeting to go, the members hear
    it is time to plan what comes after; after the last one, the network moves to deciding."""
    if not meeting.is_supported:
        return
    network = _lock(meeting.network)
    held, _planned = supported_meetings(network)
    quota = network.supported_meeting_quota
    if rules.one_supported_meeting_left(network.phase, quota, held):
        _mail_members(
            network,
            LifecycleMail.LAST_SUPPORTED,
            "lifecycle_last_supported",
            occasion=str(quota),
            context={"quota": quota},
        )
    if rules.decision_is_due(network.phase, quota, held):
        _start_deciding(network)


def _start_deciding(network):
    _move(network, Phase.DECIDING, actors={rules.Actor.PORTAL}, by=None)
    _mail_members(
        network,
        LifecycleMail.DECISION,
        "lifecycle_decision",
        links_for=lambda membership: {
            f"view_links.{choice}": outbox.SecretLink("lifecycle.view", {"membership": membership.pk, "choice": choice})
            for choice in View.Choice.values
        },
    )


@transaction.atomic
def change_quota(*, network, by, quota, reason):
    """VO-raad staff change the number of supported meetings of one network, with a reason that is kept.

    Refused below the supported meetings already held or planned, and once support has ended.
    Side effects: the quota, one history row; in the supported phase, the move to deciding when the
    new quota is reached.
    """
    if not by.is_association_staff:
        raise ValidationError(_("Only VO-raad staff change the number of supported meetings."))
    network = _lock(network)
    if network.phase not in (Phase.FORMING, Phase.FACILITATED):
        raise ValidationError(_("Support has ended for this network; its quota no longer changes."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason: it is kept in the network's history.")})
    _check_length(reason.strip(), REASON_LIMIT, "reason")
    if not 1 <= quota <= MAX_SUPPORTED_MEETINGS:
        raise ValidationError(
            {"quota": _("Between 1 and %(most)s supported meetings.") % {"most": MAX_SUPPORTED_MEETINGS}}
        )
    held, planned = supported_meetings(network)
    if quota < held + planned:
        raise ValidationError(
            {
                "quota": _(
                    "This network already has %(used)s supported meetings (%(held)s held, %(planned)s planned); "
                    "the quota cannot be lower."
                )
                % {"used": held + planned, "held": held, "planned": planned}
            }
        )
    QuotaChange.objects.create(
        network=network,
        old_quota=network.supported_meeting_quota,
        new_quota=quota,
        changed_by=by,
        reason=reason.strip(),
    )
    network.supported_meeting_quota = quota
    network.save(update_fields=["supported_meeting_quota", "updated_at"])
    if rules.decision_is_due(network.phase, quota, held):
        _start_deciding(network)
    return network


# --- The decision ---------------------------------------------------------------------------------


def decided_message(decision):
    """What a second person recording the outcome, or a member giving a view too late, is told."""
    return _("The outcome has already been recorded by %(person)s: %(outcome)s.") % {
        "person": decision.recorded_by.full_name,
        "outcome": decision.get_outcome_display(),
    }


def view_refusal(membership):
    """Why `membership` cannot give a view now (left, account closed, not deciding), or None. The mail
    link's page asks before it shows its button; `give_view` asks again under the lock."""
    network = membership.network
    if membership.left_on is not None or not membership.user.is_active:
        return _("You are no longer a member of %(network)s, so your view is not asked any more.") % {
            "network": network.name
        }
    if network.phase != Phase.DECIDING:
        decided = Decision.objects.filter(network=network).select_related("recorded_by").first()
        if decided is not None:
            return decided_message(decided)
        return _("%(network)s is not deciding whether to continue at the moment.") % {"network": network.name}
    return None


@transaction.atomic
def give_view(*, membership, choice, comment=""):
    """A member's view on continuing (continue / stop / undecided); they may change it until the
    outcome is recorded. Side effects: one view row per member, replaced on a change."""
    network = _lock(membership.network)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    membership.network = network
    problem = view_refusal(membership)
    if problem:
        raise ValidationError(problem)
    if choice not in View.Choice.values:
        raise ValidationError({"choice": _("Choose continue, stop or undecided.")})
    _check_length(comment.strip(), COMMENT_LIMIT, "comment")
    view, _created = View.objects.update_or_create(
        membership=membership,
        defaults={"network": network, "choice": choice, "comment": comment.strip(), "answered_at": timezone.now()},
    )
    return view


@transaction.atomic
def record_outcome(*, network, by, actors, outcome, facilitation="", reason="", follow_up_months=FOLLOW_UP_MONTHS):
    """The coordinator records what the network decided when support ended.

    continue: self-directed, and who facilitates from now on (the facilitator stays a member only when
    the schools pay them on); stop: stopped, with a reason, and its upcoming meetings cancelled;
    intend: intending, followed up after `follow_up_months`.
    Side effects: the phase, one history row, one decision row, the facilitator's membership perhaps
    ended, upcoming meetings perhaps cancelled, one outcome mail per member.
    """
    network = _lock(network)
    decided = Decision.objects.filter(network=network).select_related("recorded_by").first()
    if network.phase != Phase.DECIDING and decided is not None:
        raise ValidationError(decided_message(decided))
    if outcome not in rules.OUTCOME_PHASES:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")})
    if outcome == Decision.Outcome.CONTINUE and facilitation not in Decision.Facilitation.values:
        raise ValidationError({"facilitation": _("Say who facilitates the network from now on.")})
    if outcome == Decision.Outcome.STOP and not reason.strip():
        raise ValidationError({"reason": _("Give a reason: it is kept in the network's history.")})
    if outcome == Decision.Outcome.INTEND and not 1 <= follow_up_months <= 24:
        raise ValidationError({"follow_up_months": _("Ask again between 1 and 24 months from now.")})
    _move(network, rules.OUTCOME_PHASES[outcome], actors=actors, by=by, reason=reason)
    decision = Decision.objects.create(
        network=network,
        outcome=outcome,
        facilitation=facilitation if outcome == Decision.Outcome.CONTINUE else "",
        reason=reason.strip(),
        recorded_by=by,
        follow_up_due=(
            add_months(timezone.localdate(), follow_up_months) if outcome == Decision.Outcome.INTEND else None
        ),
    )
    if outcome == Decision.Outcome.STOP:
        _wind_down(network, reason.strip())
    # Every member at the time of the decision hears the outcome, the facilitator too; then the
    # programme's facilitator leaves unless the schools keep them on.
    _mail_members(network, LifecycleMail.OUTCOME, "lifecycle_outcome", context={"decision": decision})
    if outcome != Decision.Outcome.STOP and facilitation != Decision.Facilitation.PAID_BY_SCHOOLS:
        _release_facilitators(network)
    return decision


def _release_facilitators(network):
    """The programme's facilitator keeps access only if the network keeps them on (paid by the schools).
    They leave as anyone leaves: their seats at upcoming meetings go to whoever waits."""
    for membership in Membership.objects.current().filter(network=network, role=Membership.Role.FACILITATOR):
        meeting_services.end_membership(membership=membership)


def _wind_down(network, reason):
    """A stopped network plans nothing more: its upcoming meetings are cancelled, with a mail each."""
    upcoming = Meeting.objects.filter(network=network, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now())
    for meeting in upcoming.order_by("pk"):
        meeting_services.cancel_meeting(
            meeting=meeting, reason=_("The network has stopped: %(reason)s") % {"reason": reason}
        )


@transaction.atomic
def stop(*, network, by, actors, reason):
    """A network that faded (forming, facilitated) or that stops later (self-directed).

    Side effects: the phase, one history row, upcoming meetings cancelled (a mail each).
    """
    network = _lock(network)
    if network.phase in (Phase.DECIDING, Phase.INTENDING):
        # Those stops are an outcome (record_outcome) or the answer to a follow-up (answer_follow_up):
        # the programme's figures count them from the decision, which this move would skip.
        raise rules.MoveRefused(
            _("Record the decision after support, or the answer to the follow-up, to stop this network.")
        )
    _move(network, Phase.STOPPED, actors=actors, by=by, reason=reason)
    _wind_down(network, reason.strip())
    return network


# --- The intention, followed up -------------------------------------------------------------------


def follow_ups_due(today=None):
    """Ids of decisions whose follow-up question (or its one reminder) is due."""
    today = today or timezone.localdate()
    waiting = Decision.objects.filter(network__phase=Phase.INTENDING, outcome=Decision.Outcome.INTEND, follow_up="")
    ask = waiting.filter(follow_up_due__lte=today, follow_up_asked_at__isnull=True)
    remind = waiting.filter(
        follow_up_asked_at__lte=timezone.now() - FOLLOW_UP_REMINDER_AFTER, follow_up_reminded_at__isnull=True
    )
    return list(ask.values_list("pk", flat=True)), list(remind.values_list("pk", flat=True))


def _coordinators(network):
    return Membership.objects.coordinators().filter(network=network).select_related("user")


@transaction.atomic
def ask_follow_up(decision_id, *, reminder=False):
    """Ask the coordinators whether the network really continued; safe to run twice (the row is locked
    and stamped, and the outbox keeps one mail per kind, network, occasion and person)."""
    decision = Decision.objects.select_for_update().select_related("network").get(pk=decision_id)
    if decision.follow_up or decision.network.phase != Phase.INTENDING:
        return
    stamp = "follow_up_reminded_at" if reminder else "follow_up_asked_at"
    if getattr(decision, stamp) is not None or (reminder and decision.follow_up_asked_at is None):
        return
    setattr(decision, stamp, timezone.now())
    decision.save(update_fields=[stamp])
    kind = LifecycleMail.FOLLOW_UP_REMINDER if reminder else LifecycleMail.FOLLOW_UP
    for membership in _coordinators(decision.network):
        outbox.queue_mail(
            kind=kind,
            recipient=membership.user,
            about=decision.network,
            occasion=decision.follow_up_due.isoformat(),
            template="lifecycle_follow_up",
            context={"network": decision.network, "decision": decision, "reminder": reminder},
            links={"follow_up_link": outbox.SecretLink("lifecycle.follow_up", {"membership": membership.pk})},
        )


def follow_up_refusal(network):
    """Why the follow-up of `network`'s intention cannot be answered (already answered, nothing to
    answer), or None."""
    decided = Decision.objects.filter(network=network).first()
    if decided is not None and decided.follow_up:
        return _("This question has already been answered: %(answer)s.") % {"answer": decided.get_follow_up_display()}
    if network.phase != Phase.INTENDING or decided is None:
        return _("%(network)s has no intention to continue waiting for an answer.") % {"network": network.name}
    return None


@transaction.atomic
def answer_follow_up(*, network, by, actors, continued, reason=""):
    """The answer to the follow-up: the intention came true (self-directed) or not (stopped).
    The intention stays in the history, so figures count both. Side effects: the phase, history,
    the decision's follow-up; when stopped, upcoming meetings cancelled."""
    network = _lock(network)
    problem = follow_up_refusal(network)
    if problem:
        raise ValidationError(problem)
    decision = Decision.objects.select_for_update().get(network=network)
    target = Phase.SELF_DIRECTED if continued else Phase.STOPPED
    _move(network, target, actors=actors, by=by, reason=reason)
    decision.follow_up = Decision.FollowUp.CONTINUED if continued else Decision.FollowUp.STOPPED
    decision.followed_up_at = timezone.now()
    decision.save(update_fields=["follow_up", "followed_up_at"])
    if not continued:
        _wind_down(network, reason.strip() or _("the intention to continue did not come true"))
    return decision
