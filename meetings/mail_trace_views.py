"""The staff's page that tells, for one meeting and one person, which mails went out and why others did not."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import mail_trace
from .models import Meeting


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class TracePersonForm(forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(
            label=_("Person"),
            queryset=people,
            empty_label=_("Choose a person"),
            error_messages={
                "required": _("Choose a person who is or was a member of this network."),
                "invalid_choice": _("Choose a person who is or was a member of this network."),
            },
        )


@login_required
@require_http_methods(["GET", "HEAD"])
def mail_trace_page(request, pk):
    """For VO-raad staff: the mails to one person about this meeting, and per reminder why they did or did
    not get it. Everyone else gets 404: the page shows who got what."""
    if not mail_trace.can_trace_mail(request.user):
        raise Http404
    meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
    form = TracePersonForm(request.GET or None, people=mail_trace.people_to_choose(meeting))
    ctx = {"meeting": meeting, "network": meeting.network, "form": form, "trace": None}
    if form.is_bound and form.is_valid():
        ctx["trace"] = mail_trace.trace(meeting, form.cleaned_data["person"])
    return render(request, "meetings/mail_trace.html", ctx, status=400 if form.is_bound and form.errors else 200)
