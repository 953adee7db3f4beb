# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The face benchmark runs end to end on a few frames and reports what it promises."""

import json

import pytest
from resonance_robot import cli


def _bench(capsys, *options):
    assert cli.main(['bench', 'faces', '--json', '-', '--warmup', '1', *options]) == 0
    return json.loads(capsys.readouterr().out)['figures']


def test_pipeline_benchmark_reports_fps_latency_and_memory(capsys):
    figures = _bench(capsys, '--frames', '4')
    assert figures['mode'] == 'pipeline' and figures['frame'] == '640x480 rgb8'
    for key, faces in (('1_face', 1), ('5_faces', 5)):
        scene = figures[key]
        assert scene['frames'] == 4
        assert scene['faces_found_mean'] >= faces - 1  # the synthetic faces are found
        assert 0 < scene['p50_ms'] <= scene['p95_ms'] <= scene['max_ms']
        assert scene['fps'] > 0 and isinstance(scene['meets_target'], bool)
        assert 'fps >= ' in scene['target']
    assert figures['rss_mb'] > 50 and figures['peak_rss_mb'] >= figures['rss_mb']


@pytest.mark.ros
@pytest.mark.parametrize('executor', ['runner', 'single'])
def test_ros_benchmark_goes_through_the_node(capsys, executor):
    figures = _bench(capsys, '--ros', '--frames', '6', '--faces', '1', '--rate', '15',
                     '--executor', executor)
    scene = figures['1_face']
    assert figures['mode'] == 'ros node' and scene['executor'] == executor
    assert 1 <= scene['answered'] == scene['frames'] <= 6 and scene['frames_sent'] == 6
    assert scene['faces_found_mean'] == 1.0 and scene['p50_ms'] > 0


def test_bad_face_counts_are_refused_with_one_line(capsys):
    assert cli.main(['bench', 'faces', '--faces', '9']) == 2
    assert '--faces must list counts from 1 to 8' in capsys.readouterr().err
