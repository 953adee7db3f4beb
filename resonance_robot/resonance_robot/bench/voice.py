# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Voice path speed: real-time factors, and the delay from end of speech to the published result.

Offline, on the input (a WAV file, or sentences synthesised with espeak-ng in neutral, calm
and excited deliveries separated by pauses), it measures the real-time factor (processing
time / audio time) of voice activity detection + prosody + text affect, and of the whole
path with speech recognition and keyword spotting, and the processing left after an
utterance closes. Then, unless ``--no-node``, it plays the input through ``audio_source``
at real-time speed into a running ``voice_affect`` node and times each VoiceAffect from the
end of speech (the utterance_end stamp, in the audio's clock) to its arrival at a
subscriber. Targets (README, "Speed and memory"): RTF <= 0.1 for VAD + prosody + text,
result <= 300 ms after the end of speech.
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import tempfile
import time
from typing import Any

from . import rss_mb

NAME = 'voice'
HELP = 'voice path: real-time factors and end-of-speech-to-result delay'

SENTENCES = (
    ('I am so happy today, this is wonderful', (175, 50, 100)),
    ('leave me alone', (120, 30, 60)),
    ('thank you so much, I love it', (220, 80, 180)),
    ('you are stupid and useless', (175, 50, 100)),
    ('stop watching me', (220, 80, 180)),
    ('the train leaves at nine in the morning', (120, 30, 60)),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot bench voice``."""
    parser.add_argument('--input', metavar='WAV', default=None,
                        help='speech to analyse (default: sentences synthesised with espeak-ng)')
    parser.add_argument('--sentences', type=int, default=len(SENTENCES),
                        help='synthesised sentences to use (default: %(default)s)')
    parser.add_argument('--repeat', type=int, default=3,
                        help='offline passes; the best is reported (default: %(default)s)')
    parser.add_argument('--no-node', action='store_true',
                        help='skip the real-time ROS round trip through the node')


def synthesise(path: pathlib.Path, count: int,
               sentences: tuple[tuple[str, tuple[int, int, int]], ...] = SENTENCES) -> None:
    """Write ``count`` espeak-ng ``sentences`` separated by 1 s pauses to ``path`` (16 kHz)."""
    import numpy as np

    from ..core.audio import read_wav, resample, to_mono, write_wav
    from ..core.errors import ModelUnavailable

    if shutil.which('espeak-ng') is None:
        raise ModelUnavailable('the default input needs espeak-ng (apt install espeak-ng); '
                               'or give --input FILE.wav')
    parts = [np.zeros(8000, np.float32)]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(max(1, count)):
            text, (rate, pitch, amp) = sentences[n % len(sentences)]
            out = pathlib.Path(tmp) / f'{n}.wav'
            subprocess.run(['espeak-ng', '-v', 'en-us', '-s', str(rate), '-p', str(pitch),
                            '-a', str(amp), '-w', str(out), '--', text],
                           check=True, capture_output=True, timeout=30)
            wav = read_wav(out)
            parts += [resample(to_mono(wav.samples), wav.sample_rate, 16000),
                      np.zeros(16000, np.float32)]
    write_wav(path, np.concatenate(parts), 16000)


def _offline(samples: Any, repeat: int) -> dict[str, Any]:
    from ..core.perception.voice.pipeline import analyse_samples, UtteranceResult, VoicePipeline
    from ..core.perception.voice.text_affect import TextAffectAnalyser
    from ..core.stats import LatencyStats

    audio_s = samples.size / 16000.0
    full = VoicePipeline()
    best_full, best_light, best_text = float('inf'), float('inf'), float('inf')
    results: list[UtteranceResult] = []
    for _ in range(max(1, repeat)):
        began = time.perf_counter()
        events = analyse_samples(VoicePipeline(engine=full.engine, spotter=full.spotter),
                                 samples)
        best_full = min(best_full, time.perf_counter() - began)
        results = [e for e in events if isinstance(e, UtteranceResult)]
        began = time.perf_counter()
        analyse_samples(VoicePipeline(engine=None, spotter=None), samples)
        best_light = min(best_light, time.perf_counter() - began)
        analyser = TextAffectAnalyser()
        began = time.perf_counter()
        for result in results:
            analyser.analyse(result.transcript)
        best_text = min(best_text, time.perf_counter() - began)
    finish, recognition, delay = LatencyStats(), LatencyStats(), LatencyStats()
    for result in results:
        finish.add(result.finish_s)
        recognition.add(result.recognition_s)
        delay.add(result.decided - result.end + result.finish_s)
    return {
        'audio_s': round(audio_s, 2),
        'utterances': len(results),
        'rtf_vad_prosody_text': round((best_light + best_text) / audio_s, 4),
        'rtf_whole_path': round(best_full / audio_s, 4),
        'finish_after_close_ms': finish.summary().as_ms(),
        'recognition_finish_ms': recognition.summary().as_ms(),
        'end_of_speech_to_result_offline_ms': delay.summary().as_ms(),
        'transcripts': [r.transcript for r in results],
    }


def _round_trip(wav: pathlib.Path, audio_s: float, expected: int) -> dict[str, Any]:
    from rclpy.parameter import Parameter

    from ..conversions.common import time_to_seconds
    from ..core.stats import LatencyStats
    from ..stack.bringup import node, Topic
    from ..stack.probe import TopicProbe
    from ..stack.runner import StackRunner

    delays = LatencyStats()
    specs = (node('audio_source'), node('voice_affect'))
    voice = Topic('voice', 'resonance_robot_msgs/msg/VoiceAffect')
    with StackRunner(specs) as runner:
        probe = runner.add_node(TopicProbe([voice], 'bench_probe', context=runner.context))
        clock = probe.get_clock()

        def on_message(name: str, msg: Any) -> None:
            now = clock.now().nanoseconds * 1e-9
            delays.add(now - time_to_seconds(msg.utterance_end))

        probe.listeners.append(on_message)
        source = runner.node('audio_source')
        probe.wait_for(lambda: source.count_subscribers('audio') > 0, timeout=10.0)
        source.set_parameters([Parameter('source', value=str(wav))])
        probe.wait_for(lambda: probe.count('voice') >= expected, timeout=audio_s + 10.0)
        voice_node = runner.node('voice_affect')
        status = voice_node.diagnostics.status()
        runner.remove_node(probe)
    values = {kv.key: kv.value for kv in status.values}
    return {'utterances': len(delays), 'end_of_speech_to_result_ms': delays.summary().as_ms(),
            'node_real_time_factor': values.get('real_time_factor', 'n/a')}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure and return the figures."""
    from ..core.audio import read_wav, resample, to_mono

    with tempfile.TemporaryDirectory(prefix='bench-voice-') as tmp:
        wav_path = pathlib.Path(args.input) if args.input else pathlib.Path(tmp) / 'speech.wav'
        if not args.input:
            synthesise(wav_path, args.sentences)
        wav = read_wav(wav_path)
        samples = resample(to_mono(wav.samples), wav.sample_rate, 16000)
        figures = {'offline': _offline(samples, args.repeat)}
        if not args.no_node:
            figures['node_round_trip'] = _round_trip(
                wav_path, wav.duration, figures['offline']['utterances'])
    figures['max_rss_mb'] = rss_mb()['peak_rss_mb']
    figures['targets'] = {'rtf_vad_prosody_text': '<= 0.1',
                          'end_of_speech_to_result_ms': '<= 300'}
    return figures
