from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("networks/<slug:slug>/meetings/new/", views.plan, name="plan"),
    path("meetings/<int:pk>/", views.detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.edit, name="edit"),
    path("meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:pk>/answer/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/calendar.ics", views.ics, name="ics"),
    path("meetings/answer/<str:token>/<str:answer>/", views.rsvp_link, name="rsvp_link"),
]
