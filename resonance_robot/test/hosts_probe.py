# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
A probe process for the two-host test: records what arrives on a host, as JSON lines.

Run inside a network namespace (``ip netns exec NS python hosts_probe.py OUT``): the test
process cannot join a namespace itself. Each line is one message: topic, wall-clock arrival
time, the header stamp (seconds, when the message has one) and the fields the test reads.
Stops on SIGTERM or SIGINT.
"""

from __future__ import annotations

import json
import pathlib
import signal
import sys
import threading
import time
from typing import Any

import rclpy
from rclpy.context import Context
from rclpy.executors import SingleThreadedExecutor

from resonance_robot.stack.bringup import node
from resonance_robot.stack.probe import TopicProbe

TOPICS = ('faces', 'persons', 'social_action', 'face_expression', 'cmd_vel')


def summary(topic: str, msg: Any) -> dict[str, Any]:
    """Return the fields of ``msg`` the test asserts on."""
    if topic == 'faces':
        return {'faces': [f.affect.expression for f in msg.faces]}
    if topic == 'persons':
        return {'persons': [{'id': p.person_id, 'stale': bool(p.stale),
                             'expression': p.affect.expression,
                             'valence': float(p.affect.valence)} for p in msg.persons]}
    if topic == 'social_action':
        return {'action': msg.action, 'target': msg.target_person_id}
    if topic == 'face_expression':
        return {'expression': msg.expression}
    return {'linear_x': float(msg.linear.x), 'angular_z': float(msg.angular.z)}


def main(out: str) -> int:
    """Record every message of :data:`TOPICS` into ``out`` until terminated."""
    types = {t.name: t for spec in (node('social_behavior'), node('affect_fusion'))
             for t in spec.publishes + spec.subscribes}
    context = Context()
    rclpy.init(context=context, args=[])
    probe = TopicProbe([types[name] for name in TOPICS], name='hosts_probe', context=context)
    lock = threading.Lock()
    sink = pathlib.Path(out).open('w', encoding='utf-8', buffering=1)

    def record(topic: str, msg: Any) -> None:
        line = {'topic': topic, 'arrived': time.time(), **summary(topic, msg)}
        header = getattr(msg, 'header', None)
        if header is not None:
            line['stamp'] = header.stamp.sec + header.stamp.nanosec * 1e-9
        with lock:
            sink.write(json.dumps(line) + '\n')

    probe.listeners.append(record)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(probe)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print('hosts_probe: listening', flush=True)
    while not stop.is_set():
        executor.spin_once(timeout_sec=0.1)
    probe.destroy_node()
    context.try_shutdown()
    sink.close()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
