# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Stand-in inputs: camera and microphone sources, scenarios, scripted affect."""
