from celery import shared_task

from . import rollups


@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def refresh_dashboard_figures():
    """Every 15 minutes (beat): the rollup of the dashboards' figures. Safe to run twice: an upsert of the
    same figures."""
    rollups.refresh()
