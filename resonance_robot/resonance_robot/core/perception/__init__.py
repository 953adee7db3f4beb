# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Perception: what the camera and the microphone tell of the person."""
