"""The health of active networks: signals, each defined once, and the status they add up to.

A signal has a name, a label, a one-line definition (the "how do we count this?"), a threshold and what to do
about it. `for_networks(ids)` computes the health of many networks in three queries however many there
are (the networks; their last three held meetings with who was present, and their latest planned meeting;
their current members); `for_network(network)` does the same for one network that a page has already read.
Stopped networks have no health. A network with fewer held meetings than a signal needs does not trigger it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from itertools import pairwise

from django.db import models
from django.db.models import F, FilteredRelation, Q, Window
from django.db.models.functions import DenseRank
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.prepared import PreparedQuery
from meetings.models import Meeting
from networks.models import Membership, Network, Phase

from .registry import Figure, Unit, register

# --- Thresholds -----------------------------------------------------------------------------------

# Attendance falls when the present counts of this many last held meetings go strictly down.
FALLING_OVER_MEETINGS = 3
# Fewer than this share of the committed members present at the last held meeting.
COMMITTED_PRESENT_MIN_SHARE = Fraction(1, 2)
# More than this share of those present at the last held meeting were not present at the one before.
NEW_ATTENDEES_MAX_SHARE = Fraction(2, 5)
# Weeks after the last held meeting, per planned cadence, by which a next meeting should be planned.
WEEKS_TO_NEXT_MEETING = {
    Network.Cadence.WEEKS_4_6: 6,
    Network.Cadence.WEEKS_6_8: 8,
    Network.Cadence.QUARTERLY: 16,
}
WEEKS_TO_NEXT_MEETING_OTHERWISE = 12
# A school is absent when none of its current members was present at any of this many last held meetings.
SCHOOL_ABSENT_MEETINGS = 2
# The status: at risk from this many reasons on (one reason: needs attention).
AT_RISK_FROM_REASONS = 2

# The most held meetings any signal looks back over.
MEETINGS_LOOKED_AT = max(FALLING_OVER_MEETINGS, SCHOOL_ABSENT_MEETINGS, 2)


# A planned meeting this recently past still counts as the next meeting: its list may not be in yet.
UNRECORDED_GRACE = timedelta(days=7)


def weeks_to_next_meeting(cadence):
    return WEEKS_TO_NEXT_MEETING.get(cadence, WEEKS_TO_NEXT_MEETING_OTHERWISE)


def _percent(share):
    # The sign goes with the number, so the messages hold no "%" that gettext would take for a format.
    return f"{round(share * 100)}%"


# --- Signals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    name: str  # a slug, unique among signals and figures
    label: object  # lazy translation
    definition: object  # one line: how do we count this?
    threshold: object  # the constant the definition names (a count, a share, a table of weeks, or None)
    advice: object  # what the coordinator can do about it
    meetings_needed: int  # held meetings a network needs before the signal can fire

    def __str__(self):
        return str(self.label)


FALLING_ATTENDANCE = Signal(
    name="falling_attendance",
    label=_("Attendance is falling"),
    definition=format_lazy(
        _("Fewer people were present at each of the last {meetings} held meetings than at the one before it."),
        meetings=FALLING_OVER_MEETINGS,
    ),
    threshold=FALLING_OVER_MEETINGS,
    advice=_(
        "Ask the members what would make the meetings worth their time, and whether the day, time and place "
        "still suit them."
    ),
    meetings_needed=FALLING_OVER_MEETINGS,
)

COMMITTED_AWAY = Signal(
    name="committed_away",
    label=_("Committed members stay away"),
    definition=format_lazy(
        _(
            "Fewer than {percent} of the current members who committed to attend every meeting were present at "
            "the last held meeting."
        ),
        percent=_percent(COMMITTED_PRESENT_MIN_SHARE),
    ),
    threshold=COMMITTED_PRESENT_MIN_SHARE,
    advice=_(
        "Call the committed members who stayed away: is the commitment still realistic, and what would help them come?"
    ),
    meetings_needed=1,
)

MANY_NEW_ATTENDEES = Signal(
    name="many_new_attendees",
    label=_("Many new faces"),
    definition=format_lazy(
        _(
            "More than {percent} of the people present at the last held meeting were not present at the held "
            "meeting before it."
        ),
        percent=_percent(NEW_ATTENDEES_MAX_SHARE),
    ),
    threshold=NEW_ATTENDEES_MAX_SHARE,
    advice=_(
        "Start with a short look back at the learning question for the newcomers, and ask those who stayed away why."
    ),
    meetings_needed=2,
)

NO_NEXT_MEETING = Signal(
    name="no_next_meeting",
    label=_("No next meeting planned"),
    definition=format_lazy(
        _(
            "No meeting is planned after the last held one, which was more than {weeks_4_6} weeks ago (cadence "
            "every 4 to 6 weeks), {weeks_6_8} (6 to 8 weeks), {quarterly} (3 to 4 times a year) or {other} (other)."
        ),
        weeks_4_6=WEEKS_TO_NEXT_MEETING[Network.Cadence.WEEKS_4_6],
        weeks_6_8=WEEKS_TO_NEXT_MEETING[Network.Cadence.WEEKS_6_8],
        quarterly=WEEKS_TO_NEXT_MEETING[Network.Cadence.QUARTERLY],
        other=WEEKS_TO_NEXT_MEETING_OTHERWISE,
    ),
    threshold=WEEKS_TO_NEXT_MEETING,
    advice=_("Plan the next meeting now, with a provisional date if need be, and agree on a fixed rhythm."),
    meetings_needed=1,
)

SCHOOLS_AWAY = Signal(
    name="schools_away",
    label=_("Schools stay away"),
    definition=format_lazy(
        _("A school with current members from which nobody was present at any of the last {meetings} held meetings."),
        meetings=SCHOOL_ABSENT_MEETINGS,
    ),
    threshold=SCHOOL_ABSENT_MEETINGS,
    advice=_(
        "Get in touch with the school: does the theme still matter there, and could someone else represent the school?"
    ),
    meetings_needed=SCHOOL_ABSENT_MEETINGS,
)

NO_LEARNING_QUESTION = Signal(
    name="no_learning_question",
    label=_("No learning question"),
    definition=_("The network has not written down its learning question."),
    threshold=None,
    advice=_("Put the learning question into words together at the next meeting and add it to the network page."),
    meetings_needed=0,
)

# Every signal, in the order a page lists reasons.
SIGNALS = (
    FALLING_ATTENDANCE,
    COMMITTED_AWAY,
    MANY_NEW_ATTENDEES,
    NO_NEXT_MEETING,
    SCHOOLS_AWAY,
    NO_LEARNING_QUESTION,
)


def get(name):
    for signal in SIGNALS:
        if signal.name == name:
            return signal
    raise LookupError(f"No health signal is called {name!r}; known are: {', '.join(s.name for s in SIGNALS)}.")


# --- Status ---------------------------------------------------------------------------------------


class Status(models.TextChoices):
    HEALTHY = "healthy", pgettext_lazy("network health", "Healthy")
    NEEDS_ATTENTION = "needs_attention", pgettext_lazy("network health", "Needs attention")
    AT_RISK = "at_risk", pgettext_lazy("network health", "At risk")


def status_for(reasons):
    """Healthy without reasons, needs attention with one, at risk with two or more (AT_RISK_FROM_REASONS)."""
    if not reasons:
        return Status.HEALTHY
    if len(reasons) < AT_RISK_FROM_REASONS:
        return Status.NEEDS_ATTENTION
    return Status.AT_RISK


@dataclass(frozen=True)
class Health:
    status: Status
    reasons: list = field(default_factory=list)  # the Signals that fired, in the order of SIGNALS
    # Per fired signal's name, what a page can show beside it: present counts, school names.
    facts: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.status.label

    @property
    def signals(self):
        """Every signal, for the "how do we count this?" beside the status."""
        return SIGNALS

    @property
    def badge_class(self):
        """Bootstrap classes for the status; the page shows the status in words as well."""
        return {
            Status.HEALTHY: "text-bg-success",
            Status.NEEDS_ATTENTION: "text-bg-warning",
            Status.AT_RISK: "text-bg-danger",
        }[self.status]

    @property
    def reason_rows(self):
        """(signal, facts) pairs, for a template."""
        return [(signal, self.facts.get(signal.name)) for signal in self.reasons]


# --- Computing ------------------------------------------------------------------------------------


def for_networks(network_ids, *, now=None):
    """{network id: Health} for the active networks among `network_ids` (stopped ones are left out), in three
    queries however many networks there are: the networks, their meetings with who was present, their members."""
    networks = list(
        Network.objects.filter(pk__in=list(network_ids))
        .exclude(phase=Phase.STOPPED)
        .order_by()
        .only("pk", "phase", "cadence", "learning_question")
    )
    return _compute(networks, now=now)


def for_loaded_networks(networks, *, now=None):
    """{network id: Health} of networks a page has already read (each with pk, phase, cadence and
    learning_question; stopped ones are left out), in two queries however many there are."""
    return _compute([network for network in networks if network.phase != Phase.STOPPED], now=now)


# What the signals read of each current member; a page that reads the members passes these columns first.
MEMBER_COLUMNS = ("pk", "committed_to_attend", "school_id", "school__name", "joined_on")


def for_network(network, *, members=None, now=None):
    """The Health of one network a page has already read (None for a stopped one), in one query when the page
    passes the network's current `members`, as rows of MEMBER_COLUMNS, else in two."""
    if network.phase == Phase.STOPPED:
        return None
    return _compute([network], members=members, now=now)[network.pk]


def _attendee_rows(**networks):
    """A row per (meeting, person present) of the last held meetings and the latest planned one of the
    `networks` (a lookup: `network_id=` or `network_id__in=`), ranked within each network."""
    return (
        Meeting.objects.filter(**networks, status__in=[Meeting.Status.HELD, Meeting.Status.PLANNED])
        .alias(came=FilteredRelation("attendances", condition=Q(attendances__present=True)))
        .annotate(
            recency=Window(
                DenseRank(),
                partition_by=[F("network_id"), F("status")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            )
        )
        .filter(
            Q(status=Meeting.Status.HELD, recency__lte=MEETINGS_LOOKED_AT) | Q(status=Meeting.Status.PLANNED, recency=1)
        )
        .order_by()
        .values_list(
            "network_id",
            "status",
            "recency",
            "starts_at",
            "came__membership_id",
            "came__membership__user_id",
            "came__membership__school_id",
        )
    )


# A network's own page asks for one network: that query is built and compiled once (common/prepared.py).
_ATTENDEE_ROWS_OF_ONE = PreparedQuery(Meeting, lambda network: _attendee_rows(network_id=network))


def _meetings_with_attendees(ids):
    """Per network, its last held meetings (newest first) with who was present at each, and the start of its
    latest planned meeting: one query."""
    rows = _ATTENDEE_ROWS_OF_ONE.all(network=ids[0]) if len(ids) == 1 else _attendee_rows(network_id__in=ids)
    held = defaultdict(dict)  # {network id: {recency: {"starts_at": ..., "present": [...]}}}
    latest_planned = {}
    for network_id, status, recency, starts_at, membership_id, user_id, school_id in rows:
        if status == Meeting.Status.PLANNED:
            latest_planned[network_id] = starts_at
            continue
        meeting = held[network_id].setdefault(recency, {"starts_at": starts_at, "present": []})
        if membership_id is not None:
            meeting["present"].append((membership_id, user_id, school_id))
    last_held = {network_id: [meetings[rank] for rank in sorted(meetings)] for network_id, meetings in held.items()}
    return last_held, latest_planned


def _compute(networks, *, members=None, now=None):
    now = now or timezone.now()
    if not networks:
        return {}
    ids = [network.pk for network in networks]
    last_held, latest_planned = _meetings_with_attendees(ids)

    # Current members: who committed to attend, and their schools.
    if members is None:
        members = (
            Membership.objects.current()
            .filter(network_id__in=ids)
            .order_by()
            .values_list("network_id", *MEMBER_COLUMNS)
        )
    else:  # one network's, read by its page
        members = [(ids[0], *row) for row in members]
    last_day = {network_id: timezone.localdate(meetings[0]["starts_at"]) for network_id, meetings in last_held.items()}
    committed = defaultdict(set)
    schools = defaultdict(dict)
    for network_id, membership_id, is_committed, school_id, school_name, joined_on in members:
        # Someone who joined after the last held meeting could not have been there: they count from the next.
        if network_id in last_day and joined_on > last_day[network_id]:
            continue
        if is_committed:
            committed[network_id].add(membership_id)
        if school_id is not None:
            schools[network_id][school_id] = school_name

    result = {}
    for network in networks:
        meetings = last_held.get(network.pk, [])  # newest first
        attendees = [meeting["present"] for meeting in meetings]
        checks = (
            (FALLING_ATTENDANCE, _falling_attendance(attendees)),
            (COMMITTED_AWAY, _committed_away(attendees, committed[network.pk])),
            (MANY_NEW_ATTENDEES, _many_new_attendees(attendees)),
            (NO_NEXT_MEETING, _no_next_meeting(network, meetings, latest_planned.get(network.pk), now)),
            (SCHOOLS_AWAY, _schools_away(attendees, schools[network.pk])),
            (NO_LEARNING_QUESTION, _no_learning_question(network)),
        )
        reasons = [signal for signal, fact in checks if fact is not None]
        facts = {signal.name: fact for signal, fact in checks if fact is not None}
        result[network.pk] = Health(status=status_for(reasons), reasons=reasons, facts=facts)
    return result


# Each check below returns None when its signal does not fire, and otherwise what a page can show about it.
# `attendees` holds, per last held meeting (newest first), the (membership, user, school) of those present.


def _falling_attendance(attendees):
    if len(attendees) < FALLING_OVER_MEETINGS:
        return None
    counts = [len(rows) for rows in reversed(attendees[:FALLING_OVER_MEETINGS])]  # oldest first
    if all(earlier > later for earlier, later in pairwise(counts)):
        return " \u2192 ".join(str(count) for count in counts)
    return None


def _committed_away(attendees, committed):
    if not attendees or not committed:
        return None
    came = {membership_id for membership_id, _user, _school in attendees[0]} & committed
    if len(came) < COMMITTED_PRESENT_MIN_SHARE * len(committed):
        return format_lazy(_("{present} of {committed} present"), present=len(came), committed=len(committed))
    return None


def _many_new_attendees(attendees):
    if len(attendees) < 2:
        return None
    last = {user_id for _membership, user_id, _school in attendees[0]}
    before = {user_id for _membership, user_id, _school in attendees[1]}
    new = last - before
    if last and len(new) > NEW_ATTENDEES_MAX_SHARE * len(last):
        return format_lazy(_("{new} of {present} new"), new=len(new), present=len(last))
    return None


def _no_next_meeting(network, meetings, latest_planned, now):
    if not meetings:
        return None
    last = meetings[0]["starts_at"]
    # A planned meeting counts as the next one when it lies ahead, or took place so recently that its
    # attendance may not be recorded yet; one long past that was never held or cancelled does not.
    if latest_planned is not None and latest_planned > max(last, now - UNRECORDED_GRACE):
        return None
    if now - last > timedelta(weeks=weeks_to_next_meeting(network.cadence)):
        return format_lazy(_("last held meeting {weeks} weeks ago"), weeks=(now - last).days // 7)
    return None


def _schools_away(attendees, schools):
    if len(attendees) < SCHOOL_ABSENT_MEETINGS or not schools:
        return None
    came = {school_id for rows in attendees[:SCHOOL_ABSENT_MEETINGS] for _membership, _user, school_id in rows}
    away = sorted(name for school_id, name in schools.items() if school_id not in came)
    return ", ".join(away) if away else None


def _no_learning_question(network):
    return "" if not (network.learning_question or "").strip() else None


# --- As a figure ------------------------------------------------------------------------------------

HEALTH = register(
    Figure(
        name="health",
        label=_("Health of active networks"),
        definition=format_lazy(
            _(
                "Active networks by their health today: healthy when none of the signals is on, needing attention "
                "with one, at risk with {reasons} or more. Health is known for today only, not for past years."
            ),
            reasons=AT_RISK_FROM_REASONS,
        ),
        unit=Unit.NETWORKS,
        higher_is_better=True,
    )
)


def status_counts(healths):
    """{Status: number of networks} over the Health values of `for_networks`, every status present."""
    counts = dict.fromkeys(Status, 0)
    for found in healths:
        counts[found.status] += 1
    return counts
