# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Affect of what was said: valence from the words, with negation, and a little arousal.

The valence comes from VADER (Hutto & Gilbert 2014), a rule-based sentiment model made for
short informal text: a 7,500-word lexicon plus rules for negation ("not happy" is negative,
"not bad" mildly positive), intensifiers ("so happy") and contrast ("but"). Spoken requests
to a robot need a few more entries: multi-word expressions such as "go away" or "help me"
(:data:`~.phrases.PHRASE_VALENCE`) are replaced by single tokens
added to this analyser's own copy of the lexicon, so VADER's negation and intensifier rules
apply to them too ("don't go away" is not hostile). Arousal from words is a small
correction (:data:`~.phrases.WORD_AROUSAL`); prosody carries most
of it.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
import re

from .phrases import PHRASE_VALENCE, tokens, WORD_AROUSAL, WORD_VALENCE_OVERRIDES
from ...errors import ModelUnavailable

MAX_TEXT = 2000
"""Characters analysed; a longer transcript is cut (no utterance is that long)."""


@dataclass(frozen=True)
class TextAffect:
    """Affect read from a transcript."""

    valence: float
    """VADER compound score, [-1, 1]."""
    arousal: float
    """Mean activation of the activating/deactivating words found, [-1, 1]; 0 if none."""
    strength: float
    """How much affective evidence the words hold, [0, 1] (0: no affective word)."""
    affect_words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check the ranges."""
        for name in ('valence', 'arousal'):
            value = getattr(self, name)
            if not -1.0 <= value <= 1.0:
                raise ValueError(f'{name} must be in [-1, 1], got {value!r}')
        if not 0.0 <= self.strength <= 1.0:
            raise ValueError(f'strength must be in [0, 1], got {self.strength!r}')


NO_TEXT = TextAffect(0.0, 0.0, 0.0)


def _placeholder(phrase: str) -> str:
    return 'zzphr' + ''.join(ch for ch in phrase if ch.isalpha())


class TextAffectAnalyser:
    """VADER with spoken-request phrases and corrections added (see the module doc)."""

    def __init__(self) -> None:
        try:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        except ImportError as exc:
            raise ModelUnavailable('text affect needs vaderSentiment: '
                                   'pip install vaderSentiment') from exc
        self._vader = SentimentIntensityAnalyzer()
        lexicon = dict(self._vader.lexicon)  # this analyser's own copy
        lexicon.update(WORD_VALENCE_OVERRIDES)
        self._phrases: list[tuple[re.Pattern[str], str]] = []
        for phrase, value in sorted(PHRASE_VALENCE.items(), key=lambda kv: -len(kv[0])):
            token = _placeholder(phrase)
            lexicon[token] = value
            self._phrases.append((re.compile(r'\b' + re.escape(phrase) + r'\b'), token))
        self._vader.lexicon = lexicon
        self._valenced = {w for w, v in lexicon.items() if abs(v) >= 1.0}

    def analyse(self, text: str) -> TextAffect:
        """Return the affect of ``text`` (empty text: :data:`NO_TEXT`)."""
        words = tokens(text[:MAX_TEXT])
        if not words:
            return NO_TEXT
        sentence = ' '.join(words)
        found: list[str] = []
        for pattern, token in self._phrases:
            if pattern.search(sentence):
                found.extend(m.group(0) for m in pattern.finditer(sentence))
                sentence = pattern.sub(token, sentence)
        scores = self._vader.polarity_scores(sentence)
        valence = float(scores['compound'])
        found += [w for w in sentence.split() if w in self._valenced and not
                  w.startswith('zzphr')]
        arousing = [WORD_AROUSAL[w] for w in words if w in WORD_AROUSAL]
        arousal = sum(arousing) / len(arousing) if arousing else 0.0
        strength = min(1.0, abs(valence) * 1.2 + 0.3 * len(arousing) / max(1, len(words)))
        return TextAffect(
            valence=max(-1.0, min(1.0, valence)),
            arousal=max(-1.0, min(1.0, arousal)),
            strength=max(0.0, min(1.0, strength)) if math.isfinite(strength) else 0.0,
            affect_words=tuple(dict.fromkeys(found)))
