from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("networks/", views.directory, name="directory"),
    path("networks/new/", views.create, name="create"),
    path("networks/<slug:slug>/", views.detail, name="detail"),
    path("networks/<slug:slug>/edit/", views.edit, name="edit"),
    path("networks/<slug:slug>/members/", views.members, name="members"),
    path("networks/<slug:slug>/invite/", views.invite, name="invite"),
    path("networks/<slug:slug>/invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("networks/<slug:slug>/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("networks/<slug:slug>/members/<int:pk>/role/", views.change_role, name="change_role"),
    path("networks/<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("networks/<slug:slug>/leave/", views.leave, name="leave"),
    path("networks/<slug:slug>/join/", views.join, name="join"),
    path("networks/<slug:slug>/requests/<int:pk>/accept/", views.decide_join_request, {"accept": True}, name="accept"),
    path(
        "networks/<slug:slug>/requests/<int:pk>/decline/", views.decide_join_request, {"accept": False}, name="decline"
    ),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
