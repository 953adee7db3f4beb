# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The embedded demo: scenarios played through the whole graph, and recordings."""
