"""The lifecycle mails: each in the recipient's language with the network in its subject, queued once
per (kind, network, occasion, person); links that act for someone are stored as placeholders and made
when the mail is sent, and they open a page that changes nothing until its button is pressed."""

import re
from datetime import date

import pytest
from django.utils import timezone

from lifecycle import links, services
from lifecycle.mails import LifecycleMail
from lifecycle.models import Decision, View
from mail import outbox
from mail.models import OutgoingMail
from members.models import User

from .conftest import COORDINATOR, hold, hold_supported, plan

VIEW_LINK = re.compile(r"/lifecycle/view/([^/\s\"<]+)/(continue|stop|undecided)/")


@pytest.fixture
def name_with_ampersand(network):
    """A network name that HTML must escape and a subject must not."""
    network.name = "Taal & Rekenen Noordwest"
    network.save(update_fields=["name"])
    return network


def decision_for(network, recorded_by, **fields):
    fields = {"outcome": "intend", "follow_up_due": date(2027, 5, 31), **fields}
    decision = Decision(network=network, recorded_by=recorded_by, **fields)
    decision.recorded_at = timezone.now()
    return decision


# What each template is rendered with, and a phrase of its body in each language.
CASES = {
    "lifecycle_last_supported": (
        lambda network, person: {"quota": 5},
        {"nl": "4 van de 5 begeleide bijeenkomsten", "en": "4 of its 5 supported meetings"},
    ),
    "lifecycle_decision": (
        lambda network, person: {"view_links": {"continue": "/c/", "stop": "/s/", "undecided": "/u/"}},
        {"nl": "Weet ik nog niet", "en": "Undecided"},
    ),
    "lifecycle_outcome": (
        lambda network, person: {"decision": decision_for(network, person)},
        {"nl": "Op 31 mei 2027 vragen we de coördinator", "en": "On 31 May 2027 the coordinator is asked"},
    ),
    "lifecycle_follow_up": (
        lambda network, person: {"decision": decision_for(network, person), "reminder": False, "follow_up_link": "/f/"},
        {"nl": "Is het netwerk echt doorgegaan?", "en": "Did the network really continue?"},
    ),
}
SUBJECTS = {
    "lifecycle_last_supported": {"nl": "nog één begeleide bijeenkomst", "en": "one supported meeting left"},
    "lifecycle_decision": {"nl": "doorgaan of stoppen?", "en": "continue or stop?"},
    "lifecycle_outcome": {"nl": "Het besluit van", "en": "The decision of"},
    "lifecycle_follow_up": {
        "nl": "Is Taal & Rekenen Noordwest doorgegaan?",
        "en": "Did Taal & Rekenen Noordwest continue?",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("template", list(CASES))
def test_each_mail_renders_in_the_recipients_language_with_the_network_in_the_subject(
    name_with_ampersand, coordinator, template, language
):
    network = name_with_ampersand
    coordinator.language = language
    make_context, phrases = CASES[template]
    context = {"recipient": coordinator, "network": network, **make_context(network, coordinator)}
    subject, text, html = outbox.render_mail(template, context, language)
    assert "Taal & Rekenen Noordwest" in subject  # a header: not escaped
    assert SUBJECTS[template][language] in subject
    assert "\n" not in subject
    assert phrases[language] in text
    assert ("Hallo Anouk," if language == "nl" else "Hello Anouk,") in text
    assert "Taal &amp; Rekenen Noordwest" in html and "Taal & Rekenen" not in html
    assert f'<html lang="{language}">' in html
    assert "{%" not in text + html and "{{" not in text + html
    other = "en" if language == "nl" else "nl"
    assert phrases[other] not in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_follow_up_reminder_says_it_is_a_reminder(network, coordinator, language):
    context = {
        "recipient": coordinator,
        "network": network,
        "decision": decision_for(network, coordinator),
        "follow_up_link": "/f/",
    }
    subject, text, _html = outbox.render_mail("lifecycle_follow_up", {**context, "reminder": True}, language)
    first_subject, first_text, _html = outbox.render_mail(
        "lifecycle_follow_up", {**context, "reminder": False}, language
    )
    word = {"nl": "Herinnering", "en": "Reminder"}[language]
    assert subject.startswith(word) and not first_subject.startswith(word)
    two_weeks = {"nl": "Twee weken geleden", "en": "Two weeks ago"}[language]
    assert two_weeks in text and two_weeks not in first_text


@pytest.mark.parametrize(
    ("outcome", "phrases"),
    [
        ({"outcome": "continue", "facilitation": "member"}, ["zelfstandig verder"]),
        (
            {"outcome": "stop", "reason": "De scholen hebben geen tijd"},
            ["Het netwerk stopt", "De scholen hebben geen tijd"],
        ),
        ({"outcome": "intend"}, ["van plan door te gaan"]),
    ],
)
def test_the_outcome_mail_says_what_was_decided(deciding, members, coordinator, outcome, phrases):
    decision = services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, **outcome)
    rows = OutgoingMail.objects.filter(kind=LifecycleMail.OUTCOME)
    assert rows.count() == len(members)
    mail = rows.get(recipient=coordinator.email)
    assert deciding.name in mail.subject
    assert str(decision.get_outcome_display()) in mail.subject
    assert "Anouk de Vries" in mail.body_text
    for phrase in phrases:
        assert phrase in mail.body_text, phrase
    if decision.facilitation:
        assert str(decision.get_facilitation_display()) in mail.body_text
    if decision.follow_up_due:
        assert str(decision.follow_up_due.year) in mail.body_text


def test_each_member_gets_the_mail_in_their_own_language(facilitated, coordinator, member):
    User.objects.filter(pk=member.pk).update(language="en")
    hold_supported(facilitated, coordinator, 5)
    decisions = OutgoingMail.objects.filter(kind=LifecycleMail.DECISION)
    assert decisions.get(recipient=member.email).subject == f"{facilitated.name}: continue or stop?"
    assert decisions.get(recipient=coordinator.email).subject == f"{facilitated.name}: doorgaan of stoppen?"
    last = OutgoingMail.objects.filter(kind=LifecycleMail.LAST_SUPPORTED)
    assert last.get(recipient=member.email).language == "en"
    assert "one supported meeting is left" in last.get(recipient=member.email).body_text


def test_the_last_supported_mail_links_to_the_network_page(facilitated, coordinator):
    hold_supported(facilitated, coordinator, 4)
    mail = OutgoingMail.objects.get(kind=LifecycleMail.LAST_SUPPORTED, recipient=coordinator.email)
    assert f"http://testserver/networks/{facilitated.slug}/" in mail.body_text
    assert f'href="http://testserver/networks/{facilitated.slug}/"' in mail.body_html


def test_one_supported_mail_per_person_even_when_the_quota_is_raised_and_lowered_again(
    facilitated, members, coordinator, staff
):
    hold_supported(facilitated, coordinator, 4)
    services.change_quota(network=facilitated, by=staff, quota=6, reason="Extra")
    hold(plan(facilitated, coordinator), coordinator)  # 5 of 6: one left again, for the new quota
    assert OutgoingMail.objects.filter(kind=LifecycleMail.LAST_SUPPORTED).count() == 2 * len(members)


# --- The view buttons ------------------------------------------------------------------------------


@pytest.fixture
def decision_mail(deciding, member):
    return OutgoingMail.objects.get(kind=LifecycleMail.DECISION, recipient=member.email)


def test_the_stored_decision_mail_holds_placeholders_not_links(decision_mail, deciding, member):
    assert set(decision_mail.links) == {"view_links.continue", "view_links.stop", "view_links.undecided"}
    membership = deciding.memberships.get(user=member)
    for name, link in decision_mail.links.items():
        assert link["builder"] == "lifecycle.view"
        assert link["args"] == {"membership": membership.pk, "choice": name.rpartition(".")[2]}
        assert link["placeholder"] in decision_mail.body_text
        assert link["placeholder"] in decision_mail.body_html
    assert not VIEW_LINK.search(decision_mail.body_text + decision_mail.body_html)
    assert "/lifecycle/view/" not in decision_mail.body_text + decision_mail.body_html


def test_the_delivered_decision_mail_has_a_view_link_per_choice_for_its_member(
    decision_mail, deciding, member, mailoutbox
):
    outbox.deliver(decision_mail.pk)
    [message] = mailoutbox
    assert message.to == [member.email]
    found = VIEW_LINK.findall(message.body)
    assert sorted(choice for _token, choice in found) == ["continue", "stop", "undecided"]
    membership = deciding.memberships.get(user=member)
    assert {links.open_view_token(token) for token, _choice in found} == {membership.pk}
    html = message.alternatives[0][0]
    assert sorted(choice for _token, choice in VIEW_LINK.findall(html)) == ["continue", "stop", "undecided"]
    assert "[secret-link:" not in message.body + html
    assert f"http://testserver/lifecycle/view/{found[0][0]}/{found[0][1]}/" in message.body


def test_a_view_link_from_the_mail_opens_a_confirm_page_and_changes_nothing(decision_mail, client, member, mailoutbox):
    outbox.deliver(decision_mail.pk)
    paths = [match.group(0) for match in VIEW_LINK.finditer(mailoutbox[0].body)]
    assert len(paths) == 3
    before = list(View.objects.values_list("pk", "choice", "comment", "answered_at"))
    for path in paths:
        for method in ("get", "head"):
            response = getattr(client, method)(path)
            assert response.status_code == 200, (path, response.status_code)
    assert list(View.objects.values_list("pk", "choice", "comment", "answered_at")) == before
