# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The voice_affect node on real topics: round trip, the robot's own voice, bad chunks."""

import numpy as np
import pytest
from rcl_interfaces.msg import SetParametersResult
import rclpy
from rclpy.parameter import Parameter
from resonance_robot.conversions.audio import samples_to_audio_chunk
from resonance_robot.conversions.common import seconds_to_time
from resonance_robot.conversions.voice import msg_to_voice_reading
from resonance_robot.core.audio import resample
from resonance_robot.core.errors import ConfigError, ModelUnavailable
from resonance_robot.core.perception.voice.commands import Command
from resonance_robot.nodes.audio_source import AUDIO_QOS
from resonance_robot.nodes.voice_affect import FLAG_QOS
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot_msgs.msg import AudioChunk
from speech_fixtures import conversation, requires_espeak, speech, write_speech_wav
from std_msgs.msg import Bool

pytestmark = [pytest.mark.ros, requires_espeak]

VOICE_NODE = bringup.node('voice_affect')
SOURCE_NODE = bringup.node('audio_source')
VOICE = Topic('voice', 'resonance_robot_msgs/msg/VoiceAffect')
SPEAKING = Topic('person_speaking', 'std_msgs/msg/Bool')


def _ros_now(node):
    return node.get_clock().now().nanoseconds * 1e-9


class Sender:
    """A test peer that publishes audio chunks and the robot_speaking flag."""

    def __init__(self, runner):
        self.node = runner.add_node(rclpy.create_node('voice_test_sender',
                                                      context=runner.context))
        self.audio = self.node.create_publisher(AudioChunk, 'audio', AUDIO_QOS)
        self.robot = self.node.create_publisher(Bool, 'robot_speaking', FLAG_QOS)

    def send(self, samples, rate=16000, encoding='s16le', chunk_s=0.1, start=None):
        """Publish ``samples`` in chunks stamped as if captured from ``start`` on."""
        start = _ros_now(self.node) if start is None else start
        step = int(rate * chunk_s)
        count = 0
        for i in range(0, samples.shape[0], step):
            stamp = seconds_to_time(start + i / rate)
            self.audio.publish(samples_to_audio_chunk(samples[i:i + step], rate, encoding,
                                                      'test_mic', stamp))
            count += 1
        return count


def _start(runner_factory, *specs, **overrides):
    runner = runner_factory(specs or (VOICE_NODE,), overrides=overrides or None)
    probe = runner.add_node(TopicProbe([VOICE, SPEAKING], 'voice_probe',
                                       context=runner.context))
    return runner, probe, runner.node('voice_affect')


def test_a_wav_played_by_audio_source_comes_out_as_a_voice_affect(runner_factory, tmp_path):
    wav = write_speech_wav(tmp_path / 'leave.wav',
                           conversation(0.5, speech('stop'), 1.5), rate=22050)
    runner, probe, node = _start(runner_factory, SOURCE_NODE, VOICE_NODE,
                                 audio_source={'speed': 4.0})
    source = runner.node('audio_source')
    assert probe.wait_for(lambda: source.count_subscribers('audio') > 0, timeout=10.0)
    (result,) = source.set_parameters([Parameter('source', value=str(wav))])
    assert result.successful, result.reason
    assert probe.wait_for_count('voice', 1, timeout=30.0)
    msg = probe.messages('voice')[0]
    reading = msg_to_voice_reading(msg)
    assert reading.commands == (Command.STOP,), msg.transcript
    assert 'stop' in msg.transcript
    assert msg.voice_id == 'voice0' and msg.header.frame_id == 'microphone'
    # stamps are the file's timeline on the wall clock (audio_source's PlaybackClock): at 4x
    # speed the utterance spans a quarter of the word's 0.42 s of sound in the file, however
    # late the timer fired (before, a late timer stretched it and a burst squeezed it)
    assert 0.3 < 4.0 * (reading.end - reading.start) < 0.9
    assert msg.affect.valence < 0.0 and 0.0 < msg.affect.confidence <= 1.0
    assert 60.0 < msg.pitch_median < 200.0 and -40.0 < msg.loudness < 0.0
    assert probe.wait_for(lambda: [m.data for m in probe.messages('person_speaking')][-1:]
                          == [False], timeout=5.0)
    flags = [m.data for m in probe.messages('person_speaking')]
    assert True in flags  # it said the person was speaking, then that they stopped
    published = {name for name, _ in node.get_publisher_names_and_types_by_node(
        'voice_affect', '/')} - {'/rosout', '/parameter_events'}
    assert published == {t.name if t.name.startswith('/') else '/' + t.name
                         for t in VOICE_NODE.publishes}


def test_while_the_robot_speaks_nothing_it_hears_is_published(runner_factory):
    runner, probe, node = _start(runner_factory)
    sender = Sender(runner)
    assert probe.wait_for(lambda: node.count_publishers('robot_speaking') > 0
                          and node.count_publishers('audio') > 0, timeout=10.0)
    sender.robot.publish(Bool(data=True))
    assert probe.wait_for(lambda: node._gate.speaking, timeout=10.0)
    voice = conversation(0.3, speech('stop'), 1.0)
    sent = sender.send(voice)
    assert probe.wait_for(
        lambda: node.counts.get('chunks_ignored_robot_speaking') >= sent, timeout=20.0)
    assert probe.count('voice') == 0
    assert True not in [m.data for m in probe.messages('person_speaking')]
    # once the robot is quiet (and its echo tail has passed) the person is heard again
    sender.robot.publish(Bool(data=False))
    assert probe.wait_for(lambda: not node._gate.speaking, timeout=10.0)
    sender.send(voice, start=_ros_now(sender.node) + 1.0)
    assert probe.wait_for_count('voice', 1, timeout=20.0)
    heard = probe.messages('voice')[0]
    assert Command.STOP.value in heard.commands, heard.transcript


def test_bad_chunks_are_counted_and_dropped_and_the_node_keeps_listening(runner_factory):
    runner, probe, node = _start(runner_factory)
    sender = Sender(runner)
    assert probe.wait_for(lambda: node.count_publishers('audio') > 0, timeout=10.0)
    empty = AudioChunk(sample_rate=16000, channels=1, encoding='s16le')
    partial = AudioChunk(sample_rate=16000, channels=2, encoding='s16le', data=b'\x01\x02\x03')
    mp3 = AudioChunk(sample_rate=16000, channels=1, encoding='mp3', data=b'\xff\xfb' * 100)
    no_rate = AudioChunk(sample_rate=0, channels=1, encoding='s16le', data=bytes(320))
    nan = AudioChunk(sample_rate=16000, channels=1, encoding='f32le',
                     data=np.array([np.nan, np.inf] * 160, '<f4').tobytes())
    for msg in (empty, partial, mp3, no_rate, nan):
        sender.audio.publish(msg)
    assert probe.wait_for(lambda: node.counts.get('bad_format') >= 3
                          and node.counts.get('bad_empty') >= 1
                          and node.counts.get('bad_nonfinite') >= 1, timeout=10.0)
    # then speech at 44.1 kHz, stereo, float, too loud: resampled, mixed down, clipped, heard
    voice = resample(conversation(0.3, speech('stop watching me'), 1.0), 16000, 44100)
    sender.send(np.clip(np.stack([voice, voice], axis=1) * 2.5, -1.0, 1.0), rate=44100,
                encoding='f32le')
    assert probe.wait_for_count('voice', 1, timeout=20.0)
    assert probe.messages('voice')[0].commands == [Command.STOP_WATCHING.value]
    for counter in ('resampled', 'downmixed', 'bad_clipping'):
        assert node.counts.get(counter) > 0, counter
    status = node.diagnostics.status()
    assert 'bad inputs' in status.message and 'bad_format' in status.message


def test_parameters_are_checked_and_applied_at_run_time(runner_factory):
    runner, probe, node = _start(runner_factory)
    (result,) = node.set_parameters([Parameter('engine', value='google')])
    assert isinstance(result, SetParametersResult) and not result.successful
    assert 'unknown engine' in result.reason
    (result,) = node.set_parameters([Parameter('hangover_ms', value=50.0)])
    assert not result.successful and 'below the minimum' in result.reason
    (result,) = node.set_parameters([Parameter('hangover_ms', value=600.0)])
    assert result.successful
    assert probe.wait_for(lambda: node._pipeline.config.hangover_ms == 600.0, timeout=20.0)


def test_an_unknown_engine_in_a_parameter_file_stops_start_up(runner_factory, tmp_path):
    bad = tmp_path / 'bad.yaml'
    bad.write_text('/**:\n  ros__parameters:\n    engine: google\n')
    with pytest.raises(ConfigError, match='unknown speech engine'):
        runner_factory((VOICE_NODE,), params_files=[bad])


def test_an_engine_that_is_not_installed_says_how_to_get_it(runner_factory):
    import importlib.util

    if importlib.util.find_spec('whisper'):
        pytest.skip('whisper is installed here')
    with pytest.raises(ModelUnavailable, match='pip install openai-whisper'):
        runner_factory((VOICE_NODE,), overrides={'voice_affect': {'engine': 'sr:whisper'}})
