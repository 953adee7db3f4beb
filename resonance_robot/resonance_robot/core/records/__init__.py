# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""What a run produced: the timeline, decisions and the report plot."""
