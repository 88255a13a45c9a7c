"""The follow-up of "we intend to continue": the daily task asks the coordinators whether the network
really continued, reminds them once after two weeks, and is safe to run twice; the answer moves the
network on while the intention stays in the history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lifecycle import services, tasks
from lifecycle.mails import LifecycleMail
from lifecycle.models import Decision, PhaseChange
from lifecycle.rules import Actor, MoveRefused
from mail.models import OutgoingMail
from networks.models import Network
from tests.factories import MembershipFactory

from .conftest import COORDINATOR, plan

ASK = LifecycleMail.FOLLOW_UP
REMIND = LifecycleMail.FOLLOW_UP_REMINDER


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    """The daily task hands each decision to a task of its own; here that one runs at once, in the test."""
    monkeypatch.setattr(tasks.ask_follow_up, "delay", lambda *args, **kwargs: tasks.ask_follow_up(*args, **kwargs))


@pytest.fixture
def coordinators(intending, coordinator):
    second = MembershipFactory(network=intending, role="coordinator", school=None, user__full_name="Bram Visser").user
    return [coordinator, second]


@pytest.fixture
def due(intending, coordinators):
    """The intention's follow-up is due today."""
    Decision.objects.filter(network=intending).update(follow_up_due=timezone.localdate())
    return Decision.objects.get(network=intending)


def asked_days_ago(decision, days):
    Decision.objects.filter(pk=decision.pk).update(follow_up_asked_at=timezone.now() - timedelta(days=days))


def recipients(kind):
    return sorted(OutgoingMail.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_an_intention_is_not_followed_up_before_its_date(intending, coordinators):
    assert services.follow_ups_due() == ([], [])
    decision = Decision.objects.get(network=intending)
    assert services.follow_ups_due(today=decision.follow_up_due - timedelta(days=1)) == ([], [])
    assert services.follow_ups_due(today=decision.follow_up_due) == ([decision.pk], [])
    tasks.follow_up_intentions()
    assert not OutgoingMail.objects.filter(kind__in=[ASK, REMIND]).exists()


def test_follow_ups_due_lists_the_intentions_whose_date_has_come(due):
    assert services.follow_ups_due() == ([due.pk], [])
    asked_days_ago(due, 13)
    assert services.follow_ups_due() == ([], [])
    asked_days_ago(due, 15)
    assert services.follow_ups_due() == ([], [due.pk])
    Decision.objects.filter(pk=due.pk).update(follow_up_reminded_at=timezone.now())
    assert services.follow_ups_due() == ([], [])


def test_the_task_run_twice_asks_each_coordinator_once(due, coordinators, member):
    tasks.follow_up_intentions()
    due.refresh_from_db()
    asked_at = due.follow_up_asked_at
    assert asked_at is not None
    tasks.follow_up_intentions()
    tasks.ask_follow_up(due.pk)  # a task delivered twice by the broker
    due.refresh_from_db()
    assert due.follow_up_asked_at == asked_at
    assert recipients(ASK) == sorted(person.email for person in coordinators)
    assert member.email not in recipients(ASK)
    assert not OutgoingMail.objects.filter(kind=REMIND).exists()


def test_the_question_carries_a_follow_up_link_made_at_send_time(due):
    tasks.ask_follow_up(due.pk)
    mail = OutgoingMail.objects.filter(kind=ASK).first()
    [link] = mail.links.values()
    assert link["builder"] == "lifecycle.follow_up"
    assert link["placeholder"] in mail.body_text and link["placeholder"] in mail.body_html
    assert "/lifecycle/follow-up/" not in mail.body_text


def test_the_reminder_comes_only_after_two_weeks_and_only_once(due, coordinators):
    tasks.follow_up_intentions()
    asked_days_ago(due, 13)
    tasks.follow_up_intentions()
    assert not OutgoingMail.objects.filter(kind=REMIND).exists()
    asked_days_ago(due, 15)
    tasks.follow_up_intentions()
    due.refresh_from_db()
    reminded_at = due.follow_up_reminded_at
    assert reminded_at is not None
    assert recipients(REMIND) == sorted(person.email for person in coordinators)
    tasks.follow_up_intentions()
    tasks.ask_follow_up(due.pk, reminder=True)
    due.refresh_from_db()
    assert due.follow_up_reminded_at == reminded_at
    assert len(recipients(REMIND)) == len(coordinators)
    assert len(recipients(ASK)) == len(coordinators)  # the question is not asked again either


def test_no_reminder_for_a_question_never_asked(due):
    tasks.ask_follow_up(due.pk, reminder=True)
    due.refresh_from_db()
    assert due.follow_up_reminded_at is None
    assert not OutgoingMail.objects.filter(kind__in=[ASK, REMIND]).exists()


def test_the_reminder_says_it_is_one(due, coordinator):
    tasks.ask_follow_up(due.pk)
    asked_days_ago(due, 15)
    tasks.ask_follow_up(due.pk, reminder=True)
    question = OutgoingMail.objects.get(kind=ASK, recipient=coordinator.email)
    reminder = OutgoingMail.objects.get(kind=REMIND, recipient=coordinator.email)
    assert "Herinnering" in reminder.subject and "Herinnering" not in question.subject
    assert "Twee weken geleden" in reminder.body_text and "Twee weken geleden" not in question.body_text


@pytest.mark.parametrize(
    ("continued", "phase", "answer"), [(True, "self_directed", "continued"), (False, "stopped", "stopped")]
)
def test_the_answer_moves_the_network_and_the_intention_stays_in_the_history(
    due, coordinator, continued, phase, answer
):
    tasks.ask_follow_up(due.pk)
    decision = services.answer_follow_up(network=due.network, by=coordinator, actors=COORDINATOR, continued=continued)
    assert Network.objects.get(pk=due.network_id).phase == phase
    decision.refresh_from_db()
    assert (decision.outcome, decision.follow_up) == ("intend", answer)
    assert decision.followed_up_at is not None
    assert list(PhaseChange.objects.filter(network=due.network).values_list("source", "target")) == [
        ("forming", "facilitated"),
        ("facilitated", "deciding"),
        ("deciding", "intending"),
        ("intending", phase),
    ]
    assert PhaseChange.objects.last().changed_by == coordinator
    # Answered: the task asks nothing more, now or at the reminder.
    asked_days_ago(decision, 15)
    assert services.follow_ups_due() == ([], [])
    tasks.ask_follow_up(decision.pk, reminder=True)
    assert not OutgoingMail.objects.filter(kind=REMIND).exists()


def test_an_intention_that_did_not_come_true_cancels_the_meetings_ahead(due, coordinator):
    upcoming = plan(due.network, coordinator)
    services.answer_follow_up(network=due.network, by=coordinator, actors=COORDINATOR, continued=False)
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("second", [True, False])
def test_answering_twice_is_refused_with_the_earlier_answer(due, coordinator, first, second):
    decision = services.answer_follow_up(network=due.network, by=coordinator, actors=COORDINATOR, continued=first)
    with pytest.raises(ValidationError) as refused:
        services.answer_follow_up(network=due.network, by=coordinator, actors=COORDINATOR, continued=second)
    assert str(decision.get_follow_up_display()) in " ".join(refused.value.messages)
    decision.refresh_from_db()
    assert decision.follow_up == ("continued" if first else "stopped")
    assert PhaseChange.objects.filter(network=due.network, source="intending").count() == 1


def test_answer_without_an_intention_is_refused(deciding, coordinator):
    with pytest.raises(ValidationError):
        services.answer_follow_up(network=deciding, by=coordinator, actors=COORDINATOR, continued=True)
    assert Network.objects.get(pk=deciding.pk).phase == "deciding"


@pytest.mark.parametrize("actors", [set(), {Actor.FACILITATOR}, {Actor.PORTAL}])
def test_answer_by_who_does_not_manage_the_network_is_refused(due, member, actors):
    with pytest.raises(MoveRefused):
        services.answer_follow_up(network=due.network, by=member, actors=actors, continued=True)
    due.refresh_from_db()
    assert due.follow_up == ""
    assert Network.objects.get(pk=due.network_id).phase == "intending"


def test_the_daily_task_is_on_the_beat_schedule():
    from leernetwerk.celery import app

    assert "lifecycle.tasks.follow_up_intentions" in {entry["task"] for entry in app.conf.beat_schedule.values()}
