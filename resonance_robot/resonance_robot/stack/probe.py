# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
A node that listens to topics and records what arrives: for the demo, benchmarks, tests.

Waiting is done on conditions (:meth:`TopicProbe.wait_for`), never with bare sleeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
import importlib
import threading
import time
from typing import Any

from rclpy.node import Node
from rclpy.qos import qos_profile_sensor_data, QoSProfile

from .bringup import Topic


def message_class(type_name: str) -> type[Any]:
    """Import the message class of ``pkg/msg/Type`` (or ``pkg/srv/Type``)."""
    package, kind, name = type_name.split('/')
    module = importlib.import_module(f'{package}.{kind}')
    cls: type[Any] = getattr(module, name)
    return cls


@dataclass(frozen=True)
class Received:
    """One message and the monotonic time it arrived."""

    time: float
    msg: Any


class TopicProbe(Node):
    """Subscribes to topics (best-effort, so it matches any publisher) and keeps messages."""

    def __init__(self, topics: Iterable[Topic], name: str = 'probe', keep: int = 10000,
                 **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self._cond = threading.Condition()
        self._keep = keep
        self.received: dict[str, list[Received]] = {}
        self.listeners: list[Callable[[str, Any], None]] = []
        for topic in topics:
            if topic.name in self.received:
                continue
            self.received[topic.name] = []
            qos: QoSProfile = qos_profile_sensor_data
            self.create_subscription(
                message_class(topic.type), topic.name,
                lambda msg, name=topic.name: self._on_message(name, msg), qos)

    def _on_message(self, name: str, msg: Any) -> None:
        with self._cond:
            log = self.received[name]
            log.append(Received(time.monotonic(), msg))
            if len(log) > self._keep:
                del log[:len(log) - self._keep]
            self._cond.notify_all()
        for listener in self.listeners:
            listener(name, msg)

    def count(self, name: str) -> int:
        """Messages received on topic ``name`` so far."""
        with self._cond:
            return len(self.received[name])

    def messages(self, name: str) -> list[Any]:
        """Return the messages received on topic ``name``, oldest first."""
        with self._cond:
            return [r.msg for r in self.received[name]]

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until ``predicate()`` holds (re-checked on each message) or ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0.0:
                    return False
                self._cond.wait(min(remaining, 0.1))
        return True

    def wait_for_count(self, name: str, count: int, timeout: float) -> bool:
        """Block until ``count`` messages arrived on ``name`` or ``timeout`` s."""
        return self.wait_for(lambda: len(self.received[name]) >= count, timeout)
