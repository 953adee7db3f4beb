# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Launch perception only: faces and voice to affect (for robots with their own behaviour).

ros2 launch resonance_robot perception.launch.py [camera:=webcam] [audio:=mic]
"""

from resonance_robot.stack.bringup import Role
from resonance_robot.stack.launching import generate


def generate_launch_description():
    """Start the perception layer; see resonance_robot.stack.bringup for the wiring."""
    return generate((Role.PERCEPTION,))
