"""The evaluation of a held meeting: three questions and a comment, for those recorded as present,
open from the end of the meeting for EVALUATION_OPEN_FOR, one answer per person.

Who answered (EvaluationResponse) and what was answered (EvaluationAnswer) are two rows that do not
point at each other, so the results never carry a name. Results are shown from RESULTS_FROM answers
on; the figures themselves are defined once, in metrics/definitions.py, which reads RESULTS_FROM.

The link in the follow-up mail names the meeting and the person in a signed token; it opens a page
whose one button posts, so a mail scanner that opens it changes nothing.
"""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from networks.models import Membership

from .models import Attendance, EvaluationAnswer, EvaluationResponse, Meeting

EVALUATION_OPEN_FOR = timedelta(days=14)
# Below this many answers a result could point at a person: the group is small and people know who came.
RESULTS_FROM = 3
SCORES = range(1, 6)

EVALUATION_SALT = "meetings.evaluation"
# Those who may read the results of a network's evaluations: the people who shape its meetings.
RESULT_ROLES = {Membership.Role.COORDINATOR, Membership.Role.FACILITATOR}


def closes_at(meeting):
    return meeting.ends_at + EVALUATION_OPEN_FOR


# --- The link in the mail -------------------------------------------------------------------------


def evaluation_path(*, meeting, user):
    """The evaluation link of person `user` for `meeting` (both ids), made when a mail is sent."""
    token = signing.dumps([meeting, user], salt=EVALUATION_SALT)
    return reverse("meetings:evaluation_link", kwargs={"token": token})


def open_evaluation_token(token):
    """(meeting_id, user_id) of a signed evaluation link, or None when it was tampered with."""
    try:
        opened = signing.loads(token, salt=EVALUATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(opened, list) and len(opened) == 2 and all(type(part) is int for part in opened)):
        return None
    return opened[0], opened[1]


# --- Reads ----------------------------------------------------------------------------------------


def was_present(meeting, user):
    return Attendance.objects.filter(meeting=meeting, membership__user=user, present=True).exists()


def evaluation_refusal(*, meeting, user, now=None):
    """Why `user` cannot evaluate `meeting` now, or "" when they can. Reads only: the pages ask it before
    offering the form, and `evaluate_meeting` asks it again under the meeting's lock."""
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        return _("This meeting was cancelled; there is nothing to evaluate.")
    if now < meeting.ends_at:
        return _("The evaluation opens when the meeting has ended.")
    if meeting.status != Meeting.Status.HELD:
        return _("Attendance of this meeting has not been recorded yet; the evaluation opens once it has.")
    if not user.is_active:
        return _("This account has been deactivated, so it can no longer evaluate.")
    if not was_present(meeting, user):
        return _("Only those recorded as present at this meeting can evaluate it.")
    if EvaluationResponse.objects.filter(meeting=meeting, user=user).exists():
        return _("You have already evaluated this meeting; each person answers once. Thank you!")
    if now >= closes_at(meeting):
        return _("The evaluation of this meeting closed on %(date)s, two weeks after the meeting.") % {
            "date": date_format(timezone.localtime(closes_at(meeting)), "j F Y")
        }
    return ""


def can_see_results(access):
    """The results (figures and anonymous comments) are for the network's coordinators and its
    facilitator; not for the participants, nor for staff and regional coordinators, who manage the
    network without taking part in it."""
    return access.role in RESULT_ROLES


def comments_of(meeting):
    """The comments given on `meeting`, in alphabetical order: the order they were given in could tell
    who wrote which, as people know who answered first."""
    return list(
        EvaluationAnswer.objects.filter(meeting=meeting)
        .exclude(comment="")
        .order_by("comment")
        .values_list("comment", flat=True)
    )


# --- The one change -------------------------------------------------------------------------------


@transaction.atomic
def evaluate_meeting(*, meeting, user, overall, useful, will_try, comment=""):
    """Record one person's evaluation of a meeting.

    Side effects: one EvaluationResponse (that `user` answered) and one EvaluationAnswer (what was
    answered, without a name). Refused, with a message, when `evaluation_refusal` says no or the person
    answered meanwhile.
    """
    # The lock serialises answers to one meeting, so the refusal below sees every earlier answer.
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    refusal = evaluation_refusal(meeting=meeting, user=user)
    if refusal:
        raise ValidationError(refusal)
    if overall not in SCORES or useful not in SCORES:
        raise ValidationError(_("Give each question a score from 1 to 5."))
    answer = EvaluationAnswer(
        meeting=meeting, overall=overall, useful=useful, will_try=bool(will_try), comment=(comment or "").strip()
    )
    answer.full_clean()
    try:
        with transaction.atomic():
            EvaluationResponse.objects.create(meeting=meeting, user=user)
    except IntegrityError:
        raise ValidationError(
            _("You have already evaluated this meeting; each person answers once. Thank you!")
        ) from None
    answer.save()
    return answer
