# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social situation: what the behaviour tree decides on, assessed from fused affect.

Each tick the tree's data-gathering branch turns the newest :class:`SocialInputs` into a
:class:`Situation` with these pure pieces:

* :class:`CommandSpotter` turns the commands and transcripts on each person into events, once
  each (they are held on the person for a few seconds; the rising edge is the event), and
  spots distress phrases (:data:`DISTRESS_PHRASES`) in transcripts.
* :class:`SituationTracker` keeps, per person, how long they have been sad, scared, angry or
  happy — with hysteresis: a state starts on a strict test and ends only after the relaxed
  test has failed for ``release_time`` seconds, so one odd frame neither starts nor ends it.
  In privacy mode or when the deployment guard refuses, affect is blanked before it is read.
* :class:`InteractionMemory` remembers what the robot did: greeted and disclosed people,
  cooldowns, who asked to be left alone, the running action, approach reactions, the
  intervention rate limit and (with consent) what helped.
* :class:`Candidate` — for each action, the person it would be for now and the reason, with
  its evidence. Conditions in the tree only check whether a candidate exists; actions read it.

A candidate is sticky: while an action runs for a person, that person stays its candidate as
long as they are present, so cooldowns started by the action do not cut it short.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
import math
import re

from .actions import ActionKind
from .learning import OutcomeLearner
from ..affect import Affect, Expression, UNKNOWN_AFFECT
from ..errors import ConfigError
from ..ethics import (
    DEFAULT_DISCLOSURE, deployment_guard, DeploymentContext, GuardDecision, InferencePurpose,
    InterventionLimiter, persuasion_in, PrivacyState)
from ..fusion.fusion import PersonEstimate
from ..params import ParamSpec, ParamValue, resolve
from ..perception.voice.commands import Command

SOCIAL_PARAMS: tuple[ParamSpec, ...] = (
    # -- ethics
    ParamSpec('deployment_context', 'home', 'Where the robot is used; workplace and education '
              'refuse emotion inference unless inference_purpose is medical_or_safety (EU AI '
              'Act Art. 5(1)(f)).', choices=tuple(c.value for c in DeploymentContext)),
    ParamSpec('inference_purpose', 'none', 'Declared reason for inferring emotions.',
              choices=tuple(p.value for p in InferencePurpose)),
    ParamSpec('disclosure', DEFAULT_DISCLOSURE, 'Said at the first interaction with each '
              'person (EU AI Act Art. 50(3)); empty disables it (not advised).'),
    ParamSpec('max_interventions', 3, 'Emotional interventions (comfort, share joy) allowed '
              'per intervention_window.', minimum=0, maximum=100),
    ParamSpec('intervention_window', 300.0, 'Seconds of the intervention rate limit.',
              minimum=1.0, maximum=86400.0),
    ParamSpec('learning_consent', False, 'Consent was given to learn which responses helped '
              '(aggregates only); without it nothing is stored.'),
    ParamSpec('learning_file', '', 'JSON file for the learned aggregates; empty keeps them in '
              'memory. Used only with learning_consent.'),
    ParamSpec('outcome_delay', 10.0, 'Seconds after an intervention at which its effect on '
              'valence is measured.', minimum=1.0, maximum=600.0),
    # -- reading the person
    ParamSpec('min_confidence', 0.3, 'Affect less confident than this is not acted on.',
              minimum=0.0, maximum=1.0),
    ParamSpec('sad_valence', -0.35, 'Valence (relative to baseline) at or below which a '
              'person reads as sad.', minimum=-1.0, maximum=0.0),
    ParamSpec('joy_valence', 0.35, 'Valence at or above which a person reads as happy.',
              minimum=0.0, maximum=1.0),
    ParamSpec('anger_valence', -0.3, 'Valence at or below which, with high arousal, a person '
              'reads as angry.', minimum=-1.0, maximum=0.0),
    ParamSpec('anger_arousal', 0.35, 'Arousal at or above which, with low valence, a person '
              'reads as angry.', minimum=-1.0, maximum=1.0),
    ParamSpec('release_time', 1.5, 'Seconds a state must be gone before it ends '
              '(hysteresis).', minimum=0.0, maximum=60.0),
    ParamSpec('input_timeout', 1.0, 'Persons older than this (seconds) are treated as stale.',
              minimum=0.05, maximum=60.0),
    # -- when to act
    ParamSpec('comfort_after', 4.0, 'Seconds of sadness or fear before comforting.',
              minimum=0.0, maximum=600.0),
    ParamSpec('joy_after', 1.5, 'Seconds of happiness before sharing joy.',
              minimum=0.0, maximum=600.0),
    ParamSpec('give_space_after', 1.0, 'Seconds of anger before giving space.',
              minimum=0.0, maximum=600.0),
    ParamSpec('hand_over_after', 15.0, 'Seconds of anger before handing over to a human.',
              minimum=0.0, maximum=3600.0),
    ParamSpec('greet_window', 30.0, 'A person seen for less than this (seconds) is new.',
              minimum=0.0, maximum=3600.0),
    ParamSpec('greet_after', 0.5, 'Seconds a person must be in view before the robot greets '
              'them (a face glimpsed for a moment is not greeted).', minimum=0.0,
              maximum=60.0),
    ParamSpec('command_window', 5.0, 'Seconds a spoken command or distress phrase stays '
              'actionable.', minimum=0.1, maximum=120.0),
    ParamSpec('interaction_distance', 3.6, 'Greet and disclose only within this distance, '
              'metres (Hall: end of the social zone).', minimum=0.5, maximum=20.0),
    # -- how long actions last, cooldowns
    ParamSpec('comfort_duration', 10.0, 'Seconds of comforting presence after speaking.',
              minimum=0.0, maximum=600.0),
    ParamSpec('comfort_cooldown', 60.0, 'Seconds after comforting a person before '
              'comforting them again.', minimum=0.0, maximum=86400.0),
    ParamSpec('share_joy_duration', 3.0, 'Seconds of sharing joy after speaking.',
              minimum=0.0, maximum=600.0),
    ParamSpec('share_joy_cooldown', 60.0, 'Seconds after sharing joy with a person before '
              'doing it again.', minimum=0.0, maximum=86400.0),
    ParamSpec('give_space_timeout', 30.0, 'Longest time spent giving space, seconds.',
              minimum=0.5, maximum=3600.0),
    ParamSpec('give_space_cooldown', 10.0, 'Seconds after giving space before doing it again.',
              minimum=0.0, maximum=86400.0),
    ParamSpec('withdraw_duration', 5.0, 'Seconds spent withdrawing.', minimum=0.5,
              maximum=600.0),
    ParamSpec('leave_alone_time', 300.0, 'Seconds a person who asked to be left alone is not '
              'approached, greeted or addressed.', minimum=0.0, maximum=86400.0),
    ParamSpec('hand_over_duration', 10.0, 'Seconds the hand-over action lasts.', minimum=0.5,
              maximum=3600.0),
    ParamSpec('hand_over_cooldown', 120.0, 'Seconds before handing the same person over '
              'again.', minimum=0.0, maximum=86400.0),
    ParamSpec('stop_hold', 3.0, "Seconds motion stays halted after a spoken 'stop'.",
              minimum=0.0, maximum=600.0),
    ParamSpec('speech_timeout', 20.0, 'Longest wait for the robot to finish speaking, '
              'seconds.', minimum=0.5, maximum=600.0),
    ParamSpec('approach_timeout', 10.0, 'Seconds after which an approach gives up.',
              minimum=0.5, maximum=600.0),
    ParamSpec('reaction_drop', 0.3, 'Valence fall during an approach that counts as a '
              'negative reaction.', minimum=0.05, maximum=2.0),
    ParamSpec('reaction_memory', 10.0, 'Seconds a negative reaction keeps the robot away.',
              minimum=0.0, maximum=600.0),
    # -- motion
    ParamSpec('personal_space', 1.2, 'Personal-space boundary, metres (Hall 1966); the robot '
              'never drives closer.', minimum=0.3, maximum=5.0),
    ParamSpec('give_space_distance', 2.0, 'Distance to back off to when giving space, metres.',
              minimum=0.5, maximum=10.0),
    ParamSpec('withdraw_distance', 3.0, 'Distance to back off to when withdrawing, metres.',
              minimum=0.5, maximum=20.0),
    ParamSpec('max_forward_speed', 0.25, 'Largest forward speed, m/s.', minimum=0.0,
              maximum=2.0),
    ParamSpec('max_reverse_speed', 0.15, 'Largest backward speed, m/s.', minimum=0.0,
              maximum=1.0),
    ParamSpec('max_acceleration', 0.5, 'Largest speed-up per second, m/s².', minimum=0.01,
              maximum=10.0),
    ParamSpec('approach_gain', 0.6, 'Approach speed per metre of remaining gap, 1/s.',
              minimum=0.01, maximum=10.0),
    # -- the robot's own affect
    ParamSpec('affect_time_constant', 1.2, 'Seconds the robot affect takes to follow its '
              'target (critically damped).', minimum=0.05, maximum=60.0),
    ParamSpec('affect_max_rate', 0.8, 'Largest change of robot valence or arousal per second.',
              minimum=0.01, maximum=10.0),
)
"""Parameters of the social behaviour (the tree), with defaults, ranges and descriptions."""


@dataclass(frozen=True)
class SocialParams:
    """Validated social parameters; build with :meth:`from_values` (see SOCIAL_PARAMS)."""

    deployment_context: str
    inference_purpose: str
    disclosure: str
    max_interventions: int
    intervention_window: float
    learning_consent: bool
    learning_file: str
    outcome_delay: float
    min_confidence: float
    sad_valence: float
    joy_valence: float
    anger_valence: float
    anger_arousal: float
    release_time: float
    input_timeout: float
    comfort_after: float
    joy_after: float
    give_space_after: float
    hand_over_after: float
    greet_window: float
    greet_after: float
    command_window: float
    interaction_distance: float
    comfort_duration: float
    comfort_cooldown: float
    share_joy_duration: float
    share_joy_cooldown: float
    give_space_timeout: float
    give_space_cooldown: float
    withdraw_duration: float
    leave_alone_time: float
    hand_over_duration: float
    hand_over_cooldown: float
    stop_hold: float
    speech_timeout: float
    approach_timeout: float
    reaction_drop: float
    reaction_memory: float
    personal_space: float
    give_space_distance: float
    withdraw_distance: float
    max_forward_speed: float
    max_reverse_speed: float
    max_acceleration: float
    approach_gain: float
    affect_time_constant: float
    affect_max_rate: float

    def __post_init__(self) -> None:
        """Check what one parameter alone cannot: texts and relations."""
        found = persuasion_in(self.disclosure)
        if found:
            raise ConfigError(f'disclosure: must inform, not persuade (found {found!r})')
        if self.give_space_distance < self.personal_space:
            raise ConfigError('give_space_distance must not be inside personal_space')

    @classmethod
    def from_values(cls, values: Mapping[str, object] | None = None) -> SocialParams:
        """
        Return parameters from ``values`` over the defaults; ConfigError names a bad one.

        Keys that are not social parameters (a node's own, such as ``tick_rate``) are ignored.
        """
        names = {spec.name for spec in SOCIAL_PARAMS}
        known = {k: v for k, v in dict(values or {}).items() if k in names}
        resolved: dict[str, ParamValue] = resolve(SOCIAL_PARAMS, known)
        return cls(**resolved)  # type: ignore[arg-type]

    @property
    def guard(self) -> GuardDecision:
        """Return the deployment guard's decision for these parameters."""
        return deployment_guard(self.deployment_context, self.inference_purpose)


DISTRESS_PHRASES: tuple[str, ...] = (
    'help me', 'i need help', 'somebody help', 'call someone', 'call a doctor',
    'call an ambulance', 'ambulance', 'emergency', "i can't breathe", 'i cannot breathe',
    "i'm hurt", 'i am hurt', 'it hurts', 'chest pain', 'i fell', 'i have fallen',
    'i want to die', 'kill myself', 'hurt myself', 'end my life', 'no reason to live',
)
"""Phrases in a transcript that hand over to a human at once (lower case, word-bounded)."""

_DISTRESS_RE = re.compile(
    r'\b(' + '|'.join(re.escape(p).replace("'", "['’]?") for p in DISTRESS_PHRASES) + r')\b',
    re.IGNORECASE)

_JOY = frozenset({Expression.HAPPY, Expression.EXCITED})
_ANGER = frozenset({Expression.ANGRY, Expression.DISGUSTED})


def distress_phrase(transcript: str) -> str | None:
    """Return the distress phrase found in ``transcript``, or None."""
    match = _DISTRESS_RE.search(transcript)
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class SocialInputs:
    """What the tree perceives on one tick: time, persons, e-stop, whether it is speaking."""

    now: float
    persons: tuple[PersonEstimate, ...] = ()
    persons_time: float = -math.inf
    estop: bool = False
    robot_speaking: bool = False


@dataclass(frozen=True)
class CommandEvent:
    """A command or distress phrase heard from a person at ``time``."""

    person_id: str
    command: str  # a Command value, or 'distress'
    phrase: str
    time: float


DISTRESS = 'distress'
"""The command name of a distress-phrase event."""


class CommandSpotter:
    """Turns commands held on persons into one event each (the rising edge)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple[str, ...], str]] = {}

    def update(self, persons: Iterable[PersonEstimate], now: float) -> tuple[CommandEvent, ...]:
        """Return the events that appeared since the last call."""
        events = []
        current: dict[str, tuple[tuple[str, ...], str]] = {}
        for person in persons:
            commands = tuple(person.last_commands)
            transcript = person.last_transcript
            current[person.person_id] = (commands, transcript)
            old_commands, old_transcript = self._seen.get(person.person_id, ((), ''))
            for name in commands:
                if name not in old_commands:
                    events.append(CommandEvent(person.person_id, name, _spoken(name), now))
            if transcript and transcript != old_transcript:
                phrase = distress_phrase(transcript)
                if phrase:
                    events.append(CommandEvent(person.person_id, DISTRESS, phrase, now))
        self._seen = current
        return tuple(events)


def _spoken(command: str) -> str:
    return command.replace('_', ' ')


@dataclass
class _Hold:
    """A state with hysteresis: on at a strict test, off after the relaxed one fails a while."""

    since: float | None = None
    clear_since: float | None = None

    def update(self, on: bool, still: bool, now: float, release: float) -> None:
        if on:
            if self.since is None:
                self.since = now
            self.clear_since = None
        elif still and self.since is not None:
            self.clear_since = None
        elif self.since is not None:
            if self.clear_since is None:
                self.clear_since = now
            if now - self.clear_since >= release:
                self.since = self.clear_since = None

    def duration(self, now: float) -> float:
        return 0.0 if self.since is None else max(0.0, now - self.since)


@dataclass
class _Track:
    first_seen: float
    last_present: float
    sad: _Hold = field(default_factory=_Hold)
    scared: _Hold = field(default_factory=_Hold)
    angry: _Hold = field(default_factory=_Hold)
    happy: _Hold = field(default_factory=_Hold)


@dataclass(frozen=True)
class PersonView:
    """One person as the tree sees them on this tick (affect blanked when inference is off)."""

    person_id: str
    present: bool
    affect: Affect
    distance: float
    engaged: bool
    seen_for: float
    sad_for: float = 0.0
    scared_for: float = 0.0
    angry_for: float = 0.0
    happy_for: float = 0.0
    feeling: frozenset[str] = frozenset()
    """The states active now: 'sad', 'scared', 'angry', 'happy' (durations may still be 0)."""
    greeted: bool = False
    disclosed: bool = False
    left_alone: bool = False

    @property
    def affect_known(self) -> bool:
        """Whether the affect may drive behaviour (present and a known reading)."""
        return self.present and self.affect.is_known

    @property
    def distress_for(self) -> float:
        """Seconds of sadness or fear, whichever is longer."""
        return max(self.sad_for, self.scared_for)

    @property
    def negative(self) -> bool:
        """Whether the person is currently sad, scared or angry."""
        return bool(self.feeling & {'sad', 'scared', 'angry'})

    def describe(self) -> str:
        """Return affect numbers for a reason, e.g. ``valence -0.62, confidence 0.71``."""
        a = self.affect
        return (f'valence {a.valence:+.2f}, arousal {a.arousal:+.2f}, '
                f'confidence {a.confidence:.2f}')

    def evidence(self) -> tuple[str, ...]:
        """Return the person's facts as ``key=value`` strings."""
        a = self.affect
        facts = [f'person={self.person_id}', f'present={str(self.present).lower()}',
                 f'expression={a.expression.value}', f'valence={a.valence:.2f}',
                 f'arousal={a.arousal:.2f}', f'confidence={a.confidence:.2f}']
        if math.isfinite(self.distance):
            facts.append(f'distance={self.distance:.2f}')
        for name in ('sad_for', 'scared_for', 'angry_for', 'happy_for'):
            value = getattr(self, name)
            if value > 0.0:
                facts.append(f'{name}={value:.1f}')
        return tuple(facts)


@dataclass(frozen=True)
class Candidate:
    """The person an action would be for now, the reason and the evidence."""

    action: ActionKind
    person_id: str
    reason: str
    evidence: tuple[str, ...] = ()
    intensity: float = 0.5


@dataclass(frozen=True)
class Situation:
    """Everything the decision branch reads on one tick."""

    now: float
    persons: tuple[PersonView, ...] = ()
    estop: bool = False
    robot_speaking: bool = False
    privacy: PrivacyState = PrivacyState()
    guard: GuardDecision | None = None
    candidates: Mapping[ActionKind, Candidate] = field(default_factory=dict)
    events: tuple[CommandEvent, ...] = ()

    @property
    def inference_on(self) -> bool:
        """Whether affect may be read (no privacy mode, guard allows)."""
        return not self.privacy.enabled and (self.guard is None or self.guard.allowed)

    def person(self, person_id: str) -> PersonView | None:
        """Return the person with ``person_id``, or None when they are not tracked."""
        for person in self.persons:
            if person.person_id == person_id:
                return person
        return None

    def candidate(self, action: ActionKind) -> Candidate | None:
        """Return the candidate for ``action``, or None."""
        return self.candidates.get(action)

    @property
    def present(self) -> tuple[PersonView, ...]:
        """Return who is here now (persons that are not stale)."""
        return tuple(p for p in self.persons if p.present)


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
        self.last_end: dict[tuple[ActionKind, str], float] = {}
        self.last_start: dict[tuple[ActionKind, str], float] = {}
        self.handled: set[tuple[str, str, float]] = set()
        self.active: tuple[ActionKind, str] | None = None
        self.approach: tuple[str, float, float] | None = None  # person, start valence, time
        self.reactions: dict[str, tuple[float, str]] = {}
        self.reaction_handled: dict[str, float] = {}
        self.limiter = InterventionLimiter(params.max_interventions, params.intervention_window)
        self.learner = OutcomeLearner(
            consent=params.learning_consent, path=params.learning_file or None,
            outcome_delay=params.outcome_delay)
        self.history: list[tuple[float, ActionKind, str]] = []

    def start(self, action: ActionKind, person_id: str, now: float) -> None:
        """Note that ``action`` started for ``person_id``."""
        self.active = (action, person_id)
        self.last_start[(action, person_id)] = now
        self.history.append((now, action, person_id))
        del self.history[:-200]

    def finish(self, action: ActionKind, person_id: str, now: float) -> None:
        """Note that ``action`` for ``person_id`` ended (done, failed or cut short)."""
        if self.active == (action, person_id):
            self.active = None
        self.last_end[(action, person_id)] = now

    def since_end(self, action: ActionKind, person_id: str, now: float) -> float:
        """Seconds since ``action`` for ``person_id`` last ended (inf if never)."""
        return now - self.last_end.get((action, person_id), -math.inf)

    def is_active(self, action: ActionKind, person_id: str) -> bool:
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


class SituationTracker:
    """Assesses each tick's inputs into a :class:`Situation` (see the module doc)."""

    def __init__(self, params: SocialParams) -> None:
        self.params = params
        self._tracks: dict[str, _Track] = {}
        self._events: list[CommandEvent] = []

    def update(
        self, inputs: SocialInputs, events: Iterable[CommandEvent], privacy: PrivacyState,
        guard: GuardDecision, memory: InteractionMemory,
    ) -> Situation:
        """Return the situation at ``inputs.now``, updating the per-person state."""
        p = self.params
        now = inputs.now
        inference = not privacy.enabled and guard.allowed
        memory.learner.pause(privacy.enabled)
        fresh_input = now - inputs.persons_time <= p.input_timeout
        self._events = [e for e in self._events if now - e.time <= p.command_window]
        self._events.extend(events)
        views = []
        seen = set()
        for estimate in inputs.persons:
            pid = estimate.person_id
            seen.add(pid)
            present = fresh_input and not estimate.stale
            track = self._tracks.get(pid)
            if track is None:
                track = self._tracks[pid] = _Track(first_seen=now, last_present=now)
            if present:
                track.last_present = now
            affect = estimate.affect if (inference and present) else UNKNOWN_AFFECT
            self._update_holds(track, affect, now)
            views.append(PersonView(
                person_id=pid, present=present, affect=affect,
                distance=estimate.distance, engaged=present and estimate.engaged,
                seen_for=now - track.first_seen,
                sad_for=track.sad.duration(now), scared_for=track.scared.duration(now),
                angry_for=track.angry.duration(now), happy_for=track.happy.duration(now),
                feeling=frozenset(name for name in ('sad', 'scared', 'angry', 'happy')
                                  if getattr(track, name).since is not None),
                greeted=pid in memory.greeted, disclosed=pid in memory.disclosed,
                left_alone=memory.is_left_alone(pid, now)))
        for pid in [pid for pid in self._tracks if pid not in seen]:
            del self._tracks[pid]
            memory.forget(pid)
        persons = tuple(views)
        if inference:
            self._check_reaction(persons, memory, now)
            memory.learner.observe(
                {v.person_id: v.affect.valence for v in persons if v.affect_known}, now)
        elif privacy.enabled:
            memory.clear_personal()
        situation = Situation(
            now=now, persons=persons, estop=inputs.estop, robot_speaking=inputs.robot_speaking,
            privacy=privacy, guard=guard, events=tuple(self._events))
        candidates = self._candidates(situation, memory)
        return Situation(
            now=now, persons=persons, estop=inputs.estop, robot_speaking=inputs.robot_speaking,
            privacy=privacy, guard=guard, candidates=candidates,
            events=tuple(self._events))

    def _update_holds(self, track: _Track, affect: Affect, now: float) -> None:
        p = self.params
        release = p.release_time
        known = affect.is_known and affect.confidence >= p.min_confidence
        expr, v, a = affect.expression, affect.valence, affect.arousal
        scared = known and expr is Expression.SCARED
        angry = known and not scared and (
            (expr in _ANGER and v <= 0.0) or (v <= p.anger_valence and a >= p.anger_arousal))
        angry_still = known and not scared and (
            expr in _ANGER or (v <= p.anger_valence / 2.0 and a >= p.anger_arousal / 2.0))
        sad = known and not scared and not angry and (
            (expr is Expression.SAD and v <= 0.0) or (v <= p.sad_valence and a < p.anger_arousal))
        sad_still = known and not angry and (expr is Expression.SAD or v <= p.sad_valence / 2.0)
        happy = known and ((expr in _JOY and v >= p.joy_valence / 2.0) or v >= p.joy_valence)
        happy_still = known and (expr in _JOY or v >= p.joy_valence / 2.0)
        track.scared.update(scared, known and expr is Expression.SCARED, now, release)
        track.angry.update(angry, angry_still, now, release)
        track.sad.update(sad, sad_still, now, release)
        track.happy.update(happy, happy_still, now, release)

    def _check_reaction(
        self, persons: tuple[PersonView, ...], memory: InteractionMemory, now: float,
    ) -> None:
        if memory.approach is None:
            return
        pid, start_valence, _ = memory.approach
        person = next((v for v in persons if v.person_id == pid), None)
        if person is None or not person.affect_known:
            return
        drop = start_valence - person.affect.valence
        why = ''
        if drop >= self.params.reaction_drop:
            why = f'valence fell {drop:.2f} during the approach'
        elif person.angry_for > 0.0 or person.affect.expression in _ANGER:
            why = f'looked {person.affect.expression.value} during the approach'
        elif person.affect.expression is Expression.SCARED:
            why = 'looked scared during the approach'
        if why:
            memory.reactions[pid] = (now, why)
            memory.approach = None

    # -- candidates -------------------------------------------------------------------------

    def _event(self, situation: Situation, memory: InteractionMemory,
               commands: Iterable[str]) -> CommandEvent | None:
        wanted = set(commands)
        for event in reversed(situation.events):
            if event.command in wanted and (
                    event.person_id, event.command, event.time) not in memory.handled:
                return event
        return None

    def _candidates(
        self, s: Situation, memory: InteractionMemory,
    ) -> dict[ActionKind, Candidate]:
        p = self.params
        now = s.now
        out: dict[ActionKind, Candidate] = {}
        present = s.present
        guard_note = '' if s.guard is None or s.guard.allowed else f' ({s.guard.explanation})'

        # Safety: e-stop, a spoken 'stop' (held for stop_hold), privacy mode.
        if s.estop:
            out[ActionKind.HALT] = Candidate(
                ActionKind.HALT, '', 'halt: e-stop pressed', ('estop=true',), 1.0)
        else:
            stop = next((e for e in reversed(s.events) if e.command == Command.STOP.value
                         and now - e.time <= p.stop_hold), None)
            if stop is not None:
                out[ActionKind.HALT] = Candidate(
                    ActionKind.HALT, stop.person_id,
                    f"halt: {stop.person_id} said '{stop.phrase}'",
                    (f'person={stop.person_id}', 'command=stop'), 1.0)
        if s.privacy.enabled:
            out[ActionKind.PRIVACY] = Candidate(
                ActionKind.PRIVACY, '', f'privacy: privacy mode on ({s.privacy.reason})',
                ('privacy=on', f'source={s.privacy.source}'), 0.0)

        # Hand-over: distress words or 'help' at once; anger once sustained.
        event = self._event(s, memory, (DISTRESS, Command.HELP.value))
        sticky = self._sticky(ActionKind.HAND_OVER, s, memory, need_present=False)
        if sticky is not None:
            out[ActionKind.HAND_OVER] = sticky
        elif event is not None:
            said = (f"said '{event.phrase}'" if event.command == Command.HELP.value
                    else f"distress words '{event.phrase}'")
            out[ActionKind.HAND_OVER] = Candidate(
                ActionKind.HAND_OVER, event.person_id,
                f'hand over {event.person_id} to a human: {said}',
                (f'person={event.person_id}', f'command={event.command}',
                 f'phrase={event.phrase}'), 1.0)
        else:
            angry = [v for v in present if v.angry_for >= p.hand_over_after
                     and not v.left_alone
                     and memory.since_end(ActionKind.HAND_OVER, v.person_id, now)
                     >= p.hand_over_cooldown]
            if angry:
                v = max(angry, key=lambda x: x.angry_for)
                out[ActionKind.HAND_OVER] = Candidate(
                    ActionKind.HAND_OVER, v.person_id,
                    f'hand over {v.person_id} to a human: angry for {v.angry_for:.1f} s '
                    f'({v.describe()})', v.evidence(), 1.0)

        # Withdraw: asked to go away or to be left alone.
        sticky = self._sticky(ActionKind.WITHDRAW, s, memory, need_present=False)
        event = self._event(s, memory, (Command.GO_AWAY.value, Command.LEAVE_ME_ALONE.value))
        if sticky is not None:
            out[ActionKind.WITHDRAW] = sticky
        elif event is not None:
            out[ActionKind.WITHDRAW] = Candidate(
                ActionKind.WITHDRAW, event.person_id,
                f"withdraw from {event.person_id}: asked '{event.phrase}'",
                (f'person={event.person_id}', f'command={event.command}'), 0.8)

        # Give space: anger, or a negative reaction to an approach.
        sticky = self._sticky(ActionKind.GIVE_SPACE, s, memory)
        if sticky is not None:
            out[ActionKind.GIVE_SPACE] = sticky
        else:
            best: Candidate | None = None
            longest = 0.0
            for v in present:
                if v.left_alone or memory.since_end(ActionKind.GIVE_SPACE, v.person_id, now) < (
                        p.give_space_cooldown):
                    continue  # already kept away from, or just given space
                reaction = memory.reactions.get(v.person_id)
                if reaction is not None and now - reaction[0] <= p.reaction_memory and (
                        memory.reaction_handled.get(v.person_id, -math.inf) < reaction[0]):
                    best = Candidate(
                        ActionKind.GIVE_SPACE, v.person_id,
                        f'give space to {v.person_id}: negative reaction to the approach '
                        f'({reaction[1]})', v.evidence() + ('reaction=negative',), 0.8)
                    break
                if v.angry_for >= p.give_space_after and v.angry_for > longest:
                    longest = v.angry_for
                    best = Candidate(
                        ActionKind.GIVE_SPACE, v.person_id,
                        f'give space to {v.person_id}: angry for {v.angry_for:.1f} s '
                        f'({v.describe()})', v.evidence(), 0.7)
            if best is not None:
                out[ActionKind.GIVE_SPACE] = best

        # Emotional interventions: comfort and share joy (cooldown, rate limit, not left alone).
        for action, duration_of, after, cooldown, label in (
                (ActionKind.COMFORT, _distress, p.comfort_after, p.comfort_cooldown, None),
                (ActionKind.SHARE_JOY, _joy, p.joy_after, p.share_joy_cooldown, 'happy')):
            sticky = self._sticky(action, s, memory)
            if sticky is not None:
                out[action] = sticky
                continue
            if not memory.limiter.allows(now):
                continue
            fitting = [v for v in present if v.affect_known and not v.left_alone
                       and duration_of(v) >= after
                       and memory.since_end(action, v.person_id, now) >= cooldown]
            if fitting:
                v = max(fitting, key=duration_of)
                feeling = label or ('scared' if v.scared_for >= v.sad_for else 'sad')
                verb = 'comfort' if action is ActionKind.COMFORT else 'share joy with'
                out[action] = Candidate(
                    action, v.person_id,
                    f'{verb} {v.person_id}: {feeling} for {duration_of(v):.1f} s '
                    f'({v.describe()})', v.evidence(), min(1.0, abs(v.affect.valence) + 0.2))

        # Greet a new person once; attend an engaged one.
        sticky = self._sticky(ActionKind.GREET, s, memory)
        if sticky is not None:
            out[ActionKind.GREET] = sticky
        else:
            new = [v for v in present if not v.greeted and not v.left_alone
                   and p.greet_after <= v.seen_for <= p.greet_window and not v.negative
                   and (v.engaged or (math.isfinite(v.distance)
                                      and v.distance <= p.interaction_distance))]
            if new:
                v = min(new, key=lambda x: x.distance if math.isfinite(x.distance) else 99.0)
                where = f' at {v.distance:.1f} m' if math.isfinite(v.distance) else ''
                out[ActionKind.GREET] = Candidate(
                    ActionKind.GREET, v.person_id,
                    f'greet {v.person_id}: new person{where}{guard_note}', v.evidence(), 0.5)
        engaged = [v for v in present if v.engaged and not v.left_alone]
        if engaged:
            v = min(engaged, key=lambda x: x.distance if math.isfinite(x.distance) else 99.0)
            where = f' at {v.distance:.1f} m' if math.isfinite(v.distance) else ''
            feeling = (f', {v.affect.expression.value}' if v.affect_known else '')
            out[ActionKind.ATTEND] = Candidate(
                ActionKind.ATTEND, v.person_id,
                f'attend {v.person_id}: engaged{where}{feeling}{guard_note}', v.evidence(), 0.3)
        return out

    def _sticky(self, action: ActionKind, s: Situation, memory: InteractionMemory,
                need_present: bool = True) -> Candidate | None:
        if memory.active is None or memory.active[0] is not action:
            return None
        pid = memory.active[1]
        person = s.person(pid)
        if need_present and (person is None or not person.present or person.left_alone):
            return None
        evidence = person.evidence() if person is not None else (f'person={pid}',)
        return Candidate(action, pid, f'{action.value} {pid}: continuing', evidence)


def _distress(view: PersonView) -> float:
    return view.distress_for


def _joy(view: PersonView) -> float:
    return view.happy_for
