"""The lifecycle services (lifecycle/services.py): the supported phase and its quota, the members'
views, the outcome after support, stopping, and what a stopped network refuses. Phases are reached
through the services, as the pages reach them."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from lifecycle import services
from lifecycle.mails import LifecycleMail
from lifecycle.models import Decision, PhaseChange, QuotaChange, View
from lifecycle.rules import Actor, MoveRefused
from mail import outbox
from mail.models import OutgoingMail
from meetings import services as meeting_services
from meetings.mails import MeetingMail
from meetings.models import Meeting
from networks import services as network_services
from networks.models import Membership, Network
from tests.factories import MembershipFactory, NetworkFactory

from .conftest import COORDINATOR, hold, hold_supported, mails, plan

LAST_SUPPORTED = LifecycleMail.LAST_SUPPORTED
DECISION = LifecycleMail.DECISION
OUTCOME = LifecycleMail.OUTCOME


def phase_of(network):
    return Network.objects.values_list("phase", flat=True).get(pk=network.pk)


def history(network):
    return list(PhaseChange.objects.filter(network=network).values_list("source", "target"))


def message(error):
    return " ".join(error.value.messages)


# --- Starting support -----------------------------------------------------------------------------


def test_start_support_moves_forming_to_facilitated_and_keeps_who(network, members, coordinator):
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    assert phase_of(network) == "facilitated"
    change = PhaseChange.objects.get(network=network)
    assert (change.source, change.target, change.changed_by) == ("forming", "facilitated", coordinator)


def test_start_support_needs_a_facilitator(network, coordinator, member):
    with pytest.raises(ValidationError) as refused:
        services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    assert "procesbegeleider" in message(refused)
    assert phase_of(network) == "forming"
    assert history(network) == []


def test_start_support_does_not_count_a_facilitator_who_left(network, coordinator, facilitator):
    Membership.objects.filter(user=facilitator).update(left_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    assert phase_of(network) == "forming"


@pytest.mark.parametrize("actors", [set(), {Actor.FACILITATOR}, {Actor.PORTAL}])
def test_start_support_is_refused_to_who_does_not_manage_the_network(network, members, facilitator, actors):
    with pytest.raises(MoveRefused):
        services.start_support(network=network, by=facilitator, actors=actors)
    assert phase_of(network) == "forming"
    assert history(network) == []


def test_start_support_twice_is_refused(facilitated, coordinator):
    with pytest.raises(MoveRefused):
        services.start_support(network=facilitated, by=coordinator, actors=COORDINATOR)
    assert history(facilitated) == [("forming", "facilitated")]


# --- Supported meetings and the quota -------------------------------------------------------------


def test_meetings_planned_in_the_supported_phase_are_supported_and_counted(facilitated, coordinator):
    held = hold(plan(facilitated, coordinator), coordinator)
    planned = plan(facilitated, coordinator)
    assert held.is_supported and planned.is_supported
    assert services.supported_meetings(facilitated) == (1, 1)


def test_a_cancelled_supported_meeting_frees_its_place(facilitated, coordinator):
    meeting = plan(facilitated, coordinator)
    meeting_services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    assert services.supported_meetings(facilitated) == (0, 0)


def test_meetings_planned_while_forming_are_not_supported(network, members, coordinator):
    meeting = plan(network, coordinator)
    assert not meeting.is_supported
    for _ in range(6):  # forming has no quota
        plan(network, coordinator)
    assert services.supported_meetings(network) == (0, 0)


def test_meetings_planned_self_directed_are_not_supported_and_not_limited(deciding, coordinator):
    services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="member"
    )
    deciding.refresh_from_db()
    new = [plan(deciding, coordinator) for _ in range(3)]
    assert not any(meeting.is_supported for meeting in new)
    assert services.supported_meetings(deciding) == (5, 0)


def test_sixth_supported_meeting_is_refused_with_the_counts_and_nothing_saved(facilitated, coordinator):
    hold_supported(facilitated, coordinator, 2)
    for _ in range(3):
        plan(facilitated, coordinator)
    meetings_before = Meeting.objects.count()
    mails_before = OutgoingMail.objects.count()
    with pytest.raises(ValidationError) as refused:
        plan(facilitated, coordinator)
    text = message(refused)
    assert "5" in text and "2" in text and "3" in text  # the quota, held, planned
    assert Meeting.objects.count() == meetings_before
    assert OutgoingMail.objects.count() == mails_before


def test_fourth_held_meeting_tells_every_member_once_that_one_is_left(facilitated, members, coordinator):
    hold_supported(facilitated, coordinator, 3)
    assert not mails(LAST_SUPPORTED).exists()
    fourth = hold(plan(facilitated, coordinator), coordinator)
    assert sorted(mails(LAST_SUPPORTED).values_list("recipient", flat=True)) == sorted(m.email for m in members)
    # Correcting the fourth meeting's attendance later sends nothing again.
    hold(fourth, coordinator)
    assert mails(LAST_SUPPORTED).count() == len(members)
    assert phase_of(facilitated) == "facilitated"


def test_fifth_held_meeting_moves_to_deciding_and_asks_every_member(facilitated, members, coordinator):
    hold_supported(facilitated, coordinator, 4)
    assert not mails(DECISION).exists()
    fifth = hold(plan(facilitated, coordinator), coordinator)
    assert phase_of(facilitated) == "deciding"
    change = PhaseChange.objects.filter(network=facilitated).last()
    assert (change.source, change.target, change.changed_by) == ("facilitated", "deciding", None)
    assert sorted(mails(DECISION).values_list("recipient", flat=True)) == sorted(m.email for m in members)
    assert mails(LAST_SUPPORTED).count() == len(members)  # not again for the fifth
    # Correcting the last meeting's attendance moves nothing and sends nothing again.
    hold(fifth, coordinator)
    assert history(facilitated) == [("forming", "facilitated"), ("facilitated", "deciding")]
    assert mails(DECISION).count() == len(members)


def test_a_meeting_held_while_forming_does_not_count_but_one_planned_then_does(network, members, coordinator):
    held_while_forming = plan(network, coordinator)
    hold(held_while_forming, coordinator)
    planned_while_forming = plan(network, coordinator)
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    hold_supported(network, coordinator, 3)
    hold(planned_while_forming, coordinator)  # the facilitator led it: it is one of the five
    assert phase_of(network) == "facilitated"
    assert services.supported_meetings(network) == (4, 0)


def test_support_cannot_start_with_more_meetings_planned_than_it_supports(network, members, coordinator):
    for _ in range(6):
        plan(network, coordinator)
    with pytest.raises(ValidationError, match="6"):
        services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    assert phase_of(network) == "forming"


def test_only_staff_change_the_quota(facilitated, coordinator, regional_coordinator):
    for person in (coordinator, regional_coordinator):
        with pytest.raises(ValidationError):
            services.change_quota(network=facilitated, by=person, quota=7, reason="Extra begeleiding")
    facilitated.refresh_from_db()
    assert facilitated.supported_meeting_quota == 5
    assert not QuotaChange.objects.exists()


def test_staff_raise_the_quota_and_the_reason_is_kept(facilitated, staff):
    services.change_quota(network=facilitated, by=staff, quota=7, reason="  Twee nieuwe scholen  ")
    facilitated.refresh_from_db()
    assert facilitated.supported_meeting_quota == 7
    change = QuotaChange.objects.get()
    assert (change.old_quota, change.new_quota, change.changed_by, change.reason) == (
        5,
        7,
        staff,
        "Twee nieuwe scholen",
    )


@pytest.mark.parametrize(("quota", "reason"), [(7, ""), (7, "   "), (0, "Reden"), (13, "Reden"), (-1, "Reden")])
def test_quota_without_reason_or_out_of_range_is_refused(facilitated, staff, quota, reason):
    with pytest.raises(ValidationError):
        services.change_quota(network=facilitated, by=staff, quota=quota, reason=reason)
    facilitated.refresh_from_db()
    assert facilitated.supported_meeting_quota == 5
    assert not QuotaChange.objects.exists()


def test_quota_cannot_go_below_the_supported_meetings_used(facilitated, coordinator, staff):
    hold_supported(facilitated, coordinator, 2)
    plan(facilitated, coordinator)
    with pytest.raises(ValidationError) as refused:
        services.change_quota(network=facilitated, by=staff, quota=2, reason="Bezuiniging")
    assert "3" in message(refused)
    facilitated.refresh_from_db()
    assert facilitated.supported_meeting_quota == 5
    assert not QuotaChange.objects.exists()


def test_raising_the_quota_allows_planning_again(facilitated, coordinator, staff):
    for _ in range(5):
        plan(facilitated, coordinator)
    with pytest.raises(ValidationError):
        plan(facilitated, coordinator)
    services.change_quota(network=facilitated, by=staff, quota=6, reason="Extra bijeenkomst")
    assert plan(facilitated, coordinator).is_supported
    assert services.supported_meetings(facilitated) == (0, 6)


def test_lowering_the_quota_to_the_held_meetings_moves_to_deciding(facilitated, members, coordinator, staff):
    hold_supported(facilitated, coordinator, 3)
    services.change_quota(network=facilitated, by=staff, quota=3, reason="De begeleider stopt")
    assert phase_of(facilitated) == "deciding"
    assert history(facilitated)[-1] == ("facilitated", "deciding")
    assert mails(DECISION).count() == len(members)


def test_quota_no_longer_changes_after_support(deciding, staff):
    with pytest.raises(ValidationError):
        services.change_quota(network=deciding, by=staff, quota=8, reason="Te laat")
    assert not QuotaChange.objects.exists()


# --- Views ----------------------------------------------------------------------------------------


def membership_of(user, network):
    return Membership.objects.get(user=user, network=network)


def test_view_only_while_deciding(facilitated, member):
    with pytest.raises(ValidationError):
        services.give_view(membership=membership_of(member, facilitated), choice="continue")
    assert not View.objects.exists()


def test_view_only_from_current_members(deciding, member):
    membership = membership_of(member, deciding)
    Membership.objects.filter(pk=membership.pk).update(left_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.give_view(membership=membership, choice="continue")
    assert not View.objects.exists()


@pytest.mark.parametrize("choice", ["", "yes", "CONTINUE", "continue; drop table"])
def test_unknown_view_is_refused(deciding, member, choice):
    with pytest.raises(ValidationError):
        services.give_view(membership=membership_of(member, deciding), choice=choice)
    assert not View.objects.exists()


def test_a_changed_view_replaces_the_earlier_one(deciding, member):
    membership = membership_of(member, deciding)
    services.give_view(membership=membership, choice="stop", comment="Te weinig tijd")
    services.give_view(membership=membership, choice="continue", comment="  Toch wel  ")
    view = View.objects.get()
    assert (view.membership, view.choice, view.comment) == (membership, "continue", "Toch wel")


def test_view_after_the_outcome_is_told_what_was_decided(deciding, member, coordinator):
    services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="nobody"
    )
    with pytest.raises(ValidationError) as refused:
        services.give_view(membership=membership_of(member, deciding), choice="stop")
    assert coordinator.full_name in message(refused)
    assert str(Decision.Outcome.CONTINUE.label) in message(refused)
    assert not View.objects.exists()


# --- The outcome ----------------------------------------------------------------------------------


def test_continue_with_a_member_facilitating_ends_the_facilitators_membership(
    deciding, members, coordinator, facilitator
):
    decision = services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="member"
    )
    assert phase_of(deciding) == "self_directed"
    assert (decision.outcome, decision.facilitation, decision.follow_up_due) == ("continue", "member", None)
    assert membership_of(facilitator, deciding).left_on == timezone.localdate()
    assert history(deciding)[-1] == ("deciding", "self_directed")
    # Everyone who was a member when it was decided hears it, the facilitator too.
    assert sorted(mails(OUTCOME).values_list("recipient", flat=True)) == sorted(m.email for m in members)


def test_continue_with_the_facilitator_paid_by_the_schools_keeps_them(deciding, members, coordinator, facilitator):
    services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="paid_by_schools"
    )
    assert membership_of(facilitator, deciding).left_on is None
    assert mails(OUTCOME).count() == len(members)


@pytest.mark.parametrize("facilitation", ["", "the_facilitator", "x" * 30])
def test_continue_needs_to_say_who_facilitates(deciding, coordinator, facilitation):
    with pytest.raises(ValidationError):
        services.record_outcome(
            network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation=facilitation
        )
    assert phase_of(deciding) == "deciding"
    assert not Decision.objects.exists()


def test_stop_cancels_upcoming_meetings_with_a_mail_and_the_facilitator_keeps_reading(
    deciding, members, coordinator, facilitator
):
    upcoming = plan(deciding, coordinator)
    decision = services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="stop", reason="De scholen hebben geen tijd"
    )
    assert phase_of(deciding) == "stopped"
    assert (decision.outcome, decision.reason) == ("stop", "De scholen hebben geen tijd")
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"
    assert "De scholen hebben geen tijd" in upcoming.cancel_reason
    assert mails(MeetingMail.CANCELLED).count() == len(members)
    # A stopped network is read-only: its facilitator, like its members, keeps reading its notes.
    assert membership_of(facilitator, deciding).left_on is None
    assert PhaseChange.objects.filter(network=deciding).last().reason == "De scholen hebben geen tijd"


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_stop_needs_a_reason(deciding, coordinator, reason):
    with pytest.raises(ValidationError):
        services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome="stop", reason=reason)
    assert phase_of(deciding) == "deciding"
    assert not Decision.objects.exists()


def test_intend_sets_the_follow_up_date_and_releases_the_facilitator(deciding, coordinator, facilitator):
    decision = services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome="intend")
    assert phase_of(deciding) == "intending"
    assert decision.follow_up_due == services.add_months(timezone.localdate(), 6)
    assert decision.follow_up_due > timezone.localdate() + timedelta(days=180)
    assert membership_of(facilitator, deciding).left_on == timezone.localdate()


def test_intend_with_a_chosen_follow_up_time(deciding, coordinator):
    decision = services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="intend", follow_up_months=3
    )
    assert decision.follow_up_due == services.add_months(timezone.localdate(), 3)


@pytest.mark.parametrize("months", [0, 25, -6])
def test_intend_with_a_follow_up_time_out_of_range_is_refused(deciding, coordinator, months):
    with pytest.raises(ValidationError):
        services.record_outcome(
            network=deciding, by=coordinator, actors=COORDINATOR, outcome="intend", follow_up_months=months
        )
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ((2026, 8, 31), 6, (2027, 2, 28)),
        ((2027, 8, 31), 6, (2028, 2, 29)),
        ((2026, 1, 15), 6, (2026, 7, 15)),
        ((2026, 7, 1), 6, (2027, 1, 1)),
        ((2026, 12, 31), 12, (2027, 12, 31)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    import datetime

    assert services.add_months(datetime.date(*day), months) == datetime.date(*expected)


@pytest.mark.parametrize("outcome", ["", "maybe", "self_directed"])
def test_unknown_outcome_is_refused(deciding, coordinator, outcome):
    with pytest.raises(ValidationError):
        services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome=outcome, reason="x")
    assert phase_of(deciding) == "deciding"


@pytest.mark.parametrize("actors", [set(), {Actor.FACILITATOR}, {Actor.PORTAL}])
def test_outcome_is_refused_to_who_does_not_manage_the_network(deciding, facilitator, actors):
    with pytest.raises(MoveRefused):
        services.record_outcome(network=deciding, by=facilitator, actors=actors, outcome="intend")
    assert phase_of(deciding) == "deciding"
    assert not Decision.objects.exists()


def test_outcome_before_deciding_is_refused(facilitated, coordinator):
    with pytest.raises(MoveRefused):
        services.record_outcome(network=facilitated, by=coordinator, actors=COORDINATOR, outcome="intend")
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"outcome": "stop", "reason": "Geen tijd"}, {"outcome": "stop", "reason": "Geen tijd"}),
        ({"outcome": "continue", "facilitation": "member"}, {"outcome": "continue", "facilitation": "member"}),
        ({"outcome": "intend"}, {"outcome": "intend"}),
        ({"outcome": "intend"}, {"outcome": "continue", "facilitation": "nobody"}),
    ],
)
def test_recording_the_outcome_twice_tells_what_was_decided(deciding, members, coordinator, first, second):
    decision = services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, **first)
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, **second)
    assert coordinator.full_name in message(refused)
    assert str(decision.get_outcome_display()) in message(refused)
    assert Decision.objects.get() == decision
    assert mails(OUTCOME).count() == len(members)
    assert len(history(deciding)) == 3


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_recording_at_once_make_one_decision_and_the_other_is_told(deciding, coordinator, monkeypatch):
    monkeypatch.setattr(outbox, "dispatch", lambda mail_id: None)  # no worker: the rows are enough
    second = MembershipFactory(network=deciding, role="coordinator", school=None, user__full_name="Bram Visser").user
    start = threading.Barrier(2)
    decisions, refusals, errors = [], [], []

    def record(person, **outcome):
        try:
            start.wait()
            decisions.append(services.record_outcome(network=deciding, by=person, actors=COORDINATOR, **outcome))
        except ValidationError as refused:
            refusals.append(refused)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(coordinator,), kwargs={"outcome": "continue", "facilitation": "member"}),
        threading.Thread(target=record, args=(second,), kwargs={"outcome": "stop", "reason": "Geen tijd meer"}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors, errors
    assert len(decisions) == 1 and len(refusals) == 1
    decision = Decision.objects.get()
    assert decision == decisions[0]
    assert decision.recorded_by.full_name in " ".join(refusals[0].messages)
    assert phase_of(deciding) == {"continue": "self_directed", "stop": "stopped"}[decision.outcome]
    assert PhaseChange.objects.filter(network=deciding, source="deciding").count() == 1


# --- Stopping -------------------------------------------------------------------------------------


@pytest.fixture
def self_directed(deciding, coordinator):
    services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="nobody"
    )
    deciding.refresh_from_db()
    return deciding


@pytest.mark.parametrize("phase", ["forming", "facilitated", "self_directed"])
def test_stop_with_a_reason_from_each_phase_that_allows_it(request, phase, members, coordinator):
    network = request.getfixturevalue({"forming": "network"}.get(phase, phase))
    before = phase_of(network)
    upcoming = plan(network, coordinator)
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="  Na twee bijeenkomsten uitgedoofd ")
    assert phase_of(network) == "stopped"
    change = PhaseChange.objects.filter(network=network).last()
    assert (change.source, change.target, change.changed_by, change.reason) == (
        before,
        "stopped",
        coordinator,
        "Na twee bijeenkomsten uitgedoofd",
    )
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"


@pytest.mark.parametrize("phase", ["forming", "facilitated", "self_directed"])
def test_stop_without_a_reason_is_refused_and_changes_nothing(request, phase, members, coordinator):
    network = request.getfixturevalue({"forming": "network"}.get(phase, phase))
    before, changes = phase_of(network), history(network)
    with pytest.raises(MoveRefused):
        services.stop(network=network, by=coordinator, actors=COORDINATOR, reason=" ")
    assert (phase_of(network), history(network)) == (before, changes)


@pytest.mark.parametrize("phase", ["deciding", "intending"])
def test_stop_is_not_the_way_out_of_deciding_or_an_intention(request, phase, coordinator):
    network = request.getfixturevalue(phase)
    with pytest.raises(MoveRefused):
        services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Geen tijd")
    assert phase_of(network) == phase


def test_stop_by_the_facilitator_is_refused(facilitated, facilitator):
    with pytest.raises(MoveRefused):
        services.stop(network=facilitated, by=facilitator, actors={Actor.FACILITATOR}, reason="Geen tijd")
    assert phase_of(facilitated) == "facilitated"


@pytest.fixture
def stopped(network, members, coordinator):
    held = hold(plan(network, coordinator), coordinator)
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    network.refresh_from_db()
    return network, held


def test_a_stopped_network_plans_no_meetings(stopped, coordinator):
    network, _held = stopped
    with pytest.raises(ValidationError):
        plan(network, coordinator)
    assert Meeting.objects.filter(network=network).count() == 1


def test_a_stopped_network_takes_no_new_notes(stopped, member):
    _network, held = stopped
    with pytest.raises(ValidationError):
        meeting_services.write_note(meeting=held, author=member, title="Verslag", body="Tekst", is_confidential=False)
    assert not held.notes.exists()


def test_a_stopped_network_invites_no_one(stopped, coordinator):
    network, _held = stopped
    with pytest.raises(ValidationError):
        network_services.invite_people(
            network=network, inviter=coordinator, emails=["nieuw@school.example.nl"], role="member"
        )
    assert not network.invitations.exists()


def test_a_stopped_network_stops_once(stopped, coordinator):
    network, _held = stopped
    with pytest.raises(MoveRefused):
        services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Nogmaals")
    assert history(network) == [("forming", "stopped")]


def test_another_networks_phase_is_untouched(facilitated, coordinator):
    other = NetworkFactory()
    hold_supported(facilitated, coordinator, 5)
    assert phase_of(other) == "forming"
