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
import time

import numpy as np

from .affect import AffectEvidence, estimate_affect
from .asr import EMPTY, open_engine, SpeechEngine
from .commands import Command
from .gate import RobotSpeechGate
from .input import CLIP_LEVEL, PIPELINE_RATE
from .phrases import find_commands, SPOTTED_KEYWORDS
from .prosody import analyse_prosody, Prosody, SpeakerBaseline
from .results import Discarded, Event, PipelineConfig, SpeakingChanged, UtteranceResult
from .spotting import KeywordSpotter
from .text_affect import TextAffect, TextAffectAnalyser
from .vad import (
    Boundary, FRAME_MS, frame_samples, Transition, UtteranceSegmenter, VoiceActivityDetector)
from .verification import CommandVerifier, merge_transcript
from ...affect import UNKNOWN_AFFECT
from ...audio import FloatArray
from ...errors import InvalidInput, ModelUnavailable

RATE = PIPELINE_RATE
FRAME = frame_samples(RATE)
TIME_HISTORY = 1024
"""Frames whose start times are remembered (34 s; boundaries are decided within 1 s)."""


_NO_TEXT = TextAffect(0.0, 0.0, 0.0)
_NO_EVIDENCE = AffectEvidence(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def withhold_prosody(prosody: Prosody) -> Prosody:
    """Keep only the timing of an utterance: pitch, loudness, rate and pauses read zero."""
    return Prosody(pitch_median_hz=0.0, pitch_range_st=0.0, loudness_dbfs=0.0,
                   speech_rate_sps=0.0, pause_ratio=0.0, duration_s=prosody.duration_s,
                   voiced_s=prosody.voiced_s)


class VoicePipeline:
    """
    Streaming voice analysis (see the module docstring).

    ``engine`` and ``spotter`` default to what ``config`` names; pass ``None`` explicitly
    to run without recognition or keyword spotting. ``text`` shares a loaded text analyser
    (pipelines over many clips load the models once). Not thread-safe: one feeder.
    """

    _FROM_CONFIG = object()

    def __init__(self, config: PipelineConfig | None = None,
                 engine: SpeechEngine | None | object = _FROM_CONFIG,
                 spotter: KeywordSpotter | None | object = _FROM_CONFIG,
                 start_time: float = 0.0, text: TextAffectAnalyser | None = None) -> None:
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
        self.verifier = make_verifier(self.spotter, self.engine is not None)
        self.text = text or TextAffectAnalyser()
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
        verdicts = self.verifier.verify(recognition.text, hits)
        rejected = {v.command for v in verdicts if not v.accepted}
        # a spotted command phrase that was not believed is not part of what was heard
        kept = tuple(h for h in hits if not rejected.intersection(find_commands(h.text)))
        transcript = merge_transcript(recognition, kept)
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
            keywords=tuple(h.text for h in hits),
            commands=tuple(v.command for v in verdicts if v.accepted),
            text=text, affect=affect, evidence=evidence,
            z_scores=tuple(sorted((k, round(v, 3)) for k, v in z.items())),
            clipped_fraction=clipped, decided=self.frame_time(t.decided_at + 1),
            finish_s=time.perf_counter() - began, recognition_s=recognition_s,
            reason=t.reason, recognition_error=error, verdicts=verdicts)


def analyse_samples(pipeline: VoicePipeline, samples: FloatArray, chunk_ms: int = FRAME_MS
                    ) -> list[Event]:
    """Run a whole recording (16 kHz mono) through ``pipeline`` in chunks; every event."""
    step = max(1, RATE * chunk_ms // 1000)
    events: list[Event] = []
    for i in range(0, samples.size, step):
        events.extend(pipeline.push(samples[i:i + step]))
    events.extend(pipeline.flush())
    return events


def make_verifier(spotter: KeywordSpotter | None, dictating: bool) -> CommandVerifier:
    """Return the command verifier for the recognisers that run."""
    spotted: list[Command] = []
    if spotter is not None:
        for keyword in spotter.keywords:
            spotted.extend(find_commands(keyword.phrase))
    return CommandVerifier(spotted, dictating=dictating, spotting=spotter is not None,
                           pronounce=spotter.pronounce if spotter is not None else None)


__all__ = [
    'analyse_samples', 'Discarded', 'Event', 'FRAME', 'make_verifier', 'merge_transcript',
    'PipelineConfig', 'RATE', 'RobotSpeechGate', 'SpeakingChanged', 'UtteranceResult',
    'VoicePipeline']
