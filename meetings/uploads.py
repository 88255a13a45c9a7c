"""Checking uploaded files by their content, not by their name.

Only the types members need for session notes are accepted (PDF, Office and OpenDocument text, plain
text, PNG, JPEG). The type is read from the first bytes (and, for Office files, from the zip's table
of contents); the name's extension must agree with it. Plain text that looks like HTML or SVG is
refused: a browser could run a script in it.
"""

import io
import os
import re
import zipfile

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
MARKUP = re.compile(rb"<\s*(script|html|svg|!doctype|iframe|object|body)\b", re.IGNORECASE)


def clean_name(name):
    """The last part of the name only, without path parts or control characters, at most 150 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    return (stem[: 150 - len(extension) - 1] + dot + extension) if dot else name[:150]


def _zip_type(head_and_file):
    try:
        with zipfile.ZipFile(head_and_file) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return EXTENSIONS["docx"]
            if "xl/workbook.xml" in names:
                return EXTENSIONS["xlsx"]
            if "ppt/presentation.xml" in names:
                return EXTENSIONS["pptx"]
            if "mimetype" in names and archive.read("mimetype").strip() == EXTENSIONS["odt"].encode():
                return EXTENSIONS["odt"]
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_type(upload):
    """The content type that the file's bytes show, or None when it is none of the accepted ones."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return EXTENSIONS["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return EXTENSIONS["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return EXTENSIONS["jpg"]
    if head.startswith(b"PK\x03\x04"):
        data = io.BytesIO(upload.read())
        upload.seek(0)
        return _zip_type(data)
    if b"\x00" not in head and not MARKUP.search(head):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A cut in the middle of a character at the 4096th byte is fine; anything else is not text.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return EXTENSIONS["txt"]
    return None


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
