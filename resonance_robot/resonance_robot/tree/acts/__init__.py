# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social acts, one module each, and :data:`ACTS`: the registry the tree is built from.

The order is the priority: the tree tries each act's branch in turn and the first whose
condition holds runs (safety acts go under one Safety selector at the front). To add an act:
write its module (trigger, behaviour, words, branch, ``ACT``), add one line here, and add its
constant to ``resonance_robot_msgs/msg/SocialAction.msg`` and
:class:`~...core.decision.actions.ActionKind`.
"""

from . import (
    acknowledge, attend, comfort, give_space, greet, halt, hand_over, idle, privacy, share_joy,
    withdraw)
from ..act import Act

ACTS: tuple[Act, ...] = (
    halt.ACT,        # e-stop or a spoken 'stop'                       (safety)
    privacy.ACT,     # privacy mode on                                 (safety)
    hand_over.ACT,   # distress words, 'help', sustained anger, frustration acknowledged
    withdraw.ACT,    # 'go away', 'leave me alone'
    acknowledge.ACT,  # sarcastic praise, frustration
    give_space.ACT,  # anger, a negative reaction to an approach
    comfort.ACT,     # sustained sadness or fear
    share_joy.ACT,   # sustained happiness
    greet.ACT,       # a new person, once
    attend.ACT,      # an engaged person
    idle.ACT,        # nobody to attend to
)
"""Every built-in act, in priority order."""
