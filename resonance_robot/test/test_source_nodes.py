# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The stand-in camera and microphone nodes: parameters from YAML, rejection, real topics."""

import numpy as np
import pytest
from rcl_interfaces.msg import SetParametersResult
from rclpy.parameter import Parameter
from resonance_robot.conversions.audio import audio_chunk_to_samples
from resonance_robot.conversions.common import image_msg_to_bgr
from resonance_robot.core.audio import read_wav, write_wav
from resonance_robot.core.errors import ConfigError
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe

pytestmark = pytest.mark.ros

CAMERA = bringup.stack([], camera=True)
AUDIO = bringup.stack([], audio=True)
IMAGE = Topic('image', 'sensor_msgs/msg/Image')


def test_a_parameter_from_a_yaml_file_reaches_the_node(runner_factory, tmp_path):
    params = tmp_path / 'robot.yaml'
    params.write_text('/**:\n  ros__parameters:\n    rate: 12\n    width: 64\n'
                      '    source: builtin:astronaut\n    frame_id: head_camera\n')
    runner = runner_factory(CAMERA, params_files=[params])
    node = runner.node('camera_source')
    assert node.params['rate'] == 12.0  # an int in YAML is fine for a float parameter
    assert node.get_parameter('frame_id').value == 'head_camera'
    probe = runner.add_node(TopicProbe([IMAGE], context=runner.context))
    assert probe.wait_for_count('image', 2, timeout=15.0)
    msg = probe.messages('image')[-1]
    assert (msg.width, msg.height, msg.header.frame_id) == (64, 64, 'head_camera')
    astronaut = image_msg_to_bgr(msg)
    assert astronaut.mean() > 40  # a real photo, not a blank frame


def test_an_invalid_yaml_value_stops_start_up_with_the_reason(runner_factory, tmp_path):
    params = tmp_path / 'bad.yaml'
    params.write_text('/**:\n  ros__parameters:\n    rate: -5.0\n')
    with pytest.raises(ConfigError, match='rate: -5.0 is below the minimum 0.1'):
        runner_factory(CAMERA, params_files=[params])


def test_an_invalid_run_time_value_is_rejected_and_the_old_one_kept(runner_factory):
    node = runner_factory(CAMERA).node('camera_source')
    (result,) = node.set_parameters([Parameter('encoding', value='yuv422')])
    assert isinstance(result, SetParametersResult)
    assert not result.successful
    assert result.reason == "encoding: 'yuv422' is not one of: rgb8, bgr8, mono8"
    assert node.params['encoding'] == 'rgb8'
    (result,) = node.set_parameters([Parameter('source', value='/no/such/video.mp4')])
    assert not result.successful and 'no such file or folder' in result.reason
    (result,) = node.set_parameters([Parameter('rate', value='fast')])
    assert not result.successful and 'expected a number' in result.reason


def test_the_camera_source_can_be_switched_at_run_time(runner_factory, tmp_path):
    import cv2

    cv2.imwrite(str(tmp_path / 'red.png'), np.full((20, 30, 3), (0, 0, 255), np.uint8))
    runner = runner_factory(CAMERA, overrides={'camera_source': {'rate': 30.0}})
    probe = runner.add_node(TopicProbe([IMAGE], context=runner.context))
    node = runner.node('camera_source')
    assert probe.count('image') == 0  # empty source: the camera sees nothing
    (result,) = node.set_parameters([Parameter('source', value=str(tmp_path / 'red.png'))])
    assert result.successful, result.reason
    assert probe.wait_for_count('image', 1, timeout=15.0)
    frame = image_msg_to_bgr(probe.messages('image')[0])
    assert frame.shape == (20, 30, 3) and tuple(frame[0, 0]) == (0, 0, 255)


def test_audio_source_streams_a_wav_file_sample_for_sample(runner_factory, tmp_path):
    rng = np.random.default_rng(5)
    samples = (0.3 * rng.standard_normal(8000)).clip(-1, 1).astype(np.float32)  # 0.5 s
    write_wav(tmp_path / 'speech.wav', samples, 16000)
    expected = read_wav(tmp_path / 'speech.wav').samples[:, 0]
    runner = runner_factory(AUDIO, overrides={'audio_source': {'speed': 10.0, 'chunk_ms': 20}})
    node = runner.node('audio_source')
    probe = runner.add_node(TopicProbe([Topic('audio', 'resonance_robot_msgs/msg/AudioChunk')],
                                       context=runner.context))
    assert probe.wait_for(lambda: node.count_subscribers('audio') > 0, timeout=10.0)
    (result,) = node.set_parameters([Parameter('source', value=str(tmp_path / 'speech.wav'))])
    assert result.successful, result.reason
    assert probe.wait_for_count('audio', 30, timeout=20.0)
    chunks = [audio_chunk_to_samples(m) for m in probe.messages('audio')]
    assert all(fmt.sample_rate == 16000 and s.shape == (320, 1) for fmt, s in chunks)
    stream = np.concatenate([s[:, 0] for _, s in chunks])
    np.testing.assert_allclose(stream[:8000], expected, atol=1e-4)  # the file, in order
    assert not stream[8000:].any()  # then silence, as a quiet room sounds
    stamps = [m.header.stamp.sec + m.header.stamp.nanosec * 1e-9
              for m in probe.messages('audio')]
    assert all(b > a for a, b in zip(stamps, stamps[1:]))
