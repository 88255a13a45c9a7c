"""The evaluation: three questions and a comment, for those recorded as present, open from the end of
the meeting for fourteen days, once per person; the answers kept apart from names. The link in the mail
opens the form and changes nothing; only the form's button saves. Results for the network's coordinators
and facilitator, from three answers on."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import evaluations
from meetings.models import EvaluationAnswer, EvaluationResponse, Meeting
from meetings.services import rsvp_token
from metrics import registry
from tests.factories import MeetingFactory, MembershipFactory
from tests.helpers import PERSONAS, client_for, count_queries, held_meeting, is_login_redirect, present

ANSWERS = {"overall": "4", "useful": "5", "will_try": "yes", "comment": "Veel geleerd van de casus."}


@pytest.fixture
def meeting(network, member):
    meeting = held_meeting(network)
    present(meeting, member)
    return meeting


def link(meeting, user):
    return evaluations.evaluation_path(meeting=meeting.pk, user=user.pk)


def nothing_saved():
    return not EvaluationAnswer.objects.exists() and not EvaluationResponse.objects.exists()


def answered_by(meeting, count, *, comments=()):
    """`count` evaluations of `meeting` by people who were there, the first ones with `comments`."""
    comments = list(comments)
    for number in range(count):
        user = MembershipFactory(network=meeting.network).user
        present(meeting, user)
        evaluations.evaluate_meeting(
            meeting=meeting,
            user=user,
            overall=3 + number % 2,
            useful=4,
            will_try=number % 2 == 0,
            comment=comments[number] if number < len(comments) else "",
        )


# --- The form behind the link in the mail ---------------------------------------------------------


def test_opening_the_link_shows_the_form_and_changes_nothing(client, meeting, member):
    page = client.get(link(meeting, member))
    assert page.status_code == 200
    assert "Hoe was de bijeenkomst?" in page.text
    assert "Hoe was deze bijeenkomst, alles bij elkaar?" in page.text
    assert "Worden we wijzer, op een manier die bij ons past?" in page.text
    assert "Marieke Smit" in page.text  # says who answers
    assert page["Cache-Control"].startswith("max-age=0")
    assert client.head(link(meeting, member)).status_code == 200
    assert client.options(link(meeting, member)).status_code == 200
    assert nothing_saved()


def test_the_button_saves_the_answer_apart_from_the_name(client, meeting, member):
    page = client.post(link(meeting, member), ANSWERS)
    assert page.status_code == 200
    assert "Bedankt voor je evaluatie" in page.text
    answer = EvaluationAnswer.objects.get()
    assert (answer.meeting, answer.overall, answer.useful, answer.will_try) == (meeting, 4, 5, True)
    assert answer.comment == "Veel geleerd van de casus."
    assert EvaluationResponse.objects.get().user == member
    # What was answered carries no person and no time that could point at one.
    names = {field.name for field in EvaluationAnswer._meta.get_fields()}
    assert not names & {"user", "response", "answered_at", "created_at"}


def test_answering_twice_is_refused_and_changes_nothing(client, meeting, member):
    client.post(link(meeting, member), ANSWERS)
    again = client.post(link(meeting, member), {**ANSWERS, "overall": "1"})
    assert again.status_code == 410
    assert "Je hebt deze bijeenkomst al geëvalueerd" in again.text
    assert EvaluationAnswer.objects.get().overall == 4
    assert EvaluationResponse.objects.count() == 1
    assert "al geëvalueerd" in client.get(link(meeting, member)).text  # the page says so before the form


def test_a_second_answer_that_slips_past_the_check_meets_the_database(meeting, member, monkeypatch):
    EvaluationResponse.objects.create(meeting=meeting, user=member)
    monkeypatch.setattr(evaluations, "evaluation_refusal", lambda **kwargs: "")
    with pytest.raises(ValidationError, match="al geëvalueerd"):
        evaluations.evaluate_meeting(meeting=meeting, user=member, overall=3, useful=3, will_try=False)
    assert not EvaluationAnswer.objects.exists()


def test_after_fourteen_days_the_evaluation_is_closed(client, network, member):
    meeting = held_meeting(network, ended_ago=timedelta(days=14, minutes=1))
    present(meeting, member)
    page = client.get(link(meeting, member))
    assert page.status_code == 410
    assert "De evaluatie van deze bijeenkomst is gesloten op" in page.text
    assert client.post(link(meeting, member), ANSWERS).status_code == 410
    assert nothing_saved()


def test_before_the_end_it_is_not_open_yet(client, network, member):
    meeting = MeetingFactory(network=network, status="held", started=True)
    present(meeting, member)
    assert "gaat open zodra de bijeenkomst is afgelopen" in client.get(link(meeting, member)).text
    assert client.post(link(meeting, member), ANSWERS).status_code == 410
    assert nothing_saved()


def test_who_was_not_there_cannot_evaluate(client, meeting, network):
    absent = MembershipFactory(network=network).user
    present(meeting, absent, came=False)
    page = client.post(link(meeting, absent), ANSWERS)
    assert page.status_code == 410
    assert "Alleen wie bij deze bijeenkomst als aanwezig is genoteerd" in page.text
    assert nothing_saved()


@pytest.mark.parametrize("change", ["tampered", "other_salt", "garbage"])
def test_a_link_that_was_changed_is_refused_with_a_page(client, meeting, member, change):
    if change == "tampered":
        path = link(meeting, member).replace("/evaluation/", "/evaluation/x")
    elif change == "other_salt":  # an answer link's token is no evaluation link
        path = f"/meetings/evaluation/{rsvp_token(meeting, member)}/"
    else:
        path = "/meetings/evaluation/geen-geldige-link/"
    for response in (client.get(path), client.post(path, ANSWERS)):
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.text
    assert nothing_saved()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("overall", "6", "Kies een cijfer van 1 tot en met 5."),
        ("useful", "0", "Kies een cijfer van 1 tot en met 5."),
        ("overall", "", "Kies een cijfer van 1 tot en met 5."),
        ("useful", "vier", "Kies een cijfer van 1 tot en met 5."),
        ("will_try", "misschien", "Zeg ja of nee: ga je er iets van uitproberen?"),
        ("comment", "x" * 2001, "2.000"),
    ],
)
def test_answers_out_of_range_are_refused_with_a_message(client, meeting, member, field, value, message):
    page = client.post(link(meeting, member), {**ANSWERS, field: value})
    assert page.status_code == 400
    assert message in page.text
    assert nothing_saved()


def test_the_service_refuses_scores_out_of_range(meeting, member):
    with pytest.raises(ValidationError, match="1 tot en met 5"):
        evaluations.evaluate_meeting(meeting=meeting, user=member, overall=6, useful=3, will_try=True)
    assert nothing_saved()


# --- From the meeting page ------------------------------------------------------------------------


def test_a_member_who_was_there_evaluates_from_the_meeting_page(login, meeting, member):
    client = login(member)
    detail = client.get(meeting.get_absolute_url())
    assert "Evalueer deze bijeenkomst" in detail.text
    form = client.get(f"/meetings/{meeting.pk}/evaluation/")
    assert form.status_code == 200 and "Verstuur mijn evaluatie" in form.text
    assert nothing_saved()
    done = client.post(f"/meetings/{meeting.pk}/evaluation/", ANSWERS, follow=True)
    assert done.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "je evaluatie is opgeslagen" in done.text
    assert EvaluationResponse.objects.get().user == member
    # Afterwards the page says so instead of offering the form again.
    assert "Evalueer deze bijeenkomst" not in done.text
    assert "Je hebt deze bijeenkomst geëvalueerd" in done.text


def test_the_meeting_page_offers_the_evaluation_only_to_those_who_can_give_it(login, meeting, member, network):
    absent = MembershipFactory(network=network).user  # a member, not recorded as present
    assert "Evalueer deze bijeenkomst" not in login(absent).get(meeting.get_absolute_url()).text
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=20, hours=-2)
    )
    assert "Evalueer deze bijeenkomst" not in login(member).get(meeting.get_absolute_url()).text  # closed


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_form_from_the_meeting_page(request, everyone, network, member, persona):
    meeting = held_meeting(network)
    present(meeting, member)
    response = client_for(request, persona).get(f"/meetings/{meeting.pk}/evaluation/")
    expected = {
        "member": 200,  # was there
        "coordinator": 410,  # a member, but not recorded as present
        "facilitator": 410,
        "regional_coordinator": 410,
        "staff": 410,
        "outsider": 404,
        "other_regional_coordinator": 404,
    }
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected[persona]


# --- Results --------------------------------------------------------------------------------------

RESULT_ACCESS = {
    "coordinator": 200,
    "facilitator": 200,
    "member": 403,
    "regional_coordinator": 403,
    "staff": 403,
    "outsider": 404,
    "other_regional_coordinator": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_results_are_for_the_coordinators_and_the_facilitator(request, everyone, network, member, persona):
    meeting = held_meeting(network)
    client = client_for(request, persona)
    for path in (f"/meetings/{meeting.pk}/evaluation/results/", f"/networks/{network.slug}/evaluations/"):
        response = client.get(path)
        if persona == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == RESULT_ACCESS[persona], path


def test_results_stay_hidden_below_three_answers(login, meeting, coordinator):
    answered_by(meeting, 2, comments=["Te kort.", "Mooi."])
    assert registry.for_object(meeting, "evaluation_overall", "evaluation_useful", "evaluation_will_try") == {
        "evaluation_overall": None,
        "evaluation_useful": None,
        "evaluation_will_try": None,
    }
    page = login(coordinator).get(f"/meetings/{meeting.pk}/evaluation/results/")
    assert "Nog te weinig antwoorden." in page.text
    assert "2 mensen hebben deze bijeenkomst geëvalueerd" in page.text
    assert "Te kort." not in page.text and "Mooi." not in page.text
    overview = login(coordinator).get(f"/networks/{meeting.network.slug}/evaluations/")
    assert "nog te weinig antwoorden" in overview.text


def test_results_show_from_three_answers_without_names(login, meeting, coordinator, facilitator):
    answered_by(meeting, 3, comments=["Zeker: de casus paste bij ons.", "Meer tijd voor intervisie graag."])
    figures = registry.for_object(meeting, "evaluation_count", "evaluation_overall", "evaluation_will_try")
    assert figures["evaluation_count"] == 3
    assert figures["evaluation_overall"] == pytest.approx(10 / 3)
    assert figures["evaluation_will_try"] == pytest.approx(2 / 3)
    page = login(facilitator).get(f"/meetings/{meeting.pk}/evaluation/results/")
    assert page.status_code == 200
    assert "Nog te weinig" not in page.text
    assert "3,3" in page.text and "4,0" in page.text and "67%" in page.text
    # Alphabetical, not in the order given (which could tell who wrote which), and without names.
    assert page.text.index("Meer tijd voor intervisie") < page.text.index("Zeker: de casus")
    for response in EvaluationResponse.objects.select_related("user"):
        assert response.user.full_name not in page.text
    overview = login(coordinator).get(f"/networks/{meeting.network.slug}/evaluations/")
    assert "3,3" in overview.text and "67%" in overview.text
    assert "Zeker: de casus" not in overview.text  # comments only on the meeting's own page


def test_the_network_averages_leave_out_meetings_with_fewer_than_three_answers(network, member):
    # Four answers over two meetings of two each: an average over them could be solved for one person's
    # answer once one meeting reaches three; the count of answers is no secret.
    first, second = held_meeting(network), held_meeting(network, ended_ago=timedelta(days=3))
    answered_by(first, 2)
    answered_by(second, 2)
    figures = registry.for_object(network, "evaluation_count", "evaluation_useful")
    assert figures == {"evaluation_count": 4, "evaluation_useful": None}
    assert registry.for_object(first, "evaluation_useful") == {"evaluation_useful": None}


def test_the_results_pages_cost_the_same_few_queries_for_many_answers(login, network, coordinator):
    meeting = held_meeting(network)
    answered_by(meeting, 3, comments=["Goed."])
    client = login(coordinator)
    results_path = f"/meetings/{meeting.pk}/evaluation/results/"
    overview_path = f"/networks/{network.slug}/evaluations/"
    few = (count_queries(client, results_path), count_queries(client, overview_path))
    for days in range(2, 8):
        answered_by(held_meeting(network, ended_ago=timedelta(days=days)), 4, comments=["Nuttig.", "Goed."])
    answered_by(meeting, 5, comments=["Meer.", "Nog meer."])
    assert (count_queries(client, results_path), count_queries(client, overview_path)) == few


def test_the_results_page_needs_few_queries(login, network, coordinator, django_assert_max_num_queries):
    meeting = held_meeting(network)
    answered_by(meeting, 4, comments=["Goed.", "Prima."])
    client = login(coordinator)
    client.get(f"/meetings/{meeting.pk}/evaluation/results/")
    with django_assert_max_num_queries(8):
        assert client.get(f"/meetings/{meeting.pk}/evaluation/results/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/networks/{network.slug}/evaluations/").status_code == 200


# --- A person's path ------------------------------------------------------------------------------


def test_from_the_mail_to_the_results(client, login, network, coordinator, facilitator, member):
    """Three people who were there evaluate through the link in their mail; the facilitator then reads
    the results, and the meeting page links to them."""
    meeting = held_meeting(network)
    people = [member, *(MembershipFactory(network=network).user for _ in range(2))]
    present(meeting, *people)
    for number, person in enumerate(people):
        path = link(meeting, person)
        assert "Verstuur mijn evaluatie" in client.get(path).text
        client.post(path, {**ANSWERS, "overall": str(3 + number), "comment": f"Opmerking {number}"})
    assert EvaluationAnswer.objects.count() == 3
    facilitator_client = login(facilitator)
    detail = facilitator_client.get(meeting.get_absolute_url())
    assert f"/meetings/{meeting.pk}/evaluation/results/" in detail.text
    results = facilitator_client.get(f"/meetings/{meeting.pk}/evaluation/results/")
    assert "4,0" in results.text and "Opmerking 2" in results.text
