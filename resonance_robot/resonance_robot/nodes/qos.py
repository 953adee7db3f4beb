# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The QoS profiles of the stack, named by what a topic carries; every node uses these.

A publisher and a subscriber only match when their profiles are compatible, so the profiles
live in one place instead of being re-declared per node.
"""

from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy

STATE_QOS = QoSProfile(depth=1, reliability=ReliabilityPolicy.RELIABLE,
                       durability=DurabilityPolicy.TRANSIENT_LOCAL)
"""State (privacy, robot_speaking, person_speaking, social_action): latched, so a node that
starts late knows the current value at once."""

CUE_QOS = QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT)
"""Perception inputs (faces, voice, persons into the tree): best effort, so any publisher
matches; the newest is what counts."""

RELIABLE_QOS = QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE)
"""Commands and estimates that must arrive (cmd_vel, face_expression, persons, flags)."""

UTTERANCE_QOS = QoSProfile(depth=20, reliability=ReliabilityPolicy.RELIABLE)
"""Sentences to say: none may be lost, a few may queue."""

STREAM_QOS = QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE)
"""Audio: a stream where every chunk matters, with a deep queue."""
