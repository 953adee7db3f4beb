# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The act registry: the tree is assembled from it, and an act defined elsewhere plugs in."""

import py_trees
from py_trees.common import Status
import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionKind, Style
from resonance_robot.core.decision.situation import Candidate, SocialInputs
from resonance_robot.core.decision.utterances import pick
from resonance_robot.core.fusion.fusion import PersonEstimate
from resonance_robot.tree.act import Act, guarded, SocialBehaviour
from resonance_robot.tree.acts import ACTS
from resonance_robot.tree.build import ascii_tree
from resonance_robot.tree.runtime import SocialTree

WAVE = 'wave'
WAVE_WORDS = ('Hi, over here!',)


def wave_trigger(s, memory, p):
    """Wave once a minute at a present, engaged person who is not greeted yet and far away."""
    for v in s.present:
        if v.engaged and not v.greeted and v.distance > 3.0 and (
                memory.since_end(WAVE, v.person_id, s.now) > 60.0):
            return Candidate(WAVE, v.person_id, f'wave at {v.person_id}: far and engaged',
                             v.evidence(), 0.4)
    return None


class Wave(SocialBehaviour):
    """Say hello from afar, once, for a second."""

    def __init__(self, params, namespace):
        super().__init__(params, WAVE, 'Wave', namespace)

    def on_start(self, situation, candidate):
        self.say(pick(WAVE_WORDS, Style.CHEERFUL))

    def step(self, situation, elapsed):
        status = Status.SUCCESS if elapsed >= 1.0 else Status.RUNNING
        return status, self.command()


WAVE_ACT = Act(WAVE, lambda p, ns: guarded('Waving', WAVE, 'Far and engaged?', ns, Wave(p, ns)),
               wave_trigger, WAVE_WORDS)


@pytest.fixture(autouse=True)
def clean_blackboard():
    py_trees.blackboard.Blackboard.clear()
    yield
    py_trees.blackboard.Blackboard.clear()


def _far_person(distance=4.5):
    affect = Affect.clamped(Expression.NEUTRAL, 0.0, 0.0, 0.8)
    return PersonEstimate(person_id='p1', face_id='f1', affect=affect, distance=distance,
                          stale=False, engaged=True)


def _run(tree, seconds=3.0):
    outs = []
    for i in range(int(seconds * 10)):
        now = i / 10.0
        outs.append(tree.tick(SocialInputs(now=now, persons=(_far_person(),),
                                           persons_time=now)))
    return outs


def test_the_tree_has_one_branch_per_act_in_registry_order():
    text = ascii_tree().split('Priorities', 1)[1]
    names = ['Stop', 'Privacy', 'Hand-over', 'Withdrawal', 'Acknowledging', 'Space',
             'Comforting', 'Joy',
             'Greeting', 'Attention', 'Idle']
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
    assert [str(act.kind) for act in ACTS] == [
        'halt', 'privacy', 'hand_over', 'withdraw', 'acknowledge', 'give_space', 'comfort',
        'share_joy', 'greet', 'attend', 'idle']
    assert all(str(act.kind) in set(ActionKind) for act in ACTS)


def test_an_act_defined_outside_the_package_joins_the_tree_by_one_registry_line():
    acts = ACTS[:7] + (WAVE_ACT,) + ACTS[7:]  # before greet
    assert 'Waving' in ascii_tree(acts=acts) and 'Waving' not in ascii_tree()
    tree = SocialTree({}, namespace='/wave_test', acts=acts)
    try:
        outs = _run(tree)
    finally:
        tree.shutdown()
    decisions = [o.command for o in outs if o.changed]
    waves = [c for c in decisions if c.action == WAVE]
    assert waves and waves[0].reason == 'wave at p1: far and engaged'
    assert 'person=p1' in waves[0].evidence
    spoken = [s.text for o in outs for s in o.speech]
    assert spoken.count('Hi, over here!') == 1
    assert all(o.linear == 0.0 for o in outs)


def test_without_the_extra_act_the_same_person_is_only_attended():
    tree = SocialTree({}, namespace='/no_wave_test')
    try:
        outs = _run(tree)
    finally:
        tree.shutdown()
    actions = {o.command.action for o in outs}
    assert WAVE not in actions and ActionKind.ATTEND in actions
