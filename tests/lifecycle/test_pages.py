"""The lifecycle pages as coordinators, facilitators and members use them: starting the supported phase,
planning up to the quota, the members' views (on the page and from the mail), recording the outcome,
the follow-up of an intention, a stopped network, and bad input that changes nothing."""

import re

import pytest
from django.contrib.messages import ERROR

from lifecycle import links, services
from lifecycle.models import Decision, PhaseChange, QuotaChange, View
from meetings.models import Meeting
from networks.models import Membership, Network
from tests.factories import MeetingFactory
from tests.helpers import at, count_queries, local_input, meeting_form

from .conftest import COORDINATOR, hold, hold_supported, plan


def phase_of(network):
    return Network.objects.values_list("phase", flat=True).get(pk=network.pk)


def page(client, network):
    return client.get(f"/networks/{network.slug}/")


def membership_of(network, user):
    return Membership.objects.get(network=network, user=user)


# --- The supported phase ----------------------------------------------------------------------------


def test_coordinator_starts_the_supported_phase_from_the_network_page(login, network, members, coordinator):
    client = login(coordinator)
    before = page(client, network)
    assert "Begeleide fase starten" in before.text
    assert f'action="/networks/{network.slug}/phase/support/"' in before.text
    response = client.post(f"/networks/{network.slug}/phase/support/", follow=True)
    assert phase_of(network) == "facilitated"
    assert "De begeleide fase is gestart" in response.text
    assert "Nog geen begeleide bijeenkomst gehouden, 5 te gaan" in response.text
    assert "Begeleide fase starten" not in response.text


def test_starting_support_without_a_facilitator_is_refused_with_a_message(login, network, coordinator, member):
    response = login(coordinator).post(f"/networks/{network.slug}/phase/support/", follow=True)
    assert phase_of(network) == "forming"
    assert not PhaseChange.objects.exists()
    assert response.context["messages"]
    assert [m.level for m in response.context["messages"]] == [ERROR]


def test_members_and_the_facilitator_see_no_phase_buttons(login, network, members, member, facilitator):
    for person in (member, facilitator):
        text = page(login(person), network).text
        assert "/phase/support/" not in text
        assert "/phase/stop/" not in text
        assert "/quota/" not in text


def test_staff_see_the_quota_button_and_coordinators_do_not(login, network, members, coordinator, staff):
    assert f"/networks/{network.slug}/quota/" in page(login(staff), network).text
    assert f"/networks/{network.slug}/quota/" not in page(login(coordinator), network).text


def test_sixth_supported_meeting_is_refused_with_the_count(login, facilitated, coordinator):
    client = login(coordinator)
    for week in range(5):
        moment = at(21 + 7 * week)
        data = meeting_form(starts_at=local_input(moment), ends_at=local_input(moment.replace(hour=21)))
        assert client.post(f"/networks/{facilitated.slug}/meetings/new/", data).status_code == 302
    assert Meeting.objects.filter(network=facilitated, is_supported=True).count() == 5
    moment = at(80)
    response = client.post(
        f"/networks/{facilitated.slug}/meetings/new/",
        meeting_form(starts_at=local_input(moment), ends_at=local_input(moment.replace(hour=21))),
    )
    assert response.status_code == 200
    error = " ".join(response.context["form"].non_field_errors())
    assert "5" in error and "0" in error  # the quota, held: 0, planned: 5
    assert Meeting.objects.filter(network=facilitated).count() == 5


def test_network_page_counts_the_held_supported_meetings(login, facilitated, coordinator, member):
    hold_supported(facilitated, coordinator, 3)
    plan(facilitated, coordinator)
    text = page(login(member), facilitated).text
    assert "Bijeenkomst 3 van 5 begeleid" in text
    assert "nog 1 gepland" in text


def test_network_page_queries_do_not_grow_with_meetings_or_history(login, facilitated, coordinator):
    client = login(coordinator)
    hold_supported(facilitated, coordinator, 1)
    small = count_queries(client, f"/networks/{facilitated.slug}/")
    hold_supported(facilitated, coordinator, 3)
    services.change_quota(network=facilitated, by=_staff(), quota=8, reason="Extra begeleiding.")
    assert count_queries(client, f"/networks/{facilitated.slug}/") == small


def _staff():
    from tests.factories import UserFactory

    return UserFactory(is_association_staff=True)


def test_staff_change_the_quota_with_a_reason_and_see_its_history(login, facilitated, staff):
    client = login(staff)
    response = client.post(
        f"/networks/{facilitated.slug}/quota/", {"quota": "7", "reason": "Twee nieuwe scholen."}, follow=True
    )
    assert "Dit netwerk heeft nu 7 begeleide bijeenkomsten." in response.text
    history = client.get(f"/networks/{facilitated.slug}/quota/")
    assert "5 → 7" in history.text
    assert "Twee nieuwe scholen." in history.text


def test_quota_below_the_meetings_used_is_refused_on_the_form(login, facilitated, coordinator, staff):
    hold_supported(facilitated, coordinator, 3)
    response = login(staff).post(f"/networks/{facilitated.slug}/quota/", {"quota": "2", "reason": "Minder."})
    assert response.status_code == 200
    assert response.context["form"].errors["quota"]
    facilitated.refresh_from_db()
    assert facilitated.supported_meeting_quota == 5
    assert not QuotaChange.objects.exists()


# --- The decision -----------------------------------------------------------------------------------


def test_member_gives_a_view_on_the_network_page_and_may_change_it(login, deciding, member):
    client = login(member)
    assert f'action="/networks/{deciding.slug}/view/"' in page(client, deciding).text
    response = client.post(
        f"/networks/{deciding.slug}/view/", {"choice": "continue", "comment": "Graag & snel"}, follow=True
    )
    assert "Je mening is opgeslagen" in response.text
    # The network page shows the view given, ready to change: its choice checked, its comment in the box.
    text = page(client, deciding).text
    assert 'value="continue" id="id_choice_0" required checked>' in text
    assert text.count(" checked>") == 1
    assert ">\nGraag &amp; snel</textarea>" in text
    assert "Hoogstens 1.000 tekens." in text
    client.post(f"/networks/{deciding.slug}/view/", {"choice": "undecided", "comment": ""})
    view = View.objects.get()
    assert (view.membership, view.choice, view.comment) == (membership_of(deciding, member), "undecided", "")


def test_network_page_shows_the_timeline_with_the_portal_as_mover(login, deciding, coordinator, member):
    text = page(login(member), deciding).text
    assert "Geschiedenis van de fases" in text
    assert "het portaal" in text  # the move to deciding after the last supported meeting
    assert coordinator.full_name in text  # the start of the supported phase


def test_decision_page_shows_views_per_school_and_who_did_not_answer(login, deciding, coordinator, member, facilitator):
    services.give_view(membership=membership_of(deciding, member), choice="stop", comment="Te weinig tijd.")
    response = login(facilitator).get(f"/networks/{deciding.slug}/decision/")
    school = membership_of(deciding, member).school
    assert school.name in response.text
    assert "Te weinig tijd." in response.text
    assert response.context["answered_count"] == 1
    assert {m.user for m in response.context["not_answered"]} == {coordinator, facilitator}
    assert [count for _label, count in response.context["counts"]] == [0, 1, 0]  # continue, stop, undecided
    assert response.context["form"] is None  # the facilitator reads, the coordinator records


def test_coordinator_records_the_outcome_and_then_sees_it_read_only(login, deciding, coordinator):
    client = login(coordinator)
    response = client.post(
        f"/networks/{deciding.slug}/decision/", {"outcome": "continue", "facilitation": "paid_by_schools"}, follow=True
    )
    assert "De uitkomst is vastgelegd" in response.text
    assert phase_of(deciding) == "self_directed"
    decision = Decision.objects.get(network=deciding)
    assert (decision.outcome, decision.facilitation, decision.recorded_by) == (
        "continue",
        "paid_by_schools",
        coordinator,
    )
    again = client.get(f"/networks/{deciding.slug}/decision/")
    assert again.context["form"] is None
    assert again.context["decided"] == decision


def test_intention_keeps_the_follow_up_months(login, deciding, coordinator):
    login(coordinator).post(
        f"/networks/{deciding.slug}/decision/", {"outcome": "intend", "reason": "", "follow_up_months": "3"}
    )
    decision = Decision.objects.get(network=deciding)
    assert decision.outcome == "intend"
    assert phase_of(deciding) == "intending"
    assert (decision.follow_up_due.year * 12 + decision.follow_up_due.month) - (
        decision.recorded_at.year * 12 + decision.recorded_at.month
    ) == 3


def test_second_coordinator_is_told_what_was_decided(login, deciding, coordinator, regional_coordinator):
    stale = login(regional_coordinator)
    stale.get(f"/networks/{deciding.slug}/decision/")  # the form is open on the second screen
    services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome="stop", reason="Klaar.")
    response = stale.post(
        f"/networks/{deciding.slug}/decision/", {"outcome": "continue", "facilitation": "member"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/networks/{deciding.slug}/"
    assert "De uitkomst is al vastgelegd door Anouk de Vries" in response.text
    decision = Decision.objects.get(network=deciding)
    assert (decision.outcome, decision.recorded_by) == ("stop", coordinator)
    assert phase_of(deciding) == "stopped"


# --- The view from the mail ---------------------------------------------------------------------------


def test_view_link_get_changes_nothing_and_the_button_records(client, deciding, member):
    path = links.view_path(membership=membership_of(deciding, member).pk, choice="continue")
    response = client.get(path)
    assert response.status_code == 200
    assert deciding.name in response.text
    main = re.search(r"<main.*</main>", response.text, re.DOTALL).group(0)
    assert re.search(r'<input[^>]*value="continue"[^>]*checked', main)  # the chosen view, preselected
    assert main.count('type="submit"') == 1  # one button, which posts
    assert not View.objects.exists()
    response = client.post(path, {"choice": "continue", "comment": ""})
    assert response.status_code == 200
    assert "Bedankt voor je mening" in response.text
    assert View.objects.get().choice == "continue"


def test_tampered_view_link_is_a_clear_404(client, deciding, member):
    path = links.view_path(membership=membership_of(deciding, member).pk, choice="continue")
    token = path.split("/")[3]
    response = client.get(path.replace(token, token[:-2] + "xx"))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.text
    assert client.get(path.replace("/continue/", "/maybe/")).status_code == 404


def test_view_link_after_the_outcome_changes_nothing(client, deciding, member, coordinator):
    path = links.view_path(membership=membership_of(deciding, member).pk, choice="stop")
    services.record_outcome(
        network=deciding, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="nobody"
    )
    response = client.post(path, {"choice": "stop"})
    assert response.status_code == 410
    assert "De uitkomst is al vastgelegd" in response.text
    assert not View.objects.exists()


def test_view_link_of_someone_who_left_changes_nothing(client, deciding, member):
    membership = membership_of(deciding, member)
    path = links.view_path(membership=membership.pk, choice="stop")
    Membership.objects.filter(pk=membership.pk).update(left_on=membership.joined_on)
    for response in (client.get(path), client.post(path, {"choice": "stop"})):
        assert response.status_code == 410
        assert "Je bent geen deelnemer meer" in response.text
    assert not View.objects.exists()


# --- The follow-up of an intention -------------------------------------------------------------------


def test_coordinator_answers_the_follow_up_on_the_page(login, intending, coordinator):
    client = login(coordinator)
    assert f"/networks/{intending.slug}/follow-up/" in page(client, intending).text
    response = client.post(f"/networks/{intending.slug}/follow-up/", {"continued": "yes", "reason": ""}, follow=True)
    assert "het netwerk gaat nu zelfstandig verder" in response.text
    assert phase_of(intending) == "self_directed"
    assert Decision.objects.get(network=intending).follow_up == "continued"
    # The intention stays in the history next to what became of it.
    assert list(PhaseChange.objects.filter(network=intending).values_list("target", flat=True))[-2:] == [
        "intending",
        "self_directed",
    ]


def test_follow_up_link_opens_a_page_and_used_twice_changes_nothing(client, intending, coordinator):
    path = links.follow_up_path(membership=membership_of(intending, coordinator).pk)
    assert client.get(path).status_code == 200
    assert phase_of(intending) == "intending"
    assert client.post(path, {"continued": "yes"}).status_code == 200
    assert phase_of(intending) == "self_directed"
    second = client.post(path, {"continued": "no"})
    assert second.status_code == 410
    assert "Deze vraag is al beantwoord" in second.text
    assert phase_of(intending) == "self_directed"


def test_follow_up_link_of_a_former_coordinator_changes_nothing(client, intending, coordinator, member):
    membership = membership_of(intending, coordinator)
    Membership.objects.filter(pk=membership.pk).update(role="member")
    response = client.post(links.follow_up_path(membership=membership.pk), {"continued": "yes"})
    assert response.status_code == 410
    assert "Alleen een huidige coördinator" in response.text
    assert phase_of(intending) == "intending"


# --- A stopped network --------------------------------------------------------------------------------


def test_stopped_network_is_read_only_with_a_notice(login, network, members, coordinator, member):
    meeting = MeetingFactory(network=network, held=True)
    response = login(coordinator).post(
        f"/networks/{network.slug}/phase/stop/", {"reason": "Geen gezamenlijk thema gevonden."}, follow=True
    )
    assert phase_of(network) == "stopped"
    assert "Dit netwerk is gestopt; de verslagen blijven leesbaar." in response.text
    assert "Geen gezamenlijk thema gevonden." in response.text  # in the timeline
    for person in (coordinator, member):
        client = login(person)
        text = page(client, network).text
        assert "Dit netwerk is gestopt" in text
        assert f"/networks/{network.slug}/meetings/new/" not in text
        assert "/phase/stop/" not in text
        meeting_page = client.get(f"/meetings/{meeting.pk}/")
        assert f"/meetings/{meeting.pk}/notes/new/" not in meeting_page.text
    members_page = login(coordinator).get(f"/networks/{network.slug}/members/")
    assert f"/networks/{network.slug}/invite/" not in members_page.text


def test_inviting_into_a_stopped_network_is_refused_with_a_message(login, network, members, coordinator):
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd.")
    response = login(coordinator).post(
        f"/networks/{network.slug}/invite/", {"addresses": "nieuw@school.example.nl", "role": "member"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level for m in response.context["messages"]] == [ERROR]


# --- Bad input ------------------------------------------------------------------------------------------


def test_stop_without_a_reason_is_refused_and_changes_nothing(login, network, members, coordinator):
    response = login(coordinator).post(f"/networks/{network.slug}/phase/stop/", {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert phase_of(network) == "forming"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "stop", "reason": ""}, "reason"),
        ({"outcome": "continue"}, "facilitation"),
        ({"outcome": "stop", "reason": "x" * 1001}, "reason"),
        ({"outcome": "intend", "follow_up_months": "30"}, "follow_up_months"),
    ],
)
def test_bad_outcome_is_refused_on_the_form_and_changes_nothing(login, deciding, coordinator, data, field):
    response = login(coordinator).post(f"/networks/{deciding.slug}/decision/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Decision.objects.exists()
    assert phase_of(deciding) == "deciding"


def test_over_long_comment_on_a_view_is_refused_with_a_message(login, deciding, member):
    response = login(member).post(
        f"/networks/{deciding.slug}/view/", {"choice": "stop", "comment": "x" * 1001}, follow=True
    )
    assert "te lang" in response.text
    assert not View.objects.exists()


def test_unknown_view_is_refused_with_a_message(login, deciding, member):
    response = login(member).post(f"/networks/{deciding.slug}/view/", {"choice": "misschien"}, follow=True)
    assert [m.level for m in response.context["messages"]] == [ERROR]
    assert not View.objects.exists()


def test_view_outside_the_decision_is_refused_with_a_message(login, facilitated, member):
    response = login(member).post(f"/networks/{facilitated.slug}/view/", {"choice": "stop"}, follow=True)
    assert [m.level for m in response.context["messages"]] == [ERROR]
    assert not View.objects.exists()


def test_follow_up_without_an_answer_changes_nothing(login, intending, coordinator):
    response = login(coordinator).post(f"/networks/{intending.slug}/follow-up/", {"continued": "perhaps"})
    assert response.status_code == 200
    assert response.context["form"].errors["continued"]
    assert phase_of(intending) == "intending"


def test_network_that_faded_shows_its_reason_in_the_timeline(login, facilitated, coordinator):
    # A supported meeting that was already held stays counted after the network stops early.
    hold(plan(facilitated, coordinator), coordinator)
    services.stop(network=facilitated, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd na één keer.")
    text = page(login(coordinator), facilitated).text
    assert "Uitgedoofd na één keer." in text
