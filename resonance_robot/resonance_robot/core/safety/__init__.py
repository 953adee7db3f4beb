# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The last step before ``cmd_vel``: motion rules over every person, the scan and the e-stop."""
