# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""``resonance-robot faces``: one image, a labelled folder, a plain folder, bad paths."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import cv2
import numpy as np
import pytest
from resonance_robot import cli
from resonance_robot.core.perception.face.samples import astronaut, background

VENV_BIN = pathlib.Path(sys.executable).parent


@pytest.fixture(scope='module')
def astronaut_png(tmp_path_factory):
    path = tmp_path_factory.mktemp('faces') / 'astronaut.png'
    cv2.imwrite(str(path), astronaut())
    return path


def _run(capsys, *argv):
    status = cli.main(['faces', *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_astronaut_reads_happy_with_positive_valence(astronaut_png, capsys):
    status, out, _ = _run(capsys, str(astronaut_png), '--json')
    assert status == 0
    result = json.loads(out)
    assert (result['width'], result['height']) == (512, 512)
    (face,) = result['faces']
    assert face['detected'] and face['expression'] == 'happy'
    assert face['valence'] > 0.5 and face['probabilities']['happy'] > 0.9
    x, y, w, h = face['box']
    assert 150 < x + w / 2 < 300 and 60 < y + h / 2 < 180  # on the astronaut's head
    status, text, _ = _run(capsys, str(astronaut_png))
    assert status == 0 and 'happy' in text and 'valence +0.' in text


@pytest.mark.slow
def test_the_installed_command_reads_the_astronaut(astronaut_png):
    command = shutil.which('resonance-robot', path=str(VENV_BIN)) or 'resonance-robot'
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    result = subprocess.run([command, 'faces', str(astronaut_png), '--json'],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    (face,) = json.loads(result.stdout)['faces']
    assert face['expression'] == 'happy' and face['valence'] > 0


def _fer_folder(root):
    """Write a FER2013-style folder: 48×48 grey crops, happy ones and upside-down ones."""
    grey = cv2.cvtColor(astronaut(), cv2.COLOR_BGR2GRAY)
    rng = np.random.default_rng(0)
    for label, flip in (('happy', False), ('sad', True), ('surprise', True)):
        (root / label).mkdir(parents=True)
        for i in range(4):
            dx, dy = rng.integers(-6, 7, 2)
            crop = grey[60 + dy:180 + dy, 165 + dx:285 + dx]
            crop = np.flipud(crop) if flip else crop
            cv2.imwrite(str(root / label / f'{i}.png'),
                        cv2.resize(crop, (48, 48), interpolation=cv2.INTER_AREA))
    (root / 'notes').mkdir()  # not a class: ignored
    (root / 'happy' / 'readme.txt').write_text('not an image')


def test_a_labelled_folder_gets_accuracy_recall_and_confusion(tmp_path, capsys):
    _fer_folder(tmp_path)
    status, out, err = _run(capsys, str(tmp_path), '--json')
    assert status == 0
    result = json.loads(out)
    assert result['images'] == 12 and result['read_whole_image'] == 12
    classes = result['classes']
    confusion = np.array(result['confusion'])
    assert confusion.sum() == 12
    assert confusion[classes.index('happy')].tolist() == [0, 0, 0, 4, 0, 0, 0]
    assert confusion[classes.index('surprise')].sum() == 4
    assert result['accuracy'] == pytest.approx(np.trace(confusion) / 12, abs=1e-4)
    assert result['recall']['happy'] == 1.0 and result['recall']['angry'] is None
    assert result['support']['sad'] == 4 and result['images_per_s'] > 0
    assert '12/12' in err  # the progress bar
    status, text, _ = _run(capsys, str(tmp_path), '--no-progress')
    assert status == 0 and 'accuracy' in text and 'confusion' in text


def test_a_plain_folder_reads_every_image(tmp_path, capsys):
    cv2.imwrite(str(tmp_path / 'a.png'), astronaut())
    cv2.imwrite(str(tmp_path / 'b.jpg'), background())
    status, out, _ = _run(capsys, str(tmp_path), '--json', '--mode', 'detect')
    assert status == 0
    a, b = json.loads(out)
    assert len(a['faces']) == 1 and b['faces'] == []


def test_bad_paths_fail_with_one_line(tmp_path, capsys):
    status, _, err = _run(capsys, str(tmp_path / 'missing.png'))
    assert status == 2 and 'no such file or folder' in err
    (tmp_path / 'x.png').write_bytes(b'not a png')
    status, _, err = _run(capsys, str(tmp_path / 'x.png'))
    assert status == 2 and 'not an image' in err
