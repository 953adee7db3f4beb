# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
resonance_robot: emotional resonance for social robots on ROS 2.

The package is layered (see ``docs/ARCHITECTURE.md``): ``core`` holds the pure domain
logic, ``conversions`` is the one place that knows both messages and core types, ``nodes``
are thin rclpy wrappers, ``trees`` builds the behaviour tree, and ``bringup`` is the one
description of how nodes are wired, used by launch files and the in-process runner alike.
"""

__version__ = '0.1.0'
