# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the robot did and was told, per person: cooldowns, greetings, requests, reactions.

Acts write it (start and end, greeted, disclosed, left alone, approach); the situation
tracker reads it and forgets people who left; triggers read it for cooldowns. Action kinds
are strings (:class:`~.actions.str` values or the name of an act defined elsewhere).
"""

from __future__ import annotations

import math

from .learning import OutcomeLearner
from .learning_store import LearningStore
from .params import SocialParams
from ..ethics import InterventionLimiter


class InteractionMemory:
    """
    What the robot did and was told, per person; lives as long as the tree.

    Actions write it (start/finish, greeted, disclosed, left alone, approach); the tracker
    reads it to compute candidates and forgets people who left.
    """

    def __init__(self, params: SocialParams) -> None:
        self.params = params
        self.greeted: set[str] = set()
        self.disclosed: set[str] = set()
        self.left_alone_until: dict[str, float] = {}
        self.last_end: dict[tuple[str, str], float] = {}
        self.last_start: dict[tuple[str, str], float] = {}
        self.handled: set[tuple[str, str, float]] = set()
        self.active: tuple[str, str] | None = None
        self.approach: tuple[str, float, float] | None = None  # person, start valence, time
        self.reactions: dict[str, tuple[float, str]] = {}
        self.reaction_handled: dict[str, float] = {}
        self.limiter = InterventionLimiter(params.max_interventions, params.intervention_window)
        store = (LearningStore(params.learning_file)
                 if params.learning_consent and params.learning_file else None)
        self.learner = OutcomeLearner(
            consent=params.learning_consent, store=store, outcome_delay=params.outcome_delay)
        self.history: list[tuple[float, str, str]] = []
        self.said: dict[str, dict[str, float]] = {}  # person -> sentence -> when last said
        self.acknowledged: dict[str, float] = {}     # person -> sarcasm time acknowledged
        self.frustration_acknowledged: dict[str, float] = {}  # person -> when

    def start(self, action: str, person_id: str, now: float) -> None:
        """Note that ``action`` started for ``person_id``."""
        self.active = (action, person_id)
        self.last_start[(action, person_id)] = now
        self.history.append((now, action, person_id))
        del self.history[:-200]

    def finish(self, action: str, person_id: str, now: float) -> None:
        """Note that ``action`` for ``person_id`` ended (done, failed or cut short)."""
        if self.active == (action, person_id):
            self.active = None
        self.last_end[(action, person_id)] = now
        self.learner.end(action, person_id, now)

    def note_said(self, person_id: str, text: str, now: float) -> None:
        """Note that ``text`` was said to ``person_id`` at ``now``."""
        self.said.setdefault(person_id, {})[text.strip()] = now

    def said_within(self, person_id: str, text: str, now: float, window: float) -> bool:
        """Whether ``text`` was said to ``person_id`` in the last ``window`` seconds."""
        when = self.said.get(person_id, {}).get(text.strip(), -math.inf)
        return now - when <= window

    def since_end(self, action: str, person_id: str, now: float) -> float:
        """Seconds since ``action`` for ``person_id`` last ended (inf if never)."""
        return now - self.last_end.get((action, person_id), -math.inf)

    def is_active(self, action: str, person_id: str) -> bool:
        """Whether ``action`` is running for ``person_id``."""
        return self.active == (action, person_id)

    def is_left_alone(self, person_id: str, now: float) -> bool:
        """Whether ``person_id`` asked to be left alone and that still holds."""
        return now < self.left_alone_until.get(person_id, -math.inf)

    def forget(self, person_id: str) -> None:
        """Drop everything about a person who left."""
        self.greeted.discard(person_id)
        self.disclosed.discard(person_id)
        self.left_alone_until.pop(person_id, None)
        self.reactions.pop(person_id, None)
        self.reaction_handled.pop(person_id, None)
        self.said.pop(person_id, None)
        self.acknowledged.pop(person_id, None)
        self.frustration_acknowledged.pop(person_id, None)
        for key in [k for k in self.last_end if k[1] == person_id]:
            del self.last_end[key]
        for key in [k for k in self.last_start if k[1] == person_id]:
            del self.last_start[key]
        self.handled = {h for h in self.handled if h[0] != person_id}

    def clear_personal(self) -> None:
        """Privacy mode: drop approach tracking and pending learning (nothing is stored)."""
        self.approach = None
        self.reactions.clear()
        self.learner.pause(True)
