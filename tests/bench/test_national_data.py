"""The national dataset of the dashboard benchmarks (bench/national_data.py), loaded at a tiny scale: the
sizes follow the scale, and the rows keep every rule the models and the lifecycle set."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q

from bench import national_data
from lifecycle.models import Decision, PhaseChange, View
from meetings.models import Attendance, EvaluationAnswer, EvaluationResponse, Meeting, ReminderRule, Rsvp
from members.models import User
from networks.models import Board, Membership, Network, Phase, School

SCALE = 0.002
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def loaded(db):
    return national_data.load(SCALE, now=NOW)


def test_sizes_follow_the_scale(loaded):
    size = national_data.sizes(SCALE)
    assert Network.objects.count() == size["networks"]
    assert School.objects.count() == size["schools"]
    assert Board.objects.count() == size["boards"]
    assert User.objects.count() == size["people"]
    # Meetings and answers are aimed at: spacing and answering chances are drawn to reach them.
    assert 0.8 * size["meetings"] <= Meeting.objects.count() <= 1.2 * size["meetings"]
    assert 0.8 * size["rsvps"] <= Rsvp.objects.count() <= 1.2 * size["rsvps"]
    low, high = national_data.MEMBERS_PER_NETWORK
    per_network = Membership.objects.count() / size["networks"]
    assert low - 2 <= per_network <= high
    assert Membership.objects.current().count() < Membership.objects.count()  # some left
    assert ReminderRule.objects.count() == 2 * size["networks"]
    assert EvaluationResponse.objects.count() == EvaluationAnswer.objects.count() > 0
    assert loaded[Rsvp._meta.db_table] == Rsvp.objects.count()


def test_every_network_has_one_coordinator_and_a_history_that_leads_to_its_phase(loaded):
    coordinators = Count("memberships", filter=Q(memberships__role="coordinator", memberships__left_on__isnull=True))
    assert not Network.objects.annotate(coordinators=coordinators).exclude(coordinators=1).exists()

    # Like a real programme: most networks went through support and continued or stopped.
    phases = Counter(Network.objects.values_list("phase", flat=True))
    assert phases[Phase.SELF_DIRECTED] + phases[Phase.STOPPED] > phases.total() / 2

    for network in Network.objects.prefetch_related("phase_changes"):
        changes = list(network.phase_changes.all())
        source = Phase.FORMING
        for change in changes:
            assert change.source == source
            source = change.target
        assert source == network.phase
        decided = any(change.source == Phase.DECIDING for change in changes)
        assert Decision.objects.filter(network=network).exists() == decided


def test_answers_and_attendance_belong_to_members_of_the_meeting_s_network(loaded):
    member = Membership.objects.filter(user=OuterRef("user"), network=OuterRef("meeting__network"))
    assert not Rsvp.objects.exclude(Exists(member)).exists()
    assert not Attendance.objects.exclude(membership__network=F("meeting__network")).exists()
    assert not Attendance.objects.exclude(meeting__status=Meeting.Status.HELD).exists()


@pytest.mark.parametrize(
    "model",
    [User, School, Network, Membership, Meeting, Rsvp, Attendance, EvaluationAnswer, PhaseChange, Decision, View],
)
def test_rows_pass_the_model_validation(loaded, model):
    rows = list(model.objects.order_by("?")[:25])
    assert rows
    for row in rows:
        row.full_clean()


def test_staff_can_log_in_with_the_bench_password(loaded, client):
    assert client.login(email=national_data.STAFF_EMAIL, password=national_data.PASSWORD)


def test_refuses_a_database_that_holds_networks(loaded):
    with pytest.raises(national_data.AlreadyLoaded):
        national_data.load(SCALE, now=NOW)


def test_the_same_moment_gives_the_same_rows():
    def rows(build):
        return [(m.network.id, m.starts, m.status, len(m.eligible), m.answers) for m in build.meetings]

    assert rows(national_data.plan(SCALE, NOW)) == rows(national_data.plan(SCALE, NOW))
