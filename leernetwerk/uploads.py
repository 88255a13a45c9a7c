"""An upload handler that never stores more of a file than any form accepts.

Django's own handlers write every file to a temporary file, whatever its size, and only then does a form see that
it is too large: a 200 MB body costs 200 MB of disk and the time to write it. No form here takes a file larger than
settings.UPLOAD_MAX_FILE_SIZE, so this handler (installed in settings.FILE_UPLOAD_HANDLERS, after Django's
in-memory handler for small bodies):

- stops storing a file once it passes the limit and removes what it wrote; the rest of it is read and dropped;
- does not read a body larger than settings.UPLOAD_MAX_BODY_SIZE past its first file, so that the worker is free
  at once (the proxy in front should have refused such a body already, see the README).

Either way the form gets an `OversizeUpload` in place of the file: it has the name and the size but no content,
so the form's own size check refuses it with its usual message and the person keeps what they typed.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload, TemporaryFileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http.multipartparser import MultiPartParser


class OversizeUpload(UploadedFile):
    """Stands in for a file too large to keep: its name and (at least) its size, no content."""

    def __init__(self, name, size, content_type=""):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class _StopAtFirstFile(FileUploadHandler):
    """Reads the fields before the first file and stops the upload there."""

    field_name = file_name = None

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.field_name, self.file_name = field_name, file_name
        # connection_reset: the parser must not read (exhaust) the rest of the body either.
        raise StopUpload(connection_reset=True)


class SizeLimitUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler that keeps at most UPLOAD_MAX_FILE_SIZE bytes of each file."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length <= settings.UPLOAD_MAX_BODY_SIZE:
            return None  # parse as usual
        # Too large to read: keep the fields that come before the file (the CSRF token, the title and text a
        # person typed; browsers send fields in the order of the form) and refuse the file unread. The fields
        # are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; the stream is bounded too, so that parts the parser
        # skips (a file input left empty, a part without a name) cannot make it read the whole body.
        stopper = _StopAtFirstFile(self.request)
        limited = LimitedStream(input_data, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + stopper.chunk_size)
        post, files = MultiPartParser(META, limited, [stopper], encoding).parse()
        if stopper.field_name is not None:
            files.appendlist(stopper.field_name, OversizeUpload(stopper.file_name, content_length))
        return post, files

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) <= settings.UPLOAD_MAX_FILE_SIZE:
            return super().receive_data_chunk(raw_data, start)
        if not self.too_large:
            self.too_large = True
            self.file.close()  # a temporary file removes itself when closed
        return None

    def file_complete(self, file_size):
        if self.too_large:
            return OversizeUpload(self.file_name, file_size, self.content_type)
        return super().file_complete(file_size)
