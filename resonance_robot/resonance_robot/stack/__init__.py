# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The ROS graph as data: bring-up description, launch generation, in-process runner."""
