from django.urls import path

from . import evaluation_views, feed_views, mail_trace_views, reminder_views, views

app_name = "meetings"

urlpatterns = [
    path("networks/<slug:slug>/meetings/new/", views.plan, name="plan"),
    path("networks/<slug:slug>/reminders/", reminder_views.rules, name="reminder_rules"),
    path("networks/<slug:slug>/reminders/<int:pk>/remove/", reminder_views.remove_rule, name="remove_reminder_rule"),
    path("meetings/<int:pk>/", views.detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.edit, name="edit"),
    path("meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:pk>/answer/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/calendar.ics", views.ics, name="ics"),
    path("meetings/<int:pk>/mail/", mail_trace_views.mail_trace_page, name="mail_trace"),
    path("meetings/answer/<str:token>/<str:answer>/", views.rsvp_link, name="rsvp_link"),
    path("meetings/<int:pk>/notes/new/", views.note_new, name="note_new"),
    path("meetings/<int:pk>/evaluation/", evaluation_views.evaluate, name="evaluate"),
    path("meetings/<int:pk>/evaluation/results/", evaluation_views.results, name="evaluation_results"),
    path("meetings/evaluation/<str:token>/", evaluation_views.evaluation_link, name="evaluation_link"),
    path("networks/<slug:slug>/evaluations/", evaluation_views.network_results, name="network_evaluations"),
    path("notes/<int:pk>/", views.note, name="note"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/history/", views.note_history, name="note_history"),
    path("notes/files/<int:pk>/", views.note_file, name="note_file"),
    path("search/", views.search, name="search"),
    path("calendar/<str:token>.ics", feed_views.personal_feed, name="feed"),
    path("account/calendar/reset/", feed_views.reset_feed, name="reset_feed"),
]
