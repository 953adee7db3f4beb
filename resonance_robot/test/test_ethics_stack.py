# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Ethics at the source, on the running stack.

One deployment context, guarded perception, a voice that still hears commands, a mouth that
refuses manipulation, nothing kept from a live camera.
"""

import math
import os
import pathlib
import re

from diagnostic_msgs.msg import DiagnosticStatus
import pytest
import rclpy
from resonance_robot.cli import main
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot_msgs.msg import AudioChunk, Utterance
from speech_fixtures import conversation, requires_espeak, speech

pytestmark = pytest.mark.ros

_MSGS = 'resonance_robot_msgs/msg/'
WATCH = [Topic('faces', _MSGS + 'FaceAffectArray'), Topic('persons', _MSGS + 'PersonAffectArray'),
         Topic('social_action', _MSGS + 'SocialAction'), Topic('voice', _MSGS + 'VoiceAffect'),
         Topic('robot_speaking', 'std_msgs/msg/Bool')]
EMOTIONAL = {'comfort', 'share_joy'}


def _params(tmp_path, context, purpose='none'):
    path = tmp_path / f'{context}.yaml'
    path.write_text('/**:\n  ros__parameters:\n'
                    f'    deployment_context: {context}\n    inference_purpose: {purpose}\n')
    return path


def _whole_stack(runner_factory, tmp_path, context, purpose='none'):
    runner = runner_factory(
        bringup.stack(camera=True), params_files=[_params(tmp_path, context, purpose)],
        overrides={'camera_source': {'source': 'builtin:astronaut', 'rate': 10.0},
                   'social_behavior': {'disclosure': '', 'joy_after': 1.0}})
    probe = runner.add_node(TopicProbe(WATCH, 'ethics_probe', context=runner.context))
    return runner, probe


def _blank(affect):
    return (affect.expression == 'unknown' and affect.valence == 0.0 and affect.arousal == 0.0
            and affect.confidence == 0.0 and not affect.class_names
            and not affect.class_probabilities)


def _live_persons(probe):
    return sum(1 for m in probe.messages('persons') if any(not p.stale for p in m.persons))


def _value(node, key):
    return next(kv.value for kv in node.diagnostics.status().values if kv.key == key)


def _all_agree(runner, context):
    nodes = [runner.node(name) for name in bringup.GUARDED]
    return all(n.params['deployment_context'] == context
               and n.deployment.describe_peers().count('agrees') == len(nodes) - 1
               and not n.deployment.disagreeing() for n in nodes)


def test_at_work_faces_are_found_but_no_emotion_is_inferred_or_acted_on(
        runner_factory, tmp_path):
    runner, probe = _whole_stack(runner_factory, tmp_path, 'workplace')
    # 8 s of a person in view at >= 10 Hz: at home the tree shares joy within ~2 s of this
    assert probe.wait_for(lambda: _live_persons(probe) >= 80, timeout=90.0)
    faces = [f for m in probe.messages('faces') for f in m.faces]
    assert len(faces) >= 10 and all(f.roi.width > 50 for f in faces)  # presence and box
    assert all(_blank(f.affect) and _blank(f.raw_affect) for f in faces)
    persons = [p for m in probe.messages('persons') for p in m.persons if not p.stale]
    assert all(_blank(p.affect) and _blank(p.face_affect) for p in persons)
    assert all(math.isfinite(p.distance) and p.distance > 0.0 for p in persons)  # distance
    actions = {m.action for m in probe.messages('social_action')}
    assert not actions & EMOTIONAL, actions
    face = runner.node('face_affect')
    assert _value(face, 'inference').startswith(
        'faces only (emotion inference off in workplace: EU AI Act Art. 5(1)(f)')
    assert _value(runner.node('voice_affect'), 'inference').startswith(
        'words and commands only (emotion inference off in workplace')
    assert probe.wait_for(lambda: _all_agree(runner, 'workplace'), timeout=15.0)
    assert all(runner.node(n).counts.get('bad_deployment_mismatch') == 0
               for n in bringup.GUARDED)


def test_at_home_the_same_stack_reads_joy_and_shares_it(runner_factory, tmp_path):
    runner, probe = _whole_stack(runner_factory, tmp_path, 'home')
    assert probe.wait_for(lambda: 'share_joy' in {m.action for m in
                                                  probe.messages('social_action')}, 90.0)
    faces = [f for m in probe.messages('faces') for f in m.faces]
    assert any(f.affect.expression == 'happy' and f.affect.valence > 0.3
               and len(f.raw_affect.class_probabilities) == 7 for f in faces)
    assert _value(runner.node('face_affect'), 'inference') == 'on'
    assert probe.wait_for(lambda: _all_agree(runner, 'home'), timeout=15.0)


def test_a_declared_medical_purpose_allows_inference_at_work(runner_factory, tmp_path):
    runner = runner_factory([bringup.node('face_affect'), bringup.node('affect_fusion')],
                            params_files=[_params(tmp_path, 'workplace', 'medical_or_safety')])
    for name in ('face_affect', 'affect_fusion'):
        assert runner.node(name).deployment.guard.allowed
        assert 'declared for medical or safety reasons' in _value(runner.node(name), 'guard')


def test_a_node_started_with_another_context_is_flagged(runner_factory):
    runner = runner_factory([bringup.node('face_affect'), bringup.node('affect_fusion')],
                            overrides={'affect_fusion': {'deployment_context': 'education'}})
    fusion, face = runner.node('affect_fusion'), runner.node('face_affect')
    probe = runner.add_node(TopicProbe([], 'flag_probe', context=runner.context))
    assert probe.wait_for(lambda: fusion.counts.get('bad_deployment_mismatch') >= 1
                          and face.counts.get('bad_deployment_mismatch') >= 1, 15.0)
    assert 'DISAGREES education/none' in _value(face, 'deployment_peers')
    assert fusion.diagnostics.status().level == DiagnosticStatus.WARN
    assert not fusion.deployment.guard.allowed and face.deployment.guard.allowed


@requires_espeak
def test_voice_at_work_hears_commands_and_words_but_infers_no_affect(
        runner_factory, tmp_path):
    from resonance_robot.conversions.audio import samples_to_audio_chunk
    from resonance_robot.nodes.audio_source import AUDIO_QOS

    runner = runner_factory([bringup.node('voice_affect')],
                            params_files=[_params(tmp_path, 'workplace')])
    probe = runner.add_node(TopicProbe(WATCH, 'voice_probe', context=runner.context))
    sender = runner.add_node(rclpy.create_node('ethics_sender', context=runner.context))
    audio = sender.create_publisher(AudioChunk, 'audio', AUDIO_QOS)
    node = runner.node('voice_affect')
    assert probe.wait_for(lambda: audio.get_subscription_count() > 0, timeout=10.0)
    samples = conversation(0.5, speech('stop'), 1.5)
    for i in range(0, samples.shape[0], 1600):
        audio.publish(samples_to_audio_chunk(samples[i:i + 1600], 16000, 's16le', 'mic'))
    assert probe.wait_for_count('voice', 1, timeout=30.0)
    msg = probe.messages('voice')[0]
    assert 'stop' in msg.commands and 'stop' in msg.transcript
    assert _blank(msg.affect)
    assert msg.pitch_median == 0.0 and msg.loudness == 0.0 and msg.speech_rate == 0.0
    assert node._pipeline.baseline.utterances == 0  # the speaker was not profiled


def test_privacy_mode_reaches_the_voice_at_the_source(runner_factory):
    from resonance_robot.nodes.qos import STATE_QOS
    from std_msgs.msg import Bool

    runner = runner_factory([bringup.node('voice_affect')])
    node = runner.node('voice_affect')
    probe = runner.add_node(TopicProbe([], 'privacy_probe', context=runner.context))
    privacy = probe.create_publisher(Bool, 'privacy', STATE_QOS)
    assert _value(node, 'inference') == 'on' and node._pipeline.infer_affect
    privacy.publish(Bool(data=True))
    assert probe.wait_for(lambda: _value(node, 'inference') ==
                          'words and commands only (privacy)', timeout=10.0)
    assert not node._pipeline.infer_affect
    privacy.publish(Bool(data=False))
    assert probe.wait_for(lambda: _value(node, 'inference') == 'on', timeout=10.0)


@requires_espeak
def test_the_voice_refuses_to_say_manipulative_text_whoever_sends_it(runner_factory):
    runner = runner_factory([bringup.node('voice_output')],
                            overrides={'voice_output': {'play': False}})
    probe = runner.add_node(TopicProbe(WATCH, 'mouth_probe', context=runner.context))
    pub = probe.create_publisher(Utterance, 'utterance', 20)
    node = runner.node('voice_output')
    assert probe.wait_for(lambda: pub.get_subscription_count() > 0, timeout=10.0)
    pub.publish(Utterance(text="I'd be so sad if you left. Buy the premium plan today!"))
    assert probe.wait_for(lambda: node.counts.get('refused_manipulative') == 1, 10.0)
    assert not any(m.data for m in probe.messages('robot_speaking'))
    pub.publish(Utterance(text="I'm here with you."))
    assert probe.wait_for(lambda: any(m.data for m in probe.messages('robot_speaking')), 20.0)


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in pathlib.Path(folder).rglob('*'))


def test_a_live_camera_demo_writes_nothing_about_the_person(tmp_path, capsys, monkeypatch):
    scenario = tmp_path / 'live.yaml'
    scenario.write_text('name: live camera\nduration: 3\nsteps:\n'
                        '  - at: 0\n    camera: live:builtin:astronaut\n    shows: happy\n')
    work = tmp_path / 'cwd'
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(['demo', str(scenario), '--quiet']) == 0
    out = capsys.readouterr().out
    assert 'live source (live:builtin:astronaut): nothing about the person is written' in out
    assert 'no files written' in out
    assert _files(work) == []
    assert main(['demo', str(scenario), '--quiet', '--out', str(work / 'kept'),
                 '--no-gif']) == 0
    assert 'writing what you asked for' in capsys.readouterr().out
    assert {'decisions.jsonl', 'timeline.png', 'table.txt', 'summary.json'} <= set(
        _files(work / 'kept'))


def test_a_live_camera_run_writes_no_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log_dir = pathlib.Path(os.environ['ROS_LOG_DIR'])
    sizes = {p: p.stat().st_size for p in log_dir.glob('*')} if log_dir.exists() else {}
    assert main(['run', '--camera', 'live:builtin:astronaut', '--roles', 'perception,decision',
                 '--duration', '6']) == 0
    out = capsys.readouterr().out
    assert 'nothing about the person is written to disk' in out
    assert _files(tmp_path) == []
    person = re.compile(r"valence[ =][+-]?\d|arousal[ =][+-]?\d| said '")
    for path in log_dir.glob('*'):  # what ROS logged during the run: no affect, no words
        with open(path, 'rb') as handle:
            handle.seek(sizes.get(path, 0))
            written = handle.read().decode(errors='replace')
        assert not person.search(written), (path, person.search(written))
