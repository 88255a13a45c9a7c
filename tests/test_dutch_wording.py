"""Dutch as a first-time user reads it: dates in subjects, counts, the informal "je", the night the clocks
change, and mails that do not claim an account the reader does not have."""

import gettext as gnu_gettext
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import django
import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext

from mail.models import OutgoingMail
from meetings import services as meeting_services
from meetings.models import Meeting
from members import django_strings
from networks import services as network_services
from networks.models import Invitation, Membership
from tests.factories import AttendanceFactory, MeetingFactory, MembershipFactory, UserFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
# Formal address in Dutch: "u", "uw", "uzelf" as whole words.
FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


def in_days(days, hour=15):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def main_content(response):
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group(0)


def last_sunday(year, month):
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_clock_change(month):
    """The next last Sunday of `month` (3: clocks go forward, 10: back) at least two days ahead."""
    year = timezone.localdate().year
    day = last_sunday(year, month)
    return day if day > timezone.localdate() + timedelta(days=2) else last_sunday(year + 1, month)


# --- Mail subjects ------------------------------------------------------------------------------------


def test_meeting_subjects_have_lower_case_dutch_day_and_month(db, network, coordinator, member):
    starts = in_days(10)
    english = MembershipFactory(network=network, user__language="en").user
    meeting_services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Start",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Zwolle",
    )
    subject = OutgoingMail.objects.get(recipient=member.email).subject
    dutch_date = f"{DAYS[starts.weekday()]} {starts.day} {MONTHS[starts.month - 1]}"
    assert subject == f"Uitnodiging: {network.name}, {dutch_date} 15:00"
    english_subject = OutgoingMail.objects.get(recipient=english.email).subject
    assert (
        english_subject
        == f"Invitation: {network.name}, {starts.strftime('%a')} {starts.day} {starts.strftime('%b')} 15:00"
    )


# --- Counting who came --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "total", "sentence"),
    [(1, 2, "1 van de 2 leden was er."), (2, 3, "2 van de 3 leden waren er."), (0, 2, "0 van de 2 leden waren er.")],
)
def test_attendance_sentence_agrees_with_the_number_present(login, network, member, present, total, sentence):
    others = [MembershipFactory(network=network) for _ in range(total - 1)]
    meeting = MeetingFactory(network=network, held=True, title="Terugblik")
    memberships = [Membership.objects.get(user=member), *others]
    for index, membership in enumerate(memberships):
        AttendanceFactory(meeting=meeting, membership=membership, present=index < present)
    page = login(member).get(f"/meetings/{meeting.pk}/")
    assert sentence in page.content.decode()


# --- Informal "je", also in Django's own messages -----------------------------------------------------


def test_our_dutch_catalog_never_says_u_or_uw():
    catalog = gnu_gettext.GNUTranslations((Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.mo").open("rb"))
    formal = {msgid: text for msgid, text in catalog._catalog.items() if msgid and FORMAL.search(text)}
    assert formal == {}


def test_our_catalog_overrides_djangos_formal_password_messages():
    django_auth = gnu_gettext.translation(
        "django", Path(django.__file__).parent / "contrib/auth/locale", languages=["nl"], fallback=False
    )
    with translation.override("nl"):
        for msgid in django_strings.MESSAGES:
            assert not FORMAL.search(gettext(msgid)), msgid
            assert gettext(msgid) != msgid, f"no Dutch for {msgid!r}"
        for count in (1, 8):
            singular = "Your password must contain at least %(min_length)d character."
            plural = "Your password must contain at least %(min_length)d characters."
            ours = ngettext(singular, plural, count) % {"min_length": count}
            assert ours.startswith("Je wachtwoord moet minstens")
            assert django_auth.ngettext(singular, plural, count).startswith("Uw wachtwoord")  # what we replace


def test_password_change_page_and_its_errors_say_je(login, member):
    client = login(member)
    page = client.get("/account/password/")
    content = main_content(page)
    assert "Je wachtwoord mag niet te veel op je andere persoonlijke gegevens lijken." in content
    assert not FORMAL.search(re.sub(r"<[^>]+>", " ", content))
    wrong = client.post(
        "/account/password/",
        {"old_password": "niet-het-wachtwoord", "new_password1": "1234", "new_password2": "1234"},
    )
    errors = main_content(wrong)
    assert "Je oude wachtwoord klopt niet. Vul het opnieuw in." in errors
    assert not FORMAL.search(re.sub(r"<[^>]+>", " ", errors))


def test_password_reset_confirm_page_says_je(db, client):
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page = client.get(f"/account/password-reset/{uid}/{default_token_generator.make_token(user)}/", follow=True)
    assert page.context["validlink"]
    content = main_content(page)
    assert "Je wachtwoord moet minstens 8 tekens lang zijn." in content
    assert not FORMAL.search(re.sub(r"<[^>]+>", " ", content))


def test_invitation_signup_page_says_je(db, network, coordinator):
    network_services.invite_people(network=network, inviter=coordinator, emails=["nieuw@school.nl"], role="member")
    link = f"/invitations/{network_services.invitation_token(Invitation.objects.get())}/"
    content = main_content(Client().get(link))
    assert "Je wachtwoord mag geen veelgebruikt wachtwoord zijn." in content
    assert not FORMAL.search(re.sub(r"<[^>]+>", " ", content))


# --- The night the clocks change ----------------------------------------------------------------------


def plan_form(starts, ends):
    return {
        "title": "Nachtelijke bijeenkomst",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
        "place": "Zwolle",
        "work_forms": [],
    }


def test_a_time_skipped_when_the_clocks_go_forward_gets_a_clear_message(login, network, coordinator):
    day = next_clock_change(3)
    response = login(coordinator).post(
        f"/networks/{network.slug}/meetings/new/",
        plan_form(datetime.combine(day, time(2, 30)), datetime.combine(day, time(4, 0))),
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["starts_at"]
    weekday_and_date = f"zondag {day.day} maart {day.year}"
    assert message == (
        f"Op {weekday_and_date} gaat de klok een uur vooruit, dus 02:30 bestaat die dag niet. "
        "Kies 03:30 of een andere tijd."
    )
    assert not Meeting.objects.exists()


def test_a_time_in_the_hour_that_happens_twice_is_taken_as_the_first(login, network, coordinator):
    day = next_clock_change(10)
    response = login(coordinator).post(
        f"/networks/{network.slug}/meetings/new/",
        plan_form(datetime.combine(day, time(2, 30)), datetime.combine(day, time(4, 0))),
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    # 02:30 summer time (UTC+2), the first of the two: 00:30 UTC; the meeting lasts until 04:00 winter time.
    assert meeting.starts_at == datetime.combine(day, time(0, 30), tzinfo=ZoneInfo("UTC"))
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2, minutes=30)


# --- Mail to someone without an account ---------------------------------------------------------------


def test_invitation_to_an_address_without_account_does_not_claim_one(
    db, network, coordinator, send_queued_mail, mailoutbox
):
    existing = UserFactory(email="bestaand@school.nl")
    network_services.invite_people(
        network=network, inviter=coordinator, emails=["nieuw@school.nl", existing.email], role="member"
    )
    assert send_queued_mail() == 2
    mails = {message.to[0]: message for message in mailoutbox}
    new_text, (new_html, _type) = mails["nieuw@school.nl"].body, mails["nieuw@school.nl"].alternatives[0]
    assert "omdat je een account hebt" not in new_html + new_text
    assert "omdat dit adres is uitgenodigd voor een leernetwerk" in new_html
    existing_html, _type = mails[existing.email].alternatives[0]
    assert "omdat je een account hebt op het leernetwerkenportaal" in existing_html
