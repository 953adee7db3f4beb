# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The installed artefacts: console scripts start, stop on Ctrl-C, and a plain colcon build."""

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

pytestmark = [pytest.mark.ros, pytest.mark.slow]

REPO_DIR = pathlib.Path(__file__).resolve().parent.parent.parent
SCRIPTS = pathlib.Path(sys.prefix) / 'lib' / 'resonance_robot'


def _env(**extra):
    env = dict(os.environ)
    env.pop('_ROS_WHEELS_BOOTSTRAP_COMPLETE', None)  # let the child set up its own libraries
    env['PYTHONUNBUFFERED'] = '1'
    env.update(extra)
    return env


def _start(command, **kwargs):
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True, **kwargs)


def _wait_for_line(process, needle, timeout):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if needle in line:
            return ''.join(seen)
    process.kill()
    raise AssertionError(f'{needle!r} not printed within {timeout} s:\n' + ''.join(seen))


def _interrupt(process, timeout=15.0):
    process.send_signal(signal.SIGINT)
    try:
        rest, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError('the node did not stop within 15 s of Ctrl-C') from None
    return process.returncode, rest


def test_a_node_console_script_runs_and_stops_cleanly_on_ctrl_c():
    process = _start([str(SCRIPTS / 'camera_source'), '--ros-args', '-p',
                      'source:=builtin:astronaut', '-p', 'rate:=5.0'], env=_env())
    _wait_for_line(process, 'camera source: builtin:astronaut at 5 Hz', timeout=30.0)
    code, rest = _interrupt(process)
    assert code == 0, rest
    assert 'Traceback' not in rest


def test_a_console_script_with_a_bad_parameter_exits_2_with_the_reason():
    result = subprocess.run(
        [str(SCRIPTS / 'camera_source'), '--ros-args', '-p', 'encoding:=jpeg'],
        capture_output=True, text=True, env=_env(), timeout=60)
    assert result.returncode == 2
    assert "encoding: 'jpeg' is not one of: rgb8, bgr8, mono8" in result.stderr
    assert 'Traceback' not in result.stderr


def test_resonance_robot_command_is_on_the_venv_path():
    result = subprocess.run([str(pathlib.Path(sys.prefix) / 'bin' / 'resonance-robot'),
                             'nodes', '--json'], capture_output=True, text=True, env=_env(),
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"name": "face_affect"' in result.stdout


def test_colcon_build_in_a_plain_workspace(tmp_path):
    colcon = shutil.which('colcon', path=str(pathlib.Path(sys.prefix) / 'bin'))
    assert colcon, 'colcon is installed in the venv'
    src = tmp_path / 'ws' / 'src'
    src.mkdir(parents=True)
    (src / 'resonance_robot').symlink_to(REPO_DIR, target_is_directory=True)
    ws = tmp_path / 'ws'
    env = _env(AMENT_PREFIX_PATH=sys.prefix,
               PATH=f'{pathlib.Path(sys.prefix) / "bin"}:{os.environ["PATH"]}')
    build = subprocess.run([colcon, 'build', '--event-handlers', 'console_direct-'],
                           cwd=ws, env=env, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert 'Summary: 2 packages finished' in build.stdout
    installed = ws / 'install' / 'resonance_robot'
    assert (installed / 'share' / 'resonance_robot' / 'launch' / 'resonance.launch.py').is_file()
    assert (installed / 'share' / 'resonance_robot' / 'config' / 'camera_source.yaml').is_file()
    script = installed / 'lib' / 'resonance_robot' / 'camera_source'
    process = _start(['bash', '-c', f'source {ws}/install/setup.bash && exec {script} '
                      '--ros-args -p source:=builtin:astronaut'], env=env, cwd=tmp_path)
    out = _wait_for_line(process, 'camera source:', timeout=30.0)
    code, rest = _interrupt(process)
    assert code == 0, out + rest
