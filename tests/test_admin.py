"""The Django admin works for every registered model, and only for admins."""

import pytest
from django.contrib.admin import site as admin_site
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from mail import outbox
from mail.models import OutgoingMail
from tests.helpers import queue_reset_mail


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", list(admin_site._registry), ids=lambda m: m._meta.label)
def test_admin_lists_and_opens_every_model(login, admin, member, model):
    client = login(admin)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "smit"}).status_code == 200
    if may_add(model, admin):
        assert client.get(admin_url(model, "add")).status_code == 200
    instance = model._default_manager.first()
    if instance is not None:
        assert client.get(admin_url(model, "change", instance.pk)).status_code == 200


def may_add(model, user):
    request = RequestFactory().get("/")
    request.user = user
    return admin_site._registry[model].has_add_permission(request)


def test_admin_shows_an_outbox_row(login, admin, member):
    mail = queue_reset_mail(member)
    response = login(admin).get(admin_url(OutgoingMail, "change", mail.pk))
    assert response.status_code == 200
    assert member.email in response.text


def test_admin_sends_failed_mail_again(login, admin, member, mailoutbox, django_capture_on_commit_callbacks):
    mail = queue_reset_mail(member)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.FAILED, attempts=6, last_error="550")
    with django_capture_on_commit_callbacks() as callbacks:
        response = login(admin).post(
            admin_url(OutgoingMail, "changelist"), {"action": "send_again", "_selected_action": [mail.pk]}
        )
    assert response.status_code == 302
    # One send is queued (logging in also forgets the cached person after commit: members/backends.py).
    assert [c.__qualname__ for c in callbacks if "send_again" in c.__qualname__] == [
        "OutgoingMailAdmin.send_again.<locals>.<lambda>"
    ]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (OutgoingMail.Status.QUEUED, 0, "")
    outbox.deliver(mail.pk)
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_a_member_is_sent_to_the_admin_login(login, member):
    response = login(member).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_login_uses_the_portal_form_and_throttle(db, admin, settings):
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        Client().post("/admin/login/", {"username": admin.email, "password": "fout"})
    response = Client().post("/admin/login/", {"username": admin.email, "password": "een-goed-wachtwoord-42"})
    assert "Te vaak geprobeerd in te loggen." in response.text


def test_admin_login_refuses_a_member_without_admin_access(db, member, password):
    response = Client().post("/admin/login/", {"username": member.email, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_admin_cannot_read_the_link_in_a_password_reset_mail(login, admin, member):
    from members import services

    mail = services.send_password_reset(user=member, occasion="1")
    response = login(admin).get(admin_url(OutgoingMail, "change", mail.pk))
    assert response.status_code == 200
    assert "/account/password-reset/" not in response.text  # the link is made when the mail is sent
    assert member.email in response.text


def _probe(model):
    """A lookup on a field the list does not offer: text where the model has any, its key otherwise."""
    text = [
        field.name
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField") and not field.choices
    ]
    return (f"{text[0]}__regex", "(") if text else ("id__gt", "0")


@pytest.mark.expected_error_log  # Django's security log reports every refused lookup
@pytest.mark.parametrize("model", list(admin_site._registry), ids=lambda m: m._meta.label)
def test_admin_lists_refuse_lookups_they_do_not_offer(login, admin, model):
    # A bad regular expression was a 500, a good one a way to read any field one character at a time.
    client = login(admin)
    lookup, value = _probe(model)
    assert client.get(admin_url(model, "changelist"), {lookup: value}).status_code == 400


@pytest.mark.parametrize("model", list(admin_site._registry), ids=lambda m: m._meta.label)
def test_admin_lists_keep_every_filter_they_offer(login, admin, model):
    client = login(admin)
    changelist = client.get(admin_url(model, "changelist"))
    for spec in changelist.context["cl"].filter_specs:
        for choice in spec.choices(changelist.context["cl"]):
            query = choice["query_string"]
            assert client.get(admin_url(model, "changelist") + query).status_code == 200, query


@pytest.mark.expected_error_log
def test_view_only_admin_cannot_probe_a_calendar_token(client, member, django_user_model):
    viewer = django_user_model.objects.create_user(
        email="kijker@example.nl", full_name="Kijker", password="x" * 12, is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(viewer)
    url = admin_url(django_user_model, "changelist")
    assert client.get(url, {"q": member.email}).status_code == 200
    probe = {"q": member.email, "calendar_token__startswith": member.calendar_token[:1]}
    assert client.get(url, probe).status_code == 400
