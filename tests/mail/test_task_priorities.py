"""Mail ready to go is handed to the workers before the tasks that prepare more of it (CELERY_TASK_ROUTES in
settings.py), and one mail before the batches of a wave (mail/outbox.py): the first reminders of a wave go out
while the rest are being prepared, and a password reset asked for meanwhile does not wait behind the wave. Read
from the real Redis in the order a worker takes them."""

import uuid

import pytest

from dashboards.tasks import refresh_dashboard_figures
from leernetwerk.celery import app
from lifecycle.tasks import ask_follow_up
from mail import outbox
from mail.tasks import send_digest, send_outgoing_mails
from meetings.tasks import send_follow_up, send_reminder
from members.tasks import send_password_reset


@pytest.fixture
def queue():
    """A queue of this test's own, which no worker reads."""
    name = f"test-priorities-{uuid.uuid4().hex}"
    with app.connection_for_write() as connection:
        yield name, connection.SimpleQueue(name)
        connection.default_channel.queue_delete(name)


def test_one_mail_comes_before_a_batch_and_both_before_the_tasks_that_prepare_mail(queue):
    name, simple_queue = queue
    preparing = [
        (send_reminder, (1,)),
        (send_follow_up, (1,)),
        (send_digest, (1,)),
        (ask_follow_up, (1,)),
        (refresh_dashboard_figures, ()),
    ]
    for task, args in preparing:
        task.apply_async(args, queue=name)
    send_outgoing_mails.apply_async(([1, 2],), queue=name, priority=outbox.BATCH_PRIORITY)
    send_outgoing_mails.apply_async(([3],), queue=name, priority=outbox.ONE_MAIL_PRIORITY)
    send_password_reset.apply_async((1,), queue=name)

    handed_out = []
    for _ in range(len(preparing) + 3):
        message = simple_queue.get(timeout=5)
        handed_out.append((message.headers["task"], message.payload[0]))
        message.ack()
    assert handed_out == [
        ("mail.tasks.send_outgoing_mails", [[3]]),
        ("members.tasks.send_password_reset", [1]),
        ("mail.tasks.send_outgoing_mails", [[1, 2]]),
        *((task.name, list(args)) for task, args in preparing),
    ]


def test_the_outbox_hands_over_one_mail_alone_and_a_wave_in_batches(monkeypatch):
    handed = []
    monkeypatch.setattr(send_outgoing_mails, "apply_async", lambda args, **options: handed.append((args, options)))
    outbox.forget_broker_failure()
    outbox.dispatch_many([7])
    outbox.dispatch_many(range(1, 121))
    assert [(len(args[0]), options["priority"]) for args, options in handed] == [
        (1, outbox.ONE_MAIL_PRIORITY),
        (50, outbox.BATCH_PRIORITY),
        (50, outbox.BATCH_PRIORITY),
        (20, outbox.BATCH_PRIORITY),
    ]
