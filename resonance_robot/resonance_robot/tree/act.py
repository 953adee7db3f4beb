# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social actions: multi-tick behaviours that succeed, fail or time out.

Each action follows one candidate of the situation (its person and reason), fixes the reason
when it starts (so the published decision changes only when the decision does), writes an
:class:`~..core.actions.ActionCommand` to ``output/command`` on every tick it runs, speaks at
most once, and records its start and end in the interaction memory (cooldowns, rate limit,
what helped). Motion requests go through the safety limits afterwards, in the runtime.
"""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Access, Status

from . import keys
from .conditions import read_situation
from ..core.decision.actions import ActionCommand, ActionKind, Speech
from ..core.decision.motion import approach_speed, MotionLimits, retreat_speed
from ..core.decision.social import (
    Candidate, DISTRESS, InteractionMemory, PersonView, Situation, SocialParams)
from ..core.decision.utterances import speaking_time, speech_for, variants
from ..core.perception.voice.commands import Command


INTRODUCE_TIME = 1.0
"""Seconds a greeting or disclosure holds the decision before what it leads to follows."""


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

    def __init__(self, params: SocialParams, follows: ActionKind, name: str = '',
                 namespace: str = keys.NAMESPACE, records: ActionKind | None = None) -> None:
        super().__init__(name or follows.value.replace('_', ' ').capitalize())
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

    def command(self, action: ActionKind | None = None, *, linear: float = 0.0,
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
        """Queue ``speech`` for the next command (one utterance per action)."""
        self._speech, self._spoken = speech, False

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


class Halt(SocialBehaviour):
    """Hold still while the e-stop is pressed or after a spoken 'stop'."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.HALT, 'Halt', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Acknowledge a spoken stop (the e-stop is silent)."""
        if candidate is not None and candidate.person_id:
            self.say(speech_for(ActionKind.HALT))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Zero motion for as long as the condition holds."""
        return Status.RUNNING, self.command(intensity=1.0)


class PrivacyHold(SocialBehaviour):
    """Privacy mode: no inference, no motion, no storage (announced by the runtime)."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.PRIVACY, 'Privacy hold', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Hold still for as long as privacy mode is on."""
        return Status.RUNNING, self.command(intensity=0.0)


class HandOver(SocialBehaviour):
    """Call a human: say so, hold still, for ``hand_over_duration`` seconds."""

    def __init__(self, params: SocialParams, name: str = 'Hand over',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.HAND_OVER, name, namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the distress events as handled and tell the person."""
        for event in situation.events:
            if event.person_id == self.target and event.command in (
                    DISTRESS, Command.HELP.value):
                self.memory.handled.add((event.person_id, event.command, event.time))
        self.say(speech_for(ActionKind.HAND_OVER))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Run for the hand-over duration."""
        if elapsed >= self.params.hand_over_duration:
            return Status.SUCCESS, self.command(intensity=1.0)
        return Status.RUNNING, self.command(intensity=1.0)


class Withdraw(SocialBehaviour):
    """Asked to go away: acknowledge, back off, and leave the person alone for a while."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.WITHDRAW, 'Withdraw', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the request handled and remember to leave the person alone."""
        for event in situation.events:
            if event.person_id == self.target and event.command in (
                    Command.GO_AWAY.value, Command.LEAVE_ME_ALONE.value):
                self.memory.handled.add((event.person_id, event.command, event.time))
        self.memory.left_alone_until[self.target] = situation.now + self.params.leave_alone_time
        self.say(speech_for(ActionKind.WITHDRAW))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Back off to the withdraw distance for the withdraw duration."""
        person = self.person(situation)
        linear = 0.0
        if person is not None and person.present:
            linear = retreat_speed(person.distance, self.params.withdraw_distance, self.limits)
        status = Status.SUCCESS if elapsed >= self.params.withdraw_duration else Status.RUNNING
        return status, self.command(linear=linear)


class GiveSpace(SocialBehaviour):
    """
    Anger or a negative reaction: say so, back off, hold at a distance while it lasts.

    SUCCESS once the person is no longer angry (after backing off), when they leave, or after
    ``give_space_timeout``.
    """

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.GIVE_SPACE, 'Give space', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Mark the reaction handled and tell the person."""
        self.memory.reaction_handled[self.target] = situation.now
        self.say(speech_for(ActionKind.GIVE_SPACE))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Back off, then hold until the anger is gone."""
        person = self.person(situation)
        if person is None or not person.present:
            self.feedback_message = f'{self.target} left'
            return Status.SUCCESS, self.command()
        linear = retreat_speed(person.distance, self.params.give_space_distance, self.limits)
        if elapsed >= self.params.give_space_timeout:
            return Status.SUCCESS, self.command()
        if (linear == 0.0 and person.angry_for == 0.0 and self.speech_done(situation, elapsed)
                and elapsed >= 2.0):
            return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command(linear=linear)


class Introduce(SocialBehaviour):
    """
    First contact: greet a person (unless they look upset) and give the disclosure.

    Follows the candidate of ``follows`` (greet, comfort or share joy). Says the greeting when
    the person was not greeted and does not look upset, and the disclosure when they have not
    heard it and emotion inference is on; action ``greet`` when it greets, ``disclose``
    otherwise. SUCCESS once said; the person then counts as told.
    """

    def __init__(self, params: SocialParams, follows: ActionKind,
                 namespace: str = keys.NAMESPACE) -> None:
        records = ActionKind.GREET if follows is ActionKind.GREET else ActionKind.DISCLOSE
        name = ('Greet' if follows is ActionKind.GREET
                else f'Introduce ({follows.value.replace("_", " ")})')
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
            greeting = speech_for(ActionKind.GREET, self.memory.learner.choose('greet', len(
                variants(ActionKind.GREET))))
            if greeting is not None:
                parts.append(greeting.text)
        if self.discloses:
            parts.append(disclosure)
        self.memory.greeted.add(person.person_id)
        self.action = ActionKind.GREET if greets else ActionKind.DISCLOSE
        if self.action is ActionKind.DISCLOSE and self.follows is not ActionKind.GREET:
            self.reason = (f'disclose to {self.target}: first interaction, emotion inference '
                           f'is on (EU AI Act Art. 50(3)); next: {self.follows.value}')
        elif self.follows is not ActionKind.GREET:
            self.reason = f'greet {self.target}: first interaction; next: {self.follows.value}'
        if parts:
            base = speech_for(ActionKind.GREET, calm=person.negative)
            assert base is not None
            self.say(Speech(' '.join(parts), base.style, base.priority))
        if self.discloses:
            self.evidence += ('disclosure=true',)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """
        Hold the action for INTRODUCE_TIME, then count the people in earshot as told.

        It does not wait for the whole disclosure to be spoken: the voice output queues
        utterances in order, so what follows is said after it.
        """
        if self._speech is None:
            return Status.SUCCESS, None
        if elapsed >= INTRODUCE_TIME and self._spoken:
            if self.discloses:
                for person in situation.present:
                    near = (not math.isfinite(person.distance)
                            or person.distance <= self.params.interaction_distance)
                    if near or person.person_id == self.target:
                        self.memory.disclosed.add(person.person_id)
            return Status.SUCCESS, self.command(self.action)
        return Status.RUNNING, self.command(self.action)


class Comfort(SocialBehaviour):
    """
    Sustained sadness or fear: calm words, a soft face, and a slow glide closer.

    When the person is beyond talking distance (``interaction_distance``) the robot first
    approaches (action ``approach``, timing out after ``approach_timeout``). Then it speaks
    and, while comforting, glides up to the personal-space boundary (never closer). A
    negative reaction while moving closer FAILS the action (the tree then gives space).
    Comforting SUCCEEDS when the person no longer looks sad or scared, or after
    ``comfort_duration``; it FAILS when the person leaves.
    """

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.COMFORT, 'Comfort', namespace)
        self.phase = 'comfort'
        self.phase_start = 0.0
        self.variant = 0

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Count the intervention, choose the words, approach first if far."""
        person = self.person(situation)
        memory = self.memory
        memory.limiter.record(situation.now)
        self.variant = memory.learner.choose('comfort', len(variants(ActionKind.COMFORT)))
        self.phase, self.phase_start = 'comfort', situation.now
        if person is None:
            return
        if person.affect_known:
            memory.learner.begin('comfort', self.variant, person.person_id,
                                 person.affect.valence, situation.now)
            memory.approach = (person.person_id, person.affect.valence, situation.now)
        self.evidence += (f'personal_space={self.params.personal_space:.2f}',)
        if math.isfinite(person.distance) and person.distance > (
                self.params.interaction_distance):
            self.phase = 'approach'
        else:
            self._begin_comfort(situation)

    def _begin_comfort(self, situation: Situation) -> None:
        self.phase, self.phase_start = 'comfort', situation.now
        self.say(speech_for(ActionKind.COMFORT, self.variant))

    def terminate(self, new_status: Status) -> None:
        """Stop watching for reactions to the approach, then note the end."""
        memory = self.memory
        if memory.approach is not None and memory.approach[0] == self.target:
            memory.approach = None
        super().terminate(new_status)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Approach if far, then comfort while gliding to the personal-space boundary."""
        person = self.person(situation)
        if person is None or not person.present:
            self.feedback_message = f'{self.target} left'
            return Status.FAILURE, None
        reaction = self.memory.reactions.get(self.target)
        if reaction is not None and reaction[0] >= self.started:
            self.feedback_message = f'negative reaction: {reaction[1]}'
            return Status.FAILURE, None
        speed = approach_speed(person.distance, self.params.personal_space, self.limits)
        if self.phase == 'approach':
            far = person.distance > self.params.interaction_distance
            timed_out = situation.now - self.phase_start >= self.params.approach_timeout
            if far and not timed_out:
                why = self.reason.split(': ', 1)[-1]
                return Status.RUNNING, self.command(
                    ActionKind.APPROACH, linear=speed,
                    reason=f'approach {self.target} to comfort: {why}')
            self._begin_comfort(situation)
        in_phase = situation.now - self.phase_start
        if speed == 0.0 and self.memory.approach is not None and (
                self.memory.approach[0] == self.target):
            self.memory.approach = None  # arrived: no longer an approach to react to
        if self.speech_done(situation, in_phase):
            if person.distress_for == 0.0:
                self.feedback_message = f'{self.target} feels better'
                return Status.SUCCESS, self.command()
            said = speaking_time(self._speech) if self._speech is not None else 0.0
            if in_phase >= self.params.comfort_duration + said:
                return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command(linear=speed)


class ShareJoy(SocialBehaviour):
    """Sustained happiness: say something warm and bright, look happy, for a moment."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.SHARE_JOY, 'Share joy', namespace)

    def on_start(self, situation: Situation, candidate: Candidate | None) -> None:
        """Count the intervention and choose the words."""
        memory = self.memory
        memory.limiter.record(situation.now)
        variant = memory.learner.choose('share_joy', len(variants(ActionKind.SHARE_JOY)))
        person = self.person(situation)
        if person is not None and person.affect_known:
            memory.learner.begin('share_joy', variant, person.person_id,
                                 person.affect.valence, situation.now)
        self.say(speech_for(ActionKind.SHARE_JOY, variant))

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Share the moment for the speech plus ``share_joy_duration``."""
        person = self.person(situation)
        if person is None or not person.present:
            return Status.FAILURE, None
        said = speaking_time(self._speech) if self._speech is not None else 0.0
        if elapsed >= said + self.params.share_joy_duration and self.speech_done(
                situation, elapsed):
            return Status.SUCCESS, self.command()
        return Status.RUNNING, self.command()


class Attend(SocialBehaviour):
    """Look at and listen to the engaged person; switches when another becomes the one."""

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.ATTEND, 'Attend', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Keep attending; restart on the new person when the candidate changes."""
        candidate = situation.candidate(ActionKind.ATTEND)
        if candidate is not None and candidate.person_id != self.target:
            self.terminate(Status.INVALID)
            self.initialise()
        return Status.RUNNING, self.command()


class Idle(SocialBehaviour):
    """Nobody to attend to: rest and look around; the reason says why."""

    needs_candidate = False

    def __init__(self, params: SocialParams, namespace: str = keys.NAMESPACE) -> None:
        super().__init__(params, ActionKind.IDLE, 'Idle', namespace)

    def step(self, situation: Situation, elapsed: float) -> tuple[Status, ActionCommand | None]:
        """Explain the idleness from the situation."""
        present = situation.present
        target = ''
        if not present:
            reason = 'idle: no one present'
        elif all(p.left_alone for p in present):
            who = ', '.join(p.person_id for p in present)
            reason = f'idle: leaving {who} alone, as asked'
            target = present[0].person_id
        else:
            reason = f'idle: no one engaged ({len(present)} present)'
        if situation.guard is not None and not situation.guard.allowed:
            reason += f' ({situation.guard.explanation})'
        evidence = (f'present={len(present)}',
                    f"inference={'on' if situation.inference_on else 'off'}")
        self.target, self.evidence = target, evidence
        return Status.RUNNING, self.command(reason=reason, intensity=0.0)
