"""Keep the secrets in link addresses out of logs.

Some addresses are secrets themselves: whoever has them acts for one person (a password-reset link,
an invitation, a one-click answer) or reads their calendar (the personal feed). Logs are read by more
people than those links were meant for, and kept longer, so every log line we write (gunicorn's access
log, see gunicorn_logging.py, and Django's own log through `RedactSecretPaths`) has the secret part of
such an address replaced. Plain and URL-encoded forms are both caught: a secret address also travels
in `?next=` parameters and in Referer headers.
"""

import logging
import re

REDACTED = "[redacted]"

_SEP = r"(?:/|%2[Ff])"
# The start of a path segment: after a slash, plain or encoded.
_AT_SEGMENT = r"(?:(?<=/)|(?<=%2[Ff]))"
# One character of a path segment, and one segment, plain or inside a URL-encoded parameter.
_CHAR = r"(?!%2[Ff])[^/?#&\s\"'<>;,]"
_SEGMENT = rf"(?:{_CHAR})+"

_SECRET_PATHS = [
    # members:password_reset_confirm  /account/password-reset/<uidb64>/<token>/
    re.compile(rf"(password-reset{_SEP}(?!sent{_SEP}|done{_SEP}){_SEGMENT}{_SEP}){_SEGMENT}"),
    # networks:invitation  /invitations/<token>/ (not /networks/<slug>/invitations/<id>/resend/)
    re.compile(rf"({_AT_SEGMENT}invitations{_SEP})(?!\d+(?:{_SEP}|$)){_SEGMENT}"),
    # meetings:rsvp_link  /meetings/answer/<token>/<answer>/
    re.compile(rf"({_AT_SEGMENT}meetings{_SEP}answer{_SEP}){_SEGMENT}"),
    # meetings:evaluation_link  /meetings/evaluation/<token>/ (not /meetings/<pk>/evaluation/)
    re.compile(rf"({_AT_SEGMENT}meetings{_SEP}evaluation{_SEP}){_SEGMENT}"),
    # lifecycle:view_link  /lifecycle/view/<token>/<choice>/ and lifecycle:follow_up_link  /lifecycle/follow-up/<token>/
    re.compile(rf"({_AT_SEGMENT}lifecycle{_SEP}(?:view|follow-up){_SEP}){_SEGMENT}"),
    # mail:unsubscribe  /mail/unsubscribe/<token>/
    re.compile(rf"({_AT_SEGMENT}mail{_SEP}unsubscribe{_SEP}){_SEGMENT}"),
    # meetings:feed  /calendar/<token>.ics (also mistyped without .ics; not /account/calendar/reset/)
    re.compile(rf"({_AT_SEGMENT}calendar{_SEP})(?!reset(?:{_SEP}|$))(?:(?!\.ics){_CHAR})+"),
]


def redact_secret_paths(text):
    """`text` with the secret part of every reset, invitation, answer and calendar-feed address replaced."""
    if not text or not isinstance(text, str):
        return text
    for pattern in _SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactSecretPaths(logging.Filter):
    """A logging filter that redacts secret addresses in the message (e.g. Django's "Not Found: <path>")."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact_secret_paths(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
