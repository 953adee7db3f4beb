# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Pure domain logic: arrays and frozen dataclasses in, frozen dataclasses out.

Nothing under ``core`` imports rclpy or any message package; it is type-checked with
``mypy --strict`` and tested in milliseconds without ROS.
"""
