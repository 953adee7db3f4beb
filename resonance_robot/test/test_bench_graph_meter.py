# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""bench graph's meter: stage and hop latencies matched by the camera frame's stamp."""

import time
from types import SimpleNamespace

import pytest
from resonance_robot.bench.graph_meter import GraphMeter, plot_histograms
from resonance_robot.conversions.common import seconds_to_time


def _msg(stamp):
    return SimpleNamespace(header=SimpleNamespace(stamp=seconds_to_time(stamp)))


def test_hops_split_the_path_and_repeats_of_the_same_evidence_do_not_count(tmp_path):
    meter = GraphMeter(time.monotonic())
    meter.measuring.set()
    for i in range(20):
        stamp = 100.0 + i / 30.0
        meter.sent(stamp)
        time.sleep(0.002)
        meter.on_message('faces', _msg(stamp))
        time.sleep(0.001)
        meter.on_message('persons', _msg(stamp))
        meter.on_message('persons', _msg(stamp))  # a timer republish: not new latency
        if i % 2 == 0:  # the tree answers every other frame
            time.sleep(0.001)
            meter.on_message('face_expression', _msg(stamp))
    meter.on_message('faces', _msg(5.0))  # a frame the bench did not send: ignored
    assert meter.frames_sent == 20
    hops = meter.breakdown()
    camera = hops['camera->faces (face_affect)']
    fusion = hops['faces->persons (affect_fusion)']
    tree = hops['persons->face_expression (social_behavior)']
    assert camera['count'] == 20 and fusion['count'] == 20 and tree['count'] == 10
    assert camera['p50_ms'] >= 2.0 and fusion['p50_ms'] >= 1.0 and tree['p50_ms'] >= 1.0
    whole = meter.latencies['face_expression'].summary().as_ms()
    assert whole['p50_ms'] == pytest.approx(
        camera['p50_ms'] + fusion['p50_ms'] + tree['p50_ms'], abs=2.0)
    samples = meter.samples_ms()
    assert len(samples['camera->face_expression']) == 10
    plot_histograms(samples, tmp_path / 'hops.png', 'test')
    assert (tmp_path / 'hops.png').stat().st_size > 5000


@pytest.mark.ros
def test_bench_graph_follows_frames_through_a_split_layout_with_a_talker(tmp_path):
    import json
    import shutil

    from resonance_robot.cli import main

    if shutil.which('espeak-ng') is None:
        pytest.skip('the --load talker needs espeak-ng')
    out = tmp_path / 'graph.json'
    assert main(['bench', 'graph', '--seconds', '4', '--layout', 'split', '--load',
                 '--plot', str(tmp_path / 'hops.png'), '--json', str(out)]) == 0
    figures = json.loads(out.read_text())
    figures = figures.get('figures', figures)
    assert figures['layout'] == 'split' and figures['load'] == 'talker on audio'
    assert figures['frames_sent'] > 60  # camera_source played the frames at ~30 fps
    whole = figures['latency_face_expression']
    assert whole['count'] > 30 and whole['answered'] > 0.3
    hops = figures['hops']
    assert set(hops) == {'camera->faces (face_affect)', 'faces->persons (affect_fusion)',
                         'persons->face_expression (social_behavior)'}
    assert all(h['count'] > 0 and h['p50_ms'] >= 0.0 for h in hops.values())
    assert figures['isolated_faces']['count'] == 90
    assert figures['rss_mb'] > 100.0  # the stack's two processes, measured
    assert (tmp_path / 'hops.png').stat().st_size > 5000
