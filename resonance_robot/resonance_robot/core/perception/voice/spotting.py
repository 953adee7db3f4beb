# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Keyword spotting: PocketSphinx's keyword search for the phrases the robot must never miss.

:class:`KeywordSpotter` runs alongside the dictation engine, fed while the person speaks, for
command phrases and strongly affective words, whatever the dictation heard.
:func:`merge_transcript` folds what it spotted into the dictation. Whether a spotted or
dictated command is believed is decided afterwards, in :mod:`.verification`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
import os
import tempfile

from .sphinx import model_paths, open_decoder, SphinxStream, WordHit
from ...audio import FloatArray
from ...errors import ConfigError, InvalidInput


@dataclass(frozen=True)
class Keyword:
    """A phrase to spot and its detection threshold (PocketSphinx kws, e.g. 1e-20)."""

    phrase: str
    threshold: float

    def __post_init__(self) -> None:
        """Check the phrase and threshold."""
        if not self.phrase.strip() or self.phrase != self.phrase.strip().lower():
            raise ValueError(f'keyword phrases are lower-case and trimmed, got {self.phrase!r}')
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f'keyword threshold must be in (0, 1), got {self.threshold!r}')


class KeywordSpotter:
    """
    PocketSphinx keyword search over an utterance, fed while it is heard.

    Phrases with a word the dictionary lacks are left out and listed in
    :attr:`unknown_phrases`. ``sensitivity`` multiplies every threshold's exponent: above 1
    makes spotting stricter (fewer false alarms), below 1 more eager.
    """

    def __init__(self, keywords: Iterable[Keyword], sensitivity: float = 1.0,
                 dither_dbfs: float | None = -50.0) -> None:
        if not 0.2 <= sensitivity <= 5.0:
            raise ConfigError(f'keyword sensitivity must be in [0.2, 5], got {sensitivity}')
        paths = model_paths()
        # keyword search needs no language model: not loading one saves ~60 MB
        decoder = open_decoder(hmm=paths['hmm'], dict=paths['dict'], lm=None)
        self.keywords: list[Keyword] = []
        self.unknown_phrases: list[str] = []
        for kw in keywords:
            if all(decoder.lookup_word(w) for w in kw.phrase.split()):
                self.keywords.append(kw)
            else:
                self.unknown_phrases.append(kw.phrase)
        if not self.keywords:
            raise ConfigError('no keyword phrase is in the PocketSphinx dictionary')
        lines = [f'{k.phrase} /{k.threshold ** (1.0 / sensitivity):.3g}/\n'
                 for k in self.keywords]
        with tempfile.NamedTemporaryFile('w', suffix='.kws', delete=False) as handle:
            handle.writelines(lines)
        try:
            decoder.add_kws('spot', handle.name)
            decoder.activate_search('spot')
        except (RuntimeError, ValueError) as exc:
            raise ConfigError(f'PocketSphinx rejected the keyword list: {exc}') from exc
        finally:
            os.unlink(handle.name)
        self._stream = SphinxStream(decoder, dither_dbfs, seed=5)
        self._decoder = decoder

    def pronounce(self, word: str) -> str | None:
        """Return ``word``'s phones in the recogniser's dictionary ("AH W EY"), or None."""
        phones = self._decoder.lookup_word(word)
        return str(phones) if phones else None

    def start(self) -> None:
        """Begin an utterance."""
        self._stream.start()

    def feed(self, samples: FloatArray) -> None:
        """Search more audio of the utterance now."""
        self._stream.feed(samples)

    def finish(self) -> tuple[WordHit, ...]:
        """End the utterance; return the phrases spotted, in time order."""
        hits = [WordHit(w, s, e) for w, s, e in self._stream.finish() if w]
        return tuple(sorted(hits, key=lambda h: h.start))

    def cancel(self) -> None:
        """Abandon the utterance."""
        self._stream.cancel()


def spot_once(spotter: KeywordSpotter, samples: FloatArray) -> tuple[WordHit, ...]:
    """Spot keywords in one whole utterance (a convenience for files and tests)."""
    if samples.ndim != 1:
        raise InvalidInput('spot_once takes mono samples')
    spotter.start()
    spotter.feed(samples)
    return spotter.finish()


def phrases_of(keywords: Sequence[Keyword]) -> list[str]:
    """Return the phrases of ``keywords``."""
    return [k.phrase for k in keywords]
