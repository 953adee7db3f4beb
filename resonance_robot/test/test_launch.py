# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Launch files start exactly the bring-up description's nodes, parameter files and remaps.

``launch`` and ``launch_ros`` are not installable from PyPI, so the launch files are run
with ``resonance_robot.stack.launching.generate`` captured: each file's roles and remappings are
resolved through the same code path the real launch uses, and compared with the in-process
runner's entries and the installed console scripts.
"""

import importlib.util
import pathlib

import pytest
from resonance_robot.stack import bringup, launching
from resonance_robot.stack.bringup import Role
from resonance_robot.stack.runner import StackRunner

LAUNCH_DIR = pathlib.Path(__file__).resolve().parent.parent / 'launch'
CONFIG_DIR = pathlib.Path(__file__).resolve().parent.parent / 'config'
ALL = (Role.PERCEPTION, Role.DECISION, Role.EXPRESSION)


def _captured(path, monkeypatch):
    calls = []
    monkeypatch.setattr(launching, 'generate',
                        lambda roles, remappings=(): calls.append((tuple(roles),
                                                                   tuple(remappings))))
    spec = importlib.util.spec_from_file_location(path.stem.replace('.', '_'), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate_launch_description()
    (call,) = calls
    return call


@pytest.mark.parametrize('name,roles,remappings', [
    ('resonance.launch.py', ALL, ()),
    ('perception.launch.py', (Role.PERCEPTION,), ()),
    ('decision.launch.py', (Role.DECISION, Role.EXPRESSION), ()),
    ('sim.launch.py', ALL, bringup.SIM_REMAPPINGS),
])
def test_each_launch_file_selects_the_documented_layers(monkeypatch, name, roles, remappings):
    assert _captured(LAUNCH_DIR / name, monkeypatch) == (roles, tuple(remappings))


@pytest.mark.parametrize('name', sorted(p.name for p in LAUNCH_DIR.glob('*.launch.py')))
@pytest.mark.parametrize('arguments', [
    {},
    {'camera': 'webcam', 'audio': 'mic', 'namespace': 'robot1', 'params_file': '/r/my.yaml',
     'use_sim_time': 'true'},
])
def test_launch_entries_equal_the_runner_entries(monkeypatch, name, arguments):
    roles, remappings = _captured(LAUNCH_DIR / name, monkeypatch)
    launched = launching.entries_for(roles, arguments, str(CONFIG_DIR), remappings)
    overrides = {}
    if arguments.get('camera'):
        overrides['camera_source'] = {'source': arguments['camera']}
    if arguments.get('audio'):
        overrides['audio_source'] = {'source': arguments['audio']}
    runner = StackRunner(
        bringup.stack(roles, camera='camera' in arguments, audio='audio' in arguments,
                      remappings=remappings),
        namespace=arguments.get('namespace', ''),
        params_files=[arguments['params_file']] if 'params_file' in arguments else [],
        overrides=overrides, use_sim_time=arguments.get('use_sim_time') == 'true')
    ran = runner.entries()
    assert [e.name for e in launched] == [e.name for e in ran]
    for a, b in zip(launched, ran):
        assert a.namespace == b.namespace
        assert a.ros_arguments()[1:] == [
            arg.replace(str(runner_config()), str(CONFIG_DIR)) for arg in b.ros_arguments()[1:]]


def runner_config():
    from resonance_robot.paths import config_dir

    return config_dir()


def test_launch_entries_name_real_files_and_console_scripts(monkeypatch):
    import ast

    setup = ast.parse((LAUNCH_DIR.parent / 'setup.py').read_text())
    scripts = next(ast.literal_eval(n.value) for n in ast.walk(setup)
                   if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') ==
                   'NODE_SCRIPTS')
    executables = {line.split('=')[0].strip() for line in scripts}
    for path in LAUNCH_DIR.glob('*.launch.py'):
        roles, remappings = _captured(path, monkeypatch)
        arguments = {'camera': 'webcam', 'audio': 'mic', 'dashboard': '0'}
        for entry in launching.entries_for(roles, arguments, str(CONFIG_DIR), remappings):
            assert entry.executable in executables
            assert all(pathlib.Path(p).is_file() for p in entry.params_files)
            assert entry.remappings == entry.spec.remappings


def test_every_launch_argument_has_a_default_and_a_description():
    names = [name for name, _, _ in launching.LAUNCH_ARGUMENTS]
    assert names == ['namespace', 'params_file', 'camera', 'audio', 'use_sim_time', 'hri',
                     'hri_faces', 'dashboard']
    assert all(text.endswith('.') for _, _, text in launching.LAUNCH_ARGUMENTS)


def test_hri_launch_arguments_add_the_bridge_and_replace_face_affect():
    plain = launching.entries_for(ALL, {}, str(CONFIG_DIR))
    assert 'hri_bridge' not in [e.name for e in plain]
    hri = launching.entries_for(ALL, {'hri': 'true'}, str(CONFIG_DIR))
    assert [e.name for e in hri] == [e.name for e in plain] + ['hri_bridge']
    faces = launching.entries_for(ALL, {'hri_faces': 'true'}, str(CONFIG_DIR))
    names = [e.name for e in faces]
    assert 'face_affect' not in names and names[-1] == 'hri_bridge'
    assert ('faces_from', 'ros4hri') in faces[-1].parameters
