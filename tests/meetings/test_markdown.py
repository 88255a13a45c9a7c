"""Markdown that members write: rendered once when saved, in time that grows with the length of the text
(no input stalls a worker or overflows the stack), capped in length with a Dutch message, shown as HTML
whose headings fit the page, and as plain text in mails and calendar files."""

import re
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings import services
from meetings.markdown import markdown_to_text, render_markdown
from meetings.models import Meeting, Note, NoteRevision
from networks.models import JoinRequest, Network
from tests.factories import MeetingFactory
from tests.helpers import body_text, meeting_form

# Inputs that stalled or crashed the Markdown package: time growing with the square of the length,
# or a RecursionError (a 500 on every page that showed the note). Each fits the 100,000-character cap.
ATTACKS = {
    "list nested 300 deep": "".join("\t" * depth + "- x\n" for depth in range(300)),
    "20 KB of [": "[" * 20_000,
    "100,000 times >": ">" * 100_000,
    "quotes nested 30,000 deep": "> " * 30_000 + "x",
    "20 KB of backticks": "`" * 20_000,
    "backtick runs of every length": "".join("`" * length + " a " for length in range(1, 400)),
    "20 KB of *": "*" * 20_000,
    "emphasis opened 30,000 times": "*a " * 30_000,
    "links opened 10,000 times": "[](" * 10_000,
    "raw HTML nested 20,000 deep": "<div>" * 20_000,
}


@pytest.fixture
def meeting(network):
    """Two days ago, its attendance not recorded yet: notes can be written."""
    return MeetingFactory(network=network, ended=True, title="Intervisie", place="Zwolle")


def write(client, meeting, body, title="Verslag"):
    return client.post(f"/meetings/{meeting.pk}/notes/new/", {"title": title, "body": body})


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_no_skipped_level(html):
    levels = headings(html)
    assert levels[0] == 1, levels
    for before, after in pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.parametrize("body", ATTACKS.values(), ids=ATTACKS.keys())
def test_attack_input_is_saved_and_every_page_of_the_note_answers(login, meeting, member, body):
    client = login(member)
    response = write(client, meeting, body)
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.body == body.strip()  # kept as written (the form strips the ends), whatever the page shows
    assert client.get(f"/notes/{note.pk}/").status_code == 200
    assert client.get(f"/notes/{note.pk}/history/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get("/search/", {"q": "x"}).status_code == 200


def test_a_list_nested_300_deep_renders_without_recursing_300_deep():
    html = render_markdown(ATTACKS["list nested 300 deep"])
    assert 1 <= html.count("<ul>") <= 20  # nesting stops at the limit instead of following the text down
    assert markdown_to_text(ATTACKS["list nested 300 deep"]).startswith("- x")


def test_the_note_page_shows_the_html_stored_when_the_note_was_saved(login, meeting, member):
    write(login(member), meeting, "**Belangrijk**")
    note = Note.objects.get()
    assert note.body_html == "<p><strong>Belangrijk</strong></p>\n"
    assert NoteRevision.objects.get().body_html == note.body_html
    Note.objects.filter(pk=note.pk).update(body_html="<p>zoals opgeslagen</p>")
    NoteRevision.objects.update(body_html="<p>versie zoals opgeslagen</p>")
    assert "<p>zoals opgeslagen</p>" in login(member).get(f"/notes/{note.pk}/").text
    assert "<p>versie zoals opgeslagen</p>" in login(member).get(f"/notes/{note.pk}/history/").text


def test_editing_renders_the_new_text_and_keeps_the_old_one_in_the_history(login, meeting, member):
    write(login(member), meeting, "*eerst*")
    note = Note.objects.get()
    login(member).post(f"/notes/{note.pk}/edit/", {"title": "Verslag", "body": "**daarna**"})
    note.refresh_from_db()
    assert note.body_html == "<p><strong>daarna</strong></p>\n"
    history = login(member).get(f"/notes/{note.pk}/history/").text
    assert "<em>eerst</em>" in history and "<strong>daarna</strong>" in history


def test_note_headings_follow_the_page_outline_without_skipping_a_level(login, meeting, member):
    body = "# Casus\n\nTekst.\n\n### Vragen\n\n- Wat deed je?\n\n## Afspraken\n\n#### Wie\n\n# Tot slot"
    write(login(member), meeting, body)
    note = Note.objects.get()
    page = login(member).get(f"/notes/{note.pk}/").text
    assert_no_skipped_level(page)
    text = page.split('<div class="note-body">')[1].split("</div>")[0]
    assert headings(text) == [3, 4, 4, 5, 3]  # # -> h3; ### under it -> h4; ## a sibling of ### -> h4
    assert_no_skipped_level(login(member).get(f"/notes/{note.pk}/history/").text)


def test_agenda_and_homework_render_as_markdown_under_their_headings(login, network, coordinator):
    agenda = "# Programma\n\n1. **Opening**\n2. [Casus](https://example.nl/casus)\n\n### Daarna\n\n<script>x()</script>"
    login(coordinator).post(
        f"/networks/{network.slug}/meetings/new/", meeting_form(agenda=agenda, homework="Lees *hoofdstuk 3*")
    )
    meeting = Meeting.objects.get()
    page = login(coordinator).get(f"/meetings/{meeting.pk}/").text
    assert "<li><strong>Opening</strong></li>" in page
    assert '<a href="https://example.nl/casus" rel="noopener noreferrer nofollow">Casus</a>' in page
    assert "<em>hoofdstuk 3</em>" in page
    assert "<script>x()" not in page and "**" not in page
    assert_no_skipped_level(page)


@pytest.mark.smtp
def test_agenda_and_homework_are_plain_text_in_the_mail_and_the_calendar_file(
    login, network, coordinator, member, mail_sink, send_queued_mail
):
    agenda = "## Programma\n\n1. **Opening**\n2. [Casus](https://example.nl/casus)\n\n> *Neem* je `casus` mee"
    login(coordinator).post(
        f"/networks/{network.slug}/meetings/new/", meeting_form(agenda=agenda, homework="Lees **hoofdstuk 3**")
    )
    meeting = Meeting.objects.get()
    expected_agenda = "Programma\n\n1. Opening\n2. Casus (https://example.nl/casus)\n\n> Neem je casus mee"
    assert meeting.agenda_text == expected_agenda
    send_queued_mail()
    message = next(m for m in mail_sink.messages() if member.email in m["To"])
    text = body_text(message)
    assert expected_agenda in text
    assert "Lees hoofdstuk 3" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    calendar = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    download = login(member).get(f"/meetings/{meeting.pk}/calendar.ics").content.decode()
    calendars = [calendar.get_content().replace("\r\n ", ""), download.replace("\r\n ", "")]  # unfolded
    for sent in (text, html, *calendars):
        assert "**" not in sent and "[Casus]" not in sent and "## " not in sent
    assert "Opening" in download


def test_a_note_over_100_000_characters_gets_a_dutch_message_and_nothing_is_saved(login, meeting, member):
    response = write(login(member), meeting, "a" * 100_001)
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "Deze tekst is te lang: hij telt 100.001 tekens en er passen er hoogstens 100.000 in. Maak hem korter."
    ]
    assert not Note.objects.exists()
    assert "a" * 100_001 in response.text  # shown again to shorten, not lost
    assert write(login(member), meeting, "a" * 100_000).status_code == 302


def test_the_form_states_the_cap_and_leaves_a_pasted_text_uncut(login, meeting, member):
    page = login(member).get(f"/meetings/{meeting.pk}/notes/new/").text
    assert "Hoogstens 100.000 tekens." in page
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page).group(0)
    assert "maxlength" not in textarea  # a browser would cut a longer paste short without a word


def test_the_service_refuses_an_overlong_note_and_so_does_the_database(meeting, member):
    with pytest.raises(ValidationError):
        services.write_note(meeting=meeting, author=member, title="Lang", body="a" * 100_001, is_confidential=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(meeting=meeting, author=member, title="Lang", body="a" * 100_001)
    assert not Note.objects.exists()


@pytest.mark.parametrize("field", ["agenda", "homework"])
def test_agenda_or_homework_over_20_000_characters_gets_a_message_and_no_meeting(login, network, coordinator, field):
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", meeting_form(**{field: "a" * 20_001}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Deze tekst is te lang: hij telt 20.001 tekens en er passen er hoogstens 20.000 in. Maak hem korter."
    ]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("learning_question", 1_000), ("description", 5_000), ("working_agreements", 5_000), ("roadmap_goal", 5_000)],
)
def test_network_texts_are_capped_with_a_message(login, coordinator, network, field, limit):
    before = Network.objects.values().get(pk=network.pk)
    form = {
        "name": network.name,
        "region": network.region_id,
        "theme": network.theme_id,
        "kind": "regional",
        "learning_question": "Hoe?",
        "ambition": "school",
        "cadence": "weeks_6_8",
        field: "a" * (limit + 1),
    }
    response = login(coordinator).post(f"/networks/{network.slug}/edit/", form)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith("Deze tekst is te lang")
    assert Network.objects.values().get(pk=network.pk) == before


def test_a_motivation_to_join_is_capped_with_a_message(login, outsider, network):
    response = login(outsider).post(f"/networks/{network.slug}/join/", {"motivation": "a" * 2_001})
    assert response.status_code == 200
    assert response.context["form"].errors["motivation"][0].startswith("Deze tekst is te lang")
    assert not JoinRequest.objects.exists()


def test_invitation_addresses_are_capped_with_a_message(login, coordinator, network):
    addresses = ", ".join(f"collega{n}@school.nl" for n in range(1_000))  # over 20,000 characters
    response = login(coordinator).post(f"/networks/{network.slug}/invite/", {"addresses": addresses, "role": "member"})
    assert response.status_code == 400
    assert "Deze tekst is te lang" in response.text
    assert not network.invitations.exists()
