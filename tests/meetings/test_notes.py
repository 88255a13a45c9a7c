"""Session notes: Markdown made safe, files checked by content and served only to those who may read
the note, confidential notes for members only, history kept, and Dutch search within one's networks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import Note, NoteFile, NoteRevision
from tests.factories import MeetingFactory, NoteFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def meeting(network):
    """Two days ago, its attendance not recorded yet: notes can be written."""
    return MeetingFactory(network=network, ended=True, title="Intervisie", place="Zwolle")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def write(client, meeting, file=None, **fields):
    data = {"title": "Verslag", "body": "We bespraken de ontwikkelgesprekken.", **fields}
    if file is not None:
        data["upload"] = file
    return client.post(f"/meetings/{meeting.pk}/notes/new/", data)


def test_member_writes_notes_with_a_pdf_and_only_members_get_it(login, meeting, member, outsider, staff):
    response = write(login(member), meeting, file=upload("Verslag intervisie.pdf", PDF, "application/pdf"))
    note = Note.objects.get()
    assert response["Location"] == f"/notes/{note.pk}/"
    stored = NoteFile.objects.get()
    assert (stored.name, stored.content_type, stored.size) == ("Verslag intervisie.pdf", "application/pdf", len(PDF))
    assert "Verslag" not in stored.file.name  # stored under a generated name

    download = login(member).get(f"/notes/files/{stored.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF

    assert login(outsider).get(f"/notes/{note.pk}/").status_code == 404
    assert login(outsider).get(f"/notes/files/{stored.pk}/").status_code == 404
    assert login(staff).get(f"/notes/{note.pk}/").status_code == 200  # not confidential


def test_the_meeting_page_lists_each_note_with_its_author_and_number_of_files(login, meeting, member, staff):
    client = login(member)
    write(client, meeting, title="Verslag met bijlagen", file=upload("Deel 1.pdf", PDF, "application/pdf"))
    note = Note.objects.get()
    second_file = upload("Deel 2.pdf", PDF)
    client.post(f"/notes/{note.pk}/edit/", {"title": note.title, "body": note.body, "upload": second_file})
    write(client, meeting, title="Verslag zonder bijlage")
    write(client, meeting, title="Casus van Marieke", is_confidential="on")
    assert NoteFile.objects.filter(note=note).count() == 2

    listing = client.get(f"/meetings/{meeting.pk}/").text.split('id="notes-heading"')[1].split("</section>")[0]
    items = listing.split("<li")[1:]
    assert len(items) == 3
    with_files, without, confidential = (
        next(item for item in items if title in item)
        for title in ("Verslag met bijlagen", "Verslag zonder bijlage", "Casus van Marieke")
    )
    assert "Verslag met bijlagen" in with_files and "2 bestanden" in with_files
    assert member.full_name in with_files
    assert "Verslag zonder bijlage" in without and "bestand" not in without
    assert "Casus van Marieke" in confidential and "vertrouwelijk" in confidential
    # Those who manage the network without taking part see the notes, but not the confidential one.
    managers_listing = login(staff).get(f"/meetings/{meeting.pk}/").text
    assert "Verslag met bijlagen" in managers_listing and "2 bestanden" in managers_listing
    assert "Casus van Marieke" not in managers_listing


def test_markdown_is_rendered_and_scripts_are_removed(login, meeting, member):
    body = "**Belangrijk**\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>"
    write(login(member), meeting, body=body)
    page = login(member).get(f"/notes/{Note.objects.get().pk}/")
    content = page.text.split('<div class="note-body">')[1].split("</div>")[0]
    assert "<strong>Belangrijk</strong>" in content
    assert "<script" not in content and "javascript:" not in content and "onerror" not in content


def test_confidential_notes_stay_inside_the_network(login, meeting, member, facilitator, staff, regional_coordinator):
    write(login(member), meeting, title="Casus van Marieke", is_confidential="on")
    note = Note.objects.get()
    assert login(facilitator).get(f"/notes/{note.pk}/").status_code == 200
    for manager in (staff, regional_coordinator):
        assert login(manager).get(f"/notes/{note.pk}/").status_code == 404
        assert "Casus van Marieke" not in login(manager).get(f"/meetings/{meeting.pk}/").text
    assert "Casus van Marieke" in login(facilitator).get(f"/meetings/{meeting.pk}/").text


def test_editing_keeps_the_history_and_only_the_author_edits(login, meeting, member, facilitator):
    write(login(member), meeting)
    note = Note.objects.get()
    login(member).post(f"/notes/{note.pk}/edit/", {"title": "Verslag", "body": "Nieuwe tekst."})
    assert NoteRevision.objects.filter(note=note).count() == 2
    history = login(facilitator).get(f"/notes/{note.pk}/history/")
    assert "Nieuwe tekst." in history.text and "ontwikkelgesprekken" in history.text

    assert login(facilitator).post(f"/notes/{note.pk}/edit/", {"title": "Gekaapt", "body": ""}).status_code == 403
    note.refresh_from_db()
    assert note.title == "Verslag"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("groot.pdf", PDF + b"0" * (25 * 1024 * 1024)),
        ("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
        ("notities.txt", b"<html><body><script>alert(1)</script></body></html>"),
        ("plaatje.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("verslag.exe", b"MZ\x90\x00"),
        ("verslag.docx", PDF),
    ],
)
def test_a_refused_file_gets_a_message_and_saves_nothing(login, meeting, member, name, content):
    response = write(login(member), meeting, file=upload(name, content))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Note.objects.exists()
    assert not NoteFile.objects.exists()


def test_path_parts_in_a_file_name_are_dropped(login, meeting, member):
    write(login(member), meeting, file=upload("../../etc/passwd.txt", b"gewoon tekst\n", "text/plain"))
    stored = NoteFile.objects.get()
    assert stored.name == "passwd.txt"
    assert ".." not in stored.file.name and "etc" not in stored.file.name


def test_office_files_are_recognised_by_their_contents(login, meeting, member):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    write(login(member), meeting, file=upload("verslag.docx", buffer.getvalue()))
    assert NoteFile.objects.get().content_type.endswith("wordprocessingml.document")


def test_only_members_write_notes(login, meeting, staff):
    assert login(staff).get(f"/meetings/{meeting.pk}/notes/new/").status_code == 403


def test_search_finds_dutch_word_forms_within_own_networks_only(login, meeting, member, outsider):
    services.write_note(
        meeting=meeting,
        author=member,
        title="Verslag",
        body="We bespraken ontwikkelgesprekken met docenten.",
        is_confidential=False,
    )
    NoteFactory(
        meeting__network=outsider.memberships.get().network,
        meeting__title="Elders",
        author=outsider,
        title="Ook ontwikkelgesprek",
        body="Ontwikkelgesprekken elders.",
        is_confidential=True,
    )

    results = login(member).get("/search/", {"q": "ontwikkelgesprek"})
    assert [note.title for note, _snippet in results.context["notes"]] == ["Verslag"]
    assert "<mark>ontwikkelgesprekken</mark>" in results.text
    assert "Ook ontwikkelgesprek" not in results.text
    meetings_found = login(member).get("/search/", {"q": "intervisie"}).context["meetings"]
    assert [m.pk for m, _snippet in meetings_found] == [meeting.pk]


def test_a_note_that_was_confidential_keeps_those_versions_from_non_members(login, meeting, member, staff):
    write(login(member), meeting, title="Casus", body="Wat Marieke vertelde", is_confidential="on")
    note = Note.objects.get()
    login(member).post(f"/notes/{note.pk}/edit/", {"title": "Samenvatting", "body": "Algemene lessen."})
    history = login(staff).get(f"/notes/{note.pk}/history/")
    assert history.status_code == 200
    assert "Algemene lessen." in history.text
    assert "Wat Marieke vertelde" not in history.text
    assert "Wat Marieke vertelde" in login(member).get(f"/notes/{note.pk}/history/").text
