# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Spoken commands the robot must never miss, as identifiers shared by voice and behaviour.

The voice pipeline maps many phrasings ("go away", "please leave") to one :class:`Command`;
``VoiceAffect.commands`` carries the ``value`` strings, and the behaviour tree reacts to them.
"""

from __future__ import annotations

import enum


class Command(str, enum.Enum):
    """A command phrase class spotted in speech."""

    STOP = 'stop'                      # stop what you are doing (halts motion)
    GO_AWAY = 'go_away'                # "go away": withdraw
    LEAVE_ME_ALONE = 'leave_me_alone'  # "leave me alone": withdraw, stop interventions
    HELP = 'help'                      # distress: hand over to a human
    STOP_WATCHING = 'stop_watching'    # "stop watching me": privacy mode on
    START_WATCHING = 'start_watching'  # "you can watch me again": privacy mode off
    FORGET_ME = 'forget_me'            # "forget me": clear what learning kept (issue 13)

    @classmethod
    def parse(cls, name: str) -> Command:
        """Return the command called ``name``; raise ValueError listing the valid ones."""
        try:
            return cls(name.strip().lower())
        except ValueError:
            valid = ', '.join(c.value for c in cls)
            raise ValueError(f'unknown command {name!r}; valid: {valid}') from None
