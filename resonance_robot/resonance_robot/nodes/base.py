# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What every resonance_robot node shares: declared parameters, diagnostics, ``main()``.

A node lists its parameters as :class:`~resonance_robot.core.params.ParamSpec` values in
``PARAMS``. :class:`ResonanceNode` declares them with descriptors (description, range,
read-only), rejects bad values with the spec's reason - at start-up from a YAML file and at
run time from ``ros2 param set`` - and keeps ``self.params`` current.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import math
import signal
import sys
import threading
import time
import traceback
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
from rcl_interfaces.msg import (
    IntegerRange, ParameterDescriptor, ParameterType, SetParametersResult)
import rclpy
from rclpy.exceptions import (
    InvalidParameterTypeException, InvalidParameterValueException, ParameterException)
from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter
from rclpy.signals import SignalHandlerOptions

from ..core.errors import ConfigError, ModelUnavailable
from ..core.params import ParamSpec, ParamValue
from ..core.stats import EventCounts, LatencyStats, RateMeter
from ..shutdown import graceful_signals

_TYPES = {
    'bool': (ParameterType.PARAMETER_BOOL, Parameter.Type.BOOL),
    'int': (ParameterType.PARAMETER_INTEGER, Parameter.Type.INTEGER),
    'float': (ParameterType.PARAMETER_DOUBLE, Parameter.Type.DOUBLE),
    'str': (ParameterType.PARAMETER_STRING, Parameter.Type.STRING),
    'str_list': (ParameterType.PARAMETER_STRING_ARRAY, Parameter.Type.STRING_ARRAY),
    'float_list': (ParameterType.PARAMETER_DOUBLE_ARRAY, Parameter.Type.DOUBLE_ARRAY),
}


def descriptor(spec: ParamSpec) -> ParameterDescriptor:
    """
    Build the ROS parameter descriptor of ``spec``.

    Float parameters are dynamically typed so that ``rate: 10`` in YAML or on the command line
    works as 10.0; the on-set callback still rejects anything that is not a number.
    """
    ros_type, _ = _TYPES[spec.kind]
    constraints = spec.range_text()
    desc = ParameterDescriptor(
        description=spec.description, read_only=spec.read_only,
        additional_constraints=constraints)
    if spec.kind in ('float', 'float_list'):
        desc.dynamic_typing = True
    else:
        desc.type = ros_type
    if spec.kind == 'int' and spec.minimum is not None and spec.maximum is not None:
        desc.integer_range = [IntegerRange(
            from_value=int(spec.minimum), to_value=int(spec.maximum), step=0)]
    return desc


class ResonanceNode(Node):
    """A node with spec-declared, validated parameters and a diagnostics publisher."""

    PARAMS: Sequence[ParamSpec] = ()

    def __init__(self, node_name: str, **kwargs: Any) -> None:
        super().__init__(node_name, **kwargs)
        self._specs = {spec.name: spec for spec in self.PARAMS}
        self.params: dict[str, ParamValue] = {}
        self._param_listeners: list[Callable[[Mapping[str, ParamValue]], None]] = []
        self.param_checks: dict[str, Callable[[Any], str | None]] = {}
        """Extra per-parameter checks beyond the spec (e.g. that a file opens)."""
        self.add_on_set_parameters_callback(self._validate_parameters)
        self.add_post_set_parameters_callback(self._apply_parameters)
        for spec in self.PARAMS:
            self._declare(spec)
        self.counts = EventCounts()
        self.diagnostics = DiagnosticsReporter(self)

    # -- parameters ---------------------------------------------------------------------

    def _declare(self, spec: ParamSpec) -> None:
        _, value_type = _TYPES[spec.kind]
        default: Any = list(spec.default) if isinstance(spec.default, tuple) else spec.default
        try:
            if isinstance(default, list) and not default:
                self.declare_parameter(spec.name, value_type, descriptor(spec))
                if self.get_parameter(spec.name).type_ == Parameter.Type.NOT_SET:
                    self.set_parameters([Parameter(spec.name, value_type, [])])
            else:
                self.declare_parameter(spec.name, default, descriptor(spec))
        except (InvalidParameterValueException, InvalidParameterTypeException,
                ParameterException) as exc:
            raise ConfigError(f'{self.get_name()}: parameter {spec.name}: {exc}') from exc
        self.params[spec.name] = _normalise(spec, self.get_parameter(spec.name).value)

    def _validate_parameters(self, parameters: list[Parameter]) -> SetParametersResult:
        for param in parameters:
            spec = self._specs.get(param.name)
            if spec is None:
                continue  # use_sim_time and other parameters rclpy owns
            value = param.value
            if isinstance(value, (list, tuple)) or type(value).__name__ == 'array':
                value = list(value)
            if spec.read_only and param.name in self.params:
                return SetParametersResult(
                    successful=False, reason=f'{param.name} is read-only')
            reason = spec.check(value)
            check = self.param_checks.get(param.name)
            if reason is None and check is not None:
                reason = check(value)
            if reason is not None:
                return SetParametersResult(successful=False, reason=f'{param.name}: {reason}')
        return SetParametersResult(successful=True)

    def _apply_parameters(self, parameters: list[Parameter]) -> None:
        changed = {}
        for param in parameters:
            spec = self._specs.get(param.name)
            if spec is not None and param.value is not None:
                changed[param.name] = _normalise(spec, param.value)
        if not changed or len(self.params) < len(self._specs):
            self.params.update(changed)
            return
        self.params.update(changed)
        for listener in self._param_listeners:
            listener(changed)

    def on_params_changed(self, listener: Callable[[Mapping[str, ParamValue]], None]) -> None:
        """Call ``listener`` with the changed parameters after each accepted run-time set."""
        self._param_listeners.append(listener)

    def stop_motion(self, final: bool = False) -> None:
        """Command zero velocity now if this node drives the base (``final``: it is ending)."""

    def warn_input(self, reason_key: str, message: str) -> None:
        """Count a bad input under ``reason_key`` and log it, throttled to one line per 5 s."""
        total = self.counts.add(reason_key)
        self.get_logger().warning(
            f'{message} (dropped; {total} {reason_key} so far)', throttle_duration_sec=5.0)


def _normalise(spec: ParamSpec, value: Any) -> ParamValue:
    if spec.kind == 'float':
        return float(value)
    if spec.kind == 'float_list':
        return tuple(float(v) for v in value)
    if spec.kind == 'str_list':
        return tuple(str(v) for v in value)
    return value  # type: ignore[no-any-return]


class DiagnosticsReporter:
    """
    Publishes a DiagnosticStatus for its node on ``/diagnostics`` once per period.

    The node records what happens (:meth:`tick` per output, :meth:`latency`, counters in
    ``node.counts``); extra key/values come from callables registered with :meth:`add_value`.
    Warnings are raised when the output rate falls below ``min_rate`` or bad inputs arrive.
    """

    def __init__(self, node: ResonanceNode, period: float = 1.0, min_rate: float = 0.0) -> None:
        self._node = node
        self._lock = threading.Lock()
        self.rate = RateMeter(window=5.0)
        self.latencies = LatencyStats(size=500)
        self.min_rate = min_rate
        self.problem: str | None = None
        """Set when the node cannot do its job (e.g. a missing package): reported as ERROR."""
        self._values: dict[str, Callable[[], object]] = {}
        self._pub = node.create_publisher(DiagnosticArray, '/diagnostics', 10)
        self._timer = node.create_timer(period, self.publish)

    def tick(self) -> None:
        """Record one output (a published result) now."""
        with self._lock:
            self.rate.tick(time.monotonic())

    def latency(self, seconds: float) -> None:
        """Record the latency of one result."""
        with self._lock:
            self.latencies.add(seconds)

    def add_value(self, key: str, getter: Callable[[], object]) -> None:
        """Report ``getter()`` under ``key`` in every status."""
        self._values[key] = getter

    def status(self) -> DiagnosticStatus:
        """Return the node's current diagnostic status."""
        with self._lock:
            rate = self.rate.rate(time.monotonic())
            lat = self.latencies.summary()
        counts = self._node.counts.items()
        values = [KeyValue(key='rate_hz', value=f'{rate:.2f}')]
        if lat.count:
            values += [KeyValue(key='latency_p50_ms', value=f'{lat.p50 * 1e3:.2f}'),
                       KeyValue(key='latency_p95_ms', value=f'{lat.p95 * 1e3:.2f}')]
        values += [KeyValue(key=name, value=str(count)) for name, count in counts]
        values += [KeyValue(key=key, value=str(get())) for key, get in self._values.items()]
        level, message = DiagnosticStatus.OK, 'ok'
        bad = [name for name, count in counts if name.startswith('bad_') and count]
        if self.problem:
            level, message = DiagnosticStatus.ERROR, self.problem
        elif self.min_rate > 0.0 and rate < self.min_rate:
            level, message = DiagnosticStatus.WARN, f'rate {rate:.1f} Hz < {self.min_rate:g} Hz'
        elif bad:
            level, message = DiagnosticStatus.WARN, 'bad inputs: ' + ', '.join(bad)
        return DiagnosticStatus(
            level=level, name=f'resonance_robot: {self._node.get_fully_qualified_name()}',
            message=message, hardware_id=self._node.get_name(), values=values)

    def publish(self) -> None:
        """Publish the status now."""
        msg = DiagnosticArray()
        msg.header.stamp = self._node.get_clock().now().to_msg()
        msg.status = [self.status()]
        self._pub.publish(msg)


def finite_or(value: float, fallback: float) -> float:
    """Return ``value`` when finite, else ``fallback``."""
    return value if math.isfinite(value) else fallback


def report_failure(node: Node | None, exc: BaseException) -> None:
    """Log an exception that escaped a callback and command zero velocity (a dead node)."""
    text = ''.join(traceback.format_exception(exc))
    print(f'error: a callback raised; stopping the base and exiting:\n{text}',
          file=sys.stderr)
    if isinstance(node, ResonanceNode):
        try:
            node.stop_motion(final=True)
        except Exception as again:  # noqa: B902 - the process is ending; say so, go on
            print(f'error: could not publish zero velocity: {again}', file=sys.stderr)


def run_node(node_class: Callable[..., Node], args: Sequence[str] | None = None) -> int:
    """
    Run one node until Ctrl-C, SIGTERM or shutdown; the ``main()`` of every node module.

    Configuration and model errors end the process with status 2 and a one-line reason. An
    exception in any callback is logged with its traceback, zero velocity is commanded (by
    nodes that drive the base) and the process exits with status 1, so ``respawn`` or a
    supervisor restarts it. Ctrl-C and SIGTERM stop it cleanly with status 0.
    """
    rclpy.init(args=args, signal_handler_options=SignalHandlerOptions.NO)
    graceful_signals()
    node = None
    status = 0
    try:
        # One thread: heavy work runs on the nodes' own worker threads, and rclpy's
        # multi-threaded executor busy-waits on small machines (see runner.py). Made before
        # the node, so a Ctrl-C right after the node reports ready never meets half of one.
        executor = SingleThreadedExecutor()
        node = node_class()
        executor.add_node(node)
        executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except (ConfigError, ModelUnavailable) as exc:
        print(f'error: {exc}', file=sys.stderr)
        status = 2
    except Exception as exc:  # noqa: B902 - any callback's failure ends the node, loudly
        report_failure(node, exc)
        status = 1
    finally:
        # A second signal during clean-up must not cut it short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if node is not None:
            node.destroy_node()
        rclpy.try_shutdown()
    return status
