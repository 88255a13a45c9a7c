"""Headers on every page: a Content-Security-Policy that allows no inline script or style and nothing
from other origins, and no caching of what a logged-in person sees or downloads."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings.models import Note, NoteFile
from tests.factories import MeetingFactory, MembershipFactory

NO_STORE = "private, no-store"


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


class InlineCode(HTMLParser):
    """Collects what a strict policy blocks: scripts without src, <style>, style="" and on*="" attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append("<style>")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.found.append(self.get_starttag_text())


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def meeting(network):
    """Two days ago, its attendance not recorded yet: notes can be written."""
    return MeetingFactory(network=network, ended=True, title="Intervisie", place="Zwolle")


@pytest.fixture
def note(login, meeting, member):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    login(member).post(
        f"/meetings/{meeting.pk}/notes/new/",
        {
            "title": "Verslag",
            "body": "We bespraken **ontwikkelgesprekken**.",
            "upload": SimpleUploadedFile("verslag.pdf", pdf, "application/pdf"),
        },
    )
    return Note.objects.get()


def test_policy_allows_our_own_origin_only_and_no_inline_code(client, db):
    directives = policy(client.get("/account/login/"))
    assert directives["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):  # they fall back to default-src
        assert name not in directives
    assert directives["img-src"] == ["'self'", "data:"]  # Bootstrap's form controls are data: SVGs
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_anonymous_pages_and_error_pages_carry_the_policy(client, db):
    for path, status in [("/account/login/", 200), ("/networks/", 200), ("/bestaat-niet/", 404)]:
        response = client.get(path)
        assert response.status_code == status
        assert "default-src 'self'" in response["Content-Security-Policy"], path
    # The public directory is the same for every visitor: it may be cached.
    assert "Cache-Control" not in client.get("/networks/")


def test_pages_for_logged_in_people_are_not_stored(login, member, network):
    client = login(member)
    for path in ["/", f"/networks/{network.slug}/", "/account/profile/", "/networks/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == NO_STORE, path
        assert "default-src 'self'" in response["Content-Security-Policy"], path


def test_a_downloaded_file_is_not_stored_and_keeps_its_own_stricter_policy(login, member, note):
    download = login(member).get(f"/notes/files/{NoteFile.objects.get().pk}/")
    assert download.status_code == 200
    assert download["Cache-Control"] == NO_STORE
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_calendar_feed_keeps_its_own_cache_time(db, member):
    response = Client().get(f"/calendar/{member.calendar_token}.ics")
    assert response["Cache-Control"] == "private, max-age=900"


def test_no_page_has_inline_script_or_style(login, network, coordinator, member, staff, admin, meeting, note):
    MembershipFactory(network=network)  # someone from a school, so the members page lists schools
    pages = {
        None: [
            "/account/login/",
            "/account/password-reset/",
            "/account/password-reset/sent/",
            "/networks/",
            f"/regions/{network.region.slug}/",
            "/bestaat-niet/",
        ],
        member: [
            "/",
            f"/networks/{network.slug}/",
            f"/meetings/{meeting.pk}/",
            f"/notes/{note.pk}/",
            f"/notes/{note.pk}/edit/",
            f"/notes/{note.pk}/history/",
            f"/meetings/{meeting.pk}/notes/new/",
            "/search/?q=ontwikkelgesprek",
            "/account/profile/",
            "/account/password/",
        ],
        coordinator: [
            f"/networks/{network.slug}/members/",
            f"/networks/{network.slug}/edit/",
            f"/networks/{network.slug}/meetings/new/",
            f"/meetings/{meeting.pk}/edit/",
            f"/meetings/{meeting.pk}/attendance/",
        ],
        staff: ["/networks/new/"],
        admin: [
            "/admin/",
            "/admin/networks/network/",
            f"/admin/networks/network/{network.pk}/change/",
            "/admin/networks/school/import/",
            "/admin/members/user/",
        ],
    }
    for user, paths in pages.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 404), f"{path}: {response.status_code}"
            assert inline_code(response) == [], path
