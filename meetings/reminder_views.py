"""The reminder rules of a network: its coordinators (and whoever manages the network) see, add and
remove them on one page. Each change is one service call in meetings/reminders.py, which re-times the
reminders of the meetings ahead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_error, show_service_error
from networks.permissions import get_network_for_manager

from . import reminders
from .models import Reminder, ReminderRule
from .reminder_forms import ReminderRuleForm

# The page lists what waits and what happened lately, never a network's whole history.
SHOWN_REMINDERS = 20


def describe_offset(hours_before):
    """ "7 days before", "2 days and 3 hours before", "5 hours before"."""
    days, hours = divmod(hours_before, 24)
    day_text = ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    hour_text = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    if days and hours:
        return _("%(days)s and %(hours)s before") % {"days": day_text, "hours": hour_text}
    return _("%(time)s before") % {"time": day_text if days else hour_text}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rules(request, slug):
    network, _access = get_network_for_manager(request.user, slug)
    form = ReminderRuleForm(request.POST if request.method == "POST" else None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            rule = reminders.add_reminder_rule(
                network=network,
                hours_before=form.cleaned_data["hours_before"],
                audience=form.cleaned_data["audience"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Reminder added: %(when)s to %(audience)s. The meetings ahead have been updated.")
                % {"when": describe_offset(rule.hours_before), "audience": rule.get_audience_display().lower()},
            )
            return redirect("meetings:reminder_rules", slug=network.slug)
    network_rules = list(ReminderRule.objects.filter(network=network))
    for rule in network_rules:
        rule.offset_label = describe_offset(rule.hours_before)
    of_network = Reminder.objects.filter(meeting__network=network).select_related("meeting")
    ctx = {
        "network": network,
        "form": form,
        "rules": network_rules,
        "may_change": not network.is_stopped,
        "waiting": list(of_network.filter(status=Reminder.Status.PENDING).order_by("due_at")[:SHOWN_REMINDERS]),
        "done": list(of_network.exclude(status=Reminder.Status.PENDING).order_by("-done_at", "-pk")[:SHOWN_REMINDERS]),
    }
    return render(request, "meetings/reminder_rules.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_rule(request, slug, pk):
    network, _access = get_network_for_manager(request.user, slug)
    rule = get_object_or_404(ReminderRule, pk=pk, network=network)
    try:
        reminders.remove_reminder_rule(rule=rule)
    except ValidationError as error:
        show_service_error(request, error)
    else:
        messages.success(
            request,
            _("Reminder removed: %(when)s to %(audience)s. Reminders still waiting for it will not be sent.")
            % {"when": describe_offset(rule.hours_before), "audience": rule.get_audience_display().lower()},
        )
    return redirect("meetings:reminder_rules", slug=network.slug)
