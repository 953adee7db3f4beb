# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``audio_source``: a microphone or a WAV file as a stream of AudioChunk messages.

Parameters: ``source`` ('' = nothing, ``mic``/``mic:N``, or a WAV path; may change at run
time), ``sample_rate`` (Hz), ``chunk_ms``, ``speed`` (WAV playback speed; 1 = real time),
``loop``, ``frame_id``.
Publishes: ``audio`` (resonance_robot_msgs/AudioChunk, s16le mono), ``/diagnostics``.
Each chunk's stamp is the time its first sample was captured, or for a file when it played on
the file's own timeline (:class:`PlaybackClock`: a late timer does not squeeze what was said).
"""

from __future__ import annotations

from collections.abc import Mapping
import threading
from typing import Any

from rclpy.duration import Duration
from rclpy.time import Time

from resonance_robot_msgs.msg import AudioChunk

from .base import ResonanceNode, run_node
from .qos import STREAM_QOS
from ..conversions.audio import samples_to_audio_chunk
from ..core.errors import ConfigError, InvalidInput, ModelUnavailable
from ..core.params import ParamSpec, ParamValue
from ..core.sources.microphone import AudioSource, open_audio_source, WavSource
from ..core.sources.playback_clock import PlaybackClock

PARAMS = (
    ParamSpec('source', '', "What the robot hears: 'mic', 'mic:N' or a WAV file; empty for "
              'nothing.'),
    ParamSpec('sample_rate', 16000, 'Sample rate of the published audio, Hz.',
              minimum=8000, maximum=48000),
    ParamSpec('chunk_ms', 30, 'Duration of one AudioChunk, ms.', minimum=10, maximum=1000),
    ParamSpec('speed', 1.0, 'Playback speed of WAV files (1 = real time; the demo and tests '
              'go faster).', minimum=0.1, maximum=100.0),
    ParamSpec('loop', False, 'Repeat a WAV file instead of falling silent at its end.'),
    ParamSpec('frame_id', 'microphone', 'frame_id of the published chunks.'),
)

AUDIO_QOS = STREAM_QOS


class AudioSourceNode(ResonanceNode):
    """Publishes chunks from an :class:`AudioSource` at the audio's pace."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('audio_source', **kwargs)
        self._lock = threading.Lock()
        self._source: AudioSource | None = None
        self._timeline = PlaybackClock()
        self._checked: tuple[tuple[str, int, int, bool], AudioSource | None] | None = None
        self.param_checks['source'] = self._check_source
        try:
            self._open(str(self.params['source']))
        except (InvalidInput, ModelUnavailable) as exc:
            raise ConfigError(f'audio_source: source: {exc}') from exc
        self._pub = self.create_publisher(AudioChunk, 'audio', AUDIO_QOS)
        self._timer = self.create_timer(self._period(), self._publish)
        self.diagnostics.add_value('source', lambda: self.params['source'] or '(none)')
        self.on_params_changed(self._reconfigure)

    def _chunk_frames(self) -> int:
        return int(self.params['sample_rate']) * int(self.params['chunk_ms']) // 1000

    def _period(self) -> float:
        chunk_s = int(self.params['chunk_ms']) / 1000.0
        return chunk_s / float(self.params['speed'])

    def _key(self, spec: str) -> tuple[str, int, int, bool]:
        return (spec, int(self.params['sample_rate']), self._chunk_frames(),
                bool(self.params['loop']))

    def _check_source(self, value: Any) -> str | None:
        """Open the new source to check it, and keep it for :meth:`_open` to use."""
        key = self._key(str(value))
        try:
            source = open_audio_source(*key)
        except (InvalidInput, ModelUnavailable) as exc:
            return str(exc)
        old, self._checked = self._checked, (key, source)
        if old is not None and old[1] is not None:
            old[1].close()
        return None

    def _open(self, spec: str) -> None:
        key = self._key(spec)
        checked, self._checked = self._checked, None
        if checked is not None and checked[0] == key:
            source = checked[1]  # decoded by the parameter check: no second read
        else:
            if checked is not None and checked[1] is not None:
                checked[1].close()
            source = open_audio_source(*key)
        with self._lock:
            if self._source is not None:
                self._source.close()
            self._source = source
            self._timeline.reset()
        if source is not None:
            self.get_logger().info(f'audio source: {source.description}')

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        if set(changed) & {'source', 'sample_rate', 'chunk_ms', 'loop'}:
            self._open(str(self.params['source']))
        if set(changed) & {'speed', 'chunk_ms', 'sample_rate'}:
            self._timer.cancel()
            self.destroy_timer(self._timer)
            self._timer = self.create_timer(self._period(), self._publish)
            with self._lock:
                self._timeline.reset()

    @property
    def playing_file(self) -> bool:
        """Whether a WAV file is being played and has not reached its end."""
        with self._lock:
            return isinstance(self._source, WavSource) and not self._source.finished

    def _publish(self) -> None:
        with self._lock:
            if self._source is None:
                return
            chunk = self._source.read()
            rate = self._source.sample_rate
            played = isinstance(self._source, WavSource)
            if chunk is None:
                self._timeline.reset()
                return
            now = self.get_clock().now()
            duration = chunk.size / rate / float(self.params['speed'])
            if played:  # the file's timeline, whenever the timer fired
                captured = Time(nanoseconds=int(round(
                    self._timeline.stamp(now.nanoseconds * 1e-9, duration) * 1e9)),
                    clock_type=now.clock_type)
            else:
                captured = now - Duration(seconds=duration)
        msg = samples_to_audio_chunk(
            chunk, rate, 's16le', str(self.params['frame_id']), captured.to_msg())
        self._pub.publish(msg)
        self.diagnostics.tick()

    def destroy_node(self) -> None:
        """Close the microphone, then the node."""
        checked = getattr(self, '_checked', None)
        if checked is not None and checked[1] is not None:
            checked[1].close()  # checked by a parameter change that never applied
        lock = getattr(self, '_lock', None)  # absent when __init__ failed part-way
        if lock is not None:
            with lock:
                if self._source is not None:
                    self._source.close()
                    self._source = None
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``audio_source`` until Ctrl-C."""
    return run_node(AudioSourceNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
