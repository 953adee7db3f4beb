# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Scripted affect: what a person shows and says, second by second, as perception cues.

An :class:`AffectScript` is face segments (a face in view with an expression, valence, arousal
and distance) and utterances (words, commands, affect). It generates the cues the perception
nodes would publish — :class:`~..perception.face.reading.FaceFrame` at a camera rate and
:class:`~.fusion.VoiceCue` per utterance — so the same script drives pure tests of the
behaviour tree (:func:`resonance_robot.tree.simulate.simulate`), the ROS tests (published as
FaceAffectArray and VoiceAffect) and dry runs of demo scenarios (:func:`script_from_scenario`
turns a :class:`~.scenario.Scenario` into a script). Face boxes are sized with the pinhole
model of :mod:`.fusion`, so the distance read back is the scripted one.

:data:`DEMO` is the reference script: a person arrives happy, becomes sad, gets angry, asks
the robot to go away and leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
import math

from .scenario import Scenario
from ..affect import Affect, Expression
from ..errors import InvalidInput
from ..fusion.fusion import VoiceCue
from ..fusion.params import FusionParams
from ..perception.face.reading import FaceBox, FaceFrame, FaceReading
from ..perception.voice.incongruence import words_vs_tone


@dataclass(frozen=True)
class FaceSegment:
    """A face in view from ``start`` to ``end`` (seconds) showing one affect."""

    start: float
    end: float
    expression: Expression = Expression.NEUTRAL
    valence: float = 0.0
    arousal: float = 0.0
    confidence: float = 0.8
    distance: float = 2.0
    bearing: float = 0.0
    face_id: str = 'face1'

    def __post_init__(self) -> None:
        """Reject an empty or reversed interval and a non-positive distance."""
        if not self.end > self.start:
            raise InvalidInput(f'segment {self.start}..{self.end}: end must follow start')
        if not self.distance > 0.0:
            raise InvalidInput(f'segment distance must be positive, got {self.distance!r}')

    @property
    def affect(self) -> Affect:
        """Return the affect shown."""
        return Affect.clamped(self.expression, self.valence, self.arousal, self.confidence)


@dataclass(frozen=True)
class Utterance:
    """Something the person says, ending at ``time`` (seconds)."""

    time: float
    transcript: str = ''
    commands: tuple[str, ...] = ()
    expression: Expression = Expression.NEUTRAL
    valence: float = 0.0
    arousal: float = 0.0
    confidence: float = 0.6
    voice_id: str = 'voice0'
    words: float = 0.0
    """Valence of the words alone (0: none known)."""
    prosody: str = ''
    """How it is said: '' (as usual), 'flat' or 'exaggerated' (see scenario voices)."""

    @property
    def cue(self) -> VoiceCue:
        """Return the voice cue the voice pipeline would publish (words against tone too)."""
        z, pitch_range = PROSODY_Z.get(self.prosody, ({}, math.nan))
        incongruence = words_vs_tone(self.words, 0.8 if self.words else 0.0, z,
                                     pitch_range_st=pitch_range, transcript=self.transcript)
        return VoiceCue(self.voice_id, Affect.clamped(
            self.expression, self.valence, self.arousal, self.confidence),
            self.transcript, self.commands, self.words, incongruence)


PROSODY_Z: dict[str, tuple[dict[str, float], float]] = {
    'flat': ({'pitch_range_st': -1.5}, 1.0),
    'exaggerated': ({'pitch_range_st': 1.8, 'speech_rate_sps': -0.8}, math.nan),
}
"""Prosodic z-scores and absolute pitch range (semitones) a scripted delivery stands for."""


@dataclass(frozen=True)
class AffectScript:
    """A scripted person; see the module doc."""

    name: str
    duration: float
    faces: tuple[FaceSegment, ...] = ()
    utterances: tuple[Utterance, ...] = ()
    estop: tuple[tuple[float, float], ...] = ()
    description: str = ''

    def segment_at(self, t: float, face_id: str | None = None) -> FaceSegment | None:
        """Return the face segment in view at ``t`` (of ``face_id`` if given)."""
        for segment in self.faces:
            if segment.start <= t < segment.end and face_id in (None, segment.face_id):
                return segment
        return None

    def estop_at(self, t: float) -> bool:
        """Whether the e-stop is pressed at ``t``."""
        return any(a <= t < b for a, b in self.estop)

    def face_frame(self, t: float, params: FusionParams | None = None,
                   size: tuple[int, int] = (640, 480), approach: float = 0.0) -> FaceFrame:
        """
        Return the faces in view at ``t`` as one camera image would show them.

        ``approach`` metres are subtracted from every scripted distance (how far the robot
        has driven toward the people), so a simulation can close the loop.
        """
        p = params or FusionParams.from_values()
        width, height = size
        faces = []
        for segment in self.faces:
            if not segment.start <= t < segment.end:
                continue
            distance = max(0.3, segment.distance - approach)
            box_w = p.focal_scale * width * p.face_width / distance
            focal = p.focal_scale * width
            center = width / 2.0 - focal * math.tan(segment.bearing)
            box = FaceBox(center - box_w / 2.0, height / 2.0 - box_w / 2.0, box_w, box_w, 1.0)
            faces.append(FaceReading(segment.face_id, box, segment.affect, segment.affect))
        return FaceFrame(width, height, tuple(faces))

    def utterances_between(self, t0: float, t1: float) -> Iterator[Utterance]:
        """Yield the utterances ending in [t0, t1)."""
        for utterance in self.utterances:
            if t0 <= utterance.time < t1:
                yield utterance


DEMO = AffectScript(
    name='demo',
    duration=60.0,
    description='arrives happy, becomes sad, gets angry, asks the robot to go away, leaves',
    faces=(
        FaceSegment(0.0, 20.0, Expression.HAPPY, 0.7, 0.4, 0.85, distance=2.2),
        FaceSegment(20.0, 38.0, Expression.SAD, -0.6, -0.3, 0.8, distance=2.2),
        FaceSegment(38.0, 50.0, Expression.ANGRY, -0.7, 0.7, 0.8, distance=2.2),
    ),
    utterances=(
        Utterance(5.0, 'hi robot I had a great day', (), Expression.HAPPY, 0.6, 0.3),
        Utterance(24.0, 'I feel really down today', (), Expression.SAD, -0.6, -0.3),
        Utterance(46.0, 'just go away', ('go_away',), Expression.ANGRY, -0.6, 0.7),
    ),
)
"""Reference scenario; with the default parameters the robot greets (and discloses), shares
joy, approaches and comforts, gives space, withdraws when told to go away, and idles."""

SCRIPTS: dict[str, AffectScript] = {DEMO.name: DEMO}
"""Built-in scripts by name."""

SHOWN_AFFECT: dict[Expression, tuple[float, float]] = {
    Expression.NEUTRAL: (0.0, 0.0), Expression.HAPPY: (0.7, 0.4),
    Expression.SAD: (-0.6, -0.3), Expression.ANGRY: (-0.7, 0.7),
    Expression.SURPRISED: (0.2, 0.8), Expression.DISGUSTED: (-0.6, 0.3),
    Expression.SCARED: (-0.6, 0.6), Expression.EXCITED: (0.7, 0.8),
    Expression.TIRED: (-0.2, -0.7), Expression.CONFUSED: (-0.2, 0.2),
}
"""Typical (valence, arousal) of an expression, as a well-working perception reads it."""


def script_from_scenario(
    scenario: Scenario, *, distance: float = 1.8,
    find_commands: Callable[[str], Iterable[str]] | None = None,
    words: Callable[[str], float] | None = None,
) -> AffectScript:
    """
    Return the script a demo scenario amounts to, for a dry run without camera or voice.

    A step with a camera source shows a face with the step's ``shows`` expression at its
    typical valence and arousal (:data:`SHOWN_AFFECT`; unknown reads as neutral) at
    ``distance`` metres; its ``say`` becomes an utterance that ends after the words take at
    the step's speaking rate, with the commands ``find_commands`` spots in it, the valence
    ``words`` reads in it and the voice's prosody (flat or exaggerated: sarcasm cues).
    """
    faces = []
    utterances = []
    camera: str | None = ''
    for index, step in enumerate(scenario.steps):
        end = scenario.end_of(index)
        camera = step.camera if step.camera is not None else camera
        shows = step.shows if step.shows is not Expression.UNKNOWN else Expression.NEUTRAL
        valence, arousal = SHOWN_AFFECT.get(shows, (0.0, 0.0))
        if camera:
            faces.append(FaceSegment(step.at, end, shows, valence, arousal, 0.8, distance))
        if step.say:
            said = 60.0 * len(step.say.split()) / float(step.voice.rate)
            commands = tuple(str(getattr(c, 'value', c)) for c in (
                find_commands(step.say) if find_commands is not None else ()))
            utterances.append(Utterance(
                min(step.at + step.say_after + said, end - 0.01), step.say, commands, shows,
                valence, arousal, 0.6, words=words(step.say) if words is not None else 0.0,
                prosody=step.voice.prosody))
    return AffectScript(scenario.name, scenario.duration, tuple(faces), tuple(utterances),
                        description=f'from scenario {scenario.source}')
