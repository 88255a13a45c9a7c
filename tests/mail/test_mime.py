"""The outbox writes a mail of the common shape itself (mail/mime.py): every byte as Django's
EmailMultiAlternatives writes it, and anything else is left to Django."""

import itertools
import random
import re

import pytest
from django.core.mail.message import sanitize_address

from mail import mime
from mail.outbox import _WIRE_POLICY, _OutboxMessage

SUBJECTS = [
    "Kom je? Strategisch HRM, di 8 dec 15:30",
    "Herinnering: Strategisch HRM Noordwest, dinsdag 8 december 2026 om 15:30 uur in het Baken, Almere",
    "Één bijeenkomst \u2013 verzet naar 9 december",
    "Lange onderwerpregel met ë: " + "werkdruk en eigenaarschap " * 6,
    "=?utf-8?q?looks_encoded?=",
    "  spaces  at the ends ",
    "",
]
SENDERS = [
    "Leernetwerken <noreply@leernetwerk.example.nl>",
    "noreply@leernetwerk.example.nl",
    "VO-raad Leernetwerken \u2013 Zuid <noreply@leernetwerk.example.nl>",
    '"Leernetwerken, Noord" <noreply@leernetwerk.example.nl>',
]
TEXTS = [
    "Hallo Marieke,\n\nTot dinsdag.\n",
    "Hallo Anaïs,\r\n\r\nDe bijeenkomst \u2013 in Zwolle \u2013 gaat door.\r\n",
    "mac\rline ends\rand a last line without one",
    "é" * 249 + "\n" + "x" * 998 + "\n" + "ë" * 499,  # every line at most 998 bytes
    "From the start of a line\n.a dot at the start\n",
]
HTMLS = ["", "<p>Hallo Marieke,</p>\n<p>Tot dinsdag.</p>\n", "<p>18:00\u201320:00, één plek</p>"]
HEADERS = [
    {"Message-ID": "<outbox-1.2@leernetwerk.example.nl>", "Date": "Mon, 30 Nov 2026 12:00:00 -0000"},
    {
        "Message-ID": "<outbox-12345.1796061436@leernetwerk.example.nl>",
        "Date": "Mon, 30 Nov 2026 12:00:00 -0000",
        "Auto-Submitted": "auto-generated",
        "Content-Language": "nl",
        "List-Unsubscribe": "<https://leernetwerk.example.nl/mail/unsubscribe/WzEsInJlbWluZGVycyJd:1xY5cr:Dold"
        "X13qqCq8kImvpr4BgIIrx4EATO2-TDgQtv-MOnU/>, <mailto:afmelden@leernetwerk.example.nl?subject=unsubscribe%20x>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
]
RECIPIENTS = ["marieke@school.example.nl", "Marieke.de-Vries+lnw@School.Example.NL", "a_b@c-d.e.nl"]


def djangos(subject, from_email, to, headers, text, html):
    message = _OutboxMessage(subject=subject, body=text, from_email=from_email, to=[to], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return message.message().as_bytes(linesep="\r\n")


def ours(subject, from_email, to, headers, text, html):
    return mime.message_bytes(
        policy=_WIRE_POLICY, subject=subject, from_email=from_email, to=to, headers=headers, text=text, html=html
    )


def same_boundary(message):
    return re.sub(rb"=_[0-9a-f]{32}", b"BOUNDARY", message)


def test_a_mail_of_the_common_shape_has_every_byte_of_djangos():
    cases = list(itertools.product(SUBJECTS, SENDERS, RECIPIENTS[:1], HEADERS, TEXTS, HTMLS))
    cases += [(SUBJECTS[0], SENDERS[0], to, HEADERS[1], TEXTS[0], HTMLS[1]) for to in RECIPIENTS]
    for case in cases:
        written = ours(*case)
        assert written is not None, case
        assert same_boundary(written) == same_boundary(djangos(*case)), case
    assert len(cases) > 800


def test_random_text_comes_out_as_django_writes_it():
    chance = random.Random(20261130)
    alphabet = "abcdefghij ,.:;-<>&\"'éëïô\u2013€\t\n\r\U0001f600"
    for _ in range(300):
        text, html, subject = ("".join(chance.choice(alphabet) for _ in range(chance.randint(0, 400))) for _ in "abc")
        subject = " ".join(subject.split())  # the outbox writes a subject on one line
        text = "x" + text  # the outbox always has a text
        case = (subject, SENDERS[0], RECIPIENTS[0], HEADERS[1], text, html)
        assert same_boundary(ours(*case)) == same_boundary(djangos(*case)), case


def test_a_message_without_a_date_gets_the_moment_it_is_written():
    headers = {"Message-ID": "<outbox-1.2@leernetwerk.example.nl>"}
    written = ours(SUBJECTS[0], SENDERS[0], RECIPIENTS[0], headers, TEXTS[0], HTMLS[1]).decode()
    assert re.search(r"\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d -0000\r\n", written)


@pytest.mark.parametrize(
    "change",
    [
        {"text": "x" * 999},  # Django writes a line longer than 998 bytes quoted-printable
        {"html": "<p>" + "é" * 500 + "</p>"},
        {"text": "a lone surrogate \udc80"},
        {"text": ""},  # Django leaves the text part out
        {"to": "Marieke <marieke@school.example.nl>"},
        {"to": "marieke@bücher.example"},
        {"to": '"m r"@school.example.nl'},
        {"to": "marieke..x@school.example.nl"},
        {"headers": {"Message-ID": "<x@y>", "To": "someone@else.example"}},
        {"headers": {"Date": "Mon, 30 Nov 2026 12:00:00 -0000"}},  # Django would make a Message-ID
        {"to": "marieke@" + "s" * 64 + ".example.nl"},  # a label longer than DNS allows
    ],
)
def test_a_mail_of_another_shape_is_left_to_django(change):
    case = {
        "subject": SUBJECTS[0],
        "from_email": SENDERS[0],
        "to": RECIPIENTS[0],
        "headers": HEADERS[0],
        "text": TEXTS[0],
        "html": HTMLS[1],
        **change,
    }
    assert ours(**case) is None


def test_a_charset_other_than_utf8_is_left_to_django(settings):
    settings.DEFAULT_CHARSET = "iso-8859-1"
    assert ours(SUBJECTS[0], SENDERS[0], RECIPIENTS[0], HEADERS[0], TEXTS[0], HTMLS[1]) is None


def test_a_header_with_a_line_break_is_refused_as_django_refuses_it():
    from django.core.mail import BadHeaderError

    with pytest.raises(BadHeaderError):
        ours("Two\nlines", SENDERS[0], RECIPIENTS[0], HEADERS[0], TEXTS[0], HTMLS[1])


@pytest.mark.parametrize(
    "address",
    [
        *RECIPIENTS,
        *SENDERS,
        "marieke@bücher.example",
        "Zoë <zoe@school.example.nl>",
        '"m r"@school.example.nl',
        "M@X.NL",
    ],
)
def test_the_envelope_names_each_address_as_djangos_smtp_backend_does(address):
    assert mime.envelope_address(address) == sanitize_address(address, "utf-8")
