# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The social decision: situation, memory, motion limits, the robot's own affect."""
