# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Per-person affect fusion: face and voice cues merged into one estimate per person.

How it works (every number is a parameter of :class:`FusionParams`):

* **People.** Each face track (``face_id``) is one person, with a short id ``p1``, ``p2`` …
  given when the track first appears and never reused. A voice heard while no face is in view
  becomes a voice-only person. A person with no cue for ``forget_after`` seconds has left.
* **Voice to person.** One microphone hears everyone, so an utterance is given to the person
  most likely speaking: among people whose face was seen in the last
  ``voice_association_window`` seconds, the engaged ones first, then the closest, then the
  most central face (smallest bearing). With one face in view that is simply that face; with
  none, the voice is a person of its own.
* **Weights and decay.** The newest face reading and the newest utterance of a person are
  merged with weight ``cue_weight × confidence × exp(-age / decay)`` (faces decay fast,
  ``face_decay``; utterances slowly, ``voice_decay``, because they arrive every few seconds).
  Fused confidence is ``1 - Π(1 - confidence × decay)``, lowered when the cues disagree in
  valence. The expression is the arg-max of the cues' weighted class scores.
* **Baselines.** Some people always smile. Each person's raw valence and arousal are tracked by
  a slow exponential average (``baseline_time_constant``) of confident readings; the offset,
  capped at ``baseline_max_offset`` and ramped in over ``baseline_warmup`` seconds of
  observation, is subtracted. Baselines learn in :meth:`AffectFusion.update`, an explicit step
  once per tick; :meth:`AffectFusion.estimate` only reads. Only calm readings teach it: none
  more than ``baseline_calm_zone`` below it (lasting sadness stays sadness), none further from
  neutral than ``baseline_max_offset + baseline_calm_zone`` (beaming joy is not a resting face:
  a straight face after it must not read sad). A reading that the baseline fully explains (both
  values within ``neutral_zone`` after correction) is reported as ``neutral``. Baselines live
  only as long as the person is tracked; nothing is written anywhere.
* **Staleness.** With no cue for ``stale_after`` seconds, or a fused confidence below
  ``min_confidence``, the estimate is ``unknown`` with confidence 0: it cannot drive action.
* **Distance.** From a person pose source when one is given and fresh (matched by bearing),
  else from face size with the pinhole model
  ``distance = focal_px × face_width / roi_width_px`` where
  ``focal_px = (image_width / 2) / tan(camera_hfov / 2)``. ``face_width`` is the nominal width
  of a face bounding box (0.15 m: adult bizygomatic breadth ≈ 0.14 m plus detector margin);
  ``camera_hfov_deg`` is the camera's horizontal field of view (60° suits most webcams).
* **Geometry now, not remembered.** A distance and bearing are reported with the time they
  were measured (``distance_time``) and whether they are a fresh reading
  (``distance_measured``). A sighting older than ``geometry_fresh`` is moved into the robot's
  frame now by the robot's own motion since (:mod:`.geometry`, fed with :meth:`add_velocity`
  or :meth:`add_odometry`) and reported as dead-reckoned, up to ``dead_reckon_horizon``
  seconds; without a motion history, or later, the distance is unknown (NaN).
* **Inference off.** With inference disabled (privacy mode, deployment guard) presence and
  distance are still reported but every affect is ``unknown`` and baselines are dropped.

All times are seconds on one clock the caller chooses (the node's clock, or a script's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
import math

from .between_lines import deflate_sarcasm, NO_SIGNALS, PersonSignals, Signals
from .geometry import EgoMotion, face_bearing, face_distance, Placement, Pose2D, relocate
from .merge import merge, Reading, weighted
from .params import FusionParams
from ..affect import Affect, clamp, Expression, UNKNOWN_AFFECT
from ..errors import InvalidInput
from ..perception.face.reading import FaceFrame
from ..perception.voice.incongruence import Incongruence, NO_INCONGRUENCE, with_face


@dataclass(frozen=True)
class VoiceCue:
    """One utterance: who spoke (voice id), the affect read from it, words and commands."""

    voice_id: str
    affect: Affect
    transcript: str = ''
    commands: tuple[str, ...] = ()
    words: float = 0.0
    """Valence of the words alone (sarcasm and frustration read it against the rest)."""
    incongruence: Incongruence = NO_INCONGRUENCE
    duration: float = 0.0
    """Seconds the utterance lasted (it ended when it was heard: pauses between)."""
    pause_ratio: float = 0.0

    def __post_init__(self) -> None:
        """Reject an empty voice id."""
        if not self.voice_id:
            raise InvalidInput('an utterance needs a voice_id')


@dataclass(frozen=True)
class PersonPose:
    """A person seen by another sensor: distance (m) and bearing (rad, + is left, REP-103)."""

    distance: float
    bearing: float

    def __post_init__(self) -> None:
        """Reject non-finite or negative values."""
        if not (math.isfinite(self.distance) and self.distance >= 0.0
                and math.isfinite(self.bearing)):
            raise InvalidInput(f'bad person pose: {self.distance!r} m at {self.bearing!r} rad')


@dataclass(frozen=True)
class PersonEstimate:
    """
    One person's fused affect now, and what it was fused from.

    ``affect`` is relative to the person's baseline; ``unknown`` with confidence 0 when stale
    or when inference is off. ``distance`` is NaN when unknown; ``bearing`` (radians, + left)
    is NaN for a voice-only person. ``last_transcript`` and ``last_commands`` are held for
    ``utterance_hold`` seconds after the utterance. ``distance_time`` is when the distance
    and bearing were measured (NaN when unknown); ``distance_measured`` is False when they
    were dead-reckoned from an older sighting by the robot's own motion.
    """

    person_id: str
    face_id: str = ''
    voice_id: str = ''
    affect: Affect = UNKNOWN_AFFECT
    face_affect: Affect = UNKNOWN_AFFECT
    voice_affect: Affect = UNKNOWN_AFFECT
    face_weight: float = 0.0
    voice_weight: float = 0.0
    distance: float = math.nan
    bearing: float = math.nan
    stale: bool = True
    engaged: bool = False
    last_cue_time: float = 0.0
    last_transcript: str = ''
    last_commands: tuple[str, ...] = ()
    baseline: tuple[float, float] = (0.0, 0.0)
    distance_time: float = math.nan
    distance_measured: bool = False
    signals: Signals = NO_SIGNALS
    """Sarcasm, frustration, fleeting expressions, pauses (:mod:`.between_lines`)."""

    @property
    def known(self) -> bool:
        """Whether this estimate may drive behaviour (fresh and a known affect)."""
        return not self.stale and self.affect.is_known


@dataclass
class _Person:
    person_id: str
    face_id: str = ''
    voice_id: str = ''
    first_seen: float = 0.0
    face: Affect = UNKNOWN_AFFECT
    face_time: float = -math.inf
    voice: Affect = UNKNOWN_AFFECT
    voice_time: float = -math.inf
    transcript: str = ''
    commands: tuple[str, ...] = ()
    face_distance: float = math.nan
    bearing: float = math.nan
    seen_pose: Pose2D | None = None
    base_valence: float = 0.0
    base_arousal: float = 0.0
    base_observed: float = 0.0
    base_time: float = math.nan
    signals: PersonSignals = field(default_factory=PersonSignals)

    @property
    def last_cue(self) -> float:
        return max(self.face_time, self.voice_time)


class AffectFusion:
    """
    Keeps every tracked person's newest cues and fuses them on demand.

    Feed it with :meth:`add_faces`, :meth:`add_voice` and optionally :meth:`set_poses`; read
    :meth:`estimate`. Not thread-safe: the node serialises calls.
    """

    def __init__(self, params: FusionParams | None = None) -> None:
        self.params = params or FusionParams.from_values()
        self._people: dict[str, _Person] = {}
        self._by_face: dict[str, str] = {}
        self._by_voice: dict[str, str] = {}
        self._next_id = 1
        self._poses: tuple[PersonPose, ...] = ()
        self._pose_time = -math.inf
        self._inference = True
        self.motion = EgoMotion()

    # -- input ----------------------------------------------------------------------------

    @property
    def inference_enabled(self) -> bool:
        """Whether affect is inferred (False in privacy mode or under the deployment guard)."""
        return self._inference

    def set_inference(self, enabled: bool) -> None:
        """Switch affect inference; switching it off drops every reading and baseline."""
        self._inference = bool(enabled)
        if not enabled:
            for person in self._people.values():
                person.face = person.voice = UNKNOWN_AFFECT
                person.base_valence = person.base_arousal = person.base_observed = 0.0
                person.base_time = math.nan
                person.signals = self._signals()

    def clear(self) -> None:
        """Forget every person (ids are not reused)."""
        self._people.clear()
        self._by_face.clear()
        self._by_voice.clear()

    def _new_person(self, now: float, face_id: str = '', voice_id: str = '') -> _Person:
        person = _Person(f'p{self._next_id}', face_id=face_id, voice_id=voice_id,
                         first_seen=now, signals=self._signals())
        self._next_id += 1
        self._people[person.person_id] = person
        return person

    def add_faces(self, frame: FaceFrame, now: float) -> None:
        """Record the faces of one image received at ``now``."""
        for face in frame.faces:
            person_id = self._by_face.get(face.face_id)
            person = self._people.get(person_id) if person_id else None
            if person is None:
                person = self._new_person(now, face_id=face.face_id)
                self._by_face[face.face_id] = person.person_id
            box = face.box
            person.face_distance = face_distance(box.width, frame.image_width, self.params)
            person.bearing = face_bearing(box.center[0], frame.image_width, self.params)
            person.face_time = now
            person.seen_pose = self.motion.pose_at(now)
            if self._inference:
                person.face = face.affect
                person.signals.flashes.update(face.raw_affect, face.affect, now)

    def add_velocity(self, linear: float, angular: float, now: float) -> None:
        """Record the robot's commanded velocity (m/s, rad/s) from ``now`` on."""
        self.motion.add_velocity(linear, angular, now)

    def add_odometry(self, x: float, y: float, theta: float, now: float,
                     linear: float = 0.0, angular: float = 0.0) -> None:
        """Record the robot's odometry pose (and velocity) at ``now``."""
        self.motion.add_pose(Pose2D(x, y, theta), now, linear, angular)

    def add_voice(self, cue: VoiceCue, now: float) -> str:
        """Record an utterance heard at ``now``; return the id of the person it was given."""
        person = self._speaker(cue.voice_id, now)
        person.voice_time = now
        person.voice_id = cue.voice_id
        person.transcript = cue.transcript
        person.commands = tuple(cue.commands)
        if self._inference:
            self._between_lines(person, cue, now)
        self._by_voice[cue.voice_id] = person.person_id
        return person.person_id

    def _signals(self) -> PersonSignals:
        p = self.params
        return PersonSignals(p.frustration_decay, p.flash_min, p.flash_max)

    def _between_lines(self, person: _Person, cue: VoiceCue, now: float) -> None:
        """Read sarcasm (words against tone and face), frustration and pauses; keep the cue."""
        p = self.params
        face_fresh = now - person.face_time <= p.voice_association_window
        face = person.face if face_fresh and person.face.is_known else None
        signals = person.signals
        signals.sarcasm = with_face(cue.incongruence, face)
        signals.sarcasm_time = now
        person.voice = deflate_sarcasm(cue.affect, signals.sarcasm, p.sarcasm_threshold)
        signals.frustration.utterance(cue.affect, cue.words, cue.transcript, signals.sarcasm,
                                      face, now, p.sarcasm_threshold)
        signals.pauses.utterance(now - cue.duration, now, cue.pause_ratio)

    def _speaker(self, voice_id: str, now: float) -> _Person:
        window = self.params.voice_association_window
        visible = [p for p in self._people.values()
                   if p.face_id and now - p.face_time <= window]
        if visible:
            return min(visible, key=lambda p: self._speaker_rank(p, now))
        known = self._by_voice.get(voice_id)
        person = self._people.get(known) if known else None
        if person is not None and not person.face_id:
            return person
        return self._new_person(now, voice_id=voice_id)

    def _speaker_rank(self, person: _Person, now: float) -> tuple[int, float, float]:
        distance = self._distance(person, now)
        engaged = self._engaged(person, distance, now)
        return (0 if engaged else 1,
                distance if math.isfinite(distance) else math.inf,
                abs(person.bearing) if math.isfinite(person.bearing) else math.inf)

    def set_poses(self, poses: Sequence[PersonPose], now: float) -> None:
        """Record the people another sensor sees now (replaces the previous set)."""
        self._poses = tuple(poses)
        self._pose_time = now

    # -- output ---------------------------------------------------------------------------

    def _distance(self, person: _Person, now: float) -> float:
        return self._geometry(person, now)[0].distance

    def _geometry(self, person: _Person, now: float) -> tuple[Placement, float, bool]:
        """Return where the person is now, when that was measured, and whether measured."""
        p = self.params
        if (self._poses and now - self._pose_time <= p.pose_timeout
                and math.isfinite(person.bearing)):
            limit = math.radians(p.pose_match_bearing_deg)
            best = min(self._poses, key=lambda pose: abs(pose.bearing - person.bearing))
            if abs(best.bearing - person.bearing) <= limit:
                return Placement(best.distance, best.bearing), self._pose_time, True
        seen = Placement(person.face_distance, person.bearing)
        age = now - person.face_time
        if not seen.known or age > p.dead_reckon_horizon:
            return Placement(math.nan, person.bearing), math.nan, False
        then, here = person.seen_pose, self.motion.pose_at(now)
        if then is not None and here is not None:
            moved = then != here
            return relocate(seen, then, here), person.face_time, not moved and age <= (
                p.geometry_fresh)
        if age <= p.geometry_fresh:
            return seen, person.face_time, True
        return Placement(math.nan, person.bearing), math.nan, False

    def _engaged(self, person: _Person, distance: float, now: float) -> bool:
        if now - person.voice_time <= self.params.engaged_voice_window:
            return True
        face_fresh = now - person.face_time <= self.params.stale_after
        return face_fresh and math.isfinite(distance) and distance <= self.params.engaged_distance

    def update(self, now: float) -> None:
        """
        Advance to ``now``: forget people who left and learn each person's baseline.

        The one step that changes what fusion knows of people over time; call it once per
        tick before :meth:`estimate`, which only reads.
        """
        gone = [pid for pid, p in self._people.items() if self._gone(p, now)]
        for pid in gone:
            person = self._people.pop(pid)
            if self._by_face.get(person.face_id) == pid:
                del self._by_face[person.face_id]
            if self._by_voice.get(person.voice_id) == pid:
                del self._by_voice[person.voice_id]
        for person in self._people.values():
            reading = self._reading(person, now)
            if reading is not None:
                self._update_baseline(person, reading.valence, reading.arousal,
                                      reading.confidence, now)

    def estimate(self, now: float) -> tuple[PersonEstimate, ...]:
        """Return every present person's estimate at ``now``, oldest person first (no change)."""
        return tuple(self._estimate(p, now) for p in self._people.values()
                     if not self._gone(p, now))

    def _gone(self, person: _Person, now: float) -> bool:
        return now - max(person.last_cue, person.first_seen) > self.params.forget_after

    def _reading(self, person: _Person, now: float) -> Reading | None:
        """Return the weighted merge of the person's cues now (None when stale or off)."""
        p = self.params
        if now - person.last_cue > p.stale_after or not self._inference:
            return None
        face = weighted(person.face, now - person.face_time, p.face_weight, p.face_decay)
        voice = weighted(person.voice, now - person.voice_time, p.voice_weight, p.voice_decay)
        return merge(face, voice, p.disagreement_penalty)

    def _estimate(self, person: _Person, now: float) -> PersonEstimate:
        p = self.params
        where, measured_at, measured = self._geometry(person, now)
        distance = where.distance
        stale = now - person.last_cue > p.stale_after
        held = now - person.voice_time <= p.utterance_hold
        base = PersonEstimate(
            person_id=person.person_id, face_id=person.face_id, voice_id=person.voice_id,
            face_affect=person.face, voice_affect=person.voice, distance=distance,
            bearing=where.bearing, stale=stale, distance_time=measured_at,
            distance_measured=measured,
            engaged=not stale and self._engaged(person, distance, now),
            last_cue_time=person.last_cue if math.isfinite(person.last_cue) else 0.0,
            last_transcript=person.transcript if held else '',
            last_commands=person.commands if held else (),
            signals=person.signals.snapshot(now) if self._inference else NO_SIGNALS)
        reading = self._reading(person, now)
        if reading is None:
            return base
        scores = reading.scores
        expression = (Expression(max(scores, key=lambda k: scores[k])) if scores
                      else Expression.NEUTRAL)
        ramp = 1.0 if p.baseline_warmup <= 0.0 else min(
            1.0, person.base_observed / p.baseline_warmup)
        off_v = clamp(person.base_valence, -p.baseline_max_offset, p.baseline_max_offset) * ramp
        off_a = clamp(person.base_arousal, -p.baseline_max_offset, p.baseline_max_offset) * ramp
        rel_v = clamp(reading.valence - off_v, -1.0, 1.0)
        rel_a = clamp(reading.arousal - off_a, -1.0, 1.0)
        if (max(abs(off_v), abs(off_a)) >= 0.1 and abs(rel_v) < p.neutral_zone
                and abs(rel_a) < p.neutral_zone):
            expression = Expression.NEUTRAL  # the person's usual look, not an emotion now
        estimate = replace(base, face_weight=reading.face_share,
                           voice_weight=1.0 - reading.face_share, baseline=(off_v, off_a))
        if reading.confidence < p.min_confidence:
            return estimate
        fused = Affect.clamped(expression, rel_v, rel_a, reading.confidence,
                               tuple(sorted(scores.items(), key=lambda kv: -kv[1])))
        return replace(estimate, affect=fused)

    def _update_baseline(
        self, person: _Person, valence: float, arousal: float, confidence: float, now: float,
    ) -> None:
        p = self.params
        last = person.base_time
        person.base_time = now
        calm = (valence >= person.base_valence - p.baseline_calm_zone
                and abs(valence) <= p.baseline_max_offset + p.baseline_calm_zone
                and abs(arousal - person.base_arousal) <= 2.0 * p.baseline_calm_zone)
        if confidence < p.baseline_min_confidence or not math.isfinite(last) or not calm:
            return  # calm readings only (see the module doc)
        dt = min(1.0, max(0.0, now - last))  # a gap in cues does not count as observation
        alpha = 1.0 - math.exp(-dt / p.baseline_time_constant)
        person.base_valence += (valence - person.base_valence) * alpha
        person.base_arousal += (arousal - person.base_arousal) * alpha
        person.base_observed += dt
