# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""What the dashboard shows, without ROS or a web server: state, throttling, access."""
