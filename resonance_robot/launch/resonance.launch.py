# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Launch the whole resonance stack: perception, decision and expression.

ros2 launch resonance_robot resonance.launch.py [camera:=webcam] [audio:=mic]
    [namespace:=robot1] [params_file:=my.yaml] [use_sim_time:=true] [dashboard:=8088]
"""

from resonance_robot.stack.bringup import Role
from resonance_robot.stack.launching import generate


def generate_launch_description():
    """Start every layer; see resonance_robot.stack.bringup for the wiring."""
    return generate((Role.PERCEPTION, Role.DECISION, Role.EXPRESSION))
