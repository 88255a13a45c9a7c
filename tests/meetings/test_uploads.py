"""An upload cannot exhaust a worker's memory or disk (issue 11, point 2).

Archives are judged by their table of contents and never expanded; a ZIP bomb, an encrypted or bzip2
entry, broken data and a table that lies get the usual "not a ... file" message. A body too large is
not stored, nor read past its fields, and the form says the file may be at most 20 MB.
"""

import io
import os
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leernetwerk.uploads import OversizeUpload, SizeLimitUploadHandler
from meetings.models import Note, NoteFile
from tests.factories import MeetingFactory

ODT = "application/vnd.oasis.opendocument.text"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
GIB = 1 << 30
# zlib.crc32(bytes(GIB)), written out because computing it takes a second.
CRC_OF_GIB_ZEROS = 0x5B64C2B0
TOO_LARGE = "bestanden mogen hoogstens 20 MB zijn"
NOT_A = "is geen {}-bestand"


@pytest.fixture
def meeting(network):
    """Two days ago, its attendance not recorded yet: notes can be written."""
    return MeetingFactory(network=network, ended=True, title="Intervisie", place="Zwolle")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write(client, meeting, name, content):
    data = {
        "title": "Verslag",
        "body": "We bespraken de ontwikkelgesprekken.",
        "upload": SimpleUploadedFile(name, content),
    }
    return client.post(f"/meetings/{meeting.pk}/notes/new/", data)


def assert_refused(response, message, media):
    assert response.status_code == 200
    assert message in response.text
    assert not Note.objects.exists()
    assert not NoteFile.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


# --- Archives made byte by byte, to say what zipfile would never write -----------------------------


def raw_zip(*entries):
    """A ZIP of (name, stored bytes, declared size, crc, method, flags) entries; headers agree unless told."""
    body, directory = b"", b""
    for name, data, size, crc, method, flags, local_name in entries:
        header = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size, len(local_name), 0
        )
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            flags,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            len(body),
        )
        directory += name
        body += header + local_name + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + end


def entry(name, data, *, size=None, crc=None, method=zipfile.ZIP_DEFLATED, flags=0, local_name=None, raw=None):
    if raw is None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        raw = compressor.compress(data) + compressor.flush() if method == zipfile.ZIP_DEFLATED else data
    return (
        name.encode(),
        raw,
        len(data) if size is None else size,
        zlib.crc32(data) if crc is None else crc,
        method,
        flags,
        (local_name or name).encode(),
    )


def deflated_zeros(size):
    """A deflate stream of `size` zeros (a multiple of 1 MiB), made in milliseconds.

    A full flush makes each MiB compress to the same bytes, independent of what came before, so one
    compressed MiB repeated is the stream: 1 GiB becomes about 1 MB, as in the attack.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return piece * (size >> 20) + compressor.flush()


def odt(mimetype_entry=None, *others):
    return raw_zip(
        mimetype_entry or entry("mimetype", ODT.encode(), method=zipfile.ZIP_STORED),
        *others,
        entry("content.xml", b"<office:document-content/>"),
    )


def zipfile_bytes(compression=zipfile.ZIP_DEFLATED, **files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def docx(**more):
    return zipfile_bytes(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<document/>", **more})


# --- Valid files are still accepted --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("verslag.odt", odt(), ODT),
        ("verslag.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("verslag.pdf", PDF, "application/pdf"),
        ("bord.png", PNG, "image/png"),
    ],
)
def test_small_valid_files_are_still_accepted(login, meeting, member, name, content, content_type):
    response = write(login(member), meeting, name, content)
    assert response.status_code == 302
    assert NoteFile.objects.get().content_type == content_type


# --- Archives that attack or are broken -----------------------------------------------------------


def test_zip_bomb_uploaded_as_odt_is_refused_without_expanding_it(login, meeting, member, media):
    bomb = odt(entry("mimetype", b"", size=GIB, crc=CRC_OF_GIB_ZEROS, raw=deflated_zeros(GIB)))
    assert len(bomb) < 1_200_000
    client = login(member)
    tracemalloc.start()
    try:
        response = write(client, meeting, "verslag.odt", bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_refused(response, NOT_A.format("ODT"), media)
    # Expanding the entry took 1 GiB (2.1 GB of worker memory); the upload itself is 1 MB.
    assert peak < 32 * 1024 * 1024


def test_zip_bomb_of_many_small_entries_is_refused_by_its_ratio(login, meeting, member, media):
    sheet = entry("word/document.xml", b"", size=12 << 20, crc=0, raw=deflated_zeros(12 << 20))
    bomb = raw_zip(entry("[Content_Types].xml", b"<Types/>"), sheet)
    assert_refused(write(login(member), meeting, "verslag.docx", bomb), NOT_A.format("DOCX"), media)


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("bzip2", zipfile_bytes(zipfile.ZIP_BZIP2, mimetype=ODT)),
        ("lzma", zipfile_bytes(zipfile.ZIP_LZMA, mimetype=ODT)),
        ("encrypted", odt(entry("mimetype", ODT.encode(), method=zipfile.ZIP_STORED, flags=0x1))),
        ("unknown method", odt(entry("mimetype", ODT.encode(), method=99, raw=ODT.encode()))),
        ("corrupt deflate", odt(entry("mimetype", ODT.encode(), raw=b"\xff" * 40))),
        ("wrong crc", odt(entry("mimetype", ODT.encode(), method=zipfile.ZIP_STORED, crc=1))),
        ("truncated", odt()[:-30]),
        ("declares 4 GB", odt(entry("mimetype", ODT.encode(), size=0xFFFFFFF0))),
        ("declares a small size, expands to 1 GiB", odt(entry("mimetype", ODT.encode(), raw=deflated_zeros(GIB)))),
        ("local header names another file", odt(entry("mimetype", ODT.encode(), local_name="mimetypX"))),
        ("two entries of one name", odt(None, entry("mimetype", b"text/plain"))),
        ("too many entries", zipfile_bytes(mimetype=ODT, **{f"p{i}.xml": "" for i in range(2001)})),
    ],
)
def test_unsafe_or_broken_archive_gets_the_usual_message(login, meeting, member, media, case, content):
    assert_refused(write(login(member), meeting, "verslag.odt", content), NOT_A.format("ODT"), media)


def test_directory_that_lies_about_where_it_is_is_refused(login, meeting, member, media):
    content = bytearray(docx())
    content[-6:-2] = struct.pack("<L", 1)  # the end record points the directory elsewhere
    assert_refused(write(login(member), meeting, "verslag.docx", bytes(content)), NOT_A.format("DOCX"), media)


def test_overlapping_entries_are_refused(login, meeting, member, media):
    content = bytearray(docx())
    # Point the second directory entry's data at the first one's: one stream read twice.
    second = content.index(b"PK\x01\x02", content.index(b"PK\x01\x02") + 4)
    content[second + 42 : second + 46] = struct.pack("<L", 0)
    assert_refused(write(login(member), meeting, "verslag.docx", bytes(content)), NOT_A.format("DOCX"), media)


# --- Bodies too large ---------------------------------------------------------------------------


class LazyBody:
    """A multipart body whose file part is zeros made as they are read; counts the bytes read."""

    BOUNDARY = "leernetwerk-boundary"

    def __init__(self, fields, file_name, file_size):
        parts = [
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in fields.items()
        ]
        parts.append(
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="{file_name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        self.head = "".join(parts).encode() + PDF
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.size = len(self.head) + file_size + len(self.tail)
        self.read_so_far = 0

    def _slice(self, start, end):
        end = min(end, self.size)
        zeros_end = self.size - len(self.tail)
        head = self.head[start:end]
        zeros = bytes(max(0, min(end, zeros_end) - max(start, len(self.head))))
        tail = self.tail[max(0, start - zeros_end) : max(0, end - zeros_end)]
        return head + zeros + tail

    def read(self, size=-1):
        size = self.size - self.read_so_far if size is None or size < 0 else size
        data = self._slice(self.read_so_far, self.read_so_far + size)
        self.read_so_far += len(data)
        return data

    def readline(self, size=-1):
        chunk = self._slice(self.read_so_far, self.read_so_far + (size if size and size > 0 else 65536))
        line = chunk[: chunk.find(b"\n") + 1 or len(chunk)]
        self.read_so_far += len(line)
        return line


def post_body(client, url, body):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={LazyBody.BOUNDARY}",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )


def test_a_200_mb_upload_is_not_read_past_its_fields_and_the_form_says_why(login, meeting, member, media):
    body = LazyBody({"title": "Verslag", "body": "Mijn tekst blijft staan."}, "opname.pdf", 200 * 1024 * 1024)
    response = post_body(login(member), f"/meetings/{meeting.pk}/notes/new/", body)
    assert_refused(response, TOO_LARGE, media)
    assert "Mijn tekst blijft staan." in response.text  # what the person typed is kept
    assert body.read_so_far < 1024 * 1024


def test_a_200_mb_upload_to_an_existing_note_is_refused_the_same_way(login, meeting, member, media):
    client = login(member)
    client.post(f"/meetings/{meeting.pk}/notes/new/", {"title": "Verslag", "body": "Eerste versie."})
    note = Note.objects.get()
    body = LazyBody({"title": "Verslag", "body": "Tweede versie."}, "opname.pdf", 200 * 1024 * 1024)
    response = post_body(client, f"/notes/{note.pk}/edit/", body)
    assert response.status_code == 200 and TOO_LARGE in response.text
    assert body.read_so_far < 1024 * 1024
    note.refresh_from_db()
    assert note.body == "Eerste versie."
    assert not NoteFile.objects.exists()


def test_a_file_just_over_20_mb_in_a_small_body_gets_the_message(login, meeting, member, media):
    body = LazyBody({"title": "Verslag", "body": "Tekst."}, "opname.pdf", 20 * 1024 * 1024 + 1)
    response = post_body(login(member), f"/meetings/{meeting.pk}/notes/new/", body)
    assert_refused(response, TOO_LARGE, media)


def test_the_handler_removes_what_it_wrote_once_a_file_passes_20_mb(rf, settings):
    handler = SizeLimitUploadHandler(rf.post("/"))
    handler.new_file("upload", "opname.pdf", "application/pdf", None)
    chunk = bytes(64 * 1024)
    for start in range(0, 21 * 1024 * 1024, len(chunk)):
        handler.receive_data_chunk(chunk, start)
        if start == 0:
            path = handler.file.temporary_file_path()
    result = handler.file_complete(21 * 1024 * 1024)
    assert isinstance(result, OversizeUpload) and result.size == 21 * 1024 * 1024
    assert result.read() == b""
    assert not os.path.exists(path)  # the first 20 MB written are gone
