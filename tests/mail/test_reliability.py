"""No mail lost, none sent twice: the real worker, a real Redis and a real SMTP server, 200 recipients.

Each test runs its own Redis, SMTP sink (tests/smtp_sink.py) and `celery worker` (prefork, two processes),
so that it can stop and start them without disturbing the rest of the suite, and prints

    expected / delivered / duplicates

where delivered counts distinct Message-IDs at the sink (the outbox gives each row its own) and duplicates
the copies beyond the first.

Where the sweeper's schedule matters (a minute for beat, STALE_CLAIM_AFTER for a dead worker's claims, the
back-off after a failed attempt), the tests do not wait it out: they run the sweep at the moment it would
run, with the same code beat starts.
"""

import mailbox
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from leernetwerk.celery import app
from mail import outbox, tasks
from mail.models import OutgoingMail
from meetings import services as meeting_services
from meetings import tasks as meeting_tasks
from meetings.models import Reminder, ReminderRule
from networks.models import Membership
from tests.factories import MembershipFactory, NetworkFactory, UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 200
BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    return int(subprocess.check_output([str(BASE_DIR / "scripts" / "free-port")], text=True).strip())


def wait_until(condition, timeout=60, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for: {message}")


def wait_for_port(port, up=True, timeout=20):
    import socket

    def answers():
        with socket.socket() as probe:
            probe.settimeout(0.2)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_until(lambda: answers() == up, timeout, f"port {port} {'up' if up else 'down'}")


class Service:
    """A process we start, stop and start again on the same port."""

    def __init__(self, command, port, log):
        self.command, self.port, self.log, self.process = command, port, log, None

    def start(self):
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        wait_for_port(self.port, up=False)


class Worker:
    """`celery worker` with two processes, in its own process group so that a kill takes all of them."""

    def __init__(self, env, log):
        self.env, self.log, self.process = env, log, None

    def start(self):
        self.log.write_text("")
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = self._spawn(log)
        wait_until(lambda: " ready." in self.log.read_text(), 60, "the worker to start")

    def _spawn(self, log):
        return subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "leernetwerk",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=reliability-{time.monotonic_ns()}@%h",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL to the worker and its child processes: nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class Rig:
    """Redis, the SMTP sink and the worker of one test, and what arrived at the sink."""

    def __init__(self, folder):
        self.maildir = folder / "mail"
        redis_port, smtp_port = free_port(), free_port()
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.redis = Service(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            redis_port,
            folder / "redis.log",
        )
        self.smtp = Service(
            [
                *[str(BIN / "python"), "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}"],
                *["-c", "tests.smtp_sink.RefusingMailbox", str(self.maildir)],
            ],
            smtp_port,
            folder / "smtp.log",
        )
        database = settings.DATABASES["default"]
        self.worker = Worker(
            {
                **os.environ,
                "PYTHONPATH": str(BASE_DIR),
                "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                f"{database['PORT']}/{database['NAME']}",
                "REDIS_URL": self.redis_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            },
            folder / "worker.log",
        )

    def messages(self):
        if not (self.maildir / "new").exists():
            return []
        return list(mailbox.Maildir(self.maildir, create=False))

    def count(self, expected):
        ids = Counter(message["Message-ID"] for message in self.messages())
        delivered, duplicates = len(ids), sum(ids.values()) - len(ids)
        self.report(f"expected / delivered / duplicates: {expected} / {delivered} / {duplicates}")
        return delivered, duplicates

    def report(self, line):
        """Printed past pytest's capture, so that `make test` shows it for a test that passes."""
        with self.capsys.disabled():
            print(f"\n    {line}", end=" ")


def use_broker(url):
    """Point this process's Celery app (what `dispatch` publishes with) at another broker."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def rig(tmp_path, settings, capsys):
    rig = Rig(tmp_path)
    rig.capsys = capsys
    rig.redis.start()
    rig.smtp.start()
    before = app.conf.broker_url
    use_broker(rig.redis_url)
    yield rig
    rig.worker.stop()
    rig.smtp.stop()
    rig.redis.stop()
    use_broker(before)


def network_of(count, *, refused=0):
    """A network with `count` members, the first `refused` of them with an address the sink refuses."""
    network = NetworkFactory()
    coordinator = MembershipFactory(network=network, role="coordinator", school=None).user
    for number in range(count - 1):
        prefix = "refused" if number < refused else "lid"
        MembershipFactory(network=network, user=UserFactory(email=f"{prefix}-{number}@school.example.nl"))
    return network, coordinator


def announce_meeting(network, coordinator):
    """The cause: a meeting is planned, and every member gets its announcement (one outbox row each)."""
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    return meeting_services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Werkdruk en verzuim",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Het Baken, Almere",
    )


def rows(status=None):
    mails = OutgoingMail.objects.all()
    return mails.filter(status=status) if status else mails


def settled(quiet_seconds=2):
    """True once no row has changed its status for `quiet_seconds` (the worker has nothing in hand)."""
    before = list(rows().order_by("pk").values_list("status", flat=True))
    time.sleep(quiet_seconds)
    return before == list(rows().order_by("pk").values_list("status", flat=True))


def sweep_as_beat_would(*, stale_after=None, monkeypatch=None):
    """What the beat's sweeper does once its moment has come (in this process, publishing to the rig)."""
    if stale_after is not None:
        monkeypatch.setattr(outbox, "STALE_CLAIM_AFTER", stale_after)
    outbox.forget_broker_failure()
    tasks.sweep_outbox()


def test_a_worker_killed_mid_batch_and_restarted_loses_nothing(rig, monkeypatch):
    network, coordinator = network_of(RECIPIENTS)
    rig.worker.start()
    announce_meeting(network, coordinator)
    wait_until(lambda: len(rig.messages()) >= 40, 60, "the first mails")
    rig.worker.kill()
    claimed_by_the_dead = rows(OutgoingMail.Status.SENDING).count()
    assert len(rig.messages()) < RECIPIENTS, "the worker finished before it was killed; nothing was tested"

    rig.worker.start()
    # The tasks the dead worker had taken are gone with it; the rest of the queue goes out now.
    wait_until(lambda: not rows(OutgoingMail.Status.QUEUED).exists(), 60, "the queue to drain")
    wait_until(settled, 60, "the new worker to finish its batches")
    # Rows the dead worker had claimed stay `sending` until their claim is stale; then the sweeper
    # puts them back (every row still `sending` now is one of those: the new worker has drained its queue).
    sweep_as_beat_would(stale_after=timedelta(0), monkeypatch=monkeypatch)
    wait_until(lambda: rows(OutgoingMail.Status.SENT).count() == RECIPIENTS, 60, "every row sent")
    wait_until(lambda: len(rig.messages()) >= RECIPIENTS, 30, "every mail at the sink")
    time.sleep(1)

    delivered, duplicates = rig.count(RECIPIENTS)
    rig.report(f"rows the killed worker had claimed: {claimed_by_the_dead}")
    assert delivered == RECIPIENTS
    # A mail the sink had accepted in the instant before the worker could write "sent" is sent again:
    # SMTP has no way to ask. Each of the two killed processes had at most that one mail in hand.
    assert duplicates <= 2


def test_an_smtp_outage_delays_every_mail_and_doubles_none(rig, monkeypatch):
    network, coordinator = network_of(RECIPIENTS)
    rig.smtp.stop()
    rig.worker.start()
    announce_meeting(network, coordinator)
    wait_until(
        lambda: rows(OutgoingMail.Status.QUEUED).filter(attempts__gte=1).count() == RECIPIENTS,
        60,
        "every row tried once and put back",
    )
    assert rig.messages() == []
    assert rows().filter(last_error__contains="Connection refused").count() == RECIPIENTS

    rig.smtp.start()
    # The back-off after a first failed attempt is a minute; this is that minute passing.
    rows().update(next_attempt_at=timezone.now())
    sweep_as_beat_would()
    wait_until(lambda: rows(OutgoingMail.Status.SENT).count() == RECIPIENTS, 60, "every row sent")
    time.sleep(1)

    delivered, duplicates = rig.count(RECIPIENTS)
    assert (delivered, duplicates) == (RECIPIENTS, 0)


def test_mail_caused_while_redis_is_down_goes_out_when_it_returns(rig, caplog):
    network, coordinator = network_of(RECIPIENTS)
    rig.worker.start()
    rig.redis.stop()
    announce_meeting(network, coordinator)  # commits: the rows exist, their tasks could not be queued
    assert rows(OutgoingMail.Status.QUEUED).count() == RECIPIENTS
    assert "the sweeper will send them" in caplog.text
    time.sleep(1)
    assert rig.messages() == []

    rig.redis.start()  # empty: whatever Redis held is gone
    outbox.forget_broker_failure()
    tasks.sweep_outbox.delay()  # what beat starts every minute; the worker runs it
    wait_until(lambda: rows(OutgoingMail.Status.SENT).count() == RECIPIENTS, 90, "every row sent")
    time.sleep(1)

    delivered, duplicates = rig.count(RECIPIENTS)
    assert (delivered, duplicates) == (RECIPIENTS, 0)


def test_beat_starting_the_reminder_task_twice_at_once_sends_each_reminder_once(rig):
    network, coordinator = network_of(RECIPIENTS)
    # Members for a month: whoever joins on the day of a reminder is not reminded (the announcement just reached them).
    Membership.objects.filter(network=network).update(joined_on=timezone.localdate() - timedelta(days=30))
    meeting = announce_meeting(network, coordinator)
    OutgoingMail.objects.all().delete()  # the announcement is not what this test counts
    reminder = Reminder.objects.get(meeting=meeting, audience=ReminderRule.Audience.NOT_ANSWERED)
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    rig.worker.start()

    # Two beats (a second one started by mistake, or a clock jump) start the task at the same moment: both
    # find the reminder due and hand it to the two worker processes, which send it at the same time.
    meeting_tasks.send_due_reminders.delay()
    meeting_tasks.send_due_reminders.delay()
    wait_until(lambda: rows(OutgoingMail.Status.SENT).count() >= RECIPIENTS, 60, "every reminder sent")
    wait_until(settled, 30, "nothing more to send")

    log = rig.worker.log.read_text()
    assert log.count("Task meetings.tasks.send_reminder[") >= 4, (
        "the reminder was not handed out twice"
    )  # received, succeeded
    reminder.refresh_from_db()
    assert (reminder.status, reminder.recipients) == (Reminder.Status.SENT, RECIPIENTS)
    delivered, duplicates = rig.count(RECIPIENTS)
    assert (delivered, duplicates) == (RECIPIENTS, 0)
    assert all(
        "Werkdruk en verzuim" in message.get_payload()[0].get_payload(decode=True).decode()
        for message in rig.messages()
    )


def test_a_permanently_refused_address_fails_once_and_the_others_arrive(rig):
    network, coordinator = network_of(RECIPIENTS, refused=1)
    rig.worker.start()
    meeting = announce_meeting(network, coordinator)
    wait_until(
        lambda: rows(OutgoingMail.Status.SENT).count() + rows(OutgoingMail.Status.FAILED).count() == RECIPIENTS,
        60,
        "every row sent or failed",
    )
    [failed] = rows(OutgoingMail.Status.FAILED)
    assert failed.recipient == "refused-0@school.example.nl"
    assert "550" in failed.last_error and failed.attempts == 1

    tasks.sweep_outbox()  # the sweeper leaves a failed row alone: it is never retried
    time.sleep(1)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.FAILED, 1)

    delivered, duplicates = rig.count(RECIPIENTS - 1)
    assert (delivered, duplicates) == (RECIPIENTS - 1, 0)
    assert meeting.pk == int(failed.about_id)
    # The coordinator sees it on the meeting page, with the reason.
    client = Client()
    client.force_login(coordinator)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "refused-0@school.example.nl" in page and "No such mailbox here" in page
