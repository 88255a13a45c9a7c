from celery import shared_task

from mail import heartbeats

from . import services


@shared_task(ignore_result=True)
def send_password_reset(request_id):
    """Answer one password-reset request: queue the mail if an account has the address."""
    services.answer_password_reset_request(request_id=request_id)


@shared_task(ignore_result=True)
def sweep_password_reset_requests():
    """Answer the password-reset requests whose task never reached the broker (scheduled by beat)."""
    heartbeats.record("sweep_password_reset_requests")
    for request_id in services.pending_password_reset_requests():
        services.answer_password_reset_request(request_id=request_id)
