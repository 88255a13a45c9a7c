from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def send_outgoing_mail(mail_id):
    """Send one outbox row; does nothing if it is gone, sent, claimed elsewhere or not yet due."""
    outbox.deliver(mail_id)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Queue a send task for every due outbox row (scheduled by beat, see leernetwerk/celery.py)."""
    for mail_id in outbox.sweep():
        send_outgoing_mail.delay(mail_id)
