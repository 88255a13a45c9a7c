"""The kinds of mail the portal sends, registered by the apps that send them.

The mail app knows nothing of meetings or networks: each app declares its kinds (a `TextChoices` in its
`mails.py`) and says for each whether people may switch it off, by naming the `Topic` it belongs to. A
kind without a topic (a password reset, an invitation, a moved meeting, a lifecycle decision) always goes
out. The outbox reads the topic when it queues a mail (preferences) and when it sends one (unsubscribe).
"""

_labels = {}
_topics = {}


def register(kinds, topics=None):
    """Declare the kinds of `kinds` (a TextChoices class); `topics` maps some of them to a mail.Topic.
    Called when the declaring module is imported (each app's `mails.py`, imported by its AppConfig)."""
    for value, label in kinds.choices:
        _labels[value] = label
    for value, topic in (topics or {}).items():
        _topics[value] = topic


def choices():
    """Every registered kind with its label: the `choices` of OutgoingMail.kind (a callable, so that
    registering a kind needs no migration)."""
    return sorted(_labels.items(), key=lambda item: str(item[1]))


def label(kind):
    return _labels.get(kind, kind)


def topic_of(kind):
    """The Topic a kind belongs to, or None when it cannot be switched off."""
    return _topics.get(kind)
