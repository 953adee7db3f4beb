# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What every social act is made of: :class:`Act`, the registry entry, and :class:`SocialBehaviour`.

An act is one module in :mod:`.acts` holding its trigger (when it applies, for whom, with
the reason and evidence it will publish), its multi-tick behaviour (the steps), its words and
the tree branch that carries it out; :data:`.acts.ACTS` lists them in priority order and
:func:`.build.create_root` assembles the tree from that list.

Each act's behaviour follows one candidate of the situation (its person and reason), fixes
the reason when it starts (so the published decision changes only when the decision does),
writes an :class:`~..core.decision.actions.ActionCommand` to ``output/command`` on every
tick it runs, speaks at most once, and records its start and end in the interaction memory
(cooldowns, rate limit, what helped). Motion requests go through the safety limits
afterwards, in the runtime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import math

import py_trees
from py_trees.common import Access, Status

from . import keys
from .conditions import Has, read_situation
from ..core.decision.actions import ActionCommand, Priority, Speech
from ..core.decision.memory import InteractionMemory
from ..core.decision.motion import MotionLimits
from ..core.decision.params import SocialParams
from ..core.decision.situation import Candidate, PersonView, Situation
from ..core.decision.triggers import Trigger
from ..core.decision.utterances import paced, speaking_time

BranchFactory = Callable[[SocialParams, str], py_trees.behaviour.Behaviour]
"""``branch(params, namespace)``: the act's part of the tree."""


@dataclass(frozen=True)
class Act:
    """
    One social act, as the registry lists it.

    ``kind`` is the action it publishes (a SocialAction constant: an
    :class:`~..core.decision.actions.ActionKind` value; an act defined elsewhere may use its
    own string). ``trigger`` proposes its candidate each tick (None for an act that needs
    none, such as idle). ``branch`` builds its part of the tree; ``words`` is everything it
    can say (checked by the persuasion test). ``safety`` acts go under the Safety selector,
    ahead of every other act.
    """

    kind: str
    branch: BranchFactory
    trigger: Trigger | None = None
    words: tuple[str, ...] = ()
    safety: bool = False


def sequence(name: str, *children: py_trees.behaviour.Behaviour) -> py_trees.composites.Sequence:
    """Return a memoryless sequence named ``name``: a condition, then what follows."""
    return py_trees.composites.Sequence(name, memory=False, children=list(children))


def guarded(name: str, kind: str, question: str, namespace: str,
            *children: py_trees.behaviour.Behaviour) -> py_trees.composites.Sequence:
    """Return the usual branch of an act: does ``kind`` have a candidate? then ``children``."""
    return sequence(name, Has(kind, question, namespace), *children)


def motion_limits(params: SocialParams) -> MotionLimits:
    """Return the motion limits set by the social parameters."""
    return MotionLimits(
        max_forward=params.max_forward_speed, max_reverse=params.max_reverse_speed,
        max_accel=params.max_acceleration, personal_space=params.personal_space,
        approach_gain=params.approach_gain)


class SocialBehaviour(py_trees.behaviour.Behaviour):
    """
    Base of the actions: follows the candidate of ``follows``, writes the command.

    Subclasses implement :meth:`on_start` (once, with the situation and candidate) and
    :meth:`step` (each tick: return a status and the command, or None to write nothing).
    """

    needs_candidate = True

    def __init__(self, params: SocialParams, follows: str, name: str = '',
                 namespace: str = keys.NAMESPACE, records: str | None = None) -> None:
        super().__init__(name or str(follows).replace('_', ' ').capitalize())
        self.params = params
        self.follows = follows
        self.records = records or follows
        self.limits = motion_limits(params)
        self.bb = self.attach_blackboard_client(name=self.name, namespace=namespace)
        self.bb.register_key(key=keys.SITUATION, access=Access.READ)
        self.bb.register_key(key=keys.MEMORY, access=Access.READ)
        self.bb.register_key(key=keys.COMMAND, access=Access.WRITE)
        self.candidate: Candidate | None = None
        self.target = ''
        self.reason = ''
        self.evidence: tuple[str, ...] = ()
        self.started = math.nan
        self._speech: Speech | None = None
        self._spoken = False

    # -- helpers -------------------------------------------------------------------------

    @property
    def memory(self) -> InteractionMemory:
        """Return the interaction memory on the blackboard."""
        memory: InteractionMemory = self.bb.get(keys.MEMORY)
        return memory

    def command(self, action: str | None = None, *, linear: float = 0.0,
                reason: str | None = None, intensity: float | None = None) -> ActionCommand:
        """Return this tick's command; queued speech rides on the first one only."""
        speech = None
        if self._speech is not None and not self._spoken:
            speech, self._spoken = self._speech, True
        level = self.candidate.intensity if self.candidate is not None else 0.0
        return ActionCommand(
            action=action or self.follows, reason=reason or self.reason, target=self.target,
            intensity=level if intensity is None else intensity, evidence=self.evidence,
            linear=linear, speech=speech)

    def say(self, speech: Speech | None) -> None:
        """
        Queue ``speech`` for the next command (one utterance per action).

        Never the same sentence to the same person twice within ``repeat_window`` (urgent
        speech excepted: the act then goes on without words); slower and shorter
        (:func:`~..core.decision.utterances.paced`) for someone frustrated or who pauses long.
        """
        self._speech, self._spoken = self._shaped(speech), False

    def _shaped(self, speech: Speech | None) -> Speech | None:
        situation = read_situation(self.bb)
        if speech is None or not self.target or situation is None:
            return speech
        memory, p, now = self.memory, self.params, situation.now
        urgent = speech.priority is Priority.HIGH
        person = situation.person(self.target)
        chosen = speech.text
        if not urgent and person is not None and person.paced(
                p.paced_frustration, p.slow_pause):
            speech = paced(speech)
            self.evidence += ('speech=paced',)
        if not urgent and memory.said_within(self.target, speech.text, now, p.repeat_window):
            self.evidence += ('speech=not_repeated',)
            return None
        # both the variant the act chose and what is said of it (its first sentence when
        # paced): an act that picks the first variant not yet said then moves on to the next
        memory.note_said(self.target, chosen, now)
        memory.note_said(self.target, speech.text, now)
        return speech

    # -- py_trees ------------------------------------------------------------------------

    def initialise(self) -> None:
        """Take the candidate, fix the reason, note the start."""
        self._speech, self._spoken = None, False
        situation = read_situation(self.bb)
        self.candidate = None
        if situation is None:
            return
        candidate = situation.candidate(self.follows)
        if candidate is None and self.needs_candidate:
            return
        self.started = situation.now
        if candidate is not None:
            self.candidate = candidate
            self.target, self.reason = candidate.person_id, candidate.reason
            inference = 'on' if situation.inference_on else 'off'
            self.evidence = candidate.evidence + (f'inference={inference}',)
            if self.target:
                self.memory.start(self.records, self.target, situation.now)
        self.on_start(situation, candidate)

    def update(self) -> Status:
        """Run one step and write the command."""
        situation = read_situation(self.bb)
        if situation is None or (self.needs_candidate and self.candidate is None):
            self.feedback_message = 'nothing to do'
            return Status.FAILURE
        status, command = self.step(situation, situation.now - self.started)
        if command is not None:
            self.bb.set(keys.COMMAND, command)
            self.feedback_message = command.reason
        return status

    def terminate(self, new_status: Status) -> None:
        """Note the end (done, failed or cut short by a higher priority)."""
        if self.candidate is not None and self.target:
            situation = read_situation(self.bb)
            now = situation.now if situation is not None else self.started
            self.memory.finish(self.records, self.target, now)
        self.candidate = None

    # -- to implement --------------------------------------------------------------------

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Start the action (speech, memory marks)."""

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Return this tick's status and command."""
        raise NotImplementedError

    def person(self, situation: Situation) -> PersonView | None:
        """Return the target person on this tick (None when no longer tracked)."""
        return situation.person(self.target) if self.target else None

    def speech_done(self, situation: Situation, elapsed: float) -> bool:
        """Whether the queued utterance has been said (estimated, or seen on robot_speaking)."""
        if self._speech is None:
            return True
        expected = min(speaking_time(self._speech), self.params.speech_timeout)
        if elapsed >= self.params.speech_timeout:
            return True
        return elapsed >= expected and not situation.robot_speaking
