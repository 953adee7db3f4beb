# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
PCM audio as data: decode and encode AudioChunk payloads, read and write WAV files, resample.

Samples inside the package are float32 in [-1, 1], shaped ``(frames, channels)``. Every
decoder checks what it is given and raises :class:`InvalidInput` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
import io
import math
import pathlib
import wave

import numpy as np
import numpy.typing as npt

from .errors import InvalidInput

FloatArray = npt.NDArray[np.float32]

S16LE = 's16le'
S24LE = 's24le'
S32LE = 's32le'
U8 = 'u8'
F32LE = 'f32le'
BYTES_PER_SAMPLE = {U8: 1, S16LE: 2, S24LE: 3, S32LE: 4, F32LE: 4}
"""Encodings of resonance_robot_msgs/AudioChunk and their sample widths."""

MAX_CHANNELS = 32
MAX_SAMPLE_RATE = 384_000


@dataclass(frozen=True)
class AudioFormat:
    """Sample rate, channel count and encoding of a stream of chunks."""

    sample_rate: int
    channels: int
    encoding: str

    def __post_init__(self) -> None:
        """Reject formats no microphone produces."""
        if self.encoding not in BYTES_PER_SAMPLE:
            raise InvalidInput(
                f'unsupported audio encoding {self.encoding!r}; '
                f'supported: {", ".join(sorted(BYTES_PER_SAMPLE))}')
        if not 1 <= self.channels <= MAX_CHANNELS:
            raise InvalidInput(f'channels must be 1..{MAX_CHANNELS}, got {self.channels}')
        if not 1000 <= self.sample_rate <= MAX_SAMPLE_RATE:
            raise InvalidInput(
                f'sample rate must be 1000..{MAX_SAMPLE_RATE} Hz, got {self.sample_rate}')

    @property
    def frame_bytes(self) -> int:
        """Bytes per frame (one sample of every channel)."""
        return BYTES_PER_SAMPLE[self.encoding] * self.channels


def decode_pcm(data: bytes | bytearray | memoryview, fmt: AudioFormat) -> FloatArray:
    """
    Decode interleaved little-endian PCM to float32 ``(frames, channels)`` in [-1, 1].

    Non-finite float samples become 0 and out-of-range ones are clipped, so one corrupt value
    cannot poison a pitch or loudness estimate.
    """
    raw = bytes(data)
    if len(raw) % fmt.frame_bytes:
        raise InvalidInput(
            f'{len(raw)} bytes is not a whole number of {fmt.encoding} frames of '
            f'{fmt.channels} channel(s) ({fmt.frame_bytes} bytes each)')
    if fmt.encoding == U8:
        samples = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif fmt.encoding == S16LE:
        samples = np.frombuffer(raw, '<i2').astype(np.float32) / 32768.0
    elif fmt.encoding == S24LE:
        triples = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        values = triples[:, 0] | (triples[:, 1] << 8) | (triples[:, 2] << 16)
        values = np.where(values >= 1 << 23, values - (1 << 24), values)
        samples = values.astype(np.float32) / float(1 << 23)
    elif fmt.encoding == S32LE:
        samples = (np.frombuffer(raw, '<i4').astype(np.float64) / 2147483648.0).astype(
            np.float32)
    else:
        samples = np.frombuffer(raw, '<f4').astype(np.float32)
        samples = np.clip(np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0), -1.0, 1.0)
    return np.ascontiguousarray(samples.reshape(-1, fmt.channels))


def encode_pcm(samples: npt.ArrayLike, encoding: str = S16LE) -> bytes:
    """Encode float samples in [-1, 1] (any shape, interleaved row-major) as PCM bytes."""
    if encoding not in BYTES_PER_SAMPLE:
        raise InvalidInput(f'unsupported audio encoding {encoding!r}')
    values = np.clip(np.nan_to_num(np.asarray(samples, np.float64).reshape(-1)), -1.0, 1.0)
    if encoding == U8:
        return np.round(values * 127.0 + 128.0).astype(np.uint8).tobytes()
    if encoding == S16LE:
        return np.round(values * 32767.0).astype('<i2').tobytes()
    if encoding == S24LE:
        ints = np.round(values * 8388607.0).astype(np.int32)
        triples = np.stack([ints & 0xFF, (ints >> 8) & 0xFF, (ints >> 16) & 0xFF], axis=1)
        return triples.astype(np.uint8).tobytes()
    if encoding == S32LE:
        return np.round(values * 2147483647.0).astype('<i4').tobytes()
    return values.astype('<f4').tobytes()


def to_mono(samples: FloatArray) -> FloatArray:
    """Average the channels of ``(frames, channels)`` samples into a 1-D array."""
    if samples.ndim == 1:
        return samples.astype(np.float32, copy=False)
    return np.asarray(samples.mean(axis=1, dtype=np.float32), dtype=np.float32)


def resample(samples: FloatArray, rate_in: int, rate_out: int) -> FloatArray:
    """Resample 1-D float audio with a polyphase anti-aliasing filter."""
    if rate_in == rate_out or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    from scipy.signal import resample_poly

    g = math.gcd(rate_in, rate_out)
    out = resample_poly(samples.astype(np.float64), rate_out // g, rate_in // g)
    return np.asarray(out, dtype=np.float32)


@dataclass(frozen=True)
class WavData:
    """Samples and format of a decoded WAV file."""

    samples: FloatArray
    sample_rate: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return float(self.samples.shape[0]) / float(self.sample_rate)


_WAV_WIDTH_TO_ENCODING = {1: U8, 2: S16LE, 3: S24LE, 4: S32LE}


def read_wav(source: str | pathlib.Path | bytes) -> WavData:
    """Read a PCM WAV file (8/16/24/32-bit integer or 32-bit float) to float samples."""
    name = '<bytes>' if isinstance(source, bytes) else str(source)
    try:
        raw = source if isinstance(source, bytes) else pathlib.Path(source).read_bytes()
    except OSError as exc:
        raise InvalidInput(f'cannot read {name}: {exc.strerror or exc}') from exc
    if len(raw) < 12 or raw[:4] != b'RIFF' or raw[8:12] != b'WAVE':
        raise InvalidInput(f'{name} is not a WAV file (no RIFF/WAVE header)')
    fmt_tag = _wav_format_tag(raw)
    if fmt_tag == 3:
        return _read_float_wav(raw, name)
    try:
        with wave.open(io.BytesIO(raw)) as wav:
            width = wav.getsampwidth()
            fmt = AudioFormat(wav.getframerate(), wav.getnchannels(),
                              _WAV_WIDTH_TO_ENCODING.get(width, f'{8 * width}-bit'))
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError, RuntimeError) as exc:  # RuntimeError: a chunk overruns
        raise InvalidInput(f'{name} is not a readable PCM WAV file: {exc}') from exc
    usable = len(frames) - len(frames) % fmt.frame_bytes
    return WavData(decode_pcm(frames[:usable], fmt), fmt.sample_rate)


def _wav_format_tag(raw: bytes) -> int:
    pos = 12
    while pos + 8 <= len(raw):
        chunk_id, size = raw[pos:pos + 4], int.from_bytes(raw[pos + 4:pos + 8], 'little')
        if chunk_id == b'fmt ' and size >= 2:
            tag = int.from_bytes(raw[pos + 8:pos + 10], 'little')
            if tag == 0xFFFE and size >= 26:  # WAVE_FORMAT_EXTENSIBLE: tag in the sub-format
                tag = int.from_bytes(raw[pos + 32:pos + 34], 'little')
            return tag
        pos += 8 + size + (size & 1)
    return 1


def _read_float_wav(raw: bytes, name: str) -> WavData:
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(raw):
        chunk_id, size = raw[pos:pos + 4], int.from_bytes(raw[pos + 4:pos + 8], 'little')
        chunks.setdefault(chunk_id, raw[pos + 8:pos + 8 + size])
        pos += 8 + size + (size & 1)
    head, data = chunks.get(b'fmt '), chunks.get(b'data')
    if head is None or data is None or len(head) < 16:
        raise InvalidInput(f'{name}: WAV file without fmt or data chunk')
    channels = int.from_bytes(head[2:4], 'little')
    rate = int.from_bytes(head[4:8], 'little')
    bits = int.from_bytes(head[14:16], 'little')
    if bits != 32:
        raise InvalidInput(f'{name}: {bits}-bit float WAV is not supported; use 32-bit')
    fmt = AudioFormat(rate, channels, F32LE)
    usable = len(data) - len(data) % fmt.frame_bytes
    return WavData(decode_pcm(data[:usable], fmt), rate)


def write_wav(path: str | pathlib.Path, samples: npt.ArrayLike, sample_rate: int) -> None:
    """Write float samples (1-D mono or ``(frames, channels)``) as a 16-bit PCM WAV file."""
    array = np.asarray(samples, dtype=np.float32)
    channels = 1 if array.ndim == 1 else int(array.shape[1])
    with wave.open(str(path), 'wb') as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(int(sample_rate))
        wav.writeframes(encode_pcm(array, S16LE))
