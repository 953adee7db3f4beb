# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Greet and introduce: a new person is greeted once, with the disclosure.

The disclosure is the EU AI Act Art. 50(3) notice; comfort and share joy first disclose to
someone not yet told (:func:`introduce`).
"""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Status

from .. import keys
from ..act import Act, ActionCommand, guarded, SocialBehaviour
from ..conditions import Disclosed
from ...core.decision.actions import ActionKind, Speech, Style
from ...core.decision.memory import InteractionMemory
from ...core.decision.params import SocialParams
from ...core.decision.situation import Candidate, Situation
from ...core.decision.triggers import continuing, guard_note, nearest, where
from ...core.decision.utterances import pick

WORDS = ('Hello, nice to see you.', 'Hi there.', 'Hello.')
STYLE = Style.WARM

INTRODUCE_TIME = 1.0
"""Seconds a greeting or disclosure holds the decision before what it leads to follows."""


def trigger(s: Situation, memory: InteractionMemory, p: SocialParams) -> Candidate | None:
    """Return the greet candidate: the nearest new person, near or engaged, not upset."""
    sticky = continuing(ActionKind.GREET, s, memory)
    if sticky is not None:
        return sticky
    new = [v for v in s.present if not v.greeted and not v.left_alone
           and p.greet_after <= v.seen_for <= p.greet_window and not v.negative
           and (v.engaged or (math.isfinite(v.distance)
                              and v.distance <= p.interaction_distance))]
    if not new:
        return None
    v = nearest(new)
    return Candidate(ActionKind.GREET, v.person_id,
                     f'greet {v.person_id}: new person{where(v)}{guard_note(s)}',
                     v.evidence(), 0.5)


class Introduce(SocialBehaviour):
    """
    First contact: greet a person (unless they look upset) and give the disclosure.

    Follows the candidate of ``follows`` (greet, comfort or share joy). Says the greeting when
    the person was not greeted and does not look upset, and the disclosure when they have not
    heard it and emotion inference is on; action ``greet`` when it greets, ``disclose``
    otherwise. SUCCESS once said; the person then counts as told.
    """

    def __init__(self, params: SocialParams, follows: str,
                 namespace: str = keys.NAMESPACE) -> None:
        records = ActionKind.GREET if follows == ActionKind.GREET else ActionKind.DISCLOSE
        name = ('Greet' if follows == ActionKind.GREET
                else f'Introduce ({str(follows).replace("_", " ")})')
        super().__init__(params, follows, name, namespace, records=records)
        self.action = records
        self.discloses = False

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Compose the greeting and/or disclosure."""
        person = self.person(situation)
        self.action, self.discloses = self.records, False
        if person is None:
            return
        greets = not person.greeted and not person.negative
        disclosure = self.params.disclosure.strip()
        self.discloses = bool(disclosure) and situation.inference_on and not person.disclosed
        parts = []
        if greets:
            greeting = pick(WORDS, STYLE, self.memory.learner.choose('greet', len(WORDS)))
            if greeting is not None:
                parts.append(greeting.text)
        if self.discloses:
            parts.append(disclosure)
        self.memory.greeted.add(person.person_id)
        self.action = ActionKind.GREET if greets else ActionKind.DISCLOSE
        if self.action == ActionKind.DISCLOSE and self.follows != ActionKind.GREET:
            self.reason = (f'disclose to {self.target}: first interaction, emotion inference '
                           f'is on (EU AI Act Art. 50(3)); next: {self.follows}')
        elif self.follows != ActionKind.GREET:
            self.reason = f'greet {self.target}: first interaction; next: {self.follows}'
        if parts:
            base = pick(WORDS, STYLE, calm=person.negative)
            assert base is not None
            self.say(Speech(' '.join(parts), base.style, base.priority))
        if self.discloses:
            self.evidence += ('disclosure=true',)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """
        Hold the action for INTRODUCE_TIME; the people in earshot are told once it is sent.

        It does not wait for the whole disclosure to be spoken: the voice output queues
        utterances in order, so what follows is said after it. They count as told as soon as
        the words are sent, so an act that cuts in (joy, sadness) does not say it again.
        """
        if self._speech is None:
            return Status.SUCCESS, None
        command = self.command(self.action)
        if self._spoken:
            self._told(situation)
        status = Status.SUCCESS if elapsed >= INTRODUCE_TIME else Status.RUNNING
        return status, command

    def _told(self, situation: Situation) -> None:
        """Count the people in earshot (and the target) as told the disclosure."""
        if not self.discloses:
            return
        for person in situation.present:
            near = (not math.isfinite(person.distance)
                    or person.distance <= self.params.interaction_distance)
            if near or person.person_id == self.target:
                self.memory.disclosed.add(person.person_id)


def introduce(params: SocialParams, follows: str, namespace: str) -> py_trees.behaviour.Behaviour:
    """Return 'told?' for the person of ``follows``: disclosed already, else introduce."""
    label = str(follows).replace('_', ' ')
    return py_trees.composites.Selector(f'Told ({label})', memory=False, children=[
        Disclosed(follows, params.disclosure, f'Disclosed ({label})?', namespace),
        Introduce(params, follows, namespace)])


def branch(params: SocialParams, namespace: str) -> py_trees.behaviour.Behaviour:
    """Greeting: new person? then greet (and disclose)."""
    return guarded('Greeting', ActionKind.GREET, 'New person?', namespace,
                   Introduce(params, ActionKind.GREET, namespace))


ACT = Act(ActionKind.GREET, branch, trigger, WORDS)
