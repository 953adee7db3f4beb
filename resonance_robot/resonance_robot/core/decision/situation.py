# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The social situation: what the acts decide on, assessed each tick from fused affect.

:class:`SituationTracker` turns the newest :class:`SocialInputs` into a :class:`Situation`:
per person how long they have been sad, scared, angry or happy — with hysteresis: a state
starts on a strict test and ends only after the relaxed test has failed for
``release_time`` seconds, so one odd frame neither starts nor ends it. In privacy mode or
when the deployment guard refuses, affect is blanked before it is read. It also watches for
a negative reaction to an approach.

The candidates — for each act, the person it would be for now, with the reason and its
evidence — are not made here: each act's trigger (``tree/acts/``) proposes its own, and the
tree's assessment puts them on the situation (:meth:`Situation.with_candidates`). Conditions
in the tree only check whether a candidate exists; acts read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
import math

from .events import CommandEvent
from .memory import InteractionMemory
from .params import SocialParams
from ..affect import Affect, Expression, UNKNOWN_AFFECT
from ..ethics import GuardDecision, PrivacyState
from ..fusion.between_lines import Flash, FLASH_EXPRESSIONS, Frustration, Signals
from ..fusion.fusion import PersonEstimate

FORGET_ME = 'forget_me'
"""The spoken command that clears what learning kept (a Command value)."""

_JOY = frozenset({Expression.HAPPY, Expression.EXCITED})
_ANGER = frozenset({Expression.ANGRY, Expression.DISGUSTED})


@dataclass(frozen=True)
class SocialInputs:
    """What the tree perceives on one tick: time, persons, e-stop, whether it is speaking."""

    now: float
    persons: tuple[PersonEstimate, ...] = ()
    persons_time: float = -math.inf
    estop: bool = False
    robot_speaking: bool = False


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
    # -- between the lines: the tree's own frustration cues (interrupting the robot, an act
    # followed by worse affect), the last transcript seen, the act that just ended
    frustration: Frustration = field(default_factory=Frustration)
    transcript: str = ''
    act_end: tuple[float, float] | None = None  # when, valence then


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
    # -- between the lines (see core/fusion/between_lines.py)
    sarcasm: float = 0.0
    """Probability that the newest utterance was sarcastic (words against tone and face)."""
    sarcasm_time: float = -math.inf
    sarcasm_evidence: tuple[str, ...] = ()
    frustration: float = 0.0
    frustration_evidence: tuple[str, ...] = ()
    frustration_rose: float = -math.inf
    """When the newest frustration cue came (fusion's or the tree's): the level only decays
    between cues, so this is when it last went up."""
    flash: Flash | None = None
    pause_between: float = 0.0
    pause_within: float = 0.0

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

    def paced(self, frustration: float, pause: float) -> bool:
        """Whether to speak slower and less: frustrated, or someone who pauses long."""
        return (self.frustration >= frustration or self.pause_between >= pause
                or self.pause_within >= 0.45)

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
        if self.frustration >= 0.05:
            facts.append(f'frustration={self.frustration:.2f}')
        if self.pause_between > 0.0:
            facts.append(f'pause_between={self.pause_between:.1f}')
        return tuple(facts)


@dataclass(frozen=True)
class Candidate:
    """The person an action would be for now, the reason and the evidence."""

    action: str
    """The act's kind (an :class:`~.actions.ActionKind` value or another act's name)."""
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
    candidates: Mapping[str, Candidate] = field(default_factory=dict)
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

    def candidate(self, action: str) -> Candidate | None:
        """Return the candidate for ``action``, or None."""
        return self.candidates.get(action)

    @property
    def present(self) -> tuple[PersonView, ...]:
        """Return who is here now (persons that are not stale)."""
        return tuple(p for p in self.persons if p.present)

    def with_candidates(self, candidates: Mapping[str, Candidate]) -> Situation:
        """Return this situation with the acts' candidates on it."""
        return replace(self, candidates=dict(candidates))


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
        """Return the situation at ``inputs.now`` (no candidates yet), updating each person."""
        p = self.params
        now = inputs.now
        inference = not privacy.enabled and guard.allowed
        memory.learner.pause(privacy.enabled)
        fresh_input = now - inputs.persons_time <= p.input_timeout
        self._events = [e for e in self._events if now - e.time <= p.command_window]
        events = tuple(events)
        if any(e.command == FORGET_ME for e in events):
            memory.learner.forget()  # a spoken 'forget me': nothing learned is kept
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
            signals = estimate.signals
            if inference and present:
                self._frustration_cues(track, estimate, affect, inputs, memory)
            frustration, rose = self._frustration(signals, track.frustration, inference, now)
            views.append(PersonView(
                person_id=pid, present=present, affect=affect,
                distance=estimate.distance, engaged=present and estimate.engaged,
                seen_for=now - track.first_seen,
                sad_for=track.sad.duration(now), scared_for=track.scared.duration(now),
                angry_for=track.angry.duration(now), happy_for=track.happy.duration(now),
                feeling=frozenset(name for name in ('sad', 'scared', 'angry', 'happy')
                                  if getattr(track, name).since is not None),
                greeted=pid in memory.greeted, disclosed=pid in memory.disclosed,
                left_alone=memory.is_left_alone(pid, now),
                sarcasm=signals.sarcasm.probability if signals.sarcasm.kind == 'sarcasm'
                else 0.0, sarcasm_time=signals.sarcasm_time,
                sarcasm_evidence=signals.sarcasm.evidence,
                frustration=frustration,
                frustration_evidence=(signals.frustration_evidence
                                      + track.frustration.evidence)[-4:],
                frustration_rose=rose,
                flash=signals.flash, pause_between=signals.pause_between,
                pause_within=signals.pause_within))
        for pid in [pid for pid in self._tracks if pid not in seen]:
            del self._tracks[pid]
            memory.forget(pid)
        persons = tuple(views)
        if inference:
            self._check_reaction(persons, memory, now)
            memory.learner.observe(  # outcomes after acts end, and the natural drift
                {v.person_id: v.affect.valence for v in persons if v.affect_known}, now)
        elif privacy.enabled:
            memory.clear_personal()
        return Situation(
            now=now, persons=persons, estop=inputs.estop, robot_speaking=inputs.robot_speaking,
            privacy=privacy, guard=guard, events=tuple(self._events))

    @staticmethod
    def _frustration(signals: Signals, tree: Frustration, inference: bool, now: float
                     ) -> tuple[float, float]:
        """Return the level of fusion's and the tree's frustration together, and its last cue."""
        if not inference:
            return signals.frustration, signals.frustration_time
        level = 1.0 - (1.0 - signals.frustration) * (1.0 - tree.level(now))
        return round(min(1.0, level), 4), max(signals.frustration_time, tree.last_cue)

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

    def _frustration_cues(self, track: _Track, estimate: PersonEstimate, affect: Affect,
                          inputs: SocialInputs, memory: InteractionMemory) -> None:
        """Interrupting the robot; an act followed by worse affect (within 10 s)."""
        now = inputs.now
        said = estimate.last_transcript
        if said and said != track.transcript and inputs.robot_speaking:
            track.frustration.add('interrupted_robot', now)
        track.transcript = said
        pid = estimate.person_id
        if memory.active is not None and memory.active[1] == pid:
            track.act_end = (math.nan, affect.valence if affect.is_known else math.nan)
        elif track.act_end is not None and math.isnan(track.act_end[0]):
            track.act_end = (now, track.act_end[1])
        if track.act_end is not None and math.isfinite(track.act_end[0]):
            ended, before = track.act_end
            if now - ended > 10.0:
                track.act_end = None
            elif affect.is_known and affect.valence <= before - 0.25:
                track.frustration.add('worse_after_act', now, f'{before - affect.valence:.2f}')
                track.act_end = None

    def _check_reaction(
        self, persons: tuple[PersonView, ...], memory: InteractionMemory, now: float,
    ) -> None:
        if memory.approach is None:
            return
        pid, start_valence, started = memory.approach
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
        elif (person.flash is not None and person.flash.time >= started
              and person.flash.expression in FLASH_EXPRESSIONS):
            flash = person.flash
            why = (f'a fleeting {flash.expression.value} look ({flash.duration:.2f} s) '
                   'during the approach')
        if why:
            memory.reactions[pid] = (now, why)
            memory.approach = None
