# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""``resonance-robot face`` and ``resonance-robot say``: files written, clear errors."""

import shutil

import cv2
import numpy as np
import pytest
from resonance_robot.cli import main
from resonance_robot.core.audio import read_wav

needs_espeak = pytest.mark.skipif(shutil.which('espeak-ng') is None,
                                  reason='espeak-ng is not installed')


def test_face_writes_the_expression_at_the_requested_size(tmp_path):
    out = tmp_path / 'happy.png'
    assert main(['face', '--expression', 'happy', '--width', '320', '--height', '200',
                 '--out', str(out)]) == 0
    image = cv2.imread(str(out))
    assert image.shape == (200, 320, 3)
    assert (image.min(axis=2) > 235).sum() > 500  # the eyes are drawn


def test_face_sheet_has_a_tile_per_expression(tmp_path):
    sheet = tmp_path / 'sheet.png'
    assert main(['face', '--sheet', str(sheet), '--width', '120', '--height', '80',
                 '--columns', '5']) == 0
    image = cv2.imread(str(sheet))
    assert image.shape[1] > 5 * 120 and image.shape[0] > 2 * 80  # 10 expressions, 2 rows
    assert image.shape[0] < 3 * 80


def test_face_animation_is_a_gif_of_moving_frames(tmp_path):
    import imageio.v3 as imageio

    gif = tmp_path / 'talk.gif'
    assert main(['face', '-e', 'excited', '--speaking', '--animate', str(gif),
                 '--seconds', '1', '--fps', '10', '--width', '96', '--height', '64']) == 0
    frames = imageio.imread(str(gif), index=None)
    assert frames.shape[1:3] == (64, 96) and len(frames) >= 5  # still frames are merged
    durations = [imageio.immeta(str(gif), index=i)['duration'] for i in range(len(frames))]
    assert sum(durations) == pytest.approx(1000.0, abs=20.0)  # ms: one second in all
    assert np.abs(frames[-1].astype(int) - frames[0].astype(int)).mean() > 1.0


def test_unknown_expression_is_a_clear_error(tmp_path, capsys):
    assert main(['face', '--expression', 'smirk', '--out', str(tmp_path / 'x.png')]) == 2
    err = capsys.readouterr().err
    assert "unknown expression 'smirk'; valid: neutral, happy, sad" in err
    assert main(['face', '--expression', 'happy']) == 2
    assert '--out FILE.png' in capsys.readouterr().err


def test_out_of_range_valence_is_clamped_with_a_note(tmp_path, capsys):
    assert main(['face', '--valence', 'nan', '--arousal', '3', '--out',
                 str(tmp_path / 'x.png')]) == 0
    out = capsys.readouterr().out
    assert 'clamped valence nan -> 0' in out and 'clamped arousal 3.0 -> 1' in out


@needs_espeak
def test_say_writes_a_wav_in_the_style(tmp_path):
    calm, cheerful = tmp_path / 'calm.wav', tmp_path / 'cheerful.wav'
    text = 'It is good to see you again.'
    assert main(['say', text, '--style', 'calm', '--out', str(calm)]) == 0
    assert main(['say', text, '--style', 'cheerful', '--out', str(cheerful)]) == 0
    calm_wav, cheerful_wav = read_wav(calm), read_wav(cheerful)
    assert calm_wav.sample_rate == 22050 and 1.0 < calm_wav.duration < 5.0
    assert calm_wav.duration > cheerful_wav.duration


@needs_espeak
def test_say_speaks_text_that_looks_like_an_option(tmp_path):
    out = tmp_path / 'dash.wav'
    assert main(['say', '--out', str(out), '--', '--help; rm -rf /']) == 0
    assert read_wav(out).duration > 0.8


def test_say_errors_name_the_fix(tmp_path, capsys):
    assert main(['say', 'hi', '--style', 'sarcastic', '--out', str(tmp_path / 'x.wav')]) == 2
    assert 'valid: neutral, calm, warm, cheerful, firm' in capsys.readouterr().err
    assert main(['say', 'hi', '--executable', str(tmp_path / 'none'), '--out',
                 str(tmp_path / 'x.wav')]) == 2
    assert 'apt install espeak-ng' in capsys.readouterr().err
    assert main(['say', '   ', '--out', str(tmp_path / 'x.wav')]) == 2
    assert 'nothing to say' in capsys.readouterr().err
