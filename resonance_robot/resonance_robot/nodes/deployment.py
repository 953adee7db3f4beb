# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The deployment guard as every guarded node holds it, and the check that all nodes agree.

The stack has one deployment context: the bring-up gives every node the shared parameter
file ``config/deployment.yaml`` (``/**:`` keys ``deployment_context`` and
``inference_purpose``), and the guarded nodes (``face_affect``, ``voice_affect``,
``affect_fusion``, ``social_behavior``) declare those two parameters. A node started by
hand with other values would silently break that promise, so each guarded node also
publishes what it uses on the latched ``deployment`` topic (std_msgs/String, JSON) and
listens to the others: a disagreement is logged once per peer and value, counted as
``bad_deployment_mismatch`` (the node's diagnostics turn to WARN) and named in the
``deployment_peers`` diagnostics value.
"""

from __future__ import annotations

import json

from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from std_msgs.msg import String

from .base import ResonanceNode
from .qos import STATE_QOS
from ..core.ethics import deployment_guard, GuardDecision

TOPIC = 'deployment'

PEERS_QOS = QoSProfile(depth=32, reliability=ReliabilityPolicy.RELIABLE,
                       durability=DurabilityPolicy.TRANSIENT_LOCAL)
"""Latched like STATE_QOS, but deep: every peer's latched message arrives at once on start."""


class DeploymentWatch:
    """Holds a node's guard decision, publishes it, and flags peers that disagree."""

    def __init__(self, node: ResonanceNode) -> None:
        self._node = node
        self._peers: dict[str, tuple[str, str]] = {}
        self._warned: set[tuple[str, str, str]] = set()
        self.guard = self._decide()
        self._pub = node.create_publisher(String, TOPIC, STATE_QOS)
        node.create_subscription(String, TOPIC, self._on_peer, PEERS_QOS)
        node.diagnostics.add_value('guard', lambda: self.guard.explanation)
        node.diagnostics.add_value('deployment_peers', self.describe_peers)
        self._publish()

    @property
    def setting(self) -> tuple[str, str]:
        """Return this node's (deployment_context, inference_purpose)."""
        return (self.guard.context.value, self.guard.purpose.value)

    def _decide(self) -> GuardDecision:
        params = self._node.params
        return deployment_guard(str(params['deployment_context']),
                                str(params['inference_purpose']))

    def update(self) -> bool:
        """Re-read the parameters; publish and log when the decision changed; return that."""
        guard = self._decide()
        changed = guard != self.guard
        self.guard = guard
        if changed:
            self._node.get_logger().info(f'deployment changed: {guard.explanation}')
            self._publish()
            for peer, setting in self._peers.items():
                self._compare(peer, setting)
        return changed

    def _publish(self) -> None:
        context, purpose = self.setting
        self._pub.publish(String(data=json.dumps({
            'node': self._node.get_fully_qualified_name(), 'deployment_context': context,
            'inference_purpose': purpose})))

    def _on_peer(self, msg: String) -> None:
        try:
            data = json.loads(msg.data)
            peer = str(data['node'])
            setting = (str(data['deployment_context']), str(data['inference_purpose']))
        except (ValueError, KeyError, TypeError):
            self._node.warn_input('bad_deployment', f'unreadable deployment message {msg.data!r}')
            return
        if peer == self._node.get_fully_qualified_name():
            return
        self._peers[peer] = setting
        self._compare(peer, setting)

    def _compare(self, peer: str, setting: tuple[str, str]) -> None:
        if setting == self.setting or (peer, *setting) in self._warned:
            return
        self._warned.add((peer, *setting))
        self._node.counts.add('bad_deployment_mismatch')
        self._node.get_logger().warning(
            f'{peer} runs with deployment_context {setting[0]}, inference_purpose '
            f'{setting[1]}; this node with {self.setting[0]}, {self.setting[1]}: give every '
            'node the same deployment.yaml')

    def describe_peers(self) -> str:
        """Each peer heard and whether it agrees (for diagnostics)."""
        if not self._peers:
            return 'none heard'
        return ', '.join(
            f'{peer}: {"agrees" if setting == self.setting else "DISAGREES " + "/".join(setting)}'
            for peer, setting in sorted(self._peers.items()))

    def disagreeing(self) -> list[str]:
        """Peers whose deployment differs from this node's."""
        return sorted(p for p, s in self._peers.items() if s != self.setting)
