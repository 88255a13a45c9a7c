"""The phases of a learning network and the moves between them: which exist, who may make them, what
each does. Pure: no database, no Django models, so the rules read as a table and test in microseconds.
The services (services.py) apply them under a row lock; nothing else changes a phase.

    forming --start support--> facilitated --last supported meeting held--> deciding
    deciding --outcome--> self_directed | stopped | intending
    intending --follow-up answer--> self_directed | stopped
    forming | facilitated --it faded--> stopped;  self_directed --stops--> stopped
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networks.models import Phase


class Actor(StrEnum):
    """Who makes a move: a person in a role towards the network, or the portal itself."""

    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    REGIONAL_COORDINATOR = "regional_coordinator"
    STAFF = "staff"  # VO-raad
    PORTAL = "portal"  # on its own: the last supported meeting was held


MANAGERS = frozenset({Actor.COORDINATOR, Actor.REGIONAL_COORDINATOR, Actor.STAFF})


@dataclass(frozen=True)
class Move:
    source: Phase
    target: Phase
    by: frozenset  # of Actor
    effect: str  # what the move does, in a line (shown to staff and in the README)
    needs_reason: bool = False


MOVES = [
    Move(
        Phase.FORMING,
        Phase.FACILITATED,
        MANAGERS,
        _("The supported phase starts: the facilitator guides the next meetings, up to the network's quota."),
    ),
    Move(
        Phase.FACILITATED,
        Phase.DECIDING,
        frozenset({Actor.PORTAL}),
        _("The last supported meeting was held: every member is asked whether to continue."),
    ),
    Move(
        Phase.DECIDING,
        Phase.SELF_DIRECTED,
        MANAGERS,
        _("The network continues on its own; the facilitator stays only if the network keeps them on."),
    ),
    Move(
        Phase.DECIDING,
        Phase.STOPPED,
        MANAGERS,
        _("The network stops when support ends; its notes stay readable."),
        needs_reason=True,
    ),
    Move(
        Phase.DECIDING,
        Phase.INTENDING,
        MANAGERS,
        _("The network intends to continue; the coordinator is asked later whether it did."),
    ),
    Move(
        Phase.INTENDING,
        Phase.SELF_DIRECTED,
        MANAGERS,
        _("The intention came true: the network continues on its own."),
    ),
    Move(
        Phase.INTENDING,
        Phase.STOPPED,
        MANAGERS,
        _("The intention did not come true: the network has stopped."),
    ),
    Move(
        Phase.FORMING,
        Phase.STOPPED,
        MANAGERS,
        _("The network faded before its supported phase; its notes stay readable."),
        needs_reason=True,
    ),
    Move(
        Phase.FACILITATED,
        Phase.STOPPED,
        MANAGERS,
        _("The network faded during its supported phase; its notes stay readable."),
        needs_reason=True,
    ),
    Move(
        Phase.SELF_DIRECTED,
        Phase.STOPPED,
        MANAGERS,
        _("The network stops; its notes stay readable."),
        needs_reason=True,
    ),
]
_MOVES = {(move.source, move.target): move for move in MOVES}

# The outcomes of the decision after support, and the phase each leads to.
OUTCOME_PHASES = {
    "continue": Phase.SELF_DIRECTED,
    "stop": Phase.STOPPED,
    "intend": Phase.INTENDING,
}

# Phases in which a network is active: it meets, and its health is watched.
ACTIVE_PHASES = frozenset({Phase.FORMING, Phase.FACILITATED, Phase.DECIDING, Phase.INTENDING, Phase.SELF_DIRECTED})


class MoveRefused(ValidationError):
    """A move the rules do not allow, with the reason in the user's language (pages show it like any
    other refusal of a service)."""


def move_between(source, target):
    """The move from `source` to `target`, or None when the rules have none."""
    return _MOVES.get((Phase(source), Phase(target)))


def check_move(source, target, actors, reason=""):
    """The move, when one of `actors` may make it from `source` to `target`; else MoveRefused."""
    move = move_between(source, target)
    if move is None:
        raise MoveRefused(
            _("A network cannot go from “%(source)s” to “%(target)s”.")
            % {"source": Phase(source).label, "target": Phase(target).label}
        )
    if not move.by & set(actors):
        raise MoveRefused(
            _("You may not move this network from “%(source)s” to “%(target)s”.")
            % {"source": Phase(source).label, "target": Phase(target).label}
        )
    if move.needs_reason and not reason.strip():
        raise MoveRefused(_("Give a reason: it is kept in the network's history."))
    return move


def moves_open_to(source, actors):
    """The moves from `source` that one of `actors` may make (for the buttons a page offers)."""
    return [move for move in MOVES if move.source == source and move.by & set(actors)]


def supported_meetings_left(quota, used):
    """How many supported meetings remain of `quota` when `used` are held or planned."""
    return max(quota - used, 0)


def may_plan_supported(phase, quota, used):
    """Whether a network may plan another meeting now: in its supported phase only within its quota."""
    return phase != Phase.FACILITATED or used < quota


def decision_is_due(phase, quota, held):
    """The supported phase ends when the last supported meeting was held."""
    return phase == Phase.FACILITATED and held >= quota


def one_supported_meeting_left(phase, quota, held):
    """When to tell the network to plan what comes after support: one supported meeting to go."""
    return phase == Phase.FACILITATED and held == quota - 1
