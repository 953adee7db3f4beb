# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
How one person's cues merge: decay by age, weights, class scores, disagreement.

The newest face reading and the newest utterance of a person are merged with weight
``cue_weight × confidence × exp(-age / decay)``; fused confidence is
``1 - Π(1 - confidence × decay)``, lowered when the cues disagree in valence; the class
scores are the cues' weighted scores in our vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from ..affect import Affect, Expression

_ALIASES = {'disgust': 'disgusted', 'fear': 'scared', 'surprise': 'surprised',
            'happiness': 'happy', 'sadness': 'sad', 'anger': 'angry', 'contempt': 'disgusted'}


@dataclass(frozen=True)
class WeightedCue:
    """One cue with its confidence decayed by age, and its weight in the merge."""

    affect: Affect
    effective: float  # confidence after time decay
    weight: float     # cue weight times effective confidence


@dataclass(frozen=True)
class Reading:
    """A person's cues merged at one moment, before the baseline is taken off."""

    valence: float
    arousal: float
    confidence: float
    scores: dict[str, float]
    face_share: float


def weighted(affect: Affect, age: float, weight: float, decay: float) -> WeightedCue | None:
    """Return ``affect`` as a cue ``age`` seconds old (None when unknown or weightless)."""
    if not affect.is_known or weight <= 0.0 or not math.isfinite(age):
        return None
    effective = affect.confidence * math.exp(-max(0.0, age) / decay)
    return WeightedCue(affect, effective, weight * effective)


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


def merge(face: WeightedCue | None, voice: WeightedCue | None,
          disagreement_penalty: float) -> Reading | None:
    """Return the merged reading of a face and a voice cue (None when neither weighs)."""
    cues = [cue for cue in (face, voice) if cue is not None]
    total = sum(cue.weight for cue in cues)
    if total <= 0.0:
        return None
    confidence = 1.0 - math.prod(1.0 - c.effective for c in cues)
    if face is not None and voice is not None:
        gap = abs(face.affect.valence - voice.affect.valence) / 2.0
        confidence *= 1.0 - disagreement_penalty * gap
    scores: dict[str, float] = {}
    for cue in cues:
        for name, score in expression_scores(cue.affect).items():
            scores[name] = scores.get(name, 0.0) + score * cue.weight / total
    return Reading(
        valence=sum(c.affect.valence * c.weight for c in cues) / total,
        arousal=sum(c.affect.arousal * c.weight for c in cues) / total,
        confidence=confidence, scores=scores,
        face_share=face.weight / total if face is not None else 0.0)
