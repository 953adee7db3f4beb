# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""What the voice pipeline is told (:class:`PipelineConfig`) and what it emits (events)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .affect import AffectEvidence, VoiceReading
from .commands import Command
from .incongruence import incongruence_of
from .prosody import Prosody
from .text_affect import TextAffect
from .vad import SegmenterConfig
from .verification import Verdict
from ...affect import Affect
from ...errors import ConfigError


@dataclass(frozen=True)
class PipelineConfig:
    """Everything the pipeline can be told (the node's parameters map onto this)."""

    vad_aggressiveness: int = 2
    energy_floor_dbfs: float = -55.0
    hangover_ms: float = 240.0
    preroll_ms: float = 300.0
    min_speech_ms: float = 180.0
    max_utterance_s: float = 15.0
    engine: str = 'pocketsphinx'
    model_dir: str = ''
    second_pass: bool = False
    spot_keywords: bool = True
    keyword_sensitivity: float = 1.0
    dither_dbfs: float = -50.0
    voice_id: str = 'voice0'

    def __post_init__(self) -> None:
        """Check values the parts below do not check themselves."""
        if not -90.0 <= self.dither_dbfs <= -20.0:
            raise ConfigError(f'dither_dbfs must be in [-90, -20], got {self.dither_dbfs}')
        if not self.voice_id:
            raise ConfigError('voice_id must not be empty')

    def segmenter(self) -> SegmenterConfig:
        """Return the utterance state machine's timing."""
        return SegmenterConfig.from_ms(self.hangover_ms, self.preroll_ms, self.min_speech_ms,
                                       self.max_utterance_s)


@dataclass(frozen=True)
class SpeakingChanged:
    """The person started (``speaking``) or stopped speaking at stream time ``time``."""

    speaking: bool
    time: float


@dataclass(frozen=True)
class Discarded:
    """An utterance that produced no result, and why (``too_short``, ``muted``)."""

    start: float
    end: float
    reason: str


@dataclass(frozen=True)
class UtteranceResult:
    """Everything heard in one utterance."""

    voice_id: str
    start: float
    end: float
    """Stream time of the first and one past the last speech frame, seconds."""
    prosody: Prosody
    transcript: str
    """Dictation with the believed spotted keywords merged in: what the affect is read from."""
    dictation: str
    keywords: tuple[str, ...]
    commands: tuple[Command, ...]
    text: TextAffect
    affect: Affect
    evidence: AffectEvidence
    z_scores: tuple[tuple[str, float], ...]
    clipped_fraction: float
    decided: float
    """Stream time at which the hangover closed the utterance, seconds."""
    finish_s: float
    """Processing time spent after the utterance closed, seconds (wall clock)."""
    recognition_s: float = 0.0
    """Part of :attr:`finish_s` spent in the speech engine and keyword spotter."""
    reason: str = field(default='silence')
    recognition_error: str = ''
    """Why the speech engine gave no words, when it failed (prosody and keywords remain)."""
    verdicts: tuple[Verdict, ...] = ()
    """Every command heard, believed or not, and why (:mod:`.verification`)."""

    def reading(self) -> VoiceReading:
        """Return what is published about this utterance."""
        return VoiceReading(self.voice_id, self.start, self.end, self.prosody,
                            self.transcript, self.commands, self.affect,
                            # -- words against tone (sarcasm), issue 13: one call
                            incongruence_of(self.text, dict(self.z_scores), self.prosody,
                                            self.transcript))


Event = Union[SpeakingChanged, Discarded, UtteranceResult]
