"""The outbox writes a short plain header as it is, and every header exactly as the email package's Compat32
policy (Django's) would write it (mail/outbox.py, _ShortHeadersCompat32)."""

import random
import string
from email.policy import compat32

import pytest

from mail.outbox import _SHORT_HEADERS_COMPAT32 as OURS

NAMES = ["Subject", "To", "From", "Content-Type", "List-Unsubscribe", "X-A"]
# Short and plain ASCII (also with spaces at the ends or doubled, or what looks like an encoded word) is written
# as it is; long, not ASCII, tabs and line breaks take the long way.
EDGES = [
    'text/plain; charset="utf-8"',
    "auto-generated",
    "Herinnering: Strategisch HRM, dinsdag 8 december om 15:30",
    "Herinnering: Strategisch HRM Noordwest, dinsdag 8 december 2026 om 15:30 uur in Zwolle",
    "Leernetwerk: één bijeenkomst",
    "=?utf-8?q?x?=",
    "x=?utf-8?b?QQ==?=",
    "a  b",
    " a",
    "a ",
    "",
    "a\tb",
    "a\r\nb",
    "a\nb",
    "<https://leernetwerk.example.nl/mail/unsubscribe/" + "x" * 80 + "/>",
]


def reference(policy):
    return compat32.clone(linesep=policy.linesep)


def written(fold, name, value):
    try:
        return fold(name, value)
    except Exception as exc:  # the same refusal, if any
        return type(exc)


@pytest.mark.parametrize("policy", [OURS, OURS.clone(linesep="\r\n"), OURS.clone(linesep="\n")])
def test_every_header_is_written_as_compat32_writes_it(policy):
    chance = random.Random(20261130)
    alphabet = string.ascii_letters + string.digits + " ;=<>@:,\\\"'()\t-_./?é"
    values = EDGES + ["".join(chance.choice(alphabet) for _ in range(chance.randint(0, 90))) for _ in range(3000)]
    as_is = 0
    for value in values:
        for name in NAMES:
            assert written(policy.fold_binary, name, value) == written(reference(policy).fold_binary, name, value)
            assert written(policy.fold, name, value) == written(reference(policy).fold, name, value)
            as_is += policy._written_as_is(name, value)
    assert as_is > 1000  # the short way was taken, not only the long one


def test_a_mail_comes_out_as_django_writes_it():
    from django.core.mail import EmailMultiAlternatives

    from mail.outbox import _OutboxMessage

    fields = {
        "subject": "Herinnering: Strategisch HRM Noordwest, dinsdag 8 december 2026 om 15:30 uur, één plek",
        "body": "Tekst",
        "from_email": "Leernetwerken <noreply@leernetwerk.example.nl>",
        "to": ["marieke@school.example.nl"],
        "headers": {
            "Date": "Mon, 30 Nov 2026 12:00:00 +0100",  # not the moment each is made
            "Message-ID": "<outbox-1.2@leernetwerk.example.nl>",
            "List-Unsubscribe": "<" + "x" * 120 + ">",
        },
    }
    ours, django_s = _OutboxMessage(**fields), EmailMultiAlternatives(**fields)
    whole = []
    for message in (ours, django_s):
        message.attach_alternative("<p>Tekst</p>", "text/html")
        mime = message.message()
        whole.append(mime.as_bytes(linesep="\r\n").replace(mime.get_boundary().encode(), b"BOUNDARY"))
    assert whole[0] == whole[1]  # the outbox draws its own boundary, otherwise every byte the same
