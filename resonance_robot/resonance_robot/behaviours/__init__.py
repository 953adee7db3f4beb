# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
py_trees behaviours of the social tree; :func:`resonance_robot.trees.create_root` assembles them.

* :mod:`.gathering` — the data-gathering branch: inputs, spoken commands, privacy mode, the
  deployment guard and the assessed situation, written to the blackboard once per tick.
* :mod:`.conditions` — checks that only read the blackboard.
* :mod:`.actions` — multi-tick social actions that write the chosen command.

Blackboard keys live under one namespace (``/social`` by default), see :mod:`.keys`.
Behaviours take configuration in ``__init__``; handles (the input box, the privacy switch,
the interaction memory) arrive in ``setup(**kwargs)``, as ROS handles do in py_trees_ros.
"""
