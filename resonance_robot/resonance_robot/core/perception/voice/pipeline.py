# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The streaming voice pipeline: 16 kHz audio in, utterances with prosody, words and affect out.

Audio is cut into 30 ms frames. Each frame goes through voice activity detection and the
utterance state machine (:mod:`~.vad`); while an utterance is open its
frames (from 300 ms before the onset) are also fed to the speech engine and the keyword
spotter, so when the hangover closes the utterance only the last decoding step, the
prosody of the utterance and the text analysis remain: the result follows the end of
speech by the hangover plus a few tens of milliseconds.

:meth:`VoicePipeline.push` returns events in stream order: :class:`SpeakingChanged`
(the person started or stopped speaking), :class:`UtteranceResult` (one per utterance) and
:class:`Discarded` (a click or cough too short to be speech, or an utterance cut off by
:meth:`VoicePipeline.mute` because the robot started speaking). Times are stream seconds:
each chunk's timestamp (the capture time of its first sample) plus the samples since, so
gaps, clock jumps and faster-than-real-time playback all keep the times of the capture;
without timestamps, the start time plus samples / rate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
import time
from typing import Union

import numpy as np

from .affect import AffectEvidence, estimate_affect, VoiceReading
from .asr import EMPTY, KeywordSpotter, open_engine, Recognition, SpeechEngine, WordHit
from .commands import Command
from .incongruence import incongruence_of  # issue 13: sarcasm per utterance
from .input import CLIP_LEVEL, PIPELINE_RATE
from .phrases import find_commands, SPOTTED_KEYWORDS, tokens
from .prosody import analyse_prosody, Prosody, SpeakerBaseline
from .text_affect import TextAffect, TextAffectAnalyser
from .vad import (
    Boundary, FRAME_MS, frame_samples, SegmenterConfig, Transition, UtteranceSegmenter,
    VoiceActivityDetector)
from ...affect import Affect, UNKNOWN_AFFECT
from ...audio import FloatArray
from ...errors import ConfigError, InvalidInput, ModelUnavailable

RATE = PIPELINE_RATE
FRAME = frame_samples(RATE)
TIME_HISTORY = 1024
"""Frames whose start times are remembered (34 s; boundaries are decided within 1 s)."""


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
    """Dictation with spotted keywords merged in: what the affect and commands are read from."""
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

    def reading(self) -> VoiceReading:
        """Return what is published about this utterance."""
        return VoiceReading(self.voice_id, self.start, self.end, self.prosody,
                            self.transcript, self.commands, self.affect,
                            # -- words against tone (sarcasm), issue 13: one call
                            incongruence_of(self.text, dict(self.z_scores), self.prosody,
                                            self.transcript))


Event = Union[SpeakingChanged, Discarded, UtteranceResult]

_NO_TEXT = TextAffect(0.0, 0.0, 0.0)
_NO_EVIDENCE = AffectEvidence(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def withhold_prosody(prosody: Prosody) -> Prosody:
    """Keep only the timing of an utterance: pitch, loudness, rate and pauses read zero."""
    return Prosody(pitch_median_hz=0.0, pitch_range_st=0.0, loudness_dbfs=0.0,
                   speech_rate_sps=0.0, pause_ratio=0.0, duration_s=prosody.duration_s,
                   voiced_s=prosody.voiced_s)


def merge_transcript(recognition: Recognition, hits: tuple[WordHit, ...]) -> str:
    """
    Merge spotted keywords into the dictation.

    A keyword the dictation already holds at that time (or anywhere, when the engine gives
    no word times) is left alone; otherwise it replaces the dictation words it overlaps
    (dictation on poor audio mishears exactly these words), or is appended.
    """
    words = list(recognition.words)
    if not words:
        text = recognition.text
        for hit in hits:
            if not _contains(tokens(text), tokens(hit.text)):
                text = f'{text} {hit.text}'.strip()
        return text
    timed: list[tuple[float, str]] = [(w.start, w.text) for w in words]
    for hit in hits:
        overlapping = [i for i, w in enumerate(words)
                       if min(w.end, hit.end) - max(w.start, hit.start)
                       > 0.4 * max(w.end - w.start, 1e-3)]
        said = tokens(' '.join(words[i].text for i in overlapping))
        if _contains(said, tokens(hit.text)):
            continue
        drop = set(overlapping)
        timed = [t for i, t in enumerate(timed) if i not in drop]
        words = [w for i, w in enumerate(words) if i not in drop]
        timed.append((hit.start, hit.text))
        words.append(WordHit(hit.text, hit.start, hit.end))
        order = sorted(range(len(words)), key=lambda i: words[i].start)
        words = [words[i] for i in order]
        timed = [timed[i] for i in order]
    return ' '.join(text for _, text in timed)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


class VoicePipeline:
    """
    Streaming voice analysis (see the module docstring).

    ``engine`` and ``spotter`` default to what ``config`` names; pass ``None`` explicitly
    to run without recognition or keyword spotting. Not thread-safe: one feeder.
    """

    _FROM_CONFIG = object()

    def __init__(self, config: PipelineConfig | None = None,
                 engine: SpeechEngine | None | object = _FROM_CONFIG,
                 spotter: KeywordSpotter | None | object = _FROM_CONFIG,
                 start_time: float = 0.0) -> None:
        self.config = config or PipelineConfig()
        cfg = self.config
        self.vad = VoiceActivityDetector(RATE, cfg.vad_aggressiveness, cfg.energy_floor_dbfs)
        self.segmenter = UtteranceSegmenter(cfg.segmenter())
        if engine is VoicePipeline._FROM_CONFIG:
            engine = open_engine(cfg.engine, cfg.model_dir, cfg.dither_dbfs, cfg.second_pass)
        if spotter is VoicePipeline._FROM_CONFIG:
            spotter = (KeywordSpotter(SPOTTED_KEYWORDS, cfg.keyword_sensitivity,
                                      cfg.dither_dbfs) if cfg.spot_keywords else None)
        self.engine: SpeechEngine | None = engine  # type: ignore[assignment]
        self.spotter: KeywordSpotter | None = spotter  # type: ignore[assignment]
        self.text = TextAffectAnalyser()
        self.baseline = SpeakerBaseline()
        self.infer_affect = True
        """False (deployment guard or privacy mode): words and commands only; no affect is
        estimated from prosody or words, the speaker baseline learns nothing, and the
        published prosody is withheld (zero)."""
        keep = cfg.segmenter().preroll_frames + cfg.segmenter().onset_frames + 2
        self._recent: deque[tuple[int, FloatArray]] = deque(maxlen=keep)
        self._utterance: list[FloatArray] = []
        self._utterance_start = 0
        self._pending = np.zeros(0, np.float32)
        self._frames = 0           # frames processed since construction
        self._samples_in = 0       # samples received since construction
        self._origin = start_time  # stream time of sample 0 (moves with each timestamp)
        self._frame_times: deque[tuple[int, float]] = deque(maxlen=TIME_HISTORY)
        self._muted = False
        self._speaking = False
        self.frames_speech = 0

    # -- time ----------------------------------------------------------------------------

    def frame_time(self, frame: int) -> float:
        """Stream time of the start of frame ``frame``, seconds."""
        if self._frame_times and self._frame_times[0][0] <= frame <= self._frame_times[-1][0]:
            index, at = self._frame_times[frame - self._frame_times[0][0]]
            if index == frame:
                return at
        return self._origin + frame * FRAME / RATE

    @property
    def now(self) -> float:
        """Stream time of the next sample to arrive."""
        return self._origin + self._samples_in / RATE

    @property
    def speaking(self) -> bool:
        """Whether an utterance is open."""
        return self._speaking

    @property
    def muted(self) -> bool:
        """Whether input is being ignored (the robot is speaking)."""
        return self._muted

    # -- input ---------------------------------------------------------------------------

    def push(self, samples: FloatArray, stamp: float | None = None) -> list[Event]:
        """
        Add 16 kHz mono samples; ``stamp`` is the stream time of the first one, if known.

        Returns the events decided by the frames completed with these samples.
        """
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        if not np.all(np.isfinite(x)):
            raise InvalidInput('samples must be finite (decode chunks with ChunkNormaliser)')
        if stamp is not None:
            self._origin = stamp - self._samples_in / RATE
        self._samples_in += x.size
        self._pending = np.concatenate([self._pending, x]) if self._pending.size else x
        events: list[Event] = []
        while self._pending.size >= FRAME:
            frame, self._pending = self._pending[:FRAME], self._pending[FRAME:]
            events.extend(self._step(frame))
        return events

    def flush(self) -> list[Event]:
        """End of the recording: let an open utterance end as if silence followed."""
        hangover = self.segmenter.config.hangover_frames + 1
        pad = (-self._pending.size) % FRAME + hangover * FRAME
        events = self.push(np.zeros(pad, np.float32))
        if self.segmenter.in_utterance:
            for transition in self.segmenter.close():
                events.extend(self._transition(transition))
        return events

    def mute(self, muted: bool) -> list[Event]:
        """
        Ignore (``True``) or hear again (``False``) what arrives; used while the robot speaks.

        An utterance open when muting starts is discarded: from here on it would hold the
        robot's own voice.
        """
        events: list[Event] = []
        if muted and not self._muted and self.segmenter.in_utterance:
            start = self.frame_time(self._utterance_start)
            self.segmenter.close()
            self._cancel_recognition()
            self._utterance = []
            events.append(Discarded(start, self.frame_time(self._frames), 'muted'))
            events.append(self._set_speaking(False, self.frame_time(self._frames)))
        self._muted = muted
        return events

    # -- per frame -------------------------------------------------------------------------

    def _step(self, frame: FloatArray) -> Iterator[Event]:
        index = self._frames
        self._frames += 1
        self._frame_times.append((index, self._origin + index * FRAME / RATE))
        speech = False if self._muted else self.vad.is_speech(frame)
        if speech:
            self.frames_speech += 1
        if not self._muted:
            self._recent.append((index, frame))
            if self.segmenter.in_utterance:
                self._utterance.append(frame)
                self._feed(frame)
        for transition in self.segmenter.step(speech):
            yield from self._transition(transition)

    def _transition(self, t: Transition) -> list[Event]:
        if t.kind is Boundary.START:
            self._utterance = [f for i, f in self._recent if i >= t.frame]
            self._utterance_start = t.frame
            self._start_recognition()
            # Recognisers need a little silence before the first word (cepstral mean
            # normalisation starts there): at the very start of a stream there is none.
            missing = self.segmenter.config.preroll_frames - (t.onset - t.frame)
            if missing > 0:
                self._feed(np.zeros(missing * FRAME, np.float32))
            for chunk in self._utterance:
                self._feed(chunk)
            return [self._set_speaking(True, self.frame_time(t.onset))]
        end_time = self.frame_time(t.frame)
        stopped = self._set_speaking(False, end_time)
        if t.kind is Boundary.DISCARD:
            self._cancel_recognition()
            self._utterance = []
            return [stopped, Discarded(self.frame_time(t.onset), end_time, 'too_short')]
        return [stopped, self._finish(t)]

    def _set_speaking(self, speaking: bool, at: float) -> SpeakingChanged:
        self._speaking = speaking
        return SpeakingChanged(speaking, at)

    def _start_recognition(self) -> None:
        if self.engine is not None:
            self.engine.start()
        if self.spotter is not None:
            self.spotter.start()

    def _feed(self, frame: FloatArray) -> None:
        if self.engine is not None:
            self.engine.feed(frame)
        if self.spotter is not None:
            self.spotter.feed(frame)

    def _cancel_recognition(self) -> None:
        if self.engine is not None:
            self.engine.cancel()
        if self.spotter is not None:
            self.spotter.cancel()

    def _finish(self, t: Transition) -> UtteranceResult:
        began = time.perf_counter()
        recognition, error = EMPTY, ''
        if self.engine is not None:
            try:
                recognition = self.engine.finish()
            except ModelUnavailable as exc:  # e.g. a sr:* engine failing at run time
                error = str(exc)
        hits = self.spotter.finish() if self.spotter is not None else ()
        recognition_s = time.perf_counter() - began
        audio = (np.concatenate(self._utterance) if self._utterance
                 else np.zeros(FRAME, np.float32))
        self._utterance = []
        first = (t.onset - self._utterance_start) * FRAME
        last = (t.frame - self._utterance_start) * FRAME
        speech = audio[max(0, first):max(first + FRAME, last)]
        prosody = analyse_prosody(speech, RATE)
        clipped = float(np.count_nonzero(np.abs(speech) >= CLIP_LEVEL)) / max(1, speech.size)
        transcript = merge_transcript(recognition, hits)
        if self.infer_affect:
            text = self.text.analyse(transcript)
            z = self.baseline.z_scores(prosody)
            affect, evidence = estimate_affect(
                prosody, z, text, baseline_utterances=self.baseline.utterances,
                clipped_fraction=clipped)
            self.baseline.update(prosody)
        else:
            text, z, affect, evidence = _NO_TEXT, {}, UNKNOWN_AFFECT, _NO_EVIDENCE
            prosody = withhold_prosody(prosody)
        return UtteranceResult(
            voice_id=self.config.voice_id,
            start=self.frame_time(t.onset), end=self.frame_time(t.frame), prosody=prosody,
            transcript=transcript, dictation=recognition.text,
            keywords=tuple(h.text for h in hits), commands=find_commands(transcript),
            text=text, affect=affect, evidence=evidence,
            z_scores=tuple(sorted((k, round(v, 3)) for k, v in z.items())),
            clipped_fraction=clipped, decided=self.frame_time(t.decided_at + 1),
            finish_s=time.perf_counter() - began, recognition_s=recognition_s,
            reason=t.reason, recognition_error=error)


def analyse_samples(pipeline: VoicePipeline, samples: FloatArray, chunk_ms: int = FRAME_MS
                    ) -> list[Event]:
    """Run a whole recording (16 kHz mono) through ``pipeline`` in chunks; every event."""
    step = max(1, RATE * chunk_ms // 1000)
    events: list[Event] = []
    for i in range(0, samples.size, step):
        events.extend(pipeline.push(samples[i:i + step]))
    events.extend(pipeline.flush())
    return events


class RobotSpeechGate:
    """
    When the robot was speaking, so that what the microphone heard then is ignored.

    :meth:`robot_speaking` records the flag with the time it changed; :meth:`is_muted` says
    whether audio captured at a time falls inside a speaking interval or the ``tail_s``
    after it (room echo, the flag arriving late). Thread-safe enough for one writer and one
    reader: intervals are replaced, never mutated in place.
    """

    def __init__(self, tail_s: float = 0.5, keep: int = 32) -> None:
        if tail_s < 0.0:
            raise ConfigError(f'tail must be >= 0 s, got {tail_s}')
        self.tail_s = tail_s
        self._keep = keep
        self._intervals: tuple[tuple[float, float | None], ...] = ()

    @property
    def speaking(self) -> bool:
        """Whether the robot is speaking now (an interval is open)."""
        return bool(self._intervals) and self._intervals[-1][1] is None

    def robot_speaking(self, speaking: bool, at: float) -> None:
        """Record that the robot started (True) or stopped (False) speaking at ``at``."""
        intervals = list(self._intervals)
        if speaking and not self.speaking:
            intervals.append((at, None))
        elif not speaking and self.speaking:
            intervals[-1] = (intervals[-1][0], at)
        self._intervals = tuple(intervals[-self._keep:])

    def is_muted(self, at: float) -> bool:
        """Whether audio captured at ``at`` must be ignored."""
        for start, end in reversed(self._intervals):
            if at >= start and (end is None or at <= end + self.tail_s):
                return True
        return False
