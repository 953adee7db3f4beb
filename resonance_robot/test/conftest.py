# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures: an isolated ROS domain per test session, contexts, and node runners."""

from __future__ import annotations

from collections.abc import Iterator
import os
import pathlib
import random

import pytest

# Keep test traffic on this machine and off other test runs' DDS domain.
os.environ.setdefault('ROS_AUTOMATIC_DISCOVERY_RANGE', 'LOCALHOST')
os.environ.setdefault('ROS_DOMAIN_ID', str(random.Random(os.getpid()).randint(1, 100)))
os.environ.setdefault('ROS_LOG_DIR', str(pathlib.Path(os.environ.get('TMPDIR', '/tmp'))
                                         / 'resonance_robot_test_logs' / str(os.getpid())))

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent


@pytest.fixture
def ros_context() -> Iterator[object]:
    """Yield a fresh, initialised rclpy context; shut it down after the test."""
    import rclpy
    from rclpy.context import Context

    context = Context()
    rclpy.init(context=context, args=[])
    yield context
    context.try_shutdown()


@pytest.fixture
def runner_factory() -> Iterator[object]:
    """Yield a maker of StackRunners that are all stopped at the end of the test."""
    from resonance_robot.stack.runner import StackRunner

    runners: list[StackRunner] = []

    def make(*args: object, **kwargs: object) -> StackRunner:
        runner = StackRunner(*args, **kwargs)  # type: ignore[arg-type]
        runners.append(runner)
        return runner.start()

    yield make
    for runner in runners:
        runner.stop()
