from celery import shared_task

from . import outbox, services


@shared_task(ignore_result=True)
def send_outgoing_mail(mail_id):
    """Send one outbox row; does nothing if it is gone, sent, claimed elsewhere or not yet due."""
    outbox.deliver(mail_id)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Queue a send task for every due outbox row (scheduled by beat, see leernetwerk/celery.py)."""
    for mail_id in outbox.sweep():
        send_outgoing_mail.delay(mail_id)


@shared_task(ignore_result=True)
def send_password_reset(request_id):
    """Answer one password-reset request: queue the mail if an account has the address."""
    services.answer_password_reset_request(request_id=request_id)


@shared_task(ignore_result=True)
def sweep_password_reset_requests():
    """Answer the password-reset requests whose task never reached the broker (scheduled by beat)."""
    for request_id in services.pending_password_reset_requests():
        services.answer_password_reset_request(request_id=request_id)
