# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
One utterance's affect from its prosody (against the speaker's baseline) and its words.

*Arousal* mostly from prosody: louder, higher, faster, less pausing speech than this
speaker's usual is more activated (Banse & Scherer 1996; Juslin & Laukka 2003 review the
cues: intensity, F0 level and speech rate rise with arousal for every emotion family).
The z-scores are weighted, summed and squashed with tanh; activating or calming words
(:data:`~.phrases.WORD_AROUSAL`) add a small part.

*Valence* mostly from the words (:mod:`~.text_affect`), because
prosody separates valence poorly (the same loud, fast voice is joy or anger). A wide pitch
range leans positive and a flat one negative (a weak cue, weighted low); when no affective
word was heard, that is all there is, and the confidence says so.

The *expression* is read off the circumplex (Russell 1980): the quadrant, or the neutral
centre, of (valence, arousal), in the ROS4HRI vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math

from .commands import Command
from .incongruence import Incongruence, NO_INCONGRUENCE
from .prosody import Prosody
from .text_affect import TextAffect
from ...affect import Affect, Expression

AROUSAL_WEIGHTS = {
    'loudness_dbfs': 0.40,
    'pitch_st': 0.30,
    'speech_rate_sps': 0.20,
    'pitch_range_st': 0.10,
    'pause_ratio': -0.10,
}
"""Weights of the prosodic z-scores in arousal (signs: more pausing is calmer)."""

AROUSAL_GAIN = 0.7
"""tanh gain: a weighted z-sum of +1 (one spread above baseline on every cue) is +0.6."""

WORD_AROUSAL_SHARE = 0.2
"""Share of arousal taken from activating/calming words when there are any."""

PROSODY_VALENCE_LIMIT = 0.3
"""Largest valence that prosody alone (pitch range) may claim."""


@dataclass(frozen=True)
class VoiceReading:
    """
    What the voice cue says about one utterance: the content of a VoiceAffect message.

    ``start`` and ``end`` are seconds in the audio's clock (the chunk timestamps).
    """

    voice_id: str
    start: float
    end: float
    prosody: Prosody
    transcript: str
    commands: tuple[Command, ...]
    affect: Affect
    incongruence: Incongruence = NO_INCONGRUENCE
    """Words against tone in this utterance (sarcasm; :mod:`.incongruence`)."""

    def __post_init__(self) -> None:
        """Check the interval and the command types."""
        if not (math.isfinite(self.start) and math.isfinite(self.end)
                and self.end >= self.start):
            raise ValueError(f'utterance must end after it starts, got {self.start}..{self.end}')
        if not all(isinstance(c, Command) for c in self.commands):
            raise ValueError(f'commands must be Command values, got {self.commands!r}')


@dataclass(frozen=True)
class AffectEvidence:
    """The parts an estimate was built from (for explanations and tuning)."""

    prosody_arousal: float
    prosody_valence: float
    text_valence: float
    text_arousal: float
    text_strength: float
    prosody_quality: float


def expression_of(valence: float, arousal: float) -> Expression:
    """
    Name the circumplex region of (valence, arousal).

    Neutral near the centre; pleasant: happy, or excited when very activated; unpleasant:
    angry when activated, sad when not; neither pleasant nor unpleasant: surprised when
    very activated, tired when very calm.
    """
    if valence >= 0.2:
        return Expression.EXCITED if arousal >= 0.5 else Expression.HAPPY
    if valence <= -0.2:
        return Expression.ANGRY if arousal >= 0.1 else Expression.SAD
    if arousal >= 0.55:
        return Expression.SURPRISED
    if arousal <= -0.55:
        return Expression.TIRED
    return Expression.NEUTRAL


def prosodic_arousal(z: Mapping[str, float]) -> float:
    """Arousal in [-1, 1] from prosodic z-scores (missing features count as 0)."""
    total = sum(w * max(-4.0, min(4.0, z.get(k, 0.0))) for k, w in AROUSAL_WEIGHTS.items())
    return math.tanh(AROUSAL_GAIN * total)


def prosodic_valence(z: Mapping[str, float]) -> float:
    """Return the weak valence cue of pitch range (lively positive, flat negative)."""
    return PROSODY_VALENCE_LIMIT * math.tanh(0.5 * z.get('pitch_range_st', 0.0))


def estimate_affect(
    prosody: Prosody,
    z: Mapping[str, float],
    text: TextAffect,
    *,
    baseline_utterances: int = 0,
    clipped_fraction: float = 0.0,
) -> tuple[Affect, AffectEvidence]:
    """
    Combine prosody z-scores and text affect into one Affect with a confidence.

    Confidence grows with voiced speech (0.8 s is enough), the baseline's experience of
    this speaker (five utterances), and the strength of the affective words; clipping
    lowers it (loudness and pitch are then unreliable).
    """
    a_pros = prosodic_arousal(z)
    v_pros = prosodic_valence(z)
    has_arousal_words = text.arousal != 0.0
    arousal = ((1.0 - WORD_AROUSAL_SHARE) * a_pros + WORD_AROUSAL_SHARE * text.arousal
               if has_arousal_words else a_pros)
    w_text = 0.9 * text.strength
    w_pros = 0.25
    valence = (w_text * text.valence + w_pros * v_pros) / (w_text + w_pros)

    quality = min(1.0, prosody.voiced_s / 0.8)
    if clipped_fraction > 0.01:
        quality *= 0.6
    maturity = 0.6 + 0.4 * min(1.0, baseline_utterances / 5.0)
    confidence = 0.15 + 0.4 * quality * maturity + 0.4 * text.strength
    if prosody.voiced_s <= 0.0 and text.strength <= 0.0:
        confidence = 0.0
    valence = max(-1.0, min(1.0, valence))
    arousal = max(-1.0, min(1.0, arousal))
    affect = Affect.clamped(expression_of(valence, arousal), valence, arousal,
                            min(0.95, confidence))
    if affect.confidence <= 0.0:
        affect = Affect(Expression.UNKNOWN, 0.0, 0.0, 0.0)
    evidence = AffectEvidence(a_pros, v_pros, text.valence, text.arousal, text.strength,
                              quality)
    return affect, evidence
