"""The demo data of `manage.py load_demo`: the figures of the Stap 2 magazine, the demo logins in their
roles, meetings with attendance, answers and notes, every phase of the lifecycle reached through its
services, and a second run that changes nothing.

Loading takes a couple of seconds, so the module loads it once per moment (see LOAD_MOMENTS), inside a
transaction that is rolled back after the last test of that moment; each test runs in its own savepoint.
"""

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.test import Client, override_settings
from django.utils import timezone

from demo import plan
from demo.plan import DEMO_EMAILS, DEMO_PASSWORD, DEMO_PEOPLE
from lifecycle import rules
from lifecycle.models import Decision, PhaseChange, View
from mail.models import Delivery, DigestItem, OutgoingMail, Preference, Topic
from meetings import follow_ups, reminders
from meetings.evaluations import RESULTS_FROM
from meetings.models import (
    REMINDER_MAX_HOURS,
    Attendance,
    EvaluationAnswer,
    EvaluationResponse,
    FollowUp,
    Meeting,
    Note,
    NoteFile,
    NoteRevision,
    Reminder,
    ReminderRule,
    Rsvp,
)
from members.models import User
from metrics import registry as metrics
from networks.models import BRIN_PATTERN, Board, Membership, Network, Phase, Region, School, Theme
from tests.helpers import weeks_just_after_a_holiday

THEME_COUNTS = {
    "Lerende cultuur": 12,
    "SHRM": 12,
    "Regionale samenwerking": 7,
    "PSO breed": 4,
    "Professionalisering teamleiders": 4,
    "SHRM in de praktijk": 3,
    "Verdieping SHRM": 3,
}
MODELS = [
    Region,
    Theme,
    Board,
    School,
    User,
    Network,
    Membership,
    Meeting,
    Attendance,
    Rsvp,
    Note,
    NoteRevision,
    PhaseChange,
    Decision,
    View,
    OutgoingMail,
    ReminderRule,
    Reminder,
    FollowUp,
    EvaluationResponse,
    EvaluationAnswer,
    Preference,
    DigestItem,
]


def _next(month, day, hour, minute=0):
    """The first such moment in Amsterdam more than a week after the real today."""
    after = timezone.localdate() + timedelta(weeks=1)
    moment = date(after.year, month, day)
    if moment <= after:
        moment = date(after.year + 1, month, day)
    return datetime.combine(moment, time(hour, minute), plan.AMSTERDAM)


def _next_tuesday_early():
    after = timezone.localdate() + timedelta(weeks=1)
    tuesday = after + timedelta(days=(1 - after.weekday()) % 7)
    return datetime.combine(tuesday, time(3, 30), plan.AMSTERDAM)


# `make run` loads the demo on whatever day a new user starts it, and the plan moves to that week: the
# rules below must hold on any of them. Besides the real clock, the module loads it at moments where the
# calendar is hard: early in the morning of a meeting weekday (the plan's latest moment must be past), just
# before, in and right after the summer holiday, and around Christmas. They lie ahead of the real clock, so the
# rows that models stamp with it are older than the moment, as they would be.
LOAD_MOMENTS = {
    "now": None,
    "tuesday-early": _next_tuesday_early,
    "end-of-june": lambda: _next(6, 30, 10),  # the next meetings are after the summer: no reminder reaches them
    "summer": lambda: _next(7, 22, 11),
    "after-summer": lambda: _next(9, 2, 16),
    "christmas": lambda: _next(12, 23, 10),
}


@pytest.fixture(scope="module", params=LOAD_MOMENTS, ids=str)
def demo_data(request, django_db_setup, django_db_blocker):
    """The demo data, loaded at one of LOAD_MOMENTS, with the clock held there; rolled back after."""
    moment = LOAD_MOMENTS[request.param]
    # The fast hasher that conftest.py sets for every test: the demo logins must be checked with it.
    fast_hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with pytest.MonkeyPatch.context() as patch:
        if moment is not None:
            at = moment().astimezone(UTC)
            patch.setattr(timezone, "now", lambda: at)  # localdate() and localtime() read it too
        with django_db_blocker.unblock(), transaction.atomic(), fast_hashers:
            call_command("load_demo", stdout=StringIO())
            # Statistics of the rows just loaded (ANALYZE counts this transaction's own rows, and is rolled
            # back with them). After the rollback of an earlier moment, autovacuum may have left the tables
            # looking empty to the planner, and the dashboards' queries then take seconds each.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            yield
            transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_data, db):
    """Use in a test: the demo data is there, and whatever the test changes is undone after it."""


def in_term_time():
    """Whether the two weeks up to today were term time. Then the demo has meetings held in them, whose
    follow-ups are due and whose notes are news; after a school holiday it has not, as a real portal would."""
    today = timezone.localdate()
    return not any(plan.in_school_holiday(today - timedelta(days=days)) for days in range(15))


def follow_ups_due_now():
    """The meetings whose follow-up beat sends now: in the follow-up window, and none sent yet."""
    return [pk for pk in follow_ups.meetings_due() if not FollowUp.objects.filter(meeting=pk).exists()]


def follow_up_due_at_load():
    """[the last meeting of the demo coordinator's network] when it lies in the follow-up window, else []."""
    last = Meeting.objects.filter(network__name=plan.DEMO_COORDINATED, status="held").latest("starts_at")
    now = timezone.now()
    return (
        [last.pk]
        if last.ends_at + follow_ups.FOLLOW_UP_AFTER <= now < last.ends_at + follow_ups.FOLLOW_UP_WINDOW
        else []
    )


def reminder_due_at_load():
    """Whether the demo's loading made a reminder due now: the next meeting of the member's second network is
    near enough for a rule to reach it (not so late in June, when it is after the summer)."""
    network = Network.objects.get(name=plan.DEMO_MEMBER_SECOND)
    upcoming = network.meetings.filter(status=Meeting.Status.PLANNED).earliest("starts_at")
    return upcoming.starts_at - timezone.now() <= timedelta(hours=REMINDER_MAX_HOURS)


def snapshot():
    """Every row of the demo tables, all fields, plus the regional coordinators."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["coordinators"] = list(Region.coordinators.through.objects.order_by("pk").values())
    return rows


def test_the_plan_is_the_same_every_time():
    first, second = plan.build_plan(), plan.build_plan()
    assert first == second
    assert len(first.schools) == 493


def test_the_plan_is_pure_it_asks_the_database_nothing(db, django_assert_num_queries):
    later = plan.DEMO_TODAY + timedelta(days=60)
    with django_assert_num_queries(0):
        first, second = plan.build_plan(today=later), plan.build_plan(today=later)
    assert first == second


def test_a_plan_for_a_later_week_moves_every_date_by_whole_weeks():
    today, later = plan.build_plan(), plan.build_plan(today=plan.DEMO_TODAY + timedelta(days=60))
    # The same schools, networks and people, in the same memberships, with their dates eight weeks later;
    # where a meeting would fall in a school holiday of the later weeks, the network's days move round it.
    assert later.schools == today.schools
    assert [row["slug"] for row in later.networks] == [row["slug"] for row in today.networks]
    assert [row["email"] for row in later.people] == [row["email"] for row in today.people]
    keys = ("network", "email", "role")
    assert [[m[k] for k in keys] for m in later.memberships] == [[m[k] for k in keys] for m in today.memberships]
    starts = {(m["network"], m["number"]): m["starts_at"] for m in today.meetings}
    moves = Counter(
        m["starts_at"] - starts[m["network"], m["number"]]
        for m in later.meetings
        if (m["network"], m["number"]) in starts
    )
    # A network's meetings are laid back from its next one, so one moved round a holiday moves those before it.
    assert moves[timedelta(weeks=8)] and all(move.days % 7 == 0 for move in moves)  # each on its weekday


def test_a_plan_for_the_summer_keeps_its_meetings_out_of_the_holiday():
    summer = plan.build_plan(today=date(2027, 7, 20))
    days = [row["starts_at"].date() for row in summer.meetings]
    assert not [day for day in days if plan.in_school_holiday(day)]
    # The next meetings come after the holiday, and the last ones before it.
    planned = [row["starts_at"].date() for row in summer.meetings if row["status"] == "planned"]
    assert planned and min(planned) > date(2027, 8, 30)
    assert max(row["starts_at"].date() for row in summer.meetings if row["status"] == "held") < date(2027, 7, 4)


def test_demo_data_has_the_figures_of_the_magazine(loaded):
    assert sorted(Region.objects.values_list("slug", flat=True)) == sorted(
        ["noord", "noordwest", "oost", "midden", "west", "zuidwest", "zuid", "zuidoost"]
    )
    assert set(Theme.objects.values_list("name", flat=True)) == set(THEME_COUNTS)
    assert all(Theme.objects.values_list("description", flat=True))
    assert Network.objects.count() == 45
    assert dict(Counter(Network.objects.values_list("theme__name", flat=True))) == THEME_COUNTS
    assert School.objects.count() == 493
    assert 55 <= Board.objects.count() <= 65
    assert User.objects.count() >= 1200


def test_every_region_has_one_regional_coordinator(loaded):
    assert [region.coordinators.count() for region in Region.objects.all()] == [1] * 8


def test_every_network_has_5_to_10_schools_and_8_to_20_current_members(loaded):
    for network in metrics.annotate(Network.objects.all(), "members", "schools_reached"):
        assert 5 <= network.schools_reached <= 10, network.name
        assert 8 <= network.members <= 20, network.name


def test_every_network_has_one_or_two_coordinators_and_the_facilitator_only_if_kept_on(loaded):
    for network in Network.objects.select_related("decision"):
        roles = Counter(network.memberships.current().values_list("role", flat=True))
        assert roles["coordinator"] in (1, 2), network.name
        decision = getattr(network, "decision", None)
        released = decision is not None and decision.outcome != "stop" and decision.facilitation != "paid_by_schools"
        assert roles["facilitator"] == (0 if released else 1), network.name


def test_members_come_from_schools_of_the_network_region_or_board(loaded):
    for network in Network.objects.select_related("board"):
        schools = School.objects.filter(memberships__network=network).distinct()
        if network.kind == Network.Kind.INTERNAL:
            assert set(schools.values_list("board", flat=True)) == {network.board_id}, network.name
        elif network.kind == Network.Kind.REGIONAL:
            assert set(schools.values_list("region", flat=True)) == {network.region_id}, network.name
        else:
            assert len(set(schools.values_list("region", flat=True))) >= 2, network.name


def test_network_kinds_listing_and_names(loaded):
    kinds = Counter(Network.objects.values_list("kind", flat=True))
    assert kinds == {"regional": 37, "internal": 5, "cross_regional": 3}
    # The directory lists networks that have not stopped.
    assert 0.7 <= Network.objects.listed().count() / Network.objects.active().count() <= 0.9
    assert all(Network.objects.values_list("learning_question", flat=True))
    shrm = Network.objects.filter(theme__slug__in=plan.SHRM_THEMES)
    assert any(network.roadmap_policy_theme for network in shrm)
    assert not Network.objects.exclude(theme__slug__in=plan.SHRM_THEMES).exclude(roadmap_policy_theme="").exists()


def test_brin_codes_and_levels_are_valid(loaded):
    brins = list(School.objects.values_list("brin", flat=True))
    assert all(re.fullmatch(BRIN_PATTERN, brin) for brin in brins)
    assert len(set(brins)) == len(brins)
    assert all(levels for levels in School.objects.values_list("levels", flat=True))
    assert not School.objects.filter(board=None).exists()


def test_most_schools_take_part_in_a_network(loaded):
    reached = metrics.overall("schools_reached")["schools_reached"]
    assert reached >= 400


def test_membership_history_is_plausible(loaded):
    memberships = Membership.objects.all()
    shift, today = plan.meeting_shift(timezone.localdate()), timezone.localdate()
    assert all(plan.FIRST_START + shift - timedelta(days=30) <= m.joined_on <= today for m in memberships)
    left = memberships.filter(left_on__isnull=False)
    assert 0 < left.count() < memberships.count() / 5
    assert all(m.left_on >= m.joined_on for m in left)
    committed = memberships.filter(committed_to_attend=True).count() / memberships.count()
    assert 0.6 <= committed <= 0.85


def test_generated_people_cannot_log_in_and_have_demo_addresses(loaded):
    generated = User.objects.exclude(email__in=DEMO_EMAILS.values())
    assert not any(is_password_usable(password) for password in generated.values_list("password", flat=True))
    assert all(email.endswith(".demo.leernetwerk.nl") for email in generated.values_list("email", flat=True))
    assert generated.filter(language="nl").count() / generated.count() > 0.9
    assert len(set(generated.values_list("job_role", flat=True))) == len(User.JobRole)


def test_demo_coordinator_coordinates_noordwest_and_a_network_there(loaded):
    anouk = User.objects.get(email=DEMO_EMAILS["coordinator"])
    assert list(anouk.coordinated_regions.values_list("slug", flat=True)) == ["noordwest"]
    coordinated = Network.objects.filter(memberships__in=Membership.objects.coordinators().filter(user=anouk))
    assert coordinated.filter(region__slug="noordwest", is_listed=True).exists()


def test_demo_member_takes_part_in_two_networks_one_led_by_the_demo_coordinator(loaded):
    fatima = User.objects.get(email=DEMO_EMAILS["member"])
    networks = Network.objects.of_member(fatima)
    assert networks.count() == 2
    assert set(fatima.memberships.values_list("role", flat=True)) == {"member"}
    assert networks.filter(
        region__slug="noordwest", memberships__user__email=DEMO_EMAILS["coordinator"], memberships__role="coordinator"
    ).exists()


def test_demo_facilitator_guides_two_or_three_networks(loaded):
    pieter = User.objects.get(email=DEMO_EMAILS["facilitator"])
    assert 2 <= pieter.memberships.current().filter(role="facilitator").count() <= 3
    assert not pieter.memberships.exclude(role="facilitator").exists()


def test_staff_login_is_association_staff_without_memberships(loaded):
    staff = User.objects.get(email=DEMO_EMAILS["staff"])
    assert staff.is_association_staff
    assert not staff.memberships.exists()
    assert User.objects.filter(is_association_staff=True).count() == 1
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [DEMO_EMAILS["admin"]]


def test_demo_data_loads_twice_without_changes(loaded, capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    output = capsys.readouterr().out
    for role in ["coordinator", "facilitator", "member", "staff", "admin"]:
        assert role in output
    assert "Demo data: 8 regions, 45 networks, 493 schools, 1,2" in output


def test_loading_again_restores_missing_rows_without_duplicates(loaded):
    network = Network.objects.annotate(n=Count("memberships")).get(slug="lerende-cultuur-zeeland")
    attendance = Attendance.objects.filter(meeting__network=network).count()
    membership = network.memberships.filter(role="member").exclude(attendances=None).first()
    membership.attendances.all().delete()
    membership.delete()
    network.meetings.get(number=1).notes.all().delete()
    call_command("load_demo", stdout=StringIO())
    assert network.memberships.count() == network.n
    assert Attendance.objects.filter(meeting__network=network).count() == attendance
    assert network.meetings.get(number=1).notes.count() in (1, 2)
    assert Network.objects.count() == 45


def test_every_demo_login_works_and_only_admin_reaches_the_admin(loaded):
    for role, email, *_rest in DEMO_PEOPLE:
        client = Client()
        response = client.post("/account/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, role
        assert (client.get("/admin/").status_code == 200) == (role == "admin"), role


# --- Meetings -------------------------------------------------------------------------------------


def stories_by_slug():
    """{network slug: demo.plan.Story}: the plan's networks are in the order of plan.NETWORKS."""
    story_of = plan.stories()
    return {row["slug"]: story_of[spec] for spec, row in zip(plan.NETWORKS, plan.build_plan().networks, strict=True)}


def meetings_by_network():
    series = defaultdict(list)
    for meeting in Meeting.objects.select_related("network").order_by("network", "starts_at"):
        series[meeting.network].append(meeting)
    return series


def test_every_network_has_held_meetings_with_attendance_and_notes_but_the_youngest(loaded):
    series = meetings_by_network()
    assert len(series) == 45
    for network, meetings in series.items():
        held = [m for m in meetings if m.status == Meeting.Status.HELD]
        fewest = {Phase.FORMING: 0, Phase.FACILITATED: 1}.get(network.phase, 2)
        assert fewest <= len(held) <= 12, network.name
        for meeting in held:
            assert meeting.ends_at.date() < plan.DEMO_TODAY + plan.meeting_shift(timezone.localdate()), network.name
            assert meeting.attendances.filter(present=True).exists(), (network.name, meeting.number)
            assert 1 <= meeting.notes.count() <= 2, (network.name, meeting.number)
    assert not Attendance.objects.exclude(meeting__status=Meeting.Status.HELD).exists()


def test_networks_that_live_on_have_one_upcoming_meeting_and_stopped_ones_none(loaded):
    quiet = {slug for slug, story in stories_by_slug().items() if plan.NO_NEXT in story.at_risk}
    for network, meetings in meetings_by_network().items():
        planned = [m for m in meetings if m.status == Meeting.Status.PLANNED]
        if network.phase == Phase.STOPPED or network.slug in quiet:
            assert planned == [], network.name
            continue
        assert len(planned) == 1, network.name
        this_week = plan.DEMO_TODAY + plan.meeting_shift(timezone.localdate())
        day = planned[0].starts_at.date()
        # Two to seven weeks ahead, and further only by the weeks of a school holiday just before it (on the
        # network's own weekday: the holiday may begin or end in the middle of a week).
        assert 14 <= (day - this_week).days <= 7 * (7 + weeks_just_after_a_holiday(day)) + 3, network.name
        assert planned[0] == meetings[-1], network.name
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED).count() == 45 - 11 - len(quiet)
    assert not Meeting.objects.filter(status=Meeting.Status.CANCELLED).exists()


def test_meeting_numbers_follow_the_dates_every_six_to_eight_weeks_while_supported(loaded):
    for network, meetings in meetings_by_network().items():
        assert [m.number for m in meetings] == list(range(1, len(meetings) + 1)), network.name
        for earlier, later in pairwise(meetings):
            weeks, days = divmod((timezone.localdate(later.starts_at) - timezone.localdate(earlier.starts_at)).days, 7)
            assert days == 0, network.name  # a network keeps its weekday
            holiday = any(
                plan.in_school_holiday(earlier.starts_at.date() + timedelta(days=d)) for d in range(0, weeks * 7, 7)
            )
            # Once on their own, networks meet less often: every ten to fourteen weeks. A meeting that would
            # fall in the summer holiday (nine weeks at most) is held before it, or after it.
            most = 8 if later.is_supported else 20
            assert 6 <= weeks <= most + (9 if holiday else 0), (network.name, later.number)


def test_meetings_run_from_three_to_half_past_five_in_amsterdam(loaded):
    assert not Meeting.objects.filter(ends_at__lte=F("starts_at")).exists()
    for meeting in Meeting.objects.all():
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        assert (starts.time(), ends.time(), starts.date()) == (time(15), time(17, 30), ends.date())
        assert starts.weekday() in (1, 2, 3)
        assert not plan.in_school_holiday(starts.date())
        meeting.full_clean()  # place, work forms, online link and the rest pass the model's own checks


def test_meetings_have_dutch_content_places_of_the_network_and_known_work_forms(loaded):
    meetings = Meeting.objects.select_related("network")
    assert meetings.filter(number=1).count() == 45
    assert set(meetings.filter(number=1).values_list("title", flat=True)) == {"Startbijeenkomst: onze leervraag"}
    assert meetings.filter(number=5).exclude(title="Terugblik: worden we wijzer?").count() == 0
    assert all(m.agenda.count("\n") >= 3 for m in meetings)
    assert {form for m in meetings for form in m.work_forms} == set(Meeting.WorkForm.values)
    assert 0.1 < meetings.exclude(guest_speakers="").count() / meetings.count() < 0.6
    assert 0.3 < meetings.exclude(homework="").count() / meetings.count() < 0.8
    assert meetings.exclude(online_url="").exists()
    for meeting in meetings:
        school_places = {
            f"{name}, {city}" for name, city in meeting.network.memberships.values_list("school__name", "school__city")
        }
        assert meeting.place in school_places, (meeting.network.name, meeting.number)
        # The facilitator plans them; once the network goes on without them, a coordinator does.
        assert (
            meeting.created_by.memberships.filter(
                network=meeting.network, role="coordinator" if meeting.number > 5 else "facilitator"
            ).exists()
            or meeting.created_by.memberships.filter(network=meeting.network, role="facilitator").exists()
        )
        assert meeting.created_at < meeting.starts_at


def test_attendance_is_for_members_at_the_time_and_about_three_in_four_come(loaded):
    rows = Attendance.objects.select_related("meeting", "membership")
    for row in rows:
        membership, day = row.membership, timezone.localdate(row.meeting.starts_at)
        assert membership.network_id == row.meeting.network_id
        assert membership.joined_on <= day
        assert membership.left_on is None or membership.left_on >= day
        assert row.recorded_at > row.meeting.ends_at
    assert 0.7 <= rows.filter(present=True).count() / rows.count() <= 0.82
    # Every member of the network at the time has a row: no one is left out of the figures.
    for meeting in Meeting.objects.filter(status=Meeting.Status.HELD).select_related("network")[:20]:
        day = timezone.localdate(meeting.starts_at)
        at_the_time = meeting.network.memberships.filter(joined_on__lte=day).exclude(left_on__lt=day)
        assert set(meeting.attendances.values_list("membership", flat=True)) == set(
            at_the_time.values_list("pk", flat=True)
        )


def test_the_faded_network_has_low_and_falling_attendance(loaded):
    faded = Network.objects.get(name=next(spec.name for spec in plan.NETWORKS if spec.fading))
    shares = [
        meeting.attendances.filter(present=True).count() / meeting.attendances.count()
        for meeting in faded.meetings.order_by("number")
    ]
    others = Attendance.objects.exclude(meeting__network=faded)
    assert shares[-1] < shares[0]
    assert sum(shares) / len(shares) < others.filter(present=True).count() / others.count() - 0.1


def test_answers_for_the_upcoming_meetings_come_from_current_members(loaded):
    upcoming = Meeting.objects.filter(status=Meeting.Status.PLANNED)
    assert not Rsvp.objects.exclude(meeting__in=upcoming).exists()
    answers = Counter(Rsvp.objects.values_list("answer", flat=True))
    assert answers["yes"] > answers["no"] + answers["maybe"] > 0
    assert answers["no"] > 0 and answers["maybe"] > 0
    unanswered = 0
    for meeting in upcoming.select_related("network"):
        members = set(meeting.network.memberships.current().values_list("user", flat=True))
        answered = set(meeting.rsvps.values_list("user", flat=True))
        assert answered <= members, meeting.network.name
        unanswered += len(members - answered)
        assert not meeting.rsvps.filter(answered_at__lt=meeting.created_at).exists()
        assert not meeting.rsvps.exclude(waitlisted_at=None).exists()
    assert unanswered > 0


def test_notes_are_by_members_who_came_and_each_has_its_first_revision(loaded):
    notes = Note.objects.select_related("meeting")
    confidential = notes.filter(is_confidential=True).count() / notes.count()
    assert 0.15 <= confidential <= 0.35
    for note in notes:
        assert Attendance.objects.filter(meeting=note.meeting, membership__user=note.author_id, present=True).exists()
        assert note.created_at > note.meeting.ends_at
        revisions = list(note.revisions.values_list("editor", "title", "body", "is_confidential", "saved_at"))
        assert revisions == [(note.author_id, note.title, note.body, note.is_confidential, note.created_at)]
        assert note.body.startswith(("## ", "**Vertrouwelijk"))
    assert all("ntervisie" in note.title for note in notes.filter(is_confidential=True))
    assert NoteRevision.objects.count() == notes.count()
    assert not NoteFile.objects.exists()


def test_demo_logins_have_meetings_in_their_networks(loaded):
    for role in ("coordinator", "member", "facilitator"):
        user = User.objects.get(email=DEMO_EMAILS[role])
        networks = Network.objects.of_member(user)
        assert networks.exists(), role
        for network in networks:
            assert network.meetings.filter(status=Meeting.Status.HELD).exists(), (role, network.name)
            assert network.meetings.filter(status=Meeting.Status.PLANNED).exists(), (role, network.name)
    fatima = User.objects.get(email=DEMO_EMAILS["member"])
    assert Meeting.objects.filter(network__in=Network.objects.of_member(fatima), status="planned").count() == 2
    assert Attendance.objects.filter(membership__user=fatima).exists()
    # The demo participant can try answering: she has not answered yet.
    assert not Rsvp.objects.filter(user=fatima).exists()


def test_a_meeting_someone_changed_is_left_alone(loaded):
    meeting = Meeting.objects.filter(status=Meeting.Status.HELD).first()
    Meeting.objects.filter(pk=meeting.pk).update(title="Anders ingevuld")
    meeting.attendances.all().delete()
    meeting.notes.all().delete()
    call_command("load_demo", stdout=StringIO())
    meeting.refresh_from_db()
    assert meeting.title == "Anders ingevuld"
    assert not meeting.attendances.exists()
    assert not meeting.notes.exists()
    assert Meeting.objects.filter(network=meeting.network, number=meeting.number).count() == 1


def test_a_demo_loaded_later_moves_its_meetings_by_whole_weeks():
    assert plan.meeting_shift(plan.DEMO_TODAY) == timedelta(0)
    assert plan.meeting_shift(plan.DEMO_TODAY - timedelta(days=30)) == timedelta(0)
    assert plan.meeting_shift(plan.DEMO_TODAY + timedelta(days=6)) == timedelta(0)
    assert plan.meeting_shift(plan.DEMO_TODAY + timedelta(days=60)) == timedelta(weeks=8)


def test_planned_meetings_lie_ahead_of_the_real_today(loaded):
    from django.utils import timezone

    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED)
    assert planned.exists()
    assert not planned.filter(starts_at__lt=timezone.now()).exists()
    assert not Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gt=timezone.now()).exists()


# --- The lifecycle ----------------------------------------------------------------------------------


def test_phases_have_the_programme_outcome_shares_23_9_5_of_37(loaded):
    assert dict(Counter(Network.objects.values_list("phase", flat=True))) == {
        Phase.SELF_DIRECTED: 23 + 1,  # one intention came true
        Phase.STOPPED: 9 + 1 + 1,  # one intention did not, and the one that faded
        Phase.INTENDING: 3,
        Phase.DECIDING: 2,
        Phase.FACILITATED: 3,
        Phase.FORMING: 2,
    }
    outcomes = Counter(Decision.objects.values_list("outcome", flat=True))
    assert outcomes == {"continue": 23, "stop": 9, "intend": 5}
    assert [round(100 * outcomes[o] / 37) for o in ("continue", "stop", "intend")] == [62, 24, 14]
    followed_up = Counter(Decision.objects.exclude(follow_up="").values_list("outcome", "follow_up"))
    assert followed_up == {("intend", "continued"): 1, ("intend", "stopped"): 1}
    facilitation = Counter(Decision.objects.filter(outcome="continue").values_list("facilitation", flat=True))
    assert set(facilitation) == set(Decision.Facilitation.values)


def test_the_faded_network_stopped_from_facilitated_after_two_supported_meetings(loaded):
    faded = Network.objects.get(name=next(spec.name for spec in plan.NETWORKS if spec.fading))
    assert faded.phase == Phase.STOPPED
    moves = list(faded.phase_changes.values_list("source", "target"))
    assert moves == [(Phase.FORMING, Phase.FACILITATED), (Phase.FACILITATED, Phase.STOPPED)]
    assert "twee bijeenkomsten" in faded.phase_changes.last().reason
    assert not Decision.objects.filter(network=faded).exists()  # not an outcome after support
    assert list(faded.meetings.values_list("status", "is_supported")) == [("held", True), ("held", True)]
    assert PhaseChange.objects.filter(source=Phase.FACILITATED, target=Phase.STOPPED).count() == 1


def test_every_phase_change_is_a_move_of_the_rules_by_someone_allowed_in_order(loaded):
    coordinators = set(Membership.objects.coordinators().values_list("network", "user"))
    now = timezone.now()
    for network in Network.objects.prefetch_related("phase_changes"):
        changes = list(network.phase_changes.all())
        phase = Phase.FORMING
        for change in changes:
            move = rules.move_between(change.source, change.target)
            assert move is not None, (network.name, change.source, change.target)
            assert change.source == phase, network.name
            if move.by == {rules.Actor.PORTAL}:
                assert change.changed_by is None
            else:
                assert rules.Actor.COORDINATOR in move.by
                assert (network.pk, change.changed_by_id) in coordinators, network.name
            assert bool(change.reason) or not move.needs_reason
            assert change.changed_at < now
            phase = change.target
        assert phase == network.phase, network.name
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes), network.name


def test_support_ends_with_the_fifth_supported_meeting_held_and_the_move_to_deciding(loaded):
    for network in Network.objects.exclude(phase__in=[Phase.FORMING, Phase.FACILITATED]).exclude(
        phase_changes__source=Phase.FACILITATED, phase_changes__target=Phase.STOPPED
    ):
        supported = network.meetings.filter(is_supported=True).order_by("number")
        assert [m.status for m in supported] == ["held"] * 5, network.name
        assert all(m.attendances.filter(present=True).exists() for m in supported), network.name
        deciding = network.phase_changes.get(target=Phase.DECIDING)
        assert deciding.changed_at > supported.last().ends_at, network.name
    for network in Network.objects.filter(phase=Phase.FACILITATED):
        held = network.meetings.filter(is_supported=True, status="held").count()
        assert 1 <= held <= 4, network.name
        assert network.meetings.filter(is_supported=True, status="planned").count() == 1, network.name
    assert not Meeting.objects.filter(network__phase=Phase.FORMING, is_supported=True).exists()


def test_networks_deciding_have_views_and_no_outcome_yet(loaded):
    deciding = Network.objects.filter(phase=Phase.DECIDING)
    assert deciding.count() == 2
    for network in deciding:
        assert not Decision.objects.filter(network=network).exists()
        views = View.objects.filter(network=network)
        members = network.memberships.current().exclude(role="facilitator").count()
        assert 0 < views.count() < members, network.name
        assert not views.filter(membership__left_on__isnull=False).exists()
    # Views of networks that decided were given before the outcome.
    for decision in Decision.objects.all():
        assert not View.objects.filter(network=decision.network_id, answered_at__gt=decision.recorded_at).exists()


def test_intentions_are_followed_up_when_due_one_soon(loaded):
    today = timezone.localdate()
    waiting = Decision.objects.filter(outcome="intend", follow_up="")
    assert waiting.count() == 3
    assert all(due > today for due in waiting.values_list("follow_up_due", flat=True))
    # Zaanstreek-Waterland's is due within four weeks, so the demo shows one coming. (Another may be too,
    # when a school holiday moved its supported meetings, and so its decision, a few weeks earlier.)
    soon = waiting.filter(follow_up_due__lte=today + timedelta(weeks=4))
    assert "Lerende cultuur Zaanstreek-Waterland" in soon.values_list("network__name", flat=True)
    assert waiting.count() - soon.count() >= 1
    assert not waiting.exclude(follow_up_asked_at=None).exists()
    for decision in Decision.objects.exclude(follow_up=""):
        assert decision.recorded_at.date() < decision.follow_up_due <= decision.followed_up_at.date() < today
        assert decision.follow_up_asked_at is not None


def test_a_few_active_networks_show_the_signs_of_the_network_that_faded(loaded):
    at_risk = {slug: story.at_risk for slug, story in stories_by_slug().items() if story.at_risk}
    assert len(at_risk) >= 3
    today = timezone.localdate()
    for slug, signs in at_risk.items():
        network = Network.objects.get(slug=slug)
        assert network.phase in rules.ACTIVE_PHASES
        held = list(network.meetings.filter(status="held").order_by("-number")[:3])[::-1]
        present = [m.attendances.filter(present=True).count() for m in held]
        if plan.FALLING in signs:
            assert present[0] > present[1] > present[2], slug
        if plan.FEW_COMMITTED in signs:
            last = held[-1].attendances
            assert (
                2 * last.filter(present=True, membership__committed_to_attend=True).count()
                < last.filter(membership__committed_to_attend=True).count()
            ), slug
        if plan.NO_NEXT in signs:
            assert not network.meetings.filter(status="planned").exists(), slug
            assert (today - timezone.localdate(held[-1].starts_at)).days > 9 * 7, slug
        if plan.SCHOOLS_ABSENT in signs:
            schools = set(network.memberships.current().values_list("school", flat=True)) - {None}
            came = set(
                Attendance.objects.filter(meeting__in=held[-2:], present=True).values_list(
                    "membership__school", flat=True
                )
            )
            assert len(schools - came) >= 2, slug


def test_the_demo_logins_see_a_decision_to_make_a_view_to_give_and_a_last_supported_meeting(loaded):
    anouk = User.objects.get(email=DEMO_EMAILS["coordinator"])
    fatima = User.objects.get(email=DEMO_EMAILS["member"])
    pieter = User.objects.get(email=DEMO_EMAILS["facilitator"])
    coordinated = Network.objects.get(memberships__user=anouk, memberships__role="coordinator")
    assert coordinated.phase == Phase.DECIDING
    assert set(Network.objects.of_member(fatima).values_list("phase", flat=True)) == {
        Phase.DECIDING,
        Phase.FACILITATED,
    }
    assert not View.objects.filter(membership__user=fatima).exists()  # she can still give hers
    facilitated = Network.objects.of_member(fatima).get(phase=Phase.FACILITATED)
    assert facilitated.meetings.filter(is_supported=True, status="held").count() == 4
    guided = Network.objects.filter(memberships__in=pieter.memberships.current())
    assert set(guided.values_list("phase", flat=True)) == {Phase.DECIDING, Phase.FACILITATED, Phase.SELF_DIRECTED}
    noordwest = set(Network.objects.filter(region__slug="noordwest").values_list("phase", flat=True))
    assert len(noordwest) >= 4  # the regional coordinator sees many phases


def test_loading_sends_no_mail_about_the_demo_past(loaded):
    # The reminders of the past have their outbox rows, sent long ago; nothing waits to be sent.
    assert OutgoingMail.objects.exists()
    assert not OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).exists()
    assert set(OutgoingMail.objects.values_list("kind", flat=True)) == {"meeting_reminder"}
    assert not OutgoingMail.objects.filter(sent_at__gt=timezone.now()).exists()


# --- Reminders, follow-ups, evaluations and mail preferences -----------------------------------------


def test_every_network_has_reminder_rules_and_a_few_changed_them(loaded):
    assert not Network.objects.filter(reminder_rules=None).exists()
    sets = Counter(
        frozenset(ReminderRule.objects.filter(network=network).values_list("hours_before", "audience"))
        for network in Network.objects.all()
    )
    defaults = frozenset((hours, str(audience)) for hours, audience in plan.DEFAULT_REMINDER_RULES)
    # And the member's second network, whose rule makes a reminder due as the demo loads.
    assert sets[defaults] == 45 - len(plan.CHANGED_REMINDER_RULES) - reminder_due_at_load()
    assert ReminderRule.objects.filter(audience=ReminderRule.Audience.MAYBE).count() >= 2


def test_upcoming_meetings_have_their_reminders_waiting(loaded):
    now = timezone.now()
    for meeting in Meeting.objects.filter(status=Meeting.Status.PLANNED):
        rules = set(meeting.network.reminder_rules.values_list("hours_before", "audience"))
        waiting = meeting.reminders.filter(status=Reminder.Status.PENDING, starts_at=meeting.starts_at)
        assert set(waiting.values_list("hours_before", "audience")) == rules, meeting
        for reminder in waiting:
            assert reminder.due_at == meeting.starts_at - timedelta(hours=reminder.hours_before)
    # Only the one made for the start of the demo is due already, and not three hours late.
    due = Reminder.objects.filter(status=Reminder.Status.PENDING, due_at__lte=now)
    assert len(due) == reminder_due_at_load()
    assert all(now - reminder.due_at < reminders.LATE_LIMIT for reminder in due)
    assert all(reminder.meeting.network.name == plan.DEMO_MEMBER_SECOND for reminder in due)
    # None only when the next meeting is the first after a school holiday, too far ahead for a rule.
    upcoming = Meeting.objects.filter(network__name=plan.DEMO_MEMBER_SECOND, status="planned").get()
    assert reminder_due_at_load() or plan.in_school_holiday(upcoming.starts_at.date() - timedelta(weeks=1))


def test_held_meetings_have_a_reminder_history_with_sent_missed_and_dropped(loaded):
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    assert sent.filter(recipients__gt=0).count() >= 10
    assert not sent.exclude(meeting__status=Meeting.Status.HELD).exists()
    for reminder in sent.filter(recipients__gt=0)[:5]:
        mails = OutgoingMail.objects.filter(occasion=reminders.reminder_occasion(reminder))
        # As the service counts them: everyone it reached, also who switched reminders off (no mail).
        assert 1 <= mails.count() <= reminder.recipients
        assert all(mail.sent_at >= reminder.due_at for mail in mails)
    assert Reminder.objects.filter(status=Reminder.Status.MISSED, reason=reminders.REASON_LATE).exists()
    assert Reminder.objects.filter(status=Reminder.Status.DROPPED, reason=reminders.REASON_MOVED).exists()
    # The person who switched reminders off got none.
    off = Preference.objects.get(topic=Topic.REMINDERS, delivery=Delivery.OFF).user
    assert not OutgoingMail.objects.filter(user=off).exists()


def test_follow_ups_are_done_for_the_past_and_one_is_due(loaded):
    now = timezone.now()
    assert FollowUp.objects.filter(sent_at__lt=now).count() >= 10
    # Beat's hourly task sends one follow-up: of the last meeting of the demo coordinator's network, when it
    # lies in the follow-up window, as it does in term time. The evaluation reminders of the others wait.
    assert follow_ups_due_now() == follow_up_due_at_load()
    assert follow_up_due_at_load() or not in_term_time()
    last = Meeting.objects.filter(network__name=plan.DEMO_COORDINATED, status="held").latest("starts_at")
    assert last.attendances.filter(present=True).count() >= 3


def test_evaluations_show_results_for_many_meetings_and_hide_them_for_one(loaded):
    counts = Counter(EvaluationResponse.objects.values_list("meeting_id", flat=True))
    assert counts == Counter(EvaluationAnswer.objects.values_list("meeting_id", flat=True))
    assert sum(1 for n in counts.values() if n >= RESULTS_FROM) >= 10
    hidden = [meeting for meeting, n in counts.items() if n < RESULTS_FROM]
    assert [Meeting.objects.get(pk=pk).network.name for pk in hidden] == [plan.DEMO_COORDINATED]
    # Only people recorded as present answered, once each, after the meeting and before today.
    for response in EvaluationResponse.objects.select_related("meeting")[:200]:
        assert response.meeting.attendances.filter(membership__user=response.user, present=True).exists()
        assert response.meeting.ends_at < response.answered_at < timezone.now()
    scores = Counter(EvaluationAnswer.objects.values_list("overall", flat=True))
    assert len(scores) >= 4
    assert EvaluationAnswer.objects.exclude(comment="").count() >= 20
    # Several meetings per network, so results over time show.
    per_network = Counter(Meeting.objects.filter(pk__in=counts).values_list("network_id", flat=True))
    assert max(per_network.values()) >= 3


def test_some_people_chose_other_mail_and_the_digest_has_news(loaded):
    assert Preference.objects.filter(topic=Topic.REMINDERS, delivery=Delivery.OFF).count() == 1
    assert Preference.objects.filter(topic=Topic.FOLLOW_UPS, delivery=Delivery.DIGEST).count() == 1
    # The news: the notes others may read, of the meetings of the last two weeks (in term time, several).
    waiting = DigestItem.objects.filter(digest=None)
    recent = Note.objects.filter(meeting__ends_at__gt=timezone.now() - timedelta(weeks=2), is_confidential=False)
    assert set(waiting.values_list("about_id", flat=True)) == {str(pk) for pk in recent.values_list("pk", flat=True)}
    assert waiting.count() >= 5 or not in_term_time()
    assert not waiting.filter(created_at__gt=timezone.now()).exists()


def test_what_beat_sends_at_the_start_is_sent_once_even_after_loading_again(loaded):
    """Beat sends the reminder that is due and the follow-up; loading again adds no mail."""
    due = reminders.due_reminder_ids()
    assert len(due) == reminder_due_at_load()
    for reminder_id in due:
        assert reminders.send_reminder(reminder_id) >= 1
        assert DEMO_EMAILS["member"] in OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).values_list(
            "recipient", flat=True
        )
    due_now = follow_up_due_at_load()
    assert follow_ups_due_now() == due_now
    for meeting_id in due_now:
        follow_ups.send_follow_up(meeting_id)
    assert follow_ups_due_now() == []
    mails = OutgoingMail.objects.count()
    before = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == before
    assert OutgoingMail.objects.count() == mails
    assert [reminders.send_reminder(reminder_id) for reminder_id in due] == [0] * len(due)
    assert reminders.due_reminder_ids() == []


# --- The staff dashboards -------------------------------------------------------------------------


def test_the_staff_login_lands_on_a_national_dashboard_with_the_programme_s_figures(loaded):
    client = Client()
    response = client.post(
        "/account/login/", {"username": DEMO_EMAILS["staff"], "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboards/"
    assert response.status_code == 200
    assert re.search(r'data-figure="networks"[^>]*>\s*45\s*<', response.text)
    # Loading the demo filled the rollup, so the page says how fresh its figures are.
    assert "het portaal werkt ze elke 15 minuten bij" in response.text

    found = client.get("/dashboards/figures.json").json()
    assert found["from_rollup"] is True
    assert len(found["regions"]) == 8
    figures = {figure["name"]: figure["value"] for figure in found["figures"]}
    assert figures["networks"] == 45
    breakdowns = {breakdown["name"]: breakdown["parts"] for breakdown in found["breakdowns"]}
    themes = {part["label"]: round(100 * part["share"]) for part in breakdowns["themes"]}
    # The magazine's shares over 45 networks (PRODUCT.md); the four small themes as near as whole networks
    # allow (10 / 8 / 6 / 6 % would be 4.5, 3.6, 2.7 and 2.7 networks).
    assert themes == {
        "Lerende cultuur": 27,
        "SHRM": 27,
        "Regionale samenwerking": 16,
        "PSO breed": 9,
        "Professionalisering teamleiders": 9,
        "SHRM in de praktijk": 7,
        "Verdieping SHRM": 7,
    }
    outcomes = {part["key"]: part for part in breakdowns["outcomes"]}
    assert sum(part["count"] for part in outcomes.values()) == 37
    assert [round(100 * outcomes[key]["share"]) for key in ("continue", "stop", "intend")] == [62, 24, 14]
