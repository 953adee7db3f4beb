# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Launch the whole stack against a Gazebo robot bridged with ros_gz_bridge.

The camera is read from /camera/image_raw and velocity commands go to /cmd_vel (see
resonance_robot.stack.bringup.SIM_REMAPPINGS); pass use_sim_time:=true with a /clock bridge.
"""

from resonance_robot.stack.bringup import Role, SIM_REMAPPINGS
from resonance_robot.stack.launching import generate


def generate_launch_description():
    """Start every layer with the simulator's topic names."""
    return generate((Role.PERCEPTION, Role.DECISION, Role.EXPRESSION), SIM_REMAPPINGS)
