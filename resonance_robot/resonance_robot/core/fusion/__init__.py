# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Understanding: face and voice cues fused into one estimate per person."""
