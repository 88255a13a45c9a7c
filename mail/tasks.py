from celery import shared_task

from . import digest, heartbeats, outbox


@shared_task(ignore_result=True)
def send_outgoing_mail(mail_id):
    """Send one outbox row; does nothing if it is gone, sent, claimed elsewhere or not yet due."""
    outbox.deliver_many([mail_id])


@shared_task(ignore_result=True)
def send_outgoing_mails(mail_ids):
    """Send outbox rows over one SMTP connection; rows gone, sent, claimed elsewhere or not due are left."""
    outbox.deliver_many(mail_ids)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Hand every due outbox row to the workers again (scheduled by beat, see leernetwerk/celery.py)."""
    heartbeats.record("sweep_outbox")
    outbox.dispatch_many(outbox.sweep())


@shared_task(ignore_result=True)
def send_digests():
    """Start the weekly digest of everyone with news waiting (scheduled by beat): one task per person."""
    heartbeats.record("send_digests")
    for user_id in digest.people_with_news():
        send_digest.delay(user_id)


@shared_task(ignore_result=True)
def send_digest(user_id):
    """Queue one person's digest; nothing when they have nothing new or already got this week's."""
    digest.send_digest(user_id=user_id)
