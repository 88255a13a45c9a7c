"""The rules of the lifecycle (lifecycle/rules.py): every pair of phases for every actor is allowed
exactly where the table of moves says so, and refused otherwise with MoveRefused. Pure: no database."""

import itertools

import pytest

from lifecycle import rules
from lifecycle.rules import MANAGERS, MOVES, Actor, MoveRefused
from networks.models import Phase

PAIRS = [(source, target) for source, target in itertools.product(Phase, Phase) if source != target]
ALLOWED = {(move.source, move.target, actor) for move in MOVES for actor in move.by}

# The table as the issue states it, written out independently of MOVES.
EXPECTED_MOVES = {
    (Phase.FORMING, Phase.FACILITATED): MANAGERS,
    (Phase.FACILITATED, Phase.DECIDING): {Actor.PORTAL},
    (Phase.DECIDING, Phase.SELF_DIRECTED): MANAGERS,
    (Phase.DECIDING, Phase.STOPPED): MANAGERS,
    (Phase.DECIDING, Phase.INTENDING): MANAGERS,
    (Phase.INTENDING, Phase.SELF_DIRECTED): MANAGERS,
    (Phase.INTENDING, Phase.STOPPED): MANAGERS,
    (Phase.FORMING, Phase.STOPPED): MANAGERS,
    (Phase.FACILITATED, Phase.STOPPED): MANAGERS,
    (Phase.SELF_DIRECTED, Phase.STOPPED): MANAGERS,
}
NEEDS_REASON = {
    (Phase.DECIDING, Phase.STOPPED),
    (Phase.FORMING, Phase.STOPPED),
    (Phase.FACILITATED, Phase.STOPPED),
    (Phase.SELF_DIRECTED, Phase.STOPPED),
}


def test_the_table_of_moves_is_the_one_the_programme_describes():
    assert {(move.source, move.target): set(move.by) for move in MOVES} == {
        pair: set(actors) for pair, actors in EXPECTED_MOVES.items()
    }
    assert {(move.source, move.target) for move in MOVES if move.needs_reason} == NEEDS_REASON


def test_the_facilitator_makes_no_move_and_the_portal_only_the_move_to_deciding():
    assert not any(Actor.FACILITATOR in move.by for move in MOVES)
    assert [(m.source, m.target) for m in MOVES if Actor.PORTAL in m.by] == [(Phase.FACILITATED, Phase.DECIDING)]


def test_a_stopped_network_never_moves_again():
    assert all(rules.move_between(Phase.STOPPED, target) is None for target in Phase)


@pytest.mark.parametrize("actor", list(Actor))
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_move_is_allowed_exactly_where_the_table_says(source, target, actor):
    if (source, target, actor) in ALLOWED:
        move = rules.check_move(source, target, {actor}, reason="De scholen hebben geen tijd meer.")
        assert (move.source, move.target) == (source, target)
    else:
        with pytest.raises(MoveRefused) as refused:
            rules.check_move(source, target, {actor}, reason="De scholen hebben geen tijd meer.")
        assert refused.value.messages  # said why, in words


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_move_that_does_not_exist_is_refused_for_everyone_together(source, target):
    if (source, target) in EXPECTED_MOVES:
        return
    with pytest.raises(MoveRefused):
        rules.check_move(source, target, set(Actor), reason="Reden")


def test_refusal_names_both_phases_or_the_persons_role():
    with pytest.raises(MoveRefused) as missing:
        rules.check_move(Phase.STOPPED, Phase.FORMING, {Actor.STAFF})
    assert str(Phase.STOPPED.label) in missing.value.messages[0]
    assert str(Phase.FORMING.label) in missing.value.messages[0]
    with pytest.raises(MoveRefused) as not_yours:
        rules.check_move(Phase.FACILITATED, Phase.DECIDING, {Actor.COORDINATOR})
    assert not_yours.value.messages[0] != missing.value.messages[0]


@pytest.mark.parametrize(("source", "target"), sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_stop_needs_a_reason(source, target, reason):
    with pytest.raises(MoveRefused):
        rules.check_move(source, target, {Actor.COORDINATOR}, reason=reason)
    assert rules.check_move(source, target, {Actor.COORDINATOR}, reason="Geen animo meer").target == Phase.STOPPED


@pytest.mark.parametrize(
    ("source", "target"), sorted(set(EXPECTED_MOVES) - NEEDS_REASON - {(Phase.FACILITATED, Phase.DECIDING)})
)
def test_other_moves_need_no_reason(source, target):
    assert rules.check_move(source, target, {Actor.COORDINATOR}).target == target


def test_moves_open_to_lists_the_buttons_a_page_may_offer():
    targets = {move.target for move in rules.moves_open_to(Phase.DECIDING, {Actor.COORDINATOR})}
    assert targets == {Phase.SELF_DIRECTED, Phase.STOPPED, Phase.INTENDING}
    assert rules.moves_open_to(Phase.DECIDING, {Actor.FACILITATOR}) == []
    assert rules.moves_open_to(Phase.STOPPED, set(Actor)) == []


@pytest.mark.parametrize(
    ("phase", "quota", "used", "may"),
    [
        (Phase.FACILITATED, 5, 0, True),
        (Phase.FACILITATED, 5, 4, True),
        (Phase.FACILITATED, 5, 5, False),
        (Phase.FACILITATED, 5, 6, False),
        (Phase.FACILITATED, 7, 5, True),
        (Phase.FORMING, 5, 9, True),
        (Phase.SELF_DIRECTED, 5, 12, True),
        (Phase.DECIDING, 5, 5, True),
    ],
)
def test_may_plan_supported_only_limits_the_supported_phase(phase, quota, used, may):
    assert rules.may_plan_supported(phase, quota, used) is may


@pytest.mark.parametrize(
    ("phase", "quota", "held", "due"),
    [
        (Phase.FACILITATED, 5, 4, False),
        (Phase.FACILITATED, 5, 5, True),
        (Phase.FACILITATED, 3, 5, True),
        (Phase.FORMING, 5, 5, False),
        (Phase.DECIDING, 5, 5, False),
        (Phase.SELF_DIRECTED, 5, 9, False),
    ],
)
def test_decision_is_due_after_the_last_supported_meeting(phase, quota, held, due):
    assert rules.decision_is_due(phase, quota, held) is due


@pytest.mark.parametrize(
    ("phase", "quota", "held", "left"),
    [
        (Phase.FACILITATED, 5, 3, False),
        (Phase.FACILITATED, 5, 4, True),
        (Phase.FACILITATED, 5, 5, False),
        (Phase.FACILITATED, 1, 0, True),
        (Phase.FORMING, 5, 4, False),
    ],
)
def test_one_supported_meeting_left_exactly_one_before_the_quota(phase, quota, held, left):
    assert rules.one_supported_meeting_left(phase, quota, held) is left


def test_supported_meetings_left_never_goes_below_zero():
    assert rules.supported_meetings_left(5, 3) == 2
    assert rules.supported_meetings_left(5, 7) == 0
