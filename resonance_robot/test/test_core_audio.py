# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""PCM audio: every AudioChunk encoding round-trips, WAV files of every width read back."""

import struct
import wave

import numpy as np
import pytest
from resonance_robot.core.audio import (
    AudioFormat, BYTES_PER_SAMPLE, decode_pcm, encode_pcm, read_wav, resample, to_mono, write_wav)
from resonance_robot.core.errors import InvalidInput


def tone(rate=16000, seconds=0.25, freq=220.0, amp=0.5):
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize('encoding,tolerance', [
    ('u8', 1 / 100), ('s16le', 1e-4), ('s24le', 1e-6), ('s32le', 1e-8), ('f32le', 1e-7)])
def test_every_encoding_round_trips(encoding, tolerance):
    stereo = np.stack([tone(), -tone()], axis=1)
    data = encode_pcm(stereo, encoding)
    assert len(data) == stereo.size * BYTES_PER_SAMPLE[encoding]
    back = decode_pcm(data, AudioFormat(16000, 2, encoding))
    assert back.shape == stereo.shape and back.dtype == np.float32
    assert np.abs(back - stereo).max() < tolerance


def test_float_samples_with_nan_inf_and_clipping_are_repaired():
    raw = np.array([np.nan, np.inf, -np.inf, 3.0, -0.5], '<f4').tobytes()
    out = decode_pcm(raw, AudioFormat(16000, 1, 'f32le'))[:, 0]
    np.testing.assert_array_equal(out, [0.0, 1.0, -1.0, 1.0, -0.5])


def test_partial_frames_and_bad_formats_are_invalid_input():
    with pytest.raises(InvalidInput, match='not a whole number of s16le frames'):
        decode_pcm(b'\x00\x01\x02', AudioFormat(16000, 1, 's16le'))
    with pytest.raises(InvalidInput, match="unsupported audio encoding 'mp3'"):
        AudioFormat(16000, 1, 'mp3')
    with pytest.raises(InvalidInput, match='channels'):
        AudioFormat(16000, 0, 's16le')
    with pytest.raises(InvalidInput, match='sample rate'):
        AudioFormat(10, 1, 's16le')


def test_empty_chunk_decodes_to_no_frames():
    assert decode_pcm(b'', AudioFormat(16000, 2, 's16le')).shape == (0, 2)


def test_to_mono_averages_channels():
    stereo = np.array([[1.0, 0.0], [0.5, 0.5]], np.float32)
    np.testing.assert_allclose(to_mono(stereo), [0.5, 0.5])


def test_resample_keeps_pitch_and_duration():
    x = tone(rate=48000, seconds=0.5, freq=440.0)
    y = resample(x, 48000, 16000)
    assert y.size == 8000
    spectrum = np.abs(np.fft.rfft(y))
    assert np.fft.rfftfreq(y.size, 1 / 16000)[spectrum.argmax()] == pytest.approx(440.0, abs=2.0)


def _write_int_wav(path, width, rate=8000, channels=1):
    samples = np.tile(tone(rate, 0.1)[:, None], (1, channels))
    encoding = {1: 'u8', 2: 's16le', 3: 's24le', 4: 's32le'}[width]
    with wave.open(str(path), 'wb') as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(encode_pcm(samples, encoding))
    return samples


@pytest.mark.parametrize('width', [1, 2, 3, 4])
def test_integer_wavs_of_every_width_read_back(tmp_path, width):
    path = tmp_path / f'w{width}.wav'
    samples = _write_int_wav(path, width, channels=2)
    wav = read_wav(path)
    assert wav.sample_rate == 8000 and wav.samples.shape == samples.shape
    assert np.abs(wav.samples - samples).max() < 0.01
    assert wav.duration == pytest.approx(0.1)


def test_float_wav_reads_back(tmp_path):
    samples = tone(22050, 0.1)
    data = samples.astype('<f4').tobytes()
    fmt = struct.pack('<HHIIHH', 3, 1, 22050, 22050 * 4, 4, 32)
    riff = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'data' \
        + struct.pack('<I', len(data)) + data
    path = tmp_path / 'f.wav'
    path.write_bytes(b'RIFF' + struct.pack('<I', len(riff)) + riff)
    wav = read_wav(path)
    assert wav.sample_rate == 22050
    np.testing.assert_allclose(wav.samples[:, 0], samples, atol=1e-7)


def test_write_wav_then_read(tmp_path):
    path = tmp_path / 'out.wav'
    write_wav(path, tone(), 16000)
    assert np.abs(read_wav(path).samples[:, 0] - tone()).max() < 1e-4


@pytest.mark.parametrize('content,reason', [
    (b'', 'not a WAV file'),
    (b'ID3\x03' + bytes(100), 'not a WAV file'),
    (b'RIFF\x24\x00\x00\x00WAVEfmt ', 'not a readable PCM WAV'),
])
def test_files_that_are_not_wavs_are_invalid_input(tmp_path, content, reason):
    path = tmp_path / 'bad.wav'
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=reason):
        read_wav(path)


def test_missing_wav_is_invalid_input(tmp_path):
    with pytest.raises(InvalidInput, match='cannot read'):
        read_wav(tmp_path / 'missing.wav')
