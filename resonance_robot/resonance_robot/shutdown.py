# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""SIGTERM as a graceful stop, like Ctrl-C, for the nodes and the ``resonance-robot`` command."""

from __future__ import annotations

import signal
from types import FrameType


def graceful_signals() -> None:
    """
    Make SIGTERM (systemd, Docker, ``timeout``, supervisors) a graceful stop like Ctrl-C.

    Both raise KeyboardInterrupt (its message names the signal) in the main thread, so the
    same clean-up runs: zero velocity, nodes destroyed. rclpy is initialised without its own
    signal handlers, so the ROS context is still valid while the final messages go out.
    """
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)


def by_sigterm(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt was raised for SIGTERM (a requested stop: status 0)."""
    return isinstance(exc, KeyboardInterrupt) and exc.args == ('SIGTERM',)
