# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Multi-process layouts: nodes started as processes (alone or grouped), stopped by SIGTERM."""

import pytest
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role, Topic
from resonance_robot.stack.probe import TopicProbe
from resonance_robot.stack.processes import ProcessStack

pytestmark = pytest.mark.ros

DECISION = bringup.stack([Role.DECISION])
WATCH = [Topic('persons', 'resonance_robot_msgs/msg/PersonAffectArray'),
         Topic('behavior_tree', 'std_msgs/msg/String')]


@pytest.mark.parametrize('layout', ['launch', 'one'])
def test_a_layout_runs_the_nodes_as_processes_and_sigterm_stops_them_cleanly(
        runner_factory, tmp_path, layout):
    processes = ProcessStack(DECISION, layout=layout, log_dir=tmp_path, log_level='warn',
                             overrides={'social_behavior': {'snapshot_period': 0.5}})
    expected = 2 if layout == 'launch' else 1  # one process per node, or both in one
    assert len(processes.groups) == expected
    runner = runner_factory([])
    probe = runner.add_node(TopicProbe(WATCH, context=runner.context))
    with processes:
        # affect_fusion publishes persons on its timer, social_behavior its tree snapshots:
        # both nodes are up, in other processes, on the same graph.
        assert probe.wait_for(lambda: probe.count('persons') > 3
                              and probe.count('behavior_tree') > 1, timeout=30.0), (
            {name: processes.log(name) for name in processes.processes})
        assert not processes.exited()
        codes = processes.stop()
    assert list(codes.values()) == [0] * expected, codes


def test_run_with_a_layout_starts_the_processes_and_sigterm_stops_them_with_status_0(tmp_path):
    import os
    import pathlib
    import signal
    import subprocess
    import sys
    import time

    run = subprocess.Popen(
        [str(pathlib.Path(sys.prefix) / 'bin' / 'resonance-robot'), 'run', '--layout', 'split',
         '--roles', 'decision,expression'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, 'PYTHONUNBUFFERED': '1'})
    try:
        first = run.stdout.readline().decode()
        assert '2 processes running (affect_fusion+social_behavior; face_display+' in first
        time.sleep(4.0)
        assert run.poll() is None  # both processes are up and stay up
        run.send_signal(signal.SIGTERM)
        out, _ = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, out.decode()
    assert 'resonance-robot run: stopped' in out.decode()
