# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Words against tone: sarcasm and incongruence in one utterance, with a probability and cues.

Spoken sarcasm is marked by prosody that contradicts the words: flat or lowered pitch, a
slower or exaggerated delivery, more intensity on the praising word (Tepperman et al. 2006,
"yeah right"; Rakov & Rosenberg 2013), and by a face that does not match. This module is the
rule the design notes call a sound start: it compares the valence of the *words* with what
the voice says, cue by cue, and turns the cues into a probability with a logistic score::

    score = BIAS + sum(weight of each cue present)        p = 1 / (1 + exp(-score))

Cues, only when the words are clearly positive (``words >= POSITIVE_WORDS``):

* ``flat`` - a pitch range well below this speaker's usual (z <= -0.8) or under 2.5
  semitones absolute (monotone; 10th..90th percentile of voiced frames);
* ``exaggerated`` - a pitch range far above usual (z >= 1.5) said slowly (rate z <= -0.5);
* ``loud`` - louder than usual (z >= 1.0) without the lively pitch that joy brings;
* ``marker`` - a phrase that is mostly said sarcastically ("oh great", "yeah right",
  "just perfect", "thanks a lot" ...).

The face is added by fusion (:func:`with_face`), which knows who is looking: an annoyed face
(angry, disgusted, or another face with valence <= -0.2) under positive words is the strongest
cue; a happy face speaks against sarcasm. A sad or scared face is no cue either way: kind words
from someone in tears are masking or politeness, not mockery (sarcasm's face is contempt and
annoyance), and the robot should comfort, not challenge them. The reverse incongruence -
negative words said brightly (a wide, high pitch) - is reported with ``kind='reverse'``; it
lowers trust in the words but is not sarcasm. With one flat cue and no face, p = 0.55; with a
face that disagrees, > 0.9.

Limits: the weights are set by hand from the literature, not fitted (no labelled sarcastic
speech is available here); prosodic z-scores need a few utterances of the speaker to mean
much (the absolute monotone test works from the first); text valence comes from the words
the recogniser heard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math
import re

from .prosody import Prosody
from .text_affect import TextAffect
from ...affect import Affect, Expression

POSITIVE_WORDS = 0.3
"""Text valence at or above which words count as praise."""

NEGATIVE_WORDS = -0.3
"""Text valence at or below which words count as a complaint."""

BIAS = -2.0
"""Logistic bias: no cue at all is p = 0.12 for positive words."""

WEIGHTS: dict[str, float] = {
    'flat': 2.2, 'exaggerated': 1.6, 'loud': 1.0, 'marker': 1.4,
    'face_negative': 2.2, 'face_neutral': 0.4, 'face_positive': -2.5,
    'bright': 1.8,
}
"""Weight of each cue in the logistic score (see the module doc)."""

FLAT_SEMITONES = 2.5
"""A pitch range (10th..90th percentile) below this many semitones is monotone."""

_MARKERS = re.compile(
    r'\b(oh,? (great|perfect|wonderful|lovely|brilliant|fantastic|sure)|yeah,? right|'
    r'just (great|perfect|wonderful|brilliant|fantastic)|thanks a lot|thanks for nothing|'
    r'big deal|so helpful|how (lovely|nice|wonderful)|great,? just great)\b',
    re.IGNORECASE)

SARCASM = 'sarcasm'
REVERSE = 'reverse'
NONE = ''


@dataclass(frozen=True)
class Incongruence:
    """
    How likely the words are not meant as said, and why.

    ``kind`` is ``'sarcasm'`` (positive words, negative delivery), ``'reverse'`` (negative
    words said brightly) or ``''``; ``probability`` in [0, 1]; ``evidence`` the cues as
    ``key=value`` strings; ``words`` the text valence the comparison started from.
    """

    kind: str = NONE
    probability: float = 0.0
    evidence: tuple[str, ...] = ()
    words: float = 0.0

    def __post_init__(self) -> None:
        """Check the probability and the kind."""
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError(f'probability must be in [0, 1], got {self.probability!r}')
        if self.kind not in (SARCASM, REVERSE, NONE):
            raise ValueError(f'unknown incongruence kind {self.kind!r}')

    @property
    def score(self) -> float:
        """Return the logistic score behind the probability (for adding cues)."""
        p = min(1.0 - 1e-6, max(1e-6, self.probability))
        return math.log(p / (1.0 - p))


NO_INCONGRUENCE = Incongruence()


def _logistic(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score))


def sarcasm_marker(transcript: str) -> str | None:
    """Return the mostly-sarcastic phrase in ``transcript`` (lower case), or None."""
    match = _MARKERS.search(transcript)
    return match.group(0).lower() if match else None


def words_vs_tone(
    words: float, strength: float, z: Mapping[str, float], *, pitch_range_st: float = math.nan,
    voiced: bool = True, transcript: str = '',
) -> Incongruence:
    """
    Compare the words' valence with the prosody of the same utterance (see the module doc).

    ``words`` is the text valence, ``strength`` how much affective evidence the words hold,
    ``z`` the prosodic z-scores against the speaker's baseline (``pitch_range_st``,
    ``loudness_dbfs``, ``speech_rate_sps``), ``pitch_range_st`` the absolute range.
    """
    if strength <= 0.0 or not math.isfinite(words):
        return NO_INCONGRUENCE
    rng = z.get('pitch_range_st', 0.0)
    loud = z.get('loudness_dbfs', 0.0)
    rate = z.get('speech_rate_sps', 0.0)
    cues: list[tuple[str, str]] = [('words', f'{words:+.2f}')]
    if words >= POSITIVE_WORDS:
        monotone = voiced and math.isfinite(pitch_range_st) and 0.0 < pitch_range_st < (
            FLAT_SEMITONES)
        if voiced and (rng <= -0.8 or monotone):
            cues.append(('flat', f'pitch_range_z={rng:+.2f}' + (
                f',range_st={pitch_range_st:.1f}' if math.isfinite(pitch_range_st) else '')))
        elif rng >= 1.5 and rate <= -0.5:
            cues.append(('exaggerated', f'pitch_range_z={rng:+.2f},rate_z={rate:+.2f}'))
        if loud >= 1.0 and rng < 0.5:
            cues.append(('loud', f'loudness_z={loud:+.2f}'))
        marker = sarcasm_marker(transcript)
        if marker:
            cues.append(('marker', marker))
        kind = SARCASM
    elif words <= NEGATIVE_WORDS:
        if voiced and rng >= 1.0 and z.get('pitch_st', 0.0) >= 0.5:
            cues.append(('bright', f'pitch_range_z={rng:+.2f}'))
        kind = REVERSE
    else:
        return NO_INCONGRUENCE
    return _result(kind, words, cues)


def _result(kind: str, words: float, cues: list[tuple[str, str]]) -> Incongruence:
    score = BIAS + sum(WEIGHTS.get(name, 0.0) for name, _ in cues)
    probability = _logistic(score)
    return Incongruence(kind, round(probability, 4),
                        tuple(f'{name}={value}' for name, value in cues), words)


_NEGATIVE_FACES = frozenset({Expression.ANGRY, Expression.DISGUSTED})
_DISTRESSED_FACES = frozenset({Expression.SAD, Expression.SCARED})
_POSITIVE_FACES = frozenset({Expression.HAPPY, Expression.EXCITED})


def with_face(voice: Incongruence, face: Affect | None) -> Incongruence:
    """
    Add what the face said while the words were spoken (``None``: no face in view).

    An annoyed face under praise is the strongest sarcasm cue; a neutral one a weak one; a
    happy face speaks against it; a sad or scared one is no cue (see the module doc). For the
    reverse (a complaint) a happy face adds to it.
    """
    if voice.kind == NONE or face is None or not face.is_known:
        return voice
    if face.expression in _DISTRESSED_FACES:
        return voice
    expr = face.expression
    cue = ''
    if voice.kind == SARCASM:
        if expr in _NEGATIVE_FACES or face.valence <= -0.2:
            cue = 'face_negative'
        elif expr in _POSITIVE_FACES or face.valence >= 0.3:
            cue = 'face_positive'
        elif expr is Expression.NEUTRAL:
            cue = 'face_neutral'
    elif expr in _POSITIVE_FACES:
        cue = 'bright'
    if not cue:
        return voice
    weight = WEIGHTS[cue] * min(1.0, face.confidence / 0.6)
    probability = _logistic(voice.score + weight)
    return Incongruence(voice.kind, round(probability, 4),
                        voice.evidence + (f'{cue}={expr.value}',), voice.words)


def incongruence_of(text: TextAffect, z: Mapping[str, float], prosody: Prosody,
                    transcript: str) -> Incongruence:
    """Return :func:`words_vs_tone` for one analysed utterance (text affect and prosody)."""
    return words_vs_tone(text.valence, text.strength, z, pitch_range_st=prosody.pitch_range_st,
                         voiced=prosody.voiced, transcript=transcript)
