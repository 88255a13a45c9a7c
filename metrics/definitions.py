"""The figures of the portal, each defined once. Pages, the admin, the staff dashboards, their exports and
the JSON endpoint read them through `metrics.registry`; a new figure is added here (or, when it counts rows
of an app above this one, registered by that app: lifecycle/figures.py).

Per school year (`metrics.periods.SchoolYear`) a figure of a state is read on the year's `as_of` day (who
took part that day); a figure of events counts those from the first day of the year to `as_of`."""

from django.db.models import Avg, Case, Count, FloatField, Q, Value, When
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from meetings.evaluations import RESULTS_FROM
from meetings.models import Attendance, EvaluationAnswer, Meeting
from networks.models import Membership

from .registry import Metric, Unit, register


def _and(condition, only):
    return condition & only if only is not None else condition


def taking_part_on(day, prefix=""):
    """Memberships that had begun and not ended on `day`."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def _taking_part_during(year):
    return taking_part_on(year.as_of)


def _starting_during(lookup, *, whole_year=False):
    """Rows whose `lookup` (a moment) falls in the school year up to its `as_of` (or in the whole year)."""

    def during(year):
        # Planned meetings count over the whole running year, those still to come included; a year read
        # only up to a day (the one compared with) stops at that day.
        whole = whole_year and not year.is_partial
        ends = year.starts.replace(year=year.start_year + 1) if whole else year.ends
        return Q(**{f"{lookup}__gte": year.starts, f"{lookup}__lt": ends})

    return during


MEMBERS = register(
    Metric(
        name="members",
        label=_("Participants"),
        definition=_("People who take part now, in any role, each counted once; whoever left is no longer counted."),
        unit=Unit.PEOPLE,
        higher_is_better=True,
        rows=Membership.objects.current,
        value=lambda only=None: Count("user", distinct=True, filter=only),
        rows_over_time=Membership.objects.all,
        during=_taking_part_during,
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
        value=lambda only=None: Count("school", distinct=True, filter=only),
        rows_over_time=Membership.objects.all,
        during=_taking_part_during,
    )
)


def _share(part, whole):
    return Cast(part, FloatField()) / Cast(NullIf(whole, 0), FloatField())


def _share_present(only=None):
    return _share(Count("pk", filter=_and(Q(present=True), only)), Count("pk", filter=only))


def _share_committed_present(only=None):
    committed = Q(membership__committed_to_attend=True)
    return _share(
        Count("pk", filter=_and(committed & Q(present=True), only)), Count("pk", filter=_and(committed, only))
    )


def _held_attendance():
    """The attendance lists of held meetings."""
    return Attendance.objects.filter(meeting__status=Meeting.Status.HELD)


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
        rows=_held_attendance,
        value=_share_present,
        network="meeting__network",
        meeting="meeting",
        empty=None,
        during=_starting_during("meeting__starts_at"),
    )
)

COMMITTED_PRESENT = register(
    Metric(
        name="committed_present",
        label=_("Committed members present"),
        definition=_(
            "Of the people on the attendance lists of held meetings who committed to attend every meeting, "
            "the share who were there."
        ),
        unit=Unit.SHARE,
        higher_is_better=True,
        rows=_held_attendance,
        value=_share_committed_present,
        network="meeting__network",
        meeting="meeting",
        empty=None,
        during=_starting_during("meeting__starts_at"),
    )
)

MEETINGS_HELD = register(
    Metric(
        name="meetings_held",
        label=_("Meetings held"),
        definition=_("Meetings that took place and were marked as held, counted in the school year of their date."),
        unit=Unit.MEETINGS,
        higher_is_better=True,
        rows=Meeting.objects.all,
        value=lambda only=None: Count("pk", filter=_and(Q(status=Meeting.Status.HELD), only)),
        during=_starting_during("starts_at"),
        dated_by="starts_at",
    )
)

MEETINGS_PLANNED = register(
    Metric(
        name="meetings_planned",
        label=_("Meetings planned"),
        definition=_(
            "Meetings on the calendar of the school year that have not been held or cancelled (yet), "
            "also those still to come."
        ),
        unit=Unit.MEETINGS,
        higher_is_better=True,
        rows=Meeting.objects.all,
        value=lambda only=None: Count("pk", filter=_and(Q(status=Meeting.Status.PLANNED), only)),
        during=_starting_during("starts_at", whole_year=True),
        # This year's count takes in meetings still to come; the year before has none of those any more.
        compared_while_running=False,
        dated_by="starts_at",
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


def _from_enough_answers(value, only):
    return Case(
        When(GreaterThanOrEqual(Count("pk", filter=only), RESULTS_FROM), then=value),
        default=Value(None),
        output_field=FloatField(),
    )


_evaluated_during = _starting_during("meeting__starts_at")


EVALUATION_COUNT = register(
    Metric(
        name="evaluation_count",
        label=_("Evaluations"),
        definition=_("Evaluations given by people who were present, one per person and meeting."),
        unit=Unit.EVALUATIONS,
        higher_is_better=True,
        rows=EvaluationAnswer.objects.all,
        value=lambda only=None: Count("pk", filter=only),
        network="meeting__network",
        meeting="meeting",
        during=_evaluated_during,
    )
)

EVALUATION_OVERALL = register(
    Metric(
        name="evaluation_overall",
        label=_("Score for the meeting"),
        definition=_(
            "Average answer to “How was this meeting, all in all?” (1 to 5); over meetings with 3 evaluations or more."
        ),
        unit=Unit.SCORE,
        higher_is_better=True,
        rows=_shown_answers,
        value=lambda only=None: _from_enough_answers(Avg("overall", output_field=FloatField(), filter=only), only),
        network="meeting__network",
        meeting="meeting",
        empty=None,
        during=_evaluated_during,
    )
)

EVALUATION_USEFUL = register(
    Metric(
        name="evaluation_useful",
        label=_("Useful for my school"),
        definition=_(
            "Average answer to “How useful was it for my school?” (1 to 5); over meetings with 3 evaluations or more."
        ),
        unit=Unit.SCORE,
        higher_is_better=True,
        rows=_shown_answers,
        value=lambda only=None: _from_enough_answers(Avg("useful", output_field=FloatField(), filter=only), only),
        network="meeting__network",
        meeting="meeting",
        empty=None,
        during=_evaluated_during,
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
        value=lambda only=None: _from_enough_answers(
            _share(Count("pk", filter=_and(Q(will_try=True), only)), Count("pk", filter=only)), only
        ),
        network="meeting__network",
        meeting="meeting",
        empty=None,
        during=_evaluated_during,
    )
)
