"""The reminder rules page of a network: who may open it, a coordinator's path through it, the input it
refuses (in Dutch, changing nothing), a stopped network, and a number of queries that does not grow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import reminders
from meetings.models import Reminder, ReminderRule
from networks.models import Network
from tests.factories import MeetingFactory, NetworkFactory
from tests.helpers import PERSONAS, client_for, count_queries, is_login_redirect

EXPECTED_STATUS = {
    "coordinator": 200,
    "regional_coordinator": 200,
    "staff": 200,
    "facilitator": 403,
    "member": 403,
    "outsider": 404,
    "other_regional_coordinator": 404,
}


def page(network):
    return f"/networks/{network.slug}/reminders/"


def rules_of(network):
    return set(ReminderRule.objects.filter(network=network).values_list("hours_before", "audience"))


DEFAULTS = {(168, "not_answered"), (48, "coming")}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_rules_page(request, everyone, network, persona):
    response = client_for(request, persona).get(page(network))
    if persona == "anonymous":
        assert is_login_redirect(response, page(network))
    else:
        assert response.status_code == EXPECTED_STATUS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_and_remove_rules(request, everyone, network, persona):
    client = client_for(request, persona)
    added = client.post(page(network), {"days": "1", "hours": "0", "audience": "maybe"})
    rule = ReminderRule.objects.get(network=network, hours_before=48)
    removed = client.post(f"{page(network)}{rule.pk}/remove/")
    if persona == "anonymous":
        assert is_login_redirect(added) and is_login_redirect(removed)
    else:
        allowed = EXPECTED_STATUS[persona] == 200
        assert added.status_code == removed.status_code == (302 if allowed else EXPECTED_STATUS[persona])
    expected = {(168, "not_answered"), (24, "maybe")} if EXPECTED_STATUS.get(persona) == 200 else DEFAULTS
    assert rules_of(network) == expected


def test_the_network_page_links_to_the_rules_for_those_who_manage_it(login, network, coordinator, member):
    assert page(network) in login(coordinator).get(network.get_absolute_url()).content.decode()
    assert page(network) not in login(member).get(network.get_absolute_url()).content.decode()


def test_a_coordinator_adds_and_removes_a_rule_and_the_reminders_follow(login, network, coordinator):
    meeting = MeetingFactory(network=network, starts_at=timezone.now() + timedelta(days=14))
    reminders.schedule_reminders(meeting)
    client = login(coordinator)
    content = client.get(network.get_absolute_url()).content.decode()
    assert "Herinneringen" in content
    listing = client.get(page(network))
    text = listing.content.decode()
    assert "7 dagen van tevoren" in text and "Wie nog niet heeft geantwoord" in text
    assert "2 dagen van tevoren" in text and "Wie komt" in text

    response = client.post(page(network), {"days": "3", "hours": "6", "audience": "maybe"}, follow=True)
    assert response.redirect_chain == [(page(network), 302)]
    assert (
        "Herinnering toegevoegd: 3 dagen en 6 uur van tevoren aan wie misschien komt. "
        "De komende bijeenkomsten zijn bijgewerkt." in response.content.decode()
    )
    assert (78, "maybe") in rules_of(network)
    new = Reminder.objects.get(meeting=meeting, hours_before=78, audience="maybe")
    assert new.status == Reminder.Status.PENDING
    assert new.due_at == meeting.starts_at - timedelta(hours=78)

    coming = ReminderRule.objects.get(network=network, audience="coming")
    response = client.post(f"{page(network)}{coming.pk}/remove/", follow=True)
    assert "Herinnering verwijderd: 2 dagen van tevoren aan wie komt." in response.content.decode()
    assert rules_of(network) == {(168, "not_answered"), (78, "maybe")}
    dropped = Reminder.objects.get(meeting=meeting, audience="coming")
    assert (dropped.status, dropped.reason) == (Reminder.Status.DROPPED, reminders.REASON_RULE_REMOVED)
    assert "Het netwerk heeft deze herinnering verwijderd." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"days": "-2", "hours": "0", "audience": "coming"},
            "Een herinnering gaat vóór de bijeenkomst uit: het aantal dagen kan niet negatief zijn.",
        ),
        ({"days": "1", "hours": "-3", "audience": "coming"}, "Het aantal uren kan niet negatief zijn."),
        (
            {"days": "0", "hours": "0", "audience": "coming"},
            "Een herinnering bij het begin van de bijeenkomst komt te laat: geef minstens 1 uur.",
        ),
        (
            {"days": "61", "hours": "0", "audience": "coming"},
            "Een herinnering gaat hoogstens 60 dagen voor de bijeenkomst uit.",
        ),
        (
            {"days": "60", "hours": "1", "audience": "coming"},
            "Een herinnering gaat hoogstens 60 dagen voor de bijeenkomst uit.",
        ),
        (
            {"days": "1", "hours": "24", "audience": "coming"},
            "Geef hoogstens 23 uur; hele dagen vul je in bij de dagen.",
        ),
        ({"days": "zeven", "hours": "0", "audience": "coming"}, "Voer een geheel getal in."),
        ({"days": "99999999999999999999", "hours": "0", "audience": "coming"}, "hoogstens 60 dagen"),
        ({"days": "2", "hours": "0", "audience": "everyone"}, "Selecteer een geldige keuze."),
        ({"days": "2", "hours": "0"}, "Dit veld is verplicht."),
        ({"days": "7", "hours": "0", "audience": "not_answered"}, "Dit netwerk heeft deze herinnering al."),
    ],
    ids=[
        "negative",
        "negative-hours",
        "zero",
        "61-days",
        "over-60-days",
        "24-hours",
        "text",
        "huge",
        "audience",
        "no-audience",
        "duplicate",
    ],
)
def test_bad_offsets_are_refused_in_dutch_and_change_nothing(login, network, coordinator, data, message):
    meeting = MeetingFactory(network=network)
    reminders.schedule_reminders(meeting)
    before = list(Reminder.objects.values_list("pk", "status"))
    response = login(coordinator).post(page(network), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rules_of(network) == DEFAULTS
    assert list(Reminder.objects.values_list("pk", "status")) == before


def test_a_stopped_networks_rules_are_read_only(login, network, coordinator):
    Network.objects.filter(pk=network.pk).update(phase=Network.Phase.STOPPED)
    client = login(coordinator)
    listing = client.get(page(network)).content.decode()
    assert "Dit netwerk is gestopt; de herinneringen kunnen niet meer veranderen." in listing
    assert "Deze herinnering toevoegen" not in listing and "/remove/" not in listing
    added = client.post(page(network), {"days": "1", "hours": "0", "audience": "maybe"}, follow=True)
    assert "Dit netwerk is gestopt; de herinneringen kunnen niet meer veranderen." in added.content.decode()
    rule = ReminderRule.objects.get(network=network, audience="coming")
    removed = client.post(f"{page(network)}{rule.pk}/remove/", follow=True)
    assert "Dit netwerk is gestopt; de herinneringen kunnen niet meer veranderen." in removed.content.decode()
    assert rules_of(network) == DEFAULTS


def test_a_rule_of_another_network_cannot_be_removed_through_this_one(login, network, coordinator):
    other = NetworkFactory()
    foreign = ReminderRule.objects.filter(network=other).first()
    response = login(coordinator).post(f"{page(network)}{foreign.pk}/remove/")
    assert response.status_code == 404
    assert ReminderRule.objects.filter(pk=foreign.pk).exists()


def test_removing_needs_a_post(login, network, coordinator):
    rule = ReminderRule.objects.filter(network=network).first()
    assert login(coordinator).get(f"{page(network)}{rule.pk}/remove/").status_code == 405
    assert ReminderRule.objects.filter(pk=rule.pk).exists()


def test_the_page_makes_the_same_number_of_queries_however_many_rules_and_reminders(login, network, coordinator):
    client = login(coordinator)
    MeetingFactory(network=network)
    small = count_queries(client, page(network))
    for hours in range(1, 12):
        ReminderRule.objects.create(network=network, hours_before=hours * 24 + 1, audience="maybe")
    for _ in range(5):
        meeting = MeetingFactory(network=network)
        reminders.schedule_reminders(meeting)
        Reminder.objects.filter(meeting=meeting, hours_before=25).update(
            status=Reminder.Status.SENT, done_at=timezone.now(), recipients=12
        )
    assert Reminder.objects.count() > 40
    assert count_queries(client, page(network)) == small
    assert small <= 8
