# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Learning that learns: Thompson sampling against the drift, consent, SQLite, forget me."""

import argparse
import random
import sqlite3

import py_trees
import pytest
from resonance_robot.commands import learning as learning_command
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionKind
from resonance_robot.core.decision.learning import OutcomeLearner
from resonance_robot.core.decision.learning_store import Arm, Drift, LearningStore
from resonance_robot.core.decision.situation import SocialInputs
from resonance_robot.core.fusion.fusion import PersonEstimate
from resonance_robot.tree.runtime import SocialTree


@pytest.fixture(autouse=True)
def clean_blackboard():
    py_trees.blackboard.Blackboard.clear()
    yield
    py_trees.blackboard.Blackboard.clear()


def simulate_population(learner, trials=200, helpful=1, variants=3, seed=7):
    """
    People who are sad at -0.5 and recover by +0.05 per 10 s by themselves.

    Each is watched idle for 20 s (the drift), then comforted with the variant the learner
    chooses; only ``helpful`` lifts valence (+0.12 over the 10 s after the act), the others
    leave the natural drift; readings are noisy (sd 0.08). Returns the variants chosen, in order.
    """
    rng = random.Random(seed)
    chosen = []
    for trial in range(trials):
        pid, t0 = f'p{trial}', trial * 100.0
        valence = -0.5
        for k in range(21):  # idle: the robot does nothing
            learner.observe({pid: valence + rng.gauss(0.0, 0.03)}, t0 + k)
            valence += 0.005
        variant = learner.choose('comfort', variants)
        chosen.append(variant)
        learner.begin('comfort', variant, pid)
        learner.observe({pid: valence}, t0 + 22.0)
        learner.end('comfort', pid, t0 + 25.0)
        lift = 0.012 if variant == helpful else 0.0
        for k in range(12):
            learner.observe({pid: valence + rng.gauss(0.0, 0.08)}, t0 + 25.0 + k)
            valence += 0.005 + lift
    return chosen


@pytest.mark.parametrize('seed', range(5))
def test_the_learner_converges_to_the_response_that_helps(seed):
    learner = OutcomeLearner(consent=True, outcome_delay=10.0, seed=seed)
    chosen = simulate_population(learner, seed=seed + 10)
    late = chosen[-50:]  # the last quarter of 200 people
    assert late.count(1) / len(late) >= 0.8
    assert 0.02 < learner.drift.mean < 0.09  # the natural recovery over 10 s (+0.05)
    helped = learner.arms[('comfort', 1)]
    others = [learner.arms.get(('comfort', i), Arm()) for i in (0, 2)]
    assert helped.mean_effect > 0.08 and all(o.mean_effect < helped.mean_effect for o in others)


def test_without_the_drift_every_response_would_look_helpful():
    learner = OutcomeLearner(consent=True, outcome_delay=10.0, seed=3)
    simulate_population(learner, trials=60)
    raw_changes = [arm.mean_effect + learner.drift.mean for key, arm in learner.arms.items()
                   if key[1] != 1]
    assert all(change > 0.0 for change in raw_changes)  # they drift up by themselves...
    assert all(learner.arms[key].mean_effect < 0.05 for key in learner.arms if key[1] != 1)


def test_without_consent_nothing_is_learned_and_variants_take_turns():
    learner = OutcomeLearner(consent=False, outcome_delay=10.0)
    chosen = simulate_population(learner, trials=30)
    assert chosen[:6] == [0, 1, 2, 0, 1, 2]
    assert learner.outcomes == 0 and learner.drift.count == 0 and learner.pending == 0


def test_the_store_keeps_aggregates_only_and_reset_clears_them(tmp_path):
    path = tmp_path / 'learning.sqlite'
    store = LearningStore(path)
    store.save({('comfort', 1): Arm(3, 1, 0.2)}, Drift(5, 0.04))
    assert store.load() == ({('comfort', 1): Arm(3, 1, 0.2)}, Drift(5, 0.04))
    with sqlite3.connect(path) as db:
        columns = {row[1] for table in ('arms', 'drift')
                   for row in db.execute(f'PRAGMA table_info({table})')}
    assert columns == {'action', 'variant', 'helped', 'not_helped', 'mean_effect', 'id',
                       'count', 'mean'}  # no person, no time, no words
    store.reset()
    assert store.load() == ({}, Drift())


def test_the_learning_command_shows_and_resets(tmp_path, capsys):
    path = tmp_path / 'learning.sqlite'
    LearningStore(path).save({('comfort', 2): Arm(4, 2, 0.15)}, Drift(3, 0.05))
    assert learning_command.run(argparse.Namespace(what='show', file=str(path))) == 0
    assert 'comfort variant 2: helped 4/6' in capsys.readouterr().out
    assert learning_command.run(argparse.Namespace(what='reset', file=str(path))) == 0
    assert LearningStore(path).load()[0] == {}


# -- through the tree --------------------------------------------------------------------


def sad_then_better(t, commands=()):
    sad = t < 20.0
    affect = Affect.clamped(Expression.SAD if sad else Expression.NEUTRAL,
                            -0.6 if sad else 0.1, -0.3 if sad else 0.0, 0.8)
    return PersonEstimate(person_id='p1', face_id='f1', affect=affect, distance=1.5,
                          stale=False, engaged=True, last_commands=tuple(commands))


def run_tree(tree, seconds, start=0.0, commands_at=None):
    t = start
    while t < start + seconds:
        commands = ('forget_me',) if commands_at is not None and (
            commands_at <= t < commands_at + 1.0) else ()
        tree.tick(SocialInputs(now=t, persons=(sad_then_better(t, commands),), persons_time=t))
        t = round(t + 0.1, 6)
    return t


PARAMS = {'comfort_duration': 2.0, 'outcome_delay': 3.0, 'comfort_after': 2.0}


def test_every_learning_path_is_off_without_consent_through_the_tree(tmp_path):
    path = tmp_path / 'learning.sqlite'
    tree = SocialTree({**PARAMS, 'learning_file': str(path)}, namespace='/learn_off')
    run_tree(tree, 40.0)
    learner = tree.memory.learner
    assert ActionKind.COMFORT in {h[1] for h in tree.memory.history}
    assert learner.outcomes == 0 and learner.pending == 0 and learner.drift.count == 0
    assert learner.store is None and not path.exists()


def test_with_consent_the_tree_learns_persists_and_forgets_on_request(tmp_path):
    path = tmp_path / 'learning.sqlite'
    params = {**PARAMS, 'learning_consent': True, 'learning_file': str(path)}
    tree = SocialTree(params, namespace='/learn_on')
    t = run_tree(tree, 40.0)
    assert tree.memory.learner.outcomes >= 1
    arms, _ = LearningStore(path).load()
    assert sum(a.helped + a.not_helped for a in arms.values()) >= 1
    py_trees.blackboard.Blackboard.clear()
    again = SocialTree(params, namespace='/learn_again')  # a later interaction
    assert again.memory.learner.arms == tree.memory.learner.arms
    run_tree(again, 5.0, start=t, commands_at=t + 1.0)  # "forget me"
    assert again.memory.learner.outcomes == 0
    assert LearningStore(path).load()[0] == {}
