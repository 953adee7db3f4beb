# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The in-process runner starts bring-up entries with the launch wiring, and stops cleanly."""

import pytest
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Topic
from resonance_robot.stack.probe import TopicProbe

pytestmark = pytest.mark.ros


def test_namespace_and_remapping_move_the_topic(runner_factory):
    specs = bringup.stack([], camera=True, remappings=[('image', 'camera/image_raw')])
    runner = runner_factory(specs, namespace='robot1',
                            overrides={'camera_source': {'source': 'builtin:astronaut'}})
    node = runner.node('camera_source')
    assert node.get_namespace() == '/robot1'
    probe = runner.add_node(TopicProbe(
        [Topic('/robot1/camera/image_raw', 'sensor_msgs/msg/Image')], context=runner.context))
    assert probe.wait_for_count('/robot1/camera/image_raw', 1, timeout=15.0)
    topics = dict(node.get_publisher_names_and_types_by_node('camera_source', '/robot1'))
    assert topics['/robot1/camera/image_raw'] == ['sensor_msgs/msg/Image']


def test_running_nodes_use_exactly_the_topics_bringup_declares(runner_factory):
    specs = bringup.stack([], camera=True, audio=True)
    runner = runner_factory(specs)
    for spec in specs:
        node = runner.node(spec.name)
        published = {name for name, _ in node.get_publisher_names_and_types_by_node(
            spec.name, '/')} - {'/rosout', '/parameter_events'}
        declared = {t.name if t.name.startswith('/') else '/' + t.name for t in spec.publishes}
        assert published == declared, spec.name


def test_the_runner_passes_the_launch_entries_arguments(runner_factory, tmp_path):
    extra = tmp_path / 'extra.yaml'
    extra.write_text('/**:\n  ros__parameters:\n    frame_id: from_extra\n')
    runner = runner_factory(bringup.stack([], camera=True), params_files=[extra],
                            overrides={'camera_source': {'encoding': 'bgr8'}})
    (entry,) = runner.entries()
    assert entry.params_files[-1] == str(extra)
    node = runner.node('camera_source')
    assert node.params['frame_id'] == 'from_extra'
    assert node.params['encoding'] == 'bgr8'


def test_a_failing_node_stops_the_ones_already_started(tmp_path):
    from resonance_robot.core.errors import ConfigError
    from resonance_robot.stack.runner import StackRunner

    bad = tmp_path / 'bad.yaml'
    bad.write_text('/**:\n  ros__parameters:\n    chunk_ms: 5\n')
    runner = StackRunner(bringup.stack([], camera=True, audio=True), params_files=[bad])
    with pytest.raises(ConfigError, match='parameter chunk_ms: .*out of range. Min: 10'):
        runner.start()
    assert runner.nodes == {} and not runner.context.ok()
