"""A national-scale dataset for timing the staff dashboards: 10,000 networks of the whole programme since
August 2022, with their schools, people, meetings, answers, attendance, evaluations and phase history.

    BENCH_NATIONAL_SCALE=0.01 python bench/national_data.py    # prints what it made and how long it took

`load(scale)` is the same for other bench scripts. Every size below is multiplied by the scale (default
1.0, from BENCH_NATIONAL_SCALE); regions and themes stay as in the demo.

Speed: the rows are drawn in Python from one seeded random generator (the same rows for the same moment
`now`: the dates are spread up to it) and streamed into PostgreSQL with COPY, one table after another,
with ids assigned here; then the sequences are set past those ids and every table is analysed. Nothing
goes through the ORM, so no signal runs: the default reminder rules that
`meetings.reminders.on_network_saved` gives a new network are written here as rows, and no Reminder rows
are made (no meeting has a pending reminder), nor notes, invitations, requests to join or mails. Every
database constraint holds (COPY checks them, the foreign keys included), and the phases follow
lifecycle/rules.py: each network's PhaseChange rows lead to its phase, and each network past the
decision has a Decision row that matches it.

Everyone gets the same password hash (of PASSWORD): one hash, not 200,000. The staff login for the
dashboards is STAFF_EMAIL.
"""

import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from itertools import islice
from zoneinfo import ZoneInfo

import django
from django.apps import apps as django_apps

if not django_apps.ready:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
    django.setup()

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.plan import REGIONS
from demo.words import (
    BOARD_AREA_HEADS,
    BOARD_AREA_TAILS,
    BOARD_FORMS,
    CITIES,
    EVALUATION_COMMENTS,
    FADED_REASON,
    FIRST_NAMES,
    GENERAL_TOPICS,
    INTENTION_CONTINUED_REASON,
    INTENTION_STOPPED_REASON,
    LEARNING_QUESTIONS,
    RSVP_COMMENTS,
    SCHOOL_CORES,
    STOP_REASONS,
    SURNAMES,
    THEME_TOPICS,
    THEMES,
    TYPES_FOR_LEVELS,
    VIEW_COMMENTS,
)
from lifecycle.models import FOLLOW_UP_MONTHS, Decision, PhaseChange, View
from lifecycle.services import add_months
from meetings.models import (
    DEFAULT_REMINDER_RULES,
    Attendance,
    EvaluationAnswer,
    EvaluationResponse,
    FollowUp,
    Meeting,
    ReminderRule,
    Rsvp,
)
from members.models import User
from networks.models import SUPPORTED_MEETINGS, Board, Membership, Network, Phase, Region, School, Theme

# --- Sizes at scale 1.0 -------------------------------------------------------------------------------

NETWORKS = 10_000
SCHOOLS = 9_000  # at most 67,600: the BRIN codes 00AA..99ZZ
BOARDS = 500
PEOPLE = 200_000
MEETINGS = 100_000  # aimed at: the meetings of the self-directed phase are spaced to reach it
RSVPS = 2_000_000  # aimed at: each member answers with the chance that reaches it
MEMBERS_PER_NETWORK = (20, 36)  # memberships ever, facilitator and those who left included
FACILITATOR_NETWORKS = 40  # the programme's facilitators are a pool: each guides about this many networks
EVALUATED_SHARE = 0.4  # of the held meetings
# Smallest sizes, so that a tiny scale still has every region covered.
MINIMUM = {"networks": 8, "schools": 16, "boards": 8, "people": 100, "meetings": 16, "rsvps": 100}

SEED = 2022
PROGRAMME_START = date(2022, 8, 1)
PASSWORD = "bench"
STAFF_EMAIL = "vo-raad@national.bench.test"
DOMAIN = "national.bench.test"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# How networks go (lifecycle/rules.py): some fade before or during support; the decision after support is
# continue / stop / intend as in the programme's figures; some intentions come true; some self-directed
# networks stop later.
FADE_FORMING = 0.06
FADE_SUPPORTED = 0.06
OUTCOMES = {"continue": 62, "stop": 24, "intend": 14}
FACILITATION = {"paid_by_schools": 35, "member": 50, "nobody": 15}
INTENTION_CONTINUED = 0.55
SELF_DIRECTED_STOPS = 0.2
CADENCE_DAYS = {"weeks_4_6": 35, "weeks_6_8": 49, "quarterly": 105, "other": 56}
KINDS = {"regional": 75, "internal": 15, "cross_regional": 10}
AMBITIONS = {"individual": 25, "school": 50, "region": 25}
THEME_WEIGHTS = {
    "lerende-cultuur": 22,
    "shrm": 22,
    "regionale-samenwerking": 14,
    "pso-breed": 8,
    "professionalisering-teamleiders": 16,
    "shrm-in-de-praktijk": 10,
    "verdieping-shrm": 8,
}
JOB_ROLES = {"teacher": 40, "team_leader": 25, "school_leader": 12, "hr_adviser": 10, "board_member": 3, "other": 10}
WORK_FORMS = [choice.value for choice in Meeting.WorkForm]


def sizes(scale):
    base = {"networks": NETWORKS, "schools": SCHOOLS, "boards": BOARDS, "people": PEOPLE}
    base |= {"meetings": MEETINGS, "rsvps": RSVPS}
    return {name: max(MINIMUM[name], round(count * scale)) for name, count in base.items()}


def scale_from_environment():
    return float(os.environ.get("BENCH_NATIONAL_SCALE", "1.0"))


# --- Text format of COPY --------------------------------------------------------------------------------

NULL = "\\N"


def _text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _bool(value):
    return "t" if value else "f"


def _opt(value):
    return NULL if value is None else str(value)


def _ts(value):
    return NULL if value is None else value.isoformat()


def _constant(field):
    """The COPY text of a column this script leaves to the field's default, or None for NULL."""
    if field.null and not field.has_default():
        return None
    default = field.default
    if not field.has_default() and field.empty_strings_allowed and field.blank:
        return ""  # Django's own default for a blank text column
    if default is list:
        return "{}"
    if not field.has_default() or callable(default):
        raise ValueError(f"national_data does not fill {field.model.__name__}.{field.name}: give it a value")
    if isinstance(default, bool):
        return _bool(default)
    return _text(str(default))


class _Lines:
    """A file for copy_expert: the lines of a generator, a few thousand at a time, so that a table of
    millions of rows never sits in memory as one string. `suffix` (the columns left to their defaults)
    ends every line."""

    def __init__(self, lines, suffix):
        self.lines, self.end = lines, suffix + "\n"
        self.count = 0

    def read(self, size=-1):
        chunk = list(islice(self.lines, 4000))
        self.count += len(chunk)
        return self.end.join(chunk) + self.end if chunk else ""

    readline = read


def _copy(cursor, model, fields, lines):
    """COPY `lines` (the values of `fields`, already in COPY text format, tab-separated) into the table of
    `model`; every other column gets the field's constant default or NULL. Returns the number of rows."""
    qn = connection.ops.quote_name
    rest = [f for f in model._meta.concrete_fields if f.name not in fields]
    constants = [(f, _constant(f)) for f in rest]
    filled = [(f, value) for f, value in constants if value is not None]
    columns = [model._meta.get_field(name).column for name in fields] + [f.column for f, _v in filled]
    suffix = "".join("\t" + value for _f, value in filled)
    source = _Lines(iter(lines), suffix)
    table = qn(model._meta.db_table)
    cursor.copy_expert(f"COPY {table} ({', '.join(map(qn, columns))}) FROM STDIN", source, 1 << 16)
    return source.count


# --- Drawing the rows -----------------------------------------------------------------------------------


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _days(rng, low, high):
    return timedelta(seconds=rng.uniform(low, high) * 86400)


def _slot(rng, moment):
    """The meeting time nearest after `moment`: a Tuesday to Thursday afternoon in Amsterdam, in UTC."""
    day = moment.astimezone(AMSTERDAM).date()
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    hour, minute = rng.choice([(14, 0), (15, 0), (15, 30), (16, 0)])
    starts = datetime.combine(day, clock(hour, minute), AMSTERDAM).astimezone(UTC)
    return starts, starts + timedelta(minutes=rng.choice([120, 120, 150, 180]))


class _Meeting:
    __slots__ = ("answers", "eligible", "ends", "id", "network", "number", "starts", "status", "supported")

    def __init__(self, network, starts, ends, status, supported):
        self.network, self.starts, self.ends, self.status, self.supported = network, starts, ends, status, supported
        self.id = self.number = None
        self.eligible = self.answers = None


class _Network:
    """One network's rows in the making: its timeline decides its phase, meetings and members."""

    def __init__(self, pk):
        self.id = pk
        self.changes = []  # (when, source, target, by coordinator?, reason)
        self.decision = None
        self.meetings = []
        self.memberships = []  # indices into Build.memberships
        self.phase = Phase.FORMING
        self.support_from = self.decided_at = self.self_directed_from = self.stopped_at = None
        self.releases_facilitator = False


class Build:
    def __init__(self, scale, now=None):
        self.scale, self.size = scale, sizes(scale)
        self.rng = random.Random(SEED)
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.today = self.now.astimezone(AMSTERDAM).date()

    # Reference data: regions, themes, boards, schools.

    def reference(self):
        rng = self.rng
        self.regions = [(pk, name, slugify(name)) for pk, (name, _schools, _boards) in enumerate(REGIONS, 1)]
        self.themes = [(pk, name, slugify(name), text) for pk, (name, text) in enumerate(THEMES, 1)]
        region_weights = [schools for _name, schools, _boards in REGIONS]

        areas = [head + tail for head in BOARD_AREA_HEADS for tail in BOARD_AREA_TAILS]
        numbers = rng.sample(range(100_000), self.size["boards"])
        self.boards = []  # (id, name, number, city, region id)
        for index, number in enumerate(numbers):
            region = self.regions[index % len(self.regions)]  # every region has boards
            form, _short = rng.choice(BOARD_FORMS)
            name = form.format(area=rng.choice(areas))
            self.boards.append((index + 1, name, f"{number:05d}", rng.choice(CITIES[region[1]]), region[0]))
        boards_of_region = {}
        for board in self.boards:
            boards_of_region.setdefault(board[4], []).append(board[0])

        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        codes = rng.sample(range(100 * 26 * 26), self.size["schools"])
        level_sets = [(levels, weight, types) for levels, weight, types in TYPES_FOR_LEVELS]
        self.schools = []  # (id, name, brin, city, region id, board id, levels)
        self.schools_of_region, self.schools_of_board = {}, {}
        for index, code in enumerate(codes):
            brin = f"{code // 676:02d}{letters[code // 26 % 26]}{letters[code % 26]}"
            region = self.regions[index] if index < len(self.regions) else rng.choices(self.regions, region_weights)[0]
            levels, _weight, types = rng.choices(level_sets, [w for _l, w, _t in level_sets])[0]
            board = rng.choice(boards_of_region[region[0]]) if rng.random() < 0.97 else None
            pk = index + 1
            city = rng.choice(CITIES[region[1]])
            self.schools.append(
                (pk, f"{rng.choice(SCHOOL_CORES)} {rng.choice(types)}", brin, city, region[0], board, levels)
            )
            self.schools_of_region.setdefault(region[0], []).append(pk)
            if board:
                self.schools_of_board.setdefault(board, []).append(pk)
        self.boards_of_region = {
            region: [b for b in boards if b in self.schools_of_board] for region, boards in boards_of_region.items()
        }

    # Networks and their timelines.

    def networks(self):
        rng = self.rng
        span = (self.now - timedelta(days=2)) - datetime.combine(PROGRAMME_START, clock(8), UTC)
        self.nets = []
        theme_by_slug = {slug: (pk, name, slug) for pk, name, slug, _text in self.themes}
        for pk in range(1, self.size["networks"] + 1):
            net = _Network(pk)
            net.created = datetime.combine(PROGRAMME_START, clock(8), UTC) + span * rng.random()
            net.region = rng.choices(self.regions, [s for _n, s, _b in REGIONS])[0]
            net.theme = theme_by_slug[_weighted(rng, THEME_WEIGHTS)]
            net.kind = _weighted(rng, KINDS)
            net.board = None
            if net.kind == "internal" and self.boards_of_region.get(net.region[0]):
                net.board = rng.choice(self.boards_of_region[net.region[0]])
                pool = self.schools_of_board[net.board]
            else:
                net.kind = "regional" if net.kind == "internal" else net.kind
                pool = self.schools_of_region[net.region[0]]
            net.schools = rng.sample(pool, min(len(pool), rng.randint(5, 10)))
            net.cadence = _weighted(rng, {"weeks_4_6": 25, "weeks_6_8": 45, "quarterly": 20, "other": 10})
            city = rng.choice(CITIES[net.region[1]])
            net.name = f"{net.theme[1]} {city} {pk}"
            net.slug = f"{net.theme[2]}-{slugify(city)}-{pk}"
            self._timeline(net)
            self.nets.append(net)
        self._self_directed_meetings()
        self._number_meetings()

    def _timeline(self, net):
        rng, now = self.rng, self.now

        def move(when, target, *, by=True, reason=""):
            net.changes.append((when, net.phase, target, by, reason))
            net.phase = target

        def future_meeting(supported=False):
            starts, ends = _slot(rng, now + _days(rng, 3, 60))
            net.meetings.append(_Meeting(net, starts, ends, "planned", supported))

        if rng.random() < FADE_FORMING:
            fades = net.created + _days(rng, 30, 240)
            if fades < now:
                move(fades, Phase.STOPPED, reason=FADED_REASON)
                net.stopped_at = fades
            return
        net.support_from = net.created + _days(rng, 14, 100)
        if net.support_from >= now:
            net.support_from = None
            if rng.random() < 0.6:
                future_meeting()
            return
        move(net.support_from, Phase.FACILITATED)
        interval = CADENCE_DAYS[net.cadence]
        fades_after = rng.randint(1, SUPPORTED_MEETINGS - 1) if rng.random() < FADE_SUPPORTED else None
        moment = net.support_from + _days(rng, 10, 40)
        held = []
        while len(held) < SUPPORTED_MEETINGS:
            if fades_after is not None and len(held) == fades_after:
                fades = held[-1].ends + _days(rng, 20, 90)
                if fades < now:
                    move(fades, Phase.STOPPED, reason=FADED_REASON)
                    net.stopped_at = fades
                else:
                    future_meeting(supported=True)
                return
            starts, ends = _slot(rng, moment)
            if ends > now - timedelta(days=1):  # not yet held: the next supported meeting is planned
                starts, ends = _slot(rng, max(moment, now + timedelta(days=1)))
                net.meetings.append(_Meeting(net, starts, ends, "planned", True))
                return
            held.append(_Meeting(net, starts, ends, "held", True))
            net.meetings.append(held[-1])
            moment = starts + _days(rng, interval * 0.8, interval * 1.25)
        # The portal moves to deciding when the last supported meeting is recorded as held.
        recorded = held[-1].ends + _days(rng, 0.05, 1)
        if recorded >= now:
            held[-1].status = "planned"
            return
        move(recorded, Phase.DECIDING, by=False)
        net.decided_at = recorded + _days(rng, 7, 70)
        if net.decided_at >= now:
            net.decided_at = None
            return
        outcome = _weighted(rng, OUTCOMES)
        decided = net.decided_at
        net.decision = {"outcome": outcome, "facilitation": "", "reason": "", "recorded_at": decided}
        if outcome == "continue":
            net.decision["facilitation"] = _weighted(rng, FACILITATION)
            move(decided, Phase.SELF_DIRECTED)
            net.self_directed_from = decided
        elif outcome == "stop":
            net.decision["reason"] = rng.choice(STOP_REASONS)
            move(decided, Phase.STOPPED, reason=net.decision["reason"])
            net.stopped_at = decided
        else:
            move(decided, Phase.INTENDING)
            due = add_months(decided.astimezone(AMSTERDAM).date(), FOLLOW_UP_MONTHS)
            net.decision["follow_up_due"] = due
            asked = datetime.combine(due, clock(7), AMSTERDAM).astimezone(UTC)
            if asked < now:
                net.decision["follow_up_asked_at"] = asked
                answered = asked + _days(rng, 1, 40)
                if answered < now:
                    continued = rng.random() < INTENTION_CONTINUED
                    reason = INTENTION_CONTINUED_REASON if continued else INTENTION_STOPPED_REASON
                    move(answered, Phase.SELF_DIRECTED if continued else Phase.STOPPED, reason=reason)
                    net.decision |= {"follow_up": "continued" if continued else "stopped", "followed_up_at": answered}
                    if continued:
                        net.self_directed_from = answered
                    else:
                        net.stopped_at = answered
        # The programme's facilitator leaves unless the schools pay them on (lifecycle.services.record_outcome).
        net.releases_facilitator = outcome != "stop" and net.decision["facilitation"] != "paid_by_schools"
        if net.self_directed_from and rng.random() < SELF_DIRECTED_STOPS:
            stops = net.self_directed_from + _days(rng, 120, 800)
            if stops < now:
                move(stops, Phase.STOPPED, reason=rng.choice(STOP_REASONS))
                net.stopped_at = stops

    def _self_directed_meetings(self):
        """Space the meetings of the self-directed phase so that all meetings together reach the size."""
        rng, now = self.rng, self.now
        fixed = sum(len(net.meetings) for net in self.nets)
        directed = [net for net in self.nets if net.self_directed_from]
        weight = {c: d / CADENCE_DAYS["weeks_6_8"] for c, d in CADENCE_DAYS.items()}
        span = sum(((net.stopped_at or now) - net.self_directed_from).days / weight[net.cadence] for net in directed)
        wanted = max(1, self.size["meetings"] - fixed - len(directed))  # each active one plans one ahead too
        # A network's first meeting after the decision comes 0.3 to 1 interval later: 0.65 meetings fewer each.
        base = min(365.0, max(14.0, span / (wanted + 0.65 * len(directed))))
        for net in directed:
            end = net.stopped_at or now
            interval = base * weight[net.cadence]
            moment = net.self_directed_from + _days(rng, interval * 0.3, interval)
            while True:
                starts, ends = _slot(rng, moment)
                if ends >= end:
                    break
                if rng.random() < 0.03:
                    status = "cancelled"
                elif ends > now - timedelta(days=7) and rng.random() < 0.4:
                    status = "planned"  # not yet recorded
                else:
                    status = "held"
                net.meetings.append(_Meeting(net, starts, ends, status, False))
                moment = starts + _days(rng, interval * 0.8, interval * 1.2)
            if not net.stopped_at:
                starts, ends = _slot(rng, max(moment, now + timedelta(days=2)))
                status = "cancelled" if rng.random() < 0.03 else "planned"
                net.meetings.append(_Meeting(net, starts, ends, status, False))

    def _number_meetings(self):
        self.meetings = []
        for net in self.nets:
            net.meetings.sort(key=lambda m: m.starts)
            for number, meeting in enumerate(net.meetings, 1):
                meeting.number, meeting.id = number, len(self.meetings) + 1
                self.meetings.append(meeting)

    # People and memberships.

    def people(self):
        rng, today = self.rng, self.today
        self.users = {}  # id -> (email, full name, job role, flags)
        staff = [
            (STAFF_EMAIL, "Johan Bakker", {"is_association_staff": True}),
            (f"vo-raad-2@{DOMAIN}", "Marloes de Groot", {"is_association_staff": True}),
            (f"beheer@{DOMAIN}", "Sanne Visser", {"is_staff": True, "is_superuser": True}),
        ]
        for email, name, flags in staff:
            self.users[len(self.users) + 1] = (email, name, "other", flags)
        self.region_coordinators = []
        for region_id, _name, slug in self.regions:
            for n in (1, 2):
                pk = len(self.users) + 1
                self.users[pk] = (f"regio-{slug}-{n}@{DOMAIN}", self._name(), "other", {})
                self.region_coordinators.append((len(self.region_coordinators) + 1, region_id, pk))
        facilitators = list(
            range(len(self.users) + 1, len(self.users) + 1 + max(4, len(self.nets) // FACILITATOR_NETWORKS))
        )
        for pk in facilitators:
            self.users[pk] = (f"begeleider-{pk}@{DOMAIN}", self._name(), "teacher_trainer", {})
        first_person = len(self.users) + 1
        people = list(range(first_person, max(first_person + 1, self.size["people"] + 1)))

        # memberships: (id, network, user, role, school, committed, joined_on, left_on)
        self.memberships = []
        slots = []  # index of a membership still to get its person
        for net in self.nets:
            end = (net.stopped_at or self.now).astimezone(AMSTERDAM).date()
            created = net.created.astimezone(AMSTERDAM).date()

            def add(user, role, school, joined, left=None, committed=None, net=net):
                committed = rng.random() < 0.5 if committed is None else committed
                net.memberships.append(len(self.memberships))
                self.memberships.append([len(self.memberships) + 1, net, user, role, school, committed, joined, left])

            add(None, "coordinator", rng.choice(net.schools), created, committed=True)
            if net.support_from:
                joined = min(today, net.support_from.astimezone(AMSTERDAM).date())
                left = net.decided_at.astimezone(AMSTERDAM).date() if net.releases_facilitator else None
                add(rng.choice(facilitators), "facilitator", None, joined, left, committed=True)
            for _ in range(rng.randint(*MEMBERS_PER_NETWORK) - len(net.memberships)):
                if rng.random() < 0.7:
                    joined = created + timedelta(days=rng.randint(0, 30))
                else:
                    joined = created + timedelta(days=rng.randint(0, max(0, (end - created).days)))
                joined = min(joined, today)
                left = None
                if rng.random() < 0.15:
                    left = joined + timedelta(days=rng.randint(30, 400))
                    left = left if left < min(end, today) else None
                add(None, "member", rng.choice(net.schools), joined, left)
        for row in self.memberships:
            if row[2] is None:
                slots.append(row)

        # School people: each in one network first, then some in a second (never twice in one network).
        rng.shuffle(people)
        in_network = {}
        for row, person in zip(slots, people, strict=False):
            row[2] = person
            in_network[person] = row[1]
        second = set()
        for row in slots[len(people) :]:
            for _attempt in range(20):
                person = rng.choice(people)
                if person not in second and in_network.get(person) is not row[1]:
                    break
            row[2] = person
            second.add(person)
            in_network.setdefault(person, row[1])
        joined_first = {}
        for row in self.memberships:
            if row[6] < joined_first.get(row[2], date.max):
                joined_first[row[2]] = row[6]
        self.joined_first = joined_first
        for pk in people:
            self.users[pk] = (f"deelnemer-{pk}@{DOMAIN}", self._name(), _weighted(rng, JOB_ROLES), {})

    def _name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    # Who could answer each meeting, and what they answered.

    def answers(self):
        rng = self.rng
        total = 0
        for meeting in self.meetings:
            day = meeting.starts.astimezone(AMSTERDAM).date()
            rows = (self.memberships[i] for i in meeting.network.memberships)
            meeting.eligible = [row for row in rows if row[6] <= day and (row[7] is None or row[7] > day)]
            total += len(meeting.eligible)
        self.answer_chance = min(1.0, self.size["rsvps"] / max(1, total))
        for meeting in self.meetings:
            codes = []
            for row in meeting.eligible:
                if rng.random() >= self.answer_chance:
                    codes.append("-")
                elif row[5]:
                    codes.append(rng.choices("ynm", (88, 6, 6))[0])
                else:
                    codes.append(rng.choices("ynm", (66, 20, 14))[0])
            meeting.answers = "".join(codes)


# --- Writing the tables -----------------------------------------------------------------------------------

ANSWER = {"y": "yes", "n": "no", "m": "maybe"}
PRESENT = {"y": 0.86, "m": 0.5, "n": 0.04, "-": 0.35}


def _users(build, password):
    rng = build.rng
    for pk, (email, name, job_role, flags) in build.users.items():
        first = build.joined_first.get(pk)
        if first:
            joined = datetime.combine(first - timedelta(days=rng.randint(0, 10)), clock(9), UTC)
        else:
            joined = (
                datetime.combine(PROGRAMME_START, clock(9), UTC)
                + (build.now - timedelta(days=1) - datetime.combine(PROGRAMME_START, clock(9), UTC)) * rng.random()
            )
        yield "\t".join(
            (
                str(pk),
                email,
                _text(name),
                job_role,
                "en" if rng.random() < 0.03 else "nl",
                _bool(flags.get("is_staff")),
                _bool(flags.get("is_superuser")),
                _bool(flags.get("is_association_staff")),
                _ts(min(joined, build.now)),
                f"{pk:x}-{rng.getrandbits(160):040x}",
                password,
            )
        )


def _meetings(build):
    rng = build.rng
    topics = {slug: [t.title for t in ts] + [t.title for t in GENERAL_TOPICS] for slug, ts in THEME_TOPICS.items()}
    school_name = {s[0]: (s[1], s[3]) for s in build.schools}
    for m in build.meetings:
        net = m.network
        coordinator = build.memberships[net.memberships[0]][2]
        if rng.random() < 0.2:
            place, url = "", f"https://meet.example.nl/{net.slug}-{m.number}"
        else:
            name, city = school_name[rng.choice(net.schools)]
            place, url = _text(f"{name}, {city}"), ""
        created = max(net.created, min(m.starts - _days(rng, 14, 60), build.now))
        cancelled = m.status == "cancelled"
        updated = m.ends + timedelta(hours=3) if m.status == "held" else created
        yield "\t".join(
            (
                str(m.id),
                str(net.id),
                str(m.number),
                _text(rng.choice(topics[net.theme[2]])),
                _ts(m.starts),
                _ts(m.ends),
                place,
                url,
                "{" + ",".join(rng.sample(WORK_FORMS, rng.randint(1, 3))) + "}",
                m.status,
                "Te weinig aanmeldingen; we plannen een nieuwe datum." if cancelled else "",
                "1" if cancelled else "0",
                _bool(m.supported),
                str(coordinator),
                _ts(created),
                _ts(min(updated, build.now)),
            )
        )


def _rsvps(build):
    rng, now = build.rng, build.now
    pk = 0
    comments = {code: [_text(c) for c in RSVP_COMMENTS[answer]] for code, answer in ANSWER.items()}
    for m in build.meetings:
        opened = max(m.network.created, m.starts - timedelta(days=40))
        window = (min(m.starts, now) - opened).total_seconds()
        prefix = f"\t{m.id}\t"
        for row, code in zip(m.eligible, m.answers, strict=True):
            if code == "-":
                continue
            pk += 1
            answered = opened + timedelta(seconds=window * rng.random())
            comment = rng.choice(comments[code]) if rng.random() < 0.15 else ""
            yield f"{pk}{prefix}{row[2]}\t{ANSWER[code]}\t{comment}\t{answered.isoformat()}"


def _attendance(build):
    rng, now = build.rng, build.now
    pk = 0
    build.present = {}  # meeting id -> users present, for the evaluated meetings
    for m in build.meetings:
        if m.status != "held":
            continue
        recorder = next((row[2] for row in m.eligible if row[3] == "facilitator"), None)
        recorder = recorder or build.memberships[m.network.memberships[0]][2]
        recorded = min(now, m.ends + _days(rng, 0.02, 2)).isoformat()
        evaluated = rng.random() < EVALUATED_SHARE
        present_users = []
        prefix = f"\t{m.id}\t"
        suffix = f"\t{recorder}\t{recorded}"
        for row, code in zip(m.eligible, m.answers, strict=True):
            pk += 1
            present = rng.random() < PRESENT[code] + (0.08 if row[5] else 0)
            if present and evaluated:
                present_users.append(row[2])
            yield f"{pk}{prefix}{row[0]}\t{'t' if present else 'f'}{suffix}"
        if evaluated and present_users:
            build.present[m.id] = present_users


def _follow_ups(build):
    now = build.now
    for pk, m in enumerate((m for m in build.meetings if m.status == "held"), 1):
        after = m.ends + timedelta(days=1)
        yield "\t".join((str(pk), str(m.id), *(_ts(min(after + timedelta(days=days), now)) for days in (0, 0, 3, 7))))


def _evaluations(build):
    """Who evaluated which meeting (yielded), and, apart from that, what was said (build.evaluation_answers:
    the same number of rows, in an order of their own)."""
    rng, now = build.rng, build.now
    build.evaluation_answers = answers = []
    comments = {kind: [_text(c) for c in texts] for kind, texts in EVALUATION_COMMENTS.items()}
    ends = {m.id: m.ends for m in build.meetings}
    pk = 0
    for meeting_id, users in build.present.items():
        for user in users:
            if rng.random() >= 0.5:
                continue
            pk += 1
            answered = min(now, ends[meeting_id] + _days(rng, 1, 10))
            yield f"{pk}\t{meeting_id}\t{user}\t{answered.isoformat()}"
            overall = rng.choices((1, 2, 3, 4, 5), (2, 5, 18, 45, 30))[0]
            useful = max(1, min(5, overall + rng.choice((-1, 0, 0, 1))))
            kind = "positive" if overall >= 4 else "mixed" if overall == 3 else "critical"
            comment = rng.choice(comments[kind]) if rng.random() < 0.25 else ""
            answer_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            answers.append(f"{answer_id}\t{meeting_id}\t{overall}\t{useful}\t{_bool(rng.random() < 0.6)}\t{comment}")
    rng.shuffle(answers)  # so that the order of the rows does not pair an answer with a response


def _phase_changes(build):
    pk = 0
    for net in build.nets:
        coordinator = build.memberships[net.memberships[0]][2]
        for when, source, target, by_coordinator, reason in net.changes:
            pk += 1
            by = str(coordinator) if by_coordinator else NULL
            yield f"{pk}\t{net.id}\t{source}\t{target}\t{by}\t{when.isoformat()}\t{_text(reason)}"


def _decisions(build):
    pk = 0
    for net in build.nets:
        d = net.decision
        if not d:
            continue
        pk += 1
        yield "\t".join(
            (
                str(pk),
                str(net.id),
                d["outcome"],
                d["facilitation"],
                _text(d["reason"]),
                str(build.memberships[net.memberships[0]][2]),
                _ts(d["recorded_at"]),
                _opt(d.get("follow_up_due")),
                _ts(d.get("follow_up_asked_at")),
                d.get("follow_up", ""),
                _ts(d.get("followed_up_at")),
            )
        )


def _views(build):
    """Members' views on continuing, for the networks that reached the decision."""
    rng = build.rng
    leaning = {
        "continue": {"continue": 70, "stop": 10, "undecided": 20},
        "stop": {"continue": 20, "stop": 60, "undecided": 20},
        "intend": {"continue": 50, "stop": 15, "undecided": 35},
        None: {"continue": 50, "stop": 20, "undecided": 30},
    }
    pk = 0
    for net in build.nets:
        if not any(target == Phase.DECIDING for _w, _s, target, _b, _r in net.changes):
            continue
        opened = next(when for when, _s, target, _b, _r in net.changes if target == Phase.DECIDING)
        closes = net.decided_at or build.now
        day = opened.astimezone(AMSTERDAM).date()
        weights = leaning[net.decision["outcome"] if net.decision else None]
        for index in net.memberships:
            row = build.memberships[index]
            if row[6] > day or (row[7] is not None and row[7] <= day) or rng.random() >= 0.6:
                continue
            pk += 1
            choice = _weighted(rng, weights)
            comment = _text(rng.choice(VIEW_COMMENTS[choice]))
            answered = opened + (closes - opened) * rng.random()
            yield f"{pk}\t{row[0]}\t{net.id}\t{choice}\t{comment}\t{answered.isoformat()}"


# --- Loading --------------------------------------------------------------------------------------------


class AlreadyLoaded(Exception):
    pass


def plan(scale, now=None):
    """Every row of the dataset at `scale`, drawn up to `now` (default: this moment), in memory."""
    build = Build(scale, now)
    build.reference()
    build.networks()
    build.people()
    build.answers()
    return build


def load(scale=None, *, now=None, out=None):
    """Generate and COPY the national dataset at `scale` (default: BENCH_NATIONAL_SCALE or 1.0) into the
    default database, which must hold no networks yet. All in one transaction. Prints its progress with
    `out` (for example print). Returns {table name: rows}."""
    scale = scale_from_environment() if scale is None else scale
    if Network.objects.exists():
        raise AlreadyLoaded("The database already holds networks; national_data loads only into an empty one.")
    say = out or (lambda text: None)
    started = time.monotonic()
    build = plan(scale, now)
    say(f"drew the plan in {time.monotonic() - started:.1f} s")
    password = make_password(PASSWORD)
    counts = {}

    tables = [
        (
            User,
            "id email full_name job_role language is_staff is_superuser is_association_staff date_joined "
            "calendar_token password",
            lambda: _users(build, password),
        ),
        (Region, "id name slug", lambda: (f"{pk}\t{name}\t{slug}" for pk, name, slug in build.regions)),
        (
            Region.coordinators.through,
            "id region user",
            lambda: ("\t".join(map(str, row)) for row in build.region_coordinators),
        ),
        (
            Theme,
            "id name slug description",
            lambda: (f"{pk}\t{name}\t{slug}\t{_text(text)}" for pk, name, slug, text in build.themes),
        ),
        (Board, "id name number city", lambda: (f"{b[0]}\t{b[1]}\t{b[2]}\t{b[3]}" for b in build.boards)),
        (School, "id name brin city region board levels", lambda: _school_rows(build)),
        (
            Network,
            "id name slug region theme kind board learning_question ambition cadence is_listed phase "
            "created_by created_at updated_at",
            lambda: _network_rows(build),
        ),
        (
            Membership,
            "id network user role school committed_to_attend joined_on left_on",
            lambda: (
                f"{r[0]}\t{r[1].id}\t{r[2]}\t{r[3]}\t{_opt(r[4])}\t{_bool(r[5])}\t{r[6]}\t{_opt(r[7])}"
                for r in build.memberships
            ),
        ),
        # What meetings.reminders.on_network_saved would have made: COPY sends no signals.
        (ReminderRule, "id network hours_before audience", lambda: _reminder_rules(build)),
        (
            Meeting,
            "id network number title starts_at ends_at place online_url work_forms status cancel_reason "
            "sequence is_supported created_by created_at updated_at",
            lambda: _meetings(build),
        ),
        (Rsvp, "id meeting user answer comment answered_at", lambda: _rsvps(build)),
        (Attendance, "id meeting membership present recorded_by recorded_at", lambda: _attendance(build)),
        # Both drawn from who was present (recorded by _attendance).
        (EvaluationResponse, "id meeting user answered_at", lambda: _evaluations(build)),
        (EvaluationAnswer, "id meeting overall useful will_try comment", lambda: build.evaluation_answers),
        (
            FollowUp,
            "id meeting sent_at notes_requested_at notes_request_repeated_at evaluation_reminded_at",
            lambda: _follow_ups(build),
        ),
        (PhaseChange, "id network source target changed_by changed_at reason", lambda: _phase_changes(build)),
        (
            Decision,
            "id network outcome facilitation reason recorded_by recorded_at follow_up_due "
            "follow_up_asked_at follow_up followed_up_at",
            lambda: _decisions(build),
        ),
        (View, "id membership network choice comment answered_at", lambda: _views(build)),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at the end of each COPY rather than at commit: the queue of pending
        # checks then never holds more than one table's.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model, fields, rows in tables:
            begun, table = time.monotonic(), model._meta.db_table
            counts[table] = _copy(cursor, model, fields.split(), rows())
            say(f"{table:<32} {counts[table]:>10,} rows {time.monotonic() - begun:6.1f} s")
        for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _f, _r in tables]):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        begun = time.monotonic()
        for table in counts:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        say(f"analysed in {time.monotonic() - begun:.1f} s")
    say(f"loaded in {time.monotonic() - started:.1f} s")
    return counts


def _school_rows(build):
    for pk, name, brin, city, region, board, levels in build.schools:
        yield f"{pk}\t{_text(name)}\t{brin}\t{_text(city)}\t{region}\t{_opt(board)}\t{{{','.join(levels)}}}"


def _reminder_rules(build):
    pk = 0
    for net in build.nets:
        for hours, audience in DEFAULT_REMINDER_RULES:
            pk += 1
            yield f"{pk}\t{net.id}\t{hours}\t{audience}"


def _network_rows(build):
    rng = build.rng
    for net in build.nets:
        coordinator = build.memberships[net.memberships[0]][2]
        updated = net.changes[-1][0] if net.changes else net.created
        yield "\t".join(
            (
                str(net.id),
                _text(net.name),
                net.slug,
                str(net.region[0]),
                str(net.theme[0]),
                net.kind,
                _opt(net.board),
                _text(rng.choice(LEARNING_QUESTIONS[net.theme[2]])),
                _weighted(rng, AMBITIONS),
                net.cadence,
                _bool(rng.random() < 0.85),
                net.phase,
                str(coordinator),
                _ts(net.created),
                _ts(updated),
            )
        )


def main():
    scale = scale_from_environment()
    print(f"national dataset at scale {scale}: {sizes(scale)}")
    try:
        counts = load(scale, out=print)
    except AlreadyLoaded as error:
        sys.exit(str(error))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}; rows: {sum(counts.values()):,}")


if __name__ == "__main__":
    main()
