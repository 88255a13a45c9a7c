"""Plain helpers that tests import: the list of personas, clients for them, what a response says, the
meeting form as the browser posts it, and the SMTP sink. Fixtures live in the conftest.py files."""

import email
import email.policy
import re
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def queue_reset_mail(recipient, occasion="", **kwargs):
    """One outbox row, of a kind every test may queue (a password reset), to `recipient` (a User or an address)."""
    from mail import outbox
    from members.mails import MemberMail
    from tests.factories import UserFactory

    return outbox.queue_mail(
        kind=MemberMail.PASSWORD_RESET,
        recipient=recipient,
        about=recipient if hasattr(recipient, "pk") else UserFactory(),
        template="password_reset",
        context={"reset_path": "/account/password-reset/x/y/"},
        occasion=occasion,
        **kwargs,
    )


# --- Personas -------------------------------------------------------------------------------------

# Every persona a view is tested for; each but "anonymous" (nobody logged in) is a fixture of that
# name in tests/conftest.py.
PERSONAS = [
    "coordinator",
    "facilitator",
    "member",
    "outsider",
    "regional_coordinator",
    "other_regional_coordinator",
    "staff",
    "anonymous",
]


def client_for(request, persona):
    """A test client logged in as the persona fixture of that name (or nobody)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


# --- Logging in -----------------------------------------------------------------------------------

LOGIN = "/account/login/"
NO_MATCH = "Dit e-mailadres en wachtwoord horen niet bij een account."
THROTTLED = "Te vaak geprobeerd in te loggen."


def attempt(client, email, password):
    """One try on the login form."""
    return client.post(LOGIN, {"username": email, "password": password})


# --- Responses ------------------------------------------------------------------------------------


def is_login_redirect(response, path=None):
    """True when the response sends the visitor to the login page (and back to `path`, when given)."""
    if response.status_code != 302:
        return False
    if path is None:
        return response["Location"].startswith("/account/login/?next=")
    return response["Location"] == "/account/login/?next=" + quote(path)


def message_levels(response):
    """The levels of the messages (success, error, ...) the response leaves for the next page."""
    return [message.level for message in get_messages(response.wsgi_request)]


def count_queries(client, path):
    """How many queries a second GET of `path` makes (the first one of a client loads its session)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# --- Demo data ------------------------------------------------------------------------------------


def weeks_just_after_a_holiday(day):
    """How many weeks before `day`, on its weekday, lie in a school holiday (demo.plan): how far a meeting on
    `day` may have been put off past one."""
    from demo.plan import in_school_holiday

    weeks = 0
    while in_school_holiday(day - timedelta(weeks=weeks + 1)):
        weeks += 1
    return weeks


# --- Kept page parts (common/fragments.py) ----------------------------------------------------------

# Each form's token is the reader's own and new on every page: not part of what is compared.
_CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def shown_page(client, path):
    """(status, page) of a GET of `path` by `client`, with the forms' tokens blanked."""
    response = client.get(path)
    return response.status_code, _CSRF_TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def _shown_page_and_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        page = shown_page(client, path)
    return page, len(queries)


def check_kept_parts_after(change, readers, path):
    """Every reader reads the page (their parts are kept), `change` happens, and every reader's next page, made
    from whatever is kept (by them or by a reader before them), must equal the page rendered with nothing kept,
    with as many queries: a kept part must not read anything lazily either. `readers`: {name: client}."""
    for client in readers.values():
        shown_page(client, path)
    change()
    kept = {name: _shown_page_and_queries(client, path) for name, client in readers.items()}
    for name, client in readers.items():
        caches["fragments"].clear()
        assert kept[name] == _shown_page_and_queries(client, path), f"{name} saw a kept part that no longer holds"


def check_kept_parts_reused(readers, path):
    """Each reader who reads the page again gets the same page and keeps no new parts: a key that changes on
    every request would fill the cache and save nothing."""
    for name, client in readers.items():
        first = shown_page(client, path)
        kept = len(caches["fragments"]._cache)
        assert shown_page(client, path) == first, name
        assert len(caches["fragments"]._cache) == kept, f"{name}: a key that changes on every request"


# --- Networks -------------------------------------------------------------------------------------


def start_form(region, theme, **overrides):
    """POST data of the form that starts a network, plus `overrides`."""
    return {
        "name": "Lerende cultuur Noordwest",
        "region": region.pk,
        "theme": theme.pk,
        "kind": "regional",
        "learning_question": "Hoe maken we van onze scholen lerende organisaties?",
        "description": "",
        "ambition": "school",
        "cadence": "weeks_6_8",
        "is_listed": "on",
        **overrides,
    }


# --- Meetings -------------------------------------------------------------------------------------


def at(days, hour=19, minute=30):
    """A whole minute `days` from today, in Amsterdam time (as the datetime-local input gives it)."""
    return datetime.combine(timezone.localdate() + timedelta(days=days), clock(hour, minute), tzinfo=AMSTERDAM)


def local_input(moment):
    """`moment` as a datetime-local input sends it."""
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")


def meeting_form(meeting=None, **changes):
    """POST data of the meeting form: the meeting's current values, or a new meeting, plus `changes`."""
    if meeting is None:
        data = {
            "title": "Nieuwe bijeenkomst",
            "starts_at": local_input(at(21)),
            "ends_at": local_input(at(21, 21, 30)),
            "place": "De Populier, Hoorn",
            "online_url": "",
            "agenda": "1. Opening",
            "guest_speakers": "",
            "work_forms": ["intervision"],
            "homework": "",
            "capacity": "",
        }
    else:
        data = {
            "title": meeting.title,
            "starts_at": local_input(meeting.starts_at),
            "ends_at": local_input(meeting.ends_at),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
            "guest_speakers": meeting.guest_speakers,
            "work_forms": meeting.work_forms,
            "homework": meeting.homework,
            "capacity": "" if meeting.capacity is None else str(meeting.capacity),
        }
    return {**data, **changes}


def answer(client, meeting, value, comment=""):
    """Answer the invitation to `meeting` on its page, as the client's person."""
    return client.post(f"/meetings/{meeting.pk}/answer/", {"answer": value, "comment": comment})


def held_meeting(network, *, ended_ago=timedelta(hours=25), **fields):
    """A held meeting of `network`, two hours long, that ended `ended_ago` (by default: the follow-up is due)."""
    from tests.factories import MeetingFactory

    ends_at = timezone.now() - ended_ago
    fields = {"status": "held", "title": "Intervisie over ontwikkelgesprekken", **fields}
    return MeetingFactory(network=network, starts_at=ends_at - timedelta(hours=2), ends_at=ends_at, **fields)


def present(meeting, *users, came=True):
    """Record `users` (members of the meeting's network) as present, or absent with came=False."""
    from networks.models import Membership
    from tests.factories import AttendanceFactory

    for user in users:
        membership = Membership.objects.get(user=user, network=meeting.network)
        AttendanceFactory(meeting=meeting, membership=membership, present=came)


def uid_of(ics):
    """The UID of the (first) event in a calendar file."""
    return re.search(r"^UID:(\S+)\r?$", ics, re.MULTILINE).group(1)


# --- Mail -----------------------------------------------------------------------------------------


def body_text(message):
    """The plain-text part of a mail (an email.message.EmailMessage from the sink)."""
    return message.get_body(preferencelist=("plain",)).get_content()


def calendar_attachments(message):
    """The text/calendar attachments of a mail from the sink."""
    return [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]


class MailSink:
    """The Maildir that the SMTP sink of `make test` writes every received message into."""

    def __init__(self, path):
        self.path = Path(path)

    def clear(self):
        for folder in ("new", "cur", "tmp"):
            for file in (self.path / folder).glob("*"):
                file.unlink()

    def messages(self):
        files = sorted((self.path / "new").glob("*"), key=lambda f: f.stat().st_mtime_ns)
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]

    def wait_for(self, count=1, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages()
            if len(messages) >= count:
                return messages
            time.sleep(0.1)
        raise AssertionError(
            f"expected {count} mail(s) at the SMTP sink within {timeout} s, got {len(self.messages())}"
        )


# --- The browser ----------------------------------------------------------------------------------

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def log_in(page, base_url, user):
    """Log `user` in through the login page (their password is the factories' PASSWORD)."""
    from tests.factories import PASSWORD

    page.goto(base_url + LOGIN)
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def accessibility_violations(page):
    """WCAG 2.1 A and AA violations on the current page, as found by axe-core (from npm).

    axe is evaluated through the browser's debugging protocol rather than added as a script tag: our
    Content-Security-Policy refuses inline scripts, and the pages are tested under that policy."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result["violations"]]
