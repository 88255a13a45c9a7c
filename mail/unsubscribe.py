"""Unsubscribe links: a signed (person, topic) that switches one topic off, without a login.

Mail programs POST to the link themselves (RFC 8058 one-click), and so may mail scanners that open
every link: GET and HEAD therefore only show a confirmation page; POST switches the topic off. The
token is the credential, so the address is a secret of its recipient (made at send time, redacted in
logs: leernetwerk/secret_paths.py). It does not expire: an old mail's link must still work.
"""

from django.core import signing

from common.reversing import reverse_with_token

from .models import Topic

SALT = "mail.unsubscribe"


def make_token(user_id, topic):
    return signing.dumps([user_id, topic], salt=SALT, compress=True)


def open_token(token):
    """(user id, Topic) of a token, or None when it was tampered with or names no topic."""
    try:
        user_id, topic = signing.loads(token, salt=SALT)
        return int(user_id), Topic(topic)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def unsubscribe_path(*, user, topic):
    """The unsubscribe link of `user` (an id) for `topic`, made when a mail is sent."""
    return reverse_with_token("mail:unsubscribe", make_token(user, topic))
