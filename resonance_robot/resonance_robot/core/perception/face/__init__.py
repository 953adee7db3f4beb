# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The person's face: detection, tracking, expression, affect."""
