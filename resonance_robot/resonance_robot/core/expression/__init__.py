# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The robot's own expression: its animated face and its voice (output)."""
