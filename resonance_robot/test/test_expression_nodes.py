# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The face and voice nodes on real topics: rendering, speaking, queueing, bad input."""

import math

import numpy as np
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from resonance_robot.conversions.audio import audio_chunk_to_samples
from resonance_robot.conversions.common import image_msg_to_bgr
from resonance_robot.core.errors import ModelUnavailable
from resonance_robot.core.expression.face.display import display_unavailable
from resonance_robot.nodes.voice_output import SPEAKING_QOS
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot_msgs.msg import FaceExpression, Utterance
from std_msgs.msg import Bool

pytestmark = pytest.mark.ros

FACE = (bringup.node('face_display'),)
VOICE = (bringup.node('voice_output'),)
IMAGE = Topic('face_image', 'sensor_msgs/msg/Image')
SPEAKING = Topic('robot_speaking', 'std_msgs/msg/Bool')
AUDIO = Topic('speech_audio', 'resonance_robot_msgs/msg/AudioChunk')
RELIABLE = QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE)

# A still face: no blinks, no idle glances, instant transitions, so frames are comparable.
STILL = {'blink_interval': 0.0, 'idle_gaze': 0.0, 'transition': 0.05, 'rate': 20.0,
         'width': 240, 'height': 160}


def _published_topics(node):
    names = {name for name, _ in node.get_publisher_names_and_types_by_node(
        node.get_name(), node.get_namespace())}
    return {name.lstrip('/') if name != '/diagnostics' else name for name in names}


def test_each_node_publishes_what_bringup_declares(runner_factory):
    runner = runner_factory(FACE + VOICE, overrides={'face_display': STILL})
    for spec in FACE + VOICE:
        published = _published_topics(runner.node(spec.name))
        assert {t.name for t in spec.publishes} <= published, spec.name


def _latest_frame(probe, after):
    assert probe.wait_for(lambda: probe.count('face_image') > after, timeout=15.0)
    return image_msg_to_bgr(probe.messages('face_image')[-1])


def _mouth_rows(frame):
    """Return mean row of bright mouth pixels at the corners and at the centre columns."""
    h, w = frame.shape[:2]
    lower = frame[int(h * 0.68):, :, :].astype(int)
    bright = lower.min(axis=2) > 200  # the white lips
    ys, xs = np.nonzero(bright)
    left, right = xs.min(), xs.max()
    span = right - left
    corners = ys[(xs < left + span * 0.15) | (xs > right - span * 0.15)].mean()
    centre = ys[np.abs(xs - (left + right) / 2) < span * 0.1].mean()
    return corners, centre


def test_face_display_publishes_the_requested_expression(runner_factory):
    runner = runner_factory(FACE, overrides={'face_display': STILL})
    node = runner.node('face_display')
    probe = runner.add_node(TopicProbe([IMAGE], context=runner.context))
    first = _latest_frame(probe, 0)
    msg = probe.messages('face_image')[-1]
    assert (msg.width, msg.height, msg.encoding) == (240, 160, 'rgb8')
    assert node.window_open == (display_unavailable() is None)  # no display: publish only
    pub = node.create_publisher(FaceExpression, 'face_expression', RELIABLE)

    def show(expression, **values):
        pub.publish(FaceExpression(expression=expression, **values))
        assert probe.wait_for(
            lambda: node.target.expression.value == expression, timeout=10.0)
        count = probe.count('face_image')
        probe.wait_for(lambda: probe.count('face_image') > count + 8, timeout=15.0)
        return _latest_frame(probe, count)

    happy = show('happy')
    sad = show('sad')
    corners, centre = _mouth_rows(happy)
    assert corners < centre - 2  # mouth corners above the middle: a smile
    corners, centre = _mouth_rows(sad)
    assert corners > centre + 2  # corners below the middle: a frown
    assert np.abs(happy.astype(int) - first.astype(int)).mean() > 1.0

    # Bad input: an unknown name is dropped and counted; NaN valence is clamped and counted.
    show('surprised', valence=math.nan, arousal=7.0)
    assert node.counts.get('bad_range') == 1
    pub.publish(FaceExpression(expression='smirking'))
    assert probe.wait_for(lambda: node.counts.get('bad_expression') == 1, timeout=10.0)
    assert node.target.expression.value == 'surprised'


def test_the_mouth_moves_while_the_robot_speaks(runner_factory):
    runner = runner_factory(FACE, overrides={'face_display': STILL})
    node = runner.node('face_display')
    probe = runner.add_node(TopicProbe([IMAGE], context=runner.context))
    pub = node.create_publisher(Bool, 'robot_speaking', SPEAKING_QOS)

    def mouth_frames(n):
        start = probe.count('face_image')
        assert probe.wait_for_count('face_image', start + n, timeout=15.0)
        frames = [image_msg_to_bgr(m) for m in probe.messages('face_image')[start:start + n]]
        return [f[int(f.shape[0] * 0.68):].astype(int) for f in frames]

    quiet = mouth_frames(6)
    assert max(np.abs(a - b).mean() for a, b in zip(quiet, quiet[1:])) < 0.05
    pub.publish(Bool(data=True))
    assert probe.wait_for(lambda: node.speaking, timeout=10.0)
    talking = mouth_frames(10)
    assert max(np.abs(a - b).mean() for a, b in zip(talking, talking[1:])) > 0.3


def _speaking_values(probe):
    return [m.data for m in probe.messages('robot_speaking')]


def _say(node, text, **fields):
    pub = node.create_publisher(Utterance, 'utterance', RELIABLE)
    probe_ok = node.count_subscribers('utterance') > 0
    assert probe_ok
    pub.publish(Utterance(text=text, **fields))
    return pub


def test_robot_speaking_is_true_while_speaking_and_false_after(runner_factory):
    runner = runner_factory(VOICE, overrides={'voice_output': {'chunk_ms': 50}})
    node = runner.node('voice_output')
    probe = runner.add_node(TopicProbe([SPEAKING, AUDIO], context=runner.context))
    assert probe.wait_for(lambda: node.count_subscribers('robot_speaking') > 0, timeout=10.0)
    _say(node, 'Hello, I am happy to see you.', style=Utterance.STYLE_CHEERFUL)
    assert probe.wait_for(lambda: True in _speaking_values(probe), timeout=15.0)
    assert probe.wait_for(lambda: node.counts.get('spoken') == 1, timeout=20.0)
    assert probe.wait_for(lambda: _speaking_values(probe)[-1] is False, timeout=10.0)
    # True came before every audio chunk, False after the last one.
    log = [(r.time, name, r.msg) for name in ('robot_speaking', 'speech_audio')
           for r in probe.received[name]]
    log.sort(key=lambda item: item[0])
    kinds = [(name, msg.data if name == 'robot_speaking' else None) for _, name, msg in log]
    first_true = kinds.index(('robot_speaking', True))
    last_false = len(kinds) - 1 - kinds[::-1].index(('robot_speaking', False))
    audio_at = [i for i, (name, _) in enumerate(kinds) if name == 'speech_audio']
    assert first_true < audio_at[0] and audio_at[-1] < last_false
    # The audio is real speech of plausible length: ~2 s for 7 words, not silence.
    chunks = [audio_chunk_to_samples(m) for m in probe.messages('speech_audio')]
    assert all(fmt.sample_rate == 22050 for fmt, _ in chunks)
    audio = np.concatenate([s[:, 0] for _, s in chunks])
    assert 0.8 < audio.size / 22050 < 4.0
    assert np.sqrt(np.mean(audio ** 2)) > 0.02
    # robot_speaking stayed true for about as long as the audio plays.
    speaking = probe.received['robot_speaking']
    true_at = min(r.time for r in speaking if r.msg.data)
    false_at = max(r.time for r in speaking if not r.msg.data)
    spoke_for = false_at - true_at
    assert spoke_for > 0.8 * audio.size / 22050


def test_a_higher_priority_interrupts_and_bad_input_is_counted(runner_factory):
    runner = runner_factory(VOICE)
    node = runner.node('voice_output')
    probe = runner.add_node(TopicProbe([SPEAKING, AUDIO], context=runner.context))
    assert probe.wait_for(lambda: node.count_subscribers('speech_audio') > 0, timeout=10.0)
    pub = _say(node, 'This is a long story about the weather, the sea and the mountains. ' * 3,
               priority=Utterance.PRIORITY_LOW)
    assert probe.wait_for(lambda: probe.count('speech_audio') >= 3, timeout=15.0)
    pub.publish(Utterance(text='Stop. Please step back.', style=Utterance.STYLE_FIRM,
                          priority=Utterance.PRIORITY_HIGH))
    assert probe.wait_for(lambda: node.counts.get('spoken') == 1, timeout=20.0)
    assert node.counts.get('interrupted') == 1
    assert probe.wait_for(lambda: _speaking_values(probe)[-1] is False, timeout=10.0)
    audio = np.concatenate([audio_chunk_to_samples(m)[1][:, 0]
                            for m in probe.messages('speech_audio')])
    assert audio.size / 22050 < 8.0  # the 15 s story was cut short

    # Empty text is dropped; an unknown style speaks neutral; NaN rate is clamped; shell
    # syntax is spoken as words.
    pub.publish(Utterance(text='   '))
    assert probe.wait_for(lambda: node.counts.get('bad_text') == 1, timeout=10.0)
    pub.publish(Utterance(text='--help; rm -rf /', style='sarcastic', rate=math.nan))
    assert probe.wait_for(lambda: node.counts.get('spoken') == 2, timeout=20.0)
    assert node.counts.get('bad_style') == 1 and node.counts.get('bad_range') == 1


def test_a_missing_espeak_stops_start_up_with_how_to_install_it(runner_factory, tmp_path):
    with pytest.raises(ModelUnavailable, match='apt install espeak-ng'):
        runner_factory(VOICE, overrides={
            'voice_output': {'executable': str(tmp_path / 'no' / 'espeak-ng')}})


def test_an_unknown_voice_is_refused_at_run_time(runner_factory):
    node = runner_factory(VOICE).node('voice_output')
    from rclpy.parameter import Parameter

    (result,) = node.set_parameters([Parameter('voice', value='xx-klingon')])
    assert not result.successful and 'voice' in result.reason
    assert node.params['voice'] == 'en-us'
