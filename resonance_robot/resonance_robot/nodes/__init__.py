# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Thin rclpy nodes, one per module, each with ``main()``; the wiring lives in ``bringup``."""
