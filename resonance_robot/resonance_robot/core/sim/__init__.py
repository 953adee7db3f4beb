# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""A pure 2-D world for closed-loop tests: people, a unicycle robot and a camera model."""
