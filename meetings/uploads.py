"""Checking uploaded files by their content, not by their name.

Only the types members need for session notes are accepted (PDF, Office and OpenDocument text, plain
text, PNG, JPEG). PDF, PNG and JPEG are recognised by their signature (puremagic's table); Office and
OpenDocument files are ZIP archives, recognised by the table of contents (the central directory) that
Office itself reads. The name's extension must agree with the type. Plain text that looks like HTML or
SVG is refused: a browser could run a script in it.

An archive is never expanded: a 1 MB ZIP can hold an entry of 1 GB (or, with bzip2, far more). Only the
table of contents is read, bounded in size and number of entries, and checked before anything is
accepted: declared sizes per entry and together, their ratio to the archive's size, stored or deflate
compression only, no encryption, entries that lie inside the archive without overlapping, and local
headers that agree with the table. Of the contents only the `mimetype` entry of an OpenDocument file is
read, at most a few hundred bytes of it. Anything that fails is "not a DOCX/ODT/... file".
"""

import os
import re
import struct
import zipfile
import zlib

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import NoteFile

EXTENSIONS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
# Recognised by puremagic's signatures, in this order of preference.
SIGNATURE_TYPES = [EXTENSIONS["pdf"], EXTENSIONS["png"], EXTENSIONS["jpg"]]
# The part of an Office Open XML package that says what kind it is.
OOXML_MAIN_PARTS = {
    "word/document.xml": EXTENSIONS["docx"],
    "xl/workbook.xml": EXTENSIONS["xlsx"],
    "ppt/presentation.xml": EXTENSIONS["pptx"],
}
MARKUP = re.compile(rb"<\s*(script|html|svg|!doctype|iframe|object|body)\b", re.IGNORECASE)
HEAD_SIZE = 4096

# Bounds for archives. A real 20 MB Office file has a few hundred entries and expands to at most some
# hundreds of MB (spreadsheet XML compresses about 10 to 20 times); a ZIP bomb expands a thousand times.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_DIRECTORY_SIZE = 1024 * 1024  # the table of contents; about 100 bytes an entry
ZIP_MAX_ENTRY_SIZE = 256 * 1024 * 1024
ZIP_MAX_TOTAL_SIZE = 512 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 10 * 1024 * 1024  # a small archive cannot hurt anyone, whatever its ratio
MIMETYPE_MAX_SIZE = 256
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

# End of central directory record (APPNOTE 4.3.16) and the locator that announces a ZIP64 one.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
LOCAL_HEADER_SIZE = 30
# What reading a broken or hostile archive can raise; none of it may become a 500.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
)


class UnsafeArchive(Exception):
    """The archive is broken, lies about itself, or would expand beyond the bounds."""


def clean_name(name):
    """The last part of the name only, without path parts or control characters, at most 150 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    return (stem[: 150 - len(extension) - 1] + dot + extension) if dot else name[:150]


def _directory_bounds(file, size):
    """(entries, directory offset) from the end record, before zipfile reads the directory.

    zipfile reads the whole directory at once and makes an object per entry; bounding both here keeps a
    20 MB directory of tiny entries from costing hundreds of MB. The record is found as zipfile finds it.
    """
    # zipfile looks for the record in the last 64 KB (the longest comment); read 20 bytes more for the locator.
    search_size = min(size, END_RECORD.size + 0xFFFF)
    tail_size = min(size, search_size + ZIP64_LOCATOR.size)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    if tail[-END_RECORD.size :].startswith(END_SIGNATURE) and tail[-2:] == b"\x00\x00":
        at = len(tail) - END_RECORD.size
    else:
        at = tail.rfind(END_SIGNATURE, len(tail) - search_size)
        if at < 0 or at + END_RECORD.size > len(tail):
            raise UnsafeArchive("no end record")
    _, disk, directory_disk, disk_entries, entries, directory_size, directory_offset, _ = END_RECORD.unpack_from(
        tail, at
    )
    if at >= ZIP64_LOCATOR.size and tail[at - ZIP64_LOCATOR.size :].startswith(ZIP64_LOCATOR_SIGNATURE):
        raise UnsafeArchive("ZIP64, which no 20 MB document needs and whose record may differ from this one")
    if disk or directory_disk or disk_entries != entries:
        raise UnsafeArchive("spans disks")
    if entries > ZIP_MAX_ENTRIES or directory_size > ZIP_MAX_DIRECTORY_SIZE:
        raise UnsafeArchive("too many entries")
    if directory_offset + directory_size != size - tail_size + at:
        raise UnsafeArchive("the directory is not where the end record says")
    return entries, directory_offset


def _raw_name_size(info):
    return len(info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"))


def _check_entries(archive, entries, directory_offset, size):
    infos = archive.infolist()
    if len(infos) != entries or archive.start_dir != directory_offset:
        raise UnsafeArchive("the directory and its end record disagree")
    if len({info.filename for info in infos}) != len(infos):
        raise UnsafeArchive("two entries of one name")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeArchive("encrypted")
        if info.compress_type not in ZIP_METHODS:
            raise UnsafeArchive("compression method other than stored or deflate")
        if info.file_size > ZIP_MAX_ENTRY_SIZE:
            raise UnsafeArchive("an entry too large")
        total += info.file_size
    if total > ZIP_MAX_TOTAL_SIZE or (total > ZIP_RATIO_FROM and total > ZIP_MAX_RATIO * size):
        raise UnsafeArchive("expands too far")
    # Each entry's data lies between its own local header and the next one; overlapping entries are how
    # a small archive repeats one compressed stream many times.
    ends = sorted(infos, key=lambda info: info.header_offset)
    for info, following in zip(ends, [*ends[1:], None], strict=True):
        limit = following.header_offset if following else directory_offset
        if info.header_offset + LOCAL_HEADER_SIZE + _raw_name_size(info) + info.compress_size > limit:
            raise UnsafeArchive("entries overlap or run past the directory")
    for info in infos:
        # Opening reads only the local header: zipfile checks its signature and that the name agrees.
        archive.open(info).close()


def _mimetype(archive):
    """The first bytes of the `mimetype` entry (at most MIMETYPE_MAX_SIZE), or None when there is none."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return None
    if info.file_size > MIMETYPE_MAX_SIZE:
        return None
    with archive.open(info) as entry:
        # zipfile decompresses 4 KB at a time until it has what was asked for, never past the declared
        # size; reaching the end checks the CRC.
        return entry.read(MIMETYPE_MAX_SIZE + 1)


def _archive_type(file, size):
    """The Office or OpenDocument type of a ZIP, or None when it is none of them or is unsafe or broken."""
    try:
        entries, directory_offset = _directory_bounds(file, size)
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            _check_entries(archive, entries, directory_offset, size)
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for part, content_type in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return content_type
            mimetype = _mimetype(archive)
            if mimetype is not None and mimetype.strip() == EXTENSIONS["odt"].encode():
                return EXTENSIONS["odt"]
    except (UnsafeArchive, *ZIP_ERRORS):
        return None
    finally:
        file.seek(0)
    return None


def _signature_type(head):
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    # Only signatures at the very start count (not a footer that happens to end the first bytes).
    found = {match.mime_type for match in matches if match.offset == 0}
    return next((content_type for content_type in SIGNATURE_TYPES if content_type in found), None)


def _is_text(head):
    if b"\x00" in head or MARKUP.search(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A cut in the middle of a character at the last byte read is fine; anything else is not text.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def detect_type(upload):
    """The content type that the file's bytes show, or None when it is none of the accepted ones.

    Works on the uploaded file as it is (in memory or a temporary file); never reads all of it.
    """
    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    upload.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _archive_type(upload.file, upload.size)
    return _signature_type(head) or (EXTENSIONS["txt"] if _is_text(head) else None)


def check_upload(upload):
    """(clean name, content type) of an acceptable upload; ValidationError with a clear message otherwise."""
    name = clean_name(upload.name or "")
    if upload.size > NoteFile.MAX_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)d MB; files can be at most 20 MB.")
            % {"name": name, "size": -(-upload.size // (1024 * 1024))}
        )
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("%(name)s cannot be added: accepted are PDF, DOCX, XLSX, PPTX, ODT, TXT, PNG and JPG.") % {"name": name}
        )
    detected = detect_type(upload)
    if detected != EXTENSIONS[extension]:
        raise ValidationError(
            _("The content of %(name)s is not a %(extension)s file. Save it in that format and try again.")
            % {"name": name, "extension": extension.upper()}
        )
    return name, detected
