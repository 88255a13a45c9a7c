"""The figures of the portal, each defined once. Pages, the admin and (later) the dashboards and the
lifecycle's health signals read them through `metrics.registry`; a new figure is added here."""

from django.db.models import Count, FloatField, Q
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy as _

from meetings.models import Attendance, Meeting
from networks.models import Membership

from .registry import Metric, Unit, register

MEMBERS = register(
    Metric(
        name="members",
        label=_("Participants"),
        definition=_("People who take part now, in any role, each counted once; whoever left is no longer counted."),
        unit=Unit.PEOPLE,
        higher_is_better=True,
        rows=Membership.objects.current,
        value=lambda: Count("user", distinct=True),
    )
)

SCHOOLS_REACHED = register(
    Metric(
        name="schools_reached",
        label=_("Schools reached"),
        definition=_(
            "Different schools that the people taking part now come from; someone without a school adds none."
        ),
        unit=Unit.SCHOOLS,
        higher_is_better=True,
        rows=Membership.objects.current,
        value=lambda: Count("school", distinct=True),
    )
)


def _share_present():
    recorded = Count("pk")
    present = Count("pk", filter=Q(present=True))
    return Cast(present, FloatField()) / Cast(NullIf(recorded, 0), FloatField())


ATTENDANCE_RATE = register(
    Metric(
        name="attendance_rate",
        label=_("Attendance rate"),
        definition=_(
            "Of the people on the attendance lists of held meetings, the share who were there; "
            "meetings without a list do not count."
        ),
        unit=Unit.SHARE,
        higher_is_better=True,
        rows=lambda: Attendance.objects.filter(meeting__status=Meeting.Status.HELD),
        value=_share_present,
        network="meeting__network",
        meeting="meeting",
        empty=None,
    )
)
