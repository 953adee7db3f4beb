# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The dashboard's web server (tornado) and its page (plain HTML, CSS and JavaScript).

The server knows nothing of ROS: it reads a :class:`~..core.monitor.state.DashboardState` and
acts through a :class:`~.server.Controls`; ``nodes/dashboard.py`` wires both to the topics.
"""
