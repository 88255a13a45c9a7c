"""The bytes of an outbox mail, written the way Django's EmailMultiAlternatives writes them, without building
the email package's objects for every mail.

A reminder to 10,000 people is 10,000 messages of the same shape: a text part, perhaps an HTML part, a dozen
headers. Django builds each as a tree of MIME objects, checks every header of every part, parses the sender
and the recipient as addresses, and flattens the tree with the email package's generator. Here what is the
same for every mail of a batch (the sender, a subject, the part headers) is worked out once, with Django's and
the email package's own functions, and each mail is put together from it. Sending a reminder took the worker
1.05 ms of CPU that way and takes 0.70 ms this way (in-process, on bench/mail_throughput.py's data).

Only the common shape takes this way: no attachments, a text body (perhaps an HTML one) whose lines fit the
998-byte limit (Django switches to quoted-printable for longer lines), and a plain recipient address. For
anything else `message_bytes` returns None and the caller builds the message as Django does.
tests/mail/test_mime.py compares the bytes with Django's for about a thousand mails, the awkward ones included.
"""

import functools
import re
import secrets
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, forbid_multi_line_headers, sanitize_address

# What Django's sanitize_address gives back unchanged: a dot-atom local part and an ASCII domain of dotted
# labels. Other addresses (a display name, quotes, non-ASCII, an internationalised domain) take Django's way.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
# The generator's line ends (email.generator.NLCRE): every one becomes CRLF.
_LINE_END = re.compile(r"\r\n|\r|\n")
_CHARSET = "utf-8"


class NeedsTheLongWay(Exception):
    """This mail is not of the common shape; build it with Django."""


def envelope_address(address):
    """The address as Django's SMTP backend gives it to smtplib (sanitize_address)."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return _sanitized(address)


@functools.lru_cache(maxsize=16)  # the sender: one per process; keyed on the setting for tests
def _sanitized(address):
    return sanitize_address(address, _CHARSET)


def _header_line(policy, name, value):
    """One header as Django's message() stores it (forbid_multi_line_headers) and the generator writes it."""
    name, value = forbid_multi_line_headers(name, value, _CHARSET)
    return policy.fold_binary(name, value)


# For the headers that repeat from mail to mail (the sender, the subject of a batch): written once.
_repeated_header_line = functools.lru_cache(maxsize=256)(_header_line)


@functools.lru_cache(maxsize=8)
def _part_headers(policy, subtype, cte):
    return b"".join(
        _repeated_header_line(policy, name, value)
        for name, value in (
            ("Content-Type", f'text/{subtype}; charset="{_CHARSET}"'),
            ("MIME-Version", "1.0"),
            ("Content-Transfer-Encoding", cte),
        )
    )


def _text_part(policy, subtype, text):
    """The headers and the body of a text part as SafeMIMEText(text, subtype, "utf-8") writes them."""
    lines = text.splitlines()
    # A line of at most a quarter of the limit in characters fits it in UTF-8 bytes, whatever they are.
    if max(map(len, lines)) * 4 > RFC5322_EMAIL_LINE_LENGTH_LIMIT and any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT for line in lines
    ):
        raise NeedsTheLongWay  # Django writes it quoted-printable
    try:
        body = _LINE_END.sub(policy.linesep, text).encode(_CHARSET)
    except UnicodeEncodeError:  # a lone surrogate: Django has its own ways with those
        raise NeedsTheLongWay from None
    cte = "7bit" if body.isascii() else "8bit"
    return _part_headers(policy, subtype, cte), body


def message_bytes(*, policy, subject, from_email, to, headers, text, html):
    """The message as EmailMultiAlternatives(subject, text, from_email, [to], headers=headers), with `html`
    attached as text/html when there is one, gives it from message().as_bytes(linesep=policy.linesep), the
    multipart boundary drawn as in outbox._OutboxMessage. Returns None for a mail that is not of the common
    shape (see the module's docstring), and for one without a Message-ID among `headers` (the outbox's have
    one)."""
    try:
        return _message_bytes(policy, subject, from_email, to, headers, text, html)
    except NeedsTheLongWay:
        return None


def _message_bytes(policy, subject, from_email, to, headers, text, html):
    if not text or not _PLAIN_ADDRESS.fullmatch(to):  # without a text Django leaves out the text part
        raise NeedsTheLongWay
    names = {name.lower() for name in headers}
    # Django would add a Message-ID, of its own making; a from, to, cc or reply-to header it treats apart.
    if "message-id" not in names or names & {"from", "to", "cc", "reply-to"}:
        raise NeedsTheLongWay
    if settings.DEFAULT_CHARSET != _CHARSET:  # Django writes its parts in that charset (and "UTF-8" as base64)
        raise NeedsTheLongWay
    nl = policy.linesep.encode()
    text_headers, text_body = _text_part(policy, "plain", text)
    out = []
    if html:
        html_headers, html_body = _text_part(policy, "html", html)
        boundary = f"=_{secrets.token_hex(16)}"
        out.append(_header_line(policy, "Content-Type", f'multipart/alternative; boundary="{boundary}"'))
        out.append(_repeated_header_line(policy, "MIME-Version", "1.0"))
    else:
        out.append(text_headers)
    out.append(_repeated_header_line(policy, "Subject", subject))
    out.append(_repeated_header_line(policy, "From", from_email))
    out.append(_header_line(policy, "To", to))
    if "date" not in names:
        out.append(_header_line(policy, "Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    for name, value in headers.items():
        out.append(_header_line(policy, name, value))
    out.append(nl)
    if not html:
        out.append(text_body)
        return b"".join(out)
    separator = b"--" + boundary.encode()
    out += [separator, nl, text_headers, nl, text_body]
    out += [nl, separator, nl, html_headers, nl, html_body]
    out += [nl, separator, b"--", nl]
    return b"".join(out)
