# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The robot's face: poses, animation, drawing, the optional window."""
