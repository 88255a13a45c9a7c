"""The mail settings page (/mail/preferences/): each person chooses per topic at once, weekly digest or
not at all, for themselves only; and the outbox follows the choice."""

import pytest

from mail import outbox, preferences
from mail.models import DEFAULT_DELIVERY, Delivery, DigestItem, OutgoingMail, Preference, Topic
from meetings.mails import MeetingMail
from tests.factories import MeetingFactory
from tests.helpers import PERSONAS, client_for, count_queries, is_login_redirect

PAGE = "/mail/preferences/"
DEFAULTS = {topic.value: DEFAULT_DELIVERY[topic].value for topic in Topic}


def queue_reminder(user, meeting, occasion="r1"):
    # Any template that renders with a meeting will do: what is tested is whom the outbox writes to.
    return outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=user,
        about=meeting,
        occasion=occasion,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
        digest_path=meeting.get_absolute_url(),
        expires_at=meeting.starts_at,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_their_own_settings_page_and_anonymous_the_login(request, everyone, persona):
    response = client_for(request, persona).get(PAGE)
    if persona == "anonymous":
        assert is_login_redirect(response, PAGE)
    else:
        assert response.status_code == 200
        assert "Mailinstellingen" in response.text


def test_anonymous_post_changes_nothing(client, member):
    response = client.post(PAGE, {**DEFAULTS, "reminders": "off"})
    assert is_login_redirect(response, PAGE)
    assert not Preference.objects.exists()


def test_the_page_shows_the_defaults_in_dutch(login, member):
    response = login(member).get(PAGE)
    text = response.text
    for label in ["Herinneringen vóór een bijeenkomst", "Direct", "In een wekelijks overzicht", "Helemaal niet"]:
        assert label in text
    form = response.context["form"]
    assert form["reminders"].value() == Delivery.IMMEDIATE
    assert form["new_notes"].value() == Delivery.DIGEST  # news of notes waits for the digest by default


def test_a_person_changes_their_own_settings_only(login, member, coordinator):
    preferences.set_delivery(user=coordinator, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    # A field naming someone else is not part of the form: it is ignored.
    data = {**DEFAULTS, "reminders": "off", "evaluations": "digest", "user": coordinator.pk}
    response = login(member).post(PAGE, data, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Je mailinstellingen zijn opgeslagen." in response.text
    assert preferences.all_for(member)[Topic.REMINDERS] == Delivery.OFF
    assert preferences.all_for(member)[Topic.EVALUATIONS] == Delivery.DIGEST
    assert preferences.all_for(coordinator)[Topic.REMINDERS] == Delivery.DIGEST
    # Only the changed topics got a row; the others keep following the defaults.
    assert set(Preference.objects.filter(user=member).values_list("topic", flat=True)) == {"reminders", "evaluations"}


@pytest.mark.parametrize(
    "bad",
    [
        {"reminders": "sometimes"},
        {"reminders": ""},
        {"reminders": "off\x00"},
        {"follow_ups": "x" * 10_000},
        {"evaluations": None},  # left out
    ],
)
def test_bad_values_are_refused_in_dutch_and_change_nothing(login, member, bad):
    preferences.set_delivery(user=member, topic=Topic.FOLLOW_UPS, delivery=Delivery.DIGEST)
    before = sorted(Preference.objects.values_list("user_id", "topic", "delivery", "changed_at"))
    data = {**DEFAULTS, "reminders": "off", **bad}
    data = {key: value for key, value in data.items() if value is not None}
    response = login(member).post(PAGE, data)
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden." in response.text
    assert sorted(Preference.objects.values_list("user_id", "topic", "delivery", "changed_at")) == before


def test_the_service_refuses_a_topic_or_delivery_that_does_not_exist(member):
    with pytest.raises(ValueError):
        preferences.set_delivery(user=member, topic="newsletters", delivery=Delivery.OFF)
    with pytest.raises(ValueError):
        preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery="hourly")
    assert not Preference.objects.exists()


def test_the_page_makes_the_same_few_queries_however_many_choices_were_made(login, member):
    client = login(member)
    few = count_queries(client, PAGE)
    for topic in Topic:
        preferences.set_delivery(user=member, topic=topic, delivery=Delivery.OFF)
    assert count_queries(client, PAGE) == few <= 6


def test_a_person_who_switched_reminders_off_gets_none(member, coordinator):
    meeting = MeetingFactory(network=member.memberships.get().network)
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    assert queue_reminder(member, meeting) is None
    assert queue_reminder(coordinator, meeting) is not None
    assert list(OutgoingMail.objects.values_list("recipient", flat=True)) == [coordinator.email]
    assert not DigestItem.objects.exists()


def test_queue_many_leaves_out_those_who_switched_off_and_keeps_the_others(member, coordinator, facilitator):
    meeting = MeetingFactory(network=member.memberships.get().network)
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    preferences.set_delivery(user=facilitator, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    rows = outbox.queue_many(
        kind=MeetingMail.REMINDER,
        recipients=[member, coordinator, facilitator],
        about=meeting,
        occasion="r1",
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
        digest_path=meeting.get_absolute_url(),
    )
    assert [row.user for row in rows] == [coordinator]
    item = DigestItem.objects.get()
    assert item.user == facilitator
    assert item.topic == Topic.REMINDERS
    assert item.path == meeting.get_absolute_url()


def test_mails_that_belong_to_no_topic_go_out_whatever_was_switched_off(member):
    meeting = MeetingFactory(network=member.memberships.get().network)
    for topic in Topic:
        preferences.set_delivery(user=member, topic=topic, delivery=Delivery.OFF)
    row = outbox.queue_mail(
        kind=MeetingMail.SEAT,
        recipient=member,
        about=meeting,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    assert row is not None
    assert row.topic == ""
    assert "unsubscribe_url" not in row.links


def test_a_person_switches_reminders_off_on_the_page_and_gets_no_more(login, member):
    """The path a person follows: the profile links to the settings; they switch reminders off there."""
    client = login(member)
    profile = client.get("/account/profile/")
    assert PAGE in profile.text
    page = client.get(PAGE)
    assert page.status_code == 200
    response = client.post(PAGE, {**DEFAULTS, "reminders": "off"}, follow=True)
    assert "Je mailinstellingen zijn opgeslagen." in response.text
    assert response.context["form"]["reminders"].value() == Delivery.OFF
    meeting = MeetingFactory(network=member.memberships.get().network)
    assert queue_reminder(member, meeting) is None
    assert not OutgoingMail.objects.exists()
