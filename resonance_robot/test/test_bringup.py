# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The bring-up description: selection, launch entries, and their command lines."""

import pathlib

import pytest
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role

CONFIG = pathlib.Path(__file__).resolve().parent.parent / 'config'


def test_node_names_are_unique_and_every_params_file_is_shipped():
    names = [spec.name for spec in bringup.NODES]
    assert len(names) == len(set(names))
    for spec in bringup.NODES:
        assert spec.params_file == f'{spec.name}.yaml'
        assert (CONFIG / spec.params_file).is_file(), spec.params_file


def test_every_subscribed_topic_has_a_publisher_or_is_an_external_input():
    published = {t.name for spec in bringup.NODES for t in spec.publishes}
    external = {'estop', 'person_poses', 'scan'}  # from the robot: e-stop, tracker, laser
    for spec in bringup.NODES:
        for topic in spec.subscribes:
            assert topic.name in published | external, (spec.name, topic.name)


def test_topic_types_agree_between_publishers_and_subscribers():
    types = {}
    for spec in bringup.NODES:
        for topic in spec.publishes + spec.subscribes:
            assert types.setdefault(topic.name, topic.type) == topic.type, topic.name


def test_stack_selects_roles_and_sources():
    default = [s.name for s in bringup.stack()]
    assert 'camera_source' not in default and 'audio_source' not in default
    assert 'face_affect' in default and 'social_behavior' in default
    perception = [s.name for s in bringup.stack([Role.PERCEPTION], camera=True)]
    assert perception == ['camera_source', 'face_affect', 'voice_affect']


def test_the_dashboard_starts_only_when_asked_for():
    every_role = [Role.PERCEPTION, Role.DECISION, Role.EXPRESSION, Role.MONITOR]
    assert 'dashboard' not in [s.name for s in bringup.stack(every_role)]
    assert [s.name for s in bringup.stack([], dashboard=True)] == ['dashboard']
    assert bringup.stack(dashboard=True)[-1].name == 'dashboard'  # started last


def test_launch_argument_dashboard_sets_the_port():
    from resonance_robot.stack import launching

    (entry,) = launching.entries_for([], {'dashboard': '9000'}, '/c')
    assert entry.name == 'dashboard' and entry.parameters == (('port', 9000),)
    assert launching.entries_for([], {'dashboard': ''}, '/c') == ()
    with pytest.raises(ValueError, match='expected a port number'):
        launching.entries_for([], {'dashboard': 'yes'}, '/c')


def test_stack_remappings_reach_every_node():
    specs = bringup.stack(remappings={'image': '/cam/image_raw'})
    assert all(('image', '/cam/image_raw') in s.remappings for s in specs)
    sim = bringup.stack(remappings=bringup.SIM_REMAPPINGS)
    assert all(set(bringup.SIM_REMAPPINGS) <= set(s.remappings) for s in sim)


def test_unknown_node_lists_the_known_ones():
    with pytest.raises(KeyError, match='nodes: camera_source, audio_source'):
        bringup.node('face_detector')


def test_plan_orders_shipped_then_user_files_then_overrides():
    entries = bringup.plan(
        bringup.stack([], camera=True, remappings=[('image', 'cam')]), '/share/config',
        params_files=['/my/robot.yaml'],
        overrides={'camera_source': {'source': 'it''s.png', 'rate': 5.0, 'loop': False}},
        use_sim_time=True, namespace='r1')
    (entry,) = entries
    # the shared deployment file first (one context for the whole stack), then the node's
    assert entry.params_files == ('/share/config/deployment.yaml',
                                  '/share/config/camera_source.yaml', '/my/robot.yaml')
    assert entry.namespace == 'r1'
    assert entry.ros_arguments() == [
        '--ros-args', '--params-file', '/share/config/deployment.yaml',
        '--params-file', '/share/config/camera_source.yaml',
        '--params-file', '/my/robot.yaml',
        '-p', "source:='its.png'", '-p', 'rate:=5.0', '-p', 'loop:=false',
        '-p', 'use_sim_time:=true', '-r', 'image:=cam']


def test_quotes_in_string_overrides_are_escaped_for_yaml():
    (entry,) = bringup.plan(bringup.stack([], camera=True), '/c',
                            overrides={'camera_source': {'source': "Bob's face.png"}})
    assert "source:='Bob''s face.png'" in entry.ros_arguments()


def test_entry_points_name_each_node_module():
    for line in bringup.entry_points():
        name, module = (part.strip() for part in line.split('='))
        assert module == f'resonance_robot.nodes.{name}:main'


def test_every_node_gets_the_one_shared_deployment_file_and_the_guarded_declare_it():
    import importlib

    from resonance_robot.core.ethics import DEPLOYMENT_PARAM_NAMES

    entries = bringup.plan(bringup.stack(camera=True, audio=True, hri=True, dashboard=True),
                           '/cfg')
    assert len(entries) == len(bringup.NODES)
    assert all(e.params_files[0] == '/cfg/deployment.yaml' for e in entries)
    for spec in bringup.NODES:
        names = {p.name for p in importlib.import_module(spec.module).PARAMS}
        assert (DEPLOYMENT_PARAM_NAMES <= names) is (spec.name in bringup.GUARDED), spec.name
        if spec.name in bringup.GUARDED:
            assert bringup.Topic('deployment', 'std_msgs/msg/String') in spec.publishes


def test_process_layouts_place_every_node_once():
    specs = bringup.stack(camera=True, audio=True, dashboard=True)
    for layout in bringup.LAYOUTS:
        groups = bringup.process_groups(layout, specs)
        names = [s.name for group in groups for s in group]
        assert sorted(names) == sorted(s.name for s in specs), layout
    assert len(bringup.process_groups('one', specs)) == 1
    assert len(bringup.process_groups('launch', specs)) == len(specs)
    face, rest = bringup.process_groups('split', specs)
    assert {s.name for s in face} == {'camera_source', 'face_affect', 'affect_fusion',
                                      'social_behavior'}
    assert 'voice_affect' in {s.name for s in rest}
    with pytest.raises(ValueError, match='unknown layout'):
        bringup.process_groups('two', specs)


def test_only_processes_without_the_face_path_run_at_a_lower_priority():
    specs = bringup.stack(camera=True, audio=True)
    face, rest = bringup.process_groups('split', specs)
    assert bringup.process_nice(face) == 0
    assert bringup.process_nice(rest) == bringup.BACKGROUND_NICE > 0
    for group in bringup.process_groups('launch', specs):
        (spec,) = group
        assert (bringup.process_nice(group) == 0) == (spec.name in bringup.FACE_PATH)
