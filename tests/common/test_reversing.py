"""Addresses made by the thousand (common/reversing.py) are those reverse() makes."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from common.reversing import reverse_kept, reverse_with_token
from mail.models import Topic
from mail.unsubscribe import open_token, unsubscribe_path
from meetings.services import answer_path, open_rsvp_token

TOKENS = [  # written out: the parametrisation must be the same in every test process
    "WzEyLDM0XQ:1vQ9xZ:Kq3b1m0YB1fj1yZ5v0v2b2k2nWm6y8PqV1c8vQh3Lrs",  # as signing.dumps writes them
    ".eJyLNtRRKkktLlGyUlBKTC0uSS1SslIqTi0uTi3KzEtXAHFTAA:1vQ9xZ:0XyAhT1pS9dD8jT2a1wq3i8e1Qp4v5r6t7y8u9i0o1p",
    "a:b-c_d",
    "héllo wörld",  # not URL-safe: reversed the long way, quoted
    "50%",
]


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("prefix", ["/", "/portal/"])
def test_an_address_with_a_token_is_what_reverse_gives(token, prefix):
    set_script_prefix(prefix)
    try:
        for _ in range(2):
            assert reverse_with_token("mail:unsubscribe", token) == reverse("mail:unsubscribe", kwargs={"token": token})
            assert reverse_with_token("meetings:rsvp_link", token, answer="yes") == reverse(
                "meetings:rsvp_link", kwargs={"token": token, "answer": "yes"}
            )
    finally:
        set_script_prefix("/")


def test_a_token_that_fits_no_address_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        reverse_with_token("mail:unsubscribe", "a/b")


def test_kept_addresses_are_those_reverse_gives_also_for_objects_and_flags():
    class Thing:
        def __str__(self):
            return "41"

    assert reverse_kept("meetings:detail", args=[7]) == reverse("meetings:detail", args=[7])
    assert reverse_kept("meetings:detail", args=[Thing()]) == "/meetings/41/"
    assert reverse_kept("networks:detail", kwargs={"slug": "x"}) == "/networks/x/"
    with pytest.raises(NoReverseMatch):
        reverse_kept("meetings:detail", args=[True])  # not taken for the kept /meetings/1/


def test_a_mail_s_answer_links_open_for_its_own_person_and_meeting_only():
    paths = {
        (meeting, user, answer): answer_path(meeting=meeting, user=user, answer=answer)
        for meeting in (1, 2)
        for user in (10, 11)
        for answer in ("yes", "no", "maybe")
    }
    for (meeting, user, answer), path in paths.items():
        token = path.split("/")[3]  # /meetings/answer/<token>/<answer>/
        assert open_rsvp_token(token) == (meeting, user), path
        assert path == reverse("meetings:rsvp_link", kwargs={"token": token, "answer": answer})
    assert len(set(paths.values())) == len(paths)


def test_an_unsubscribe_link_holds_its_own_person_and_topic():
    path = unsubscribe_path(user=5, topic=Topic.REMINDERS)
    token = path.split("/")[3]  # /mail/unsubscribe/<token>/
    assert open_token(token) == (5, Topic.REMINDERS)
    assert path == reverse("mail:unsubscribe", kwargs={"token": token})
