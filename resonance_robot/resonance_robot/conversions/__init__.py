# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The one meeting point of ROS messages and core types: paired ``x_to_msg``/``msg_to_x``.

Nothing else in the package converts between the two. It is a package with one module per
message family so that each stays short; import from the submodules.
"""
