# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``voice_affect``: what the person says and how, one VoiceAffect per utterance.

Audio chunks of any encoding, channel count and sample rate are decoded, mixed to mono and
resampled to 16 kHz in the subscription callback, then queued for a worker thread that runs
the streaming :class:`~..core.perception.voice.pipeline.VoicePipeline` (voice activity,
utterance cutting, recognition, keyword spotting, prosody, affect). Every chunk matters to
the pipeline, so chunks are queued, not replaced; when the worker falls ``queue_s`` behind
the oldest are dropped and counted (times stay right: chunks carry their capture stamps).
While the robot is
speaking (``robot_speaking``), and for ``robot_speech_tail_s`` after, what the microphone
hears is ignored, and an utterance in progress is discarded: the robot must not react to
its own voice.

Parameters: ``engine`` (pocketsphinx, none, sr:sphinx, sr:vosk, sr:whisper[:MODEL],
sr:faster_whisper[:MODEL]), ``model_dir``, ``second_pass``, ``spot_keywords``,
``keyword_sensitivity``, ``vad_aggressiveness``, ``energy_floor_dbfs``, ``hangover_ms``,
``preroll_ms``, ``min_speech_ms``, ``max_utterance_s``, ``dither_dbfs``,
``robot_speech_tail_s``, ``voice_id``, ``queue_s``, ``audio_reliable``, and the stack-wide
``deployment_context`` / ``inference_purpose`` (shared ``config/deployment.yaml``).

Where the deployment guard forbids emotion inference (EU AI Act Art. 5(1)(f)), and while
privacy mode is on, utterances are still cut and recognised, so commands ("stop", "you can
watch me again") and distress phrases still work, but no affect is estimated: the published
affect is ``unknown``, prosody reads zero and the speaker baseline learns nothing. The log
says why once; diagnostics ``inference`` says it always.
Subscribes: ``audio`` (resonance_robot_msgs/AudioChunk), ``robot_speaking`` (std_msgs/Bool),
``privacy`` (std_msgs/Bool, latched), ``deployment`` (std_msgs/String, latched; see
:mod:`.deployment`).
Publishes: ``voice`` (resonance_robot_msgs/VoiceAffect, at each utterance end),
``deployment`` (this node's setting, latched),
``person_speaking`` (std_msgs/Bool, on change, latched), ``/diagnostics``.
"""

from __future__ import annotations

from collections.abc import Mapping
import queue
import threading
import time
from typing import Any

from rclpy.qos import qos_profile_sensor_data
from resonance_robot_msgs.msg import AudioChunk, VoiceAffect
from std_msgs.msg import Bool

from .base import ResonanceNode, run_node
from .deployment import DeploymentWatch
from .qos import RELIABLE_QOS, STATE_QOS, STREAM_QOS
from ..conversions.common import time_to_seconds
from ..conversions.voice import voice_reading_to_msg
from ..core.audio import AudioFormat
from ..core.errors import ConfigError, InvalidInput, ModelUnavailable
from ..core.ethics import DEPLOYMENT_PARAM_NAMES, DEPLOYMENT_PARAMS, inference_state
from ..core.params import ParamSpec, ParamValue
from ..core.perception.voice.asr import ENGINE_SPECS
from ..core.perception.voice.input import ChunkNormaliser, InputIssue
from ..core.perception.voice.pipeline import (
    Discarded, Event, PipelineConfig, RobotSpeechGate, SpeakingChanged, UtteranceResult,
    VoicePipeline)
from ..core.perception.voice.prosody import SpeakerBaseline

PARAMS = (
    ParamSpec('engine', 'pocketsphinx', 'Speech recogniser: pocketsphinx (offline, streaming), '
              'none, or an offline speech_recognition engine: sr:sphinx, sr:vosk, '
              'sr:whisper[:MODEL], sr:faster_whisper[:MODEL].'),
    ParamSpec('model_dir', '', 'PocketSphinx model folder (acoustic model folder, .lm.bin, '
              '.dict); empty for the bundled US-English model.'),
    ParamSpec('second_pass', False, "Run PocketSphinx's flat-lexicon and best-path passes "
              '(slightly better words, ~80 ms later results).'),
    ParamSpec('spot_keywords', True, 'Spot command phrases and strong affect words with '
              'PocketSphinx keyword search alongside dictation.'),
    ParamSpec('keyword_sensitivity', 1.0, 'Scales keyword thresholds: >1 stricter (fewer '
              'false alarms), <1 more eager.', minimum=0.2, maximum=5.0),
    ParamSpec('vad_aggressiveness', 2, 'webrtcvad aggressiveness: 0 keeps most audio as '
              'speech, 3 is strictest.', minimum=0, maximum=3),
    ParamSpec('energy_floor_dbfs', -55.0, 'Frames quieter than this are never speech, dBFS.',
              minimum=-90.0, maximum=-10.0),
    ParamSpec('hangover_ms', 240.0, 'Silence that ends an utterance, ms (shorter: faster '
              'results, but pauses split sentences).', minimum=90.0, maximum=3000.0),
    ParamSpec('preroll_ms', 300.0, 'Audio kept from before the speech onset, ms.',
              minimum=0.0, maximum=1000.0),
    ParamSpec('min_speech_ms', 180.0, 'Less speech than this in an utterance is a click or '
              'cough: discarded, ms.', minimum=30.0, maximum=3000.0),
    ParamSpec('max_utterance_s', 15.0, 'Utterances are cut after this long, s.',
              minimum=1.0, maximum=60.0),
    ParamSpec('dither_dbfs', -50.0, 'Noise floor added to what the recogniser hears (digital '
              'silence confuses it), dBFS.', minimum=-90.0, maximum=-20.0),
    ParamSpec('robot_speech_tail_s', 0.5, 'Audio is still ignored this long after the robot '
              'stops speaking (echo, late flag), s.', minimum=0.0, maximum=5.0),
    ParamSpec('voice_id', 'voice0', 'voice_id of the published readings.'),
    ParamSpec('queue_s', 10.0, 'Audio the worker may fall behind before the oldest chunks '
              'are dropped, s.', minimum=1.0, maximum=120.0),
    ParamSpec('audio_reliable', True, 'Subscribe to audio reliably (like audio_source '
              'publishes); false for best-effort microphone drivers.', read_only=True),
) + DEPLOYMENT_PARAMS


FLAG_QOS = RELIABLE_QOS
"""Subscription to a state flag: reliable and volatile, so it matches latched publishers too."""

_PIPELINE_PARAMS = {
    'engine', 'model_dir', 'second_pass', 'spot_keywords', 'keyword_sensitivity',
    'vad_aggressiveness', 'energy_floor_dbfs', 'hangover_ms', 'preroll_ms', 'min_speech_ms',
    'max_utterance_s', 'dither_dbfs', 'voice_id'}

_ISSUE_TEXT = {
    InputIssue.NONFINITE: 'AudioChunk holds NaN or infinite samples; they were replaced by 0',
    InputIssue.CLIPPED: 'AudioChunk is clipped (samples at full scale): lower the microphone '
                        'gain; loudness reads low',
}


def pipeline_config(params: Mapping[str, ParamValue]) -> PipelineConfig:
    """Build the pipeline's config from the node's parameters."""
    return PipelineConfig(
        vad_aggressiveness=int(params['vad_aggressiveness']),
        energy_floor_dbfs=float(params['energy_floor_dbfs']),
        hangover_ms=float(params['hangover_ms']), preroll_ms=float(params['preroll_ms']),
        min_speech_ms=float(params['min_speech_ms']),
        max_utterance_s=float(params['max_utterance_s']), engine=str(params['engine']),
        model_dir=str(params['model_dir']), second_pass=bool(params['second_pass']),
        spot_keywords=bool(params['spot_keywords']),
        keyword_sensitivity=float(params['keyword_sensitivity']),
        dither_dbfs=float(params['dither_dbfs']), voice_id=str(params['voice_id']))


def _check_engine(value: Any) -> str | None:
    spec = str(value).strip()
    if spec in ENGINE_SPECS or any(spec.startswith(f'{s}:') for s in ENGINE_SPECS
                                   if s.startswith('sr:')):
        return None
    return f'unknown engine {value!r}; one of: {", ".join(ENGINE_SPECS)}'


class VoiceAffectNode(ResonanceNode):
    """Runs the voice pipeline on the ``audio`` stream (see the module docstring)."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('voice_affect', **kwargs)
        self.param_checks['engine'] = _check_engine
        self.param_checks['voice_id'] = lambda v: None if str(v) else 'must not be empty'
        try:
            self._pipeline = VoicePipeline(pipeline_config(self.params))
        except (ConfigError, ModelUnavailable) as exc:
            raise type(exc)(f'voice_affect: {exc}') from exc
        self._gate = RobotSpeechGate(float(self.params['robot_speech_tail_s']))
        try:
            self.deployment = DeploymentWatch(self)
        except ValueError as exc:
            raise ConfigError(f'voice_affect: {exc}') from exc
        self._privacy = False
        self._forget_speaker = False
        self._pipeline.infer_affect = self._affect_allowed()
        self._normaliser = ChunkNormaliser()
        self._queue: queue.Queue[tuple[Any, float, int] | None] = queue.Queue()
        self._queued_samples = 0
        self._queue_lock = threading.Lock()
        self._rebuild: PipelineConfig | None = None
        self._frame_id = ''
        self._audio_s = 0.0
        self._busy_s = 0.0
        self._voice_pub = self.create_publisher(VoiceAffect, 'voice', 10)
        self._speaking_pub = self.create_publisher(Bool, 'person_speaking', STATE_QOS)
        self._speaking_pub.publish(Bool(data=False))
        audio_qos = STREAM_QOS if self.params['audio_reliable'] else qos_profile_sensor_data
        self._audio_sub = self.create_subscription(
            AudioChunk, 'audio', self._on_audio, audio_qos)
        self._robot_sub = self.create_subscription(
            Bool, 'robot_speaking', self._on_robot_speaking, FLAG_QOS)
        self.create_subscription(Bool, 'privacy', self._on_privacy, STATE_QOS)
        self.diagnostics.add_value('inference', self._inference_state)
        self.on_params_changed(self._reconfigure)
        self.diagnostics.add_value('engine', lambda: self._pipeline.config.engine)
        self.diagnostics.add_value('person_speaking', lambda: self._pipeline.speaking)
        self.diagnostics.add_value('robot_speaking', lambda: self._gate.speaking)
        self.diagnostics.add_value('queue_s', lambda: f'{self._queued_samples / 16000:.2f}')
        self.diagnostics.add_value('real_time_factor', self._real_time_factor)
        self.diagnostics.add_value('baseline_utterances',
                                   lambda: self._pipeline.baseline.utterances)
        self._worker_state = 'running'
        self.diagnostics.add_value('worker', lambda: self._worker_state)
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._work, name='voice_affect', daemon=True)
        self._worker.start()
        self.get_logger().info(
            f'listening on {self.resolve_topic_name("audio")} with engine '
            f'{self._pipeline.config.engine}, keyword spotting '
            f'{"on" if self._pipeline.spotter else "off"}')
        self._say_guard()

    # -- callbacks (cheap: decode and queue) ----------------------------------------------

    def _on_audio(self, msg: AudioChunk) -> None:
        try:
            fmt = AudioFormat(int(msg.sample_rate), int(msg.channels), str(msg.encoding))
            chunk = self._normaliser.normalise(fmt, msg.data)
        except InvalidInput as exc:
            key = 'bad_empty' if not len(msg.data) else 'bad_format'
            self.warn_input(key, f'unusable AudioChunk: {exc}')
            return
        for issue in chunk.issues:
            self.counts.add(issue.value)
            if issue in _ISSUE_TEXT:
                self.get_logger().warning(
                    f'{_ISSUE_TEXT[issue]} ({self.counts.get(issue.value)} chunks so far)',
                    throttle_duration_sec=5.0)
        self._frame_id = msg.header.frame_id
        stamp = time_to_seconds(msg.header.stamp)
        if stamp <= 0.0:  # unstamped: it was captured just before it arrived
            stamp = self._now() - chunk.source_frames / fmt.sample_rate
        with self._queue_lock:
            limit = float(self.params['queue_s']) * 16000
            while self._queued_samples + chunk.samples.size > limit and not self._queue.empty():
                dropped = self._queue.get_nowait()
                if dropped is not None:
                    self._queued_samples -= dropped[0].size
                    self.counts.add('dropped_chunks')
            self._queue.put((chunk.samples, stamp, chunk.samples.size))
            self._queued_samples += chunk.samples.size

    def _affect_allowed(self) -> bool:
        return self.deployment.guard.allowed and not self._privacy

    def _inference_state(self) -> str:
        state = inference_state(self.deployment.guard, self._privacy)
        return state.replace('off (', 'words and commands only (', 1)

    def _say_guard(self) -> None:
        if not self.deployment.guard.allowed:
            self.get_logger().warning(
                'words and commands only, no affect from voice or words: '
                f'{self.deployment.guard.explanation}')

    def _on_privacy(self, msg: Bool) -> None:
        if bool(msg.data) == self._privacy:
            return
        self._privacy = bool(msg.data)
        self._pipeline.infer_affect = self._affect_allowed()
        if self._privacy:
            self._forget_speaker = True  # the worker drops the speaker baseline
        self.get_logger().info('privacy mode on: words and commands only' if self._privacy
                               else 'privacy mode off')

    def _on_robot_speaking(self, msg: Bool) -> None:
        self._gate.robot_speaking(bool(msg.data), self._now())

    def _now(self) -> float:
        return float(self.get_clock().now().nanoseconds) * 1e-9

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        if 'robot_speech_tail_s' in changed:
            self._gate.tail_s = float(self.params['robot_speech_tail_s'])
        if set(changed) & _PIPELINE_PARAMS:
            self._rebuild = pipeline_config(self.params)
        if DEPLOYMENT_PARAM_NAMES & set(changed) and self.deployment.update():
            self._pipeline.infer_affect = self._affect_allowed()
            if not self.deployment.guard.allowed:
                self._forget_speaker = True
            self._say_guard()

    # -- worker ------------------------------------------------------------------------------

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=0.1)
            except queue.Empty:
                if self._rebuild is not None:
                    self._apply_rebuild()
                continue
            if item is None:
                break
            samples, stamp, size = item
            with self._queue_lock:
                self._queued_samples -= size
            if self._rebuild is not None:
                self._apply_rebuild()
            began = time.perf_counter()
            try:
                self._process(samples, stamp)
            except BaseException as exc:
                self._worker_state = f'failed: {type(exc).__name__}: {exc}'
                self.get_logger().error(f'voice worker stopped: {exc!r}')
                raise
            self._busy_s += time.perf_counter() - began
            self._audio_s += samples.size / 16000.0

    def _process(self, samples: Any, stamp: float) -> None:
        if self._forget_speaker:
            self._forget_speaker = False
            self._pipeline.baseline = SpeakerBaseline()
        events: list[Event] = []
        muted = self._gate.is_muted(stamp)
        if muted != self._pipeline.muted:
            events += self._pipeline.mute(muted)
        if muted:
            self.counts.add('chunks_ignored_robot_speaking')
        events += self._pipeline.push(samples, stamp)
        for event in events:
            self._publish(event)

    def _apply_rebuild(self) -> None:
        config, self._rebuild = self._rebuild, None
        assert config is not None
        try:
            pipeline = VoicePipeline(config)
        except (ConfigError, ModelUnavailable) as exc:
            self.get_logger().error(f'cannot apply the new settings, keeping the old: {exc}')
            return
        pipeline.baseline = self._pipeline.baseline  # the speaker is the same
        pipeline.infer_affect = self._affect_allowed()
        self._pipeline = pipeline
        self.get_logger().info(f'voice pipeline rebuilt (engine {config.engine})')

    def _publish(self, event: Event) -> None:
        if isinstance(event, SpeakingChanged):
            self._speaking_pub.publish(Bool(data=event.speaking))
        elif isinstance(event, Discarded):
            self.counts.add(f'discarded_{event.reason}')
        elif isinstance(event, UtteranceResult):
            if event.recognition_error:
                self.counts.add('recognition_errors')
                self.get_logger().error(
                    f'speech engine failed, words lost: {event.recognition_error}',
                    throttle_duration_sec=5.0)
            self._voice_pub.publish(voice_reading_to_msg(event.reading(), self._frame_id))
            self.counts.add('utterances')
            self.diagnostics.tick()
            self.diagnostics.latency(self._now() - event.end)
            self.get_logger().debug(
                f'utterance {event.start:.2f}-{event.end:.2f} s: "{event.transcript}" '
                f'commands={[c.value for c in event.commands]} '
                f'valence={event.affect.valence:+.2f} arousal={event.affect.arousal:+.2f}')

    def _real_time_factor(self) -> str:
        return f'{self._busy_s / self._audio_s:.3f}' if self._audio_s else 'n/a'

    def destroy_node(self) -> None:
        """Stop the worker, then the node."""
        stop = getattr(self, '_stop', None)  # absent when __init__ failed part-way
        if stop is not None:
            stop.set()
            self._queue.put(None)
            self._worker.join(timeout=5.0)
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``voice_affect`` until Ctrl-C."""
    return run_node(VoiceAffectNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
