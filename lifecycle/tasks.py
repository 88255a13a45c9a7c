from celery import shared_task

from mail import heartbeats

from . import services


@shared_task(ignore_result=True)
def follow_up_intentions():
    """Daily (beat): ask the coordinators of networks whose intention to continue is due whether they
    did, and remind them once after two weeks; one task per decision."""
    heartbeats.record("follow_up_intentions")
    ask, remind = services.follow_ups_due()
    for decision_id in ask:
        ask_follow_up.delay(decision_id)
    for decision_id in remind:
        ask_follow_up.delay(decision_id, reminder=True)


@shared_task(ignore_result=True)
def ask_follow_up(decision_id, reminder=False):
    """Safe to run twice: the decision is locked and stamped, and the outbox keeps one mail each."""
    services.ask_follow_up(decision_id, reminder=reminder)
