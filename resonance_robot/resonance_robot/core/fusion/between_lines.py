# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Reading between the lines, per person: sarcasm's effect, frustration, fleeting expressions.

Small state machines that :class:`~.fusion.AffectFusion` keeps for each person:

* :func:`deflate_sarcasm` - sarcastic praise never counts as joy: an utterance whose
  incongruence says sarcasm (p >= ``sarcasm_threshold``) keeps its arousal, but its valence
  becomes mildly negative (``-0.3 × p``) and its expression is read off the circumplex again,
  without the positive words' class scores.
* :class:`Frustration` - a level in [0, 1] that builds with each cue and decays
  exponentially (time constant ``frustration_decay``). Cues and their increments
  (:data:`FRUSTRATION_CUES`): a negative utterance, a second one in a row, a voice more
  aroused than the previous utterance (rising), a very aroused one without happy words
  (loud), a correction ("no, I said ...", "again",
  "I already told you"), a repetition of what the person said in the last three utterances
  (token overlap >= 60 %), sarcasm, an angry face while speaking. Ang et al. (2002) found
  loudness, pitch, repetitions and corrections mark annoyance and frustration in dialogue.
  Each increment is scaled by the headroom left, ``f += k × (1 - f)``.
* :class:`FlashDetector` - a fleeting expression: per-frame readings (``raw_affect``) whose
  expression is negative (angry, disgusted, scared, sad), confident (>= 0.4) and differs from
  the smoothed one, for ``flash_min``..``flash_max`` seconds (default 0.08-0.5 s; Ekman:
  1/25-1/5 s) before the per-frame reading agrees again. Longer differences are a change of
  state, which the smoothed reading follows. At 10 fps one frame is 0.1 s, so one odd frame
  counts: the limit of a low frame rate.
* :class:`Pauses` - pauses between utterances (gaps under ``max_gap``, 6 s: longer ones
  are not a pause in a conversation) and within them (the unvoiced share), as exponential
  averages over the person's utterances.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import math
import re

from ..affect import Affect, Expression
from ..perception.voice.incongruence import Incongruence, SARCASM

FRUSTRATION_CUES: dict[str, float] = {
    'negative': 0.15, 'repeated_negative': 0.1, 'rising': 0.12, 'loud': 0.1, 'correction': 0.25,
    'repetition': 0.2, 'sarcasm': 0.15, 'angry_face': 0.08, 'interrupted_robot': 0.15,
    'worse_after_act': 0.15,
}
"""Increment of each frustration cue (scaled by the headroom left: ``k × (1 - f)``)."""

_CORRECTION = re.compile(
    r'\b(no,? i said|i said|i already (said|told)|i told you|again|not what i (said|asked|'
    r"meant)|you('re| are) not listening|listen to me|how many times|for the last time|"
    r"that's not it|that is not it|wrong)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z']+")
_NEGATIVE_FACES = frozenset({Expression.ANGRY, Expression.DISGUSTED})
FLASH_EXPRESSIONS = frozenset({Expression.ANGRY, Expression.DISGUSTED, Expression.SCARED,
                               Expression.SAD})
"""Per-frame expressions that count as a fleeting (negative) expression."""


def deflate_sarcasm(affect: Affect, incongruence: Incongruence, threshold: float) -> Affect:
    """Return ``affect`` with sarcastic praise taken out of its valence (see the module doc)."""
    if incongruence.kind != SARCASM or incongruence.probability < threshold:
        return affect
    if not affect.is_known:
        return affect
    valence = min(affect.valence, -0.3 * incongruence.probability)
    expression = Expression.ANGRY if affect.arousal >= 0.3 else Expression.NEUTRAL
    return Affect.clamped(expression, valence, affect.arousal, affect.confidence)


def correction_in(transcript: str) -> str | None:
    """Return the correction phrase in ``transcript`` ("no, I said", "again" ...), or None."""
    match = _CORRECTION.search(transcript)
    return match.group(0).lower() if match else None


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


class Frustration:
    """One person's frustration level in [0, 1] and its newest causes (see the module doc)."""

    def __init__(self, decay: float = 45.0) -> None:
        if decay <= 0.0:
            raise ValueError('frustration decay must be > 0 s')
        self.decay = decay
        self._level = 0.0
        self._time = -math.inf
        self._prev_arousal = math.nan
        self._prev_negative = -math.inf
        self._said: deque[frozenset[str]] = deque(maxlen=3)
        self.evidence: tuple[str, ...] = ()

    @property
    def last_cue(self) -> float:
        """Return when the newest cue was added (-inf if none yet)."""
        return self._time

    def level(self, now: float) -> float:
        """Return the level at ``now`` (decayed since the last cue)."""
        if not math.isfinite(self._time):
            return 0.0
        return self._level * math.exp(-max(0.0, now - self._time) / self.decay)

    def add(self, cue: str, now: float, detail: str = '') -> None:
        """Add one cue (a key of :data:`FRUSTRATION_CUES`) at ``now``."""
        level = self.level(now)
        self._level = level + FRUSTRATION_CUES[cue] * (1.0 - level)
        self._time = now
        self.evidence = (self.evidence + (f'{cue}={detail}' if detail else cue,))[-6:]

    def utterance(self, affect: Affect, words: float, transcript: str,
                  incongruence: Incongruence, face: Affect | None, now: float,
                  sarcasm_threshold: float = 0.5) -> None:
        """Take one utterance's cues (its affect, word valence, words, sarcasm, the face)."""
        # Frustration is activated (Ang et al. 2002): sad words in a low, quiet voice are
        # sadness, not frustration, and saying them again is not a complaint repeated.
        subdued = affect.is_known and affect.arousal <= -0.15
        negative = not subdued and (words <= -0.3 or (affect.is_known and affect.valence <= -0.3))
        if negative:
            if now - self._prev_negative <= 30.0:
                self.add('repeated_negative', now, f'{words:+.2f}')
            else:
                self.add('negative', now, f'{words:+.2f}')
            self._prev_negative = now
        if affect.is_known:
            if (math.isfinite(self._prev_arousal) and affect.arousal >= 0.2
                    and affect.arousal > self._prev_arousal + 0.1):
                self.add('rising', now, f'{self._prev_arousal:+.2f}->{affect.arousal:+.2f}')
            if affect.arousal >= 0.45 and words <= 0.1:
                self.add('loud', now, f'{affect.arousal:+.2f}')  # activated, not by joy
            self._prev_arousal = affect.arousal
        phrase = correction_in(transcript)
        if phrase:
            self.add('correction', now, phrase)
        said = _tokens(transcript)
        if not subdued and len(said) >= 3 and any(len(said & old) >= 0.6 * len(said | old)
                                                  for old in self._said):
            self.add('repetition', now, str(len(said)))
        if said:
            self._said.append(said)
        if incongruence.kind == SARCASM and incongruence.probability >= sarcasm_threshold:
            self.add('sarcasm', now, f'{incongruence.probability:.2f}')
        if face is not None and face.is_known and face.expression in _NEGATIVE_FACES:
            self.add('angry_face', now, face.expression.value)


@dataclass(frozen=True)
class Flash:
    """A fleeting expression: what, when it ended (s), how long it lasted (s)."""

    expression: Expression
    time: float
    duration: float


class FlashDetector:
    """Finds fleeting expressions in one face's per-frame readings (see the module doc)."""

    def __init__(self, flash_min: float = 0.08, flash_max: float = 0.5,
                 min_confidence: float = 0.4) -> None:
        if not 0.0 <= flash_min <= flash_max:
            raise ValueError('need 0 <= flash_min <= flash_max')
        self.flash_min = flash_min
        self.flash_max = flash_max
        self.min_confidence = min_confidence
        self._onset: tuple[Expression, float] | None = None
        self.last: Flash | None = None

    def update(self, raw: Affect, smoothed: Affect, now: float) -> Flash | None:
        """Take one frame; return the flash that ended with it, or None."""
        differs = (raw.is_known and raw.confidence >= self.min_confidence
                   and raw.expression in FLASH_EXPRESSIONS
                   and raw.expression is not smoothed.expression)
        if differs:
            if self._onset is None or self._onset[0] is not raw.expression:
                self._onset = (raw.expression, now)
            return None
        if self._onset is None:
            return None
        expression, since = self._onset
        self._onset = None
        duration = now - since
        if self.flash_min <= duration <= self.flash_max:
            self.last = Flash(expression, now, duration)
            return self.last
        return None


class Pauses:
    """A person's typical pauses between and within utterances (see the module doc)."""

    def __init__(self, max_gap: float = 6.0, rate: float = 0.3) -> None:
        self.max_gap = max_gap
        self.rate = rate
        self.between = 0.0
        self.within = 0.0
        self._last_end = -math.inf
        self._count = 0

    def utterance(self, start: float, end: float, pause_ratio: float) -> None:
        """Take one utterance heard from ``start`` to ``end`` with its unvoiced share."""
        gap = start - self._last_end
        if 0.0 <= gap <= self.max_gap:
            self.between = gap if self.between == 0.0 else (
                self.between + self.rate * (gap - self.between))
        if math.isfinite(pause_ratio):
            ratio = min(1.0, max(0.0, pause_ratio))
            self.within = ratio if self._count == 0 else (
                self.within + self.rate * (ratio - self.within))
        self._count += 1
        self._last_end = max(self._last_end, end)


@dataclass(frozen=True)
class Signals:
    """
    What a person's cues say between the lines now (a part of the fused estimate).

    ``sarcasm`` is the newest utterance's incongruence (words against tone and face) and
    ``sarcasm_time`` when it was heard; ``frustration`` the level in [0, 1] with its newest
    causes; ``flash`` the newest fleeting expression; ``pause_between`` / ``pause_within``
    the typical pauses (0 while unknown); ``frustration_time`` when the newest frustration cue
    was added (the level only decays between cues).
    """

    sarcasm: Incongruence = Incongruence()
    sarcasm_time: float = -math.inf
    frustration: float = 0.0
    frustration_evidence: tuple[str, ...] = ()
    flash: Flash | None = None
    pause_between: float = 0.0
    pause_within: float = 0.0
    frustration_time: float = -math.inf

    def __post_init__(self) -> None:
        """Check the ranges."""
        if not 0.0 <= self.frustration <= 1.0:
            raise ValueError(f'frustration must be in [0, 1], got {self.frustration!r}')
        if self.pause_between < 0.0 or not 0.0 <= self.pause_within <= 1.0:
            raise ValueError('pauses must be >= 0 s and a share in [0, 1]')


NO_SIGNALS = Signals()


class PersonSignals:
    """The per-person state behind :class:`Signals`; fusion keeps one per person."""

    def __init__(self, frustration_decay: float = 45.0, flash_min: float = 0.08,
                 flash_max: float = 0.5) -> None:
        self.frustration = Frustration(frustration_decay)
        self.flashes = FlashDetector(flash_min, flash_max)
        self.pauses = Pauses()
        self.sarcasm = Incongruence()
        self.sarcasm_time = -math.inf

    def snapshot(self, now: float) -> Signals:
        """Return the signals at ``now``."""
        return Signals(self.sarcasm, self.sarcasm_time,
                       round(min(1.0, self.frustration.level(now)), 4),
                       self.frustration.evidence, self.flashes.last,
                       self.pauses.between, self.pauses.within, self.frustration.last_cue)
