# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Stand-in camera and microphone sources: images, folders, videos, WAV files, bad specs."""

import cv2
import numpy as np
import pytest
from resonance_robot.core.audio import write_wav
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.sources.camera import fit_size, open_frame_source, read_image
from resonance_robot.core.sources.microphone import open_audio_source, WavSource
from resonance_robot.core.sources.playback_clock import PlaybackClock


def _png(path, value):
    image = np.full((24, 32, 3), value, np.uint8)
    assert cv2.imwrite(str(path), image)
    return image


def test_nothing_is_none():
    assert open_frame_source('') is None
    assert open_audio_source('  ', 16000, 480) is None


def test_single_image_repeats(tmp_path):
    image = _png(tmp_path / 'a.png', 100)
    source = open_frame_source(str(tmp_path / 'a.png'))
    for _ in range(3):
        np.testing.assert_array_equal(source.read(), image)


def test_folder_plays_in_name_order_and_loops_or_ends(tmp_path):
    _png(tmp_path / 'b.png', 20)
    _png(tmp_path / 'a.png', 10)
    (tmp_path / 'notes.txt').write_text('not an image')
    looping = open_frame_source(str(tmp_path), loop=True)
    assert [int(looping.read()[0, 0, 0]) for _ in range(3)] == [10, 20, 10]
    once = open_frame_source(str(tmp_path), loop=False)
    assert [int(once.read()[0, 0, 0]) for _ in range(2)] == [10, 20]
    assert once.read() is None


def test_video_file_plays_and_loops(tmp_path):
    path = tmp_path / 'clip.avi'
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), 10.0, (32, 24))
    for value in (0, 120, 240):
        writer.write(np.full((24, 32, 3), value, np.uint8))
    writer.release()
    source = open_frame_source(str(path), loop=True)
    means = [float(source.read().mean()) for _ in range(4)]
    assert means[0] < 20 and 100 < means[1] < 140 and means[2] > 220 and means[3] < 20
    source.close()


def test_builtin_astronaut_is_a_colour_photo():
    frame = open_frame_source('builtin:astronaut').read()
    assert frame.shape == (512, 512, 3) and frame.dtype == np.uint8


@pytest.mark.parametrize('spec,reason', [
    ('/no/such/file.png', 'no such file or folder'),
    ('builtin:moon', "no builtin image 'moon'; builtin: astronaut"),
    ('webcam:x', 'webcam index must be a number'),
])
def test_bad_frame_specs_say_why(spec, reason):
    with pytest.raises(InvalidInput, match=reason):
        open_frame_source(spec)


def test_unreadable_and_unknown_files_say_why(tmp_path):
    (tmp_path / 'broken.png').write_bytes(b'not a png')
    with pytest.raises(InvalidInput, match='not an image OpenCV can read'):
        open_frame_source(str(tmp_path / 'broken.png'))
    (tmp_path / 'data.csv').write_text('1,2')
    with pytest.raises(InvalidInput, match="unknown file type '.csv'"):
        open_frame_source(str(tmp_path / 'data.csv'))
    (tmp_path / 'empty').mkdir()
    with pytest.raises(InvalidInput, match='no images'):
        open_frame_source(str(tmp_path / 'empty'))
    with pytest.raises(InvalidInput, match='no image file'):
        read_image(tmp_path / 'none.png')


def test_fit_size_scales_keeping_aspect():
    image = np.zeros((100, 200, 3), np.uint8)
    assert fit_size(image, 0, 0) is image
    assert fit_size(image, 100, 0).shape == (50, 100, 3)
    assert fit_size(image, 0, 25).shape == (25, 50, 3)
    assert fit_size(image, 64, 48).shape == (48, 64, 3)


def test_wav_source_resamples_chunks_pads_then_is_silent(tmp_path):
    t = np.arange(4410) / 44100.0
    write_wav(tmp_path / 'x.wav', 0.5 * np.sin(2 * np.pi * 300 * t), 44100)  # 0.1 s
    source = open_audio_source(str(tmp_path / 'x.wav'), 16000, 480)
    assert isinstance(source, WavSource)
    chunks = [source.read() for _ in range(5)]
    assert all(c.shape == (480,) and c.dtype == np.float32 for c in chunks)
    assert np.abs(chunks[0]).max() > 0.4  # the tone
    assert source.finished
    assert not chunks[4].any()  # silence after 1600 samples = 3.3 chunks


def test_wav_source_loops(tmp_path):
    write_wav(tmp_path / 'x.wav', np.full(800, 0.25, np.float32), 16000)
    source = WavSource(tmp_path / 'x.wav', 16000, 400, loop=True)
    assert all(np.abs(source.read()).max() > 0.2 for _ in range(5))
    assert not source.finished


def test_bad_audio_specs_say_why(tmp_path):
    with pytest.raises(InvalidInput, match='no such audio file'):
        open_audio_source(str(tmp_path / 'none.wav'), 16000, 480)
    (tmp_path / 'song.mp3').write_bytes(b'ID3' + bytes(200))
    with pytest.raises(InvalidInput, match='not a WAV file'):
        open_audio_source(str(tmp_path / 'song.mp3'), 16000, 480)
    write_wav(tmp_path / 'empty.wav', np.zeros(0, np.float32), 16000)
    with pytest.raises(InvalidInput, match='holds no samples'):
        open_audio_source(str(tmp_path / 'empty.wav'), 16000, 480)
    with pytest.raises(InvalidInput, match='microphone index'):
        open_audio_source('mic:left', 16000, 480)


class _Counting:
    """A source of frames whose pixel value is the frame number."""

    description = 'counting'

    def __init__(self, frames):
        self._frames = frames
        self._next = 0

    def read(self):
        if self._next >= self._frames:
            return None
        self._next += 1
        return np.full((2, 2, 3), self._next - 1, np.uint8)

    def close(self):
        pass


def _values(playback, times):
    return [int(playback.frame(t)[0, 0, 0]) for t in times]


def test_playback_keeps_the_source_frame_rate_whatever_the_camera_rate():
    from resonance_robot.core.sources.camera import Playback

    playback = Playback(_Counting(100), fps=10.0)  # a 10 fps video, camera at 30 Hz
    assert _values(playback, [i / 30.0 for i in range(9)]) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert _values(playback, [2.0]) == [20]  # a late call skips frames, never plays slow


def test_playback_without_a_rate_advances_per_call_and_holds_the_last_frame():
    from resonance_robot.core.sources.camera import Playback

    playback = Playback(_Counting(3))
    assert _values(playback, [0.0, 0.0, 0.0, 0.0, 5.0]) == [0, 1, 2, 2, 2]
    assert playback.ended
    with pytest.raises(InvalidInput, match='frame rate'):
        Playback(_Counting(1), fps=-1.0)


def test_playback_clock_keeps_the_files_timeline_when_chunks_are_sent_late_or_in_a_burst():
    clock = PlaybackClock(max_lag=0.5)
    # chunks of 0.03 s sent at a jittery pace: three on time, one 0.2 s late, two in a burst
    sent = [0.03, 0.06, 0.09, 0.32, 0.321, 0.322]
    stamps = [clock.stamp(now, 0.03) for now in sent]
    assert stamps == pytest.approx([0.0, 0.03, 0.06, 0.09, 0.12, 0.15])
    # what was said over the last five chunks lasts as long as in the file, not 0.26 s or 0.002 s
    assert stamps[-1] - stamps[1] == pytest.approx(0.12)


def test_playback_clock_starts_over_after_a_stall_or_a_reset():
    clock = PlaybackClock(max_lag=0.5)
    assert clock.stamp(10.0, 0.1) == pytest.approx(9.9)
    assert clock.stamp(10.1, 0.1) == pytest.approx(10.0)
    # a 2 s stall: a listener hears a gap, so the timeline starts again from the wall clock
    assert clock.stamp(12.2, 0.1) == pytest.approx(12.1)
    # a sender running far ahead of the timeline does not stamp into the future
    for _ in range(3):
        clock.stamp(12.2, 0.3)
    assert clock.stamp(12.2, 0.3) <= 12.2
    clock.reset()
    assert clock.stamp(20.0, 0.05) == pytest.approx(19.95)


def test_playback_clock_rejects_what_cannot_be():
    with pytest.raises(ValueError, match='max_lag'):
        PlaybackClock(max_lag=0.0)
    with pytest.raises(ValueError, match='cannot last'):
        PlaybackClock().stamp(0.0, -0.1)
