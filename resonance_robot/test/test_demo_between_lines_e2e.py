# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
End to end: the built-in scenario "between the lines" through the real ROS graph.

Genuine joy is shared; praise said flatly, or with an annoyed face, is acknowledged and never
celebrated; rising complaints are acknowledged and then a human is offered, without a sentence
said twice; a person sad for three minutes is still perceived sad and comforted again. The
scenario runs twice as fast on a simulated clock; face tracks are kept for 3 s without a
detection (``track_timeout``), because a loaded machine drops frames at that speed.
"""

import pytest
from resonance_robot.core.sources.scenario import load_scenario
from resonance_robot.demo.player import DemoOptions, run_scenario
from resonance_robot.paths import data_dir
from resonance_robot.tree.acts import acknowledge, hand_over

pytestmark = [pytest.mark.ros, pytest.mark.slow]


@pytest.fixture(scope='module')
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp('between')
    params = folder / 'params.yaml'
    params.write_text('face_affect:\n  ros__parameters:\n    track_timeout: 3.0\n')
    scenario = load_scenario(data_dir() / 'scenarios' / 'between_the_lines.yaml')
    return run_scenario(scenario, DemoOptions(speed=2.0, gif=False, progress=None,
                                              params_files=(str(params),)))


def _new(row):
    """Return the actions chosen during a step (not the one carried over into it)."""
    return row.actions[1:] if row.carried_over else row.actions


def test_genuine_joy_is_shared_and_sarcastic_praise_is_acknowledged_never_celebrated(run):
    rows = run.rows
    assert 'share_joy' in _new(rows[0])
    sarcastic = [row for row in rows if 'share_joy' in row.avoided and row.expected == (
        'acknowledge',)]
    assert sarcastic
    for row in sarcastic:
        assert 'acknowledge' in _new(row), row
        assert 'share_joy' not in _new(row), row
    reasons = [d.reason for d in run.timeline.decisions if d.action == 'acknowledge']
    assert any('sarcasm' in reason for reason in reasons)


def test_rising_complaints_are_acknowledged_then_a_human_offered_without_repeats(run):
    order = [(d.t, d.action, d.reason) for d in run.timeline.decisions]
    frustration = [t for t, action, reason in order
                   if action == 'acknowledge' and 'frustrated' in reason]
    offers = [t for t, action, reason in order if action == 'hand_over' and 'frustrated' in reason]
    assert frustration and offers and frustration[0] < offers[0]
    said = [text for _, text in run.timeline.utterances
            if text in acknowledge.WORDS + hand_over.ASK_WORDS]
    assert said and len(said) == len(set(said))


def test_sadness_for_three_minutes_is_still_sad_and_comforted(run):
    grief = [row for row in run.rows if row.shows == 'sad']
    assert grief[-1].end - grief[0].start >= 180.0
    assert all(row.perceived == 'sad' for row in grief)
    comforted = [row for row in grief if 'comfort' in _new(row)]
    assert len(comforted) >= 2


def test_every_step_did_what_it_expected(run):
    assert run.expectations_met, [r for r in run.rows if not r.met]
