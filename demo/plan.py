"""The plan of the demo data: which regions, boards, schools, networks, people, meetings, answers,
attendance and notes there are, as plain rows. `demo.loader` writes it; the words come from `demo.words`.

The figures follow the Stap 2 magazine of the VO-raad: 8 regions, 45 networks with the theme shares
told there, 493 schools and more than 1,200 people. Each network has a story (`stories()`): 37 finished
their five supported meetings (23 continued self-directed, 9 stopped, 5 intended to continue, two of
them followed up), 2 are forming, 3 supported, 2 deciding, and one faded after its second meeting. A
few active networks show that network's signs (falling attendance, committed members staying away, no
next meeting, schools absent). The plan is drawn around DEMO_TODAY and moved, every date in it, to the
week the demo is loaded in (see build_plan); the phase moves are steps (`Plan.lifecycle`) that the loader
makes through the services.

Everything here is pure: `build_plan()` draws every row from one `random.Random(SEED)` (a network's
days from one seeded with its name), so the rows are the same on every machine and every call for the
same day. Nothing here touches the database: the models are imported only for their choices and field
names, the lifecycle services only for their date arithmetic (add_months).

Generated people get an unusable password: hashing 1,200 passwords would take minutes, and only the
five demo logins need to log in.
"""

import hashlib
import random
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.text import slugify

from lifecycle.models import Decision
from lifecycle.services import add_months
from meetings.evaluations import RESULTS_FROM
from meetings.models import DEFAULT_REMINDER_RULES, ReminderRule
from members.models import User
from networks.models import Network

from .words import (
    BOARD_AREA_HEADS,
    BOARD_AREA_TAILS,
    BOARD_FORMS,
    CITIES,
    CONTINUE_TOPIC,
    DENOMINATIONS,
    EVALUATION_COMMENTS,
    FADED_REASON,
    FIRST_NAMES,
    GENERAL_TOPICS,
    GUEST_SPEAKERS,
    INTENTION_CONTINUED_REASON,
    INTENTION_STOPPED_REASON,
    INTERVISION_CASES,
    INTERVISION_OUTCOMES,
    INTERVISION_QUESTIONS,
    LEARNING_QUESTIONS,
    REPORT_TITLES,
    REVIEW_MOMENTS,
    REVIEW_TOPIC,
    ROADMAPS,
    RSVP_COMMENTS,
    SCHOOL_CORES,
    SCHOOL_PERSONS,
    SCHOOL_PLACES,
    SCHOOL_TYPES,
    START_TOPIC,
    STOP_REASONS,
    SURNAMES,
    TAKEAWAYS,
    THEME_FOCUS,
    THEME_TOPICS,
    THEMES,
    TYPES_FOR_LEVELS,
    VIEW_COMMENTS,
    WORKING_AGREEMENTS,
)

SEED = 2016  # the year Stap 2 started; change it and every generated row changes
DEMO_PASSWORD = "leernetwerk-demo"
TOTAL_PEOPLE = 1240  # the magazine: "1200+" people took part
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# One login per role in the portal: (role, email, full name, job role, flags). The names are made up.
DEMO_PEOPLE = [
    ("coordinator", "coordinator@demo.leernetwerk.nl", "Anouk de Vries", User.JobRole.SCHOOL_LEADER, {}),
    ("facilitator", "procesbegeleider@demo.leernetwerk.nl", "Pieter Jansen", User.JobRole.OTHER, {}),
    ("member", "deelnemer@demo.leernetwerk.nl", "Fatima El Amrani", User.JobRole.TEAM_LEADER, {}),
    ("staff", "vo-raad@demo.leernetwerk.nl", "Johan Bakker", User.JobRole.OTHER, {"is_association_staff": True}),
    (
        "admin",
        "beheer@demo.leernetwerk.nl",
        "Sanne Visser",
        User.JobRole.OTHER,
        {"is_staff": True, "is_superuser": True},
    ),
]
DEMO_EMAILS = {role: email for role, email, *_rest in DEMO_PEOPLE}

# Generated addresses live under the demo domain, so no mail can reach a real school.
SCHOOL_DOMAIN = "school.demo.leernetwerk.nl"
ADVICE_DOMAIN = "advies.demo.leernetwerk.nl"
REGION_DOMAIN = "regio.demo.leernetwerk.nl"

# (name, number of schools, number of boards); the towns are in words.CITIES. 493 schools and 60 boards in all.
REGIONS = [
    ("Noord", 55, 7),
    ("Noordwest", 66, 8),
    ("Oost", 66, 8),
    ("Midden", 66, 8),
    ("West", 66, 8),
    ("Zuidwest", 62, 7),
    ("Zuid", 56, 7),
    ("Zuidoost", 56, 7),
]

SHRM_THEMES = {"shrm", "shrm-in-de-praktijk", "verdieping-shrm"}

# --- The 45 networks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSpec:
    theme: str  # theme slug
    region: str  # region slug: the home region
    name: str  # "{board}" is filled in with the short name of the board, for internal networks
    kind: str = Network.Kind.REGIONAL
    other_regions: tuple = ()  # cross-regional: the other regions its schools come from
    level: str = ""  # only schools that offer this level
    fading: bool = False  # the network of the magazine that faded: few, uncommitted, changing members


INTERNAL, CROSS = Network.Kind.INTERNAL, Network.Kind.CROSS_REGIONAL
DEMO_COORDINATED = "Leernetwerk Strategisch HRM Noordwest"  # coordinated by the demo coordinator
DEMO_MEMBER_SECOND = "Professionalisering teamleiders Noord-Holland Noord"  # the demo member's second network
DEMO_FACILITATED = [DEMO_COORDINATED, DEMO_MEMBER_SECOND, "Lerende cultuur Utrecht-Stad"]

NETWORKS = [
    NetworkSpec("lerende-cultuur", "noord", "Lerende cultuur Groningen-Drenthe"),
    NetworkSpec("shrm", "noord", "Strategisch HRM Friesland"),
    NetworkSpec("professionalisering-teamleiders", "noord", "Teamleiders in ontwikkeling bij {board}", INTERNAL),
    NetworkSpec("regionale-samenwerking", "noord", "Regionale samenwerking Oost-Groningen"),
    NetworkSpec("pso-breed", "noord", "Leernetwerk praktijkonderwijs Noord", level="pro"),
    NetworkSpec("shrm", "noordwest", DEMO_COORDINATED),
    NetworkSpec("professionalisering-teamleiders", "noordwest", DEMO_MEMBER_SECOND),
    NetworkSpec("lerende-cultuur", "noordwest", "Lerende cultuur Zaanstreek-Waterland"),
    NetworkSpec("regionale-samenwerking", "noordwest", "Regionale samenwerking Kennemerland"),
    NetworkSpec("shrm", "noordwest", "Strategisch HRM Amsterdam"),
    NetworkSpec("shrm-in-de-praktijk", "noordwest", "SHRM in de praktijk Gooi en Vechtstreek"),
    NetworkSpec("lerende-cultuur", "oost", "Lerende cultuur Twente-Achterhoek"),
    NetworkSpec("lerende-cultuur", "oost", "Lerende cultuur bij {board}", INTERNAL),
    NetworkSpec("shrm", "oost", "Strategisch HRM Zwolle-Salland"),
    NetworkSpec("shrm", "oost", "Strategisch HRM Arnhem-Nijmegen"),
    NetworkSpec("verdieping-shrm", "oost", "Verdieping SHRM Noord-Oost", CROSS, ("noord",)),
    NetworkSpec("regionale-samenwerking", "oost", "Regionale samenwerking Veluwe", fading=True),
    NetworkSpec("lerende-cultuur", "midden", "Lerende cultuur Utrecht-Stad"),
    NetworkSpec("lerende-cultuur", "midden", "Lerende cultuur Flevoland"),
    NetworkSpec("shrm", "midden", "Strategisch HRM binnen {board}", INTERNAL),
    NetworkSpec("shrm", "midden", "Strategisch HRM Amersfoort-Eemland"),
    NetworkSpec("professionalisering-teamleiders", "midden", "Professionalisering teamleiders Utrecht"),
    NetworkSpec("regionale-samenwerking", "midden", "Regionale samenwerking Flevoland"),
    NetworkSpec("lerende-cultuur", "west", "Lerende cultuur Haaglanden"),
    NetworkSpec("lerende-cultuur", "west", "Lerende cultuur Leiden en Bollenstreek"),
    NetworkSpec("shrm", "west", "Strategisch HRM Den Haag"),
    NetworkSpec("pso-breed", "west", "Professionele schoolorganisatie bij {board}", INTERNAL),
    NetworkSpec("shrm-in-de-praktijk", "west", "SHRM in de praktijk Delft-Westland"),
    NetworkSpec("pso-breed", "west", "PSO breed Randstad-Zuid", CROSS, ("zuidwest",)),
    NetworkSpec("lerende-cultuur", "zuidwest", "Lerende cultuur Drechtsteden"),
    NetworkSpec("lerende-cultuur", "zuidwest", "Lerende cultuur Zeeland"),
    NetworkSpec("shrm", "zuidwest", "Strategisch HRM Rijnmond"),
    NetworkSpec("regionale-samenwerking", "zuidwest", "Regionale samenwerking Zeeland"),
    NetworkSpec("verdieping-shrm", "zuidwest", "Verdieping SHRM Rotterdam"),
    NetworkSpec("pso-breed", "zuidwest", "PSO breed Voorne-Putten en Hoeksche Waard"),
    NetworkSpec("lerende-cultuur", "zuid", "Lerende cultuur Midden-Brabant"),
    NetworkSpec("shrm", "zuid", "Strategisch HRM West-Brabant"),
    NetworkSpec("shrm", "zuid", "Strategisch HRM binnen {board}", INTERNAL),
    NetworkSpec("regionale-samenwerking", "zuid", "Regionale samenwerking Noordoost-Brabant"),
    NetworkSpec(
        "shrm-in-de-praktijk", "zuid", "SHRM in de praktijk Brabant-Limburg", CROSS, other_regions=("zuidoost",)
    ),
    NetworkSpec("lerende-cultuur", "zuidoost", "Lerende cultuur Zuid-Limburg"),
    NetworkSpec("shrm", "zuidoost", "Strategisch HRM Eindhoven-Helmond"),
    NetworkSpec("regionale-samenwerking", "zuidoost", "Regionale samenwerking Noord- en Midden-Limburg"),
    NetworkSpec("professionalisering-teamleiders", "zuidoost", "Professionalisering teamleiders Peel en Kempen"),
    NetworkSpec("verdieping-shrm", "zuidoost", "Verdieping SHRM Limburg"),
]

AMBITIONS = {  # {ambition: weight} per theme
    "lerende-cultuur": {"school": 6, "individual": 4},
    "shrm": {"school": 8, "region": 2},
    "regionale-samenwerking": {"region": 9, "school": 1},
    "pso-breed": {"school": 7, "region": 3},
    "professionalisering-teamleiders": {"individual": 8, "school": 2},
    "shrm-in-de-praktijk": {"school": 1},
    "verdieping-shrm": {"school": 7, "individual": 3},
}

CADENCES = {"weeks_6_8": 12, "weeks_4_6": 3, "quarterly": 4, "other": 1}

# How likely each job role is among the members of a network, per theme ("" for people without a network).
JOB_ROLE_ORDER = ["teacher", "team_leader", "school_leader", "board_member", "hr_adviser", "teacher_trainer", "other"]
JOB_ROLE_WEIGHTS = {
    "lerende-cultuur": [35, 20, 15, 0, 5, 20, 5],
    "shrm": [5, 10, 25, 10, 40, 0, 10],
    "regionale-samenwerking": [0, 10, 35, 20, 20, 0, 15],
    "pso-breed": [15, 20, 30, 5, 25, 0, 5],
    "professionalisering-teamleiders": [0, 75, 10, 0, 10, 5, 0],
    "shrm-in-de-praktijk": [0, 20, 20, 0, 45, 0, 15],
    "verdieping-shrm": [0, 0, 20, 15, 55, 0, 10],
    "": [40, 15, 10, 3, 12, 8, 12],
}
JOB_ROLES = {theme: dict(zip(JOB_ROLE_ORDER, weights, strict=True)) for theme, weights in JOB_ROLE_WEIGHTS.items()}
COORDINATOR_ROLES = {"school_leader": 5, "hr_adviser": 4, "board_member": 1, "team_leader": 2}

FIRST_START = date(2025, 1, 13)  # the first network starts; the last one starts about 20 months later
LAST_DAY = date(2026, 11, 20)  # no account or membership date lies after this one
DEMO_JOINED = datetime(2025, 1, 6, 9, 0, tzinfo=AMSTERDAM)  # when the demo logins made their accounts


# --- Meetings ----------------------------------------------------------------------------------------

# The demo's "today": held meetings lie before it, the next planned one after it. A fixed day keeps the
# plan the same on every run; when the demo is loaded later, the whole plan moves forward by whole weeks
# (see meeting_shift), so a new user always sees recent meetings behind and the next one ahead.
DEMO_TODAY = date(2026, 11, 24)
# The latest moment the plan writes (an answer, a view, an evaluation): the evening before DEMO_TODAY, so
# that it lies in the past at any hour of the day the demo is loaded on.
PLAN_NOW = datetime.combine(DEMO_TODAY - timedelta(days=1), time(21), AMSTERDAM)


def meeting_shift(today):
    """Whole weeks from DEMO_TODAY to `today` (never negative): how far the demo's dates move."""
    return timedelta(weeks=max(0, (today - DEMO_TODAY).days // 7))


MEETING_START, MEETING_END = time(15, 0), time(17, 30)


# --- Reminder rules and evaluations ------------------------------------------------------------------

NOT_ANSWERED, COMING, MAYBE = ReminderRule.Audience.values
# A few coordinators changed their network's rules, so the rules page shows more than the defaults. No
# offset exceeds 7 days: every upcoming meeting lies at least 8 days ahead, so no rule's moment has passed.
CHANGED_REMINDER_RULES = {
    DEMO_COORDINATED: [*DEFAULT_REMINDER_RULES, (3 * 24, MAYBE)],
    "Strategisch HRM Amsterdam": [(7 * 24, NOT_ANSWERED), (24, COMING)],
    "Lerende cultuur Utrecht-Stad": [(5 * 24, NOT_ANSWERED), (2 * 24, COMING), (4, COMING), (3 * 24, MAYBE)],
    "Lerende cultuur Zaanstreek-Waterland": [(7 * 24, NOT_ANSWERED), (3 * 24, NOT_ANSWERED), (24, COMING)],
}
# The evaluation came to the portal about half a year before DEMO_TODAY: held meetings since then have
# answers. Below RESULTS_FROM (3) answers a meeting's results stay hidden; the last meeting of the demo
# coordinator's network has two so far (its follow-up, with the link, is still to go out).
EVALUATIONS_SINCE = DEMO_TODAY - timedelta(weeks=26)
EVALUATION_SHARE = 0.6  # of those present, how many answer


# --- The plan: every row, drawn from one seeded random generator -----------------------------------


@dataclass
class Plan:
    regions: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    boards: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    people: list = field(default_factory=list)
    region_coordinators: list = field(default_factory=list)  # (region slug, email)
    networks: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    attendance: list = field(default_factory=list)  # per meeting: one row per membership current that day
    rsvps: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # each note is saved with one revision
    # The moves of each network's phase and what led to them, in order: start_support, held (a supported
    # meeting marked held), view, outcome, follow_up, stop. The loader makes them through the services.
    lifecycle: list = field(default_factory=list)
    released: list = field(default_factory=list)  # facilitators whose membership ended with the outcome
    # Each network's reminder rules: {"network", "hours_before", "audience"}; most have the defaults.
    reminder_rules: list = field(default_factory=list)
    # Who evaluated a held meeting and what they said: {"network", "number", "email", "answered_at",
    # "overall", "useful", "will_try", "comment"}. The loader keeps who and what in separate rows.
    evaluations: list = field(default_factory=list)


def _weighted(rng, weights):
    """One key of `weights` ({value: weight}), drawn with those weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()).lower()


class _People:
    """Draws people with unique full names and unique addresses."""

    def __init__(self, rng, plan):
        self.rng = rng
        self.plan = plan
        self.names = {name for _role, _email, name, *_rest in DEMO_PEOPLE}
        self.count = 0

    def new(self, *, job_role, domain=SCHOOL_DOMAIN, joined_on=None):
        rng = self.rng
        while True:
            first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            full_name = f"{first} {surname}"
            if full_name not in self.names:
                break
        self.names.add(full_name)
        self.count += 1
        email = f"{_ascii(first)}.{_ascii(surname)}{self.count}@{domain}"
        joined_on = joined_on or FIRST_START + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_START).days))
        self.plan.people.append(
            {
                "email": email,
                "full_name": full_name,
                "job_role": job_role,
                "language": "en" if rng.random() < 0.04 else "nl",
                "date_joined": datetime.combine(joined_on, time(rng.randint(8, 21), rng.randint(0, 59)), AMSTERDAM),
                # Unusable (the "!" prefix), yet different per person, like Django's own unusable passwords.
                "password": UNUSABLE_PASSWORD_PREFIX + hashlib.sha256(f"{SEED}:{email}".encode()).hexdigest()[:40],
            }
        )
        return email


def _reference_data(rng, plan):
    """Regions, themes, boards and schools. Returns schools per region and boards per region."""
    for name, _description in THEMES:
        plan.themes.append({"name": name, "slug": slugify(name), "description": _description})

    areas = [head + tail for head in BOARD_AREA_HEADS for tail in BOARD_AREA_TAILS]
    rng.shuffle(areas)
    board_numbers = iter(rng.sample(range(10000, 100000), sum(boards for _n, _s, boards in REGIONS)))
    internal_regions = {spec.region for spec in NETWORKS if spec.kind == INTERNAL}
    brins, school_names = set(), set()
    schools_by_region, boards_by_region = {}, {}
    for name, school_count, board_count in REGIONS:
        slug, cities = slugify(name), CITIES[name]
        plan.regions.append({"name": name, "slug": slug})

        # Board sizes: a few large boards and many small ones. A region with an internal network has one
        # board large enough for it.
        weights = [rng.choice([1, 1, 2, 3, 5, 8]) for _ in range(board_count)]
        sizes = [max(1, school_count * w // sum(weights)) for w in weights]
        if slug in internal_regions:
            sizes[0] = rng.randint(11, 14)
        while sum(sizes) != school_count:
            i = rng.randrange(1, board_count)
            if sum(sizes) < school_count:
                sizes[i] += 1
            elif sizes[i] > 1:
                sizes[i] -= 1

        boards_by_region[slug], schools_by_region[slug] = [], []
        for size in sizes:
            form, short = rng.choice(BOARD_FORMS)
            area = areas.pop()
            board = {
                "number": f"{next(board_numbers):05d}",
                "name": form.format(area=area),
                "short": short.format(area=area),
                "city": rng.choice(cities),
                "schools": [],
            }
            plan.boards.append(board)
            boards_by_region[slug].append(board)
            for _ in range(size):
                # The praktijkonderwijs network of Noord needs enough pro schools.
                wants_pro = slug == "noord" and len(schools_by_region[slug]) >= school_count - 8
                school = _school(rng, brins, school_names, wants_pro)
                school.update(
                    city=board["city"] if rng.random() < 0.5 else rng.choice(cities),
                    region=slug,
                    board=board["number"],
                )
                plan.schools.append(school)
                schools_by_region[slug].append(school["brin"])
                board["schools"].append(school["brin"])
    return schools_by_region, boards_by_region


def _school(rng, brins, names, wants_pro):
    while True:
        brin = f"{rng.randint(0, 99):02d}{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
        if brin not in brins:
            brins.add(brin)
            break
    options = [row for row in TYPES_FOR_LEVELS if "pro" in row[0]] if wants_pro else TYPES_FOR_LEVELS
    levels, _weight, types = rng.choices(options, weights=[weight for _levels, weight, _types in options])[0]
    while True:
        school_type = rng.choice(types)
        is_de_word = SCHOOL_TYPES[school_type]
        place = rng.choice(SCHOOL_CORES + SCHOOL_PLACES)
        form = rng.randrange(4)
        if form == 0:
            name = f"{place} {school_type}"
        elif form == 1:
            denomination = rng.choice(DENOMINATIONS)[1 if is_de_word else 0]
            name = f"{denomination} {school_type} {place}"
        elif form == 2:
            name = f"{rng.choice(SCHOOL_PERSONS)} {school_type}"
        else:
            name = f"{school_type} {place}"
        if name not in names:
            names.add(name)
            return {"brin": brin, "name": name, "levels": list(levels)}


def _spec(name):
    return next(spec for spec in NETWORKS if spec.name == name)


def _assign_schools(rng, specs, schools_by_region, boards_by_region, school_levels):
    """The schools of each network: 5 to 10, spread so that as many schools as possible take part."""
    used = dict.fromkeys(school_levels, 0)

    def pick(candidates, count):
        fresh = [brin for brin in candidates if not used[brin]]
        rng.shuffle(fresh)
        chosen = fresh[:count]
        if len(chosen) < count:
            rest = [brin for brin in candidates if used[brin] and brin not in chosen]
            rng.shuffle(rest)
            chosen += rest[: count - len(chosen)]
        for brin in chosen:
            used[brin] += 1
        return chosen

    boards = {}
    for spec in specs:
        if spec.kind == INTERNAL:
            # The largest board of the region that has no internal network yet.
            boards[spec] = max(
                (b for b in boards_by_region[spec.region] if b not in boards.values()), key=lambda b: len(b["schools"])
            )

    # The most constrained networks choose first, so the others can still find schools nobody has.
    order = sorted(specs, key=lambda s: (s.kind != INTERNAL, not s.level, s.kind == CROSS))
    assigned = {}
    for spec in order:
        count = 5 if spec.fading else _weighted(rng, {8: 1, 9: 2, 10: 7})
        if spec.kind == INTERNAL:
            chosen = pick(boards[spec]["schools"], min(count, len(boards[spec]["schools"])))
        elif spec.level:
            chosen = pick([b for b in schools_by_region[spec.region] if spec.level in school_levels[b]], count)
        elif spec.kind == CROSS:
            regions = (spec.region, *spec.other_regions)
            chosen = []
            for i, region in enumerate(regions):
                share = count // len(regions) + (1 if i < count % len(regions) else 0)
                chosen += pick(schools_by_region[region], share)
        else:
            chosen = pick(schools_by_region[spec.region], count)
        assigned[spec] = chosen

    # The demo member takes part in two networks from one school: the second network includes it.
    fatima_school = assigned[_spec(DEMO_COORDINATED)][-1]
    second = assigned[_spec(DEMO_MEMBER_SECOND)]
    if fatima_school not in second:
        second[-1] = fatima_school
    return assigned, boards


def _network_row(rng, spec, schools, board, question, region_names):
    row = {
        "name": spec.name.format(board=board["short"]) if board else spec.name,
        "region": spec.region,
        "theme": spec.theme,
        "kind": spec.kind,
        "board": board["number"] if board else None,
        "learning_question": question,
        "ambition": _weighted(rng, AMBITIONS[spec.theme]),
        "cadence": _weighted(rng, CADENCES),
        # Internal networks and a few others stay out of the directory; those the demo logins use are in it.
        "is_listed": spec.kind != INTERNAL and (rng.random() > 0.1 or spec.name in DEMO_FACILITATED),
    }
    row["slug"] = slugify(row["name"])
    focus = THEME_FOCUS[spec.theme]
    if spec.kind == INTERNAL:
        description = f"Het interne leernetwerk van {board['name']}: {len(schools)} scholen van één bestuur. {focus}"
    elif spec.kind == CROSS:
        regions = " en ".join(region_names[slug] for slug in (spec.region, *spec.other_regions))
        description = f"Een bovenregionaal leernetwerk van {len(schools)} scholen uit de regio's {regions}. {focus}"
    elif spec.level == "pro":
        description = f"Schoolleiders van {len(schools)} scholen voor praktijkonderwijs. {focus}"
    else:
        description = f"Een regionaal leernetwerk van {len(schools)} scholen. {focus}"
    row["description"] = description if rng.random() < 0.9 else ""
    row["working_agreements"] = rng.choice(WORKING_AGREEMENTS) if rng.random() < 0.8 else ""
    row["review_moments"] = rng.choice(REVIEW_MOMENTS) if rng.random() < 0.75 else ""
    steps = _weighted(rng, {0: 1, 1: 2, 2: 3, 3: 3, 4: 2, 5: 3}) if spec.theme in SHRM_THEMES else 0
    roadmap = rng.choice(ROADMAPS)
    for i, name in enumerate(Network.ROADMAP_FIELDS):
        row[name] = roadmap[i] if i < steps else ""
    return row


def _seats(rng, spec, start, schools, people, facilitator, specials):
    """The memberships of one network from `start`: coordinators, a facilitator, members, and some who left.

    Every school of the network gets at least one current member, so the network reaches all of them.
    `specials` are (email, role, school) of demo logins who take part.
    """
    committed_share = 0.35 if spec.fading else 0.7
    total = 8 if spec.fading else rng.randint(max(10, len(schools) + 2), 20)
    coordinator_count = 1 if any(role == "coordinator" for _e, role, _s in specials) else _weighted(rng, {1: 7, 2: 3})

    seats = []

    def seat(email, role, school, *, joined_on=None, left_on=None, committed=None):
        seats.append(
            {
                "email": email,
                "role": role,
                "school": school,
                "committed_to_attend": rng.random() < committed_share if committed is None else committed,
                "joined_on": joined_on or start,
                "left_on": left_on,
            }
        )

    uncovered = list(schools)
    for email, role, school in specials:
        if role == "coordinator":
            seat(email, role, school, committed=True)
            uncovered.remove(school)
    for _ in range(coordinator_count - len(seats)):
        school = uncovered.pop(0)
        seat(
            people.new(job_role=_weighted(rng, COORDINATOR_ROLES), joined_on=start),
            "coordinator",
            school,
            committed=True,
        )
    # A facilitator from outside has no school; when a member of one of the schools takes the role, they do.
    facilitator_school = None
    if facilitator is None:
        facilitator_school = rng.choice(schools)
        facilitator = people.new(job_role=_weighted(rng, {"teacher_trainer": 2, "team_leader": 1}), joined_on=start)
    seat(
        facilitator,
        "facilitator",
        facilitator_school,
        joined_on=start + timedelta(days=rng.randint(0, 14)),
        committed=True,
    )
    for email, role, school in specials:
        if role == "member":
            seat(email, role, school, joined_on=start + timedelta(days=rng.randint(0, 21)))
            if school in uncovered:
                uncovered.remove(school)

    def joined():
        late = rng.random() < 0.1
        days = rng.randint(30, 150) if late else rng.randint(0, 21)
        return min(start + timedelta(days=days), LAST_DAY)

    job_roles = JOB_ROLES[spec.theme]
    while len(seats) < total:
        school = uncovered.pop(0) if uncovered else rng.choice(schools)
        on = joined()
        seat(people.new(job_role=_weighted(rng, job_roles), joined_on=on), "member", school, joined_on=on)

    # A few left: the history the figures need ("a partly new group at every meeting" in a fading network).
    leavers = 5 if spec.fading else rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
    for _ in range(leavers):
        on = start + timedelta(days=rng.randint(0, 21))
        left = min(on + timedelta(days=rng.randint(30, 200)), LAST_DAY)
        seat(
            people.new(job_role=_weighted(rng, job_roles), joined_on=on),
            "member",
            rng.choice(schools),
            joined_on=on,
            left_on=left,
        )
    return seats


# --- What became of each network: its story through the lifecycle ----------------------------------

# How many networks have each story. 37 finished their supported phase with the magazine's outcome shares:
# 23 continued self-directed, 9 stopped when support ended, 5 intended to continue (62 / 24 / 14 %), of
# which 2 were followed up (one continued, one stopped). 8 are in or before their supported phase; one of
# them faded after its second meeting and stopped early (not an outcome after support).
STORY_COUNTS = {
    "continued": 23,
    "stopped": 9,
    "intending": 3,
    "intended_continued": 1,
    "intended_stopped": 1,
    "forming": 2,
    "facilitated": 3,
    "deciding": 2,
    "faded": 1,
}
# The networks the demo logins see, and the region of the demo coordinator, get a fixed story; the
# others draw theirs. The coordinator's network is deciding (she can record the outcome); the member's
# second network has one supported meeting left; the facilitator's third network kept them on, paid.
FIXED_STORIES = {
    DEMO_COORDINATED: "deciding",
    DEMO_MEMBER_SECOND: "facilitated",
    "Lerende cultuur Utrecht-Stad": "continued",
    "Regionale samenwerking Veluwe": "faded",
    "Lerende cultuur Zaanstreek-Waterland": "intending",
    "Regionale samenwerking Kennemerland": "stopped",
    "Strategisch HRM Amsterdam": "continued",
    "SHRM in de praktijk Gooi en Vechtstreek": "forming",
}
# Who facilitates the 23 networks that continued (the facilitator paid by the schools, a member, nobody).
FACILITATIONS = {"paid_by_schools": 9, "member": 10, "nobody": 4}

# The signs of the network that faded, shown by a few active networks: attendance falling over the last
# three held meetings, fewer than half of the committed members at the last one, no next meeting planned,
# two schools absent from the last two meetings.
FALLING, FEW_COMMITTED, NO_NEXT, SCHOOLS_ABSENT = "falling", "few_committed", "no_next", "schools_absent"


@dataclass(frozen=True)
class Story:
    kind: str
    supported_held: int = 0  # facilitated: supported meetings held so far
    facilitation: str = ""  # continued: who facilitates from now on
    weeks_back: int = 0  # finished and deciding: weeks from the last supported meeting to DEMO_TODAY's week
    at_risk: frozenset = frozenset()
    no_start_meeting: bool = False  # forming: the start meeting is still ahead


def stories():
    """{NetworkSpec: Story}: the same on every call."""
    rng = random.Random(f"{SEED}:stories")
    left = dict(STORY_COUNTS)
    for kind in FIXED_STORIES.values():
        left[kind] -= 1
    pool = [kind for kind, count in left.items() for _ in range(count)]
    rng.shuffle(pool)
    drawn = [spec for spec in NETWORKS if spec.name not in FIXED_STORIES]
    kinds = dict(zip(drawn, pool, strict=True))

    def named(kind):
        return [spec for spec in drawn if kinds[spec] == kind]

    result = {}
    facilitations = [kind for kind, count in FACILITATIONS.items() for _ in range(count)]
    facilitations.remove("paid_by_schools")  # Utrecht-Stad keeps the demo facilitator on
    facilitations.remove("member")  # Amsterdam: a member chairs it now
    rng.shuffle(facilitations)
    result[_spec("Lerende cultuur Utrecht-Stad")] = Story("continued", facilitation="paid_by_schools", weeks_back=20)
    result[_spec("Strategisch HRM Amsterdam")] = Story(
        "continued", facilitation="member", weeks_back=30, at_risk=frozenset({FALLING, FEW_COMMITTED})
    )
    for spec, facilitation in zip(named("continued"), facilitations, strict=True):
        result[spec] = Story("continued", facilitation=facilitation, weeks_back=rng.randint(6, 56))
    for spec in [*named("stopped"), _spec("Regionale samenwerking Kennemerland")]:
        result[spec] = Story("stopped", weeks_back=rng.randint(6, 50))
    # Intentions: one follow-up due in a couple of weeks, one recent, one quiet since (at risk).
    result[_spec("Lerende cultuur Zaanstreek-Waterland")] = Story("intending", weeks_back=25)
    recent, quiet = named("intending")
    result[recent] = Story("intending", weeks_back=9)
    result[quiet] = Story("intending", weeks_back=17, at_risk=frozenset({NO_NEXT, FALLING}))
    (spec,) = named("intended_continued")
    result[spec] = Story("intended_continued", weeks_back=44)
    (spec,) = named("intended_stopped")
    result[spec] = Story("intended_stopped", weeks_back=38)
    (spec,) = named("forming")
    result[spec] = Story("forming", no_start_meeting=True)
    result[_spec("SHRM in de praktijk Gooi en Vechtstreek")] = Story("forming")
    result[_spec(DEMO_MEMBER_SECOND)] = Story("facilitated", supported_held=4)
    struggling, young = named("facilitated")
    result[struggling] = Story("facilitated", supported_held=3, at_risk=frozenset({FALLING, SCHOOLS_ABSENT}))
    result[young] = Story("facilitated", supported_held=1)
    result[_spec(DEMO_COORDINATED)] = Story("deciding", weeks_back=1)
    (spec,) = named("deciding")
    result[spec] = Story("deciding", weeks_back=2)
    result[_spec("Regionale samenwerking Veluwe")] = Story("faded")
    return result


@dataclass
class Timeline:
    """The days of one network's life: its start, its meetings and the moves of its phase."""

    start: date
    held: list  # days of held meetings, in order
    supported: int  # how many of the held ones (the first after `support`) were supported
    upcoming: date | None = None  # the next meeting, if one is planned
    upcoming_supported: bool = False
    support: date | None = None  # start_support
    decided: date | None = None  # record_outcome
    follow_up_due: date | None = None
    followed_up: date | None = None  # answer_follow_up
    stopped: date | None = None  # stop (it faded)


def _timeline(rng, story, shift):
    """When a network with `story` started, met, and moved between phases, seen from DEMO_TODAY.

    A network meets on one weekday, every six to eight weeks in its supported phase and every ten to
    fourteen weeks once it goes on by itself; nobody meets in a school holiday (summer, Christmas). The
    days are DEMO_TODAY's, and build_plan moves them `shift` later: the holidays are those of the moved
    days, so that the demo keeps them in whichever week it is loaded.
    """
    weekday = rng.choice([1, 2, 3])  # Tuesday, Wednesday or Thursday

    def in_week_of(day):
        return day - timedelta(days=day.weekday() - weekday)

    def before_holiday(day):
        while in_school_holiday(day + shift):
            day -= timedelta(weeks=1)
        return day

    def after_holiday(day):
        while in_school_holiday(day + shift):
            day += timedelta(weeks=1)
        return day

    def back(last, count):
        days = [before_holiday(last)]
        while len(days) < count:
            days.append(before_holiday(days[-1] - timedelta(weeks=rng.randint(6, 8))))
        return sorted(days)

    this_week = in_week_of(DEMO_TODAY)
    # The next meeting: two, three, six or seven weeks ahead, or the first week after a holiday.
    upcoming = after_holiday(this_week + timedelta(weeks=rng.choice([2, 3, 6, 7])))
    ahead = (upcoming - this_week).days // 7
    kind = story.kind

    if kind == "faded":
        start = FIRST_START + timedelta(days=rng.randint(14, 60))
        first = after_holiday(in_week_of(start + timedelta(days=14)))
        held = [first, after_holiday(first + timedelta(weeks=rng.randint(6, 8)))]
        return Timeline(
            start=start,
            held=held,
            supported=2,
            support=first - timedelta(days=rng.randint(2, 6)),
            stopped=held[-1] + timedelta(weeks=rng.randint(8, 10)),
        )
    if kind == "forming":
        if story.no_start_meeting:
            return Timeline(
                start=DEMO_TODAY - timedelta(days=rng.randint(21, 42)), held=[], supported=0, upcoming=upcoming
            )
        held = [before_holiday(upcoming - timedelta(weeks=rng.randint(max(6, ahead + 1), max(8, ahead + 1))))]
        return Timeline(start=held[0] - timedelta(days=rng.randint(14, 21)), held=held, supported=0, upcoming=upcoming)
    if kind == "facilitated":
        last = upcoming - timedelta(weeks=rng.randint(max(6, ahead + 1), max(8, ahead + 1)))
        held = back(last, story.supported_held)
        return Timeline(
            start=held[0] - timedelta(days=rng.randint(14, 21)),
            held=held,
            supported=len(held),
            upcoming=upcoming,
            upcoming_supported=True,
            support=held[0] - timedelta(days=rng.randint(2, 6)),
        )

    # The supported phase is over, or (deciding) its last meeting was just held.
    weeks_back = story.weeks_back
    while True:
        supported = back(this_week - timedelta(weeks=weeks_back), 5)
        start = supported[0] - timedelta(days=rng.randint(14, 21))
        if start >= FIRST_START:
            break
        weeks_back -= 3  # too early for the programme: a little later
    timeline = Timeline(
        start=start, held=supported, supported=5, support=supported[0] - timedelta(days=rng.randint(2, 6))
    )
    if kind == "deciding":
        # Seven or eight weeks after the last one, and at least two weeks ahead.
        later = supported[-1] + timedelta(weeks=rng.randint(7, 8))
        timeline.upcoming = after_holiday(max(later, this_week + timedelta(weeks=2)))
        return timeline
    # Decided one to three weeks after the last supported meeting, counted from where that meeting would be
    # without a holiday: a holiday that moved the meetings earlier must not make a follow-up overdue.
    timeline.decided = max(supported[-1], this_week - timedelta(weeks=weeks_back)) + timedelta(days=rng.randint(7, 20))
    if kind in ("intending", "intended_continued", "intended_stopped"):
        timeline.follow_up_due = add_months(timeline.decided, 6)
    if kind == "intended_continued":
        timeline.followed_up = timeline.follow_up_due + timedelta(days=rng.randint(3, 10))
    if kind == "intended_stopped":
        timeline.followed_up = timeline.follow_up_due + timedelta(days=rng.randint(3, 10))
        # One meeting after the decision, then nothing.
        timeline.held.append(after_holiday(supported[-1] + timedelta(weeks=rng.randint(9, 11))))
        return timeline
    if kind == "stopped":
        return timeline
    # It goes on by itself: meetings laid back from the next one, after the last supported one. When a holiday
    # put the next one far ahead, the one before it was held at least a week ago all the same.
    later = [upcoming]
    while True:
        gap = timedelta(weeks=rng.randint(10, 14))
        day = before_holiday(min(later[-1] - gap, this_week - timedelta(weeks=1)))
        if day < supported[-1] + timedelta(weeks=6) or day <= timeline.decided:
            break
        later.append(day)
    timeline.held += sorted(later[1:])
    timeline.upcoming = upcoming
    if NO_NEXT in story.at_risk:
        # Nothing planned, and nothing held for more than nine weeks.
        timeline.upcoming = None
        timeline.held = [day for day in timeline.held if day < DEMO_TODAY - timedelta(weeks=9)]
    return timeline


def in_school_holiday(day):
    """Roughly the summer and Christmas holidays of all three Dutch holiday regions: no network meets then."""
    summer = date(day.year, 7, 4) <= day <= date(day.year, 8, 30)
    christmas = (day.month, day.day) >= (12, 19) or (day.month, day.day) <= (1, 4)
    return summer or christmas


def _at(day, moment):
    return datetime.combine(day, moment, AMSTERDAM)


def _present_chance(seat):
    if seat["role"] == "facilitator":
        return 0.95
    return 0.8 if seat["committed_to_attend"] else 0.55


def _report(rng, meeting, topic, title):
    title = title.format(number=meeting["number"])
    lines = [
        f"## {meeting['title']}",
        "",
        *(f"- {item}" for item in topic.agenda),
        "",
        "## Wat ik meeneem",
        "",
        *(f"- {item}" for item in rng.sample(TAKEAWAYS, rng.randint(2, 4))),
    ]
    if meeting["homework"]:
        lines += ["", "## Huiswerk", "", meeting["homework"]]
    return title, "\n".join(lines)


def _intervision_note(rng):
    subject, situation = rng.choice(INTERVISION_CASES)
    lines = [
        "**Vertrouwelijk: blijft binnen het netwerk.** Namen en scholen zijn weggelaten.",
        "",
        "## De casus",
        "",
        situation,
        "",
        "## Vragen die hielpen",
        "",
        *(f"- {question}" for question in rng.sample(INTERVISION_QUESTIONS, 3)),
        "",
        "## Wat de inbrenger meeneemt",
        "",
        rng.choice(INTERVISION_OUTCOMES),
    ]
    return f"Intervisie: {subject}", "\n".join(lines)


def _shaped_presence(rng, seats, share, *, committed_cap=None, absent_schools=()):
    """Who came to a meeting of a network at risk: `share` of `seats`, never anyone of `absent_schools`,
    at most `committed_cap` of those who committed to come."""
    wanted = max(1, round(share * len(seats)))
    committed = [s for s in seats if s["committed_to_attend"] and s["school"] not in absent_schools]
    others = [s for s in seats if not s["committed_to_attend"] and s["school"] not in absent_schools]
    rng.shuffle(committed)
    rng.shuffle(others)
    if committed_cap is not None:
        committed = committed[:committed_cap]
    pool = committed + others
    rng.shuffle(pool)
    return {seat["email"] for seat in pool[:wanted]}


def _absent_schools(rng, seats, schools):
    """Two schools of a network at risk that stopped coming: not those of its coordinators or facilitator."""
    keep = {seat["school"] for seat in seats if seat["role"] != "member"}
    return set(rng.sample([school["brin"] for school in schools if school["brin"] not in keep], 2))


def _meetings(rng, plan, spec, story, timeline, network, seats, schools):
    """The meetings of one network: held ones with attendance and notes, the next one with answers, and
    the steps of its lifecycle (plan.lifecycle) in the order they happened.

    `schools` are the plan rows of the network's schools: the meetings go round them.
    """
    slug = network["slug"]
    facilitator = next(seat["email"] for seat in seats if seat["role"] == "facilitator")
    coordinator = next(seat["email"] for seat in seats if seat["role"] == "coordinator")
    # The programme's facilitator stays only when the schools pay them on (lifecycle.services.record_outcome).
    released = (
        timeline.decided if story.kind in ("continued", "intending", "intended_continued", "intended_stopped") else None
    )
    if story.facilitation == Decision.Facilitation.PAID_BY_SCHOOLS:
        released = None
    days = list(timeline.held) + ([timeline.upcoming] if timeline.upcoming else [])
    first_supported = 0 if timeline.support else len(days)
    middle = rng.sample(THEME_TOPICS[spec.theme] + GENERAL_TOPICS, 3)
    if not any(topic.guest for topic in middle):  # "often a guest speaker": the third meeting has one
        middle[1] = rng.choice([topic for topic in THEME_TOPICS[spec.theme] if topic.guest])
    later = [topic for topic in THEME_TOPICS[spec.theme] + GENERAL_TOPICS if topic not in middle]
    rng.shuffle(later)
    topics = [START_TOPIC, *middle, REVIEW_TOPIC, CONTINUE_TOPIC, *later]
    host = rng.randrange(len(schools))
    planned_at = network["created_at"] + timedelta(days=rng.randint(1, 5))
    held_count = len(timeline.held)
    absent = _absent_schools(rng, seats, schools) if SCHOOLS_ABSENT in story.at_risk else set()
    steps = []
    if timeline.support:
        steps.append({"step": "start_support", "at": _at(timeline.support, time(10)), "by": coordinator})

    for index, day in enumerate(days):
        number, topic = index + 1, topics[index % len(topics)]
        school = schools[(host + index) % len(schools)]
        starts_at, ends_at = _at(day, MEETING_START), _at(day, MEETING_END)
        held = index < held_count
        supported = first_supported <= index < timeline.supported or (not held and timeline.upcoming_supported)
        after_support = released is not None and day > released
        meeting = {
            "network": slug,
            "number": number,
            "title": topic.title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": f"{school['name']}, {school['city']}",
            "online_url": f"https://meet.{SCHOOL_DOMAIN}/{slug}-{number}" if rng.random() < 0.12 else "",
            "agenda": "\n".join(
                [
                    "15.00 Inloop en korte ronde: wat speelt er op jouw school?",
                    f"15.20 {topic.agenda[0]}",
                    f"16.20 {topic.agenda[1]}",
                    "17.10 Afspraken, huiswerk en korte evaluatie",
                ]
            ),
            "guest_speakers": rng.choice(GUEST_SPEAKERS) if topic.guest else "",
            "work_forms": list(topic.work_forms),
            "homework": topic.homework if topic.homework and rng.random() < 0.7 else "",
            "status": "held" if held else "planned",
            "is_supported": supported,
            "created_by": coordinator if after_support else facilitator,
            "created_at": planned_at,
        }
        plan.meetings.append(meeting)
        # The next meeting is planned a day or two after this one.
        planned_at = ends_at + timedelta(hours=rng.randint(18, 60))

        at_the_time = [
            seat
            for seat in seats
            if seat["joined_on"] <= day
            and (seat["left_on"] is None or seat["left_on"] >= day)
            and not (seat["role"] == "facilitator" and after_support)
        ]
        if held:
            from_last = held_count - index  # 1 for the last held meeting
            if FALLING in story.at_risk and from_last <= 3:
                present_emails = _shaped_presence(
                    rng,
                    at_the_time,
                    {3: 0.8, 2: 0.55, 1: 0.3}[from_last],
                    committed_cap=(
                        (sum(s["committed_to_attend"] for s in at_the_time) - 1) // 2
                        if FEW_COMMITTED in story.at_risk and from_last == 1
                        else None
                    ),
                    absent_schools=absent if from_last <= 2 else (),
                )
            elif spec.fading:
                # The group falls apart: fewer come every time. Shaped rather than drawn, so that it shows in
                # a plan of any week (the draws before it differ with the holidays of that week).
                present_emails = _shaped_presence(rng, at_the_time, max(0.2, 0.7 - 0.35 * index))
            else:
                present_emails = {
                    seat["email"]
                    for seat in at_the_time
                    if rng.random() < _present_chance(seat) and not (from_last <= 2 and seat["school"] in absent)
                }
            recorded_by = facilitator if not after_support else coordinator
            recorded_at = ends_at + timedelta(minutes=rng.randint(10, 48 * 60))
            present_seats = []
            for seat in at_the_time:
                present = seat["email"] in present_emails
                if present:
                    present_seats.append(seat)
                plan.attendance.append(
                    {
                        "network": slug,
                        "number": number,
                        "email": seat["email"],
                        "joined_on": seat["joined_on"],
                        "present": present,
                        "recorded_by": recorded_by,
                        "recorded_at": recorded_at,
                    }
                )
            if supported and not (index + 1 < held_count and index + 1 < timeline.supported):
                # The last supported meeting held so far is marked held through the meetings service
                # record_attendance, whose signal the lifecycle answers (after the fifth: deciding).
                # The ones before it are plain rows: held, they would only have queued mails.
                steps.append({"step": "held", "at": recorded_at, "by": recorded_by, "number": number})
            authors = rng.sample(present_seats, min(len(present_seats), rng.choice([1, 1, 2])))
            titles = rng.sample(REPORT_TITLES, len(authors))  # two reports of one meeting differ in title
            for seat, report_title in zip(authors, titles, strict=True):
                confidential = rng.random() < 0.22
                title, body = _intervision_note(rng) if confidential else _report(rng, meeting, topic, report_title)
                plan.notes.append(
                    {
                        "network": slug,
                        "number": number,
                        "author": seat["email"],
                        "title": title,
                        "body": body,
                        "is_confidential": confidential,
                        "created_at": ends_at + timedelta(minutes=rng.randint(60, 72 * 60)),
                    }
                )
        else:
            answered_from = meeting["created_at"]
            minutes = max(0, int((PLAN_NOW - answered_from).total_seconds() // 60))
            for seat in at_the_time:
                # The demo participant has not answered yet, so the demo shows the answer buttons.
                if seat["email"] == DEMO_EMAILS["member"]:
                    continue
                if seat["role"] == "facilitator":
                    answer = "yes"
                elif seat["committed_to_attend"]:
                    answer = _weighted(rng, {"yes": 76, "no": 5, "maybe": 6, "": 13})
                else:
                    answer = _weighted(rng, {"yes": 50, "no": 12, "maybe": 13, "": 25})
                if not answer:
                    continue
                plan.rsvps.append(
                    {
                        "network": slug,
                        "number": number,
                        "email": seat["email"],
                        "answer": answer,
                        "comment": rng.choice(RSVP_COMMENTS[answer]),
                        "answered_at": answered_from + timedelta(minutes=rng.randint(0, minutes)),
                    }
                )

    held_steps = [step["at"] for step in steps if step["step"] == "held"]
    steps += _decision_steps(rng, story, timeline, seats, coordinator, max(held_steps, default=None))
    steps.sort(key=lambda step: step["at"])
    plan.lifecycle += [{"network": slug, **step} for step in steps]
    if released is not None:
        plan.released.append({"network": slug, "email": facilitator, "left_on": released})


VIEW_WEIGHTS = {"continue": 6, "stop": 2, "undecided": 3}  # the members' views in a network deciding now


def _decision_steps(rng, story, timeline, seats, coordinator, last_held):
    """The members' views after the last supported meeting was recorded as held (`last_held`), and the
    moves the coordinator made."""
    kind = story.kind
    if kind == "faded":
        return [{"step": "stop", "at": _at(timeline.stopped, time(20)), "by": coordinator, "reason": FADED_REASON}]
    if kind not in ("deciding", "continued", "stopped") and not kind.startswith("intend"):
        return []
    last = last_held
    until = _at(timeline.decided, time(19)) if timeline.decided else PLAN_NOW
    steps = []
    # The members' views, for the networks deciding now only: each is a service call, and those of the
    # 37 networks that decided long ago would add about a third to the loading time.
    for seat in seats if kind == "deciding" else ():
        if seat["left_on"] is not None or seat["role"] == "facilitator" or seat["email"] == DEMO_EMAILS["member"]:
            continue
        if rng.random() < 0.65:
            choice = _weighted(rng, VIEW_WEIGHTS)
            minutes = int((until - last).total_seconds() // 60)
            steps.append(
                {
                    "step": "view",
                    "at": last + timedelta(minutes=rng.randint(120, max(121, minutes))),
                    "email": seat["email"],
                    "joined_on": seat["joined_on"],
                    "choice": choice,
                    "comment": rng.choice(VIEW_COMMENTS[choice]),
                }
            )
    if kind == "deciding":
        return steps
    outcome = {"continued": "continue", "stopped": "stop"}.get(kind, "intend")
    steps.append(
        {
            "step": "outcome",
            "at": _at(timeline.decided, time(20)),
            "by": coordinator,
            "outcome": outcome,
            "facilitation": story.facilitation,
            "reason": rng.choice(STOP_REASONS) if outcome == "stop" else "",
            "follow_up_due": timeline.follow_up_due,
        }
    )
    if timeline.followed_up:
        continued = kind == "intended_continued"
        steps.append(
            {
                "step": "follow_up",
                "at": _at(timeline.followed_up, time(10)),
                "asked_at": _at(timeline.follow_up_due, time(9)),
                "by": coordinator,
                "continued": continued,
                "reason": INTENTION_CONTINUED_REASON if continued else INTENTION_STOPPED_REASON,
            }
        )
    return steps


def build_plan(today=DEMO_TODAY):
    """Every demo row, as plain dicts with natural keys. The same on every call with the same `today`.

    The plan is drawn around DEMO_TODAY, and every date and moment in it then moves to `today`'s week by
    whole weeks (see meeting_shift): people join, meet, leave and decide in the same order on any day, and
    a network keeps its weekday. Only the school holidays are the moved days' own (see _timeline), so the
    meetings of a plan for a later week can differ from those of another week.
    """
    shift = meeting_shift(today)
    rng = random.Random(SEED)
    plan = Plan()
    schools_by_region, boards_by_region = _reference_data(rng, plan)
    school_levels = {school["brin"]: school["levels"] for school in plan.schools}
    region_names = {region["slug"]: region["name"] for region in plan.regions}
    assigned, boards = _assign_schools(rng, NETWORKS, schools_by_region, boards_by_region, school_levels)
    people = _People(rng, plan)

    # One regional coordinator per region; the demo coordinator has Noordwest.
    for region in plan.regions:
        email = (
            DEMO_EMAILS["coordinator"]
            if region["slug"] == "noordwest"
            else people.new(job_role="other", domain=REGION_DOMAIN, joined_on=FIRST_START - timedelta(days=30))
        )
        plan.region_coordinators.append((region["slug"], email))

    # Facilitators from outside guide two or three networks each, the demo facilitator three. In a few
    # networks someone from one of the schools facilitates (None here).
    pool = [
        people.new(job_role=rng.choice(["other", "teacher_trainer"]), domain=ADVICE_DOMAIN, joined_on=FIRST_START)
        for _ in range(14)
    ]
    others = [spec for spec in NETWORKS if spec.name not in DEMO_FACILITATED]
    rng.shuffle(others)
    facilitators = {spec: pool[i % len(pool)] if rng.random() > 0.15 else None for i, spec in enumerate(others)}
    facilitators.update({_spec(name): DEMO_EMAILS["facilitator"] for name in DEMO_FACILITATED})

    coordinated = _spec(DEMO_COORDINATED)
    fatima_school = assigned[coordinated][-1]
    specials = {
        coordinated: [
            (DEMO_EMAILS["coordinator"], "coordinator", assigned[coordinated][0]),
            (DEMO_EMAILS["member"], "member", fatima_school),
        ],
        _spec(DEMO_MEMBER_SECOND): [(DEMO_EMAILS["member"], "member", fatima_school)],
    }

    questions = {theme: list(items) for theme, items in LEARNING_QUESTIONS.items()}
    schools_by_brin = {school["brin"]: school for school in plan.schools}
    story_of = stories()
    series = []  # what the meetings need, drawn after everything else
    for spec in NETWORKS:
        schools = assigned[spec]
        board = boards.get(spec)
        network = _network_row(rng, spec, schools, board, questions[spec.theme].pop(0), region_names)
        story = story_of[spec]
        # The days of a network's life come from a generator of their own, so they do not depend on
        # how many rows were drawn before them.
        timeline = _timeline(random.Random(f"{SEED}:{spec.region}:{spec.name}"), story, shift)
        seats = _seats(rng, spec, timeline.start, schools, people, facilitators[spec], specials.get(spec, []))
        network["created_at"] = datetime.combine(
            timeline.start - timedelta(days=rng.randint(7, 40)), time(10), AMSTERDAM
        )
        network["created_by"] = seats[0]["email"]
        plan.networks.append(network)
        for row in seats:
            plan.memberships.append({"network": network["slug"], **row})
        series.append((spec, story, timeline, network, seats, [schools_by_brin[brin] for brin in schools]))

    # Colleagues with an account but no network (yet): they make up the "1200+" of the magazine.
    while len(plan.people) + len(DEMO_PEOPLE) < TOTAL_PEOPLE:
        people.new(job_role=_weighted(rng, JOB_ROLES[""]))

    # Meetings come last, so that adding them left every row drawn before them as it was.
    for spec, story, timeline, network, seats, schools in series:
        _meetings(rng, plan, spec, story, timeline, network, seats, schools)
    for spec, *_rest in series:
        network = _rest[2]
        rules = CHANGED_REMINDER_RULES.get(spec.name, DEFAULT_REMINDER_RULES)
        plan.reminder_rules += [
            {"network": network["slug"], "hours_before": hours, "audience": audience} for hours, audience in rules
        ]
    _evaluations(plan, {row[3]["slug"]: row[1] for row in series})
    return _moved(plan, shift)


def _evaluations(plan, story_of):
    """The answers to the evaluation of the meetings held since EVALUATIONS_SINCE, from those present.

    Drawn from a generator of their own, so they leave every other row as it was. Scores are mostly
    good, lower in the last meetings of a network whose attendance falls. The demo logins leave the
    evaluations that are still open at DEMO_TODAY to the person trying the demo.
    """
    rng = random.Random(f"{SEED}:evaluations")
    meetings = {(m["network"], m["number"]): m for m in plan.meetings if m["status"] == "held"}
    last_held = {}
    for network, number in meetings:
        last_held[network] = max(number, last_held.get(network, 0))
    present = defaultdict(list)
    for row in plan.attendance:
        if row["present"]:
            present[row["network"], row["number"]].append(row["email"])
    today_at = PLAN_NOW
    coordinated = slugify(DEMO_COORDINATED)
    for (network, number), meeting in meetings.items():
        if meeting["ends_at"].date() < EVALUATIONS_SINCE:
            continue
        closes = min(meeting["ends_at"] + timedelta(days=14), today_at)
        still_open = closes == today_at
        people = [e for e in present[network, number] if not (still_open and e in DEMO_EMAILS.values())]
        if network == coordinated and number == last_held[network]:
            answering = rng.sample(people, min(2, len(people)))  # results hidden until a third answers
        else:
            answering = [email for email in people if rng.random() < EVALUATION_SHARE]
            if len(answering) < RESULTS_FROM <= len(people):
                # Enough answers to show the results: the one meeting that hides them is the one above.
                answering += rng.sample(
                    [email for email in people if email not in answering], RESULTS_FROM - len(answering)
                )
        falling = FALLING in story_of[network].at_risk and last_held[network] - number < 2
        for email in answering:
            overall = _weighted(rng, {5: 30, 4: 45, 3: 17, 2: 6, 1: 2})
            if falling:
                overall = max(1, overall - 1)
            useful = min(5, max(1, overall + rng.choice([-1, 0, 0, 1])))
            tone = "positive" if overall >= 4 else "mixed" if overall == 3 else "critical"
            hours = int((closes - meeting["ends_at"]).total_seconds() // 3600)
            plan.evaluations.append(
                {
                    "network": network,
                    "number": number,
                    "email": email,
                    "answered_at": meeting["ends_at"] + timedelta(hours=rng.randint(2, max(2, hours - 1))),
                    "overall": overall,
                    "useful": useful,
                    "will_try": rng.random() < (0.8 if useful >= 4 else 0.35),
                    "comment": rng.choice(EVALUATION_COMMENTS[tone]) if rng.random() < 0.4 else "",
                }
            )


def _moved(plan, shift):
    """The plan with every date and moment in its rows `shift` later."""

    def moved(value):
        # A datetime is a date too; aware ones keep their wall-clock time across a change to summer time.
        if isinstance(value, date):
            return value + shift
        if isinstance(value, dict):
            return {key: moved(item) for key, item in value.items()}
        if isinstance(value, list):
            return [moved(item) for item in value]
        return value

    if not shift:
        return plan
    return Plan(**{name.name: moved(getattr(plan, name.name)) for name in fields(plan)})
