from django.urls import path

from . import views

app_name = "lifecycle"
urlpatterns = [
    path("networks/<slug:slug>/phase/support/", views.start_support, name="start_support"),
    path("networks/<slug:slug>/phase/stop/", views.stop, name="stop"),
    path("networks/<slug:slug>/quota/", views.quota, name="quota"),
    path("networks/<slug:slug>/decision/", views.decision, name="decision"),
    path("networks/<slug:slug>/view/", views.give_view, name="view"),
    path("networks/<slug:slug>/follow-up/", views.follow_up, name="follow_up"),
    # From mails (secret: redacted in logs, leernetwerk/secret_paths.py): a page whose one button posts.
    path("lifecycle/view/<str:token>/<str:choice>/", views.view_link, name="view_link"),
    path("lifecycle/follow-up/<str:token>/", views.follow_up_link, name="follow_up_link"),
]
