# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Closed-loop simulation: the real fusion, tree and safety layer in a simulated world."""
