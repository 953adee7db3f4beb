# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""AudioChunk messages to and from float samples."""

from __future__ import annotations

from builtin_interfaces.msg import Time
import numpy as np
import numpy.typing as npt

from resonance_robot_msgs.msg import AudioChunk

from ..core.audio import AudioFormat, decode_pcm, encode_pcm


def audio_chunk_to_samples(msg: AudioChunk) -> tuple[AudioFormat, npt.NDArray[np.float32]]:
    """Decode an AudioChunk to its format and float32 ``(frames, channels)`` samples."""
    fmt = AudioFormat(int(msg.sample_rate), int(msg.channels), msg.encoding)
    return fmt, decode_pcm(bytes(msg.data), fmt)


def samples_to_audio_chunk(
    samples: npt.ArrayLike, sample_rate: int, encoding: str = 's16le',
    frame_id: str = '', stamp: Time | None = None,
) -> AudioChunk:
    """Encode float samples (1-D mono or ``(frames, channels)``) as an AudioChunk."""
    array = np.asarray(samples, dtype=np.float32)
    channels = 1 if array.ndim == 1 else int(array.shape[1])
    fmt = AudioFormat(int(sample_rate), channels, encoding)
    msg = AudioChunk(sample_rate=fmt.sample_rate, channels=fmt.channels, encoding=fmt.encoding)
    msg.data = encode_pcm(array, encoding)
    msg.header.frame_id = frame_id
    if stamp is not None:
        msg.header.stamp = stamp
    return msg
