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
* **Baselines.** Some people always smile. Each person's raw valence and arousal are tracked
  by a slow exponential average (``baseline_time_constant``) of confident readings; the
  offset, capped at ``baseline_max_offset`` and ramped in over ``baseline_warmup`` seconds of
  observation, is subtracted. A reading that the baseline fully explains (both values within
  ``neutral_zone`` after correction) is reported as ``neutral``. Baselines live only as long
  as the person is tracked; nothing is written anywhere.
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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
import math

from .geometry import EgoMotion, Placement, Pose2D, relocate
from ..affect import Affect, clamp, Expression, UNKNOWN_AFFECT
from ..errors import InvalidInput
from ..params import ParamSpec, ParamValue, resolve

FUSION_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec('face_weight', 1.0, 'Weight of the face cue in fusion (times its confidence).',
              minimum=0.0, maximum=10.0),
    ParamSpec('voice_weight', 0.7, 'Weight of the voice cue in fusion (times its confidence).',
              minimum=0.0, maximum=10.0),
    ParamSpec('face_decay', 1.0, 'Seconds for a face reading to lose 63 % of its weight.',
              minimum=0.05, maximum=60.0),
    ParamSpec('voice_decay', 4.0, 'Seconds for an utterance reading to lose 63 % of its '
              'weight.', minimum=0.05, maximum=120.0),
    ParamSpec('disagreement_penalty', 0.5, 'Confidence lost when face and voice valence are '
              'opposite (scaled by their distance).', minimum=0.0, maximum=1.0),
    ParamSpec('stale_after', 2.0, 'Seconds without a cue after which a person is stale '
              '(affect unknown, no action).', minimum=0.1, maximum=60.0),
    ParamSpec('forget_after', 10.0, 'Seconds without a cue after which a person has left.',
              minimum=0.5, maximum=3600.0),
    ParamSpec('min_confidence', 0.15, 'Fused confidence below this is reported as unknown.',
              minimum=0.0, maximum=1.0),
    ParamSpec('baseline_time_constant', 120.0, 'Seconds of the per-person baseline average.',
              minimum=1.0, maximum=86400.0),
    ParamSpec('baseline_max_offset', 0.3, 'Largest baseline correction of valence or arousal.',
              minimum=0.0, maximum=1.0),
    ParamSpec('baseline_warmup', 20.0, 'Seconds of observation before the baseline applies '
              'fully (it ramps in linearly).', minimum=0.0, maximum=3600.0),
    ParamSpec('baseline_min_confidence', 0.4, 'Only readings at least this confident update '
              'the baseline.', minimum=0.0, maximum=1.0),
    ParamSpec('neutral_zone', 0.15, 'A corrected reading within this of (0, 0) that the '
              'baseline explains is reported as neutral.', minimum=0.0, maximum=1.0),
    ParamSpec('camera_hfov_deg', 60.0, 'Horizontal field of view of the camera, degrees '
              '(pinhole distance and bearing).', minimum=10.0, maximum=179.0),
    ParamSpec('face_width', 0.15, 'Nominal width of a face bounding box, metres (pinhole '
              'distance).', minimum=0.05, maximum=0.5),
    ParamSpec('engaged_distance', 2.5, 'A visible person this close (metres) is engaged.',
              minimum=0.0, maximum=20.0),
    ParamSpec('engaged_voice_window', 5.0, 'A person who spoke this many seconds ago is '
              'engaged.', minimum=0.0, maximum=120.0),
    ParamSpec('voice_association_window', 1.0, 'Faces seen within this many seconds can own '
              'an utterance.', minimum=0.05, maximum=30.0),
    ParamSpec('utterance_hold', 3.0, 'Seconds a transcript and its commands stay on the '
              'person (consumers see them appear once).', minimum=0.1, maximum=60.0),
    ParamSpec('geometry_fresh', 0.2, 'A face or pose sighting this recent (seconds) is '
              'reported as measured.', minimum=0.0, maximum=5.0),
    ParamSpec('dead_reckon_horizon', 0.5, "Older sightings are moved by the robot's own "
              'motion since, up to this age (seconds); then the distance is unknown.',
              minimum=0.0, maximum=10.0),
    ParamSpec('pose_timeout', 0.5, 'Person poses older than this (seconds) are ignored.',
              minimum=0.01, maximum=10.0),
    ParamSpec('pose_match_bearing_deg', 10.0, 'Largest bearing difference between a face and '
              'a person pose that are the same person, degrees.', minimum=0.5, maximum=90.0),
)
"""Parameters of :class:`AffectFusion`, with defaults, ranges and descriptions."""

_ALIASES = {'disgust': 'disgusted', 'fear': 'scared', 'surprise': 'surprised',
            'happiness': 'happy', 'sadness': 'sad', 'anger': 'angry', 'contempt': 'disgusted'}


@dataclass(frozen=True)
class FusionParams:
    """Validated fusion parameters; build with :meth:`from_values` (see FUSION_PARAMS)."""

    face_weight: float
    voice_weight: float
    face_decay: float
    voice_decay: float
    disagreement_penalty: float
    stale_after: float
    forget_after: float
    min_confidence: float
    baseline_time_constant: float
    baseline_max_offset: float
    baseline_warmup: float
    baseline_min_confidence: float
    neutral_zone: float
    camera_hfov_deg: float
    face_width: float
    engaged_distance: float
    engaged_voice_window: float
    voice_association_window: float
    utterance_hold: float
    geometry_fresh: float
    dead_reckon_horizon: float
    pose_timeout: float
    pose_match_bearing_deg: float

    def __post_init__(self) -> None:
        """Check the relations between parameters."""
        if self.forget_after < self.stale_after:
            raise InvalidInput(
                f'forget_after ({self.forget_after:g} s) must not be shorter than '
                f'stale_after ({self.stale_after:g} s)')

    @classmethod
    def from_values(cls, values: Mapping[str, object] | None = None) -> FusionParams:
        """Return parameters from ``values`` over the defaults; ConfigError names a bad one."""
        resolved: dict[str, ParamValue] = resolve(FUSION_PARAMS, dict(values or {}))
        return cls(**{k: float(v) for k, v in resolved.items()})  # type: ignore[arg-type]

    @property
    def focal_scale(self) -> float:
        """``focal_px / image_width`` of the pinhole camera: ``0.5 / tan(hfov / 2)``."""
        return 0.5 / math.tan(math.radians(self.camera_hfov_deg) / 2.0)


@dataclass(frozen=True)
class FaceCue:
    """One face in one image: track id, box in pixels (x, y, width, height) and affect."""

    face_id: str
    box: tuple[float, float, float, float]
    affect: Affect
    detection_confidence: float = 1.0

    def __post_init__(self) -> None:
        """Reject an empty id or a box that is not a finite, positive-size rectangle."""
        if not self.face_id:
            raise InvalidInput('a face needs a face_id')
        if not all(math.isfinite(v) for v in self.box) or self.box[2] <= 0 or self.box[3] <= 0:
            raise InvalidInput(f'face {self.face_id}: bad box {self.box!r}')


@dataclass(frozen=True)
class FaceFrame:
    """All faces read in one camera image of ``image_width`` × ``image_height`` pixels."""

    image_width: int
    image_height: int
    faces: tuple[FaceCue, ...] = ()

    def __post_init__(self) -> None:
        """Reject a frame without a size when it has faces (distance needs it)."""
        if self.faces and (self.image_width <= 0 or self.image_height <= 0):
            raise InvalidInput(
                f'faces in an image of size {self.image_width}x{self.image_height}')
        ids = [f.face_id for f in self.faces]
        if len(set(ids)) != len(ids):
            raise InvalidInput(f'duplicate face ids in one image: {sorted(ids)}')


@dataclass(frozen=True)
class VoiceCue:
    """One utterance: who spoke (voice id), the affect read from it, words and commands."""

    voice_id: str
    affect: Affect
    transcript: str = ''
    commands: tuple[str, ...] = ()

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

    @property
    def last_cue(self) -> float:
        return max(self.face_time, self.voice_time)


@dataclass(frozen=True)
class _Cue:
    affect: Affect
    effective: float  # confidence after time decay
    weight: float     # cue weight times effective confidence


def _weighted(affect: Affect, age: float, weight: float, decay: float) -> _Cue | None:
    if not affect.is_known or weight <= 0.0 or not math.isfinite(age):
        return None
    effective = affect.confidence * math.exp(-max(0.0, age) / decay)
    return _Cue(affect, effective, weight * effective)


def face_distance(box_width: float, image_width: int, params: FusionParams) -> float:
    """Distance in metres of a face ``box_width`` pixels wide (pinhole model)."""
    if box_width <= 0.0 or image_width <= 0:
        return math.nan
    return params.focal_scale * image_width * params.face_width / box_width


def face_bearing(center_x: float, image_width: int, params: FusionParams) -> float:
    """Bearing in radians (+ is left of the camera axis, REP-103) of image column center_x."""
    if image_width <= 0:
        return math.nan
    focal = params.focal_scale * image_width
    return -math.atan((center_x - image_width / 2.0) / focal)


def expression_scores(affect: Affect) -> dict[str, float]:
    """Class scores of a reading in our vocabulary (one-hot when it has no classifier)."""
    scores: dict[str, float] = {}
    for label, prob in affect.class_probabilities:
        name = _ALIASES.get(label.strip().lower(), label.strip().lower())
        try:
            expression = Expression(name)
        except ValueError:
            continue  # a class we have no name for: it carries no vote
        if expression is not Expression.UNKNOWN:
            scores[expression.value] = scores.get(expression.value, 0.0) + prob
    if not scores and affect.expression is not Expression.UNKNOWN:
        scores[affect.expression.value] = 1.0
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0.0 else {}


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

    def clear(self) -> None:
        """Forget every person (ids are not reused)."""
        self._people.clear()
        self._by_face.clear()
        self._by_voice.clear()

    def _new_person(self, now: float, face_id: str = '', voice_id: str = '') -> _Person:
        person = _Person(f'p{self._next_id}', face_id=face_id, voice_id=voice_id,
                         first_seen=now)
        self._next_id += 1
        self._people[person.person_id] = person
        return person

    def add_faces(self, frame: FaceFrame, now: float) -> None:
        """Record the faces of one image received at ``now``."""
        for cue in frame.faces:
            person_id = self._by_face.get(cue.face_id)
            person = self._people.get(person_id) if person_id else None
            if person is None:
                person = self._new_person(now, face_id=cue.face_id)
                self._by_face[cue.face_id] = person.person_id
            x, _, width, _ = cue.box
            person.face_distance = face_distance(width, frame.image_width, self.params)
            person.bearing = face_bearing(x + width / 2.0, frame.image_width, self.params)
            person.face_time = now
            person.seen_pose = self.motion.pose_at(now)
            if self._inference:
                person.face = cue.affect

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
            person.voice = cue.affect
        self._by_voice[cue.voice_id] = person.person_id
        return person.person_id

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

    def estimate(self, now: float) -> tuple[PersonEstimate, ...]:
        """Return every present person's estimate at ``now``, oldest person first."""
        gone = [pid for pid, p in self._people.items()
                if now - max(p.last_cue, p.first_seen) > self.params.forget_after]
        for pid in gone:
            person = self._people.pop(pid)
            if self._by_face.get(person.face_id) == pid:
                del self._by_face[person.face_id]
            if self._by_voice.get(person.voice_id) == pid:
                del self._by_voice[person.voice_id]
        return tuple(self._estimate(p, now) for p in self._people.values())

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
            last_commands=person.commands if held else ())
        if stale or not self._inference:
            return base
        face = _weighted(person.face, now - person.face_time, p.face_weight, p.face_decay)
        voice = _weighted(person.voice, now - person.voice_time, p.voice_weight, p.voice_decay)
        cues = [cue for cue in (face, voice) if cue is not None]
        total = sum(cue.weight for cue in cues)
        if total <= 0.0:
            return base
        valence = sum(c.affect.valence * c.weight for c in cues) / total
        arousal = sum(c.affect.arousal * c.weight for c in cues) / total
        confidence = 1.0 - math.prod(1.0 - c.effective for c in cues)
        if face is not None and voice is not None:
            gap = abs(face.affect.valence - voice.affect.valence) / 2.0
            confidence *= 1.0 - p.disagreement_penalty * gap
        scores: dict[str, float] = {}
        for cue in cues:
            for name, score in expression_scores(cue.affect).items():
                scores[name] = scores.get(name, 0.0) + score * cue.weight / total
        expression = (Expression(max(scores, key=lambda k: scores[k])) if scores
                      else Expression.NEUTRAL)
        self._update_baseline(person, valence, arousal, confidence, now)
        ramp = 1.0 if p.baseline_warmup <= 0.0 else min(
            1.0, person.base_observed / p.baseline_warmup)
        off_v = clamp(person.base_valence, -p.baseline_max_offset, p.baseline_max_offset) * ramp
        off_a = clamp(person.base_arousal, -p.baseline_max_offset, p.baseline_max_offset) * ramp
        rel_v = clamp(valence - off_v, -1.0, 1.0)
        rel_a = clamp(arousal - off_a, -1.0, 1.0)
        if (max(abs(off_v), abs(off_a)) >= 0.1 and abs(rel_v) < p.neutral_zone
                and abs(rel_a) < p.neutral_zone):
            expression = Expression.NEUTRAL  # the person's usual look, not an emotion now
        face_share = face.weight / total if face is not None else 0.0
        estimate = replace(base, face_weight=face_share, voice_weight=1.0 - face_share,
                           baseline=(off_v, off_a))
        if confidence < p.min_confidence:
            return estimate
        fused = Affect.clamped(expression, rel_v, rel_a, confidence,
                               tuple(sorted(scores.items(), key=lambda kv: -kv[1])))
        return replace(estimate, affect=fused)

    def _update_baseline(
        self, person: _Person, valence: float, arousal: float, confidence: float, now: float,
    ) -> None:
        p = self.params
        last = person.base_time
        person.base_time = now
        if confidence < p.baseline_min_confidence or not math.isfinite(last):
            return
        dt = min(1.0, max(0.0, now - last))  # a gap in cues does not count as observation
        alpha = 1.0 - math.exp(-dt / p.baseline_time_constant)
        person.base_valence += (valence - person.base_valence) * alpha
        person.base_arousal += (arousal - person.base_arousal) * alpha
        person.base_observed += dt


def fuse_once(
    faces: Iterable[FaceFrame], voices: Iterable[VoiceCue], now: float,
    params: FusionParams | None = None,
) -> tuple[PersonEstimate, ...]:
    """Fuse cues that all arrived at ``now`` (a convenience for tools and tests)."""
    fusion = AffectFusion(params)
    for frame in faces:
        fusion.add_faces(frame, now)
    for cue in voices:
        fusion.add_voice(cue, now)
    return fusion.estimate(now)
