# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run a bring-up selection of nodes in one process on one executor.

This is ``ros2 launch`` for machines without it, and the test harness for the whole graph:
each node gets exactly the command-line arguments the launch file would give it (parameter
files, remappings, namespace), so what the tests exercise is the launched wiring.

The executor is single-threaded by default: the nodes do heavy work (inference, synthesis,
rendering) on their own worker threads, and rclpy's MultiThreadedExecutor was measured to
busy-wait on a loaded 2-core machine, holding the interpreter lock in its spin loop and
starving those workers (face_affect answered 43-265 of 300 frames with it, 300 of 300 with
one thread). ``threads > 1`` selects the multi-threaded executor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
import importlib
import importlib.util
import pathlib
import threading
from typing import Any

import rclpy
from rclpy._rclpy_pybind11 import InvalidHandle
from rclpy.context import Context
from rclpy.executors import (
    Executor, ExternalShutdownException, MultiThreadedExecutor, SingleThreadedExecutor)
from rclpy.logging import LoggingSeverity
from rclpy.node import Node
from rclpy.signals import SignalHandlerOptions

from .bringup import LaunchEntry, NodeSpec, plan
from ..nodes.base import report_failure, ResonanceNode
from ..paths import config_dir


_SEVERITY = {'debug': LoggingSeverity.DEBUG, 'info': LoggingSeverity.INFO,
             'warn': LoggingSeverity.WARN, 'error': LoggingSeverity.ERROR}


def is_available(spec: NodeSpec) -> bool:
    """Whether the node's module is part of this installation."""
    return importlib.util.find_spec(spec.module) is not None


def load_node_class(spec: NodeSpec) -> type[Node]:
    """Import and return the node class of ``spec``."""
    module = importlib.import_module(spec.module)
    node_class: type[Node] = getattr(module, spec.class_name)
    return node_class


class StackRunner:
    """
    Starts nodes in-process, spins them on a background thread, and stops them cleanly.

    Use as a context manager::

        with StackRunner(bringup.stack(camera=True)) as runner:
            runner.node('face_affect')
    """

    def __init__(
        self,
        specs: Iterable[NodeSpec],
        *,
        namespace: str = '',
        params_files: Sequence[str | pathlib.Path] = (),
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        use_sim_time: bool = False,
        context: Context | None = None,
        threads: int = 1,
        log_level: str | None = None,
    ) -> None:
        self.specs = tuple(specs)
        self.namespace = namespace
        self.params_files = tuple(params_files)
        self.overrides = {name: dict(values) for name, values in (overrides or {}).items()}
        self.use_sim_time = use_sim_time
        self.log_level = log_level
        """Logger level of every node ('debug', 'info', 'warn', 'error'); None keeps ROS's."""
        self._own_context = context is None
        self.context = context or Context()
        self._threads = threads
        self.executor: Executor | None = None
        self.nodes: dict[str, Node] = {}
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None
        """The exception that ended the executor, if a callback raised (the runner stops)."""

    def start(self) -> StackRunner:
        """Create every node and start spinning; on a failure, stop what started."""
        if not self.context.ok():
            # No rclpy signal handlers: they would shut the context down before the nodes
            # could publish their final zero velocity (the caller handles signals).
            rclpy.init(context=self.context, args=[],
                       signal_handler_options=SignalHandlerOptions.NO)
        self.executor = (
            MultiThreadedExecutor(num_threads=self._threads, context=self.context)
            if self._threads > 1 else SingleThreadedExecutor(context=self.context))
        try:
            for entry in self.entries():
                self.add(entry)
        except BaseException:
            self.stop()
            raise
        self._thread = threading.Thread(target=self._spin, name='stack-executor', daemon=True)
        self._thread.start()
        return self

    def entries(self) -> tuple[LaunchEntry, ...]:
        """Return the launch entries of these nodes, as the launch files would build them."""
        return plan(
            self.specs, str(config_dir()), params_files=[str(p) for p in self.params_files],
            overrides=self.overrides, use_sim_time=self.use_sim_time, namespace=self.namespace)

    def add(self, entry: LaunchEntry) -> Node:
        """Create the node of ``entry`` with its launch arguments and add it to the executor."""
        if self.executor is None:
            raise RuntimeError('start() the runner before adding nodes')
        node = load_node_class(entry.spec)(
            context=self.context,
            cli_args=entry.ros_arguments(),
            namespace=entry.namespace or None,
            use_global_arguments=False,
        )
        if self.log_level:
            node.get_logger().set_level(_SEVERITY[self.log_level.lower()])
        self.nodes[entry.name] = node
        self.executor.add_node(node)
        return node

    def add_node(self, node: Node) -> Node:
        """Add a node created elsewhere (a probe, a test peer) to the same executor."""
        if self.executor is None:
            raise RuntimeError('start() the runner before adding nodes')
        self.executor.add_node(node)
        return node

    def remove_node(self, node: Node) -> None:
        """Take a node added with :meth:`add_node` off the executor and destroy it."""
        if self.executor is not None:
            self.executor.remove_node(node)
        node.destroy_node()

    def node(self, name: str) -> Node:
        """Return the running node called ``name``."""
        return self.nodes[name]

    def _spin(self) -> None:
        executor = self.executor
        assert executor is not None
        try:
            executor.spin()
        except (ExternalShutdownException, InvalidHandle):
            pass  # shut down from outside, or a wake-up raced executor.shutdown(): done
        except Exception as exc:  # noqa: B902 - a node died: stop the base, end the run
            self.failure = exc
            report_failure(None, exc)
            for node in list(self.nodes.values()):
                if isinstance(node, ResonanceNode):
                    node.stop_motion(final=True)
            self.context.try_shutdown()  # the process's wait loop sees it and exits

    def stop(self) -> None:
        """Stop spinning, destroy every node and shut the context down (idempotent)."""
        if self.executor is not None:
            for node in self.executor.get_nodes():
                for timer in node.timers:
                    timer.cancel()  # no new callbacks while the executor winds down
            self.executor.shutdown(timeout_sec=5.0)
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        for node in reversed(list(self.nodes.values())):
            node.destroy_node()
        self.nodes.clear()
        self.executor = None
        if self._own_context:
            self.context.try_shutdown()

    def __enter__(self) -> StackRunner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
