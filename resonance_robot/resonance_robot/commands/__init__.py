# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Sub-commands of ``resonance-robot``, one module each.

A command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args)``
returning the exit status; :mod:`resonance_robot.cli` finds them all here. Heavy imports
belong inside ``run`` so that ``resonance-robot --help`` stays fast.
"""
