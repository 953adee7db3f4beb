# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Record topics to a rosbag2 (MCAP) file and read them back, without the ros2 CLI.

Messages are taken off the wire as raw CDR bytes (``raw=True`` subscriptions) and written
with the ``rosbags`` library, so a recording is byte-for-byte what the nodes exchanged and
opens in ``ros2 bag``, Foxglove or rosbags. Our own message definitions are registered from
the installed ``.msg`` files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
import pathlib
import threading
from typing import Any

from rclpy.node import Node
from rclpy.qos import qos_profile_sensor_data
from rclpy.serialization import deserialize_message

from ..core.errors import InvalidInput
from ..stack.bringup import Topic
from ..stack.probe import message_class

MSGS_PACKAGE = 'resonance_robot_msgs'


def typestore() -> Any:
    """Return a rosbags typestore of ROS 2 Kilted plus resonance_robot_msgs."""
    from rosbags.typesys import get_types_from_msg, get_typestore, Stores

    store = get_typestore(Stores.ROS2_KILTED)
    types: dict[str, Any] = {}
    for path in sorted(_interface_dir().glob('*.msg')):
        name = f'{MSGS_PACKAGE}/msg/{path.stem}'
        types.update(get_types_from_msg(path.read_text(encoding='utf-8'), name))
    store.register(types)
    return store


def _interface_dir() -> pathlib.Path:
    try:
        from ament_index_python.packages import get_package_share_directory
        share = pathlib.Path(get_package_share_directory(MSGS_PACKAGE))
    except (ImportError, LookupError, OSError, ValueError):
        share = pathlib.Path(__file__).resolve().parents[3] / MSGS_PACKAGE
    return share / 'msg'


class BagRecorder:
    """Subscribe to topics on ``node`` and write every message to an MCAP rosbag2 folder."""

    def __init__(self, node: Node, topics: Iterable[Topic], path: str | pathlib.Path) -> None:
        from rosbags.rosbag2 import StoragePlugin, Writer

        self.path = pathlib.Path(path)
        if self.path.exists():
            raise InvalidInput(f'{self.path} exists; rosbag2 writes a new folder')
        self._store = typestore()
        self._writer = Writer(self.path, version=9, storage_plugin=StoragePlugin.MCAP)
        self._writer.open()
        self._lock = threading.Lock()
        self._node = node
        self._closed = False
        self.counts: dict[str, int] = {}
        self._subscriptions = []
        for topic in topics:
            connection = self._writer.add_connection(
                topic.name if topic.name.startswith('/') else f'/{topic.name}',
                topic.type, typestore=self._store)
            self.counts[topic.name] = 0
            self._subscriptions.append(node.create_subscription(
                message_class(topic.type), topic.name,
                lambda data, c=connection, n=topic.name: self._write(c, n, data),
                qos_profile_sensor_data, raw=True))

    def _write(self, connection: Any, name: str, data: bytes) -> None:
        stamp = self._node.get_clock().now().nanoseconds
        with self._lock:
            if not self._closed:
                self._writer.write(connection, stamp, data)
                self.counts[name] += 1

    def close(self) -> None:
        """Stop recording and finish the file (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for subscription in self._subscriptions:
            self._node.destroy_subscription(subscription)
        self._writer.close()


@dataclass(frozen=True)
class BagMessage:
    """One recorded message: topic, ROS type, receive time (ns) and the message."""

    topic: str
    type: str  # noqa: A003 - as in ros2 bag info
    timestamp: int
    msg: Any


def read_bag(path: str | pathlib.Path,
             topics: Iterable[str] | None = None) -> Iterator[BagMessage]:
    """Yield the messages of a rosbag2 folder (MCAP or sqlite3) in time order."""
    from rosbags.rosbag2 import Reader

    path = pathlib.Path(path)
    if not (path / 'metadata.yaml').is_file():
        raise InvalidInput(f'{path} is not a rosbag2 folder (no metadata.yaml)')
    wanted = None if topics is None else {t if t.startswith('/') else f'/{t}' for t in topics}
    with Reader(path) as reader:
        connections = [c for c in reader.connections if wanted is None or c.topic in wanted]
        classes = {c.msgtype: message_class(c.msgtype) for c in connections}
        for connection, timestamp, raw in reader.messages(connections=connections):
            yield BagMessage(connection.topic, connection.msgtype, timestamp,
                             deserialize_message(bytes(raw), classes[connection.msgtype]))
