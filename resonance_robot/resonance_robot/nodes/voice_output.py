# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``voice_output``: the robot's voice, with espeak-ng, in the style of the moment.

Utterances wait in a priority queue (:class:`~..core.expression.voice.utterance_queue.SpeechQueue`:
higher priority first, a higher priority or ``interrupt`` cuts the current one short). A worker
thread synthesises each with :class:`~..core.expression.voice.speech.EspeakSynthesizer`, plays it
on the loudspeaker when the computer has one, and publishes it as a real-time stream of
AudioChunk messages (each stamped with the time its first sample plays). ``robot_speaking`` is
latched: true from the first sample, false when the queue is empty and the last sample has
played (timed by the audio's duration, so it is right without a sound card too) — the voice
analysis uses it to ignore the robot's own voice, the face to move its mouth.

Parameters: ``voice`` (espeak-ng voice), ``executable`` (espeak-ng program name or path),
``max_chars`` (longer text is cut at a sentence end), ``sample_rate`` (Hz of the published
audio), ``chunk_ms``, ``play`` (use the loudspeaker when one exists), ``output_device``,
``max_queue``, ``frame_id``. All may change at run time.
Subscribes: ``utterance`` (resonance_robot_msgs/Utterance).
Publishes: ``speech_audio`` (resonance_robot_msgs/AudioChunk, s16le mono), ``robot_speaking``
(std_msgs/Bool, latched), ``/diagnostics``.
Bad input: empty text is dropped (``bad_text``); an unknown style is spoken neutral and NaN or
out-of-range overrides are clamped (``bad_style``, ``bad_range``); overlong text is cut
(``truncated``). A missing espeak-ng stops start-up with how to install it.
Manipulation: every text passes :func:`~..core.ethics.check_text` before it is spoken,
whoever published it; a refused one (guilt, dependency, selling, urgency, secrecy, flattery
for an action, social proof, pressure, threats) is not said, counted as
``refused_manipulative`` and logged with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
import threading
from typing import Any

import numpy as np
from rclpy.duration import Duration
from rclpy.time import Time
from resonance_robot_msgs.msg import AudioChunk, Utterance
from std_msgs.msg import Bool

from .base import ResonanceNode, run_node
from .qos import STATE_QOS, STREAM_QOS, UTTERANCE_QOS
from ..conversions.audio import samples_to_audio_chunk
from ..conversions.expression import msg_to_speech_request
from ..core.audio import resample
from ..core.errors import ConfigError, InvalidInput, ModelUnavailable
from ..core.ethics import check_text
from ..core.expression.voice.playback import open_speaker, Speaker
from ..core.expression.voice.speech import (
    EspeakSynthesizer, prepare_text, SpeechAudio, voice_settings)
from ..core.expression.voice.utterance_queue import SpeechQueue, SpeechRequest
from ..core.params import ParamSpec, ParamValue

PARAMS = (
    ParamSpec('voice', 'en-us', 'espeak-ng voice (espeak-ng --voices lists them; a variant is '
              'added with +, e.g. en-us+f3).'),
    ParamSpec('executable', 'espeak-ng', 'The espeak-ng program: a name on PATH or a path.'),
    ParamSpec('max_chars', 600, 'Longest text spoken at once; longer text is cut at a sentence '
              'end.', minimum=1, maximum=10000),
    ParamSpec('sample_rate', 22050, 'Sample rate of the published speech audio, Hz '
              '(espeak-ng speaks at 22050).', minimum=8000, maximum=48000),
    ParamSpec('chunk_ms', 100, 'Duration of one published AudioChunk, ms.',
              minimum=10, maximum=5000),
    ParamSpec('play', True, 'Play the speech on the loudspeaker when the computer has one.'),
    ParamSpec('output_device', '', 'Sound output device (index or name); empty for the '
              'default.'),
    ParamSpec('max_queue', 8, 'Utterances that may wait; beyond that the oldest of the lowest '
              'priority is dropped.', minimum=1, maximum=100),
    ParamSpec('frame_id', 'speaker', 'frame_id of the published audio chunks.'),
)

SPEAKING_QOS = STATE_QOS
"""``robot_speaking`` is state: latched, so a node that starts late knows it at once."""

AUDIO_QOS = STREAM_QOS


class VoiceOutputNode(ResonanceNode):
    """Speaks queued utterances and tells the rest of the stack while it does."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('voice_output', **kwargs)
        check_text('Hello.')  # loads lemmas and the learned head now, not at the first sentence
        self._lock = threading.Condition()
        self._stopping = False
        self._cancel = threading.Event()
        self._speaking: bool | None = None
        self._worker: threading.Thread | None = None
        self._speaker: Speaker | None = None
        self.param_checks['voice'] = lambda value: self._check_synth(voice=str(value))
        self.param_checks['executable'] = lambda value: self._check_synth(executable=str(value))
        self._synth = self._make_synth()
        self._queue = SpeechQueue(int(self.params['max_queue']))
        self._open_speaker()
        self._audio_pub = self.create_publisher(AudioChunk, 'speech_audio', AUDIO_QOS)
        self._speaking_pub = self.create_publisher(Bool, 'robot_speaking', SPEAKING_QOS)
        self._set_speaking(False)
        self.create_subscription(Utterance, 'utterance', self._on_utterance, UTTERANCE_QOS)
        self.on_params_changed(self._reconfigure)
        self.diagnostics.add_value('queued', lambda: len(self._queue))
        self.diagnostics.add_value('speaking', lambda: bool(self._speaking))
        self.diagnostics.add_value(
            'speaker', lambda: self._speaker.description if self._speaker else 'none')
        self._worker = threading.Thread(target=self._work, name='voice-output', daemon=True)
        self._worker.start()

    # -- configuration -----------------------------------------------------------------

    def _make_synth(self, **overrides: str) -> EspeakSynthesizer:
        return EspeakSynthesizer(
            executable=overrides.get('executable', str(self.params['executable'])),
            voice=overrides.get('voice', str(self.params['voice'])),
            max_chars=int(self.params['max_chars']))

    def _check_synth(self, **overrides: str) -> str | None:
        try:
            self._make_synth(**overrides)
        except (ConfigError, ModelUnavailable) as exc:
            return str(exc)
        return None

    def _open_speaker(self) -> None:
        self._speaker = None
        if not self.params['play']:
            return
        speaker, note = open_speaker(str(self.params['output_device']))
        self._speaker = speaker
        self.get_logger().info(
            note if speaker else f'not playing speech: {note}; publishing speech_audio only')

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        with self._lock:
            if set(changed) & {'voice', 'executable', 'max_chars'}:
                self._synth = self._make_synth()
            if 'max_queue' in changed:
                self._queue.max_length = int(self.params['max_queue'])
        if set(changed) & {'play', 'output_device'}:
            self._open_speaker()

    # -- input -------------------------------------------------------------------------

    def _on_utterance(self, msg: Utterance) -> None:
        try:
            request, repairs = msg_to_speech_request(msg)
            _, truncated = prepare_text(request.text, int(self.params['max_chars']))
        except InvalidInput as exc:
            self.warn_input('bad_text', f'utterance: {exc}')
            return
        for key, repair in repairs:
            total = self.counts.add(key)
            self.get_logger().warning(
                f'utterance: {repair} ({total} {key} so far)', throttle_duration_sec=5.0)
        verdict = check_text(request.text)
        if not verdict.allowed:
            total = self.counts.add('refused_manipulative')
            self.get_logger().warning(
                f'not saying {request.text[:60]!r}: {verdict.reason} ({total} refused so far)',
                throttle_duration_sec=5.0)
            return
        if truncated:
            self.counts.add('truncated')
            self.get_logger().warning(
                f'utterance of {len(request.text)} characters cut to max_chars '
                f'{self.params["max_chars"]}', throttle_duration_sec=5.0)
        with self._lock:
            offer = self._queue.offer(request)
            if offer.interrupt_current:
                self._cancel.set()
            for dropped in offer.dropped:
                self.counts.add('dropped')
                self.get_logger().info(f'not saying {dropped.text[:40]!r}: superseded')
            self._lock.notify_all()

    # -- speaking ----------------------------------------------------------------------

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self._speaking_pub.publish(Bool(data=speaking))

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._stopping and not len(self._queue):
                    self._lock.wait()
                if self._stopping:
                    return
                request = self._queue.take()
                self._cancel.clear()
                synth = self._synth
            assert request is not None
            try:
                self._say(request, synth)
            except (InvalidInput, ModelUnavailable) as exc:
                self.counts.add('synthesis_errors')
                self.get_logger().error(f'cannot say {request.text[:40]!r}: {exc}')
            with self._lock:
                self._queue.finish()
                idle = not len(self._queue)
            if idle:
                self._set_speaking(False)

    def _say(self, request: SpeechRequest, synth: EspeakSynthesizer) -> None:
        settings, _ = voice_settings(request.style, request.rate, request.pitch, request.volume)
        speech = synth.synthesize(request.text, request.style, settings)
        self.diagnostics.latency(speech.synthesis_seconds)
        if self._cancel.is_set() or self._stopping:
            return
        samples, rate = self._output_samples(speech)
        chunk = max(1, rate * int(self.params['chunk_ms']) // 1000)
        frame_id = str(self.params['frame_id'])
        self._set_speaking(True)
        # Paced on the node's clock, so the robot also talks at the right pace in simulation
        # (use_sim_time) and in demos that run faster than real time.
        start = self.get_clock().now()
        speaker = self._speaker
        if speaker is not None:
            speaker.play(speech.samples, speech.sample_rate)
        interrupted = False
        for first in range(0, samples.size, chunk):
            stamp = start + Duration(nanoseconds=int(first / rate * 1e9))
            if self._wait_until(stamp):
                interrupted = True
                break
            self._audio_pub.publish(samples_to_audio_chunk(
                samples[first:first + chunk], rate, 's16le', frame_id, stamp.to_msg()))
        if not interrupted:
            interrupted = self._wait_until(
                start + Duration(nanoseconds=int(samples.size / rate * 1e9)))
        if interrupted:
            if speaker is not None:
                speaker.stop()
            self.counts.add('interrupted')
        else:
            self.counts.add('spoken')
            self.diagnostics.tick()

    def _wait_until(self, target: Time) -> bool:
        """Wait until the node's clock reaches ``target``; return True if cancelled first."""
        while True:
            remaining = (target - self.get_clock().now()).nanoseconds * 1e-9
            if remaining <= 0.0:
                return self._cancel.is_set()
            if self._cancel.wait(min(remaining, 0.02)):
                return True

    def _output_samples(self, speech: SpeechAudio) -> tuple[np.ndarray, int]:
        rate = int(self.params['sample_rate'])
        return resample(speech.samples, speech.sample_rate, rate), rate

    def destroy_node(self) -> None:
        """Stop speaking and the worker, then the node."""
        lock = getattr(self, '_lock', None)  # absent when __init__ failed early
        if lock is not None:
            with lock:
                self._stopping = True
                self._cancel.set()
                lock.notify_all()
            if self._worker is not None:
                self._worker.join(timeout=5.0)
            if self._speaker is not None:
                self._speaker.stop()
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``voice_output`` until Ctrl-C."""
    return run_node(VoiceOutputNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
