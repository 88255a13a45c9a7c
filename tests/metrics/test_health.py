"""Network health: each signal fires just past its threshold and not at it, the status follows the number of
reasons, stopped networks have no health, many networks cost as many queries as two, and the network page
shows the health to those who run the network, not to its members."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from metrics import health, registry
from networks.models import Network
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    SchoolFactory,
)
from tests.helpers import client_for


def held(network, days_ago, present=(), absent=()):
    """A held meeting `days_ago` days ago, with `present` and `absent` memberships on its list."""
    starts_at = (timezone.now() - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
    meeting = MeetingFactory(network=network, held=True, starts_at=starts_at)
    for membership in present:
        AttendanceFactory(meeting=meeting, membership=membership, present=True)
    for membership in absent:
        AttendanceFactory(meeting=meeting, membership=membership, present=False)
    return meeting


LONG_AGO = date(2020, 8, 1)  # members who were there before every meeting of these tests


def members(network, count, **fields):
    return [MembershipFactory(network=network, joined_on=LONG_AGO, **fields) for _ in range(count)]


def reasons(network):
    return [signal.name for signal in health.for_network(network).reasons]


# --- Attendance falling over the last three held meetings ------------------------------------------


def test_falling_attendance_fires_when_each_of_the_last_three_meetings_had_fewer_present(network):
    people = members(network, 3)
    held(network, 21, present=people)
    held(network, 14, present=people[:2], absent=people[2:])
    held(network, 7, present=people[:1], absent=people[1:])
    assert "falling_attendance" in reasons(network)
    assert health.for_network(network).facts["falling_attendance"] == "3 \u2192 2 \u2192 1"


def test_falling_attendance_does_not_fire_when_two_meetings_had_the_same_count(network):
    people = members(network, 3)
    held(network, 21, present=people)
    held(network, 14, present=people[:2])
    held(network, 7, present=people[:2])
    assert "falling_attendance" not in reasons(network)


def test_falling_attendance_looks_only_at_the_last_three_held_meetings(network):
    people = members(network, 4)
    held(network, 28, present=people[:1])  # fewer than the next one, but four meetings back
    held(network, 21, present=people[:3])
    held(network, 14, present=people[:2])
    held(network, 7, present=people[:1])
    assert "falling_attendance" in reasons(network)


def test_falling_attendance_needs_three_held_meetings(network):
    people = members(network, 3)
    held(network, 14, present=people)
    held(network, 7, present=people[:1])
    MeetingFactory(network=network, cancelled=True)
    assert "falling_attendance" not in reasons(network)


# --- Committed members present at the last held meeting ------------------------------------------


def test_committed_away_fires_when_fewer_than_half_of_the_committed_members_came(network):
    committed = members(network, 4, committed_to_attend=True)
    others = members(network, 3)
    held(network, 14, present=committed)
    held(network, 7, present=committed[:1] + others, absent=committed[1:])
    assert "committed_away" in reasons(network)


def test_committed_away_does_not_fire_when_exactly_half_came(network):
    committed = members(network, 4, committed_to_attend=True)
    held(network, 7, present=committed[:2], absent=committed[2:])
    assert "committed_away" not in reasons(network)


def test_committed_away_counts_only_current_members(network):
    committed = members(network, 3, committed_to_attend=True)
    held(network, 7, present=committed[:1], absent=committed[1:])
    for membership in committed[2:]:
        membership.left_on = timezone.localdate()
        membership.save()
    # One of the two who are still members came: half, not fewer.
    assert "committed_away" not in reasons(network)


def test_committed_away_needs_a_held_meeting(network):
    members(network, 2, committed_to_attend=True)
    assert "committed_away" not in reasons(network)


def test_committed_away_needs_committed_members(network):
    held(network, 7, absent=members(network, 2))
    assert "committed_away" not in reasons(network)


# --- New attendees compared with the held meeting before ------------------------------------------


def test_many_new_attendees_fires_above_forty_percent(network):
    regulars, newcomers = members(network, 3), members(network, 3)
    held(network, 14, present=regulars)
    held(network, 7, present=regulars[:2] + newcomers)  # 3 of 5 new: 60%
    assert "many_new_attendees" in reasons(network)


def test_many_new_attendees_does_not_fire_at_forty_percent(network):
    regulars, newcomers = members(network, 3), members(network, 2)
    held(network, 14, present=regulars)
    held(network, 7, present=regulars + newcomers)  # 2 of 5 new: exactly 40%
    assert "many_new_attendees" not in reasons(network)


def test_many_new_attendees_needs_a_held_meeting_before(network):
    held(network, 7, present=members(network, 5))
    assert "many_new_attendees" not in reasons(network)


# --- No next meeting planned ---------------------------------------------------------------------


@pytest.mark.parametrize(("cadence", "weeks"), [("weeks_4_6", 6), ("weeks_6_8", 8), ("quarterly", 16), ("other", 12)])
def test_no_next_meeting_fires_once_the_weeks_of_the_cadence_have_passed(db, cadence, weeks):
    network = NetworkFactory(cadence=cadence)
    assert health.weeks_to_next_meeting(cadence) == weeks
    held(network, weeks * 7 - 1)
    assert "no_next_meeting" not in reasons(network)
    later = NetworkFactory(cadence=cadence)
    held(later, weeks * 7 + 1)
    assert "no_next_meeting" in reasons(later)


def test_no_next_meeting_does_not_fire_when_a_meeting_is_planned_after_the_last_held_one(network):
    held(network, 20 * 7)
    MeetingFactory(network=network, planned=True)
    assert "no_next_meeting" not in reasons(network)


def test_no_next_meeting_ignores_planned_meetings_before_the_last_held_one_and_cancelled_ones(network):
    starts_at = timezone.now() - timedelta(weeks=30)
    MeetingFactory(network=network, planned=True, starts_at=starts_at)
    held(network, 20 * 7)
    MeetingFactory(network=network, cancelled=True)
    assert "no_next_meeting" in reasons(network)


def test_no_next_meeting_needs_a_held_meeting(network):
    assert "no_next_meeting" not in reasons(network)


# --- Schools absent from the last two held meetings ---------------------------------------------


@pytest.fixture
def three_schools(network):
    """Three members of `network`, each from another school."""
    return [
        MembershipFactory(network=network, school=SchoolFactory(region=network.region), joined_on=LONG_AGO)
        for _ in range(3)
    ]


def test_schools_away_fires_for_a_school_absent_from_both_last_meetings(network, three_schools):
    a, b, c = three_schools
    held(network, 21, present=[c])  # three meetings back: too long ago
    held(network, 14, present=[a], absent=[c])
    held(network, 7, present=[b], absent=[c])
    assert "schools_away" in reasons(network)
    assert health.for_network(network).facts["schools_away"] == c.school.name


def test_schools_away_does_not_fire_when_the_school_came_to_one_of_the_two(network, three_schools):
    a, b, c = three_schools
    held(network, 14, present=[a, c])
    held(network, 7, present=[b], absent=[c])
    assert "schools_away" not in reasons(network)


def test_schools_away_counts_any_member_of_the_school(network, three_schools):
    a, b, c = three_schools
    colleague = MembershipFactory(network=network, school=c.school, joined_on=LONG_AGO)
    held(network, 14, present=[a, b], absent=[c])
    held(network, 7, present=[a, b, colleague], absent=[c])
    assert "schools_away" not in reasons(network)


def test_schools_away_needs_two_held_meetings(network, three_schools):
    a, b, c = three_schools
    held(network, 7, present=[a, b], absent=[c])
    assert "schools_away" not in reasons(network)


# --- No learning question ------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "fires"), [("", True), ("  \n ", True), ("Hoe leren we?", False)])
def test_no_learning_question_fires_for_a_blank_question(db, question, fires):
    network = NetworkFactory(learning_question=question)
    assert ("no_learning_question" in reasons(network)) == fires


# --- Status --------------------------------------------------------------------------------------


def test_status_is_healthy_without_reasons_needs_attention_with_one_and_at_risk_with_two():
    assert health.status_for([]) == health.Status.HEALTHY
    assert health.status_for([health.NO_LEARNING_QUESTION]) == health.Status.NEEDS_ATTENTION
    assert health.status_for([health.NO_NEXT_MEETING, health.FALLING_ATTENDANCE]) == health.Status.AT_RISK
    assert health.status_for(list(health.SIGNALS)) == health.Status.AT_RISK


def test_a_network_that_fades_after_no_planning_and_falling_attendance_is_at_risk(network):
    people = members(network, 3, school=None)
    held(network, 22 * 7, present=people)
    held(network, 21 * 7, present=people[:2])
    held(network, 20 * 7, present=people[:1])
    result = health.for_network(network)
    assert [signal.name for signal in result.reasons] == ["falling_attendance", "no_next_meeting"]
    assert result.status == health.Status.AT_RISK


def test_a_new_network_with_a_question_is_healthy_and_one_without_needs_attention(network):
    assert health.for_network(network).status == health.Status.HEALTHY
    assert health.for_network(NetworkFactory(learning_question="")).status == health.Status.NEEDS_ATTENTION


# --- Which networks, at what cost -----------------------------------------------------------------


def test_stopped_networks_have_no_health(network):
    stopped = NetworkFactory(phase="stopped", learning_question="")
    assert set(health.for_networks([network.pk, stopped.pk])) == {network.pk}
    assert health.for_network(stopped) is None


def faded_network():
    """A network with the reasons a faded one has: three held meetings with fewer each time, nothing planned."""
    network = NetworkFactory(cadence="weeks_4_6")
    people = members(network, 3, committed_to_attend=True)
    held(network, 70, present=people)
    held(network, 63, present=people[:2], absent=people[2:])
    held(network, 56, present=people[:1], absent=people[1:])
    return network


def queries_for(ids):
    with CaptureQueriesContext(connection) as captured:
        result = health.for_networks(ids)
    assert set(result) == set(ids)
    assert all(item.status == health.Status.AT_RISK for item in result.values())
    return len(captured)


def test_health_of_twelve_networks_takes_as_many_queries_as_of_two(db):
    ids = [faded_network().pk for _ in range(12)]
    assert queries_for(ids[:2]) == queries_for(ids) == 3


def test_the_health_of_a_network_whose_members_a_page_has_read_takes_one_query(db):
    network = faded_network()
    members = list(
        network.memberships.current().values_list("pk", "committed_to_attend", "school_id", "school__name", "joined_on")
    )
    with CaptureQueriesContext(connection) as captured:
        result = health.for_network(network, members=members)
    assert len(captured) == 1
    assert result == health.for_network(network)
    assert [signal.name for signal in result.reasons] == [
        "falling_attendance",
        "committed_away",
        "no_next_meeting",
        "schools_away",
    ]


# --- Definitions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("signal", health.SIGNALS, ids=lambda signal: signal.name)
def test_every_signal_has_a_dutch_label_definition_and_advice(signal):
    assert signal.name.isidentifier()
    with translation.override("en"):
        english = [str(signal.label), str(signal.definition), str(signal.advice)]
    with translation.override("nl"):
        dutch = [str(signal.label), str(signal.definition), str(signal.advice)]
    assert all(dutch) and all(a != b for a, b in zip(english, dutch, strict=True)), dutch
    assert "{" not in dutch[1] and "\n" not in english[1] and len(english[1]) < 220


def test_signal_names_are_unique_and_not_the_names_of_figures():
    names = [signal.name for signal in health.SIGNALS]
    assert len(names) == len(set(names))
    assert not set(names) & {metric.name for metric in registry.all_metrics()}


def test_definitions_name_their_thresholds():
    with translation.override("nl"):
        assert "40%" in str(health.MANY_NEW_ATTENDEES.definition)
        assert "50%" in str(health.COMMITTED_AWAY.definition)
        no_next = str(health.NO_NEXT_MEETING.definition)
    assert all(str(weeks) in no_next for weeks in [6, 8, 16, 12])


# --- The network page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("coordinator", True), ("facilitator", True), ("regional_coordinator", True), ("member", False)],
)
def test_the_network_page_shows_health_to_those_who_run_the_network(request, everyone, network, persona, sees):
    Network.objects.filter(pk=network.pk).update(learning_question="")
    response = client_for(request, persona).get(f"/networks/{network.slug}/")
    assert response.status_code == 200
    text = response.text
    assert ("Gezondheid van het netwerk" in text) == sees
    assert ("Vraagt aandacht" in text) == sees
    assert ("Geen leervraag" in text) == sees
    assert ("Formuleer bij de volgende bijeenkomst samen de leervraag" in text) == sees
    assert ("Hoe tellen we dit?" in text) and (("Scholen blijven weg" in text) == sees)


def test_the_network_page_shows_the_health_worked_out_from_the_members_it_lists(login, coordinator):
    network = faded_network()
    MembershipFactory(network=network, user=coordinator, role="coordinator", school=None)
    response = login(coordinator).get(f"/networks/{network.slug}/")
    shown = response.context["health"]
    assert shown == health.for_network(network)
    # Signals that read the members (who committed, their schools) as well as the meetings:
    assert {"committed_away", "schools_away"} <= {signal.name for signal in shown.reasons}


def test_the_network_page_says_in_words_that_a_network_is_healthy(login, network, coordinator):
    response = login(coordinator).get(f"/networks/{network.slug}/")
    assert "Gezond" in response.text
    assert "Geen van de signalen staat aan." in response.text
