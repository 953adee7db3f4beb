# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Launch decision and expression only: the robot's side of a two-host set-up.

Perception runs on another computer (perception.launch.py there); faces and voice arrive over
DDS. ros2 launch resonance_robot decision.launch.py [hri:=true] [namespace:=robot1]
"""

from resonance_robot.stack.bringup import PROFILES
from resonance_robot.stack.launching import generate


def generate_launch_description():
    """Start the decision-host profile; see resonance_robot.stack.bringup for the wiring."""
    return generate(PROFILES['decision-host'])
