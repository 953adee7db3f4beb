# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""``resonance-robot voice FILE.wav`` and ``resonance-robot bench voice`` on tiny inputs."""

import json
import wave

import numpy as np
import pytest
from resonance_robot import cli
from resonance_robot.core.audio import encode_pcm, resample
from speech_fixtures import conversation, requires_espeak, speech, write_speech_wav

pytestmark = requires_espeak


def _wav(path, samples, rate, width, channels=1):
    """Write ``samples`` (16 kHz mono) as a ``width``-byte integer WAV at ``rate``."""
    x = resample(samples, 16000, rate)
    frames = np.stack([x] * channels, axis=1) if channels > 1 else x
    with wave.open(str(path), 'wb') as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(encode_pcm(frames, {1: 'u8', 2: 's16le', 3: 's24le', 4: 's32le'}[width]))
    return path


@pytest.mark.parametrize('rate,width,channels', [(16000, 2, 1), (44100, 3, 2), (8000, 1, 1)])
def test_voice_command_reports_each_utterance_as_json(tmp_path, capsys, rate, width, channels):
    kind = speech('this is wonderful, I love it')
    audio = conversation(0.3, speech('stop'), 1.0, kind, 0.5)
    wav = _wav(tmp_path / 'talk.wav', audio, rate, width, channels)
    assert cli.main(['voice', str(wav), '--json']) == 0
    report = json.loads(capsys.readouterr().out)
    assert report['sample_rate'] == rate and report['engine'] == 'pocketsphinx'
    first, second = report['utterances']
    assert second['commands'] == []
    if rate >= 16000:  # 8-bit telephone-band "stop" is heard by one recogniser: not believed
        assert first['commands'] == ['stop']
    assert all(v['reason'] for v in first['verdicts'])
    assert first['start_s'] < first['end_s'] < second['start_s'] < second['end_s']
    assert second['valence'] > first['valence']  # a kind sentence reads kinder than a rebuff
    for row in (first, second):
        assert set(row['prosody']) == {'pitch_median_hz', 'pitch_range_st', 'loudness_dbfs',
                                       'speech_rate_sps', 'pause_ratio'}
        assert row['expression'] and 0.0 < row['confidence'] <= 1.0


def test_voice_command_prints_a_readable_summary(tmp_path, capsys):
    wav = write_speech_wav(tmp_path / 'leave.wav', conversation(0.3, speech('stop'),
                                                                0.5))
    assert cli.main(['voice', str(wav)]) == 0
    out = capsys.readouterr().out
    assert '1 utterance(s)' in out and 'commands   stop' in out
    assert 'valence' in out and 'arousal' in out and 'Hz' in out


@pytest.mark.parametrize('content,message', [
    (b'this is not audio', 'is not a WAV file'),
    (b'RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'WAV'),
])
def test_voice_command_rejects_what_is_not_a_wav(tmp_path, capsys, content, message):
    bad = tmp_path / 'bad.wav'
    bad.write_bytes(content)
    assert cli.main(['voice', str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith('resonance-robot voice: error:') and message in err


def test_voice_command_on_silence_and_with_a_missing_engine(tmp_path, capsys):
    wav = write_speech_wav(tmp_path / 'quiet.wav', np.zeros(16000, np.float32))
    assert cli.main(['voice', str(wav), '--json']) == 0
    assert json.loads(capsys.readouterr().out)['utterances'] == []
    assert cli.main(['voice', str(wav), '--engine', 'nonsense']) == 2
    assert 'unknown speech engine' in capsys.readouterr().err


@pytest.mark.ros
def test_the_voice_benchmark_runs_on_a_tiny_input(tmp_path, capsys):
    out = tmp_path / 'voice.json'
    assert cli.main(['bench', 'voice', '--sentences', '1', '--repeat', '1',
                     '--json', str(out)]) == 0
    figures = json.loads(out.read_text())['figures']
    offline = figures['offline']
    assert offline['utterances'] == 1 and offline['audio_s'] > 1.0
    assert 0.0 < offline['rtf_vad_prosody_text'] < offline['rtf_whole_path']
    delay = offline['end_of_speech_to_result_offline_ms']['p50_ms']
    assert delay > 200.0  # the hangover is part of it: the figure is honest
    trip = figures['node_round_trip']
    assert trip['utterances'] == 1
    assert trip['end_of_speech_to_result_ms']['count'] == 1
