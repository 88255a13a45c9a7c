"""The figures of the portal, each defined once. Pages, the admin and (later) the dashboards and the
lifecycle's health signals read them through `metrics.registry`; a new figure is added here."""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, FloatField, Q, Value, When
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from meetings.evaluations import RESULTS_FROM
from meetings.models import Attendance, EvaluationAnswer, Meeting
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


# --- Evaluations of meetings ----------------------------------------------------------------------
# Over the answers of meetings (EvaluationAnswer: what was answered, without a name). Every figure but
# the count is empty below RESULTS_FROM answers, for one meeting, a network or a region alike: in a
# small group a result of one or two answers tells whose it is. The rule sits in the figure itself, so
# no page can show it sooner.


def _shown_answers():
    """The answers of meetings that have at least RESULTS_FROM of them: an average over all meetings that
    took in a meeting with fewer could be solved for that one person's answer."""
    shown = Meeting.objects.annotate(answers=Count("evaluation_answers")).filter(answers__gte=RESULTS_FROM)
    return EvaluationAnswer.objects.filter(meeting__in=shown.values("pk"))


def _from_enough_answers(value):
    return Case(
        When(GreaterThanOrEqual(Count("pk"), RESULTS_FROM), then=value), default=Value(None), output_field=FloatField()
    )


@dataclass(frozen=True)
class _Score(Metric):
    """An average score from 1 to 5, shown with one decimal."""

    def format(self, value):
        if value is None:
            return "\u2013"  # an en dash: no figure (yet)
        return number_format(value, decimal_pos=1)


EVALUATION_COUNT = register(
    Metric(
        name="evaluation_count",
        label=_("Evaluations"),
        definition=_("Evaluations given by people who were present, one per person and meeting."),
        unit=Unit.PEOPLE,
        higher_is_better=True,
        rows=EvaluationAnswer.objects.all,
        value=lambda: Count("pk"),
        network="meeting__network",
        meeting="meeting",
    )
)

EVALUATION_OVERALL = register(
    _Score(
        name="evaluation_overall",
        label=_("Score for the meeting"),
        definition=_(
            "Average answer to “How was this meeting, all in all?” (1 to 5); over meetings with 3 evaluations or more."
        ),
        # The register has no unit for scores yet; `_Score.format` shows them as what they are.
        unit=Unit.PEOPLE,
        higher_is_better=True,
        rows=_shown_answers,
        value=lambda: _from_enough_answers(Avg("overall", output_field=FloatField())),
        network="meeting__network",
        meeting="meeting",
        empty=None,
    )
)

EVALUATION_USEFUL = register(
    _Score(
        name="evaluation_useful",
        label=_("Useful for my school"),
        definition=_(
            "Average answer to “How useful was it for my school?” (1 to 5); over meetings with 3 evaluations or more."
        ),
        unit=Unit.PEOPLE,
        higher_is_better=True,
        rows=_shown_answers,
        value=lambda: _from_enough_answers(Avg("useful", output_field=FloatField())),
        network="meeting__network",
        meeting="meeting",
        empty=None,
    )
)

EVALUATION_WILL_TRY = register(
    Metric(
        name="evaluation_will_try",
        label=_("Will try something from it"),
        definition=_(
            "Share of evaluations that say “I will try something from it at my school”, over meetings with 3 or more."
        ),
        unit=Unit.SHARE,
        higher_is_better=True,
        rows=_shown_answers,
        value=lambda: _from_enough_answers(
            Cast(Count("pk", filter=Q(will_try=True)), FloatField()) / Cast(Count("pk"), FloatField())
        ),
        network="meeting__network",
        meeting="meeting",
        empty=None,
    )
)
