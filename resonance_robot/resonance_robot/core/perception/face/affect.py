# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
From the seven FER class probabilities to an :class:`~resonance_robot.core.affect.Affect`.

**Expression.** The most probable class, renamed to the ROS4HRI vocabulary (REP-155,
``hri_msgs/Expression``): angry → ``angry``, disgust → ``disgusted``, fear → ``scared``,
happy → ``happy``, sad → ``sad``, surprise → ``surprised``, neutral → ``neutral``.

**Valence and arousal.** Each class is a point of the valence-arousal plane
(:data:`CLASS_COORDINATES`); a face's valence and arousal are the probability-weighted mean
of those points, i.e. the expected position under the classifier's belief. An uncertain reading
is drawn towards the middle instead of jumping between corners, and a blend (say happy and
surprised) lands between its parts.

The placements follow the circumplex model of affect (Russell 1980; Posner, Russell and
Peterson 2005): emotion categories lie around a circle whose axes are pleasure (valence) and
activation (arousal). In Russell's scaling of 28 affect words, *happy* sits at a small positive
angle (about 8°; *delighted* about 25°), *astonished* near the top (about 70°), *angry*
(about 99°) and *afraid* (about 117°) in the unpleasant, activated quadrant, and *sad*
(about 208°) in the unpleasant, deactivated one. Disgust is not among Russell's words;
dimensional ratings of emotion words (Warriner, Kuperman and Brysbaert 2013; Mohammad 2018,
NRC VAD lexicon) place it clearly unpleasant with moderate arousal, and they rate anger and
fear much more unpleasant than Russell's angles alone would, so those two are moved towards
negative valence. Facial-expression corpora annotated both ways (AffectNet, Mollahosseini,
Hasani and Mahoor 2019) show the same quadrants for the face images themselves. Neutral is the
origin. Radii stay below one (0.72 to 0.92): a category prototype is a typical, not an extreme,
instance, which leaves room for intensity. The numbers are rounded to 0.05 because they are
placements, not measurements; the tests check the orderings these sources agree on, not the
digits.

==========  =======  =======  =============================================
class       valence  arousal  anchor
==========  =======  =======  =============================================
happy        0.80     0.35    between *happy* (8°) and *delighted* (25°)
surprise     0.20     0.75    *astonished* (70°); valence mildly positive
angry       -0.60     0.70    *angry* (99°), valence per word norms
fear        -0.65     0.65    *afraid* (117°), valence per word norms
disgust     -0.65     0.30    word norms: unpleasant, moderate arousal
sad         -0.70    -0.40    *sad* (208°)
neutral      0.00     0.00    origin
==========  =======  =======  =============================================

**Confidence.** The top class probability times the face detector's score: a reading is
trusted as much as the classifier is sure and the face is really a face.

Works cited

  J. A. Russell, "A circumplex model of affect", J. Personality and Social Psychology 39(6),
  1161-1178, 1980.
  J. Posner, J. A. Russell, B. S. Peterson, "The circumplex model of affect: an integrative
  approach to affective neuroscience, cognitive development, and psychopathology",
  Development and Psychopathology 17(3), 715-734, 2005.
  A. B. Warriner, V. Kuperman, M. Brysbaert, "Norms of valence, arousal, and dominance for
  13,915 English lemmas", Behavior Research Methods 45(4), 1191-1207, 2013.
  S. M. Mohammad, "Obtaining reliable human ratings of valence, arousal, and dominance for
  20,000 English words", ACL 2018.
  A. Mollahosseini, B. Hasani, M. H. Mahoor, "AffectNet: a database for facial expression,
  valence, and arousal computing in the wild", IEEE Trans. Affective Computing 10(1), 18-31,
  2019.
"""

from __future__ import annotations

from collections.abc import Sequence
import math

import numpy as np

from .expression_model import FER_CLASSES
from ...affect import Affect, Expression
from ...errors import InvalidInput

CLASS_EXPRESSIONS: dict[str, Expression] = {
    'angry': Expression.ANGRY,
    'disgust': Expression.DISGUSTED,
    'fear': Expression.SCARED,
    'happy': Expression.HAPPY,
    'sad': Expression.SAD,
    'surprise': Expression.SURPRISED,
    'neutral': Expression.NEUTRAL,
}
"""FER2013 class name → ROS4HRI expression."""

CLASS_COORDINATES: dict[str, tuple[float, float]] = {
    'angry': (-0.60, 0.70),
    'disgust': (-0.65, 0.30),
    'fear': (-0.65, 0.65),
    'happy': (0.80, 0.35),
    'sad': (-0.70, -0.40),
    'surprise': (0.20, 0.75),
    'neutral': (0.00, 0.00),
}
"""FER2013 class name → (valence, arousal); see the module documentation for the sources."""

CLASS_ALIASES: dict[str, str] = {
    **{name: name for name in FER_CLASSES},
    **{expression.value: name for name, expression in CLASS_EXPRESSIONS.items()},
    'anger': 'angry', 'disgusted': 'disgust', 'fearful': 'fear', 'afraid': 'fear',
    'happiness': 'happy', 'joy': 'happy', 'sadness': 'sad', 'surprised': 'surprise',
}
"""Folder and label names people use for the seven classes → the FER class name."""


def fer_class(name: str) -> str:
    """Return the FER class meant by ``name`` (FER, ROS4HRI or common synonyms)."""
    key = name.strip().lower()
    if key not in CLASS_ALIASES:
        raise InvalidInput(f'unknown expression class {name!r}; use one of '
                           f'{", ".join(FER_CLASSES)}')
    return CLASS_ALIASES[key]


def probabilities_to_affect(
    probabilities: Sequence[float] | np.ndarray,
    detection_score: float = 1.0,
    classes: Sequence[str] = FER_CLASSES,
) -> Affect:
    """
    Return the Affect of one face from its class probabilities (in ``classes`` order).

    Probabilities are renormalised to sum to one; negative, non-finite or all-zero inputs
    are invalid. ``detection_score`` in [0, 1] scales the confidence.
    """
    probs = np.asarray(probabilities, dtype=np.float64).reshape(-1)
    if probs.shape[0] != len(classes):
        raise InvalidInput(f'expected {len(classes)} probabilities, got {probs.shape[0]}')
    if not np.all(np.isfinite(probs)) or np.any(probs < 0.0):
        raise InvalidInput(f'probabilities must be finite and non-negative, got {probs}')
    total = float(probs.sum())
    if total <= 0.0:
        raise InvalidInput('probabilities sum to zero')
    if not (math.isfinite(detection_score) and 0.0 <= detection_score <= 1.0):
        raise InvalidInput(f'detection score must be in [0, 1], got {detection_score}')
    probs = probs / total
    coords = np.asarray([CLASS_COORDINATES[name] for name in classes], dtype=np.float64)
    valence, arousal = (probs @ coords).tolist()
    top = int(np.argmax(probs))
    return Affect.clamped(
        CLASS_EXPRESSIONS[classes[top]], valence, arousal,
        float(probs[top]) * detection_score,
        tuple((CLASS_EXPRESSIONS[name].value, float(p)) for name, p in zip(classes, probs)))


def affect_probabilities(affect: Affect, classes: Sequence[str] = FER_CLASSES) -> np.ndarray:
    """Return the class probabilities stored in ``affect`` in ``classes`` order (zeros if none)."""
    stored = dict(affect.class_probabilities)
    return np.asarray([stored.get(CLASS_EXPRESSIONS[name].value, 0.0) for name in classes],
                      dtype=np.float64)
