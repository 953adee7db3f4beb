# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
End to end: the built-in scenario "between the lines" through the real ROS graph.

Genuine joy is shared; praise said flatly, or with an annoyed face, is acknowledged and never
celebrated; rising complaints are acknowledged and then a human is offered, without a sentence
said twice; a person sad for three minutes is still perceived sad and comforted again. It runs
in real time (about five minutes): faster, on a loaded machine, the face tracker drops frames
and splits one person into many, which says nothing about what is tested here.
"""

import pytest
from resonance_robot.core.decision.actions import Speech, Style
from resonance_robot.core.decision.utterances import paced
from resonance_robot.core.sources.scenario import load_scenario
from resonance_robot.demo.player import DemoOptions, run_scenario
from resonance_robot.paths import data_dir
from resonance_robot.tree.acts import acknowledge, hand_over

pytestmark = [pytest.mark.ros, pytest.mark.slow, pytest.mark.timeout(900)]  # ~5.3 min scenario


@pytest.fixture(scope='module')
def run():
    scenario = load_scenario(data_dir() / 'scenarios' / 'between_the_lines.yaml')
    return run_scenario(scenario, DemoOptions(speed=1.0, gif=False, progress=None))


def _new(row):
    """Return the actions chosen during a step (not the one carried over into it)."""
    return row.actions[1:] if row.carried_over else row.actions


def _forms(words):
    """Return the sentences as written and as said paced (their first sentence)."""
    return set(words) | {paced(Speech(text, Style.CALM)).text for text in words}


def _rows(run, shows):
    return [row for row in run.rows if row.shows == shows]


def test_genuine_joy_is_shared(run):
    assert 'share_joy' in _new(run.rows[0])
    assert 'acknowledge' not in _new(run.rows[0])


def test_praise_with_an_annoyed_face_is_acknowledged_and_no_sarcasm_is_celebrated(run):
    annoyed = [row for row in _rows(run, 'angry') if row.expected == ('acknowledge',)]
    assert annoyed and all('acknowledge' in _new(row) for row in annoyed)
    for row in run.rows:
        if 'share_joy' in row.avoided:
            assert 'share_joy' not in _new(row), row
    reasons = [d.reason for d in run.timeline.decisions if d.action == 'acknowledge']
    assert any('face_negative' in reason for reason in reasons)


def test_praise_said_flatly_is_acknowledged(run):
    flat = next(row for row in run.rows if row.shows == 'neutral' and row.expected == (
        'acknowledge',))
    assert 'acknowledge' in _new(flat)


def test_frustration_is_acknowledged_and_no_sentence_is_said_twice(run):
    assert any(d.action == 'acknowledge' and 'frustrated' in d.reason
               for d in run.timeline.decisions)
    said = [text for _, text in run.timeline.utterances
            if text in _forms(acknowledge.WORDS + hand_over.ASK_WORDS)]
    assert said and len(said) == len(set(said))
    assert any(text in _forms(acknowledge.FRUSTRATION_WORDS) for text in said)


def test_rising_frustration_after_an_acknowledgement_offers_a_human(run):
    order = [(d.t, d.action, d.reason) for d in run.timeline.decisions]
    frustration = [t for t, action, reason in order
                   if action == 'acknowledge' and 'frustrated' in reason]
    offers = [t for t, action, reason in order if action == 'hand_over' and 'frustrated' in reason]
    assert frustration and offers and frustration[0] < offers[0]


def test_sadness_for_three_minutes_is_still_sad_and_comforted(run):
    grief = _rows(run, 'sad')
    assert grief[-1].end - grief[0].start >= 180.0
    assert all(row.perceived == 'sad' for row in grief)
    comforted = [row for row in grief if 'comfort' in _new(row)]
    # Comforted, and still read as sad at the end (no drift to neutral). The pure test
    # (test_between_lines.py) shows it comforted again after the cooldown; live, the
    # intervention rate limit and the acknowledgements around it leave room for one.
    assert len(comforted) >= 1
