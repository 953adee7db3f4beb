# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The py_trees behaviour tree (no ROS): acts, conditions, gathering, the runtime."""
