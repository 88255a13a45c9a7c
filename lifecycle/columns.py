"""Annotations that let the network page read the lifecycle in the query that reads the network, so the
page stays within five queries in every phase (tests/lifecycle/test_page_queries.py)."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from meetings.models import Meeting

from .models import View


def supported_meetings():
    """The network's held and planned supported meetings, as `supported_held` and `supported_planned`
    (read back by services.supported_meetings)."""

    def count(status):
        meetings = Meeting.objects.filter(network=OuterRef("pk"), is_supported=True, status=status).order_by()
        return Coalesce(Subquery(meetings.values("network").annotate(n=Count("pk")).values("n")), 0)

    return {"supported_held": count(Meeting.Status.HELD), "supported_planned": count(Meeting.Status.PLANNED)}


# The names `my_view` reads its columns under; the network page leaves them out of its kept parts' keys.
MY_VIEW_COLUMNS = ("my_view_choice", "my_view_comment")


def my_view(user_id):
    """The own view on continuing in the network of the person `user_id` (None: a visitor, who has none),
    as `my_view_choice` and `my_view_comment` (None without one)."""
    if user_id is None:
        return {}
    views = View.objects.filter(
        membership__network=OuterRef("pk"), membership__user=user_id, membership__left_on__isnull=True
    ).order_by()
    choice, comment = MY_VIEW_COLUMNS
    return {choice: Subquery(views.values("choice")[:1]), comment: Subquery(views.values("comment")[:1])}
