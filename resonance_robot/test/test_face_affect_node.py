# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The face_affect node over real topics: Image in, FaceAffectArray out; bad frames; drops."""

import numpy as np
import pytest
from rclpy.parameter import Parameter
from rclpy.qos import qos_profile_sensor_data
from resonance_robot.conversions.common import bgr_to_image_msg, image_msg_to_bgr
from resonance_robot.conversions.face import msg_to_faces
from resonance_robot.core.perception.face.samples import astronaut, synthetic_frame
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role, Topic
from resonance_robot.stack.probe import TopicProbe
from sensor_msgs.msg import Image

pytestmark = pytest.mark.ros

SPEC = next(s for s in bringup.stack([Role.PERCEPTION]) if s.name == 'face_affect')
FACES = Topic('faces', 'resonance_robot_msgs/msg/FaceAffectArray')
DEBUG = Topic('faces/debug_image', 'sensor_msgs/msg/Image')
DIAGNOSTICS = Topic('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray')


def _start(runner_factory, overrides=None, topics=(FACES,)):
    runner = runner_factory([SPEC], overrides={'face_affect': overrides or {}})
    probe = runner.add_node(TopicProbe(list(topics), 'face_probe', context=runner.context))
    camera = probe.create_publisher(Image, 'image', qos_profile_sensor_data)
    node = runner.node('face_affect')
    assert probe.wait_for(lambda: camera.get_subscription_count() > 0
                          and probe.count_publishers('faces') > 0, timeout=15.0)
    return runner, node, probe, camera


def _frame(image, sec, encoding='rgb8'):
    msg = bgr_to_image_msg(image, encoding, 'head_camera')
    msg.header.stamp.sec, msg.header.stamp.nanosec = sec, 250_000_000
    return msg


def _answer(probe, sec):
    for msg in probe.messages('faces'):
        if msg.header.stamp.sec == sec:
            return msg
    return None


def _send_until_answered(probe, camera, msg, timeout=20.0):
    """Publish ``msg`` (again every 0.5 s: sensor QoS may drop) until its answer arrives."""
    sec = msg.header.stamp.sec
    for _ in range(int(timeout / 0.5)):
        camera.publish(msg)
        if probe.wait_for(lambda: _answer(probe, sec) is not None, timeout=0.5):
            return _answer(probe, sec)
    raise AssertionError(f'no faces message for the image stamped {sec}')


def test_astronaut_round_trip_reads_happy_with_positive_valence(runner_factory):
    _, node, probe, camera = _start(runner_factory)
    out = _send_until_answered(probe, camera, _frame(astronaut(), 17))
    assert out.header.stamp.sec == 17 and out.header.stamp.nanosec == 250_000_000
    assert out.header.frame_id == 'head_camera'
    assert (out.image_width, out.image_height) == (512, 512)
    (face,) = out.faces
    assert face.face_id
    assert face.affect.expression == 'happy' and face.raw_affect.expression == 'happy'
    assert face.affect.valence > 0.5 and face.affect.arousal > 0.0
    assert 0.5 < face.affect.confidence <= 1.0 and 0.5 < face.detection_confidence <= 1.0
    assert dict(zip(face.affect.class_names, face.affect.class_probabilities))['happy'] > 0.9
    assert 150 < face.roi.x_offset + face.roi.width / 2 < 300
    # the next frame continues the same track
    again = _send_until_answered(probe, camera, _frame(astronaut(), 18))
    assert again.faces[0].face_id == face.face_id
    assert msg_to_faces(again).faces[0].affect.valence > 0.5
    assert node.diagnostics.latencies.summary().count >= 2


def test_publishers_are_those_bringup_declares_and_debug_image_is_opt_in(runner_factory):
    runner, node, probe, camera = _start(runner_factory, topics=(FACES, DEBUG))

    def published():
        names = node.get_publisher_names_and_types_by_node('face_affect', '/')
        return {name for name, _ in names} - {'/rosout', '/parameter_events'}

    declared = {('/' + t.name).replace('//', '/') for t in SPEC.publishes}
    optional = {'/' + t.name for t in SPEC.publishes if t.optional}
    assert probe.wait_for(lambda: published() == declared - optional, timeout=10.0), published()
    results = node.set_parameters([Parameter('publish_debug_image', value=True),
                                   Parameter('preview_rate', value=2.0)])
    assert all(result.successful for result in results)
    assert probe.wait_for(lambda: published() == declared, timeout=10.0), published()
    assert probe.wait_for(lambda: probe.count_publishers('faces/debug_image') > 0, 10.0)
    sent = _frame(astronaut(), 30)
    for _ in range(40):
        camera.publish(sent)
        if probe.wait_for(lambda: probe.count('faces/debug_image') > 0, timeout=0.5):
            break
    debug = probe.messages('faces/debug_image')[0]
    assert debug.header.stamp.sec == 30 and (debug.width, debug.height) == (512, 512)
    drawn = image_msg_to_bgr(debug)
    assert np.any(drawn != astronaut())  # boxes and labels drawn on the frame
    results = node.set_parameters([Parameter('publish_debug_image', value=False),
                                   Parameter('preview_rate', value=0.0)])
    assert all(result.successful for result in results)
    assert probe.wait_for(lambda: published() == declared - optional, timeout=10.0)


def _bad_frames():
    good = _frame(astronaut(), 1)
    wrong_encoding = _frame(astronaut(), 1)
    wrong_encoding.encoding = 'yuv422'
    step = _frame(astronaut(), 1)
    step.step = 100  # shorter than one row of 512 rgb8 pixels
    empty = _frame(astronaut(), 1)
    empty.data = b''
    truncated = _frame(astronaut(), 1)
    truncated.data = bytes(good.data)[:len(good.data) // 2]
    absurd = _frame(astronaut(), 1)
    absurd.width, absurd.height, absurd.step = 200_000, 200_000, 600_000
    return [('wrong encoding', wrong_encoding, 'bad_encoding'),
            ('step mismatch', step, 'bad_step'),
            ('empty data', empty, 'bad_data'),
            ('truncated data', truncated, 'bad_data'),
            ('absurd size', absurd, 'bad_size')]


def test_each_bad_frame_is_dropped_counted_and_the_node_keeps_working(runner_factory):
    _, node, probe, camera = _start(runner_factory, topics=(FACES, DIAGNOSTICS))
    for i, (case, bad, key) in enumerate(_bad_frames()):
        before = node.counts.get(key)
        bad.header.stamp.sec = 100 + i
        camera.publish(bad)
        assert probe.wait_for(lambda: node.counts.get(key) > before, timeout=10.0), case
        # still answering: a good frame after the bad one is read
        good = _send_until_answered(probe, camera, _frame(astronaut(), 200 + i))
        assert good.faces and good.faces[0].affect.expression == 'happy', case
        assert _answer(probe, 100 + i) is None, f'{case}: the bad frame was not dropped'

    def counters():
        for msg in reversed(probe.messages('/diagnostics')):
            for status in msg.status:
                if status.hardware_id == 'face_affect':
                    return {kv.key: kv.value for kv in status.values}, status.message
        return {}, ''

    assert probe.wait_for(lambda: int(counters()[0].get('bad_data', 0)) >= 2, timeout=10.0)
    values, message = counters()
    for key in ('bad_encoding', 'bad_step', 'bad_size'):
        assert int(values[key]) >= 1, key
    assert 'bad inputs' in message and float(values['rate_hz']) >= 0.0
    assert values['detector'] == 'blazeface_full'


def test_frames_arriving_faster_than_processed_are_dropped_and_counted(runner_factory):
    _, node, probe, camera = _start(runner_factory, {'max_rate': 1.0})
    _send_until_answered(probe, camera, _frame(astronaut(), 1))
    frames = [_frame(synthetic_frame(1, i)[0], 10 + i) for i in range(8)]
    for msg in frames:
        camera.publish(msg)
    assert probe.wait_for(lambda: node.counts.get('dropped_frames') >= 3, timeout=15.0)
    # the newest frame is the one processed once the worker is free again
    last = _send_until_answered(probe, camera, frames[-1])
    assert last.faces and last.faces[0].affect.expression == 'happy'
    processed = {m.header.stamp.sec for m in probe.messages('faces')}
    assert len(processed & set(range(10, 18))) < 8


def test_with_inference_disabled_nothing_is_read_until_it_is_enabled(runner_factory):
    _, node, probe, camera = _start(runner_factory, {'enabled': False})
    for _ in range(4):
        camera.publish(_frame(astronaut(), 40))
        assert not probe.wait_for(lambda: probe.count('faces') > 0, timeout=0.5)
    assert node.counts.get('dropped_frames') == 0  # not even queued
    (result,) = node.set_parameters([Parameter('enabled', value=True)])
    assert result.successful
    assert _send_until_answered(probe, camera, _frame(astronaut(), 41)).faces


def test_privacy_mode_stops_inference_until_it_is_lifted(runner_factory):
    from resonance_robot.nodes.face_affect import PRIVACY_QOS
    from std_msgs.msg import Bool

    _, node, probe, camera = _start(runner_factory)
    first = _send_until_answered(probe, camera, _frame(astronaut(), 50))
    privacy = probe.create_publisher(Bool, 'privacy', PRIVACY_QOS)
    privacy.publish(Bool(data=True))
    assert probe.wait_for(lambda: node.diagnostics.status().values and any(
        kv.key == 'inference' and kv.value == 'off (privacy)'
        for kv in node.diagnostics.status().values), timeout=10.0)
    for _ in range(4):
        camera.publish(_frame(astronaut(), 51))
        assert not probe.wait_for(lambda: _answer(probe, 51) is not None, timeout=0.5)
    privacy.publish(Bool(data=False))
    after = _send_until_answered(probe, camera, _frame(astronaut(), 52))
    assert after.faces[0].face_id != first.faces[0].face_id  # no track memory kept


def test_invalid_parameters_are_rejected_with_the_reason(runner_factory):
    runner = runner_factory([SPEC])
    node = runner.node('face_affect')
    (result,) = node.set_parameters([Parameter('detector', value='yolo')])
    assert not result.successful and 'one of: blazeface_full' in result.reason
    (result,) = node.set_parameters([Parameter('min_detection_confidence', value=2.0)])
    assert not result.successful and 'above the maximum 1' in result.reason
    (result,) = node.set_parameters([Parameter('threads', value=4)])
    assert not result.successful and 'read-only' in result.reason
    (result,) = node.set_parameters([Parameter('detector', value='haar')])
    assert result.successful and node.params['detector'] == 'haar'
