from collections import Counter, namedtuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_error, show_service_error
from common.fragments import keep_parts
from common.models import choice_labels
from common.prepared import PreparedQuery
from members.models import User
from metrics import registry as metrics
from networks.models import Membership, Network
from networks.permissions import ACCESS_COLUMNS

from . import evaluations, mail_trace, services
from .calendar import calendar_for
from .forms import CancelForm, MeetingForm, NoteForm, RsvpForm, SearchForm
from .models import MATCH_END, MATCH_START, Attendance, EvaluationResponse, Meeting, Note, Rsvp
from .permissions import (
    can_plan_meetings,
    get_meeting_for_planner,
    get_meeting_for_user,
    get_network_for_planner,
    get_note_file_for_user,
    get_note_for_user,
    meeting_query,
    visible_notes,
)


@login_required
def plan(request, slug):
    network, _access = get_network_for_planner(request.user, slug)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(network=network, planned_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been planned; every member receives an invitation."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "network": network})


@login_required
def edit(request, pk):
    meeting, _access = get_meeting_for_planner(request.user, pk)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=Meeting.objects.get(pk=meeting.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "network": meeting.network, "meeting": meeting})


@login_required
def cancel(request, pk):
    meeting, _access = get_meeting_for_planner(request.user, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been cancelled; the members receive a mail."))
            return redirect(meeting)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting})


# Who was recorded present or absent, as plain values (the summary counts them by school and job role):
# the names of a row's fields -> the lookups they read.
ATTENDANCE_PAGE_COLUMNS = {
    "present": "present",
    "user_id": "membership__user_id",
    "name": "membership__user__full_name",
    "job_role": "membership__user__job_role",
    "school": "membership__school__name",
    "committed": "membership__committed_to_attend",
}
_AttendanceRow = namedtuple("_AttendanceRow", ATTENDANCE_PAGE_COLUMNS)
DETAIL_ATTENDANCE = PreparedQuery(
    Attendance,
    lambda meeting: (
        Attendance.objects.filter(meeting=meeting).order_by("pk").values_list(*ATTENDANCE_PAGE_COLUMNS.values())
    ),
)
_JOB_ROLE = User._meta.get_field("job_role")


# A held meeting's attendance rate (as the network page and the dashboards count it) and whether the reader
# answered its evaluation: one query, built once per process.
HELD_FIGURES = PreparedQuery(
    Meeting,
    lambda meeting, user: (
        Meeting.objects.filter(pk=meeting)
        .annotate(
            **metrics.columns(Meeting, "attendance_rate"),
            evaluation_answered=Exists(EvaluationResponse.objects.filter(meeting=OuterRef("pk"), user=user)),
        )
        .values_list("attendance_rate", "evaluation_answered")
    ),
)


def _held_meeting_summary(meeting, user):
    """Who came, counted by school and by job role, which committed members stayed away, the attendance
    rate, and what the page offers `user` about the evaluation. Read only for held meetings, so the planned
    meetings most visits are for do not pay for the figure's subquery."""
    rows = [_AttendanceRow(*row) for row in DETAIL_ATTENDANCE.all(meeting=meeting.pk)]
    attendance_rate, evaluation_answered = HELD_FIGURES.get(meeting=meeting.pk, user=user.pk)
    present = [row for row in rows if row.present]
    without_school = _("Without a school")
    job_roles = choice_labels(_JOB_ROLE)
    return {
        "evaluation": _evaluation_offer(meeting, user, present, evaluation_answered),
        "present_count": len(present),
        "attendance_count": len(rows),
        "figures": {"attendance_rate": attendance_rate},
        "by_school": sorted(Counter(row.school or without_school for row in present).items()),
        "by_role": sorted(Counter(job_roles.get(row.job_role, row.job_role) for row in present).items()),
        "absent_committed": [{"full_name": row.name} for row in rows if row.committed and not row.present],
    }


# The meeting with its reader's access, and whether a mail about it failed for good: one query.
DETAIL_QUERY = meeting_query(columns=lambda _user_id: {"has_failed_mail": mail_trace.has_failed_mail()})
# Who answered, as plain values: the page shows names and answers only, and 16 answers as model objects (an
# Rsvp and a User each) took longer to make than the query to run.
RSVP_PAGE_COLUMNS = ("user_id", "user__full_name", "answer", "comment", "waitlisted_at")
DETAIL_RSVPS = PreparedQuery(
    Rsvp,
    lambda meeting: Rsvp.objects.filter(meeting=meeting).order_by("answered_at").values_list(*RSVP_PAGE_COLUMNS),
)
_ANSWER = Rsvp._meta.get_field("answer")


def _answers_for_page(rows):
    """The rows of DETAIL_RSVPS as the page shows them: dicts, with the answer's label in the reader's language."""
    labels = choice_labels(_ANSWER)
    answers = []
    for user_id, name, answer, comment, waitlisted_at in rows:
        answers.append(
            {
                "user_id": user_id,
                "name": name,
                "answer": answer,
                "answer_label": labels.get(answer, answer),
                "comment": comment,
                "is_waitlisted": waitlisted_at is not None,  # as Rsvp.is_waitlisted
            }
        )
    return answers


def _answer_fields(mine):
    """What meetings/_rsvp_fields.html shows: RsvpForm's fields (labels, choices, limits), filled in with the
    reader's answer, without making a form (deep copies of its fields) for a page that only shows it."""
    fields = RsvpForm.base_fields
    labels = choice_labels(_ANSWER)
    return {
        "answer_label": fields["answer"].label,
        "choices": [(value, labels[value]) for value, _label in fields["answer"].choices],
        "chosen": mine["answer"] if mine else None,
        "comment_label": fields["comment"].label,
        "comment_max_length": fields["comment"].max_length,
        "comment": mine["comment"] if mine else "",
    }


@login_required
def detail(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk, query=DETAIL_QUERY)
    # Answers show only while the meeting is planned (who comes, the reader's own); after it, attendance does.
    planned = meeting.status == Meeting.Status.PLANNED
    rsvps = _answers_for_page(DETAIL_RSVPS.all(meeting=meeting.pk)) if planned else []
    mine = next((r for r in rsvps if r["user_id"] == request.user.pk), None)
    ctx = {
        "meeting": meeting,
        "network": meeting.network,
        "can_plan": can_plan_meetings(access),
        "is_member": access.is_member,
        "mine": mine,
        "answer_fields": _answer_fields(mine),
        "coming": [r for r in rsvps if r["answer"] == Rsvp.Answer.YES and not r["is_waitlisted"]],
        "waiting": [r for r in rsvps if r["is_waitlisted"]],
        "maybe": [r for r in rsvps if r["answer"] == Rsvp.Answer.MAYBE],
        "not_coming": [r for r in rsvps if r["answer"] == Rsvp.Answer.NO],
        "notes": list(visible_notes(meeting, access)),
        # Mails that failed for good, for the network's coordinators to follow up (meetings/mail_trace.py).
        "mail_problems": mail_trace.failed_mails(meeting)
        if meeting.has_failed_mail and access.role == Membership.Role.COORDINATOR
        else [],
        "can_trace_mail": mail_trace.can_trace_mail(request.user),
        "has_started": meeting.has_started,  # by the clock: a value here, so that it is in `page_key`
    }
    if meeting.status == Meeting.Status.HELD:
        ctx.update(_held_meeting_summary(meeting, request.user))
    # The page's parts are kept under digests of all the above, as the network page's are
    # (templates/meetings/detail.html, common/fragments.py): the reader's own answer only in the answer form's.
    keep_parts(ctx, own=("mine", "answer_fields"), leave_out=ACCESS_COLUMNS)
    return render(request, "meetings/detail.html", ctx)


def _evaluation_offer(meeting, user, present, answered):
    """What the page offers this person about the evaluation: "open" (the button), "answered", or "" (they
    were not recorded present, or it has closed): the form would only refuse them."""
    if user.pk not in {row.user_id for row in present} or timezone.now() >= evaluations.closes_at(meeting):
        return ""
    return "answered" if answered else "open"


@login_required
@require_POST
def rsvp(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or maybe."))
        return redirect(meeting)
    try:
        answer = services.answer_invitation(meeting=meeting, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(request, _answer_message(answer))
    return redirect(meeting)


def _answer_message(rsvp):
    if rsvp.is_waitlisted:
        return _("The meeting is full: you are on the waiting list and get a mail when a seat frees up.")
    return _("Your answer has been saved: %(answer)s.") % {"answer": rsvp.get_answer_display()}


@never_cache  # personal (whose answer, which meeting) and carries a CSRF token
@require_http_methods(["GET", "HEAD", "OPTIONS", "POST"])
def rsvp_link(request, token, answer):
    """The answer buttons in a meeting mail, no login needed: the signed token says who answers.

    Opening the link changes nothing: mail scanners open every link in a mail (GET, HEAD, OPTIONS), and
    would otherwise answer for the person and hand their seat to the waiting list. The page shows the
    choice with one big button that POSTs it. Works until the meeting starts.
    """
    if request.method == "OPTIONS":
        response = HttpResponse()
        response["Allow"] = "GET, HEAD, OPTIONS, POST"
        return response
    opened = services.open_rsvp_token(token)
    if opened is None or answer not in Rsvp.Answer.values:
        return render(request, "meetings/rsvp_link.html", {"problem": "invalid"}, status=404)
    meeting = Meeting.objects.select_related("network").filter(pk=opened[0]).first()
    user = User.objects.filter(pk=opened[1]).first()
    if meeting is None or user is None:
        return render(request, "meetings/rsvp_link.html", {"problem": "invalid"}, status=404)
    ctx = {"meeting": meeting, "network": meeting.network, "person": user, "choice": Rsvp.Answer(answer)}
    if request.method == "POST":
        try:
            rsvp = services.answer_invitation(meeting=meeting, user=user, answer=answer)
        except ValidationError as error:
            return render(request, "meetings/rsvp_link.html", {**ctx, "problem": error.messages[0]}, status=410)
        return render(request, "meetings/rsvp_link.html", {**ctx, "rsvp": rsvp, "message": _answer_message(rsvp)})
    problem = services.answer_refusal(meeting=meeting, user=user)
    if problem:
        return render(request, "meetings/rsvp_link.html", {**ctx, "problem": problem}, status=410)
    ctx["current"] = Rsvp.objects.filter(meeting=meeting, user=user).first()
    ctx["other_choices"] = [
        (choice.label, reverse("meetings:rsvp_link", kwargs={"token": token, "answer": choice.value}))
        for choice in Rsvp.Answer
        if choice != answer
    ]
    return render(request, "meetings/rsvp_link.html", ctx)


@login_required
def attendance(request, pk):
    meeting, _access = get_meeting_for_planner(request.user, pk)
    members = list(
        Membership.objects.current()
        .filter(network=meeting.network)
        .select_related("user", "school")
        .order_by("school__name", "user__full_name")
    )
    if request.method == "POST":
        ids = {
            int(value)
            for value in request.POST.getlist("present")
            if value.isascii() and value.isdecimal() and len(value) < 19
        }
        try:
            services.record_attendance(meeting=meeting, recorded_by=request.user, present_membership_ids=ids)
        except ValidationError as error:
            show_service_error(request, error)
        else:
            messages.success(request, _("Attendance has been saved."))
        return redirect(meeting)
    recorded = {a.membership_id: a.present for a in meeting.attendances.all()}
    said_yes = set(
        meeting.rsvps.filter(answer=Rsvp.Answer.YES, waitlisted_at__isnull=True).values_list("user_id", flat=True)
    )
    rows = [(m, recorded.get(m.pk, m.user_id in said_yes)) for m in members]
    return render(request, "meetings/attendance.html", {"meeting": meeting, "rows": rows})


@login_required
def ics(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk)
    response = HttpResponse(calendar_for([meeting]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{meeting.pk}.ics"'
    return response


# --- Session notes --------------------------------------------------------------------------------


def _note_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "is_confidential": data["is_confidential"],
        "upload": data.get("upload"),
    }


@login_required
def note_new(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk)
    if not access.is_member:
        raise PermissionDenied
    form = NoteForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.write_note(meeting=meeting, author=request.user, **_note_fields(form))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notes have been saved."))
            return redirect(note)
    return render(request, "meetings/note_form.html", {"form": form, "meeting": meeting})


@login_required
def note(request, pk):
    note, _access = get_note_for_user(request.user, pk)
    ctx = {
        "note": note,
        "meeting": note.meeting,
        "files": list(note.files.all()),
        "can_edit": note.author_id == request.user.pk,
    }
    return render(request, "meetings/note.html", ctx)


@login_required
def note_edit(request, pk):
    note, _access = get_note_for_user(request.user, pk)
    if note.author_id != request.user.pk:
        raise PermissionDenied
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        instance=Note.objects.get(pk=note.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_note(note=note, editor=request.user, **_note_fields(form))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notes have been saved; the earlier version stays in the history."))
            return redirect(note)
    return render(request, "meetings/note_form.html", {"form": form, "meeting": note.meeting, "note": note})


@login_required
def note_history(request, pk):
    note, access = get_note_for_user(request.user, pk)
    revisions = note.revisions.select_related("editor")
    if not access.is_member:
        # A note that was confidential before its author opened it up keeps those versions inside.
        revisions = revisions.filter(is_confidential=False)
    return render(request, "meetings/note_history.html", {"note": note, "revisions": list(revisions)})


@login_required
def note_file(request, pk):
    """Files are only ever served here, after the same check as their note, and always as a download."""
    note_file = get_note_file_for_user(request.user, pk)
    response = FileResponse(
        note_file.file.open("rb"), as_attachment=True, filename=note_file.name, content_type=note_file.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _snippet(text):
    if text.rfind(MATCH_START) > text.rfind(MATCH_END):  # the length limit cut a match in two
        text += MATCH_END
    return mark_safe(escape(text).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))


@login_required
def search(request):
    """Meetings and notes of the person's own networks, in Dutch, best matches first."""
    form = SearchForm(request.GET or None)
    ctx = {"form": form, "meetings": [], "notes": [], "searched": False}
    if form.is_valid():
        text = form.cleaned_data["q"]
        # Only networks the person is a member of: confidential notes are among the results.
        networks = Network.objects.of_member(request.user)
        ctx["meetings"] = [(m, _snippet(m.snippet)) for m in Meeting.objects.search(text, networks=networks)[:20]]
        ctx["notes"] = [(n, _snippet(n.snippet)) for n in Note.objects.search(text, networks=networks)[:20]]
        ctx["searched"] = True
    return render(request, "meetings/search.html", ctx)
