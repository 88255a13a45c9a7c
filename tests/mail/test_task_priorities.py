"""Mail ready to go is handed to the workers before the tasks that prepare more of it (CELERY_TASK_ROUTES in
settings.py): the first reminders of a wave go out while the rest are being prepared, and a password reset asked
for meanwhile does not wait for the wave. Read from the real Redis in the order a worker takes them."""

import uuid

import pytest

from dashboards.tasks import refresh_dashboard_figures
from leernetwerk.celery import app
from lifecycle.tasks import ask_follow_up
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


def test_tasks_that_send_mail_come_before_those_that_prepare_it(queue):
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
    send_outgoing_mails.apply_async(([1, 2],), queue=name)
    send_password_reset.apply_async((1,), queue=name)

    handed_out = []
    for _ in range(len(preparing) + 2):
        message = simple_queue.get(timeout=5)
        handed_out.append(message.headers["task"])
        message.ack()
    assert handed_out == [
        "mail.tasks.send_outgoing_mails",
        "members.tasks.send_password_reset",
        *(task.name for task, _args in preparing),
    ]
