# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""tools/eval_baseline.py on a tiny labelled folder made of the demo faces (no shared data)."""

import importlib.util
import json
import pathlib

import cv2
import numpy as np
from resonance_robot.paths import data_dir

TOOL = pathlib.Path(__file__).resolve().parents[2] / 'tools' / 'eval_baseline.py'


def _tool():
    spec = importlib.util.spec_from_file_location('eval_baseline', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_joy_is_not_absorbed_and_grief_stays_negative_on_the_demo_faces(tmp_path):
    from skimage.data import astronaut

    faces = data_dir() / 'faces'
    (tmp_path / 'happy').mkdir()
    cv2.imwrite(str(tmp_path / 'happy' / 'astronaut.jpg'),
                cv2.cvtColor(np.ascontiguousarray(astronaut()), cv2.COLOR_RGB2BGR))
    lines = ['path,label', 'happy/astronaut.jpg,happy']
    for label in ('neutral', 'sad'):
        (tmp_path / label).mkdir()
        (tmp_path / label / f'{label}.jpg').write_bytes((faces / f'{label}.jpg').read_bytes())
        lines.append(f'{label}/{label}.jpg,{label}')
    (tmp_path / 'labels.csv').write_text('\n'.join(lines) + '\n')
    out = tmp_path / 'figures.json'
    assert _tool().main([str(tmp_path), '--json', str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures['photos'] == {'happy': 1, 'neutral': 1, 'sad': 1}
    joy = figures['joy_then_straight']
    assert joy['joy_mean_valence'] > 0.5 and abs(joy['baseline_after_joy']) < 0.05
    assert figures['grief']['last_minute_mean_valence'] < -0.3


def test_a_folder_without_the_three_classes_is_refused(tmp_path, capsys):
    (tmp_path / 'labels.csv').write_text('path,label\nangry/a.jpg,angry\n')
    assert _tool().main([str(tmp_path)]) == 2
    assert 'no happy, neutral or sad photos' in capsys.readouterr().err
