# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
End to end: the default scenario through the real ROS graph, every node of the stack.

A person arrives happy, becomes sad, gets angry and leaves; the robot must share joy, comfort,
give space or withdraw, and go idle - and never drive faster than its limits. The default
scenario runs in real time; the community scenario twice as fast, on a simulated clock. The
recording the first makes is then replayed into a fresh stack.
"""

import json
import pathlib
import subprocess
import sys

import pytest
from resonance_robot.commands.demo import default_scenario
from resonance_robot.core.decision.params import SOCIAL_PARAMS
from resonance_robot.core.sources.scenario import load_scenario
from resonance_robot.demo.player import DemoOptions, run_scenario

pytestmark = [pytest.mark.ros, pytest.mark.slow]

LIMITS = {p.name: p.default for p in SOCIAL_PARAMS}


@pytest.fixture(scope='module')
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp('demo')
    result = run_scenario(load_scenario(default_scenario()),
                          DemoOptions(speed=1.0, out_dir=out, record=True, progress=None))
    return result, out


def test_the_robot_shares_joy_comforts_gives_space_and_goes_idle(run):
    result, _ = run
    happy, sad, angry, gone = result.rows
    assert 'share_joy' in happy.actions, happy
    assert 'comfort' in sad.actions, sad
    assert {'withdraw', 'give_space'} & set(angry.actions), angry
    assert gone.actions[-1] == 'idle', gone
    assert result.expectations_met
    order = [d.action for d in result.timeline.decisions]
    firsts = [order.index(a) for a in ('share_joy', 'comfort')]
    assert firsts == sorted(firsts)
    assert min(order.index(a) for a in ('withdraw', 'give_space') if a in order) > firsts[1]


def test_it_perceived_what_the_person_showed(run):
    result, _ = run
    assert [row.perceived for row in result.rows] == ['happy', 'sad', 'angry', 'unknown']
    happy, sad, angry, _ = result.rows
    assert happy.valence > 0.3 > -0.2 > sad.valence
    assert angry.arousal > sad.arousal


def test_every_decision_is_explained(run):
    result, _ = run
    assert all(d.reason.strip() for d in result.timeline.decisions)
    comfort = next(d for d in result.timeline.decisions if d.action == 'comfort')
    assert 'sad' in comfort.reason and 'valence' in comfort.reason


def test_cmd_vel_never_exceeds_its_limits(run):
    result, _ = run
    line = result.timeline
    assert line.motion_commands > 0  # the robot did move (turning to the person, backing off)
    assert line.max_forward <= LIMITS['max_forward_speed'] + 1e-6
    assert line.max_reverse <= LIMITS['max_reverse_speed'] + 1e-6
    # Turning toward the person through the safety layer; never sideways.
    assert line.max_sideways == 0.0 and line.max_turn <= 0.6 + 1e-6


def test_the_robot_spoke_in_the_moment_and_said_who_it_is(run):
    result, _ = run
    said = [text for _, text in result.timeline.utterances]
    assert any("I'm a robot" in text for text in said)  # the disclosure, Art. 50
    assert len(said) >= 3


def test_the_outputs_are_written(run):
    import cv2
    import imageio.v3 as iio

    result, out = run
    assert set(result.outputs) >= {'timeline', 'decisions', 'face', 'table', 'summary', 'bag'}
    plot = cv2.imread(str(out / 'timeline.png'))
    assert plot is not None and plot.shape[1] >= 1000
    frames = iio.imread(out / 'face.gif', index=None)
    assert frames.shape[0] > 50 and frames.shape[2] == 240  # frames of the robot's face
    assert frames[:, :, :, :3].std(axis=0).max() > 20  # it moves
    decisions = [json.loads(line) for line in (out / 'decisions.jsonl').read_text().splitlines()]
    assert [d['action'] for d in decisions] == [d.action for d in result.timeline.decisions]
    summary = json.loads((out / 'summary.json').read_text())
    assert summary['expectations_met'] is True
    assert summary['steps'][1]['perceived'] == 'sad'
    assert 'comfort' in (out / 'table.txt').read_text()


def test_the_recording_holds_inputs_and_outputs(run):
    from resonance_robot.demo.recording import read_bag

    _, out = run
    topics = {}
    for message in read_bag(out / 'bag'):
        topics[message.topic] = topics.get(message.topic, 0) + 1
    assert topics['/image'] > 100 and topics['/audio'] > 100
    assert topics['/social_action'] >= 4 and topics['/faces'] > 100


def test_replay_runs_the_stack_on_the_recording(run):
    _, out = run
    result = subprocess.run(
        [str(pathlib.Path(sys.prefix) / 'bin' / 'resonance-robot'), 'replay', str(out / 'bag'),
         '--speed', '2', '--json'], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    decisions = json.loads(result.stdout)
    actions = [d['action'] for d in decisions]
    assert 'greet' in actions or 'share_joy' in actions
    assert all(d['reason'] for d in decisions)


def test_a_scenario_written_by_someone_else_from_the_readme_runs_unchanged(tmp_path):
    # test/data/community_scenario was written by a new user from the README alone.
    path = pathlib.Path(__file__).parent / 'data' / 'community_scenario' / 'scenario.yaml'
    result = run_scenario(load_scenario(path),
                          DemoOptions(speed=2.0, out_dir=tmp_path, progress=None))
    arrive, news, goodbye, leaving, gone = result.rows
    assert 'greet' in arrive.actions
    assert 'share_joy' in news.actions and news.perceived == 'happy'
    assert gone.actions[-1] == 'idle'
    assert (tmp_path / 'timeline.png').is_file() and (tmp_path / 'face.gif').is_file()
