"""Peak memory of checking a ZIP bomb uploaded as .odt (issue 11, point 2). Prints; asserts nothing.

    .venv/bin/python bench/upload_memory.py                 # meetings/uploads.py as it is
    git show REV:meetings/uploads.py > /tmp/old_uploads.py
    .venv/bin/python bench/upload_memory.py /tmp/old_uploads.py   # another version, for comparison

The bomb is a 1 MB archive whose `mimetype` entry expands to 1 GiB of zeros. Each check runs in a
fresh process, so that the peak resident size (maxrss) is that of one check.
"""

import importlib.util
import os
import resource
import struct
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIB = 1 << 30
CRC_OF_GIB_ZEROS = 0x5B64C2B0  # zlib.crc32(bytes(GIB))


def bomb():
    """mimetype: 1 GiB of zeros, deflated to about 1 MB (a full flush makes every MiB compress alike)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = piece * (GIB >> 20) + compressor.flush()
    name = b"mimetype"
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, CRC_OF_GIB_ZEROS, len(data), GIB, len(name), 0)
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0x21,
        CRC_OF_GIB_ZEROS,
        len(data),
        GIB,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name + data
    directory = central + name
    return body + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)


def check(module_path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    spec = importlib.util.spec_from_file_location("meetings.uploads_under_test", module_path)
    uploads = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(uploads)
    upload = SimpleUploadedFile("verslag.odt", bomb())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    result = uploads.detect_type(upload)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{module_path}")
    print(f"  archive {upload.size / 1e6:.2f} MB; detected type: {result}; {seconds:.2f} s")
    print(f"  peak traced allocations during the check: {peak / 2**20:.1f} MiB")
    print(f"  maxrss before the check {before / 1024:.0f} MiB, after {after / 1024:.0f} MiB")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--in-process":
        check(sys.argv[2])
    else:
        for path in sys.argv[1:] or [str(ROOT / "meetings" / "uploads.py")]:
            subprocess.run([sys.executable, __file__, "--in-process", path], check=True)
