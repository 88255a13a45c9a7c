"""What independent validators flag, checked without a browser: headings that skip a level on the
pages of networks and members, and the HTML part of meeting mails (its <title>, its links)."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.utils import timezone

from meetings import services as meeting_services
from networks.models import Invitation, Membership
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.helpers import body_text


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def skipped_levels(html):
    """Pairs (before, after) where a heading goes down more than one level, as the W3C checker and
    axe's heading-order rule report them; the page's first heading must be the h1."""
    parser = Headings()
    parser.feed(html)
    levels = parser.levels
    problems = [(0, levels[0])] if levels and levels[0] != 1 else []
    return problems + [(a, b) for a, b in pairwise(levels) if b > a + 1]


@pytest.fixture
def full_network(network, coordinator, facilitator, member):
    """A network with something in every part of its pages: schools, meetings past and ahead,
    a pending invitation, a former member, and a second network in the directory."""
    NetworkFactory(region=network.region)
    MembershipFactory(network=network)
    Invitation.objects.create(network=network, email="nieuw@school.example.nl", invited_by=coordinator)
    meeting_services.end_membership(membership=MembershipFactory(network=network))
    now = timezone.now()
    held = MeetingFactory(network=network, title="Terug", place="Zwolle", starts_at=now - timedelta(days=9))
    meeting_services.record_attendance(
        meeting=held,
        recorded_by=facilitator,
        present_membership_ids=[Membership.objects.get(user=member).pk],
    )
    ahead = meeting_services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Vooruit",
        place="Zwolle",
        starts_at=now + timedelta(days=9),
        ends_at=now + timedelta(days=9, hours=2),
    )
    return {"network": network, "held": held, "ahead": ahead}


def pages(network, held, ahead, member):
    membership = Membership.objects.get(user=member)
    invitation = Invitation.objects.get(email="nieuw@school.example.nl")
    return [
        ("coordinator", "/"),
        ("coordinator", "/networks/"),
        ("coordinator", "/regions/noordwest/"),
        ("coordinator", f"/networks/{network.slug}/"),
        ("coordinator", f"/networks/{network.slug}/members/"),
        ("coordinator", f"/networks/{network.slug}/edit/"),
        ("coordinator", f"/networks/{network.slug}/members/{membership.pk}/remove/"),
        ("coordinator", f"/networks/{network.slug}/invitations/{invitation.pk}/revoke/"),
        ("coordinator", f"/meetings/{held.pk}/"),
        ("member", f"/meetings/{ahead.pk}/"),
        ("member", "/account/profile/"),
        ("member", "/account/password/"),
        ("regional_coordinator", "/networks/new/"),
        ("outsider", f"/networks/{network.slug}/"),
        ("outsider", f"/networks/{network.slug}/join/"),
        ("anonymous", "/networks/"),
        ("anonymous", "/account/login/"),
        ("anonymous", "/account/password-reset/"),
    ]


def test_no_page_of_networks_and_members_skips_a_heading_level(request, full_network, member, login, client):
    for persona, path in pages(full_network["network"], full_network["held"], full_network["ahead"], member):
        browser = client if persona == "anonymous" else login(request.getfixturevalue(persona))
        response = browser.get(path)
        assert response.status_code == 200, (persona, path)
        assert skipped_levels(response.text) == [], (persona, path)


def test_directory_cards_are_headings_right_under_the_page_title(client, full_network):
    levels = re.findall(r"<h([1-6])", client.get("/networks/").text)
    assert levels[:3] == ["1", "2", "2"]


# --- Mails ----------------------------------------------------------------------------------------


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.mark.smtp
def test_meeting_mails_have_a_title_and_link_to_the_meeting(network, coordinator, member, mail_sink, send_queued_mail):
    starts = timezone.now() + timedelta(days=14)
    meeting = meeting_services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Intervisie",
        place="Zwolle",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    meeting_services.update_meeting(meeting=meeting, place="Alkmaar")
    meeting_services.cancel_meeting(meeting=meeting, reason="Te weinig aanmeldingen")
    send_queued_mail()
    mails = [m for m in mail_sink.wait_for(6) if m["To"] == member.email]
    assert len(mails) == 3
    meeting_url = f"http://testserver/meetings/{meeting.pk}/"
    for message in mails:
        title = re.search(r"<title>(.*?)</title>", html_part(message), re.DOTALL).group(1)
        assert " ".join(title.split()) == message["Subject"]
        assert f'href="{meeting_url}"' in html_part(message), message["Subject"]
        assert meeting_url in body_text(message), message["Subject"]
