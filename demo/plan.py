"""The plan of the demo data: which regions, boards, schools, networks, people, meetings, answers,
attendance and notes there are, as plain rows. `demo.loader` writes it; the words come from `demo.words`.

The figures follow the Stap 2 magazine of the VO-raad: 8 regions, 45 networks with the theme shares
told there, 493 schools and more than 1,200 people. Every network has met two to five times, with
attendance and notes, and all but the one that faded have their next meeting planned (around
DEMO_TODAY, moved to the day the demo is loaded by whole weeks).

Everything here is pure: `build_plan()` draws every row from one `random.Random(SEED)`, so the rows
are the same on every machine and every call for the same day. Nothing here touches the database:
the models are imported only for their choices and field names.

Generated people get an unusable password: hashing 1,200 passwords would take minutes, and only the
five demo logins need to log in.
"""

import hashlib
import random
import string
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.text import slugify

from members.models import User
from networks.models import Network

from .words import (
    BOARD_AREA_HEADS,
    BOARD_AREA_TAILS,
    BOARD_FORMS,
    CITIES,
    CONTINUE_TOPIC,
    DENOMINATIONS,
    FIRST_NAMES,
    GENERAL_TOPICS,
    GUEST_SPEAKERS,
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
    SURNAMES,
    TAKEAWAYS,
    THEME_FOCUS,
    THEME_TOPICS,
    THEMES,
    TYPES_FOR_LEVELS,
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
# plan the same on every run; when the demo is loaded later, its meetings move forward by whole weeks
# (see meeting_shift), so a new user always sees recent meetings behind and the next one ahead.
DEMO_TODAY = date(2026, 11, 24)


def meeting_shift(today):
    """Whole weeks from DEMO_TODAY to `today` (never negative): how far the demo's meetings move."""
    return timedelta(weeks=max(0, (today - DEMO_TODAY).days // 7))


MEETING_START, MEETING_END = time(15, 0), time(17, 30)


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


def _seats(rng, spec, schools, people, facilitator, specials):
    """The memberships of one network: coordinators, a facilitator, members, and some who left.

    Every school of the network gets at least one current member, so the network reaches all of them.
    `specials` are (email, role, school) of demo logins who take part.
    """
    start = FIRST_START + timedelta(days=rng.randint(0, 620))
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
    return start, seats


def _meeting_days(rng, spec, start):
    """The days of a network's held meetings, and of its next one (None for the network that faded).

    A network meets on one weekday, every six to eight weeks. The series is laid back from the next
    meeting, so every network that lives on met recently; the one that faded met twice after its start.
    """
    weekday = rng.choice([1, 2, 3])  # Tuesday, Wednesday or Thursday

    def in_week_of(day):
        return day - timedelta(days=day.weekday() - weekday)

    if spec.fading:
        first = in_week_of(start + timedelta(days=14))
        return [first, first + timedelta(weeks=rng.randint(6, 8))], None
    # Two to seven weeks ahead, but not in the Christmas holiday (four and five weeks after DEMO_TODAY).
    ahead = rng.choice([2, 3, 6, 7])
    upcoming = in_week_of(DEMO_TODAY) + timedelta(weeks=ahead)
    # The last meeting was at least a week ago, and six to eight weeks before the next one.
    held = [upcoming - timedelta(weeks=rng.randint(max(6, ahead + 1), 8))]
    first_possible = start + timedelta(days=7)
    wanted = rng.randint(2, 5)
    while len(held) < wanted:
        earlier = _before_summer(held[-1] - timedelta(weeks=rng.randint(6, 8)))
        if earlier < first_possible:
            if len(held) >= 2:
                break
            # A young network: its start meeting came quickly.
            earlier = _before_summer(held[-1] - timedelta(weeks=6))
        held.append(earlier)
    return sorted(held), upcoming


def in_summer_holiday(day):
    """Roughly the summer holiday of all three Dutch holiday regions: no network meets then."""
    return date(day.year, 7, 4) <= day <= date(day.year, 8, 30)


def _before_summer(day):
    while in_summer_holiday(day):
        day -= timedelta(weeks=1)
    return day


def _at(day, moment):
    return datetime.combine(day, moment, AMSTERDAM)


def _present_chance(spec, seat, index):
    if seat["role"] == "facilitator":
        return 0.95
    if spec.fading:  # the group falls apart: fewer come every time
        return max(0.1, 0.55 - 0.25 * index) + (0.15 if seat["committed_to_attend"] else 0)
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


def _meetings(rng, plan, spec, network, start, seats, schools):
    """The meetings of one network: held ones with attendance and notes, the next one with answers.

    `schools` are the plan rows of the network's schools: the meetings go round them.
    """
    slug = network["slug"]
    facilitator = next(seat["email"] for seat in seats if seat["role"] == "facilitator")
    days, upcoming = _meeting_days(rng, spec, start)
    middle = rng.sample(THEME_TOPICS[spec.theme] + GENERAL_TOPICS, 3)
    if not any(topic.guest for topic in middle):  # "often a guest speaker": the third meeting has one
        middle[1] = rng.choice([topic for topic in THEME_TOPICS[spec.theme] if topic.guest])
    topics = [START_TOPIC, *middle, REVIEW_TOPIC, CONTINUE_TOPIC]
    host = rng.randrange(len(schools))
    planned_at = network["created_at"] + timedelta(days=rng.randint(1, 5))
    for index, day in enumerate([*days, upcoming] if upcoming else days):
        number, topic = index + 1, topics[index]
        school = schools[(host + index) % len(schools)]
        starts_at, ends_at = _at(day, MEETING_START), _at(day, MEETING_END)
        held = day < DEMO_TODAY
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
            "created_by": facilitator,
            "created_at": planned_at,
        }
        plan.meetings.append(meeting)
        # The next meeting is planned a day or two after this one.
        planned_at = ends_at + timedelta(hours=rng.randint(18, 60))

        present_seats = []
        at_the_time = [
            seat for seat in seats if seat["joined_on"] <= day and (seat["left_on"] is None or seat["left_on"] >= day)
        ]
        if held:
            for seat in at_the_time:
                present = rng.random() < _present_chance(spec, seat, index)
                if present:
                    present_seats.append(seat)
                plan.attendance.append(
                    {
                        "network": slug,
                        "number": number,
                        "email": seat["email"],
                        "joined_on": seat["joined_on"],
                        "present": present,
                        "recorded_by": facilitator,
                        "recorded_at": ends_at + timedelta(minutes=rng.randint(10, 48 * 60)),
                    }
                )
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
            minutes = int((_at(DEMO_TODAY, time(7)) - answered_from).total_seconds() // 60)
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


def build_plan(today=DEMO_TODAY):
    """Every demo row, as plain dicts with natural keys. The same on every call with the same `today`:
    the meetings, and the answers, attendance and notes that hang from them, move from DEMO_TODAY to
    `today` by whole weeks (see meeting_shift); every other row is the same for every day.
    """
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
    series = []  # (spec, network, start, seats, schools): what the meetings need, drawn after everything else
    for spec in NETWORKS:
        schools = assigned[spec]
        board = boards.get(spec)
        network = _network_row(rng, spec, schools, board, questions[spec.theme].pop(0), region_names)
        start, seats = _seats(rng, spec, schools, people, facilitators[spec], specials.get(spec, []))
        network["created_at"] = datetime.combine(start - timedelta(days=rng.randint(7, 40)), time(10), AMSTERDAM)
        network["created_by"] = seats[0]["email"]
        plan.networks.append(network)
        for row in seats:
            plan.memberships.append({"network": network["slug"], **row})
        series.append((spec, network, start, seats, [schools_by_brin[brin] for brin in schools]))

    # Colleagues with an account but no network (yet): they make up the "1200+" of the magazine.
    while len(plan.people) + len(DEMO_PEOPLE) < TOTAL_PEOPLE:
        people.new(job_role=_weighted(rng, JOB_ROLES[""]))

    # Meetings come last, so that adding them left every row drawn before them as it was.
    for spec, network, start, seats, schools in series:
        _meetings(rng, plan, spec, network, start, seats, schools)
    return _moved(plan, meeting_shift(today))


def _moved(plan, shift):
    """The plan with its meetings, and what was recorded at them, `shift` later."""
    return replace(
        plan,
        meetings=[
            {**row, "starts_at": row["starts_at"] + shift, "ends_at": row["ends_at"] + shift} for row in plan.meetings
        ],
        attendance=[{**row, "recorded_at": row["recorded_at"] + shift} for row in plan.attendance],
        rsvps=[{**row, "answered_at": row["answered_at"] + shift} for row in plan.rsvps],
        notes=[{**row, "created_at": row["created_at"] + shift} for row in plan.notes],
    )
